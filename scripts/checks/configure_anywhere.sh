#!/usr/bin/env bash
# The library configures anywhere: on a machine with only protobuf, Abseil and
# OpenSSL, a plain `cmake -S . -B b && cmake --build b` of the top-level
# project must build the library and the `orbax-options` command, and skip
# each optional part (tests, gRPC examples, benchmarks) with a one-line
# message. This machine has those packages, so the check hides them from
# find_package (CMAKE_DISABLE_FIND_PACKAGE_<Pkg>), then:
#
#   1. configures with nothing asked for, and expects the three skip lines;
#   2. builds the default targets (the whole library: about a minute on two
#      cores) and runs the command it built;
#   3. expects a configure that asks for a hidden part (=ON) to fail, since
#      asked for means required.
#
# Everything happens in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "configure_anywhere: FAIL: $*" >&2; exit 1; }

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
hidden=(
  -DCMAKE_DISABLE_FIND_PACKAGE_gRPC=ON
  -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
  -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
)

# 1. A plain configure.
if ! cmake -S . -B "$tmp/build" "${generator[@]}" "${hidden[@]}" \
    >"$tmp/configure.log" 2>&1; then
  cat "$tmp/configure.log" >&2
  fail "a plain configure failed without gRPC, benchmark and GTest"
fi
for skipped in "the gRPC examples (examples/rpc/): gRPC" \
               "the tests (tests/): GTest" \
               "the benchmarks (bench/): benchmark"; do
  if ! grep -qF -- "orbax_options: skipping $skipped not found" \
      "$tmp/configure.log"; then
    cat "$tmp/configure.log" >&2
    fail "no skip message for $skipped"
  fi
done
echo "configure_anywhere: configured; skipped tests, examples and benchmarks"

# 2. The default targets: the library and the command.
if ! cmake --build "$tmp/build" -j2 >"$tmp/build.log" 2>&1; then
  tail -n 60 "$tmp/build.log" >&2
  fail "the default build failed"
fi
for lib in core config; do
  compgen -G "$tmp/build/src/liborbax_options_$lib.*" >/dev/null ||
    fail "the $lib library was not built"
done
compgen -G "$tmp/build/proto/liborbax_options_proto.*" >/dev/null ||
  fail "the proto library was not built"
out=$("$tmp/build/src/orbax-options" check examples/multihost_subset.textproto) ||
  fail "the command it built did not run"
[ "$out" = "ok" ] || fail "orbax-options check printed '$out', not 'ok'"
for part in tests bench examples/rpc; do
  [ ! -e "$tmp/build/$part" ] || fail "$part was configured though skipped"
done
echo "configure_anywhere: built the library and orbax-options"

# 3. Asked for means required.
for ask in "TESTS GTest" "EXAMPLES gRPC" "BENCHMARKS benchmark"; do
  set -- $ask
  if cmake -S . -B "$tmp/build" "${hidden[@]}" -DORBAX_OPTIONS_BUILD_$1=ON \
      >"$tmp/ask.log" 2>&1; then
    fail "-DORBAX_OPTIONS_BUILD_$1=ON configured without $2"
  fi
  grep -qF "$2" "$tmp/ask.log" || {
    cat "$tmp/ask.log" >&2
    fail "-DORBAX_OPTIONS_BUILD_$1=ON failed without naming $2"
  }
  # Back to AUTO, for the next one.
  cmake -S . -B "$tmp/build" "${hidden[@]}" -DORBAX_OPTIONS_BUILD_$1=AUTO \
    >/dev/null 2>&1 || fail "could not reconfigure with $1=AUTO"
done
echo "configure_anywhere: asking for a missing part fails the configure"
echo "configure_anywhere: ok"
