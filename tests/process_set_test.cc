// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/process_set.h"

#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ProcessSet, DefaultIsEmpty) {
  ProcessSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0);
  EXPECT_FALSE(set.contains(0));
  EXPECT_EQ(set.begin(), set.end());
  EXPECT_EQ(set.ToString(), "{}");
}

TEST(ProcessSet, FromIndicesNormalisesAnyOrderAndDuplicates) {
  ProcessSet set = ProcessSet::FromIndices({8, 2, 0, 1, 3, 2, 8}).value();
  EXPECT_THAT(set.ranges(),
              ElementsAre(ProcessRange{0, 4}, ProcessRange{8, 9}));
  EXPECT_EQ(set.size(), 5);
  EXPECT_EQ(set.ToString(), "{0-3, 8}");
  EXPECT_THAT(std::vector<int32_t>(set.begin(), set.end()),
              ElementsAre(0, 1, 2, 3, 8));
}

TEST(ProcessSet, FromRangesMergesOverlappingAndAdjacent) {
  ProcessSet set =
      ProcessSet::FromRanges({{10, 12}, {0, 2}, {2, 4}, {11, 15}, {1, 3}})
          .value();
  EXPECT_THAT(set.ranges(),
              ElementsAre(ProcessRange{0, 4}, ProcessRange{10, 15}));
  EXPECT_EQ(set.size(), 9);
}

