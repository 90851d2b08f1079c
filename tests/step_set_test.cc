// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/step_set.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(StepSet, DefaultIsEmpty) {
  StepSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_EQ(set.size(), 0);
  EXPECT_FALSE(set.contains(0));
  EXPECT_THAT(set.ToVector(), IsEmpty());
  EXPECT_EQ(set.ToString(), "{}");
  EXPECT_EQ(StepSet::FromSteps({}).value(), set);
}

// One row: a set given as steps and ranges, and its canonical form.
struct CanonicalCase {
  std::string name;
  std::vector<int64_t> steps;
  std::vector<StepRange> ranges;
  std::vector<int64_t> canonical_steps;
  std::vector<StepRange> canonical_ranges;
  std::string text;
};

TEST(StepSet, CanonicalForm) {
  const std::vector<CanonicalCase> cases = {
      {"runs of one spacing, any order, repeats",
       {9, 0, 1, 2, 3, 5, 7, 8, 12, 3},
       {},
       {5, 12},
       {{0, 4, 1}, {7, 10, 1}},
       "{0-3, 5, 7-9, 12}"},
      {"greedy from the left: 0 2 4 wins over 4 5 6",
       {6, 5, 4, 2, 0},
       {},
       {5, 6},
       {{0, 6, 2}},
       "{0-4 every 2, 5, 6}"},
      {"two steps are no run", {10, 20}, {}, {10, 20}, {}, "{10, 20}"},
      {"a range of two steps is two single steps",
       {},
       {{0, 4, 2}},
       {0, 2},
       {},
       "{0, 2}"},
      {"step 0 means 1", {}, {{3, 6, 0}}, {}, {{3, 6, 1}}, "{3-5}"},
      {"stop is one spacing past the last step",
       {},
       {{0, 1001, 500}},
       {},
       {{0, 1500, 500}},
       "{0-1000 every 500}"},
      {"every 1000th step up to 10^9 is one range",
       {},
       {{0, 1000000000, 1000}},
       {},
       {{0, 1000000000, 1000}},
       "{0-999999000 every 1000}"},
      {"overlapping ranges and steps",
       {20, 15},
       {{10, 20, 5}, {0, 30, 10}},
       {0},
       {{10, 25, 5}},
       "{0, 10-20 every 5}"},
      {"a range and the steps that continue it merge",
       {9, 12},
       {{0, 7, 3}},
       {},
       {{0, 15, 3}},
       "{0-12 every 3}"},
      {"two interleaved spacings give single steps",
       {},
       {{0, 9, 3}, {1, 10, 3}},
       {0, 1, 3, 4, 6, 7},
       {},
       "{0, 1, 3, 4, 6, 7}"},
      {"a single step after a range's span",
       {1000005},
       {{0, 999001, 1000}},
       {1000005},
       {{0, 1000000, 1000}},
       "{0-999000 every 1000, 1000005}"},
      {"greedy: a step inside the span splits the run's start off",
       {7},
       {{0, 999001, 1000}},
       {0, 7},
       {{1000, 1000000, 1000}},
       "{0, 7, 1000-999000 every 1000}"},
      {"the largest step", {kMaxStep}, {}, {kMaxStep}, {}, ""},
      {"a run up to the largest step",
       {kMaxStep - 2, kMaxStep - 1, kMaxStep},
       {},
       {},
       {{kMaxStep - 2, kMaxStep + 1, 1}},
       ""},
  };
  for (const CanonicalCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<StepSet> set =
        StepSet::FromStepsAndRanges(c.steps, c.ranges);
    ASSERT_TRUE(set.ok()) << set.status();
    EXPECT_EQ(set->steps(), c.canonical_steps);
    EXPECT_EQ(set->ranges(), c.canonical_ranges);
    if (!c.text.empty()) EXPECT_EQ(set->ToString(), c.text);
    // The canonical form reads back as the same set.
    EXPECT_EQ(StepSet::FromStepsAndRanges(set->steps(), set->ranges()).value(),
              *set);
  }
}

TEST(StepSet, EqualSetsSpelledDifferentlyAreEqual) {
  const StepSet a = StepSet::FromRanges({{0, 100, 10}}).value();
  const StepSet b = StepSet::FromStepsAndRanges(
                        std::vector<int64_t>{90, 0, 50},
                        std::vector<StepRange>{{10, 50, 20}, {20, 90, 10}})
                        .value();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, StepSet::FromRanges({{0, 110, 10}}).value());
}

