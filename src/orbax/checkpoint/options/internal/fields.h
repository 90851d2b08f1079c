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
#include "orbax/checkpoint/options/context_types.h"
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

// -----------------------------------------------------------------------------
// Context (Orbax's v1 API) and CheckpointerOptions
// -----------------------------------------------------------------------------

ORBAX_OPTIONS_FIELDS(ArrayOptions::Saving::StorageOptions,
                     v1::ArrayOptions::Saving::StorageOptions,
                     Field(ORBAX_OPTIONS_FIELD(dtype), Error(NumpyDtypeName)),
                     Field(ORBAX_OPTIONS_FIELD(chunk_byte_size),
                           Error(PositiveBytes)),
                     Field(ORBAX_OPTIONS_FIELD(shard_axes),
                           Error(NonNegativeAxes)));
ORBAX_OPTIONS_FIELDS(
    ArrayOptions::Saving, v1::ArrayOptions::Saving,
    Field(ORBAX_OPTIONS_FIELD(storage_options)),
    Field(ORBAX_OPTIONS_FIELD(use_ocdbt)), Field(ORBAX_OPTIONS_FIELD(use_zarr3)),
    Field(ORBAX_OPTIONS_FIELD(use_compression)),
    Field(ORBAX_OPTIONS_FIELD(ocdbt_target_data_file_size),
          Error(NonNegativeBytes), Warning(OcdbtOnlyWarning)),
    Field(ORBAX_OPTIONS_FIELD(enable_pinned_host_transfer)),
    Field(ORBAX_OPTIONS_FIELD(enable_post_merge_validation)),
    Field(ORBAX_OPTIONS_FIELD(use_replica_parallel)),
    Field(ORBAX_OPTIONS_FIELD(min_slice_bytes_for_replica_parallel)),
    Field(ORBAX_OPTIONS_FIELD(max_replicas_for_replica_parallel),
          Warning(ReplicaParallelOffWarning)),
    Field(ORBAX_OPTIONS_FIELD(enable_replica_parallel_separate_folder)),
    Field(ORBAX_OPTIONS_FIELD(enable_write_sharding_file)));
ORBAX_OPTIONS_FIELDS(ArrayOptions::Loading::LoadAndBroadcastOptions,
                     v1::ArrayOptions::Loading::LoadAndBroadcastOptions,
                     Field(ORBAX_OPTIONS_FIELD(replica_axis_index),
                           Error(NonNegativeIndex)),
                     Field(ORBAX_OPTIONS_FIELD(primary_replica_id),
                           Error(NonNegativeIndex)),
                     Field(ORBAX_OPTIONS_FIELD(broadcast_memory_limit_bytes)),
                     Field(ORBAX_OPTIONS_FIELD(broadcast_memory_scaling_factor),
                           Error(ScalingFactorRule)));
ORBAX_OPTIONS_FIELDS(ArrayOptions::Loading, v1::ArrayOptions::Loading,
                     Field(ORBAX_OPTIONS_FIELD(enable_padding_and_truncation)),
                     Field(ORBAX_OPTIONS_FIELD(raise_array_data_missing_error)),
                     Field(ORBAX_OPTIONS_FIELD(use_load_and_broadcast)),
                     Field(ORBAX_OPTIONS_FIELD(load_and_broadcast_options),
                           Warning(LoadAndBroadcastOnlyWarning)));
ORBAX_OPTIONS_FIELDS(ArrayOptions, v1::ArrayOptions,
                     Field(ORBAX_OPTIONS_FIELD(saving)),
                     Field(ORBAX_OPTIONS_FIELD(loading)));

ORBAX_OPTIONS_FIELDS(PyTreeMetadataOptions, v1::PyTreeMetadataOptions,
                     Field(ORBAX_OPTIONS_FIELD(support_rich_types)));
ORBAX_OPTIONS_FIELDS(PyTreeOptions::Saving, v1::PyTreeOptions::Saving,
                     Field(ORBAX_OPTIONS_FIELD(pytree_metadata_options)));
ORBAX_OPTIONS_FIELDS(PyTreeOptions::Loading, v1::PyTreeOptions::Loading,
                     Field(ORBAX_OPTIONS_FIELD(partial_load)));
ORBAX_OPTIONS_FIELDS(PyTreeOptions, v1::PyTreeOptions,
                     Field(ORBAX_OPTIONS_FIELD(saving)),
                     Field(ORBAX_OPTIONS_FIELD(loading)));

