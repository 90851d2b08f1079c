// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the one list of fields of each value type: the types of
// types.h, then those of checkpoint_manager_types.h (whose binder kinds are
// in manager_binders.h and whose rules are in manager_rules.h).
//
// Conversion (conversion.cc), the effective bytes (fingerprint.cc),
// validation (validation.cc) and the round-trip tests all walk these lists, so
// adding a field to the schema means adding one line here (plus the struct
// member). Each line names the schema field, the struct member and the field's
// rule. Lines go in field-number order, the order protobuf writes and the
// wire writer follows (tests/conversion_test checks it).

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/manager_binders.h"
#include "orbax/checkpoint/options/internal/manager_rules.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// Rules (see validation.h).
std::string Positive(const int32_t& value);
std::string PermissionBits(const int32_t& value);
std::string Utf8(const std::string& value);
std::string KnownAtomicityMode(const AtomicityMode& value);
// Warnings (same shape as rules).
std::string RegulatorCeiling(const int32_t& value);

// ProcessSet <-> message. Load reports ranges that are empty or reversed, and
// indices that a half-open int32 range cannot hold; it returns std::nullopt
// if it reported anything.
std::optional<ProcessSet> LoadProcessSet(const v1::ProcessSet& m,
                                         const ErrorSink& sink);
void SaveProcessSet(const ProcessSet& set, v1::ProcessSet& m);
// Writes the contents of the message SaveProcessSet() makes.
void WriteProcessSet(const ProcessSet& set, WireWriter& out);

// The `primary` oneof: `primary_host` or `all_hosts_primary`. Replaced as a
// whole; validated against `active_processes`.
class PrimaryHostBinder {
 public:
  std::string_view name() const { return "primary_host"; }
  void Load(const v1::MultiprocessingOptions& m, MultiprocessingOptions& value,
            const ErrorSink& sink) const;
  void Save(const MultiprocessingOptions& value,
            v1::MultiprocessingOptions& m) const;
  void Write(const MultiprocessingOptions& value, WireWriter& out) const;
  void Validate(const MultiprocessingOptions& value,
                const ErrorSink& sink) const;
};

// `active_processes`, a `ProcessSet`; unset is Python `None`.
class ActiveProcessesBinder {
 public:
  std::string_view name() const { return "active_processes"; }
  void Load(const v1::MultiprocessingOptions& m, MultiprocessingOptions& value,
            const ErrorSink& sink) const;
  void Save(const MultiprocessingOptions& value,
            v1::MultiprocessingOptions& m) const;
  void Write(const MultiprocessingOptions& value, WireWriter& out) const;
  void Validate(const MultiprocessingOptions& value,
                const ErrorSink& sink) const;
};

template <>
struct Fields<AsyncOptions> {
  using Proto = v1::AsyncOptions;
  static const auto& List() {
    using S = AsyncOptions;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(timeout_secs), &S::timeout_secs,
                     Positive),
        Value<Proto>(ORBAX_OPTIONS_FIELD(create_directories_asynchronously),
                     &S::create_directories_asynchronously)));
    return *list;
  }
};

template <>
struct Fields<MultiprocessingOptions> {
  using Proto = v1::MultiprocessingOptions;
  static const auto& List() {
    using S = MultiprocessingOptions;
    static const auto* list = new auto(std::make_tuple(
        PrimaryHostBinder(), ActiveProcessesBinder(),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(barrier_sync_key_prefix),
                        &S::barrier_sync_key_prefix, Utf8)));
    return *list;
  }
};

template <>
struct Fields<FileOptions> {
  using Proto = v1::FileOptions;
  static const auto& List() {
    using S = FileOptions;
    static const auto* list = new auto(std::make_tuple(
        Optional<Proto>(ORBAX_OPTIONS_FIELD(path_permission_mode),
                        &S::path_permission_mode, PermissionBits),
        Value<Proto>(ORBAX_OPTIONS_FIELD(skip_sync_file_validations),
                     &S::skip_sync_file_validations)));
    return *list;
  }
};

