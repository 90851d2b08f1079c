// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/plan.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/step_set.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::StatusIs;

using Steps = std::vector<int64_t>;

StepSet Set(std::initializer_list<int64_t> steps) {
  return StepSet::FromSteps(steps).value();
}

PlanInput RunOf(int64_t start, int64_t stop, int64_t stride = 1) {
  return {.steps = {start, stop, stride}, .step_seconds = 1.0};
}

std::optional<std::vector<StepMetric>> Metrics(
    std::initializer_list<std::pair<int64_t, double>> values) {
  std::vector<StepMetric> out;
  for (const auto& [step, value] : values) out.push_back({step, value, "m"});
  return out;
}

Plan Make(const CheckpointManagerOptions& options, const PlanInput& input) {
  absl::StatusOr<Plan> plan = MakePlan(options, input);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? *plan : Plan{};
}

// The options with `policy` as the preservation policy, saving every step
// (save_interval_steps 1).
CheckpointManagerOptions Keeping(PreservationPolicy policy) {
  CheckpointManagerOptions options;
  options.preservation_policy = std::move(policy);
  return options;
}

TEST(MakePlan, IntervalAndMaxToKeep) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 10;
  options.max_to_keep = 2;
  const Plan plan = Make(options, RunOf(0, 50));
  EXPECT_THAT(plan.saved, ElementsAre(0, 10, 20, 30, 40));
  EXPECT_EQ(plan.saved_count, 5);
  EXPECT_THAT(plan.kept, ElementsAre(30, 40));
  EXPECT_THAT(plan.deletions, ElementsAre(Deletion{0, 20}, Deletion{10, 30},
                                          Deletion{20, 40}));
  EXPECT_EQ(plan.peak_checkpoints, 3);
  EXPECT_EQ(plan.peak_step, 20);
  EXPECT_EQ(plan.peak_bytes, std::nullopt);
}

TEST(MakePlan, InitialSaveAtTheFirstStep) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 10;
  EXPECT_THAT(Make(options, RunOf(5, 30)).saved, ElementsAre(5, 10, 20));
}

TEST(MakePlan, MaxToKeepZeroSavesEveryStep) {
  // LatestN(0) deletes each save at once, so InitialSavePolicy fires again.
  CheckpointManagerOptions options;
  options.save_interval_steps = 10;
  options.max_to_keep = 0;
  const Plan plan = Make(options, RunOf(0, 3));
  EXPECT_THAT(plan.saved, ElementsAre(0, 1, 2));
  EXPECT_THAT(plan.deletions,
              ElementsAre(Deletion{0, 0}, Deletion{1, 1}, Deletion{2, 2}));
  EXPECT_THAT(plan.kept, IsEmpty());
  EXPECT_EQ(plan.peak_checkpoints, 1);
  EXPECT_EQ(plan.peak_step, 0);
}

TEST(MakePlan, SaveOnSteps) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 100;
  options.save_on_steps = Set({7, 150});
  EXPECT_THAT(Make(options, RunOf(0, 201)).saved,
              ElementsAre(0, 7, 100, 150, 200));
}

TEST(MakePlan, KeepPeriod) {
  CheckpointManagerOptions options;
  options.max_to_keep = 1;
  options.keep_period = 3;
  const Plan plan = Make(options, RunOf(0, 7));
  EXPECT_THAT(plan.kept, ElementsAre(0, 3, 6));
  EXPECT_THAT(plan.deletions, ElementsAre(Deletion{1, 2}, Deletion{2, 3},
                                          Deletion{4, 5}, Deletion{5, 6}));
}

TEST(MakePlan, KeepTimeInterval) {
  CheckpointManagerOptions options;
  options.max_to_keep = 1;
  options.keep_time_interval = absl::Seconds(3);
  const Plan plan = Make(options, RunOf(0, 6));
  EXPECT_THAT(plan.kept, ElementsAre(0, 3, 5));
  EXPECT_THAT(plan.deletions,
              ElementsAre(Deletion{1, 2}, Deletion{2, 3}, Deletion{4, 5}));
  EXPECT_THAT(plan.assumptions,
              Contains(Field(&Assumption::what, "wall clock")));
}

