#!/usr/bin/env bash
# Installs orbax-options from BUILD_DIR into a temporary prefix, moves the
# whole prefix elsewhere (the package must be relocatable: nothing in it may
# name the directory it was installed into), then, as a downstream user
# would, from the new place:
#   1. builds tests/consumer/ (its own .proto imports ours) with
#      find_package(orbax_options CONFIG) and CMAKE_PREFIX_PATH, and runs it:
#      job_reader on the umbrella target, core_reader on
#      orbax_options::orbax_options_core alone;
#   2. compiles a program with only `pkg-config --cflags --libs orbax_options`,
#      and core_reader's source with `... orbax_options_core`, and runs them;
#   3. runs the installed `orbax-options` command, when WANT_CLI is 1.
# LINKAGE (default static) is how BUILD_DIR was built: `static` expects the
# .a libraries and every dependency in the .pc file's Requires; `shared`
# (-DBUILD_SHARED_LIBS=ON; scripts/checks/shared_build.sh) expects the .so
# libraries, the private dependencies in Requires.private, and both programs
# to load the libraries from the moved prefix.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR WANT_CLI [static|shared]
set -euo pipefail
build_dir=$1
source_dir=$2
want_cli=$3
linkage=${4:-static}
case "$linkage" in
  static | shared) ;;
  *) echo "consumer_test: LINKAGE must be static or shared, not '$linkage'" >&2
     exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "consumer_test: FAIL: $*" >&2; exit 1; }
expect_line() {  # expect_line FILE LINE
  grep -qxF -- "$2" "$1" || { cat "$1" >&2; fail "expected line '$2' in $1"; }
}

installed=$tmp/install/prefix
cmake --install "$build_dir" --prefix "$installed" >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install"; }
# Relocation: the whole prefix moves, to another depth too. Nothing in it
# may still name where it was installed (an absolute path in the .pc file,
# the CMake package, or an RPATH would).
prefix=$tmp/moved/elsewhere/orbax-options
mkdir -p "$(dirname "$prefix")"
mv "$installed" "$prefix"
rmdir "$tmp/install"
if grep -rlF -- "$installed" "$prefix" >"$tmp/absolute.txt"; then
  cat "$tmp/absolute.txt" >&2
  fail "installed files name the install prefix $installed"
fi

for f in include/orbax/checkpoint/options/options.h \
         include/orbax_options/v1/options.pb.h \
         include/orbax_options/v1/options.proto \
         include/orbax_options/v1/checkpoint_manager_options.pb.h \
         include/orbax_options/v1/checkpoint_manager_options.proto \
         lib/cmake/orbax_options/orbax_optionsConfig.cmake \
         lib/cmake/orbax_options/orbax_optionsConfigVersion.cmake \
         include/orbax/checkpoint/options/core.h \
         include/orbax/checkpoint/options/config.h \
         lib/pkgconfig/orbax_options.pc \
         lib/pkgconfig/orbax_options_core.pc \
         lib/pkgconfig/orbax_options_config.pc; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
[ ! -e "$prefix/include/orbax/checkpoint/options/internal" ] ||
  fail "internal headers were installed"
if [ "$linkage" = shared ]; then
  want_ext=so other_ext=a
else
  want_ext=a other_ext=so
fi
for lib in orbax_options_core orbax_options_config orbax_options_proto; do
  [ -f "$prefix/lib/lib$lib.$want_ext" ] ||
    fail "not installed: lib/lib$lib.$want_ext ($linkage build)"
  [ ! -e "$prefix/lib/lib$lib.$other_ext" ] ||
    fail "installed lib/lib$lib.$other_ext in a $linkage build"
done

# The core library holds no JSON reader (RapidJSON is the config library's).
nm -C "$prefix/lib/liborbax_options_config.$want_ext" | grep rapidjson >/dev/null ||
  fail "no RapidJSON symbol in liborbax_options_config: the probe is broken"
if nm -C "$prefix/lib/liborbax_options_core.$want_ext" | grep rapidjson >/dev/null; then
  fail "liborbax_options_core holds RapidJSON code"
fi

