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
# Every wait is bounded: the primary waits at most --timeout for reports,
# each worker call has a deadline, and every process is killed on exit.
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
  worker_pids[$index]=$!
  pids+=("$!")
}
# wait_exit PID: sets $code to the exit code of PID. (Not in a subshell:
# only this shell can wait for its children.)
wait_exit() {
  code=0
  wait "$1" || code=$?
}

want=$("$cli" fingerprint "$tmp/job.textproto" --set "$override")
[[ $want =~ ^[0-9a-f]{64}$ ]] || fail "orbax-options fingerprint printed '$want'"
"$cli" show --effective --format=textproto "$tmp/job.textproto" \
  --set "$override" >"$tmp/effective.textproto"

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
  [ "$code" -eq 0 ] || fail "agree: worker $i exited $code"
  grep -qxF "worker $i: fingerprint: $want" "$dir/worker$i.out" ||
    fail "agree: worker $i does not hold fingerprint $want"
  # The options themselves, not just the fingerprint, are the same.
  tail -n +2 "$dir/worker$i.out" >"$dir/worker$i.options"
  cmp -s "$dir/worker$i.options" "$tmp/effective.textproto" ||
    fail "agree: worker $i's options differ from orbax-options show --effective"
done
wait_exit "$primary_pid"
[ "$code" -eq 0 ] || fail "agree: the primary exited $code"
grep -qxF "$workers/$workers workers agree" "$dir/primary.out" ||
  fail "agree: the primary did not see $workers agreeing workers"
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
    [ "$code" -eq 1 ] || fail "disagree: worker $i exited $code, want 1"
  else
    [ "$code" -eq 0 ] || fail "disagree: worker $i exited $code, want 0"
  fi
done
err=$dir/worker$odd.err
grep -qF "worker $odd: error: local options (fingerprint " "$err" ||
  fail "disagree: worker $odd did not report the disagreement"
grep -qF "disagree with the primary's ($want)" "$err" ||
  fail "disagree: worker $odd did not name the primary's fingerprint"
grep -qxF "  async_options.timeout_secs: 900 -> 60" "$err" ||
  fail "disagree: worker $odd did not name the differing field and values"
[ "$(grep -c '^  ' "$err")" -eq 1 ] ||
  fail "disagree: worker $odd reported fields that do not differ"
[ ! -s "$dir/worker$odd.out" ] || fail "disagree: worker $odd printed options"
wait_exit "$primary_pid"
[ "$code" -eq 1 ] || fail "disagree: the primary exited $code, want 1"
grep -qF "worker $odd: DISAGREES (fingerprint " "$dir/primary.out" ||
  fail "disagree: the primary did not report worker $odd"
grep -qF "async_options.timeout_secs: 900 -> 60" "$dir/primary.out" ||
  fail "disagree: the primary did not report the differing field"
grep -qxF "$((workers - 1))/$workers workers agree" "$dir/primary.out" ||
  fail "disagree: the primary did not count $((workers - 1)) agreeing workers"
echo "distribution_test: worker $odd's disagreement was detected and named"

# --- errors ----------------------------------------------------------------
dir=$tmp/errors
mkdir "$dir"
# run NAME WANT_EXIT COMMAND...: runs in the foreground with a 30 s limit.
run() {
  local name=$1 want=$2
  shift 2
  code=0
  timeout 30 "$@" >"$dir/$name.out" 2>"$dir/$name.err" || code=$?
  [ "$code" -eq "$want" ] || fail "errors: $name exited $code, want $want"
}
# An invalid config: the primary refuses it, naming the --set and the field.
run invalid_config 2 "$bin/options_primary" --workers=8 "$tmp/job.textproto" \
  --set async_options.timeout_secs=0
grep -qF -- "--set async_options.timeout_secs=0: error: async_options.timeout_secs: must be > 0, got 0" \
  "$dir/invalid_config.err" || fail "errors: invalid_config not reported"
[ ! -s "$dir/invalid_config.out" ] || fail "errors: invalid_config served"
# Not every worker reports: the primary gives up after --timeout.
run missing_workers 3 "$bin/options_primary" --workers=2 --timeout=1 \
  "$tmp/job.textproto"
grep -qF "error: only 0 of 2 workers reported within 1s" \
  "$dir/missing_workers.err" || fail "errors: missing_workers not reported"
# No primary: a worker gives up at its deadline.
run no_primary 3 "$bin/options_worker" --primary=127.0.0.1:1 --index=1 \
  --timeout=1
grep -qF "worker 1: error: GetOptions failed: DEADLINE_EXCEEDED" \
  "$dir/no_primary.err" || fail "errors: no_primary not reported"
run worker_usage 2 "$bin/options_worker" --index=1
grep -qF "error: --primary is required" "$dir/worker_usage.err" ||
  fail "errors: worker_usage not reported"
echo "distribution_test: errors are reported with exit codes 2 and 3"
echo "distribution_test: ok"