TEST(MakePlan, StepTimes) {
  CheckpointManagerOptions options;
  options.max_to_keep = 1;
  options.keep_time_interval = absl::Seconds(10);
  PlanInput input{.steps = {0, 3, 1}};
  input.step_times = {{0, 0, "t:1"}, {1, 9.999999, "t:2"}, {2, 10, "t:3"}};
  EXPECT_THAT(Make(options, input).kept, ElementsAre(0, 2));
}

TEST(MakePlan, ExistingStepsRefuseEarlierSteps) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 50;
  PlanInput input = RunOf(0, 201);
  input.existing_steps = {100};
  const Plan plan = Make(options, input);
  EXPECT_THAT(plan.saved, ElementsAre(150, 200));
  EXPECT_THAT(plan.kept, ElementsAre(100, 150, 200));
  EXPECT_THAT(
      plan.assumptions,
      Contains(Assumption{"steps at or below the latest checkpoint",
                          "not saved, as Orbax's should_save() refuses them "
                          "(Orbax issue #527): 101 step(s) of the run"}));
}

TEST(MakePlan, ExistingStepsCountTowardPeakAndAreDeleted) {
  CheckpointManagerOptions options;
  options.max_to_keep = 2;
  PlanInput input = RunOf(10, 12);
  input.existing_steps = {3, 0, 2, 1};
  input.checkpoint_bytes = 100;
  const Plan plan = Make(options, input);
  EXPECT_THAT(plan.deletions, ElementsAre(Deletion{0, 10}, Deletion{1, 10},
                                          Deletion{2, 10}, Deletion{3, 11}));
  EXPECT_THAT(plan.kept, ElementsAre(10, 11));
  EXPECT_EQ(plan.peak_checkpoints, 5);
  EXPECT_EQ(plan.peak_step, 10);
  EXPECT_EQ(plan.peak_bytes, 500);
}

TEST(MakePlan, PeakAtStartIsTheFirstStep) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 1000;
  PlanInput input = RunOf(10, 20);
  input.existing_steps = {1, 2, 3};
  const Plan plan = Make(options, input);
  EXPECT_THAT(plan.saved, IsEmpty());
  EXPECT_EQ(plan.peak_checkpoints, 3);
  EXPECT_EQ(plan.peak_step, 10);
}

TEST(MakePlan, ReadOnlySavesNothing) {
  CheckpointManagerOptions options;
  options.read_only = true;
  const Plan plan = Make(options, RunOf(0, 10));
  EXPECT_THAT(plan.saved, IsEmpty());
  EXPECT_THAT(plan.kept, IsEmpty());
}

TEST(MakePlan, BestFnFromLegacyFields) {
  CheckpointManagerOptions options;
  options.max_to_keep = 2;
  options.best_mode = BestMode::kMin;
  PlanInput input = RunOf(0, 5);
  input.metrics = Metrics({{0, 5}, {1, 3}, {2, 4}, {3, 1}, {4, 2}});
  input.metric_name = "loss";
  const Plan plan = Make(options, input);
  EXPECT_THAT(plan.deletions,
              ElementsAre(Deletion{0, 2}, Deletion{2, 3}, Deletion{1, 4}));
  EXPECT_THAT(plan.kept, ElementsAre(3, 4));
  EXPECT_THAT(plan.assumptions,
              Contains(Assumption{"best_fn",
                                  "the metric \"loss\": max_to_keep keeps the "
                                  "best by best_mode (BestN), as with a "
                                  "best_fn that returns it"}));
}

