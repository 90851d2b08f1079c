// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/conversion.h"

#include <optional>
#include <type_traits>
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

// Returns the message that `save(value, message)` writes.
template <typename M, typename S>
M Saved(const S& value, void (*save)(const S&, M&)) {
  M message;
  save(value, message);
  return message;
}

template <typename S>
typename Fields<S>::Proto ToProtoImpl(const S& value) {
  return Saved(value, internal::SaveFields<S>);
}

// Loads every field into a value, then validates it, reporting every
// problem of either kind. A field that failed to load keeps its default,
// which its own rules accept, so no error is reported twice. A policy on its
// own has its one member set, nested within kMaxPolicyDepth.
template <typename S>
S LoadAndValidate(const typename Fields<S>::Proto& message,
                  const ErrorSink& sink) {
  S value;
  internal::Codec<S>::Load(message, value, sink);
  internal::Codec<S>::Validate(value, sink);
  return value;
}

// Returns what `load(message, sink)` gives, or `kInvalidArgument` listing
// every error it reported.
template <typename S, typename M, typename Load>
absl::StatusOr<S> Checked(const M& message, Load load) {
  std::vector<FieldError> errors;
  ErrorSink sink(errors);
  std::optional<S> value = load(message, sink);
  sink.Finish();
  if (!value || !errors.empty()) return ToStatus(errors);
  return *std::move(value);
}

// FromProtoWithErrors() of either root.
template <typename S>
std::optional<S> LoadWithErrors(const typename Fields<S>::Proto& message,
                                std::vector<FieldError>& errors,
                                std::vector<FieldError>* warnings) {
  const size_t errors_before = errors.size();
  ErrorSink sink(errors, warnings);
  S value = LoadAndValidate<S>(message, sink);
  sink.Finish();
  if (errors.size() != errors_before) return std::nullopt;
  return value;
}

// ToProto() of a root, as Orbax runs with it: a manager's options with
// `read_only`'s resets applied (on a copy, only when there is something to
// reset).
template <typename S>
typename Fields<S>::Proto RootToProto(const S& options) {
  if constexpr (std::is_same_v<S, CheckpointManagerOptions>) {
    if (options.read_only) {
      S effective = options;
      ApplyReadOnly(effective);
      return ToProtoImpl(effective);
    }
  }
  return ToProtoImpl(options);
}

// FromProtoWithErrors() of a root. A manager's options are validated as
// given, which is where Orbax's rules and the warnings about its resets
// apply; then reset, as __post_init__ leaves the values.
template <typename S>
std::optional<S> RootFromProtoWithErrors(
    const typename Fields<S>::Proto& message, std::vector<FieldError>& errors,
    std::vector<FieldError>* warnings) {
  std::optional<S> options = LoadWithErrors<S>(message, errors, warnings);
  if constexpr (std::is_same_v<S, CheckpointManagerOptions>) {
    if (options) ApplyReadOnly(*options);
  }
  return options;
}

template <typename S>
absl::StatusOr<S> RootFromProto(const typename Fields<S>::Proto& message) {
  std::vector<FieldError> errors;
  std::optional<S> options = RootFromProtoWithErrors<S>(message, errors, nullptr);
  if (!options) return ToStatus(errors);
  return *std::move(options);
}

}  // namespace

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
  return Saved(set, internal::SaveProcessSet);
}

v1::SaveDecisionPolicy ToProto(const SaveDecisionPolicy& policy) {
  return ToProtoImpl(policy);
}
v1::PreservationPolicy ToProto(const PreservationPolicy& policy) {
  return ToProtoImpl(policy);
}
v1::StepSet ToProto(const StepSet& set) {
  return Saved(set, internal::SaveStepSet);
}

absl::StatusOr<AsyncOptions> FromProto(const v1::AsyncOptions& message) {
  return Checked<AsyncOptions>(message, LoadAndValidate<AsyncOptions>);
}
absl::StatusOr<MultiprocessingOptions> FromProto(
    const v1::MultiprocessingOptions& message) {
  return Checked<MultiprocessingOptions>(
      message, LoadAndValidate<MultiprocessingOptions>);
}
absl::StatusOr<FileOptions> FromProto(const v1::FileOptions& message) {
  return Checked<FileOptions>(message, LoadAndValidate<FileOptions>);
}
absl::StatusOr<MemoryLimitOptions> FromProto(
    const v1::MemoryLimitOptions& message) {
  return Checked<MemoryLimitOptions>(message,
                                     LoadAndValidate<MemoryLimitOptions>);
}
absl::StatusOr<AtomicityOptions> FromProto(
    const v1::AtomicityOptions& message) {
  return Checked<AtomicityOptions>(message, LoadAndValidate<AtomicityOptions>);
}
absl::StatusOr<ProcessSet> FromProto(const v1::ProcessSet& message) {
  return Checked<ProcessSet>(message, internal::LoadProcessSet);
}
absl::StatusOr<SaveDecisionPolicy> FromProto(
    const v1::SaveDecisionPolicy& message) {
  return Checked<SaveDecisionPolicy>(
      message, LoadAndValidate<SaveDecisionPolicy>);
}
absl::StatusOr<PreservationPolicy> FromProto(
    const v1::PreservationPolicy& message) {
  return Checked<PreservationPolicy>(
      message, LoadAndValidate<PreservationPolicy>);
}
absl::StatusOr<StepSet> FromProto(const v1::StepSet& message) {
  return Checked<StepSet>(message, internal::LoadStepSet);
}

#define ORBAX_OPTIONS_DEFINE_CONVERSION(Root)                          \
  v1::Root ToProto(const Root& options) { return RootToProto(options); } \
  absl::StatusOr<Root> FromProto(const v1::Root& message) {              \
    return RootFromProto<Root>(message);                                 \
  }                                                                      \
  std::optional<Root> FromProtoWithErrors(                               \
      const v1::Root& message, std::vector<FieldError>& errors,          \
      std::vector<FieldError>* warnings) {                               \
    return RootFromProtoWithErrors<Root>(message, errors, warnings);     \
  }
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DEFINE_CONVERSION)

}  // namespace orbax::checkpoint::options
