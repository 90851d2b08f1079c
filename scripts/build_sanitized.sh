#!/usr/bin/env bash
# Configures and builds orbax-options with clang 14 and sanitizers, for
# scripts/checks/sanitizers.sh and scripts/checks/fuzz.sh.
#
#   bash scripts/build_sanitized.sh asan [TARGET...]
#       build-asan/: ASan + UBSan, every error fatal, with libFuzzer's
#       coverage instrumentation so that the fuzz targets (ON here) share the
#       build with the test suite.
#   bash scripts/build_sanitized.sh tsan [TARGET...]
#       build-tsan/: ThreadSanitizer.
#
# With no TARGET, builds everything. Builds at -O1 with line tables: fast to
# build, fast enough to run, and readable stack traces.
#
# The Python package is left out: an instrumented extension module can't load
# into the venv's uninstrumented python (the sanitizer runtime must be in
# the executable), and preloading the runtime into Python breaks the
# instrumented commands that the Python tests start. The C++ the module wraps
# runs instrumented through the C++ tests; the Python tests run in the plain
# build.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:?usage: build_sanitized.sh asan|tsan [TARGET...]}
shift
case "$kind" in
  asan)
    flags="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
    extra=(-DORBAX_OPTIONS_BUILD_FUZZERS=ON)
    ;;
  tsan)
    flags="-fsanitize=thread"
    extra=()
    ;;
  *) echo "build_sanitized.sh: unknown kind '$kind' (asan or tsan)" >&2; exit 2 ;;
esac

build_dir=build-$kind
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only -fno-omit-frame-pointer $flags" \
  -DCMAKE_EXE_LINKER_FLAGS_SANITIZE="$flags" \
  -DCMAKE_SHARED_LINKER_FLAGS_SANITIZE="$flags" \
  -DORBAX_OPTIONS_BUILD_TESTS=ON -DORBAX_OPTIONS_BUILD_EXAMPLES=ON \
  -DORBAX_OPTIONS_BUILD_BENCHMARKS=OFF -DORBAX_OPTIONS_BUILD_PYTHON=OFF \
  "${extra[@]}" >/dev/null

targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j2 "${targets[@]}"
