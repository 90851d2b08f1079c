// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: checkpoint_manager.h
// -----------------------------------------------------------------------------
//
// This header says what Orbax makes of a `CheckpointManagerOptions` value
// before it runs, as upstream's code decides it:
//
//   * `ApplyReadOnly()`: the fields that `__post_init__` resets when
//     `read_only` is true. `FromProto()` and `ToProto()` apply it, so the
//     explicit form and the fingerprint are of the values Orbax runs with.
//   * `DerivedPolicies()`: the save decision and preservation policies the
//     manager uses, which Orbax derives from the legacy fields when
//     `save_decision_policy` or `preservation_policy` is unset.
//   * `BestNPaths()`: where the `BestN` policies are, to attach each its
//     runtime-only `get_metric_fn` (runtime.h).
//
// Example:
//
//   CheckpointManagerOptions options;
//   options.save_interval_steps = 1000;
//   options.max_to_keep = 5;
//   ManagerPolicies policies = DerivedPolicies(options);
//   // policies.save_decision_policy: AnySavePolicy{FixedIntervalPolicy{1000},
//   //     SpecificStepsPolicy{{}}, PreemptionCheckpointingPolicy{},
//   //     InitialSavePolicy{}}
//   // policies.preservation_policy: AnyPreservationPolicy{LatestN{5}}

#ifndef ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_H_
#define ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_H_

#include <string>
#include <vector>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"

namespace orbax::checkpoint::options {

// ApplyReadOnly()
//
// If `options.read_only` is true, resets what Orbax's `__post_init__` resets:
// a positive `save_interval_steps` to 0; `max_to_keep`, `keep_time_interval`,
// `keep_period`, `todelete_subdir` and `todelete_full_path` to `std::nullopt`;
// `create` and `cleanup_tmp_directories` to false; `save_on_steps` to empty.
// Otherwise changes nothing. `ValidationWarnings()` reports each field it
// would change.
void ApplyReadOnly(CheckpointManagerOptions& options);

// ManagerPolicies
//
// The two policies a `CheckpointManager` decides with.
struct ManagerPolicies {
  SaveDecisionPolicy save_decision_policy;
  PreservationPolicy preservation_policy;

  friend bool operator==(const ManagerPolicies&,
                         const ManagerPolicies&) = default;
};

// DerivedPolicies()
//
// Returns the policies Orbax's `CheckpointManager` uses with `options`: each
// policy field that is set, and for one that is unset, the policy Orbax
// derives after `ApplyReadOnly()`, as `_get_default_save_decision_policy`
// and `_get_default_preservation_policy` do when no `should_save_fn` and no
// `best_fn` is given (both are runtime-only, so a value knows of neither; a
// `best_fn` would put `BestN{.reverse = best_mode == kMin, .n = max_to_keep,
// .keep_checkpoints_without_metrics = ...}` where `LatestN` is):
//
//   save:     AnySavePolicy{FixedIntervalPolicy{save_interval_steps},
//                           SpecificStepsPolicy{save_on_steps},
//                           PreemptionCheckpointingPolicy{},
//                           InitialSavePolicy{}}
//   preserve: AnyPreservationPolicy{EveryNSteps{keep_period}        if set,
//                                   EveryNSeconds{seconds}          if set,
//                                   LatestN{max_to_keep}}
//
// where `seconds` is Python's `int(keep_time_interval.total_seconds())`:
// whole seconds toward 0, except that past 2^34 s (544 years) the double
// `total_seconds()` may round up to the next second first, as it does.
//
// `SpecificStepsPolicy` is there even for no steps: Orbax turns `None` into
// an empty set first. With `read_only`, Orbax never consults the save policy
// (so its `FixedIntervalPolicy{0}` does no harm) and never deletes.
[[nodiscard]] ManagerPolicies DerivedPolicies(
    const CheckpointManagerOptions& options);

// BestNPaths()
//
// Returns the path of every `BestN` in `options.preservation_policy`, in the
// order a depth-first walk meets them, as `FieldError` paths spell them
// (e.g. `preservation_policy.any.policies[1].best_n`): the keys under which
// `CheckpointManagerCallbacks::best_n_get_metric_fns` (runtime.h) holds
// their `get_metric_fn`. Python requires one for each.
[[nodiscard]] std::vector<std::string> BestNPaths(
    const CheckpointManagerOptions& options);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_CHECKPOINT_MANAGER_H_
