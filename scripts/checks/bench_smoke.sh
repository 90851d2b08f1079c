#!/usr/bin/env bash
# Smoke test of the benchmark suite (bench/): builds it and runs every
# benchmark once, briefly (loading scaling up to n = 10^4 only), through
# bench/report.py, so that the suite and the report keep working. It fails
# only if the suite does not build, a benchmark crashes or reports an error,
# or the report cannot read the results; it never checks a timing. Real
# numbers: docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${BUILD_DIR:-build}

# Reuses the tree that test.sh built, making sure the suite is part of it.
BUILD_DIR="$build_dir" bash scripts/build.sh -DORBAX_OPTIONS_BUILD_BENCHMARKS=ON

# The report of so short a run is noise; it is shown only to prove that the
# report reads the results.
# Loading scaling stops at 10^4, and leaves out any size predicted to take
# over a second per load: a quadratic path takes minutes at 10^5.
python3 bench/report.py --no-build --quiet \
  --bench "$build_dir/bench/orbax_options_bench" \
  --min-time 0.001 --repetitions 1 \
  --scaling-max-n 10000 --scaling-budget 1
echo "bench_smoke: every benchmark ran, loading scaling up to n = 10^4 (timings not checked)"

# The Python benchmark of to_orbax() and from_orbax(), once, briefly, with
# the project venv's Python (it has orbax-checkpoint).
if [ -x .venv/bin/python ]; then
  JAX_PLATFORMS=cpu PYTHONPATH="$build_dir/python" \
    .venv/bin/python bench/python_orbax_bench.py --quick >/dev/null
  echo "bench_smoke: bench/python_orbax_bench.py ran (timings not checked)"
  # And loads() against C++, whose baseline is a module of its own.
  cmake --build "$build_dir" --target orbax_options_bench_core >/dev/null
  .venv/bin/python bench/python_bench.py --no-build --build-dir "$build_dir" \
    --repetitions 1 --min-time 0.001 >/dev/null
  echo "bench_smoke: bench/python_bench.py ran (timings not checked)"
else
  echo "bench_smoke: bench/python_orbax_bench.py skipped: no .venv/bin/python (scripts/setup.sh makes it)"
fi
