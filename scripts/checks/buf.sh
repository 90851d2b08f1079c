#!/usr/bin/env bash
# Schema governance with buf (pinned by package.json + package-lock.json):
#   1. buf lint: STANDARD + COMMENTS rules on proto/ and the RPC example;
#   2. buf format: the .proto files are formatted exactly as buf formats them;
#   3. buf breaking: proto/ is wire- and JSON-compatible (WIRE_JSON) with the
#      committed v1 baseline, proto/baseline/v1.binpb;
#   4. self-test: deliberately broken copies of the schema ARE reported as
#      breaking, and the allowed evolutions (a new field with presence, a
#      removed field whose number and name are reserved) are not.
# To refresh the baseline, which is only right for a new major version, see
# docs/schema.md, "Evolving the schema".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
baseline=proto/baseline/v1.binpb
schema=orbax_options/v1/options.proto

# npm ci reinstalls from the lockfile; --prefer-offline lets it work from
# npm's cache once the registry has been reached once.
npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
buf=$root/node_modules/.bin/buf
echo "buf $("$buf" --version)"

"$buf" lint
echo "buf lint: ok"
"$buf" format --diff --exit-code
echo "buf format: ok"
"$buf" breaking proto --against "$baseline"
echo "buf breaking against $baseline: ok"

# Self-test on temporary copies of the workspace.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_breaking NAME RULE SED_SCRIPT: applies SED_SCRIPT to a copy of the
# schema and expects buf breaking to fail with rule RULE.
# expect_compatible NAME SED_SCRIPT: expects buf breaking to pass.
run_on_copy() {
  local name=$1 script=$2
  local dir=$tmp/$name
  mkdir -p "$dir/examples/rpc"
  cp -r buf.yaml proto "$dir/"
  cp -r examples/rpc/proto "$dir/examples/rpc/"
  sed -i -e "$script" "$dir/proto/$schema"
  if cmp -s "$dir/proto/$schema" "proto/$schema"; then
    echo "buf self-test $name: the edit changed nothing" >&2
    exit 1
  fi
  (cd "$dir" && "$buf" breaking proto --against "$root/$baseline" --error-format=json) \
    >"$dir/out.json" 2>&1
}
expect_breaking() {
  local name=$1 rule=$2 script=$3
  if run_on_copy "$name" "$script"; then
    echo "buf self-test $name: expected $rule, but buf breaking passed" >&2
    exit 1
  fi
  if ! grep -q "\"type\":\"$rule\"" "$tmp/$name/out.json"; then
    echo "buf self-test $name: expected $rule, got:" >&2
    cat "$tmp/$name/out.json" >&2
    exit 1
  fi
  echo "buf self-test $name: detected ($rule)"
}
expect_compatible() {
  local name=$1 script=$2
  if ! run_on_copy "$name" "$script"; then
    echo "buf self-test $name: expected no breaking change, got:" >&2
    cat "$tmp/$name/out.json" >&2
    exit 1
  fi
  echo "buf self-test $name: compatible, as expected"
}

expect_breaking renumbered-field FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED \
  's/int32 timeout_secs = 1;/int32 timeout_secs = 9;/'
expect_breaking renamed-field FIELD_SAME_JSON_NAME \
  's/int32 timeout_secs = 1;/int32 timeout_seconds = 1;/'
expect_breaking widened-type FIELD_WIRE_JSON_COMPATIBLE_TYPE \
  's/int32 timeout_secs = 1;/int64 timeout_secs = 1;/'
expect_breaking removed-unreserved FIELD_NO_DELETE_UNLESS_NAME_RESERVED \
  '/optional bool create_directories_asynchronously = 2;/d'
expect_breaking renumbered-enum-value ENUM_VALUE_SAME_NAME \
  's/ATOMICITY_MODE_COMMIT_FILE = 2;/ATOMICITY_MODE_COMMIT_FILE = 3;/; s/ATOMICITY_MODE_ATOMIC_RENAME = 3;/ATOMICITY_MODE_ATOMIC_RENAME = 2;/'
expect_compatible removed-and-reserved \
  's/optional bool create_directories_asynchronously = 2;/reserved 2;\n  reserved "create_directories_asynchronously";/'
expect_compatible added-field-with-presence \
  's/optional bool create_directories_asynchronously = 2;/&\n\n  \/\/ A new field. Unset means false.\n  optional bool new_flag = 3;/'
echo "buf: ok"
