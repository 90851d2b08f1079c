// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: checkpoint_manager_types.h
// -----------------------------------------------------------------------------
//
// This header defines the plain C++ value types of Orbax's
// `CheckpointManagerOptions` and of the policies it holds, each field
// starting at Orbax's default:
//
//   * `BestMode`
//   * the save decision policies (Python's
//     `checkpoint_managers.save_decision_policy`): `FixedIntervalPolicy`,
//     `SpecificStepsPolicy`, `ContinuousCheckpointingPolicy`,
//     `PreemptionCheckpointingPolicy`, `InitialSavePolicy`, `AnySavePolicy`,
//     and `SaveDecisionPolicy`, which holds one of them
//   * the preservation policies (Python's
//     `checkpoint_managers.preservation_policy`): `PreserveAll`, `LatestN`,
//     `EveryNSeconds`, `EveryNSteps`, `EveryNStepsClosest`, `CustomSteps`,
//     `BestN`, `LatestDuration`, `AnyPreservationPolicy`, and
//     `PreservationPolicy`, which holds one of them
//   * `CheckpointManagerOptions`
//
// As in types.h: Python `None` is `std::nullopt`, the types hold serialisable
// values only, and their `==` is the compiler's. Python's `timedelta` is
// `absl::Duration` (whole microseconds, as `timedelta` holds), and a set of
// steps is a `StepSet` (step_set.h). A policy field that Python requires (it
// has no default) starts at a value that `Validate()` refuses where one is
// refused (an interval of 0), so a policy left half-built is caught.
//
// The runtime-only members of the Python classes (`best_fn`,
// `should_save_fn`, `step_name_format`, `temporary_path_class`, and
// `BestN.get_metric_fn`) live in runtime.h, in `CheckpointManagerCallbacks`;
// this header does not include it. `Validate()` (validation.h) checks Orbax's
// rules; checkpoint_manager.h applies what Orbax rewrites (`read_only`) and
// derives the policies the manager uses when none is set.
//
// Example:
//
//   CheckpointManagerOptions options;  // Orbax's defaults everywhere.
//   options.save_decision_policy =
//       SaveDecisionPolicy{FixedIntervalPolicy{.interval = 1000}};
//   options.preservation_policy = PreservationPolicy{AnyPreservationPolicy{
//       .policies = {PreservationPolicy{LatestN{.n = 5}},
//                    PreservationPolicy{EveryNSteps{.interval_steps =
//                    10000}}}}};
//   options.async_options = AsyncOptions{.timeout_secs = 600};

#ifndef ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_TYPES_H_
#define ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/time/time.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// kMaxPolicyDepth
//
// How deeply policies may nest through `AnySavePolicy` and
// `AnyPreservationPolicy`: at most this many policies from the root policy
// to the deepest, both counted. Every level is two messages in the schema
// (the policy and its `Any...` member), and Python's protobuf parser refuses
// JSON nested more than 100 messages deep, so configs within this bound stay
// far from it (17 messages from `CheckpointManagerOptions`, plus 2 for a
// step set).
inline constexpr int kMaxPolicyDepth = 8;

// BestMode
//
// Whether a larger or a smaller metric is better. Python: `best_mode`,
// `'max'` or `'min'`.
enum class BestMode {
  // A larger metric is better: `'max'`.
  kMax,
  // A smaller metric is better: `'min'`.
  kMin,
};

// -----------------------------------------------------------------------------
// Save decision policies
// -----------------------------------------------------------------------------

// FixedIntervalPolicy
//
// Saves when the step is a multiple of `interval`. Python:
// `FixedIntervalPolicy`.
struct FixedIntervalPolicy {
  // `interval`, in steps. Required in Python; must not be 0.
  int64_t interval = 0;

  friend bool operator==(const FixedIntervalPolicy&,
                         const FixedIntervalPolicy&) = default;
};

// SpecificStepsPolicy
//
// Saves when the step is in `steps`. Python: `SpecificStepsPolicy`.
struct SpecificStepsPolicy {
  // `steps`. Required in Python; an empty set never saves.
  StepSet steps;

