// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the one description of each value type's fields, which every
// walk over fields follows: conversion (conversion.cc), the effective bytes
// and fingerprint (fingerprint.cc), validation (validation.cc), the field
// kinds that printing, diff and layering ask about (field_kinds.h), and the
// tests that check the lists against the schema.
//
// A line binds one schema field to the struct member of the same name, with
// its rules and options by name (binders.h); the member's type picks its
// codec (binders.h, codecs.h). Adding a field to the schema takes the
// `.proto`, the struct member and one line here. Lines go in field-number
// order, the order protobuf writes and the wire writer follows
// (tests/conversion_test checks it).

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_

#include <string_view>
#include <tuple>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/codecs.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/rules.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// ORBAX_OPTIONS_FIELDS(Type, ProtoType, binders...)
//
// Specialises `Fields<Type>`: its message and its list of binders, made once.
#define ORBAX_OPTIONS_FIELDS(Type, ProtoType, ...)              \
  template <>                                                   \
  struct Fields<Type> {                                         \
    using Proto = ProtoType;                                    \
    static const auto& List() {                                 \
      using S [[maybe_unused]] = Type;                          \
      static const auto* list = new auto(std::make_tuple(__VA_ARGS__)); \
      return *list;                                             \
    }                                                           \
  }

// The `primary` oneof of `MultiprocessingOptions`: `primary_host`, or
// `all_hosts_primary` (Python's `None`); unset keeps process 0. Validated
// against `active_processes`.
class PrimaryHostBinder {
 public:
  static constexpr bool kWhole = false;
  static constexpr bool kOctal = false;
  using Value = int32_t;
  std::string_view name() const { return "primary_host"; }
  void Load(const v1::MultiprocessingOptions& m, MultiprocessingOptions& value,
            const ErrorSink& sink) const;
  void Save(const MultiprocessingOptions& value,
            v1::MultiprocessingOptions& m) const;
  void Write(const MultiprocessingOptions& value, WireWriter& out) const;
  void Validate(const MultiprocessingOptions& value,
                const ErrorSink& sink) const;
};

ORBAX_OPTIONS_FIELDS(AsyncOptions, v1::AsyncOptions,
                     Field(ORBAX_OPTIONS_FIELD(timeout_secs), Error(Positive)),
                     Field(ORBAX_OPTIONS_FIELD(
                         create_directories_asynchronously)));

ORBAX_OPTIONS_FIELDS(MultiprocessingOptions, v1::MultiprocessingOptions,
                     PrimaryHostBinder(),
                     Field(ORBAX_OPTIONS_FIELD(active_processes),
                           Error(NotEmptyProcessSet),
                           Warning(OrbaxProcessCount)),
                     Field(ORBAX_OPTIONS_FIELD(barrier_sync_key_prefix),
                           Error(Utf8)));

ORBAX_OPTIONS_FIELDS(FileOptions, v1::FileOptions,
                     Field(ORBAX_OPTIONS_FIELD(path_permission_mode),
                           Error(PermissionBits), kOctal),
                     Field(ORBAX_OPTIONS_FIELD(skip_sync_file_validations)));

ORBAX_OPTIONS_FIELDS(MemoryLimitOptions, v1::MemoryLimitOptions,
                     Field(ORBAX_OPTIONS_FIELD(max_transfer_concurrent_gb),
                           Error(Positive), Warning(RegulatorCeiling)));

ORBAX_OPTIONS_FIELDS(AtomicityOptions, v1::AtomicityOptions,
                     Field(ORBAX_OPTIONS_FIELD(mode)),
                     Field(ORBAX_OPTIONS_FIELD(allow_legacy_atomic_rename)));

ORBAX_OPTIONS_FIELDS(CheckpointOptions, v1::CheckpointOptions,
                     Field(ORBAX_OPTIONS_FIELD(async_options)),
                     Field(ORBAX_OPTIONS_FIELD(multiprocessing_options)),
                     Field(ORBAX_OPTIONS_FIELD(file_options)),
                     Field(ORBAX_OPTIONS_FIELD(memory_limit_options)),
                     Field(ORBAX_OPTIONS_FIELD(atomicity_options)));

// -----------------------------------------------------------------------------
// CheckpointManagerOptions and its policies
// -----------------------------------------------------------------------------

// A policy that failed to load is left as one without fields or rules.
template <>
inline SaveDecisionPolicy PolicyStandIn<SaveDecisionPolicy>() {
  return {PreemptionCheckpointingPolicy{}};
}
template <>
inline PreservationPolicy PolicyStandIn<PreservationPolicy>() {
  return {PreserveAll{}};
}