# links_from_prefix PROGRAM LIBRARY...: in a shared build, PROGRAM loads
# each LIBRARY from the moved prefix.
links_from_prefix() {
  [ "$linkage" = shared ] || return 0
  local program=$1
  shift
  ldd "$program" >"$tmp/ldd.txt"
  local lib loaded
  for lib in "$@"; do
    loaded=$(awk -v so="lib$lib.so" '$1 == so && $2 == "=>" { print $3 }' \
      "$tmp/ldd.txt")
    if [ -z "$loaded" ] || [ ! -e "$loaded" ] ||
      [ "$(realpath "$loaded")" != "$(realpath "$prefix/lib/lib$lib.so")" ]; then
      cat "$tmp/ldd.txt" >&2
      fail "$program does not load lib$lib.so from $prefix/lib"
    fi
  done
}

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
checkpoint_manager_options {
  save_decision_policy { fixed_interval { interval: 1000 } }
}
JOB
links_from_prefix "$tmp/build/job_reader" orbax_options_core orbax_options_proto
"$tmp/build/job_reader" "$tmp/job.textproto" >"$tmp/job.out"
expect_line "$tmp/job.out" "job: nightly"
expect_line "$tmp/job.out" "timeout_secs: 600"
expect_line "$tmp/job.out" "primary_host: 3"
expect_line "$tmp/job.out" "manager save policy: fixed_interval { interval: 1000 }"
grep -Eq "^manager fingerprint: [0-9a-f]{64}$" "$tmp/job.out" ||
  { cat "$tmp/job.out" >&2; fail "no manager fingerprint"; }

echo 'name: "bad" checkpoint_options { async_options { timeout_secs: 0 } }' \
  >"$tmp/bad.textproto"
status=0
"$tmp/build/job_reader" "$tmp/bad.textproto" >"$tmp/bad.out" || status=$?
[ "$status" -eq 1 ] || fail "invalid options: exit $status, want 1"
grep -q "^invalid: .*async_options.timeout_secs" "$tmp/bad.out" ||
  { cat "$tmp/bad.out" >&2; fail "no field path in the error"; }

echo 'name: "bad manager" checkpoint_manager_options { max_to_keep: -1 }' \
  >"$tmp/bad_manager.textproto"
status=0
"$tmp/build/job_reader" "$tmp/bad_manager.textproto" >"$tmp/bad_manager.out" ||
  status=$?
[ "$status" -eq 1 ] || fail "invalid manager options: exit $status, want 1"
grep -q "^invalid: .*max_to_keep" "$tmp/bad_manager.out" ||
  { cat "$tmp/bad_manager.out" >&2; fail "no field path in the manager error"; }

echo 'name: "defaults"' >"$tmp/defaults.textproto"
"$tmp/build/job_reader" "$tmp/defaults.textproto" >"$tmp/defaults.out"
expect_line "$tmp/defaults.out" "timeout_secs: 1200"
expect_line "$tmp/defaults.out" "primary_host: 0"
cmake_fp=$(sed -n 's/^fingerprint: //p' "$tmp/defaults.out")
[[ $cmake_fp =~ ^[0-9a-f]{64}$ ]] || fail "bad fingerprint '$cmake_fp'"

# check_core_reader PROGRAM: the core library alone converts, validates and
# fingerprints as the umbrella does.
check_core_reader() {
  links_from_prefix "$1" orbax_options_core orbax_options_proto
  if [ "$linkage" = shared ] && grep -q liborbax_options_config "$tmp/ldd.txt"; then
    cat "$tmp/ldd.txt" >&2
    fail "$1 loads liborbax_options_config"
  fi
  "$1" "" >"$tmp/core.out"
  expect_line "$tmp/core.out" "fingerprint: $cmake_fp"
  grep -q "^validate: .*async_options.timeout_secs" "$tmp/core.out" ||
    { cat "$tmp/core.out" >&2; fail "$1: no validation error"; }
  status=0
  "$1" "multiprocessing_options { primary_host: -1 }" >"$tmp/core_bad.out" ||
    status=$?
  [ "$status" -eq 1 ] || fail "$1 on invalid options: exit $status, want 1"
  grep -q "^invalid: .*multiprocessing_options.primary_host" "$tmp/core_bad.out" ||
    { cat "$tmp/core_bad.out" >&2; fail "$1: no field path in the error"; }
}
check_core_reader "$tmp/build/core_reader"