TEST(StepSet, SizeContainsAndToVector) {
  const StepSet set =
      StepSet::FromStepsAndRanges(std::vector<int64_t>{3, 1000005},
                                  std::vector<StepRange>{{0, 1000000, 1000}})
          .value();
  EXPECT_EQ(set.size(), 1002);
  for (int64_t step : {0, 3, 1000, 5000, 999000, 1000005}) {
    EXPECT_TRUE(set.contains(step)) << step;
  }
  for (int64_t step : {-1, 1, 999, 1001, 1000000, 1000004, 1000006}) {
    EXPECT_FALSE(set.contains(step)) << step;
  }
  const std::vector<int64_t> all = set.ToVector();
  ASSERT_EQ(all.size(), 1002u);
  EXPECT_EQ(all[0], 0);
  EXPECT_EQ(all[1], 3);
  EXPECT_EQ(all[2], 1000);
  EXPECT_EQ(all.back(), 1000005);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
}

TEST(StepSet, RefusesWhatIsNotASetOfTrainingSteps) {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_THAT(StepSet::FromSteps({1, -5}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "steps[1]: training steps start at 0, got -5"));
  EXPECT_THAT(StepSet::FromSteps({kMaxStep + 1}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "steps[0]: must be <= 4611686018427387903 (2^62 - 1), "
                       "got 4611686018427387904"));
  EXPECT_THAT(StepSet::FromRanges({{0, 5, 1}, {3, 3, 1}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ranges[1]: range(3, 3, 1) is empty; start must be < "
                       "stop"));
  EXPECT_THAT(StepSet::FromRanges({{9, 2, 0}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ranges[0]: range(9, 2, 1) is reversed; start must be "
                       "< stop"));
  EXPECT_THAT(StepSet::FromRanges({{0, 10, -1}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ranges[0]: step must be positive (or 0, which means "
                       "1), got -1"));
  EXPECT_THAT(StepSet::FromRanges({{-4, 10, 1}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "ranges[0]: start: training steps start at 0, got -4"));
  EXPECT_THAT(
      StepSet::FromRanges({{0, kMax, kMaxStep + 1}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "ranges[0]: range(0, 9223372036854775807, 4611686018427387904) "
               "holds step 4611686018427387904, above the largest step "
               "4611686018427387903 (2^62 - 1)"));
  // A range of one step at the end of int64 is fine; its stop is past it.
  EXPECT_EQ(StepSet::FromRanges({{kMaxStep, kMax, kMax}}).value().size(), 1);
}

TEST(StepSet, HoldsAtMostAMillionSteps) {
  EXPECT_EQ(StepSet::FromRanges({{0, kMaxSteps}}).value().size(), kMaxSteps);
  const std::string why =
      ": Orbax keeps every step of the set in a Python frozenset, so a set is "
      "limited to 1000000 steps (kMaxSteps)";
  EXPECT_THAT(StepSet::FromRanges({{0, kMaxSteps + 1}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "the ranges name more than 1000000 steps together, a "
                       "step that two ranges share counting twice" +
                           why));
  // Single steps past the ranges' million.
  EXPECT_THAT(
      StepSet::FromStepsAndRanges(std::vector<int64_t>{kMaxSteps + 5},
                                  std::vector<StepRange>{{0, kMaxSteps}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "holds more than 1000000 steps" + why));
  std::vector<int64_t> scattered(kMaxSteps + 1);
  for (size_t i = 0; i < scattered.size(); ++i) scattered[i] = 7 * i;
  EXPECT_THAT(StepSet::FromSteps(scattered),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "holds more than 1000000 steps" + why));
  // Repeats of one step count once.
  std::vector<int64_t> repeats(kMaxSteps + 10, 42);
  EXPECT_EQ(StepSet::FromSteps(repeats).value().size(), 1);
}

TEST(StepSet, HugeRangesAreRefusedWithoutEnumeratingThem) {
  // 2^61 steps, and a million ranges of 2^40 steps each: counted, never
  // walked (either would take hours).
  EXPECT_FALSE(StepSet::FromRanges({{0, kMaxStep, 2}}).ok());
  std::vector<StepRange> ranges(1000000, StepRange{0, int64_t{1} << 40, 1});
  EXPECT_FALSE(StepSet::FromRanges(ranges).ok());
}

// The time to read a set of `n` steps in the worst shape for the sweep:
// unsorted single steps, and ranges that overlap. The minimum of three runs.
double SecondsToRead(int64_t n) {
  std::mt19937_64 rng(n);
  std::vector<int64_t> steps(n / 2);
  for (int64_t& s : steps) s = static_cast<int64_t>(rng() % (50 * n));
  std::vector<StepRange> ranges;
  for (int64_t k = 0; k < n / 200; ++k) {
    ranges.push_back({k * 50, k * 50 + 300, 3});  // Six overlap at a time.
  }
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<StepSet> set = StepSet::FromStepsAndRanges(steps, ranges);
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(set.ok()) << set.status();
    best = std::min(best, took.count());
  }
  return best;
}

TEST(StepSet, ReadingCostGrowsLinearlyWithTheSteps) {
  // Four times the steps: about four times the time (n log n is 4.4 here); a
  // quadratic cost would be 16. The bound leaves room for a noisy machine.
  const double small = SecondsToRead(kMaxSteps / 4);
  const double large = SecondsToRead(kMaxSteps);
  EXPECT_LT(large, 10 * std::max(small, 1e-3))
      << "small " << small << " s, large " << large << " s";
}

// Ranges read whole where they overlap nothing else, a step at a time where
// they do: the same set as every step given one by one, on seeded random
// mixes of singles and ranges (overlapping, abutting, repeated).
TEST(StepSet, RangesReadWholeGiveTheSetOfTheirSteps) {
  std::mt19937_64 rng(20261207);
  for (int trial = 0; trial < 3000; ++trial) {
    SCOPED_TRACE(trial);
    const int64_t universe = 1 + static_cast<int64_t>(rng() % 300);
    std::vector<int64_t> steps(rng() % 6);
    for (int64_t& s : steps) s = static_cast<int64_t>(rng() % universe);
    std::vector<StepRange> ranges(rng() % 6);
    std::vector<int64_t> all = steps;
    for (StepRange& r : ranges) {
      r.start = static_cast<int64_t>(rng() % universe);
      r.stop = r.start + 1 + static_cast<int64_t>(rng() % universe);
      r.step = static_cast<int64_t>(rng() % 5);  // 0 means 1.
      for (int64_t v = r.start; v < r.stop; v += r.step == 0 ? 1 : r.step) {
        all.push_back(v);
      }
    }
    const StepSet want = StepSet::FromSteps(all).value();
    const StepSet got = StepSet::FromStepsAndRanges(steps, ranges).value();
    ASSERT_EQ(got, want) << got.ToString() << " != " << want.ToString();
    ASSERT_EQ(got.size(), want.size());
  }
}

TEST(StepSet, StepsNamedCountsAsWrittenWithoutReadingRanges) {
  EXPECT_EQ(StepsNamed({}, {}), 0);
  const std::vector<int64_t> repeats = {5, 5, 5};
  const std::vector<StepRange> ranges = {{0, 10, 0}, {0, 10, 5}, {9, 2, 1}};
  // 3 single steps, 10 + 2 steps of ranges; the reversed range counts none.
  EXPECT_EQ(StepsNamed(repeats, ranges), 15);
  // 2^61 steps: counted no further than one past the config's bound.
  const std::vector<StepRange> huge = {{0, kMaxStep, 2}, {0, kMaxStep, 2}};
  EXPECT_EQ(StepsNamed({}, huge), kMaxConfigSteps + 1);
}

TEST(StepSet, ErrorHelpers) {
  EXPECT_EQ(StepError(0), "");
  EXPECT_EQ(StepError(kMaxStep), "");
  EXPECT_EQ(StepError(-1), "training steps start at 0, got -1");
  EXPECT_EQ(StepRangeError({0, 1, 0}), "");
  EXPECT_EQ(StepRangeError({5, 5, 2}),
            "range(5, 5, 2) is empty; start must be < stop");
}

}  // namespace
}  // namespace orbax::checkpoint::options
