#!/usr/bin/env bash
# Options agreed across OS processes, over real gRPC on 127.0.0.1:
#
#   agreement:    options_primary loads a config (+ a --set override) and
#                 hands the options to 8 options_worker processes. Every
#                 worker ends with the same effective options and the same
#                 fingerprint, which equals `orbax-options fingerprint` of the
#                 same config; half of the workers also load the config
#                 locally and agree.
#   disagreement: one of 8 workers is started with a conflicting local
#                 override. It detects the disagreement by fingerprint, names
#                 the field that differs with both values, and fails; the
#                 primary reports that worker and the field; the others agree.
#
# Every process's exit status is checked explicitly (a signal is named as
# one), and its stdout and stderr are compared with what it must print, so
# that a crash or a sanitizer report in any process (the ASan suite runs this
# test too) fails the test. Every wait is bounded: the primary waits at most
# --timeout for reports, each worker call has a deadline, and every process
# is killed on exit.
# Usage: distribution_test.sh EXAMPLE_BIN_DIR ORBAX_OPTIONS_CLI
set -euo pipefail
# gRPC honours http_proxy; never send loopback calls through a proxy.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
bin=$1
cli=$2
workers=8
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "distribution_test: FAIL: $*" >&2
  for f in "$tmp"/*/*.out "$tmp"/*/*.err; do
    [ -s "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
  done
  exit 1
}

# expect_file FILE: FILE holds exactly the lines on standard input.
expect_file() {
  local want
  want=$(cat)
  diff -u <(printf '%s\n' "$want") "$1" >"$tmp/diff.txt" ||
    fail "$1 is not as expected:
$(cat "$tmp/diff.txt")"
}
expect_empty() {  # expect_empty FILE
  [ ! -s "$1" ] || fail "$1 is not empty"
}
# expect_exit WHAT WANT: $code, set by wait_exit or run, is WANT.
expect_exit() {
  if [ "$code" -gt 128 ]; then
    fail "$1 was killed by signal $((code - 128)), want exit $2"
  fi
  [ "$code" -eq "$2" ] || fail "$1 exited $code, want $2"
}
# run DIR NAME WANT_EXIT COMMAND...: runs in the foreground with a 30 s
# limit (stdout to DIR/NAME.out, stderr to DIR/NAME.err), checks the status.
run() {
  local dir=$1 name=$2 want=$3
  shift 3
  code=0
  timeout 30 "$@" >"$dir/$name.out" 2>"$dir/$name.err" || code=$?
  expect_exit "$name" "$want"
}

mkdir "$tmp/setup"
cat >"$tmp/job.textproto" <<'CFG'
async_options { timeout_secs: 900 create_directories_asynchronously: false }
multiprocessing_options {
  primary_host: 0
  active_processes { ranges { start: 0 stop: 9 } }
  barrier_sync_key_prefix: "job42"
}
memory_limit_options { max_transfer_concurrent_gb: 16 }
CFG
override="atomicity_options.mode=ATOMICITY_MODE_ATOMIC_RENAME"

# start_primary DIR: starts the primary; sets $address once it serves.
start_primary() {
  local dir=$1
  # Created here, not only by the background shell's redirection, so that
  # the first read below can't race it.
  : >"$dir/primary.out"
  "$bin/options_primary" --workers="$workers" --timeout=45 \
    --set "$override" "$tmp/job.textproto" \
    >"$dir/primary.out" 2>"$dir/primary.err" &
  primary_pid=$!
  pids+=("$primary_pid")
  address=""
  for _ in $(seq 200); do
    address=$(sed -n 's/^listening on //p' "$dir/primary.out")
    [ -n "$address" ] && return 0
    kill -0 "$primary_pid" 2>/dev/null || fail "the primary exited early"
    sleep 0.1
  done
  fail "the primary did not print its address within 20 s"
}
# start_worker DIR INDEX ARGS...: starts worker INDEX in the background.
start_worker() {
  local dir=$1 index=$2
  shift 2
  "$bin/options_worker" --primary="$address" --index="$index" \
    "$@" >"$dir/worker$index.out" 2>"$dir/worker$index.err" &
  worker_pids[index]=$!
  pids+=("$!")
}
# wait_exit PID: sets $code to the exit code of PID. (Not in a subshell:
# only this shell can wait for its children.)
wait_exit() {
  code=0
  wait "$1" || code=$?
}

# fingerprint NAME ARGS...: `orbax-options fingerprint ARGS...` must succeed
# with 64 hex digits and nothing on stderr; sets $fp.
fingerprint() {
  local name=$1
  shift
  run "$tmp/setup" "$name" 0 "$cli" fingerprint "$@"
  expect_empty "$tmp/setup/$name.err"
  fp=$(cat "$tmp/setup/$name.out")
  [[ $fp =~ ^[0-9a-f]{64}$ ]] || fail "$name: orbax-options printed '$fp'"
}
fingerprint fp_job "$tmp/job.textproto" --set "$override"
want=$fp
# What worker $odd (below) holds locally.
fingerprint fp_odd "$tmp/job.textproto" --set "$override" \
  --set async_options.timeout_secs=60
odd_fp=$fp
[ "$odd_fp" != "$want" ] || fail "the override does not change the fingerprint"
run "$tmp/setup" effective 0 "$cli" show --effective --format=textproto \
  "$tmp/job.textproto" --set "$override"
expect_empty "$tmp/setup/effective.err"
cp "$tmp/setup/effective.out" "$tmp/effective.textproto"
grep -qxF "  timeout_secs: 900" "$tmp/effective.textproto" ||
  fail "orbax-options show --effective does not hold timeout_secs: 900"