  friend bool operator==(const SpecificStepsPolicy&,
                         const SpecificStepsPolicy&) = default;
};

// ContinuousCheckpointingPolicy
//
// Saves whenever no save is in progress and, if set, at least
// `minimum_interval_secs` after the last saved checkpoint. Python:
// `ContinuousCheckpointingPolicy`.
struct ContinuousCheckpointingPolicy {
  // `minimum_interval_secs`, in seconds. `std::nullopt` means no minimum.
  std::optional<int64_t> minimum_interval_secs;

  friend bool operator==(const ContinuousCheckpointingPolicy&,
                         const ContinuousCheckpointingPolicy&) = default;
};

// PreemptionCheckpointingPolicy
//
// Saves when a preemption signal has been received. Python:
// `PreemptionCheckpointingPolicy`.
struct PreemptionCheckpointingPolicy {
  friend bool operator==(const PreemptionCheckpointingPolicy&,
                         const PreemptionCheckpointingPolicy&) = default;
};

// InitialSavePolicy
//
// Saves when no checkpoint has been saved yet. Python: `InitialSavePolicy`.
struct InitialSavePolicy {
  friend bool operator==(const InitialSavePolicy&,
                         const InitialSavePolicy&) = default;
};

struct SaveDecisionPolicy;

// AnySavePolicy
//
// Saves when any of `policies` would. Python: `AnySavePolicy`.
struct AnySavePolicy {
  // `policies`, nested at most `kMaxPolicyDepth` deep. Empty never saves.
  std::vector<SaveDecisionPolicy> policies;

  friend bool operator==(const AnySavePolicy&, const AnySavePolicy&) = default;
};

// SaveDecisionPolicy
//
// One save decision policy. Python: any of the classes above, as
// `CheckpointManagerOptions.save_decision_policy` takes it.
struct SaveDecisionPolicy {
  std::variant<FixedIntervalPolicy, SpecificStepsPolicy,
               ContinuousCheckpointingPolicy, PreemptionCheckpointingPolicy,
               InitialSavePolicy, AnySavePolicy>
      policy;

  friend bool operator==(const SaveDecisionPolicy&,
                         const SaveDecisionPolicy&) = default;
};

// -----------------------------------------------------------------------------
// Preservation policies
// -----------------------------------------------------------------------------

// PreserveAll
//
// Keeps every checkpoint. Python: `PreserveAll`.
struct PreserveAll {
  friend bool operator==(const PreserveAll&, const PreserveAll&) = default;
};

// LatestN
//
// Keeps the `n` latest checkpoints. Python: `LatestN`.
struct LatestN {
  // `n`. `std::nullopt` keeps all.
  std::optional<int64_t> n;

  friend bool operator==(const LatestN&, const LatestN&) = default;
};

// EveryNSeconds
//
// Keeps the first checkpoint, then each one at least `interval_secs` after
// the last one kept. Python: `EveryNSeconds`.
struct EveryNSeconds {
  // `interval_secs`, in seconds. Required in Python.
  int64_t interval_secs = 0;

  friend bool operator==(const EveryNSeconds&, const EveryNSeconds&) = default;
};

// EveryNSteps
//
// Keeps checkpoints spaced `interval_steps` apart. Python: `EveryNSteps`.
struct EveryNSteps {
  // `interval_steps`, in steps. Required in Python; must not be 0.
  int64_t interval_steps = 0;

  // `exact_interval`: whether only multiples of `interval_steps` are kept,
  // rather than the first and each one at least `interval_steps` after the
  // last one kept.
  bool exact_interval = true;

  // `max_to_keep`: keeps at most this many, the latest. `std::nullopt` means
  // no limit, and so does 0 (Orbax drops the slice `[:-0]`, empty).
  std::optional<int64_t> max_to_keep;

  friend bool operator==(const EveryNSteps&, const EveryNSteps&) = default;
};