TEST(MakePlan, BestFnKeepsCheckpointsWithoutMetrics) {
  CheckpointManagerOptions options;
  options.max_to_keep = 2;
  options.best_mode = BestMode::kMin;
  PlanInput input = RunOf(0, 5);
  input.metrics = Metrics({{0, 5}, {2, 4}, {3, 1}, {4, 2}});
  EXPECT_THAT(Make(options, input).kept, ElementsAre(1, 3, 4));
  options.keep_checkpoints_without_metrics = false;
  const Plan plan = Make(options, input);
  EXPECT_THAT(plan.deletions,
              ElementsAre(Deletion{1, 2}, Deletion{0, 3}, Deletion{2, 4}));
  EXPECT_THAT(plan.kept, ElementsAre(3, 4));
}

TEST(MakePlan, BestNTiesKeepTheLater) {
  for (bool reverse : {false, true}) {
    SCOPED_TRACE(reverse);
    PlanInput input = RunOf(0, 3);
    input.metrics = Metrics({{0, 1}, {1, 1}, {2, 1}});
    EXPECT_THAT(
        Make(Keeping({BestN{.reverse = reverse, .n = 1}}), input).kept,
        ElementsAre(2));
  }
}

TEST(MakePlan, BestNWithoutMetricsKeepsAllOrNone) {
  EXPECT_THAT(Make(Keeping({BestN{.n = 1}}), RunOf(0, 3)).kept,
              ElementsAre(0, 1, 2));
  const Plan none = Make(
      Keeping({BestN{.n = 1, .keep_checkpoints_without_metrics = false}}),
      RunOf(0, 3));
  // Past n, none has metrics to rank by, so none is kept.
  EXPECT_THAT(none.deletions, ElementsAre(Deletion{0, 1}, Deletion{1, 1}));
  EXPECT_THAT(none.kept, ElementsAre(2));
  EXPECT_THAT(none.assumptions,
              Contains(Field(&Assumption::what, "missing metrics")));
}

TEST(MakePlan, ContinuousCheckpointing) {
  CheckpointManagerOptions options;
  options.save_decision_policy = {
      ContinuousCheckpointingPolicy{.minimum_interval_secs = 10}};
  PlanInput input = RunOf(0, 10);
  input.step_seconds = 3;
  EXPECT_THAT(Make(options, input).saved, ElementsAre(0, 4, 8));
}

TEST(MakePlan, AnySavePolicyWithoutInitialSave) {
  CheckpointManagerOptions options;
  options.save_decision_policy = {AnySavePolicy{
      {{FixedIntervalPolicy{.interval = 4}},
       {SpecificStepsPolicy{.steps = Set({5})}},
       {PreemptionCheckpointingPolicy{}}}}};
  const Plan plan = Make(options, RunOf(1, 10));
  EXPECT_THAT(plan.saved, ElementsAre(4, 5, 8));
  EXPECT_THAT(plan.assumptions,
              Contains(Field(&Assumption::what, "preemption")));
  EXPECT_THAT(plan.assumptions,
              Not(Contains(Field(&Assumption::what, "should_save_fn"))));
}

TEST(MakePlan, CustomStepsAndEveryNStepsInexact) {
  EXPECT_THAT(
      Make(Keeping({CustomSteps{.steps = Set({1, 3})}}), RunOf(0, 5)).kept,
      ElementsAre(1, 3));
  // exact_interval=false: the first, then each >= 3 steps after the last
  // kept; max_to_keep=2 keeps the latest two of those.
  const Plan plan = Make(Keeping({EveryNSteps{.interval_steps = 3,
                                              .exact_interval = false,
                                              .max_to_keep = 2}}),
                         RunOf(0, 8));
  EXPECT_THAT(plan.kept, ElementsAre(3, 6));
}

TEST(MakePlan, EveryNStepsMaxToKeepZeroKeepsAll) {
  // Orbax unkeeps `true_indices[:-0]`, which is none.
  EXPECT_THAT(
      Make(Keeping({EveryNSteps{.interval_steps = 2, .max_to_keep = 0}}),
           RunOf(0, 5))
          .kept,
      ElementsAre(0, 2, 4));
}

