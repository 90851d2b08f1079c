#!/usr/bin/env bash
# The package's pip route: `pip install --no-build-isolation --no-index .`
# from the repository root into a fresh `python3 -m venv
# --system-site-packages` venv, offline, with Debian's setuptools driving
# CMake (setup.py). Then `import orbax_options` from an unrelated directory
# loads an example to the command's fingerprint.
#
# The CMake build directory (WORK_DIR/cmake) is kept between runs, so only
# the first run compiles the library; the venv is made anew each run.
# Usage: pip_install_test.sh SOURCE_DIR PYTHON WORK_DIR ORBAX_OPTIONS_CLI
set -euo pipefail
source_dir=$1
python=$2
work=$3
cli=$4

fail() { echo "pip_install_test: FAIL: $*" >&2; exit 1; }

mkdir -p "$work"
rm -rf "$work/venv"
"$python" -m venv --system-site-packages "$work/venv"
ORBAX_OPTIONS_CMAKE_BUILD_DIR="$work/cmake" CMAKE_BUILD_PARALLEL_LEVEL=2 \
  "$work/venv/bin/pip" install --no-build-isolation --no-index \
  --disable-pip-version-check --quiet "$source_dir" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log" >&2; fail "pip install"; }

example="$source_dir/examples/multihost_subset.textproto"
want=$("$cli" fingerprint "$example")
cd "$(mktemp -d)"
got=$("$work/venv/bin/python" - "$example" "$work/venv" <<'PY'
import os
import sys

import orbax_options
from orbax_options.v1 import options_pb2

example, venv = sys.argv[1:]
package = os.path.dirname(orbax_options.__file__)
assert package.startswith(os.path.realpath(venv)) or package.startswith(venv), package
for name in ("py.typed", "_core.pyi", "__init__.py", "v1/options_pb2.py",
             "v1/options_pb2.pyi", "v1/checkpoint_manager_options_pb2.py",
             "v1/checkpoint_manager_options_pb2.pyi"):
  assert os.path.exists(os.path.join(package, name)), name
assert not any(n.endswith(".cc") for n in os.listdir(package))
from orbax_options.v1 import checkpoint_manager_options_pb2
manager = checkpoint_manager_options_pb2.CheckpointManagerOptions()
manager.async_options.timeout_secs = 60  # A field of options.proto's.
assert manager.async_options.DESCRIPTOR is options_pb2.AsyncOptions.DESCRIPTOR
config = orbax_options.load(example)
assert isinstance(config.effective, options_pb2.CheckpointOptions)
print(config.fingerprint)
PY
) || fail "import from the venv"
[ "$got" = "$want" ] || fail "fingerprint $got, want $want"
"$work/venv/bin/pip" uninstall --yes --quiet orbax-options ||
  fail "pip uninstall"
echo "pip_install_test: ok ($got)"