// EveryNStepsClosest
//
// Keeps, for each multiple of `interval_steps`, the checkpoint closest to it,
// and always the latest. Python: `EveryNStepsClosest`.
struct EveryNStepsClosest {
  // `interval_steps`, in steps. Required in Python; must not be 0.
  int64_t interval_steps = 0;

  // `max_to_keep`: keeps at most this many, the latest. `std::nullopt` means
  // no limit, and so does 0 (Orbax drops the slice `[:-0]`, empty).
  std::optional<int64_t> max_to_keep;

  friend bool operator==(const EveryNStepsClosest&,
                         const EveryNStepsClosest&) = default;
};

// CustomSteps
//
// Keeps the checkpoints at `steps`. Python: `CustomSteps`.
struct CustomSteps {
  // `steps`. Required in Python; an empty set keeps none.
  StepSet steps;

  friend bool operator==(const CustomSteps&, const CustomSteps&) = default;
};

// BestN
//
// Keeps the `n` checkpoints with the best metrics, as the runtime-only
// `get_metric_fn` (runtime.h) ranks them. Python: `BestN`, less
// `get_metric_fn`.
struct BestN {
  // `reverse`: whether checkpoints are sorted by descending metric, so that
  // the smallest metrics are kept.
  bool reverse = false;

  // `n`. `std::nullopt` keeps all; 0 keeps none.
  std::optional<int64_t> n;

  // `keep_checkpoints_without_metrics`: whether checkpoints without metrics
  // are kept as well.
  bool keep_checkpoints_without_metrics = true;

  friend bool operator==(const BestN&, const BestN&) = default;
};

// LatestDuration
//
// Keeps the checkpoints saved within `duration` before now. Python:
// `LatestDuration`.
struct LatestDuration {
  // `duration`: a whole number of microseconds. Required in Python.
  absl::Duration duration = absl::ZeroDuration();

  friend bool operator==(const LatestDuration&,
                         const LatestDuration&) = default;
};

struct PreservationPolicy;

// AnyPreservationPolicy
//
// Keeps what any of `policies` would keep. Python: `AnyPreservationPolicy`.
struct AnyPreservationPolicy {
  // `policies`, nested at most `kMaxPolicyDepth` deep. Must not be empty:
  // Orbax fails on an empty list the first time it applies the policy.
  std::vector<PreservationPolicy> policies;

  friend bool operator==(const AnyPreservationPolicy&,
                         const AnyPreservationPolicy&) = default;
};

// PreservationPolicy
//
// One preservation policy. Python: any of the classes above, as
// `CheckpointManagerOptions.preservation_policy` takes it.
struct PreservationPolicy {
  std::variant<PreserveAll, LatestN, EveryNSeconds, EveryNSteps,
               EveryNStepsClosest, CustomSteps, BestN, LatestDuration,
               AnyPreservationPolicy>
      policy;

  friend bool operator==(const PreservationPolicy&,
                         const PreservationPolicy&) = default;
};

// -----------------------------------------------------------------------------
// CheckpointManagerOptions
// -----------------------------------------------------------------------------

// CheckpointManagerOptions
//
// The options of Orbax's `CheckpointManager`. Python:
// `CheckpointManagerOptions`, less its runtime-only members (runtime.h).
// validation.h lists the rules; with `read_only`, Orbax resets nine fields
// (`ApplyReadOnly()`, checkpoint_manager.h), which `FromProto()` and
// `ToProto()` apply.
struct CheckpointManagerOptions {
  // `save_interval_steps`: saves when the step is a multiple of this, unless
  // `save_decision_policy` is set.
  int64_t save_interval_steps = 1;

  // `max_to_keep`: keeps this many latest checkpoints. `std::nullopt` keeps
  // all.
  std::optional<int64_t> max_to_keep;

  // `keep_time_interval`: also keeps a checkpoint at least this often in
  // time. `std::nullopt` means none.
  std::optional<absl::Duration> keep_time_interval;

