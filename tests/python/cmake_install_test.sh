#!/usr/bin/env bash
# The package's CMake route: `cmake --install BUILD_DIR --component python`
# into a temporary prefix places an importable package at
# PREFIX/INSTALL_DIR/orbax_options; from an unrelated directory,
# `import orbax_options` (with PYTHONPATH=PREFIX/INSTALL_DIR) loads an
# example, and a CheckpointManagerOptions example (the installed
# checkpoint_manager_options_pb2), to the command's fingerprints.
# Usage: cmake_install_test.sh BUILD_DIR INSTALL_DIR PYTHON EXAMPLE CLI
#            MANAGER_EXAMPLE
set -euo pipefail
build_dir=$1
install_dir=$2
python=$3
example=$4
cli=$5
manager_example=$6

fail() { echo "cmake_install_test: FAIL: $*" >&2; exit 1; }
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build_dir" --prefix "$prefix" --component python >/dev/null
site="$prefix/$install_dir"
[ -f "$site/orbax_options/__init__.py" ] || fail "nothing at $site/orbax_options"
ls "$site"/orbax_options/_core.*.so >/dev/null || fail "no extension installed"
[ ! -e "$site/orbax_options/_core.cc" ] || fail "installed the C++ source"
[ ! -e "$site/orbax_options/__pycache__" ] || fail "installed __pycache__"

want=$("$cli" fingerprint "$example"
      "$cli" fingerprint --type=CheckpointManagerOptions "$manager_example")
cd /
got=$(PYTHONPATH="$site" "$python" -c '
import sys, orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2 as manager
assert orbax_options.__file__.startswith(sys.argv[1]), orbax_options.__file__
print(orbax_options.load(sys.argv[2]).fingerprint)
print(orbax_options.load(
    sys.argv[3], type=manager.CheckpointManagerOptions).fingerprint)' \
  "$site" "$example" "$manager_example") || fail "import from $site"
[ "$got" = "$want" ] || fail "fingerprints $got, want $want"
echo "cmake_install_test: ok ($site)"
