// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The documented limits, as tests: memory that does not grow with the number
// of processes, large index lists that load correctly, and the input size
// limit, which holds before the input is read whole. How fast large inputs load
// is measured in bench/, not here.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <string>
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

}  // namespace
}  // namespace orbax::checkpoint::options
