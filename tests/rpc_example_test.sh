#!/usr/bin/env bash
# The RPC example against a real server: starts coordinator_server on
# 127.0.0.1 with a port the OS assigns, then runs coordinator_client for the
# success path (the server's fingerprint of the embedded options equals
# `orbax-options fingerprint` of the same config) and the error paths
# (INVALID_ARGUMENT naming every bad field, and no server at all). Every
# wait is bounded, and the server is always stopped.
# Usage: rpc_example_test.sh EXAMPLE_BIN_DIR ORBAX_OPTIONS_CLI
set -euo pipefail
# gRPC honours http_proxy; never send loopback calls through a proxy.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
bin=$1
cli=$2
tmp=$(mktemp -d)
server_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT

fail() {
  echo "rpc_example_test: FAIL: $*" >&2
  for f in "$tmp"/*.out "$tmp"/*.err; do
    [ -s "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
  done
  exit 1
}
# run NAME WANT_EXIT COMMAND...: runs with a 30 s limit, checks the exit code.
run() {
  local name=$1 want=$2
  shift 2
  local got=0
  timeout 30 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || got=$?
  [ "$got" -eq "$want" ] || fail "$name: exit $got, want $want"
}
expect() {  # expect FILE PATTERN (fixed string)
  grep -qF -- "$2" "$1" || fail "$(basename "$1"): no '$2'"
}

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
expect "$tmp/save.out" "step_directory: /checkpoints/run7/42"
want=$("$cli" fingerprint "$tmp/job.textproto" \
  --set atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE)
[[ $want =~ ^[0-9a-f]{64}$ ]] || fail "orbax-options fingerprint printed '$want'"
expect "$tmp/save.out" "options_fingerprint: $want"

# Success: no options at all means Orbax's defaults.
run defaults 0 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=0
echo "" >"$tmp/empty.textproto"
expect "$tmp/defaults.out" \
  "options_fingerprint: $("$cli" fingerprint "$tmp/empty.textproto")"

# Error: invalid embedded options. Every bad field is named, with its path
# from the request's root and its value.
cat >"$tmp/bad.textproto" <<'CFG'
async_options { timeout_secs: 0 }
multiprocessing_options {
  primary_host: 5
  active_processes { process_indices: [0, 1] }
}
CFG
run bad 1 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=43 "$tmp/bad.textproto"
expect "$tmp/bad.err" "error: Save failed: INVALID_ARGUMENT: "
expect "$tmp/bad.err" "options.async_options.timeout_secs: "
expect "$tmp/bad.err" "options.multiprocessing_options.primary_host: "
grep -q "timeout_secs: [^;]*0" "$tmp/bad.err" || fail "bad: no value 0 given"
[ ! -s "$tmp/bad.out" ] || fail "bad: printed a result"

# Error: the request itself is invalid too.
run bad_request 1 "$bin/coordinator_client" --server="$address" \
  --directory= --step=-1
expect "$tmp/bad_request.err" "directory: must not be empty"
expect "$tmp/bad_request.err" "step: must be >= 0, got -1"

# The server saw all four calls.
[ "$(grep -c '^Save step' "$tmp/server.out")" -eq 4 ] ||
  fail "the server did not log 4 calls"

# Usage and config errors: exit 2, before any call.
run help 0 "$bin/coordinator_client" --help
expect "$tmp/help.out" "usage: coordinator_client --server=HOST:PORT"
run unknown_flag 2 "$bin/coordinator_client" --server="$address" --bogus=1
expect "$tmp/unknown_flag.err" "error: unknown flag --bogus"
run no_server_flag 2 "$bin/coordinator_client" --directory=/d --step=1
expect "$tmp/no_server_flag.err" "error: --server is required"
run missing_file 2 "$bin/coordinator_client" --server="$address" \
  --directory=/d --step=1 "$tmp/missing.textproto"
expect "$tmp/missing_file.err" "$tmp/missing.textproto"
printf 'async_options {\n  timeout_secz: 5\n}\n' >"$tmp/typo.textproto"
run unknown_field 2 "$bin/coordinator_client" --server="$address" \
  --directory=/d --step=1 "$tmp/typo.textproto"
expect "$tmp/unknown_field.err" "$tmp/typo.textproto:2:3: error: "
expect "$tmp/unknown_field.err" "timeout_secz"
run server_help 0 "$bin/coordinator_server" --help
expect "$tmp/server_help.out" "usage: coordinator_server"
run server_bad_port 2 "$bin/coordinator_server" --port=70000
expect "$tmp/server_bad_port.err" "error: --port must be in [0, 65535]"

# Error: no server. The client gives up at its deadline with exit 3.
stop_server
run unavailable 3 "$bin/coordinator_client" --server="$address" \
  --directory=/checkpoints/run7 --step=44 --timeout=2
expect "$tmp/unavailable.err" "error: Save failed: "

echo "rpc_example_test: ok (server on $address)"
