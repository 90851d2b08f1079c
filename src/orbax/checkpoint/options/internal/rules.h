// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the rules and warnings of every value type, as Orbax decides
// them (validation.h lists them for users). The field lists (fields.h) name
// them beside the fields they judge; those that read other fields also take
// the value that holds the field.
//
// For `CheckpointManagerOptions`, Orbax's order matters, and each rule follows it: `__post_init__` checks
// `max_to_keep` before `read_only` resets the fields it resets, and checks
// the rest (and the manager its own) after, on the values as reset. So a
// rule that Orbax checks after the resets holds when `read_only` would reset
// the field it judges; the warning about the reset is what is reported.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_RULES_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// Rules of the `CheckpointOptions` types.
std::string Positive(const int32_t& value);
std::string PermissionBits(const int32_t& value);
std::string Utf8(const std::string& value);
std::string NotEmptyProcessSet(const ProcessSet& value);
// Warnings (same shape as rules).
std::string RegulatorCeiling(const int32_t& value);
std::string OrbaxProcessCount(const ProcessSet& value);

using ManagerOptions = CheckpointManagerOptions;

// Errors of `CheckpointManagerOptions`' own fields.
std::string SaveIntervalStepsRule(const int64_t& value,
                                  const ManagerOptions& options);
std::string MaxToKeepRule(const int64_t& value, const ManagerOptions& options);
std::string KeepTimeIntervalRule(const absl::Duration& value,
                                 const ManagerOptions& options);
std::string KeepPeriodRule(const int64_t& value, const ManagerOptions& options);
std::string StepFormatFixedLengthRule(const int32_t& value,
                                      const ManagerOptions& options);
Finding CreateRule(const bool& value, const ManagerOptions& options);
std::string TodeleteFullPathRule(const std::string& value,
                                 const ManagerOptions& options);
std::string PerProcessDirectoryRule(const bool& value,
                                    const ManagerOptions& options);

// Warnings of `CheckpointManagerOptions`' own fields: what `read_only`
// resets, and what `save_decision_policy` makes Orbax ignore.
Finding SaveIntervalStepsWarning(const int64_t& value,
                                 const ManagerOptions& options);
Finding ResetToNoneWarning(const int64_t& value, const ManagerOptions& options);
Finding DurationResetToNoneWarning(const absl::Duration& value,
                                   const ManagerOptions& options);
Finding StringResetToNoneWarning(const std::string& value,
                                 const ManagerOptions& options);
Finding ResetToFalseWarning(const bool& value, const ManagerOptions& options);
Finding SaveOnStepsWarning(const StepSet& value, const ManagerOptions& options);
// `async_options.create_directories_asynchronously` under
// `enable_async_checkpointing: false`.
void AsyncOptionsCheck(const AsyncOptions& async, const ManagerOptions& options,
                       const ErrorSink& sink);

// Errors of the policies.
std::string IntervalRule(const int64_t& value);       // FixedIntervalPolicy
std::string IntervalStepsRule(const int64_t& value);  // EveryNSteps...
// A count of checkpoints to keep (`LatestN.n`, `BestN.n`, a policy's
// `max_to_keep`): >= 0, as the manager's `max_to_keep`.
std::string KeepCountRule(const int64_t& value);
// Seconds that Orbax turns into a `timedelta` (`EveryNSeconds`,
// `ContinuousCheckpointingPolicy`): within its range.
std::string TimedeltaSecondsRule(const int64_t& value);
std::string NotEmptyPreservationPolicies(
    const std::vector<PreservationPolicy>& value);

// Rules of the `Context` and `CheckpointerOptions` types
// (context_types.h), each where Orbax's v1 code checks it when it runs.
std::string PositiveBytes(const int64_t& value);
std::string NonNegativeBytes(const int64_t& value);
std::string NonNegativeIndex(const int32_t& value);
std::string NumpyDtypeName(const std::string& value);
std::string NonNegativeAxes(const ShardAxes& value);
std::string PositiveGib(const double& value);
std::string MinMemoryLimitRule(const double& value,
                               const MemoryOptions::RegulatorOptions& options);
std::string ScalingFactorRule(
    const double& value,
    const ArrayOptions::Loading::LoadAndBroadcastOptions& options);
std::string OverReadRatioRule(const double& value);
std::string GcsTodeleteFullPathRule(const std::string& value);
std::string StepFormatLengthRule(const int32_t& value);
// Warnings: what Orbax's v1 code ignores.
Finding OcdbtOnlyWarning(const int64_t& value,
                         const ArrayOptions::Saving& saving);
std::string ReplicaParallelOffWarning(const int64_t& value);
Finding LoadAndBroadcastOnlyWarning(
    const ArrayOptions::Loading::LoadAndBroadcastOptions& value,
    const ArrayOptions::Loading& loading);
Finding TransferBytesIgnoredWarning(const int64_t& value,
                                    const MemoryOptions& memory);
std::string SurgeBytesIgnoredWarning(const int64_t& value,
                                     const MemoryOptions& memory);
// `multiprocessing.active_processes` in a Checkpointer's context, which
// Orbax's Checkpointer refuses.
void CheckpointerContextCheck(const Context& context,
                              const CheckpointerOptions& options,
                              const ErrorSink& sink);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_RULES_H_
