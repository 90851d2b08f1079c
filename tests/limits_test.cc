// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The documented limits, as tests: memory that does not grow with the number
// of processes, large index lists that load correctly, and the input size
// limit. How fast large inputs load is measured in bench/, not here.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace orbax::checkpoint::options