TEST(MakePlan, EveryNStepsClosestRoundsHalfToEven) {
  CheckpointManagerOptions options =
      Keeping({EveryNStepsClosest{.interval_steps = 10}});
  options.save_decision_policy = {
      SpecificStepsPolicy{.steps = Set({4, 5, 6, 25, 26})}};
  // 5 -> round(0.5) = 0, farther than 4; 25 -> round(2.5) = 2, 26 -> 3.
  const Plan plan = Make(options, RunOf(0, 30));
  EXPECT_THAT(plan.deletions, ElementsAre(Deletion{5, 6}));
  EXPECT_THAT(plan.kept, ElementsAre(4, 6, 25, 26));
}

TEST(MakePlan, LatestDuration) {
  const Plan plan =
      Make(Keeping({LatestDuration{.duration = absl::Seconds(5)}}),
           RunOf(0, 10));
  EXPECT_THAT(plan.kept, ElementsAre(4, 5, 6, 7, 8, 9));
  EXPECT_THAT(plan.deletions,
              ElementsAre(Deletion{0, 6}, Deletion{1, 7}, Deletion{2, 8},
                          Deletion{3, 9}));
}

TEST(MakePlan, AnyPreservationPolicy) {
  const Plan plan = Make(
      Keeping({AnyPreservationPolicy{{{LatestN{.n = 1}},
                                      {CustomSteps{.steps = Set({2})}}}}}),
      RunOf(0, 5));
  EXPECT_THAT(plan.kept, ElementsAre(2, 4));
}

TEST(MakePlan, VisitorReceivesTheHistory) {
  struct Recorder : PlanVisitor {
    Steps saved;
    std::vector<Deletion> deleted;
    void Saved(int64_t step) override { saved.push_back(step); }
    void Deleted(const Deletion& d) override { deleted.push_back(d); }
  } recorder;
  CheckpointManagerOptions options;
  options.max_to_keep = 1;
  absl::StatusOr<Plan> plan = MakePlan(options, RunOf(0, 3), &recorder);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->saved, IsEmpty());
  EXPECT_THAT(plan->deletions, IsEmpty());
  EXPECT_EQ(plan->saved_count, 3);
  EXPECT_EQ(plan->deletion_count, 2);
  EXPECT_THAT(recorder.saved, ElementsAre(0, 1, 2));
  EXPECT_THAT(recorder.deleted, ElementsAre(Deletion{0, 1}, Deletion{1, 2}));
  EXPECT_THAT(plan->kept, ElementsAre(2));
}

TEST(MakePlan, Errors) {
  const CheckpointManagerOptions options;
  const auto error = [&](PlanInput input) {
    return MakePlan(options, input).status();
  };
  EXPECT_THAT(error(RunOf(0, 10, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "steps: STRIDE must be > 0, got 0"));
  EXPECT_THAT(error(RunOf(5, 5)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("steps: range(5, 5, 1) is empty")));
  PlanInput both = RunOf(0, 2);
  both.step_times = {{0, 0, "t:1"}};
  EXPECT_THAT(error(both),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "give exactly one time model: step_seconds or "
                       "step_times"));
  PlanInput backwards{.steps = {0, 2, 1}};
  backwards.step_times = {{1, 5, "t:1"}, {0, 6, "t:2"}};
  EXPECT_THAT(error(backwards),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "t:1: step 1 at 5 s is earlier than step 0 at 6 s "
                       "(t:2); times may not go backwards as steps increase"));
  PlanInput missing{.steps = {0, 3, 1}};
  missing.step_times = {{0, 0, "t:1"}, {1, 1, "t:2"}};
  missing.step_times_source = "t";
  EXPECT_THAT(error(missing),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "t: no time for step 2, which the run reaches or has "
                       "on disk"));
  PlanInput negative = RunOf(0, 2);
  negative.step_seconds = -1;
  EXPECT_THAT(error(negative),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "step_seconds: must be a finite number >= 0, got -1"));
  PlanInput twice = RunOf(0, 2);
  twice.existing_steps = {4, 4};
  EXPECT_THAT(error(twice), StatusIs(absl::StatusCode::kInvalidArgument,
                                     "existing_steps: step 4 is given twice"));
  PlanInput bytes = RunOf(0, 2);
  bytes.checkpoint_bytes = -1;
  EXPECT_THAT(error(bytes), StatusIs(absl::StatusCode::kInvalidArgument,
                                     "checkpoint_bytes: must be >= 0, got -1"));
}

