#!/usr/bin/env bash
# Fuzzes the config loader: builds the libFuzzer targets in fuzz/ with clang,
# ASan and UBSan (build-asan/), and runs each from its committed seed corpus:
# fuzz_load_<format> (CheckpointOptions) from fuzz/corpus/<format>/ and
# fuzz_load_manager_<format> (CheckpointManagerOptions) from
# fuzz/corpus/manager_<format>/, each for FUZZ_SECONDS seconds (60 by
# default, the least CI runs); fuzz_load_context_<format> (Context) and
# fuzz_load_checkpointer_<format> (CheckpointerOptions) from theirs, each for
# V1_FUZZ_SECONDS (30 by default: the six v1 targets add 3 minutes to CI, not
# 6; the checkpointer's fuzz a whole Context inside too, so the Context's
# code gets 6 x 30 s). Any crash, leak, undefined behaviour,
# timeout or broken round-trip invariant fails the check; the input that
# caused it is saved as build-asan/fuzz/findings/<target>-crash-<sha1> (or
# leak-, timeout-, oom-) for reproducing:
#
#   build-asan/fuzz/fuzz_load_json build-asan/fuzz/findings/fuzz_load_json-crash-...
#
# New inputs the fuzzer finds go to build-asan/fuzz/corpus/<target>/, never
# into the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-60}
v1_seconds=${V1_FUZZ_SECONDS:-30}
formats=(textproto json binpb)
export PATH=/usr/lib/llvm-14/bin:$PATH  # llvm-symbolizer, for stack traces.
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

corpora=("${formats[@]}" "${formats[@]/#/manager_}"
  "${formats[@]/#/context_}" "${formats[@]/#/checkpointer_}")
bash scripts/build_sanitized.sh asan "${corpora[@]/#/fuzz_load_}"

findings=build-asan/fuzz/findings
rm -rf "$findings"  # Only this run's findings.
mkdir -p "$findings"
failed=()
for corpus in "${corpora[@]}"; do
  target=fuzz_load_$corpus
  work=build-asan/fuzz/corpus/$target
  mkdir -p "$work"
  case "$corpus" in
    context_* | checkpointer_*) time=$v1_seconds ;;
    *) time=$seconds ;;
  esac
  echo "fuzz: $target for ${time}s"
  # -close_fd_mask=1 silences what the target prints to stdout for each input.
  if ! "build-asan/fuzz/$target" \
      -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
      -close_fd_mask=1 -print_final_stats=1 \
      -artifact_prefix="$findings/$target-" \
      "$work" "fuzz/corpus/$corpus" 2>"build-asan/fuzz/$target.log"; then
    failed+=("$target")
    tail -n 60 "build-asan/fuzz/$target.log" >&2
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
    "build-asan/fuzz/$target.log" || true
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; inputs in $findings/" >&2
  exit 1
fi
echo "fuzz: ${#corpora[@]} targets ran without a finding (${seconds}s each," \
  "the v1 roots' ${v1_seconds}s)"
