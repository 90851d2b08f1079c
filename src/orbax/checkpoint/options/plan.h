// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: plan.h
// -----------------------------------------------------------------------------
//
// This header plays Orbax's `CheckpointManager` decisions for a run before
// it happens: which steps it saves, which it deletes and when, what is on
// disk at the end and at the worst moment. It defines:
//
//   * `StepTime`, `StepMetric`, `PlanInput`: the run (its steps, how wall
//     time advances, the metric each step reports, what is already on disk);
//   * `Deletion`, `Assumption`, `Plan`: the result;
//   * `PlanVisitor`: to receive saves and deletions as they happen instead
//     of holding them all (a run of 10^6 saves);
//   * `MakePlan()`, of a `CheckpointManagerOptions` or of a v1
//     `CheckpointerOptions` (`ManagerOptionsFor()`).
//
// The model follows upstream's `CheckpointManager.save()`: for each step of
// the run, in order, `should_save()` (never when `read_only`; never at a
// step at or below the latest checkpoint, Orbax issue #527; then the save
// decision policy, given the checkpoints on disk), and after a save, the
// preservation policy over every checkpoint on disk, deleting what it does
// not keep. A save takes no time, no save is ever in progress when the next
// step asks, and no preemption happens; `Plan::assumptions` names each such
// thing the plan cannot know.
//
// Orbax v1's `training.Checkpointer` is a `CheckpointManager` underneath,
// made with the options `ManagerOptionsFor()` gives, so its plan is the
// manager's, with what the Checkpointer adds: it fails at a step already on
// disk (StepAlreadyExistsError), and with `lightweight_initialize` and
// checkpoints on disk at the first `save()` (ValueError); it writes and
// reads back each step's metrics itself.
//
// Example:
//
//   CheckpointManagerOptions options;
//   options.save_interval_steps = 1000;
//   options.max_to_keep = 3;
//   PlanInput input{.steps = {.start = 0, .stop = 100000},
//                   .step_seconds = 0.5};
//   absl::StatusOr<Plan> plan = MakePlan(options, input);
//   // plan->kept: 97000, 98000, 99000; plan->peak_checkpoints: 4.

#ifndef ORBAX_CHECKPOINT_OPTIONS_PLAN_H_
#define ORBAX_CHECKPOINT_OPTIONS_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options {

// StepTime
//
// The wall time of one step, in seconds since an arbitrary epoch, and where
// it was given (e.g. `times.txt:3`), for messages.
struct StepTime {
  int64_t step = 0;
  double seconds = 0;
  std::string where;
};

// StepMetric
//
// The metric a step reports (the value `BestN` and `best_fn` rank by), and
// where it was given (e.g. `metrics.jsonl:4`).
struct StepMetric {
  int64_t step = 0;
  double value = 0;
  std::string where;
};

// PlanInput
//
// The run to plan.
struct PlanInput {
  // The steps the run reaches, in order: `range(start, stop, step)`, valid
  // as `StepRangeError()` says, `step` > 0.
  StepRange steps;

  // The time model: exactly one of these. `step_seconds`: step `s` is at
  // `s * step_seconds`. `step_times`: the time of each step, for every step
  // of `steps` and every step of `existing_steps`, in any order, not going
  // backwards as the step increases.
  std::optional<double> step_seconds;
  std::vector<StepTime> step_times;

  // What gave `step_times`, for messages (e.g. `times.txt`).
  std::string step_times_source = "step_times";

  // The metric of each step that reports one, or `std::nullopt` if no
  // metrics are given. Given, the legacy fields assume a `best_fn` that
  // returns it (`BestN` where `LatestN` would be); every `BestN` ranks by
  // it. A step it leaves out has no metrics.
  std::optional<std::vector<StepMetric>> metrics;

  // The name of the metric, for the assumptions (e.g. "loss").
  std::string metric_name;

  // The checkpoints on disk when the run starts, each saved at its time in
  // the model, with its metric (if any).
  std::vector<int64_t> existing_steps;

  // The size of one checkpoint in bytes, or `std::nullopt` if unknown.
  std::optional<int64_t> checkpoint_bytes;
};

// Deletion
//
// A checkpoint deleted, and the step whose save deleted it.
struct Deletion {
  int64_t step = 0;
  int64_t at_step = 0;

  friend bool operator==(const Deletion&, const Deletion&) = default;
};

