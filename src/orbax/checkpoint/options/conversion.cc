// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/conversion.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
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

std::optional<CheckpointOptions> FromProtoWithErrors(
    const v1::CheckpointOptions& message, std::vector<FieldError>& errors,
    std::vector<FieldError>* warnings) {
  CheckpointOptions options;
  if (!LoadAndValidate(message, options, errors, warnings)) {
    return std::nullopt;
  }
  return options;
}

}  // namespace orbax::checkpoint::options