ORBAX_OPTIONS_FIELDS(MemoryOptions::RegulatorOptions,
                     v1::MemoryOptions::RegulatorOptions,
                     Field(ORBAX_OPTIONS_FIELD(max_memory_limit_gib), kRequired,
                           Error(PositiveGib)),
                     Field(ORBAX_OPTIONS_FIELD(target_ratio)),
                     Field(ORBAX_OPTIONS_FIELD(min_memory_limit_gib),
                           Error(MinMemoryLimitRule)),
                     Field(ORBAX_OPTIONS_FIELD(kp)),
                     Field(ORBAX_OPTIONS_FIELD(ki)),
                     Field(ORBAX_OPTIONS_FIELD(kd)));
ORBAX_OPTIONS_FIELDS(MemoryOptions, v1::MemoryOptions,
                     Field(ORBAX_OPTIONS_FIELD(write_concurrent_bytes),
                           Error(PositiveBytes)),
                     Field(ORBAX_OPTIONS_FIELD(read_concurrent_bytes),
                           Error(PositiveBytes)),
                     Field(ORBAX_OPTIONS_FIELD(transfer_concurrent_bytes),
                           Error(PositiveBytes),
                           Warning(TransferBytesIgnoredWarning)),
                     Field(ORBAX_OPTIONS_FIELD(regulator_options)),
                     Field(ORBAX_OPTIONS_FIELD(expected_surge_bytes),
                           Warning(SurgeBytesIgnoredWarning)),
                     Field(ORBAX_OPTIONS_FIELD(deepcopy_host_arrays)));

ORBAX_OPTIONS_FIELDS(DeletionOptions::GcsDeletionOptions,
                     v1::DeletionOptions::GcsDeletionOptions,
                     Field(ORBAX_OPTIONS_FIELD(todelete_full_path),
                           Error(GcsTodeleteFullPathRule)));
ORBAX_OPTIONS_FIELDS(DeletionOptions, v1::DeletionOptions,
                     Field(ORBAX_OPTIONS_FIELD(gcs_deletion_options)));
ORBAX_OPTIONS_FIELDS(SafetensorsOptions, v1::SafetensorsOptions,
                     Field(ORBAX_OPTIONS_FIELD(max_over_read_ratio),
                           Error(OverReadRatioRule)),
                     Field(ORBAX_OPTIONS_FIELD(read_chunk_bytes),
                           Error(PositiveBytes)));
ORBAX_OPTIONS_FIELDS(PathwaysOptions, v1::PathwaysOptions,
                     Field(ORBAX_OPTIONS_FIELD(checkpointing_impl)));

ORBAX_OPTIONS_FIELDS(Context, v1::Context, Field(ORBAX_OPTIONS_FIELD(array)),
                     Field(ORBAX_OPTIONS_FIELD(pytree)),
                     Field(ORBAX_OPTIONS_FIELD(asynchronous)),
                     Field(ORBAX_OPTIONS_FIELD(multiprocessing)),
                     Field(ORBAX_OPTIONS_FIELD(file)),
                     Field(ORBAX_OPTIONS_FIELD(atomicity)),
                     Field(ORBAX_OPTIONS_FIELD(memory)),
                     Field(ORBAX_OPTIONS_FIELD(deletion)),
                     Field(ORBAX_OPTIONS_FIELD(safetensors)),
                     Field(ORBAX_OPTIONS_FIELD(checkpoint_layout)),
                     Field(ORBAX_OPTIONS_FIELD(pathways)));

ORBAX_OPTIONS_FIELDS(StandardNameFormat, v1::StandardNameFormat,
                     Field(ORBAX_OPTIONS_FIELD(step_prefix), Error(Utf8)),
                     Field(ORBAX_OPTIONS_FIELD(step_format_fixed_length),
                           Error(StepFormatLengthRule)),
                     Field(ORBAX_OPTIONS_FIELD(
                         single_host_load_and_broadcast)));
ORBAX_OPTIONS_FIELDS(CheckpointerOptions, v1::CheckpointerOptions,
                     Field(ORBAX_OPTIONS_FIELD(context),
                           Check(CheckpointerContextCheck)),
                     Field(ORBAX_OPTIONS_FIELD(save_decision_policy)),
                     Field(ORBAX_OPTIONS_FIELD(preservation_policy)),
                     Field(ORBAX_OPTIONS_FIELD(step_name_format)),
                     Field(ORBAX_OPTIONS_FIELD(cleanup_tmp_directories)),
                     Field(ORBAX_OPTIONS_FIELD(lightweight_initialize)));

#undef ORBAX_OPTIONS_FIELDS

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
