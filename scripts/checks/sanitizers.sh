#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/), and the concurrency test under ThreadSanitizer (build-tsan/).
# Any report fails the check: every sanitizer error is fatal.
#
# Debian's protobuf and Abseil are not instrumented. That is fine for ASan and
# UBSan, which check our code's memory and arithmetic; for TSan, the
# concurrency test does all of its synchronisation in instrumented code
# (std::latch, std::mutex, std::condition_variable), and protobuf's shared
# state is behind pthread calls or std::atomic in the headers we compile. The
# one exception, a lazy static inside libprotobuf, is in scripts/tsan.supp.
set -euo pipefail
cd "$(dirname "$0")/../.."

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp"
export PATH=/usr/lib/llvm-14/bin:$PATH  # llvm-symbolizer, for stack traces.

echo "sanitizers: ASan + UBSan build of every test"
bash scripts/build_sanitized.sh asan
# consumer_test builds a separate project against the installed package with
# the system compiler and no sanitizer flags, so it can't link an instrumented
# library; it tests packaging, and runs in the plain suite.
ctest --test-dir build-asan --output-on-failure --no-tests=error -j2 \
  -E '^consumer_test$'

echo "sanitizers: TSan build of the concurrency test"
bash scripts/build_sanitized.sh tsan concurrency_test
# --no-tests=error: a renamed test must fail this step, not drop out of it.
ctest --test-dir build-tsan --output-on-failure --no-tests=error -j2 \
  -R '^Concurrency\.'
