#!/usr/bin/env bash
# Installs what building and testing orbax-options needs: the C++ side from
# Debian's packages, then the Python side from PyPI into the project's
# virtual environment .venv, exactly as python/requirements.lock pins it
# (versions and hashes). Installs only what is missing or changed, so running
# it again changes nothing and needs no network.
#
#   bash scripts/setup.sh
#
# The venv is made with the `python3` first on PATH (CPython 3.11; set
# PYTHON to use another). Refresh the lock with `bash scripts/lock_python.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config
  protobuf-compiler libprotobuf-dev
  libabsl-dev libssl-dev rapidjson-dev
  libgtest-dev libgmock-dev
  libgrpc++-dev protobuf-compiler-grpc
  libbenchmark-dev
  # Sanitizer builds and fuzzing (scripts/checks/): clang, its sanitizer and
  # libFuzzer runtimes, and llvm-symbolizer for readable reports.
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm installs buf (scripts/checks/buf.sh). A Node.js that ships its own npm
# counts; Debian's nodejs needs Debian's npm.
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages are installed"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Python side: .venv from the lock files. A stamp in the venv records
# what it was made from (the interpreter and both locks); when that changes,
# the venv is made anew, so that it holds exactly what the locks say.
venv=.venv
python=${PYTHON:-python3}
locks=(python/requirements.lock python/protobuf-oldest.lock)
command -v "$python" >/dev/null || { echo "setup: no $python on PATH (CPython 3.11)" >&2; exit 1; }
want=$({ "$python" -c 'import sys; print(sys.version)'; cat "${locks[@]}"; } | sha256sum | cut -d' ' -f1)
stamp=$venv/orbax-options-setup.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup: $venv is up to date with ${locks[*]}"
  exit 0
fi
echo "setup: making $venv from ${locks[*]} ($("$python" --version))"
rm -rf "$venv"
"$python" -m venv "$venv" || { echo "setup: '$python -m venv' failed (Debian's python3 needs python3-venv)" >&2; exit 1; }
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --require-hashes --no-deps -r python/requirements.lock
# The oldest protobuf runtime that the package claims, apart, for
# python_protobuf_oldest_test (PYTHONPATH puts it before the venv's own).
"${pip[@]}" install --require-hashes --no-deps --target "$venv/protobuf-oldest" \
  -r python/protobuf-oldest.lock
"${pip[@]}" check >/dev/null || { "${pip[@]}" check >&2; exit 1; }
echo "$want" >"$stamp"
echo "setup: $venv ready ($("$venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null | tail -n +3 | wc -l) packages)"