TEST(MakePlan, LightweightInitializeFailsWhereOrbaxComparesANaiveTime) {
  // Orbax gives existing checkpoints a naive datetime.min; subtracting it
  // from an aware time raises TypeError, only where that happens.
  CheckpointManagerOptions options =
      Keeping({EveryNSeconds{.interval_secs = 42}});
  options.lightweight_initialize = true;
  PlanInput input = RunOf(0, 5);
  input.step_seconds = 7;
  input.existing_steps = {3};
  EXPECT_THAT(MakePlan(options, input).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("existing_steps: at step 4, Orbax raises "
                                 "TypeError")));
  // No save, no comparison: Orbax runs.
  options.save_decision_policy = {InitialSavePolicy{}};
  EXPECT_THAT(Make(options, input).kept, ElementsAre(3));
  // LatestN compares no times.
  options = Keeping({LatestN{.n = 1}});
  options.lightweight_initialize = true;
  EXPECT_THAT(Make(options, input).kept, ElementsAre(4));
}

TEST(MakePlan, InvalidOptionsAreRefused) {
  CheckpointManagerOptions options;
  options.save_interval_steps = 0;
  EXPECT_THAT(MakePlan(options, RunOf(0, 2)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("save_interval_steps")));
}

// Orbax v1's training.Checkpointer (checkpointer.py, __init__): unset
// policies are AnySavePolicy[InitialSave, ContinuousCheckpointing,
// Preemption] and PreserveAll, on a manager without max_to_keep.
TEST(MakePlan, CheckpointerDefaultsSaveEveryStepAndKeepAll) {
  const CheckpointerOptions options;
  absl::StatusOr<Plan> plan = MakePlan(options, RunOf(0, 5));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->saved, ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(plan->kept, ElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(plan->deletions, IsEmpty());
  EXPECT_EQ(plan->peak_checkpoints, 5);
  EXPECT_EQ(plan->peak_step, 4);
  std::vector<std::string> what;
  for (const Assumption& a : plan->assumptions) what.push_back(a.what);
  EXPECT_THAT(what, ElementsAre("save duration", "preemption",
                                "save_decision_policy", "preservation_policy",
                                "wall clock"));
  EXPECT_EQ(plan->assumptions[2].treatment,
            "unset: the Checkpointer's default, any of InitialSavePolicy, "
            "ContinuousCheckpointingPolicy and PreemptionCheckpointingPolicy: "
            "with no save in progress, every step");
  EXPECT_EQ(plan->assumptions[3].treatment,
            "unset: the Checkpointer's default, PreserveAll");
}

TEST(MakePlan, CheckpointerIntervalAndLatestN) {
  CheckpointerOptions options;
  options.save_decision_policy = {FixedIntervalPolicy{.interval = 2}};
  options.preservation_policy = {LatestN{.n = 2}};
  absl::StatusOr<Plan> plan = MakePlan(options, RunOf(0, 10));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->saved, ElementsAre(0, 2, 4, 6, 8));
  EXPECT_THAT(plan->kept, ElementsAre(6, 8));
  EXPECT_THAT(plan->deletions, ElementsAre(Deletion{0, 4}, Deletion{2, 6},
                                           Deletion{4, 8}));
  EXPECT_EQ(plan->peak_checkpoints, 3);
  EXPECT_EQ(plan->peak_step, 4);
  ASSERT_EQ(plan->assumptions.size(), 1);
  EXPECT_EQ(plan->assumptions[0].what, "save duration");
}

