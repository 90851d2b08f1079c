// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The documented limits, as tests: memory that does not grow with the number
// of processes, large index lists that load correctly, the input size limit,
// which holds before the input is read whole, and the bound on peak memory
// while loading adversarial inputs (the peak RSS of the command's code in a
// child process). How fast large inputs load is measured in bench/, not here.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;
using ::orbax::checkpoint::options::testing::StatusIs;

constexpr int32_t kTwoBillion = 2'000'000'000;

TEST(Limits, TwoBillionProcessRangeStaysAFewBytes) {
  v1::CheckpointOptions message;
  auto* range = message.mutable_multiprocessing_options()
                    ->mutable_active_processes()
                    ->add_ranges();
  range->set_start(0);
  range->set_stop(kTwoBillion);
  message.mutable_multiprocessing_options()->set_primary_host(kTwoBillion - 1);
  // On the wire: one range, a few bytes.
  EXPECT_LE(message.multiprocessing_options().active_processes().ByteSizeLong(),
            10u);

  const absl::StatusOr<CheckpointOptions> options = FromProto(message);
  ASSERT_THAT(options, IsOk());
  const ProcessSet& set = *options->multiprocessing_options.active_processes;
  // In memory: one range of two int32s, however many processes it holds.
  EXPECT_EQ(set.size(), kTwoBillion);
  EXPECT_EQ(set.ranges().size(), 1u);
  EXPECT_EQ(set.ranges().capacity(), 1u);
  EXPECT_EQ(sizeof(ProcessRange), 2 * sizeof(int32_t));
  EXPECT_TRUE(set.contains(kTwoBillion - 1));
  EXPECT_FALSE(set.contains(kTwoBillion));
  EXPECT_EQ(set.ToString(), "{0-1999999999}");

  // Written back, still one range: the effective form of all the options is
  // a few dozen bytes.
  const v1::CheckpointOptions explicit_form = ToProto(*options);
  ASSERT_EQ(
      explicit_form.multiprocessing_options().active_processes().ranges_size(),
      1);
  EXPECT_EQ(explicit_form.multiprocessing_options()
                .active_processes()
                .process_indices_size(),
            0);
  EXPECT_LE(EffectiveBytes(*options).size(), 64u);
}

TEST(Limits, LargestProcessIndexFitsAndOneMoreIsRefused) {
  EXPECT_THAT(ProcessSet::FromRanges({{0, INT32_MAX}}), IsOk());
  EXPECT_EQ(ProcessSet::FromRanges({{0, INT32_MAX}})->size(), INT32_MAX);
  EXPECT_THAT(ProcessSet::FromIndices({kMaxProcessIndex}), IsOk());
  EXPECT_THAT(ProcessSet::FromIndices({INT32_MAX}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("2147483647")));
}