ORBAX_OPTIONS_FIELDS(FixedIntervalPolicy, v1::FixedIntervalPolicy,
                     Field(ORBAX_OPTIONS_FIELD(interval), kRequired,
                           Error(IntervalRule)));
ORBAX_OPTIONS_FIELDS(SpecificStepsPolicy, v1::SpecificStepsPolicy,
                     Field(ORBAX_OPTIONS_FIELD(steps), kRequired));
ORBAX_OPTIONS_FIELDS(ContinuousCheckpointingPolicy,
                     v1::ContinuousCheckpointingPolicy,
                     Field(ORBAX_OPTIONS_FIELD(minimum_interval_secs),
                           Error(TimedeltaSecondsRule)));
ORBAX_OPTIONS_FIELDS(PreemptionCheckpointingPolicy,
                     v1::PreemptionCheckpointingPolicy);
ORBAX_OPTIONS_FIELDS(InitialSavePolicy, v1::InitialSavePolicy);
ORBAX_OPTIONS_FIELDS(AnySavePolicy, v1::AnySavePolicy,
                     Field(ORBAX_OPTIONS_FIELD(policies)));

// The `oneof policy`: one binder per member, each for one alternative of
// the variant.
ORBAX_OPTIONS_FIELDS(
    SaveDecisionPolicy, v1::SaveDecisionPolicy,
    Alternative<FixedIntervalPolicy>(ORBAX_OPTIONS_ALTERNATIVE(fixed_interval)),
    Alternative<SpecificStepsPolicy>(ORBAX_OPTIONS_ALTERNATIVE(specific_steps)),
    Alternative<ContinuousCheckpointingPolicy>(
        ORBAX_OPTIONS_ALTERNATIVE(continuous_checkpointing)),
    Alternative<PreemptionCheckpointingPolicy>(
        ORBAX_OPTIONS_ALTERNATIVE(preemption_checkpointing)),
    Alternative<InitialSavePolicy>(ORBAX_OPTIONS_ALTERNATIVE(initial_save)),
    Alternative<AnySavePolicy>(ORBAX_OPTIONS_ALTERNATIVE(any)));

ORBAX_OPTIONS_FIELDS(PreserveAll, v1::PreserveAll);
ORBAX_OPTIONS_FIELDS(LatestN, v1::LatestN,
                     Field(ORBAX_OPTIONS_FIELD(n), Error(KeepCountRule)));
ORBAX_OPTIONS_FIELDS(EveryNSeconds, v1::EveryNSeconds,
                     Field(ORBAX_OPTIONS_FIELD(interval_secs), kRequired,
                           Error(TimedeltaSecondsRule)));
ORBAX_OPTIONS_FIELDS(EveryNSteps, v1::EveryNSteps,
                     Field(ORBAX_OPTIONS_FIELD(interval_steps), kRequired,
                           Error(IntervalStepsRule)),
                     Field(ORBAX_OPTIONS_FIELD(exact_interval)),
                     Field(ORBAX_OPTIONS_FIELD(max_to_keep),
                           Error(KeepCountRule)));
ORBAX_OPTIONS_FIELDS(EveryNStepsClosest, v1::EveryNStepsClosest,
                     Field(ORBAX_OPTIONS_FIELD(interval_steps), kRequired,
                           Error(IntervalStepsRule)),
                     Field(ORBAX_OPTIONS_FIELD(max_to_keep),
                           Error(KeepCountRule)));
ORBAX_OPTIONS_FIELDS(CustomSteps, v1::CustomSteps,
                     Field(ORBAX_OPTIONS_FIELD(steps), kRequired));
ORBAX_OPTIONS_FIELDS(BestN, v1::BestN, Field(ORBAX_OPTIONS_FIELD(reverse)),
                     Field(ORBAX_OPTIONS_FIELD(n), Error(KeepCountRule)),
                     Field(ORBAX_OPTIONS_FIELD(
                         keep_checkpoints_without_metrics)));
ORBAX_OPTIONS_FIELDS(LatestDuration, v1::LatestDuration,
                     Field(ORBAX_OPTIONS_FIELD(duration), kRequired,
                           Error(DurationError)));
ORBAX_OPTIONS_FIELDS(AnyPreservationPolicy, v1::AnyPreservationPolicy,
                     Field(ORBAX_OPTIONS_FIELD(policies),
                           Error(NotEmptyPreservationPolicies)));

