#!/usr/bin/env bash
# The RPC example against a real server: starts coordinator_server on
# 127.0.0.1 with a port the OS assigns, then runs coordinator_client for the
# success path (the server's fingerprint of the embedded options equals
# `orbax-options fingerprint` of the same config) and the error paths
# (INVALID_ARGUMENT naming every bad field, and no server at all).
#
# Every command's exit status is checked explicitly, and its stdout and
# stderr are compared with what it must print, line by line. The server is
# stopped with SIGTERM at the end and must exit 0 with nothing on stderr, so
# that a crash or a sanitizer report in the server (the ASan suite runs this
# test too) fails the test. Every wait is bounded, and the server is always
# stopped.
# Usage: rpc_example_test.sh EXAMPLE_BIN_DIR ORBAX_OPTIONS_CLI
set -euo pipefail
# gRPC honours http_proxy; never send loopback calls through a proxy.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
bin=$1
cli=$2
tmp=$(mktemp -d)
server_pid=""

# kill_server: the exit path's cleanup; stops the server whatever its state.
kill_server() {
  [ -n "$server_pid" ] || return 0
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap 'kill_server; rm -rf "$tmp"' EXIT

fail() {
  echo "rpc_example_test: FAIL: $*" >&2
  for f in "$tmp"/*.out "$tmp"/*.err; do
    [ -s "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
  done
  exit 1
}
# run NAME WANT_EXIT COMMAND...: runs with a 30 s limit (stdout to NAME.out,
# stderr to NAME.err) and checks the exit status.
run() {
  local name=$1 want=$2
  shift 2
  local got=0
  timeout 30 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || got=$?
  [ "$got" -eq "$want" ] || fail "$name: exit $got, want $want"
}
# expect_file FILE: FILE holds exactly the lines on standard input.
expect_file() {
  local want
  want=$(cat)
  diff -u <(printf '%s\n' "$want") "$1" >"$tmp/diff.txt" ||
    fail "$(basename "$1") is not as expected:
$(cat "$tmp/diff.txt")"
}
# expect_line FILE LINE: FILE has LINE as one of its whole lines.
expect_line() {
  grep -qxF -- "$2" "$1" || fail "$(basename "$1"): no line '$2'"
}
expect_empty() {  # expect_empty FILE
  [ ! -s "$1" ] || fail "$(basename "$1") is not empty"
}
# fingerprint NAME ARGS...: runs `orbax-options fingerprint ARGS...`, which
# must succeed, print 64 hex digits and nothing on stderr; sets $fp.
fingerprint() {
  local name=$1
  shift
  run "$name" 0 "$cli" fingerprint "$@"
  expect_empty "$tmp/$name.err"
  fp=$(cat "$tmp/$name.out")
  [[ $fp =~ ^[0-9a-f]{64}$ ]] || fail "$name: orbax-options printed '$fp'"
}

# stop_server: SIGTERM; the server must exit 0 within 10 s (a sanitizer's
# exit-time checks included), having said so on stdout and nothing on stderr.
stop_server() {
  kill -TERM "$server_pid" 2>/dev/null ||
    fail "the server was no longer running before SIGTERM"
  (sleep 10 && kill -KILL "$server_pid" 2>/dev/null) &
  local watchdog=$! code=0
  wait "$server_pid" || code=$?
  server_pid=""
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  if [ "$code" -gt 128 ]; then
    fail "the server was killed by signal $((code - 128)) after SIGTERM"
  fi
  [ "$code" -eq 0 ] || fail "the server exited $code after SIGTERM, want 0"
  [ ! -s "$tmp/server.err" ] || fail "the server wrote to stderr"
}

# server.out is created first, so that the first read below can't race the
# background shell's redirection.
: >"$tmp/server.out"
"$bin/coordinator_server" --port=0 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
address=""
for _ in $(seq 200); do
  address=$(sed -n 's/^listening on //p' "$tmp/server.out")
  [ -n "$address" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited"
  sleep 0.1
done
[[ $address =~ ^127\.0\.0\.1:[0-9]+$ ]] ||
  fail "the server did not print its address within 20 s"
port=${address#*:}
[ "$port" -ne 0 ] || fail "port 0 was not replaced by the OS"

# Success: a multi-host config, with a --set override on top.
cat >"$tmp/job.textproto" <<'CFG'
async_options { timeout_secs: 600 }
multiprocessing_options {
  primary_host: 3
  active_processes { ranges { start: 0 stop: 8 } }
  barrier_sync_key_prefix: "run7"
}
file_options { path_permission_mode: 0750 }
CFG
run save 0 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=42 \
  --set atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE "$tmp/job.textproto"
fingerprint fp_job "$tmp/job.textproto" \
  --set atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE
job_fp=$fp
expect_file "$tmp/save.out" <<OUT
step_directory: /checkpoints/run7/42
options_fingerprint: $job_fp
OUT
expect_empty "$tmp/save.err"

# Success: no options at all means Orbax's defaults.
run defaults 0 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=0
: >"$tmp/empty.textproto"
fingerprint fp_empty "$tmp/empty.textproto"
default_fp=$fp
[ "$default_fp" != "$job_fp" ] || fail "the job's and the defaults' fingerprints are equal"
expect_file "$tmp/defaults.out" <<OUT
step_directory: /checkpoints/run7/0
options_fingerprint: $default_fp
OUT
expect_empty "$tmp/defaults.err"

# Error: invalid embedded options. Every bad field is named, with its path
# from the request's root and its value, in one message.
cat >"$tmp/bad.textproto" <<'CFG'
async_options { timeout_secs: 0 }
multiprocessing_options {
  primary_host: 5
  active_processes { process_indices: [0, 1] }
}
CFG
run bad 1 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=43 "$tmp/bad.textproto"
bad_options="options.async_options.timeout_secs: must be > 0, got 0; \
options.multiprocessing_options.primary_host: 5 is not in active_processes \
{0-1}; set primary_host to one of them, or set all_hosts_primary"
expect_file "$tmp/bad.err" <<OUT
error: Save failed: INVALID_ARGUMENT: $bad_options
OUT
expect_empty "$tmp/bad.out"

# Error: the request itself is invalid too.
run bad_request 1 "$bin/coordinator_client" --server="$address" \
  --directory= --step=-1
bad_request="directory: must not be empty; step: must be >= 0, got -1"
expect_file "$tmp/bad_request.err" <<OUT
error: Save failed: INVALID_ARGUMENT: $bad_request
OUT
expect_empty "$tmp/bad_request.out"

# Usage and config errors: exit 2, before any call.
run help 0 "$bin/coordinator_client" --help
expect_line "$tmp/help.out" \
  "usage: coordinator_client --server=HOST:PORT --directory=DIR --step=N"
expect_empty "$tmp/help.err"
run unknown_flag 2 "$bin/coordinator_client" --server="$address" --bogus=1
[ "$(head -n 1 "$tmp/unknown_flag.err")" = "error: unknown flag --bogus" ] ||
  fail "unknown_flag: the first line is not the error"
expect_line "$tmp/unknown_flag.err" \
  "usage: coordinator_client --server=HOST:PORT --directory=DIR --step=N"
expect_empty "$tmp/unknown_flag.out"
run no_server_flag 2 "$bin/coordinator_client" --directory=/d --step=1
[ "$(head -n 1 "$tmp/no_server_flag.err")" = "error: --server is required" ] ||
  fail "no_server_flag: the first line is not the error"
expect_empty "$tmp/no_server_flag.out"
run missing_file 2 "$bin/coordinator_client" --server="$address" \
  --directory=/d --step=1 "$tmp/missing.textproto"
expect_file "$tmp/missing_file.err" <<OUT
$tmp/missing.textproto: error: cannot open: No such file or directory
OUT
expect_empty "$tmp/missing_file.out"
printf 'async_options {\n  timeout_secz: 5\n}\n' >"$tmp/typo.textproto"
run unknown_field 2 "$bin/coordinator_client" --server="$address" \
  --directory=/d --step=1 "$tmp/typo.textproto"
expect_file "$tmp/unknown_field.err" <<OUT
$tmp/typo.textproto:2:3: error: async_options.timeout_secz: unknown field: AsyncOptions has no field named "timeout_secz"
OUT
expect_empty "$tmp/unknown_field.out"
run server_help 0 "$bin/coordinator_server" --help
expect_line "$tmp/server_help.out" \
  "usage: coordinator_server [--address=HOST] [--port=PORT]"
expect_empty "$tmp/server_help.err"
run server_bad_port 2 "$bin/coordinator_server" --port=70000
[ "$(head -n 1 "$tmp/server_bad_port.err")" = \
  "error: --port must be in [0, 65535]" ] ||
  fail "server_bad_port: the first line is not the error"
expect_empty "$tmp/server_bad_port.out"

# The server logged exactly the four calls, and stops cleanly.
stop_server
expect_file "$tmp/server.out" <<OUT
listening on $address
Save step 42: accepted, options $job_fp
Save step 0: accepted, options $default_fp
Save step 43: rejected: $bad_options
Save step -1: rejected: $bad_request
shutting down on signal 15
OUT

# Error: no server. The client fails within its deadline with exit 3.
run unavailable 3 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=44 --timeout=2
if [ "$(wc -l <"$tmp/unavailable.err")" -ne 1 ] ||
  ! grep -qE '^error: Save failed: (UNAVAILABLE|DEADLINE_EXCEEDED): ' \
    "$tmp/unavailable.err"; then
  fail "unavailable: not one 'Save failed: UNAVAILABLE' line"
fi
expect_empty "$tmp/unavailable.out"

echo "rpc_example_test: ok (server on $address)"