template <>
struct Fields<MemoryLimitOptions> {
  using Proto = v1::MemoryLimitOptions;
  static const auto& List() {
    using S = MemoryLimitOptions;
    static const auto* list = new auto(std::make_tuple(Optional<Proto>(
        ORBAX_OPTIONS_FIELD(max_transfer_concurrent_gb),
        &S::max_transfer_concurrent_gb, Positive, RegulatorCeiling)));
    return *list;
  }
};

template <>
struct Fields<AtomicityOptions> {
  using Proto = v1::AtomicityOptions;
  static const auto& List() {
    using S = AtomicityOptions;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(mode), &S::mode, KnownAtomicityMode),
        Value<Proto>(ORBAX_OPTIONS_FIELD(allow_legacy_atomic_rename),
                     &S::allow_legacy_atomic_rename)));
    return *list;
  }
};

template <>
struct Fields<CheckpointOptions> {
  using Proto = v1::CheckpointOptions;
  static const auto& List() {
    using S = CheckpointOptions;
    static const auto* list = new auto(std::make_tuple(
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(async_options),
                       &S::async_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(multiprocessing_options),
                       &S::multiprocessing_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(file_options),
                       &S::file_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(memory_limit_options),
                       &S::memory_limit_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(atomicity_options),
                       &S::atomicity_options)));
    return *list;
  }
};

// -----------------------------------------------------------------------------
// CheckpointManagerOptions and its policies
// -----------------------------------------------------------------------------

template <>
struct Fields<FixedIntervalPolicy> {
  using Proto = v1::FixedIntervalPolicy;
  static const auto& List() {
    using S = FixedIntervalPolicy;
    static const auto* list = new auto(std::make_tuple(Required<Proto>(
        ORBAX_OPTIONS_FIELD(interval), &S::interval, IntervalRule)));
    return *list;
  }
};

template <>
struct Fields<SpecificStepsPolicy> {
  using Proto = v1::SpecificStepsPolicy;
  static const auto& List() {
    using S = SpecificStepsPolicy;
    static const auto* list = new auto(std::make_tuple(
        Steps<Proto>(ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(steps), &S::steps,
                     StepSetPresence::kRequired)));
    return *list;
  }
};

template <>
struct Fields<ContinuousCheckpointingPolicy> {
  using Proto = v1::ContinuousCheckpointingPolicy;
  static const auto& List() {
    using S = ContinuousCheckpointingPolicy;
    static const auto* list = new auto(std::make_tuple(
        Optional<Proto>(ORBAX_OPTIONS_FIELD(minimum_interval_secs),
                        &S::minimum_interval_secs, TimedeltaSecondsRule)));
    return *list;
  }
};

template <>
struct Fields<PreemptionCheckpointingPolicy> {
  using Proto = v1::PreemptionCheckpointingPolicy;
  static const auto& List() {
    static const auto* list = new auto(std::make_tuple());
    return *list;
  }
};

template <>
struct Fields<InitialSavePolicy> {
  using Proto = v1::InitialSavePolicy;
  static const auto& List() {
    static const auto* list = new auto(std::make_tuple());
    return *list;
  }
};

template <>
struct Fields<AnySavePolicy> {
  using Proto = v1::AnySavePolicy;
  static const auto& List() {
    using S = AnySavePolicy;
    static const auto* list = new auto(std::make_tuple(
        Policies<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(policies), &S::policies)));
    return *list;
  }
};

// The `oneof policy`: one binder per member, each for one alternative of
// the variant.
template <>
struct Fields<SaveDecisionPolicy> {
  using Proto = v1::SaveDecisionPolicy;
  static const auto& List() {
    using S = SaveDecisionPolicy;
    static const auto* list = new auto(std::make_tuple(
        Member<Proto, S, FixedIntervalPolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(fixed_interval)),
        Member<Proto, S, SpecificStepsPolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(specific_steps)),
        Member<Proto, S, ContinuousCheckpointingPolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(continuous_checkpointing)),
        Member<Proto, S, PreemptionCheckpointingPolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(preemption_checkpointing)),
        Member<Proto, S, InitialSavePolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(initial_save)),
        Member<Proto, S, AnySavePolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(any))));
    return *list;
  }
};