# --- agreement -------------------------------------------------------------
dir=$tmp/agree
mkdir "$dir"
start_primary "$dir"
grep -qxF "fingerprint: $want" "$dir/primary.out" ||
  fail "agree: the primary's fingerprint is not $want"
worker_pids=()
for i in $(seq 1 "$workers"); do
  if [ $((i % 2)) -eq 0 ]; then
    start_worker "$dir" "$i" --set "$override" "$tmp/job.textproto"
  else
    start_worker "$dir" "$i"
  fi
done
for i in $(seq 1 "$workers"); do
  wait_exit "${worker_pids[$i]}"
  expect_exit "agree: worker $i" 0
  expect_empty "$dir/worker$i.err"
  # The fingerprint, then the options themselves, byte for byte as
  # `orbax-options show --effective` prints them.
  { echo "worker $i: fingerprint: $want"; cat "$tmp/effective.textproto"; } \
    >"$dir/worker$i.want"
  cmp -s "$dir/worker$i.out" "$dir/worker$i.want" ||
    fail "agree: worker $i's output differs from its fingerprint and orbax-options show --effective:
$(diff -u "$dir/worker$i.want" "$dir/worker$i.out")"
done
wait_exit "$primary_pid"
expect_exit "agree: the primary" 0
expect_empty "$dir/primary.err"
expect_file "$dir/primary.out" <<OUT
listening on $address
fingerprint: $want
$(for i in $(seq 1 "$workers"); do echo "worker $i: agrees"; done)
$workers/$workers workers agree
OUT
echo "distribution_test: $workers workers agree on $want"

# --- disagreement ----------------------------------------------------------
dir=$tmp/disagree
mkdir "$dir"
start_primary "$dir"
worker_pids=()
odd=5
for i in $(seq 1 "$workers"); do
  if [ "$i" -eq "$odd" ]; then
    start_worker "$dir" "$i" --set "$override" \
      --set async_options.timeout_secs=60 "$tmp/job.textproto"
  else
    start_worker "$dir" "$i" --set "$override" "$tmp/job.textproto"
  fi
done
for i in $(seq 1 "$workers"); do
  wait_exit "${worker_pids[$i]}"
  if [ "$i" -eq "$odd" ]; then
    expect_exit "disagree: worker $i" 1
  else
    expect_exit "disagree: worker $i" 0
    expect_empty "$dir/worker$i.err"
    grep -qxF "worker $i: fingerprint: $want" "$dir/worker$i.out" ||
      fail "disagree: worker $i does not hold fingerprint $want"
  fi
done
# Worker $odd names both fingerprints and the one field that differs, with
# both values, and prints no options.
expect_file "$dir/worker$odd.err" <<OUT
worker $odd: error: local options (fingerprint $odd_fp) disagree with the primary's ($want); primary -> local:
  async_options.timeout_secs: 900 -> 60
OUT
expect_empty "$dir/worker$odd.out"
wait_exit "$primary_pid"
expect_exit "disagree: the primary" 1
expect_empty "$dir/primary.err"
expect_file "$dir/primary.out" <<OUT
listening on $address
fingerprint: $want
$(for i in $(seq 1 "$workers"); do
  if [ "$i" -eq "$odd" ]; then
    echo "worker $i: DISAGREES (fingerprint $odd_fp): async_options.timeout_secs: 900 -> 60"
  else
    echo "worker $i: agrees"
  fi
done)
$((workers - 1))/$workers workers agree
OUT
echo "distribution_test: worker $odd's disagreement was detected and named"

# --- errors ----------------------------------------------------------------
dir=$tmp/errors
mkdir "$dir"
# An invalid config: the primary refuses it, naming the --set and the field.
run "$dir" invalid_config 2 "$bin/options_primary" --workers=8 \
  "$tmp/job.textproto" --set async_options.timeout_secs=0
expect_file "$dir/invalid_config.err" <<'OUT'
--set async_options.timeout_secs=0: error: async_options.timeout_secs: must be > 0, got 0
OUT
expect_empty "$dir/invalid_config.out"
# Not every worker reports: the primary gives up after --timeout.
run "$dir" missing_workers 3 "$bin/options_primary" --workers=2 --timeout=1 \
  "$tmp/job.textproto"
expect_file "$dir/missing_workers.err" <<'OUT'
error: only 0 of 2 workers reported within 1s
OUT
# The address line first, with the port the OS chose.
sed -i '1{/^listening on 127\.0\.0\.1:[1-9][0-9]*$/d}' \
  "$dir/missing_workers.out"
fingerprint fp_plain "$tmp/job.textproto"
expect_file "$dir/missing_workers.out" <<OUT
fingerprint: $fp
0/2 workers agree
OUT
# No primary: a worker gives up at its deadline.
run "$dir" no_primary 3 "$bin/options_worker" --primary=127.0.0.1:1 --index=1 \
  --timeout=1
if [ "$(wc -l <"$dir/no_primary.err")" -ne 1 ] ||
  ! grep -q '^worker 1: error: GetOptions failed: DEADLINE_EXCEEDED: ' \
    "$dir/no_primary.err"; then
  fail "errors: no_primary is not one 'GetOptions failed: DEADLINE_EXCEEDED' line"
fi
expect_empty "$dir/no_primary.out"
run "$dir" worker_usage 2 "$bin/options_worker" --index=1
[ "$(head -n 1 "$dir/worker_usage.err")" = "error: --primary is required" ] ||
  fail "errors: worker_usage: the first line is not the error"
expect_empty "$dir/worker_usage.out"
echo "distribution_test: errors are reported with exit codes 2 and 3"
echo "distribution_test: ok"