// 100,000 indices, none adjacent to another, in a shuffled order.
std::vector<int32_t> ScatteredIndices() {
  std::vector<int32_t> indices(100'000);
  for (int32_t i = 0; i < 100'000; ++i) indices[i] = i * 3;
  std::shuffle(indices.begin(), indices.end(), std::mt19937(20261128));
  return indices;
}

TEST(Limits, HundredThousandScatteredIndicesLoad) {
  const std::vector<int32_t> indices = ScatteredIndices();
  v1::CheckpointOptions message;
  auto* mp = message.mutable_multiprocessing_options();
  for (int32_t index : indices) {
    mp->mutable_active_processes()->add_process_indices(index);
  }
  mp->set_primary_host(indices.back());

  const absl::StatusOr<CheckpointOptions> options = FromProto(message);
  ASSERT_THAT(options, IsOk());
  const ProcessSet& set = *options->multiprocessing_options.active_processes;
  EXPECT_EQ(set.size(), 100'000);
  EXPECT_EQ(set.ranges().size(), 100'000u);
  for (int32_t index : indices) {
    ASSERT_TRUE(set.contains(index)) << index;
    ASSERT_FALSE(set.contains(index + 1)) << index + 1;
  }
  // The canonical form lists them ascending, as single indices.
  const v1::ProcessSet written = ToProto(set);
  ASSERT_EQ(written.process_indices_size(), 100'000);
  EXPECT_EQ(written.ranges_size(), 0);
  for (int32_t i = 0; i < 100'000; ++i) {
    ASSERT_EQ(written.process_indices(i), i * 3);
  }
}

TEST(Limits, HundredThousandShuffledContiguousIndicesBecomeOneRange) {
  std::vector<int32_t> indices(100'000);
  std::iota(indices.begin(), indices.end(), 0);
  std::shuffle(indices.begin(), indices.end(), std::mt19937(7));
  v1::ProcessSet message;
  for (int32_t index : indices) message.add_process_indices(index);

  const absl::StatusOr<ProcessSet> set = FromProto(message);
  ASSERT_THAT(set, IsOk());
  EXPECT_EQ(set->ranges(), (std::vector<ProcessRange>{{0, 100'000}}));
  EXPECT_EQ(set->ranges().capacity(), 1u);  // The 100,000 are gone.
}

TEST(Limits, InputOverTheSizeLimitIsRefusedBeforeItIsReadWhole) {
  // A pipe has no size to check first, so the loader must stop reading at the
  // limit. The writer sends one byte more than the limit and then keeps the
  // pipe open: a loader that read to the end would wait for the writer to
  // give up (after 30 s) and close it.
  constexpr int64_t kLimit = 256 * 1024;  // Four times a pipe's buffer.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::mutex mu;
  std::condition_variable cv;
  bool loader_done = false;
  bool writer_gave_up = false;
  std::thread writer([&] {
    const std::string chunk(kLimit + 1, '#');  // One text-format comment.
    size_t written = 0;
    while (written < chunk.size()) {
      const ssize_t n =
          write(fds[1], chunk.data() + written, chunk.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    std::unique_lock lock(mu);
    writer_gave_up = !cv.wait_for(lock, std::chrono::seconds(30),
                                  [&] { return loader_done; });
    close(fds[1]);
  });

  std::vector<Diagnostic> diagnostics;
  const std::optional<Layer> layer =
      ReadLayer(absl::StrCat("/dev/fd/", fds[0]), Format::kText,
                LoadOptions{.max_input_bytes = kLimit}, diagnostics);
  {
    std::lock_guard lock(mu);
    loader_done = true;
  }
  cv.notify_all();
  writer.join();
  close(fds[0]);

  EXPECT_FALSE(writer_gave_up) << "the loader waited for the end of input";
  EXPECT_FALSE(layer.has_value());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(diagnostics[0].message,
              ::testing::HasSubstr("over the limit of 262144 bytes"));
}

TEST(Limits, InputAtTheSizeLimitIsRead) {
  const std::string comment(1000, '#');
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(ParseLayer(comment, Format::kText, "at_limit",
                         LoadOptions{.max_input_bytes = 1000}, diagnostics));
  EXPECT_FALSE(ParseLayer(comment + "\n", Format::kText, "over_limit",
                          LoadOptions{.max_input_bytes = 1000}, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kResourceExhausted);
}

// --- Peak memory while loading adversarial inputs -------------------------
//
// The bound (docs/limits.md): loading a source of N bytes, in any format and
// mode, peaks at most at
//
//   baseline + kPeakBytesPerInputByte * N + kPeakFixedBytes
//
// where the baseline is the peak of the same command on an empty source of
// the same format. Each input below is written to a file and checked by
// `orbax-options check` in a child process (limits_test_child, which runs the
// command's code and then reports its own VmHWM), and its peak RSS is
// compared with the bound. Each child also has a limit on its CPU time (not
// wall time, which other work on a shared machine stretches): a loader that
// is not linear in its input never finishes a few MiB.

namespace fs = std::filesystem;

// K: the bytes of memory that one byte of input may cost at the peak. The
// most that any input costs is protobuf's own: a message in memory takes
// about 64 bytes however few it takes on the wire, and an element of a list
// of messages can take two (binpb_empty_ranges: 33x, as `protoc --decode`
// needs for the same file). Lists of numbers cost 7-9x, unknown fields 2x
// (text, JSON: skipped) to 7x (JSON, while its duplicate keys are checked).
constexpr int64_t kPeakBytesPerInputByte = 40;
// The fixed amount allowed on top of K times the input.
constexpr int64_t kPeakFixedBytes = int64_t{16} << 20;
// The size of every adversarial input: at least this, and at most a line
// more. As large as the issue asks (4-8 MiB), so that the fixed amount
// weighs least: at 8 MiB it adds 2x the input to the bound.
constexpr size_t kAdversarialBytes = size_t{8} << 20;
// The CPU time one child may take to load one input (RLIMIT_CPU), and the
// wall time after which it is killed whatever its CPU time.
constexpr std::chrono::seconds kChildCpuLimit(60);
constexpr int kWallPerCpuLimit = 4;

// Under a sanitizer, the command's peak memory is the sanitizer's (shadow
// memory, quarantine): only the outcome and the time limit are checked.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendTag(std::string& out, int field, int wire_type) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | wire_type);
}

// Field `field`, wire type LEN, holding `payload`.
std::string LengthDelimited(int field, const std::string& payload) {
  std::string out;
  AppendTag(out, field, 2);
  AppendVarint(out, payload.size());
  out += payload;
  return out;
}

// `item` repeated until the input is at least kAdversarialBytes long,
// counting `overhead` bytes that the caller adds around it.
std::string Repeat(std::string_view item, size_t overhead = 0) {
  const size_t count =
      (kAdversarialBytes - std::min(overhead, kAdversarialBytes)) /
          item.size() +
      1;
  std::string out;
  out.reserve(count * item.size());
  for (size_t i = 0; i < count; ++i) out += item;
  return out;
}

// multiprocessing_options(2).active_processes(3) holding `process_set`.
std::string BinaryActiveProcesses(const std::string& process_set) {
  return LengthDelimited(2, LengthDelimited(3, process_set));
}

// process_indices(1), packed: millions of varint zeros.
std::string BinaryProcessIndexZeros() {
  return BinaryActiveProcesses(
      LengthDelimited(1, Repeat(std::string(1, '\0'))));
}

// ranges(2) { start: 1 stop: 2 }, again and again.
std::string BinaryRanges() {
  std::string range;
  AppendTag(range, 1, 0);
  AppendVarint(range, 1);
  AppendTag(range, 2, 0);
  AppendVarint(range, 2);
  return BinaryActiveProcesses(Repeat(LengthDelimited(2, range)));
}

// ranges(2) {}: the fewest bytes a list element can take (two), each a
// message in memory. Refused once loaded: an empty range.
std::string BinaryEmptyRanges() {
  return BinaryActiveProcesses(Repeat(LengthDelimited(2, "")));
}

// Field 6 (unknown), length-delimited and empty: two bytes a field, each kept
// by protobuf with a string of its own.
std::string BinaryUnknownEmptyStrings() {
  return Repeat(LengthDelimited(6, ""));
}

// Field 6 (unknown), varint 1, again and again at the top level: two bytes
// a field, the most unknown fields that a byte of input can hold.
std::string BinaryUnknownFields() {
  std::string field;
  AppendTag(field, 6, 0);
  AppendVarint(field, 1);
  return Repeat(field);
}

// Groups of field 101 (unknown) nested kMaxNestingDepth deep, again and again
// at the top level: refused at the first group, which no proto3 writer
// sends.
std::string BinaryDeepUnknown() {
  std::string nested;
  for (int i = 0; i < kMaxNestingDepth; ++i) AppendTag(nested, 101, 3);
  for (int i = 0; i < kMaxNestingDepth; ++i) AppendTag(nested, 101, 4);
  return Repeat(nested);
}

std::string TextProcessIndexZeros() {
  const std::string head =
      "multiprocessing_options { active_processes { process_indices: [0";
  return absl::StrCat(head, Repeat(", 0", head.size()), "] } }\n");
}

std::string TextRanges() {
  return absl::StrCat("multiprocessing_options { active_processes {\n",
                      Repeat("  ranges { start: 1 stop: 2 }\n"), "} }\n");
}

// Distinct unknown top-level fields `x0: 1`, `x1: 1`, ...: over 100,000.
std::string TextUnknownFields() {
  std::string out;
  for (int i = 0; out.size() < kAdversarialBytes; ++i) {
    absl::StrAppend(&out, "x", i, ": 1\n");
  }
  return out;
}

// Distinct unknown top-level fields, each a message nested kMaxNestingDepth
// deep: `u0 { x { ... x { } ... } }`.
std::string TextDeepUnknown() {
  std::string inner;
  for (int i = 1; i < kMaxNestingDepth; ++i) inner += " x {";
  inner.append(kMaxNestingDepth - 1, '}');
  std::string out;
  for (int i = 0; out.size() < kAdversarialBytes; ++i) {
    absl::StrAppend(&out, "u", i, " {", inner, " }\n");
  }
  return out;
}

std::string JsonProcessIndexZeros() {
  const std::string head =
      R"({"multiprocessing_options":{"active_processes":{"process_indices":[0)";
  return absl::StrCat(head, Repeat(",0", head.size()), "]}}}");
}

std::string JsonRanges() {
  const std::string head =
      R"({"multiprocessing_options":{"active_processes":{"ranges":[)";
  return absl::StrCat(head, R"({"start":1,"stop":2})",
                      Repeat(R"(,{"start":1,"stop":2})", head.size()), "]}}}");
}

std::string JsonEmptyRanges() {
  const std::string head =
      R"({"multiprocessing_options":{"active_processes":{"ranges":[{})";
  return absl::StrCat(head, Repeat(",{}", head.size()), "]}}}");
}

std::string JsonUnknownFields() {
  std::string out = "{";
  for (int i = 0; out.size() < kAdversarialBytes; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", "\"x", i, "\":1");
  }
  return out + "}";
}

// `{"u0":{"x":{...}},...}`: each value an object nested kMaxNestingDepth
// deep below the root.
std::string JsonDeepUnknown() {
  std::string inner;
  for (int i = 1; i < kMaxNestingDepth; ++i) inner += R"({"x":)";
  inner += "{}";
  inner.append(kMaxNestingDepth - 1, '}');
  std::string out = "{";
  for (int i = 0; out.size() < kAdversarialBytes; ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", "\"u", i, "\":", inner);
  }
  return out + "}";
}

// The policy of `TextStepSets()`: 10^6 steps in a few bytes, each set within
// a set's own limit, a million of them past a whole config's.
constexpr char kMillionSteps[] =
    "policies { specific_steps { steps { ranges { stop: 1000000 } } } }";

// A CheckpointManagerOptions whose save_decision_policy.any holds `kMillion
// Steps` again and again (issue 22: 7 ms of work per 12 bytes, once).
std::string TextStepSets() {
  const std::string head = "save_decision_policy { any {\n";
  return absl::StrCat(head, Repeat(absl::StrCat("  ", kMillionSteps, "\n"),
                                   head.size()),
                      "} }\n");
}

// As TextStepSets(), each set two ranges that overlap: read a step at a time
// where they do, so only the config's bound keeps the work linear.
std::string TextOverlappingStepSets() {
  const std::string head = "save_decision_policy { any {\n";
  return absl::StrCat(
      head,
      Repeat("  policies { specific_steps { steps { ranges { stop: 500000 } "
             "ranges { start: 1 stop: 500001 } } } }\n",
             head.size()),
      "} }\n");
}

std::string JsonStepSets() {
  const std::string head = R"({"save_decision_policy":{"any":{"policies":[)";
  const std::string policy =
      R"({"specific_steps":{"steps":{"ranges":[{"stop":1000000}]}}})";
  return absl::StrCat(head, policy, Repeat("," + policy, head.size()),
                      "]}}}");
}

std::string BinaryStepSets() {
  v1::SaveDecisionPolicy policy;
  policy.mutable_specific_steps()->mutable_steps()->add_ranges()->set_stop(
      1000000);
  // save_decision_policy(24) { any(6) { policies(1) ... } }, with lengths
  // that protobuf computes.
  v1::CheckpointManagerOptions message;
  auto* any = message.mutable_save_decision_policy()->mutable_any();
  const size_t each = LengthDelimited(1, policy.SerializeAsString()).size();
  for (size_t i = 0; i <= kAdversarialBytes / each; ++i) {
    *any->add_policies() = policy;
  }
  return message.SerializeAsString();
}

struct MemoryCase {
  std::string name;  // <format>_<shape>.
  std::string extension;
  std::string (*make)();
  bool allow_unknown_fields = false;
  int want_exit = 0;
  // For want_exit 1: the error that stderr must hold.
  std::string want_error;
  bool manager = false;  // A CheckpointManagerOptions.
};

void PrintTo(const MemoryCase& c, std::ostream* os) { *os << c.name; }

// What the ranges { start: 1 stop: 2 } inputs are refused for: the default
// primary host is not in {1}.
constexpr char kRangesError[] =
    "error: multiprocessing_options.primary_host: 0 is not in "
    "active_processes {1}; set primary_host to one of them, or set "
    "all_hosts_primary";

// What the step-set inputs are refused for: the second set, and each after
// it, takes the config past kMaxConfigSteps.
constexpr char kStepSetsError[] =
    "error: save_decision_policy.any.policies[1].specific_steps.steps: names "
    "1000000 steps, after 1000000 in the config's step sets before it: over "
    "the limit of 1000000 for a whole config (kMaxConfigSteps)";

std::vector<MemoryCase> MemoryCases() {
  return {
      {"textproto_step_sets", ".textproto", TextStepSets, false, 1,
       kStepSetsError, true},
      {"textproto_overlapping_step_sets", ".textproto",
       TextOverlappingStepSets, false, 1, kStepSetsError, true},
      {"json_step_sets", ".json", JsonStepSets, false, 1, kStepSetsError,
       true},
      {"binpb_step_sets", ".binpb", BinaryStepSets, false, 1, kStepSetsError,
       true},
      {"binpb_process_indices", ".binpb", BinaryProcessIndexZeros},
      {"binpb_ranges", ".binpb", BinaryRanges, false, 1, kRangesError},
      {"binpb_empty_ranges", ".binpb", BinaryEmptyRanges, false, 1,
       "error: multiprocessing_options.active_processes.ranges[0]: [0, 0) is "
       "empty; start must be < stop"},
      {"binpb_unknown_fields", ".binpb", BinaryUnknownFields, false, 1,
       "error: 6: more than 100000 unknown fields (fields from a newer "
       "writer), the most one source may hold"},
      {"binpb_unknown_empty_strings", ".binpb", BinaryUnknownEmptyStrings,
       false, 1,
       "error: 6: more than 100000 unknown fields (fields from a newer "
       "writer), the most one source may hold"},
      {"binpb_deep_unknown", ".binpb", BinaryDeepUnknown, false, 1,
       "error: 101: a group (wire type 3) at byte 0: proto2's group "
       "encoding, which no writer of this proto3 schema sends"},
      {"textproto_process_indices", ".textproto", TextProcessIndexZeros},
      {"textproto_ranges", ".textproto", TextRanges, false, 1, kRangesError},
      {"textproto_unknown_fields", ".textproto", TextUnknownFields, true},
      {"textproto_deep_unknown", ".textproto", TextDeepUnknown, true},
      {"json_process_indices", ".json", JsonProcessIndexZeros},
      {"json_ranges", ".json", JsonRanges, false, 1, kRangesError},
      {"json_empty_ranges", ".json", JsonEmptyRanges, false, 1,
       "error: multiprocessing_options.active_processes.ranges[0]: [0, 0) is "
       "empty; start must be < stop"},
      {"json_unknown_fields", ".json", JsonUnknownFields, true},
      {"json_deep_unknown", ".json", JsonDeepUnknown, true},
  };
}

struct ChildResult {
  bool started = false;
  bool timed_out = false;       // Out of CPU time, or of wall time.
  int exit_code = -1;           // If it exited.
  int term_signal = 0;          // If a signal ended it (other than the limits).
  int64_t peak_rss_bytes = -1;  // -1 if the child did not report it.
  std::chrono::duration<double> cpu{};  // User + system.
  std::chrono::duration<double> wall{};
  std::string out;       // Standard output.
  std::string err_head;  // The first 64 KiB of standard error.
};

std::string ReadHead(const fs::path& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string head(limit, '\0');
  in.read(head.data(), static_cast<std::streamsize>(limit));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// Runs `orbax-options args...` in limits_test_child, with stdin from
// /dev/null and stdout and stderr into `dir`, for at most `cpu_limit` of CPU
// time (and kWallPerCpuLimit times that of wall time). Reports how it ended
// and its peak RSS.
ChildResult RunCommand(const std::vector<std::string>& args,
                       const fs::path& dir, std::chrono::seconds cpu_limit) {
  const fs::path out_path = dir / "stdout.txt";
  const fs::path err_path = dir / "stderr.txt";
  const fs::path peak_path = dir / "peak.txt";
  fs::remove(peak_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_strings = {ORBAX_OPTIONS_LIMITS_CHILD,
                                           peak_path.string()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  ChildResult result;
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, ORBAX_OPTIONS_LIMITS_CHILD, &actions,
                                  nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return result;
  result.started = true;
  // SIGXCPU at the soft limit ends the child; SIGKILL a second later if not.
  const rlimit cpu = {static_cast<rlim_t>(cpu_limit.count()),
                      static_cast<rlim_t>(cpu_limit.count() + 1)};
  if (prlimit(pid, RLIMIT_CPU, &cpu, nullptr) != 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    result.started = false;
    return result;
  }

  int status = 0;
  rusage usage{};
  while (true) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0) return result;
    if (std::chrono::steady_clock::now() - start >
        kWallPerCpuLimit * cpu_limit) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.wall = std::chrono::steady_clock::now() - start;
  const auto seconds = [](const timeval& t) {
    return std::chrono::duration<double>(t.tv_sec + t.tv_usec * 1e-6);
  };
  result.cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  if (WIFSIGNALED(status) &&
      (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)) {
    result.timed_out = true;
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  // "   12345 kB", written by the child just before it exits.
  int64_t peak_kib = -1;
  std::ifstream(peak_path) >> peak_kib;
  result.peak_rss_bytes = peak_kib < 0 ? -1 : peak_kib * 1024;
  fs::remove(peak_path);
  result.out = ReadHead(out_path, 1 << 16);
  result.err_head = ReadHead(err_path, 1 << 16);
  fs::remove(out_path);
  fs::remove(err_path);
  return result;
}

// What went wrong with one child, or "" if nothing did.
std::string Outcome(const ChildResult& r, const MemoryCase& c,
                    std::chrono::seconds cpu_limit) {
  if (!r.started) return "the command did not start";
  if (r.timed_out) {
    return absl::StrCat(
        "did not finish within ", cpu_limit.count(), " s of CPU time (or ",
        kWallPerCpuLimit * cpu_limit.count(), " s of wall time)");
  }
  if (r.term_signal != 0) {
    return absl::StrCat("killed by signal ", r.term_signal);
  }
  if (r.exit_code != c.want_exit) {
    return absl::StrCat("exit ", r.exit_code, ", want ", c.want_exit,
                        "; stderr begins: ", r.err_head.substr(0, 400));
  }
  if (r.peak_rss_bytes < 0) return "the child did not report its peak RSS";
  if (c.want_exit == 0 && r.out != "ok\n") {
    return absl::StrCat("stdout is '", r.out, "', want 'ok'");
  }
  if (c.want_exit != 0 && r.err_head.find(c.want_error) == std::string::npos) {
    return absl::StrCat("stderr does not hold '", c.want_error,
                        "'; it begins: ", r.err_head.substr(0, 400));
  }
  return "";
}

std::string MiB(int64_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f MiB",
                static_cast<double>(bytes) / (1 << 20));
  return buffer;
}

class LimitsMemory : public ::testing::TestWithParam<MemoryCase> {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("limits_memory_", getpid(), "_", GetParam().name);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `bytes` to `file` in the test's directory; returns its path.
  std::string Write(const std::string& file, const std::string& bytes) {
    const fs::path path = dir_ / file;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  fs::path dir_;
};

// Each input goes through the command (`check`, which takes the located
// path) and through `LoadFromString()` (whose fast path gives protobuf's
// parser the bytes first; the Python package's path).
TEST_P(LimitsMemory, PeakStaysWithinTheBound) {
  const MemoryCase& c = GetParam();
  const std::string input = c.make();
  ASSERT_GE(input.size(), kAdversarialBytes);
  ASSERT_LE(input.size(), kAdversarialBytes + 1024);
  const int64_t input_bytes = static_cast<int64_t>(input.size());
  const std::string empty_path =
      Write("empty" + c.extension, c.extension == ".json" ? "{}" : "");
  const std::string input_path = Write("input" + c.extension, input);

  for (const std::string entry : {"check", "--load-from-string"}) {
    SCOPED_TRACE(entry);
    std::vector<std::string> flags = {entry};
    if (c.allow_unknown_fields) flags.push_back("--allow-unknown-fields");
    if (c.manager) flags.push_back("--type=CheckpointManagerOptions");
    // The baseline: the same entry on an empty source of the same format.
    std::vector<std::string> args = flags;
    args.push_back(empty_path);
    const ChildResult baseline = RunCommand(args, dir_, kChildCpuLimit);
    ASSERT_EQ(Outcome(baseline, MemoryCase{.want_exit = 0}, kChildCpuLimit),
              "")
        << "the empty source";

    args = flags;
    args.push_back(input_path);
    const ChildResult r = RunCommand(args, dir_, kChildCpuLimit);
    const std::string outcome = Outcome(r, c, kChildCpuLimit);

    const int64_t above_baseline = r.peak_rss_bytes - baseline.peak_rss_bytes;
    const int64_t bound =
        kPeakBytesPerInputByte * input_bytes + kPeakFixedBytes;
    char ratio_text[32];
    std::snprintf(
        ratio_text, sizeof(ratio_text), "%.1fx",
        static_cast<double>(above_baseline) / static_cast<double>(input_bytes));
    const std::string peak_text =
        r.peak_rss_bytes < 0
            ? std::string("peak not measured")
            : absl::StrCat("peak ", MiB(r.peak_rss_bytes), " = baseline ",
                           MiB(baseline.peak_rss_bytes), " + ", ratio_text,
                           " the input");
    const std::string measured = absl::StrCat(
        c.name, " (", entry, "): input ", MiB(input_bytes), ", ", peak_text,
        "; bound: baseline + ", kPeakBytesPerInputByte, "x + ",
        MiB(kPeakFixedBytes), " = baseline + ", MiB(bound), "; ",
        static_cast<int64_t>(r.cpu.count() * 1000), " ms CPU, ",
        static_cast<int64_t>(r.wall.count() * 1000), " ms wall",
        outcome.empty() ? "" : absl::StrCat(" (", outcome, ")"));
    std::cout << "[ measured ] " << measured << std::endl;
    if (r.peak_rss_bytes >= 0) {
      RecordProperty(absl::StrCat("peak_above_baseline_per_input_byte",
                                  entry == "check" ? "" : "_load_from_string"),
                     ratio_text);
    }

    std::vector<std::string> failures;
    if (!outcome.empty()) failures.push_back(outcome);
    // The bound is checked on a child that loaded the input as expected: one
    // that was killed or refused it early never reached its peak.
    if (!kSanitized && outcome.empty() && above_baseline > bound) {
      failures.push_back(absl::StrCat("peak is ", MiB(above_baseline),
                                      " above the baseline, over the bound of ",
                                      MiB(bound)));
    }
    for (const std::string& failure : failures) {
      ADD_FAILURE() << failure << "\n" << measured;
    }
  }
  if (kSanitized) {
    std::cout << "[ note     ] built with a sanitizer: peak memory not checked"
              << std::endl;
  }
}

INSTANTIATE_TEST_SUITE_P(AdversarialInputs, LimitsMemory,
                         ::testing::ValuesIn(MemoryCases()),
                         [](const ::testing::TestParamInfo<MemoryCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace orbax::checkpoint::options
