#!/usr/bin/env bash
# Regenerates the committed seed corpora, fuzz/corpus/<format>/, from the
# configs in examples/ and the inputs in tests/bad_inputs/: each file as it
# is, and each one that loads printed in every format, in its minimal and
# effective forms; plus binary with fields from a newer schema (the relay
# test's future schema), encoded by protoc. Run it after adding examples or
# bad inputs, and commit the result:
#
#   bash scripts/build.sh && bash fuzz/seed_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command=${ORBAX_OPTIONS_COMMAND:-build/src/orbax-options}
[ -x "$command" ] || { echo "seed_corpus: build first ($command)" >&2; exit 1; }

formats=(textproto json binpb)
for format in "${formats[@]}"; do
  rm -rf "fuzz/corpus/$format"
  mkdir -p "fuzz/corpus/$format"
done

format_of() {
  case "$1" in
    *.textproto|*.txtpb|*.pbtxt) echo textproto ;;
    *.json) echo json ;;
    *.binpb|*.pb) echo binpb ;;
  esac
}

for source in examples/* tests/bad_inputs/*; do
  format=$(format_of "$source")
  [ -n "$format" ] || continue
  base=$(basename "${source%.*}")
  cp "$source" "fuzz/corpus/$format/$base.$format"
  "$command" check "$source" >/dev/null 2>&1 || continue
  for to in "${formats[@]}"; do
    "$command" show --format="$to" "$source" >"fuzz/corpus/$to/$base.minimal.$to"
    "$command" show --effective --format="$to" "$source" \
      >"fuzz/corpus/$to/$base.effective.$to"
  done
done

protoc --encode=orbax_options.future.CheckpointOptions \
  -I tests/proto tests/proto/orbax_options/future/options.proto \
  >fuzz/corpus/binpb/fields_from_a_newer_schema.binpb <<'PB'
async_options { timeout_secs: 60 timeout_ms: 60500 }
multiprocessing_options {
  primary_host: 2
  active_processes { ranges { start: 0 stop: 4 step: 2 } process_indices: 9 }
  barrier_sync_key_prefix: "job"
  tags: "blue"
}
file_options { path_permission_mode: 0750 umask: 18 }
retry_options { max_attempts: 3 }
comment: "written by v2"
PB

for format in "${formats[@]}"; do
  echo "seed_corpus: fuzz/corpus/$format: $(ls "fuzz/corpus/$format" | wc -l) inputs"
done