template <>
struct Fields<PreserveAll> {
  using Proto = v1::PreserveAll;
  static const auto& List() {
    static const auto* list = new auto(std::make_tuple());
    return *list;
  }
};

template <>
struct Fields<LatestN> {
  using Proto = v1::LatestN;
  static const auto& List() {
    using S = LatestN;
    static const auto* list = new auto(
        std::make_tuple(Optional<Proto>(ORBAX_OPTIONS_FIELD(n), &S::n,
                                        KeepCountRule)));
    return *list;
  }
};

template <>
struct Fields<EveryNSeconds> {
  using Proto = v1::EveryNSeconds;
  static const auto& List() {
    using S = EveryNSeconds;
    static const auto* list = new auto(std::make_tuple(Required<Proto>(
        ORBAX_OPTIONS_FIELD(interval_secs), &S::interval_secs,
        TimedeltaSecondsRule)));
    return *list;
  }
};

template <>
struct Fields<EveryNSteps> {
  using Proto = v1::EveryNSteps;
  static const auto& List() {
    using S = EveryNSteps;
    static const auto* list = new auto(std::make_tuple(
        Required<Proto>(ORBAX_OPTIONS_FIELD(interval_steps), &S::interval_steps,
                        IntervalStepsRule),
        Value<Proto>(ORBAX_OPTIONS_FIELD(exact_interval), &S::exact_interval),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(max_to_keep), &S::max_to_keep,
                        KeepCountRule)));
    return *list;
  }
};

template <>
struct Fields<EveryNStepsClosest> {
  using Proto = v1::EveryNStepsClosest;
  static const auto& List() {
    using S = EveryNStepsClosest;
    static const auto* list = new auto(std::make_tuple(
        Required<Proto>(ORBAX_OPTIONS_FIELD(interval_steps), &S::interval_steps,
                        IntervalStepsRule),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(max_to_keep), &S::max_to_keep,
                        KeepCountRule)));
    return *list;
  }
};

template <>
struct Fields<CustomSteps> {
  using Proto = v1::CustomSteps;
  static const auto& List() {
    using S = CustomSteps;
    static const auto* list = new auto(std::make_tuple(
        Steps<Proto>(ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(steps), &S::steps,
                     StepSetPresence::kRequired)));
    return *list;
  }
};

template <>
struct Fields<BestN> {
  using Proto = v1::BestN;
  static const auto& List() {
    using S = BestN;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(reverse), &S::reverse),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(n), &S::n, KeepCountRule),
        Value<Proto>(ORBAX_OPTIONS_FIELD(keep_checkpoints_without_metrics),
                     &S::keep_checkpoints_without_metrics)));
    return *list;
  }
};

template <>
struct Fields<LatestDuration> {
  using Proto = v1::LatestDuration;
  static const auto& List() {
    using S = LatestDuration;
    static const auto* list = new auto(std::make_tuple(
        Duration<Proto>(ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(duration),
                        &S::duration, DurationError)));
    return *list;
  }
};

template <>
struct Fields<AnyPreservationPolicy> {
  using Proto = v1::AnyPreservationPolicy;
  static const auto& List() {
    using S = AnyPreservationPolicy;
    static const auto* list = new auto(std::make_tuple(
        Policies<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(policies), &S::policies,
                        NotEmptyPreservationPolicies)));
    return *list;
  }
};

template <>
struct Fields<PreservationPolicy> {
  using Proto = v1::PreservationPolicy;
  static const auto& List() {
    using S = PreservationPolicy;
    static const auto* list = new auto(std::make_tuple(
        Member<Proto, S, PreserveAll>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(preserve_all)),
        Member<Proto, S, LatestN>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(latest_n)),
        Member<Proto, S, EveryNSeconds>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(every_n_seconds)),
        Member<Proto, S, EveryNSteps>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(every_n_steps)),
        Member<Proto, S, EveryNStepsClosest>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(every_n_steps_closest)),
        Member<Proto, S, CustomSteps>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(custom_steps)),
        Member<Proto, S, BestN>(ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(best_n)),
        Member<Proto, S, LatestDuration>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(latest_duration)),
        Member<Proto, S, AnyPreservationPolicy>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(any))));
    return *list;
  }
};