TEST(ProcessSet, FromRangesTakesAVectorAndNormalisesIt) {
  std::vector<ProcessRange> ranges = {{10, 12}, {0, 2}, {2, 4}, {11, 15}};
  ProcessSet set = ProcessSet::FromRanges(std::move(ranges)).value();
  EXPECT_THAT(set.ranges(),
              ElementsAre(ProcessRange{0, 4}, ProcessRange{10, 15}));
  EXPECT_THAT(ProcessSet::FromRanges(std::vector<ProcessRange>{{0, 1}, {3, 3}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ranges[1]: [3, 3) is empty")));
}

TEST(ProcessSet, FromIndicesAndRangesIsTheUnion) {
  const int32_t indices[] = {9, 3, 4, 3, 20};
  ProcessSet set =
      ProcessSet::FromIndicesAndRanges(indices, {{5, 8}, {0, 2}}).value();
  EXPECT_EQ(set.ToString(), "{0-1, 3-7, 9, 20}");
  EXPECT_THAT(ProcessSet::FromIndicesAndRanges(indices, {{0, 2}, {7, 7}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ranges[1]: [7, 7) is empty; start must be < stop"));
  const int32_t bad[] = {1, -2};
  EXPECT_THAT(ProcessSet::FromIndicesAndRanges(bad, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "indices[1]: must be >= 0, got -2"));
}

TEST(ProcessSet, RepeatedIndicesTakeOneRangeAsTheyAreRead) {
  // A million copies of one index, sorted or not, are one range, never a
  // million on the way (what a binary list of zeros would otherwise cost).
  std::vector<int32_t> zeros(1000000, 0);
  ProcessSet set = ProcessSet::FromIndices(zeros).value();
  EXPECT_THAT(set.ranges(), ElementsAre(ProcessRange{0, 1}));
  EXPECT_EQ(set.ranges().capacity(), 1);
  std::vector<int32_t> two(1000000, 7);
  two.back() = 3;  // Unsorted.
  set = ProcessSet::FromIndices(two).value();
  EXPECT_THAT(set.ranges(),
              ElementsAre(ProcessRange{3, 4}, ProcessRange{7, 8}));
  EXPECT_EQ(set.ranges().capacity(), 2);
}

TEST(ProcessSet, EqualSetsFromDifferentSpellingsAreEqual) {
  EXPECT_EQ(ProcessSet::FromIndices({0, 1, 2, 5}).value(),
            ProcessSet::FromRanges({{5, 6}, {0, 3}}).value());
  EXPECT_NE(ProcessSet::FromIndices({0, 1}).value(),
            ProcessSet::FromIndices({0, 2}).value());
}

TEST(ProcessSet, ContainsChecksRangeBoundaries) {
  ProcessSet set = ProcessSet::FromRanges({{2, 5}, {10, 11}}).value();
  for (int32_t i : {-1, 0, 1, 5, 6, 9, 11, INT32_MAX}) {
    SCOPED_TRACE(i);
    EXPECT_FALSE(set.contains(i));
  }
  for (int32_t i : {2, 3, 4, 10}) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(set.contains(i));
  }
}

// Every count of ranges from 1 to 70 (odd, even, powers of two), every index
// around and inside them: contains() agrees with the definition.
TEST(ProcessSet, ContainsAgreesWithRangesForEverySize) {
  for (int32_t count = 1; count <= 70; ++count) {
    std::vector<ProcessRange> ranges;
    for (int32_t i = 0; i < count; ++i) ranges.push_back({3 * i, 3 * i + 2});
    const ProcessSet set = ProcessSet::FromRanges(ranges).value();
    ASSERT_EQ(set.ranges().size(), static_cast<size_t>(count));
    for (int32_t index = -2; index <= 3 * count + 2; ++index) {
      SCOPED_TRACE(::testing::Message() << count << " ranges, " << index);
      const bool expected = index >= 0 && index < 3 * count && index % 3 != 2;
      EXPECT_EQ(set.contains(index), expected);
    }
  }
}

TEST(ProcessSet, HugeRangeStaysOneRange) {
  ProcessSet set = ProcessSet::FromRanges({{0, 2000000000}}).value();
  EXPECT_EQ(set.ranges().size(), 1u);
  EXPECT_EQ(set.ranges().capacity(), 1u);
  EXPECT_EQ(set.size(), 2000000000);
  EXPECT_TRUE(set.contains(1999999999));
  EXPECT_FALSE(set.contains(2000000000));
}

TEST(ProcessSet, LargestIndexIsAllowedAndIterates) {
  ProcessSet set =
      ProcessSet::FromIndices({kMaxProcessIndex - 1, kMaxProcessIndex}).value();
  EXPECT_THAT(set.ranges(),
              ElementsAre(ProcessRange{kMaxProcessIndex - 1, INT32_MAX}));
  EXPECT_THAT(std::vector<int32_t>(set.begin(), set.end()),
              ElementsAre(kMaxProcessIndex - 1, kMaxProcessIndex));
}

TEST(ProcessSet, RefusesInvalidIndices) {
  EXPECT_THAT(ProcessSet::FromIndices({0, -1}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("indices[1]: must be >= 0, got -1")));
  EXPECT_THAT(ProcessSet::FromIndices({INT32_MAX}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("got 2147483647")));
}

TEST(ProcessSet, RefusesEmptyReversedAndNegativeRanges) {
  EXPECT_THAT(ProcessSet::FromRanges({{0, 2}, {5, 5}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ranges[1]: [5, 5) is empty")));
  EXPECT_THAT(ProcessSet::FromRanges({{7, 3}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("ranges[0]: [7, 3) is reversed")));
  EXPECT_THAT(ProcessSet::FromRanges({{-2, 3}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("start must be >= 0, got -2")));
}

TEST(ProcessSet, ErrorHelpersAcceptValidInput) {
  EXPECT_EQ(ProcessIndexError(0), "");
  EXPECT_EQ(ProcessIndexError(kMaxProcessIndex), "");
  EXPECT_EQ(ProcessRangeError({0, 1}), "");
  EXPECT_EQ(ProcessRangeError({0, INT32_MAX}), "");
}

TEST(ProcessSet, IsValidProcessIndexAgreesWithProcessIndexError) {
  for (int32_t index : {INT32_MIN, -1, 0, 1, kMaxProcessIndex, INT32_MAX}) {
    EXPECT_EQ(IsValidProcessIndex(index), ProcessIndexError(index).empty())
        << index;
  }
  EXPECT_TRUE(IsValidProcessIndex(kMaxProcessIndex));
  EXPECT_FALSE(IsValidProcessIndex(INT32_MAX));
  EXPECT_FALSE(IsValidProcessIndex(-1));
  EXPECT_EQ(ProcessIndexError(INT32_MAX),
            "must be <= 2147483646, got 2147483647");
}

}  // namespace
}  // namespace orbax::checkpoint::options
