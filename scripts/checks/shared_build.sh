#!/usr/bin/env bash
# The README's shared-library claim: with -DBUILD_SHARED_LIBS=ON the library
# and the command build, install, and serve a downstream project. Configures
# and builds the library and the `orbax-options` command (no tests, examples
# or benchmarks) into a temporary tree, then runs tests/consumer_test.sh on
# it with LINKAGE=shared: install, move the prefix, build tests/consumer/
# with find_package and a program with pkg-config, run both and the
# installed command, and check that the private dependencies are in the .pc
# file's Requires.private. Failures known today are listed below.
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
[ -f "$tmp/build/src/liborbax_options.so" ] ||
  { echo "shared_build: FAIL: no src/liborbax_options.so was built" >&2; exit 1; }

# Known failures today, each a fixed string of the FAIL line consumer_test
# prints. Found by this check; the lead is to empty the list once fixed:
#   - liborbax_options.so is installed without a RUNPATH, so it can't find
#     liborbax_options_proto.so next to it when the prefix is not in the
#     loader's path (a program's own RUNPATH does not apply to its libraries'
#     dependencies). Fix: INSTALL_RPATH "$ORIGIN" on the libraries.
#   - The installed command needs liborbax_options_cli.so, which is not
#     installed (add_library(orbax_options_cli ...) has no type, so it turns
#     shared too), and has no RUNPATH to find liborbax_options.so. Fix: make
#     orbax_options_cli STATIC (src/CMakeLists.txt) and give the command
#     INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}".
#   Both fixes together were tried on a copy of the tree: the check passes.
known_failures=(
  "pkg_config_main does not load liborbax_options_proto.so from"
  "installed orbax-options: exit 127"
)

status=0
bash tests/consumer_test.sh "$tmp/build" "$PWD" 1 shared \
  >"$tmp/consumer.log" 2>&1 || status=$?
if [ "$status" -eq 0 ]; then
  tail -n 1 "$tmp/consumer.log"
  if [ "${#known_failures[@]}" -gt 0 ]; then
    echo "shared_build: passes now: empty known_failures in $0"
  fi
  echo "shared_build: ok"
  exit 0
fi
failure=$(grep '^consumer_test: FAIL: ' "$tmp/consumer.log" | tail -n 1 || true)
for known in "${known_failures[@]}"; do
  if [ -n "$failure" ] && [[ $failure == *"$known"* ]]; then
    echo "shared_build: KNOWN FAILURE (see known_failures in $0): $failure"
    exit 0
  fi
done
cat "$tmp/consumer.log" >&2
echo "shared_build: FAIL: consumer_test exited $status" >&2
exit 1
