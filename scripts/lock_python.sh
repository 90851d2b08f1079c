#!/usr/bin/env bash
# Refreshes the Python lock files from their inputs, with pip-tools'
# pip-compile (exact versions and every file's hash):
#
#   python/requirements.in     -> python/requirements.lock   (.venv)
#   python/protobuf-oldest.in  -> python/protobuf-oldest.lock (.venv/protobuf-oldest)
#
#   bash scripts/lock_python.sh
#
# Needs the network (PyPI); scripts/setup.sh then installs what changed.
# pip-tools runs from a throwaway venv, so the project's .venv is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install --quiet --disable-pip-version-check pip-tools==7.7.0
for name in requirements protobuf-oldest; do
  echo "lock_python: python/$name.in -> python/$name.lock"
  # CUSTOM_COMPILE_COMMAND: the header says how to run this again.
  CUSTOM_COMPILE_COMMAND="bash scripts/lock_python.sh" \
    "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
    --strip-extras --no-emit-find-links --no-emit-index-url \
    --output-file "python/$name.lock" "python/$name.in"
done