// Assumption
//
// Something the plan cannot know (`what`), and how it treats it.
struct Assumption {
  std::string what;
  std::string treatment;

  friend bool operator==(const Assumption&, const Assumption&) = default;
};

// Plan
//
// What the run does. The checkpoints on disk after step `s` are
// `existing ∪ saved(<= s) − deleted(at_step <= s)`.
struct Plan {
  // The steps saved, ascending (empty when a `PlanVisitor` received them).
  std::vector<int64_t> saved;
  int64_t saved_count = 0;

  // The checkpoints on disk after the last step, ascending.
  std::vector<int64_t> kept;

  // Each checkpoint deleted, in order (empty when a `PlanVisitor` received
  // them).
  std::vector<Deletion> deletions;
  int64_t deletion_count = 0;

  // The most checkpoints on disk at once, counted right after a save and
  // before the deletions it causes (the new checkpoint is complete before
  // old ones go); the first step at which it is reached (the first step of
  // the run if the checkpoints at the start are the most); and its size, if
  // `checkpoint_bytes` is given.
  int64_t peak_checkpoints = 0;
  int64_t peak_step = 0;
  std::optional<int64_t> peak_bytes;

  // What the plan could not know and how it treats it, in a fixed order.
  std::vector<Assumption> assumptions;
};

// PlanVisitor
//
// Receives each save and deletion as `MakePlan()` plays them, in order.
class PlanVisitor {
 public:
  virtual ~PlanVisitor() = default;
  virtual void Saved(int64_t step) = 0;
  virtual void Deleted(const Deletion& deletion) = 0;
};

// MakePlan()
//
// Plays the run `input` with `options` (valid, as `Validate()` says) as
// Orbax would, with the policies `DerivedPolicies()` gives (and `BestN`
// for `LatestN` when metrics are given). With `visitor`, saves and
// deletions go to it and `Plan::saved` and `Plan::deletions` stay empty, so
// memory is bounded by the checkpoints on disk. Costs O(steps × k) for `k`
// checkpoints on disk (times the policies' size).
//
// Fails with `kInvalidArgument`, naming the argument (and where), for:
// invalid `steps`; not exactly one time model; a non-finite or out-of-range
// time; a step time missing or given twice, or going backwards; a
// non-finite metric or one given twice; an invalid existing step or one
// given twice; a `checkpoint_bytes` < 0, or a peak size past 2^63 bytes;
// and where Orbax itself fails: with `lightweight_initialize`, a time-based
// policy that compares an existing checkpoint's naive `datetime.min` with
// an aware time (TypeError), at the step where it would.
[[nodiscard]] absl::StatusOr<Plan> MakePlan(
    const CheckpointManagerOptions& options, const PlanInput& input,
    PlanVisitor* visitor = nullptr);

// ManagerOptionsFor()
//
// The `CheckpointManagerOptions` that Orbax v1's `training.Checkpointer`
// makes of `options` for the `CheckpointManager` it runs, as far as the
// plan plays them: each policy as given, or the Checkpointer's default
// (`AnySavePolicy{InitialSavePolicy, ContinuousCheckpointingPolicy,
// PreemptionCheckpointingPolicy}`, `PreserveAll`); `lightweight_initialize`;
// `todelete_full_path` from `context.deletion.gcs_deletion_options`; no
// `max_to_keep`; `prevent_write_metrics` false, where Orbax passes true,
// because the Checkpointer writes the metrics itself (so that existing
// checkpoints have them, as for the manager without it).
[[nodiscard]] CheckpointManagerOptions ManagerOptionsFor(
    const CheckpointerOptions& options);

// MakePlan()
//
// Plays the run `input` with `options` (valid, as `Validate()` says) as
// Orbax v1's `training.Checkpointer` would, calling `save()` at each step:
// the manager's plan of `ManagerOptionsFor(options)`, with the
// Checkpointer's assumptions. Fails as the manager's does, and where the
// Checkpointer itself fails: at a step the run reaches that is already on
// disk (`existing_steps`), as Orbax's StepAlreadyExistsError; and with
// `lightweight_initialize` and `existing_steps`, at the run's first step,
// as Orbax's ValueError.
[[nodiscard]] absl::StatusOr<Plan> MakePlan(const CheckpointerOptions& options,
                                            const PlanInput& input,
                                            PlanVisitor* visitor = nullptr);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_PLAN_H_
