#!/usr/bin/env bash
# The type check of the Python package's public surface, with mypy from the
# lock (.venv): `mypy --strict` (tests/python/mypy.ini) over
# tests/python/typing_usage.py, which calls every public function with typed
# values, and so over the built package it imports (build/python); mypy's
# stubtest checks the extension's stub (_core.pyi) against the module; and
# the usage file runs, so that the values are of the types declared.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${BUILD_DIR:-build}
python=$PWD/.venv/bin/python
if [ ! -x "$python" ] || [ ! -d "$build_dir/python/orbax_options" ]; then
  echo "python_types: needs .venv (scripts/setup.sh) and the package built in $build_dir/python" >&2
  exit 1
fi
config=$PWD/tests/python/mypy.ini
usage=$PWD/tests/python/typing_usage.py
# From the package's parent, so that `orbax_options` is the built package;
# no cache, so that a stale one never hides an error.
cd "$build_dir/python"
"$python" -m mypy --config-file "$config" --no-incremental \
  --cache-dir /dev/null "$usage"
"$python" -m mypy.stubtest --mypy-config-file "$config" orbax_options._core
JAX_PLATFORMS=cpu PYTHONPATH=. "$python" "$usage"
echo "python_types: mypy --strict and stubtest passed; typing_usage.py ran"
