#!/usr/bin/env bash
# The package as Python users install it: into a fresh venv,
#
#   pip install SOURCE_DIR     (build isolation: scikit-build-core, pybind11
#                               and grpcio-tools from PyPI, as pyproject.toml
#                               pins them; protobuf from PyPI)
#   pip wheel SOURCE_DIR       (the wheel's metadata)
#
# Then, from an unrelated directory: `import orbax_options` with warnings as
# errors loads an example to the command's fingerprint; without
# orbax-checkpoint, to_orbax() says which extra to install; the wheel holds
# the package alone and declares what the tests run (Requires-Python, the
# protobuf range, the `orbax` extra).
#
# scikit-build-core's build directory (WORK_DIR/build) is kept between runs,
# so only the first run compiles the library; the venv is made anew each run.
# Needs PyPI (or pip's cache).
# Usage: pip_install_test.sh SOURCE_DIR PYTHON WORK_DIR ORBAX_OPTIONS_CLI
set -euo pipefail
source_dir=$1
python=$2
work=$3
cli=$4

fail() { echo "pip_install_test: FAIL: $*" >&2; exit 1; }

mkdir -p "$work"
rm -rf "$work/venv" "$work/dist"
"$python" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip --disable-pip-version-check --quiet)
build_dir=(--config-settings=build-dir="$work/build")
"${pip[@]}" install "${build_dir[@]}" "$source_dir" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log" >&2; fail "pip install $source_dir"; }

example="$source_dir/examples/multihost_subset.textproto"
want=$("$cli" fingerprint "$example")
cd "$(mktemp -d)"
got=$("$work/venv/bin/python" -W error - "$example" "$work/venv" <<'PY'
import importlib.metadata
import os
import sys

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2

example, venv = sys.argv[1:]
package = os.path.dirname(orbax_options.__file__)
assert os.path.realpath(package).startswith(os.path.realpath(venv)), package
for name in ("py.typed", "_core.pyi", "__init__.py", "v1/options_pb2.py",
             "v1/options_pb2.pyi", "v1/checkpoint_manager_options_pb2.py",
             "v1/checkpoint_manager_options_pb2.pyi", "v1/context_pb2.py",
             "v1/context_pb2.pyi"):
  assert os.path.exists(os.path.join(package, name)), name
assert not any(n.endswith(".cc") for n in os.listdir(package))
# protobuf from PyPI, in the range the package claims.
version = tuple(int(p) for p in importlib.metadata.version("protobuf").split(".")[:3])
assert (7, 35, 1) <= version < (8,), version
manager = checkpoint_manager_options_pb2.CheckpointManagerOptions()
manager.async_options.timeout_secs = 60  # A field of options.proto's.
assert manager.async_options.DESCRIPTOR is options_pb2.AsyncOptions.DESCRIPTOR
config = orbax_options.load(example)
assert isinstance(config.effective, options_pb2.CheckpointOptions)
# No orbax-checkpoint here: the error names the extra.
try:
  orbax_options.to_orbax(config.effective)
except ImportError as e:
  assert "orbax-options[orbax]" in str(e), e
else:
  raise AssertionError("to_orbax() without orbax-checkpoint")
print(config.fingerprint)
PY
) || fail "import from the venv"
[ "$got" = "$want" ] || fail "fingerprint $got, want $want"

# The wheel: its metadata, and nothing but the package in it.
"${pip[@]}" wheel --no-deps "${build_dir[@]}" --wheel-dir "$work/dist" \
  "$source_dir" >"$work/wheel.log" 2>&1 ||
  { cat "$work/wheel.log" >&2; fail "pip wheel $source_dir"; }
"$work/venv/bin/python" - "$work/dist" <<'PY' || fail "the wheel"
import email
import glob
import sys
import zipfile

wheels = glob.glob(f"{sys.argv[1]}/orbax_options-*.whl")
assert len(wheels) == 1, wheels
with zipfile.ZipFile(wheels[0]) as wheel:
  names = wheel.namelist()
  metadata_name, = [n for n in names if n.endswith(".dist-info/METADATA")]
  metadata = email.message_from_bytes(wheel.read(metadata_name))
assert metadata["Requires-Python"] == "<3.12,>=3.11", metadata["Requires-Python"]
requires = sorted(metadata.get_all("Requires-Dist"))
assert requires == [
    'orbax-checkpoint<0.13,>=0.12.8; extra == "orbax"',
    "protobuf<8,>=7.35.1",
], requires
assert metadata.get_all("Provides-Extra") == ["orbax"], metadata.get_all("Provides-Extra")
packaged = {n.split("/")[0] for n in names}
assert packaged == {"orbax_options", metadata_name.split("/")[0]}, packaged
assert any(n.startswith("orbax_options/_core.") and n.endswith(".so") for n in names)
assert "orbax_options/v1/checkpoint_manager_options_pb2.py" in names
print("pip_install_test: wheel", wheels[0].rsplit("/", 1)[-1])
PY
"${pip[@]}" uninstall --yes orbax-options || fail "pip uninstall"
echo "pip_install_test: ok ($got)"