// Each line names its rule and its warning (manager_rules.h); those that
// read other fields follow Orbax's order around `read_only`'s resets.
template <>
struct Fields<CheckpointManagerOptions> {
  using Proto = v1::CheckpointManagerOptions;
  static const auto& List() {
    using S = CheckpointManagerOptions;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(save_interval_steps),
                     &S::save_interval_steps, SaveIntervalStepsRule,
                     SaveIntervalStepsWarning),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(max_to_keep), &S::max_to_keep,
                        MaxToKeepRule, ResetToNoneWarning),
        Duration<Proto>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(keep_time_interval),
            &S::keep_time_interval, KeepTimeIntervalRule,
            DurationResetToNoneWarning),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(keep_period), &S::keep_period,
                        KeepPeriodRule, ResetToNoneWarning),
        Value<Proto>(ORBAX_OPTIONS_FIELD(best_mode), &S::best_mode,
                     KnownBestMode),
        Value<Proto>(ORBAX_OPTIONS_FIELD(keep_checkpoints_without_metrics),
                     &S::keep_checkpoints_without_metrics),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(step_prefix), &S::step_prefix,
                        Utf8),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(step_format_fixed_length),
                        &S::step_format_fixed_length,
                        StepFormatFixedLengthRule),
        Value<Proto>(ORBAX_OPTIONS_FIELD(create), &S::create, CreateRule,
                     ResetToFalseWarning),
        Value<Proto>(ORBAX_OPTIONS_FIELD(cleanup_tmp_directories),
                     &S::cleanup_tmp_directories, nullptr, ResetToFalseWarning),
        Steps<Proto>(ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(save_on_steps),
                     &S::save_on_steps, StepSetPresence::kEmptyIsUnset, nullptr,
                     SaveOnStepsWarning),
        Value<Proto>(ORBAX_OPTIONS_FIELD(single_host_load_and_broadcast),
                     &S::single_host_load_and_broadcast),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(todelete_subdir),
                        &S::todelete_subdir, Utf8, StringResetToNoneWarning),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(todelete_full_path),
                        &S::todelete_full_path, TodeleteFullPathRule,
                        StringResetToNoneWarning),
        Value<Proto>(ORBAX_OPTIONS_FIELD(enable_background_delete),
                     &S::enable_background_delete),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(num_deletion_threads),
                        &S::num_deletion_threads),
        Value<Proto>(ORBAX_OPTIONS_FIELD(read_only), &S::read_only),
        Value<Proto>(ORBAX_OPTIONS_FIELD(enable_async_checkpointing),
                     &S::enable_async_checkpointing),
        OptionalMessage<Proto>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(async_options),
            &S::async_options, AsyncOptionsCheck),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(multiprocessing_options),
                       &S::multiprocessing_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(file_options),
                       &S::file_options),
        OptionalMessage<Proto>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(atomicity_options),
            &S::atomicity_options),
        Value<Proto>(ORBAX_OPTIONS_FIELD(save_root_metadata),
                     &S::save_root_metadata),
        OptionalPolicy<Proto>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(save_decision_policy),
            &S::save_decision_policy),
        OptionalPolicy<Proto>(
            ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(preservation_policy),
            &S::preservation_policy),
        Value<Proto>(ORBAX_OPTIONS_FIELD(prevent_write_metrics),
                     &S::prevent_write_metrics),
        Value<Proto>(
            ORBAX_OPTIONS_FIELD(enable_should_save_is_saving_in_progress_check),
            &S::enable_should_save_is_saving_in_progress_check),
        Value<Proto>(ORBAX_OPTIONS_FIELD(enable_per_process_directory_creation),
                     &S::enable_per_process_directory_creation,
                     PerProcessDirectoryRule),
        Value<Proto>(ORBAX_OPTIONS_FIELD(lightweight_initialize),
                     &S::lightweight_initialize)));
    return *list;
  }
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
