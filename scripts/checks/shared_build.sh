#!/usr/bin/env bash
# docs/cpp.md's shared-library claim: with -DBUILD_SHARED_LIBS=ON the library
# and the command build, install, and serve a downstream project. Configures
# and builds the library and the `orbax-options` command (no tests, examples
# or benchmarks) into a temporary tree, then runs tests/consumer_test.sh on
# it with LINKAGE=shared: install, move the prefix, build tests/consumer/
# with find_package and a program with pkg-config, run both and the
# installed command, and check that the private dependencies are in the .pc
# file's Requires.private.
#
# A whole second build (a minute or two on two cores), so it runs here,
# after ctest (scripts/test.sh), rather than in ctest.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "shared_build: configuring and building with -DBUILD_SHARED_LIBS=ON"
cmake -S . -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILD_SHARED_LIBS=ON -DORBAX_OPTIONS_BUILD_TESTS=OFF \
  -DORBAX_OPTIONS_BUILD_EXAMPLES=OFF -DORBAX_OPTIONS_BUILD_BENCHMARKS=OFF \
  -DORBAX_OPTIONS_INSTALL=ON >"$tmp/configure.log" ||
  { cat "$tmp/configure.log" >&2; exit 1; }
cmake --build "$tmp/build" -j2 >"$tmp/build.log" ||
  { cat "$tmp/build.log" >&2; exit 1; }
for lib in core config; do
  [ -f "$tmp/build/src/liborbax_options_$lib.so" ] || {
    echo "shared_build: FAIL: no src/liborbax_options_$lib.so was built" >&2
    exit 1
  }
done

status=0
bash tests/consumer_test.sh "$tmp/build" "$PWD" 1 shared \
  >"$tmp/consumer.log" 2>&1 || status=$?
if [ "$status" -eq 0 ]; then
  tail -n 1 "$tmp/consumer.log"
  echo "shared_build: ok"
  exit 0
fi
cat "$tmp/consumer.log" >&2
echo "shared_build: FAIL: consumer_test exited $status" >&2
exit 1
