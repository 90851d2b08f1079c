#!/usr/bin/env bash
# Installs orbax-options from BUILD_DIR into a temporary prefix, then, as a
# downstream user would:
#   1. builds tests/consumer/ (its own .proto imports ours) with
#      find_package(orbax_options CONFIG) and CMAKE_PREFIX_PATH, and runs it;
#   2. compiles a program with only `pkg-config --cflags --libs orbax_options`;
#   3. runs the installed `orbax-options` command, when WANT_CLI is 1.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR WANT_CLI
set -euo pipefail
build_dir=$1
source_dir=$2
want_cli=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "consumer_test: FAIL: $*" >&2; exit 1; }
expect_line() {  # expect_line FILE LINE
  grep -qxF -- "$2" "$1" || { cat "$1" >&2; fail "expected line '$2' in $1"; }
}

prefix=$tmp/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$tmp/install.log"
for f in include/orbax/checkpoint/options/options.h \
         include/orbax_options/v1/options.pb.h \
         include/orbax_options/v1/options.proto \
         lib/cmake/orbax_options/orbax_optionsConfig.cmake \
         lib/cmake/orbax_options/orbax_optionsConfigVersion.cmake \
         lib/pkgconfig/orbax_options.pc; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
[ ! -e "$prefix/include/orbax/checkpoint/options/internal" ] ||
  fail "internal headers were installed"

# 1. CMake package.
cmake -S "$source_dir/tests/consumer" -B "$tmp/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/configure.log" ||
  { cat "$tmp/configure.log" >&2; fail "configuring the consumer"; }
cmake --build "$tmp/build" >"$tmp/build.log" ||
  { cat "$tmp/build.log" >&2; fail "building the consumer"; }

cat >"$tmp/job.textproto" <<'JOB'
name: "nightly"
num_processes: 8
checkpoint_options {
  async_options { timeout_secs: 600 }
  multiprocessing_options { primary_host: 3 }
}
JOB
"$tmp/build/job_reader" "$tmp/job.textproto" >"$tmp/job.out"
expect_line "$tmp/job.out" "job: nightly"
expect_line "$tmp/job.out" "timeout_secs: 600"
expect_line "$tmp/job.out" "primary_host: 3"

echo 'name: "bad" checkpoint_options { async_options { timeout_secs: 0 } }' \
  >"$tmp/bad.textproto"
status=0
"$tmp/build/job_reader" "$tmp/bad.textproto" >"$tmp/bad.out" || status=$?
[ "$status" -eq 1 ] || fail "invalid options: exit $status, want 1"
grep -q "^invalid: .*async_options.timeout_secs" "$tmp/bad.out" ||
  { cat "$tmp/bad.out" >&2; fail "no field path in the error"; }

echo 'name: "defaults"' >"$tmp/defaults.textproto"
"$tmp/build/job_reader" "$tmp/defaults.textproto" >"$tmp/defaults.out"
expect_line "$tmp/defaults.out" "timeout_secs: 1200"
expect_line "$tmp/defaults.out" "primary_host: 0"
cmake_fp=$(sed -n 's/^fingerprint: //p' "$tmp/defaults.out")
[[ $cmake_fp =~ ^[0-9a-f]{64}$ ]] || fail "bad fingerprint '$cmake_fp'"

# 2. pkg-config.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
pkg-config --exists --print-errors orbax_options
# shellcheck disable=SC2046
c++ -o "$tmp/pkg_config_main" "$source_dir/tests/consumer/pkg_config_main.cc" \
  $(pkg-config --cflags --libs orbax_options) ||
  fail "compiling with pkg-config --cflags --libs orbax_options"
"$tmp/pkg_config_main" >"$tmp/pkg.out"
expect_line "$tmp/pkg.out" "default fingerprint: $cmake_fp"
grep -q "^invalid: .*async_options.timeout_secs" "$tmp/pkg.out" ||
  { cat "$tmp/pkg.out" >&2; fail "no validation error from the pkg-config build"; }

# 3. The installed command agrees.
if [ "$want_cli" = 1 ]; then
  [ -x "$prefix/bin/orbax-options" ] || fail "not installed: bin/orbax-options"
  : >"$tmp/empty.textproto"
  cli_fp=$("$prefix/bin/orbax-options" fingerprint "$tmp/empty.textproto")
  [ "$cli_fp" = "$cmake_fp" ] ||
    fail "installed orbax-options fingerprint: '$cli_fp', want '$cmake_fp'"
fi

echo "consumer_test: ok (CMake package and pkg-config, fingerprint $cmake_fp)"
