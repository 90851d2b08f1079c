#!/usr/bin/env bash
# README's run command: sets up, builds, then shows the effective options and
# the fingerprint of an example config (examples/multihost_subset.textproto by
# default; pass another config file to use it instead).
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:-examples/multihost_subset.textproto}
bash scripts/setup.sh
bash scripts/build.sh
command=${BUILD_DIR:-build}/src/orbax-options

echo "== orbax-options show --effective $example"
"$command" show --effective "$example"
echo
echo "== orbax-options fingerprint $example"
"$command" fingerprint "$example"
