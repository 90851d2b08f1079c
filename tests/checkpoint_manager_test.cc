// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/checkpoint_manager.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

SaveDecisionPolicy Save(auto policy) { return {std::move(policy)}; }
PreservationPolicy Keep(auto policy) { return {std::move(policy)}; }

StepSet Steps(std::initializer_list<int64_t> steps) {
  return StepSet::FromSteps(steps).value();
}

TEST(ApplyReadOnly, ResetsWhatPostInitResets) {
  CheckpointManagerOptions options;
  options.read_only = true;
  options.save_interval_steps = 10;
  options.max_to_keep = 3;
  options.keep_time_interval = absl::Minutes(5);
  options.keep_period = 7;
  options.cleanup_tmp_directories = true;
  options.save_on_steps = Steps({4});
  options.todelete_subdir = "a";
  options.todelete_full_path = "b";
  // Untouched: everything else.
  options.step_prefix = "p";
  options.preservation_policy = Keep(LatestN{2});
  options.async_options = AsyncOptions{};

  CheckpointManagerOptions expected;
  expected.read_only = true;
  expected.save_interval_steps = 0;
  expected.create = false;
  expected.step_prefix = "p";
  expected.preservation_policy = Keep(LatestN{2});
  expected.async_options = AsyncOptions{};

  ApplyReadOnly(options);
  EXPECT_EQ(options, expected);
  ApplyReadOnly(options);  // Idempotent.
  EXPECT_EQ(options, expected);
}

TEST(ApplyReadOnly, LeavesANegativeIntervalAndChangesNothingWithoutReadOnly) {
  CheckpointManagerOptions options;
  options.read_only = true;
  options.save_interval_steps = -4;  // Only a positive one is reset.
  ApplyReadOnly(options);
  EXPECT_EQ(options.save_interval_steps, -4);

  CheckpointManagerOptions writable;
  writable.max_to_keep = 3;
  writable.save_on_steps = Steps({1});
  const CheckpointManagerOptions before = writable;
  ApplyReadOnly(writable);
  EXPECT_EQ(writable, before);
}

// The save policy Orbax derives when none is set.
SaveDecisionPolicy DerivedSave(int64_t interval, StepSet steps = {}) {
  return Save(AnySavePolicy{{
      Save(FixedIntervalPolicy{interval}),
      Save(SpecificStepsPolicy{std::move(steps)}),
      Save(PreemptionCheckpointingPolicy{}),
      Save(InitialSavePolicy{}),
  }});
}

// One row: options, and the policies the manager uses with them.
struct DerivedCase {
  std::string name;
  std::function<void(CheckpointManagerOptions&)> change;
  SaveDecisionPolicy save;
  PreservationPolicy keep;
};

TEST(DerivedPolicies, FollowOrbaxsDefaults) {
  using O = CheckpointManagerOptions;
  const std::vector<DerivedCase> cases = {
      {"defaults", [](O&) {}, DerivedSave(1),
       Keep(AnyPreservationPolicy{{Keep(LatestN{})}})},
      {"every 1000 steps, the latest 5 and every 10000th",
       [](O& o) {
         o.save_interval_steps = 1000;
         o.max_to_keep = 5;
         o.keep_period = 10000;
       },
       DerivedSave(1000),
       Keep(AnyPreservationPolicy{{
           Keep(EveryNSteps{.interval_steps = 10000}),
           Keep(LatestN{5}),
       }})},
      {"extra steps and a time interval",
       [](O& o) {
         o.save_on_steps = Steps({5, 50});
         o.keep_time_interval = absl::Hours(2) + absl::Milliseconds(999);
       },
       DerivedSave(1, Steps({5, 50})),
       Keep(AnyPreservationPolicy{{
           Keep(EveryNSeconds{7200}),  // Whole seconds, toward zero.
           Keep(LatestN{}),
       }})},
      {"a negative time interval truncates toward zero",
       [](O& o) { o.keep_time_interval = -absl::Milliseconds(1500); },
       DerivedSave(1),
       Keep(AnyPreservationPolicy{{Keep(EveryNSeconds{-1}), Keep(LatestN{})}})},
      {"policies that are set are used as they are",
       [](O& o) {
         o.save_interval_steps = 1000;
         o.save_decision_policy = Save(ContinuousCheckpointingPolicy{60});
         o.preservation_policy = Keep(PreserveAll{});
       },
       Save(ContinuousCheckpointingPolicy{60}), Keep(PreserveAll{})},
      {"read_only's resets come first",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = 1000;
         o.save_on_steps = Steps({3});
         o.max_to_keep = 5;
         o.keep_period = 100;
         o.keep_time_interval = absl::Seconds(9);
       },
       DerivedSave(0), Keep(AnyPreservationPolicy{{Keep(LatestN{})}})},
      {"best_mode takes no part without a best_fn",
       [](O& o) { o.best_mode = BestMode::kMin; }, DerivedSave(1),
       Keep(AnyPreservationPolicy{{Keep(LatestN{})}})},
  };
  for (const DerivedCase& c : cases) {
    SCOPED_TRACE(c.name);
    CheckpointManagerOptions options;
    c.change(options);
    const ManagerPolicies policies = DerivedPolicies(options);
    EXPECT_EQ(policies.save_decision_policy, c.save);
    EXPECT_EQ(policies.preservation_policy, c.keep);
  }
}

TEST(DerivedPolicies, SecondsAreWhatPythonsIntOfTotalSecondsGives) {
  // Expected values from CPython 3:
  //   int(datetime.timedelta(microseconds=us).total_seconds())
  // total_seconds() rounds to the nearest double, which past 2^34 s can be
  // the next second.
  const std::pair<int64_t, int64_t> cases[] = {
      {1500000, 1},
      {-1500000, -1},
      {8589934591999999, 8589934591},
      {17179869183999999, 17179869183},
      {17179869184999999, 17179869185},
      {34359738367999984, 34359738367},
      {315576000000999969, 315576000000},
      {315576000000999970, 315576000001},
      {315576000000999999, 315576000001},
      {-315576000000999999, -315576000001},
  };
  for (const auto& [micros, seconds] : cases) {
    SCOPED_TRACE(micros);
    CheckpointManagerOptions options;
    options.keep_time_interval = absl::Microseconds(micros);
    const ManagerPolicies policies = DerivedPolicies(options);
    const auto& any =
        std::get<AnyPreservationPolicy>(policies.preservation_policy.policy);
    EXPECT_EQ(any.policies[0], Keep(EveryNSeconds{seconds}));
  }
}

TEST(BestNPaths, ListsEveryBestNInWalkOrder) {
  CheckpointManagerOptions options;
  EXPECT_THAT(BestNPaths(options), IsEmpty());
  options.preservation_policy = Keep(BestN{});
  EXPECT_THAT(BestNPaths(options), ElementsAre("preservation_policy.best_n"));
  options.preservation_policy = Keep(AnyPreservationPolicy{{
      Keep(LatestN{3}),
      Keep(BestN{.n = 2}),
      Keep(AnyPreservationPolicy{{Keep(BestN{.reverse = true})}}),
  }});
  EXPECT_THAT(BestNPaths(options),
              ElementsAre("preservation_policy.any.policies[1].best_n",
                          "preservation_policy.any.policies[2].any."
                          "policies[0].best_n"));
}

}  // namespace
}  // namespace orbax::checkpoint::options
