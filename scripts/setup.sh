#!/usr/bin/env bash
# Installs what building and testing orbax-options needs, from Debian's
# packages. Installs only what is missing, so running it again changes nothing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  protobuf-compiler libprotobuf-dev
  libabsl-dev libssl-dev rapidjson-dev
  libgtest-dev libgmock-dev
  libgrpc++-dev protobuf-compiler-grpc
  python3-protobuf
  libbenchmark-dev python3
  # The Python package (python/): pybind11 and Python's headers to build it;
  # pytest and gRPC to test it; venv, setuptools, wheel and pip for its
  # `pip install --no-build-isolation --no-index .` route.
  pybind11-dev python3-dev python3-pytest python3-grpcio
  python3-venv python3-setuptools python3-wheel python3-pip
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
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