TEST(MakePlan, CheckpointerFailsAtAStepOnDisk) {
  const CheckpointerOptions options;
  PlanInput input = RunOf(0, 5);
  input.existing_steps = {3};
  EXPECT_THAT(MakePlan(options, input).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "existing_steps: at step 3, Orbax's Checkpointer.save() "
                       "raises StepAlreadyExistsError (Step 3 already "
                       "exists.): the run reaches a step on disk"));
  // Below the latest, not on disk: refused, as the manager refuses it.
  input.steps = {0, 3, 1};
  absl::StatusOr<Plan> below = MakePlan(options, input);
  ASSERT_TRUE(below.ok()) << below.status();
  EXPECT_THAT(below->saved, IsEmpty());
  EXPECT_THAT(below->kept, ElementsAre(3));
  input.steps = {4, 6, 1};
  absl::StatusOr<Plan> after = MakePlan(options, input);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(after->saved, ElementsAre(4, 5));
  EXPECT_THAT(after->kept, ElementsAre(3, 4, 5));
}

TEST(MakePlan, CheckpointerLightweightInitializeFailsWithCheckpointsOnDisk) {
  CheckpointerOptions options;
  options.lightweight_initialize = true;
  PlanInput input = RunOf(4, 6);
  input.existing_steps = {3};
  EXPECT_THAT(MakePlan(options, input).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "existing_steps: at step 4, Orbax's Checkpointer.save() "
                       "raises ValueError (year 0 is out of range): with "
                       "lightweight_initialize, existing checkpoints have a "
                       "naive datetime.min, whose timestamp "
                       "Checkpointer.checkpoints takes"));
  input.existing_steps = {};
  absl::StatusOr<Plan> plan = MakePlan(options, input);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->saved, ElementsAre(4, 5));
}

TEST(MakePlan, CheckpointerExistingCheckpointsHaveTheirMetrics) {
  // The Checkpointer writes a step's metrics itself (Orbax passes the
  // manager prevent_write_metrics), and the manager reads them back.
  CheckpointerOptions options;
  options.preservation_policy = {BestN{.n = 1}};
  PlanInput input = RunOf(1, 3);
  input.existing_steps = {0};
  input.metrics = Metrics({{0, 5.0}, {1, 1.0}, {2, 2.0}});
  absl::StatusOr<Plan> plan = MakePlan(options, input);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->kept, ElementsAre(0));
  EXPECT_THAT(plan->deletions, ElementsAre(Deletion{1, 1}, Deletion{2, 2}));
}

TEST(MakePlan, ManagerOptionsForACheckpointer) {
  CheckpointerOptions options;
  options.lightweight_initialize = true;
  options.context.emplace().deletion.gcs_deletion_options.todelete_full_path =
      "trash";
  CheckpointManagerOptions expected;
  expected.save_decision_policy = {AnySavePolicy{
      .policies = {{InitialSavePolicy{}},
                   {ContinuousCheckpointingPolicy{}},
                   {PreemptionCheckpointingPolicy{}}}}};
  expected.preservation_policy = {PreserveAll{}};
  expected.max_to_keep = std::nullopt;
  expected.lightweight_initialize = true;
  expected.todelete_full_path = "trash";
  EXPECT_EQ(ManagerOptionsFor(options), expected);
  options.lightweight_initialize = false;
  absl::StatusOr<Plan> plan = MakePlan(options, RunOf(0, 2));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->assumptions,
              Contains(Assumption{
                  "context.deletion.gcs_deletion_options.todelete_full_path",
                  "deleted checkpoints are moved, not freed; the plan counts "
                  "them as gone"}));
}

TEST(MakePlan, InvalidCheckpointerOptionsAreRefused) {
  CheckpointerOptions options;
  options.save_decision_policy = {FixedIntervalPolicy{.interval = 0}};
  EXPECT_THAT(MakePlan(options, RunOf(0, 2)).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("save_decision_policy")));
}

}  // namespace
}  // namespace orbax::checkpoint::options
