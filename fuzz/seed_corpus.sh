#!/usr/bin/env bash
# Regenerates the committed seed corpora from the configs in examples/ and
# the inputs in tests/bad_inputs/: fuzz/corpus/<format>/ for CheckpointOptions
# (their top-level files), fuzz/corpus/manager_<format>/ for
# CheckpointManagerOptions (their checkpoint_manager/ files),
# fuzz/corpus/context_<format>/ for Context and
# fuzz/corpus/checkpointer_<format>/ for CheckpointerOptions (examples/v1/,
# tests/bad_inputs/context/ for Context, and a message of each with every
# field set, fuzz/full/full_<root>.textproto). Each file goes
# in as it is, and each one that loads printed in every format, in its
# minimal and effective forms; plus binary with fields from a newer schema
# (the relay test's future schema), encoded by protoc. Run it after adding
# examples or bad inputs, and commit the result:
#
#   bash scripts/build.sh && bash fuzz/seed_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command=${ORBAX_OPTIONS_COMMAND:-build/src/orbax-options}
[ -x "$command" ] || { echo "seed_corpus: build first ($command)" >&2; exit 1; }

formats=(textproto json binpb)
prefixes=("" manager_ context_ checkpointer_)
for format in "${formats[@]}"; do
  for prefix in "${prefixes[@]}"; do
    rm -rf "fuzz/corpus/$prefix$format"
    mkdir -p "fuzz/corpus/$prefix$format"
  done
done

format_of() {
  case "$1" in
    *.textproto|*.txtpb|*.pbtxt) echo textproto ;;
    *.json) echo json ;;
    *.binpb|*.pb) echo binpb ;;
  esac
}

# seed TYPE CORPUS_PREFIX FILE...
seed() {
  local type=$1 prefix=$2 source format base to
  shift 2
  for source in "$@"; do
    [ -f "$source" ] || continue
    format=$(format_of "$source")
    [ -n "$format" ] || continue
    base=$(basename "${source%.*}")
    cp "$source" "fuzz/corpus/$prefix$format/$base.$format"
    "$command" check --type="$type" "$source" >/dev/null 2>&1 || continue
    for to in "${formats[@]}"; do
      "$command" show --type="$type" --format="$to" "$source" \
        >"fuzz/corpus/$prefix$to/$base.minimal.$to" 2>/dev/null
      "$command" show --type="$type" --effective --format="$to" "$source" \
        >"fuzz/corpus/$prefix$to/$base.effective.$to" 2>/dev/null
    done
  done
}
seed CheckpointOptions "" examples/* tests/bad_inputs/*
seed CheckpointManagerOptions manager_ \
  examples/checkpoint_manager/* tests/bad_inputs/checkpoint_manager/*
seed Context context_ examples/v1/* tests/bad_inputs/context/* \
  fuzz/full/full_context.textproto
seed CheckpointerOptions checkpointer_ examples/v1/* \
  fuzz/full/full_checkpointer.textproto

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

# A manager from a newer writer: field 1000 (a varint) after the known ones.
{
  "$command" show --type=CheckpointManagerOptions --format=binpb \
    examples/checkpoint_manager/train.textproto
  printf '\xc0\x3e\x01'
} >fuzz/corpus/manager_binpb/fields_from_a_newer_schema.binpb

for corpus in "${formats[@]}" "${formats[@]/#/manager_}" \
  "${formats[@]/#/context_}" "${formats[@]/#/checkpointer_}"; do
  echo "seed_corpus: fuzz/corpus/$corpus: $(ls "fuzz/corpus/$corpus" | wc -l) inputs"
done