  // `keep_period`: also keeps every checkpoint whose step is a multiple of
  // this. `std::nullopt` means none.
  std::optional<int64_t> keep_period;

  // `best_mode`: whether a larger or smaller metric is better, for the
  // runtime-only `best_fn`.
  BestMode best_mode = BestMode::kMax;

  // `keep_checkpoints_without_metrics`: whether `best_fn`'s ranking never
  // deletes checkpoints without metrics.
  bool keep_checkpoints_without_metrics = true;

  // `step_prefix`: step directories are `<step_prefix>_<step>`.
  // `std::nullopt` means plain `<step>`; `""` is a real prefix.
  std::optional<std::string> step_prefix;

  // `step_format_fixed_length`: pads steps in names to this many digits.
  // `std::nullopt` means no padding.
  std::optional<int32_t> step_format_fixed_length;

  // `create`: whether the root directory is created if missing.
  bool create = true;

  // `cleanup_tmp_directories`: whether leftover temporary directories are
  // removed when the manager starts.
  bool cleanup_tmp_directories = false;

  // `save_on_steps`: also saves at these steps. Empty is Python's `None`:
  // Orbax turns `None` into an empty `frozenset`, so the two are one value
  // here (and one spelling in the schema: unset).
  StepSet save_on_steps;

  // `single_host_load_and_broadcast`: whether one host lists steps and
  // broadcasts them.
  bool single_host_load_and_broadcast = false;

  // `todelete_subdir`: deleted checkpoints move into this subdirectory.
  // `std::nullopt` deletes them.
  std::optional<std::string> todelete_subdir;

  // `todelete_full_path`: deleted checkpoints on Google Cloud Storage move to
  // this bucket-relative path. `std::nullopt` deletes them.
  std::optional<std::string> todelete_full_path;

  // `enable_background_delete`: whether old checkpoints are deleted in a
  // background thread.
  bool enable_background_delete = false;

  // `num_deletion_threads`: threads that delete checkpoints. `std::nullopt`
  // means Orbax's choice.
  std::optional<int32_t> num_deletion_threads;

  // `read_only`: whether saving and deleting are skipped.
  bool read_only = false;

  // `enable_async_checkpointing`: whether saves run asynchronously.
  bool enable_async_checkpointing = true;

  // `async_options`. `std::nullopt` is Python's `None`, for which Orbax uses
  // `AsyncOptions()`.
  std::optional<AsyncOptions> async_options;

  // `multiprocessing_options`.
  MultiprocessingOptions multiprocessing_options;

  // `file_options`.
  FileOptions file_options;

  // `atomicity_options`. `std::nullopt` is Python's `None`, Orbax's default
  // protocol.
  std::optional<AtomicityOptions> atomicity_options;

  // `save_root_metadata`: whether metadata about the root is written once.
  bool save_root_metadata = true;

  // `save_decision_policy`: decides alone when to save. `std::nullopt` means
  // Orbax derives one (`DerivedPolicies()`, checkpoint_manager.h).
  std::optional<SaveDecisionPolicy> save_decision_policy;

  // `preservation_policy`: decides alone what to keep. `std::nullopt` means
  // Orbax derives one (`DerivedPolicies()`).
  std::optional<PreservationPolicy> preservation_policy;

  // `prevent_write_metrics`: whether metrics are not written.
  bool prevent_write_metrics = false;

  // `enable_should_save_is_saving_in_progress_check`: whether the save
  // decision checks for a save in progress (`ContinuousCheckpointingPolicy`
  // only).
  bool enable_should_save_is_saving_in_progress_check = true;

  // `enable_per_process_directory_creation`: whether every process creates
  // its own directories. Needs `multiprocessing_options.primary_host` to be
  // `std::nullopt` (all hosts primary).
  bool enable_per_process_directory_creation = false;

  // `lightweight_initialize`: whether step metadata is not read when the
  // manager starts.
  bool lightweight_initialize = false;

  friend bool operator==(const CheckpointManagerOptions&,
                         const CheckpointManagerOptions&) = default;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_TYPES_H_
