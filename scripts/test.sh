#!/usr/bin/env bash
# Sets up, builds and runs every test: the ctest suite, then each extra check
# in scripts/checks/ (sanitizer builds, fuzzing, schema lint, ...). This is
# README's test command, and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Asked for, so required: a missing GoogleTest or gRPC fails here, loudly,
# instead of leaving tests out.
bash scripts/build.sh -DORBAX_OPTIONS_BUILD_TESTS=ON -DORBAX_OPTIONS_BUILD_EXAMPLES=ON \
  -DORBAX_OPTIONS_BUILD_PYTHON=ON
ctest --test-dir build --output-on-failure --no-tests=error -j2
for check in scripts/checks/*.sh; do
  [ -e "$check" ] || continue
  echo "== $check"
  bash "$check"
done