ORBAX_OPTIONS_FIELDS(
    PreservationPolicy, v1::PreservationPolicy,
    Alternative<PreserveAll>(ORBAX_OPTIONS_ALTERNATIVE(preserve_all)),
    Alternative<LatestN>(ORBAX_OPTIONS_ALTERNATIVE(latest_n)),
    Alternative<EveryNSeconds>(ORBAX_OPTIONS_ALTERNATIVE(every_n_seconds)),
    Alternative<EveryNSteps>(ORBAX_OPTIONS_ALTERNATIVE(every_n_steps)),
    Alternative<EveryNStepsClosest>(
        ORBAX_OPTIONS_ALTERNATIVE(every_n_steps_closest)),
    Alternative<CustomSteps>(ORBAX_OPTIONS_ALTERNATIVE(custom_steps)),
    Alternative<BestN>(ORBAX_OPTIONS_ALTERNATIVE(best_n)),
    Alternative<LatestDuration>(ORBAX_OPTIONS_ALTERNATIVE(latest_duration)),
    Alternative<AnyPreservationPolicy>(ORBAX_OPTIONS_ALTERNATIVE(any)));

// Those rules and warnings that read other fields follow Orbax's order
// around `read_only`'s resets (rules.h).
ORBAX_OPTIONS_FIELDS(
    CheckpointManagerOptions, v1::CheckpointManagerOptions,
    Field(ORBAX_OPTIONS_FIELD(save_interval_steps),
          Error(SaveIntervalStepsRule), Warning(SaveIntervalStepsWarning)),
    Field(ORBAX_OPTIONS_FIELD(max_to_keep), Error(MaxToKeepRule),
          Warning(ResetToNoneWarning)),
    Field(ORBAX_OPTIONS_FIELD(keep_time_interval), Error(KeepTimeIntervalRule),
          Warning(DurationResetToNoneWarning)),
    Field(ORBAX_OPTIONS_FIELD(keep_period), Error(KeepPeriodRule),
          Warning(ResetToNoneWarning)),
    Field(ORBAX_OPTIONS_FIELD(best_mode)),
    Field(ORBAX_OPTIONS_FIELD(keep_checkpoints_without_metrics)),
    Field(ORBAX_OPTIONS_FIELD(step_prefix), Error(Utf8)),
    Field(ORBAX_OPTIONS_FIELD(step_format_fixed_length),
          Error(StepFormatFixedLengthRule)),
    Field(ORBAX_OPTIONS_FIELD(create), Error(CreateRule),
          Warning(ResetToFalseWarning)),
    Field(ORBAX_OPTIONS_FIELD(cleanup_tmp_directories),
          Warning(ResetToFalseWarning)),
    Field(ORBAX_OPTIONS_FIELD(save_on_steps), kEmptyIsUnset,
          Warning(SaveOnStepsWarning)),
    Field(ORBAX_OPTIONS_FIELD(single_host_load_and_broadcast)),
    Field(ORBAX_OPTIONS_FIELD(todelete_subdir), Error(Utf8),
          Warning(StringResetToNoneWarning)),
    Field(ORBAX_OPTIONS_FIELD(todelete_full_path), Error(TodeleteFullPathRule),
          Warning(StringResetToNoneWarning)),
    Field(ORBAX_OPTIONS_FIELD(enable_background_delete)),
    Field(ORBAX_OPTIONS_FIELD(num_deletion_threads)),
    Field(ORBAX_OPTIONS_FIELD(read_only)),
    Field(ORBAX_OPTIONS_FIELD(enable_async_checkpointing)),
    Field(ORBAX_OPTIONS_FIELD(async_options), Check(AsyncOptionsCheck)),
    Field(ORBAX_OPTIONS_FIELD(multiprocessing_options)),
    Field(ORBAX_OPTIONS_FIELD(file_options)),
    Field(ORBAX_OPTIONS_FIELD(atomicity_options)),
    Field(ORBAX_OPTIONS_FIELD(save_root_metadata)),
    Field(ORBAX_OPTIONS_FIELD(save_decision_policy)),
    Field(ORBAX_OPTIONS_FIELD(preservation_policy)),
    Field(ORBAX_OPTIONS_FIELD(prevent_write_metrics)),
    Field(ORBAX_OPTIONS_FIELD(enable_should_save_is_saving_in_progress_check)),
    Field(ORBAX_OPTIONS_FIELD(enable_per_process_directory_creation),
          Error(PerProcessDirectoryRule)),
    Field(ORBAX_OPTIONS_FIELD(lightweight_initialize)));

#undef ORBAX_OPTIONS_FIELDS

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
