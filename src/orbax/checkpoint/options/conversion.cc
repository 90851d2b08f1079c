// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/conversion.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {
namespace {

using internal::ErrorSink;
using internal::Fields;

template <typename S>
typename Fields<S>::Proto ToProtoImpl(const S& value) {
  typename Fields<S>::Proto message;
  internal::SaveFields(value, message);
  return message;
}

// Loads every field into `value`, then validates the result; every problem
// of either kind is collected. A field that failed to load keeps its
// default, which its own rules accept, so no error is reported twice.
// Returns whether there were none.
template <typename S>
bool LoadAndValidate(const typename Fields<S>::Proto& message, S& value,
                     std::vector<FieldError>& errors,
                     std::vector<FieldError>* warnings = nullptr) {
  const size_t errors_before = errors.size();
  ErrorSink sink(errors, warnings);
  internal::LoadFields(message, value, sink);
  internal::ValidateFields(value, sink);
  sink.Finish();
  return errors.size() == errors_before;
}

template <typename S>
absl::StatusOr<S> FromProtoOrStatus(const typename Fields<S>::Proto& message) {
  S value;
  std::vector<FieldError> errors;
  if (!LoadAndValidate(message, value, errors)) return ToStatus(errors);
  return value;
}

// As FromProtoOrStatus(), for a policy message on its own: its one member
// set, nested within kMaxPolicyDepth.
template <typename P>
absl::StatusOr<P> PolicyFromProto(const typename Fields<P>::Proto& message) {
  P value;
  std::vector<FieldError> errors;
  ErrorSink sink(errors);
  internal::LoadPolicy(message, value, sink);
  internal::ValidatePolicy(value, sink);
  sink.Finish();
  if (!errors.empty()) return ToStatus(errors);
  return value;
}

// The manager's options as Orbax runs with them: `read_only`'s resets
// applied (a copy only when there is something to reset).
template <typename Use>
auto WithReadOnlyApplied(const CheckpointManagerOptions& options, Use use) {
  if (!options.read_only) return use(options);
  CheckpointManagerOptions effective = options;
  ApplyReadOnly(effective);
  return use(effective);
}

}  // namespace

v1::CheckpointOptions ToProto(const CheckpointOptions& options) {
  return ToProtoImpl(options);
}
v1::AsyncOptions ToProto(const AsyncOptions& options) {
  return ToProtoImpl(options);
}
v1::MultiprocessingOptions ToProto(const MultiprocessingOptions& options) {
  return ToProtoImpl(options);
}
v1::FileOptions ToProto(const FileOptions& options) {
  return ToProtoImpl(options);
}
v1::MemoryLimitOptions ToProto(const MemoryLimitOptions& options) {
  return ToProtoImpl(options);
}
v1::AtomicityOptions ToProto(const AtomicityOptions& options) {
  return ToProtoImpl(options);
}
v1::ProcessSet ToProto(const ProcessSet& set) {
  v1::ProcessSet message;
  internal::SaveProcessSet(set, message);
  return message;
}

v1::CheckpointManagerOptions ToProto(const CheckpointManagerOptions& options) {
  return WithReadOnlyApplied(options, [](const CheckpointManagerOptions& o) {
    return ToProtoImpl(o);
  });
}
v1::SaveDecisionPolicy ToProto(const SaveDecisionPolicy& policy) {
  return ToProtoImpl(policy);
}
v1::PreservationPolicy ToProto(const PreservationPolicy& policy) {
  return ToProtoImpl(policy);
}
v1::StepSet ToProto(const StepSet& set) {
  v1::StepSet message;
  internal::SaveStepSet(set, message);
  return message;
}

absl::StatusOr<CheckpointOptions> FromProto(
    const v1::CheckpointOptions& message) {
  return FromProtoOrStatus<CheckpointOptions>(message);
}
absl::StatusOr<AsyncOptions> FromProto(const v1::AsyncOptions& message) {
  return FromProtoOrStatus<AsyncOptions>(message);
}
absl::StatusOr<MultiprocessingOptions> FromProto(
    const v1::MultiprocessingOptions& message) {
  return FromProtoOrStatus<MultiprocessingOptions>(message);
}
absl::StatusOr<FileOptions> FromProto(const v1::FileOptions& message) {
  return FromProtoOrStatus<FileOptions>(message);
}
absl::StatusOr<MemoryLimitOptions> FromProto(
    const v1::MemoryLimitOptions& message) {
  return FromProtoOrStatus<MemoryLimitOptions>(message);
}
absl::StatusOr<AtomicityOptions> FromProto(
    const v1::AtomicityOptions& message) {
  return FromProtoOrStatus<AtomicityOptions>(message);
}
absl::StatusOr<ProcessSet> FromProto(const v1::ProcessSet& message) {
  std::vector<FieldError> errors;
  ErrorSink sink(errors);
  std::optional<ProcessSet> set = internal::LoadProcessSet(message, sink);
  sink.Finish();
  if (!set) return ToStatus(errors);
  return *std::move(set);
}

absl::StatusOr<CheckpointManagerOptions> FromProto(
    const v1::CheckpointManagerOptions& message) {
  std::vector<FieldError> errors;
  std::optional<CheckpointManagerOptions> options =
      FromProtoWithErrors(message, errors);
  if (!options) return ToStatus(errors);
  return *std::move(options);
}
absl::StatusOr<SaveDecisionPolicy> FromProto(
    const v1::SaveDecisionPolicy& message) {
  return PolicyFromProto<SaveDecisionPolicy>(message);
}
absl::StatusOr<PreservationPolicy> FromProto(
    const v1::PreservationPolicy& message) {
  return PolicyFromProto<PreservationPolicy>(message);
}
absl::StatusOr<StepSet> FromProto(const v1::StepSet& message) {
  std::vector<FieldError> errors;
  ErrorSink sink(errors);
  std::optional<StepSet> set = internal::LoadStepSet(message, sink);
  sink.Finish();
  if (!set) return ToStatus(errors);
  return *std::move(set);
}

std::optional<CheckpointOptions> FromProtoWithErrors(
    const v1::CheckpointOptions& message, std::vector<FieldError>& errors,
    std::vector<FieldError>* warnings) {
  CheckpointOptions options;
  if (!LoadAndValidate(message, options, errors, warnings)) {
    return std::nullopt;
  }
  return options;
}

std::optional<CheckpointManagerOptions> FromProtoWithErrors(
    const v1::CheckpointManagerOptions& message,
    std::vector<FieldError>& errors, std::vector<FieldError>* warnings) {
  // Validated as given, which is where Orbax's rules and the warnings about
  // its resets apply; then reset, as __post_init__ leaves the values.
  CheckpointManagerOptions options;
  if (!LoadAndValidate(message, options, errors, warnings)) {
    return std::nullopt;
  }
  ApplyReadOnly(options);
  return options;
}

}  // namespace orbax::checkpoint::options