# 2. pkg-config, from the moved prefix: the .pc file's prefix is relative to
# where the file is.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
pkg-config --exists --print-errors orbax_options orbax_options_core \
  orbax_options_config
pc_prefix=$(pkg-config --variable=prefix orbax_options)
[ "$(realpath "$pc_prefix")" = "$(realpath "$prefix")" ] ||
  fail "pkg-config's prefix is '$pc_prefix', want the moved prefix $prefix"
pc_libdir=$(pkg-config --variable=libdir orbax_options)
# The requirements of each .pc file: everything a static link needs is
# public; a shared library keeps its private dependencies in
# Requires.private.
requires() {  # requires --print-requires|--print-requires-private PACKAGE
  pkg-config "$1" "$2" | awk '{print $1}' | sort | xargs
}
expect_requires() {  # expect_requires PACKAGE PUBLIC PRIVATE
  local want_requires=$2 want_private=$3
  if [ "$linkage" = static ]; then
    want_requires=$(echo "$2 $3" | xargs -n1 | sort | xargs)
    want_private=""
  fi
  [ "$(requires --print-requires "$1")" = "$want_requires" ] ||
    fail "$1 Requires: '$(requires --print-requires "$1")', want '$want_requires'"
  [ "$(requires --print-requires-private "$1")" = "$want_private" ] ||
    fail "$1 Requires.private: '$(requires --print-requires-private "$1")', want '$want_private'"
}
expect_requires orbax_options_core "absl_status absl_statusor absl_time protobuf" \
  "absl_str_format absl_strings libcrypto"
expect_requires orbax_options_config orbax_options_core \
  "absl_flat_hash_map absl_inlined_vector absl_str_format absl_strings"
expect_requires orbax_options "orbax_options_config orbax_options_core" ""
rpath=()
# A shared library outside the loader's path needs an RPATH, as any
# consumer of a library in a prefix of its own would give.
if [ "$linkage" = shared ]; then rpath=("-Wl,-rpath,$pc_libdir"); fi
# shellcheck disable=SC2046
c++ -o "$tmp/pkg_config_main" "$source_dir/tests/consumer/pkg_config_main.cc" \
  $(pkg-config --cflags --libs orbax_options) "${rpath[@]}" ||
  fail "compiling with pkg-config --cflags --libs orbax_options"
links_from_prefix "$tmp/pkg_config_main" orbax_options_core orbax_options_proto
"$tmp/pkg_config_main" >"$tmp/pkg.out"
expect_line "$tmp/pkg.out" "default fingerprint: $cmake_fp"
grep -q "^invalid: .*async_options.timeout_secs" "$tmp/pkg.out" ||
  { cat "$tmp/pkg.out" >&2; fail "no validation error from the pkg-config build"; }
# shellcheck disable=SC2046
c++ -o "$tmp/pkg_config_core" "$source_dir/tests/consumer/core_main.cc" \
  $(pkg-config --cflags --libs orbax_options_core) "${rpath[@]}" ||
  fail "compiling with pkg-config --cflags --libs orbax_options_core"
check_core_reader "$tmp/pkg_config_core"

# 3. The installed command agrees.
if [ "$want_cli" = 1 ]; then
  [ -x "$prefix/bin/orbax-options" ] || fail "not installed: bin/orbax-options"
  : >"$tmp/empty.textproto"
  status=0
  "$prefix/bin/orbax-options" fingerprint "$tmp/empty.textproto" \
    >"$tmp/cli.out" 2>"$tmp/cli.err" || status=$?
  if [ "$status" -ne 0 ] || [ -s "$tmp/cli.err" ]; then
    cat "$tmp/cli.err" >&2
    fail "installed orbax-options: exit $status"
  fi
  links_from_prefix "$prefix/bin/orbax-options" orbax_options_core \
    orbax_options_config orbax_options_proto
  expect_line "$tmp/cli.out" "$cmake_fp"
fi

echo "consumer_test: ok ($linkage; CMake package and pkg-config, umbrella and core alone, from a moved prefix, fingerprint $cmake_fp)"
