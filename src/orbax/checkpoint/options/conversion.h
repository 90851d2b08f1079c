// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: conversion.h
// -----------------------------------------------------------------------------
//
// This header converts between the C++ value types (types.h) and the schema's
// generated messages in `orbax::checkpoint::options::v1`. `FromProto()` of
// `ToProto(x)` gives back every valid `x` as it was, with one exception: in
// a `CheckpointManagerOptions` with `read_only`, the fields `read_only`
// resets come back reset (below).
//
//   * `ToProto(x)` writes the explicit form. Every effective value is set, so
//     a receiver never depends on its own defaults; a Python `None` stays
//     unset, since unset is how `None` is written. `ProcessSet` is written in
//     canonical form, so equal values give equal bytes under deterministic
//     serialisation.
//   * `FromProto(m)` fills unset fields with Orbax's defaults and validates
//     the result: an options value that came from a message is always valid.
//
// `CheckpointManagerOptions` (checkpoint_manager_types.h) converts the same
// way, with what Orbax's `__post_init__` does applied both ways: with
// `read_only`, both `ToProto()` and `FromProto()` give the fields it resets
// reset (`ApplyReadOnly()`, checkpoint_manager.h), so the explicit form is
// of the values Orbax runs with; `FromProtoWithErrors()` reports each reset
// as a warning. A `StepSet` is written in canonical form, and the empty
// `save_on_steps` (Python's `None`) unset.
//
// Every root type (roots.h) converts as its `ORBAX_OPTIONS_ROOTS` line
// declares here; `Context` and `CheckpointerOptions` (context_types.h) as
// `CheckpointOptions` does.
//
// The value types hold no callables (runtime.h pairs those with the values),
// so none is ever written or read.
//
// Example:
//
//   v1::CheckpointOptions message = ToProto(options);
//   std::string bytes = message.SerializeAsString();
//   ...
//   v1::CheckpointOptions received;
//   received.ParseFromString(bytes);
//   absl::StatusOr<CheckpointOptions> back = FromProto(received);

#ifndef ORBAX_CHECKPOINT_OPTIONS_CONVERSION_H_
#define ORBAX_CHECKPOINT_OPTIONS_CONVERSION_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// ToProto()
//
// Returns the explicit form of a value. Does not validate.
[[nodiscard]] v1::AsyncOptions ToProto(const AsyncOptions& options);
[[nodiscard]] v1::MultiprocessingOptions ToProto(
    const MultiprocessingOptions& options);
[[nodiscard]] v1::FileOptions ToProto(const FileOptions& options);
[[nodiscard]] v1::MemoryLimitOptions ToProto(const MemoryLimitOptions& options);
[[nodiscard]] v1::AtomicityOptions ToProto(const AtomicityOptions& options);
[[nodiscard]] v1::ProcessSet ToProto(const ProcessSet& set);
[[nodiscard]] v1::SaveDecisionPolicy ToProto(const SaveDecisionPolicy& policy);
[[nodiscard]] v1::PreservationPolicy ToProto(const PreservationPolicy& policy);
[[nodiscard]] v1::StepSet ToProto(const StepSet& set);

// FromProto()
//
// Returns the value of a message, with Orbax's defaults for unset fields, or
// `kInvalidArgument` listing every field that can't be represented or breaks
// a rule of validation.h (each as "path: message").
[[nodiscard]] absl::StatusOr<AsyncOptions> FromProto(
    const v1::AsyncOptions& message);
[[nodiscard]] absl::StatusOr<MultiprocessingOptions> FromProto(
    const v1::MultiprocessingOptions& message);
[[nodiscard]] absl::StatusOr<FileOptions> FromProto(
    const v1::FileOptions& message);
[[nodiscard]] absl::StatusOr<MemoryLimitOptions> FromProto(
    const v1::MemoryLimitOptions& message);
[[nodiscard]] absl::StatusOr<AtomicityOptions> FromProto(
    const v1::AtomicityOptions& message);
[[nodiscard]] absl::StatusOr<ProcessSet> FromProto(
    const v1::ProcessSet& message);
[[nodiscard]] absl::StatusOr<SaveDecisionPolicy> FromProto(
    const v1::SaveDecisionPolicy& message);
[[nodiscard]] absl::StatusOr<PreservationPolicy> FromProto(
    const v1::PreservationPolicy& message);
[[nodiscard]] absl::StatusOr<StepSet> FromProto(const v1::StepSet& message);

// FromProtoWithErrors()
//
// As `FromProto()`, but reports each problem as a `FieldError` whose path is
// relative to `message`, for callers that locate fields themselves (the config
// loader), and, if `warnings` is not null, each warning of validation.h.
// Returns the value only if `errors` stays empty.
//
// Declared, with `ToProto()` and `FromProto()`, for every root type (roots.h).
#define ORBAX_OPTIONS_DECLARE_CONVERSION(Root)                          \
  [[nodiscard]] v1::Root ToProto(const Root& options);                  \
  [[nodiscard]] absl::StatusOr<Root> FromProto(const v1::Root& message); \
  [[nodiscard]] std::optional<Root> FromProtoWithErrors(                 \
      const v1::Root& message, std::vector<FieldError>& errors,          \
      std::vector<FieldError>* warnings = nullptr);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_CONVERSION)
#undef ORBAX_OPTIONS_DECLARE_CONVERSION

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_CONVERSION_H_
