// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: validation.h
// -----------------------------------------------------------------------------
//
// This header validates option values built in C++. (Values from
// `FromProto()` are validated already.) Every failure is `kInvalidArgument`;
// its message names the field path, the rule and the value, and every failing
// field is reported, not just the first. The rules:
//
//   * `async_options.timeout_secs` > 0.
//   * `multiprocessing_options.primary_host` >= 0 and, when
//     `active_processes` is set, in it (Orbax states this rule but never
//     checks it; the default primary 0 counts).
//   * `multiprocessing_options.active_processes`, when set, is not empty. Part
//     of Orbax (its default barrier) reads an empty set as "all processes",
//     the rest as a set; this library refuses it on purpose, so that "all
//     processes" has one spelling: unset. Its indices are in [0, 2^31 - 2]
//     (`kMaxProcessIndex`), from non-empty ranges: `FromProto()` and
//     `ProcessSet`'s factories refuse anything else, so a `ProcessSet` can't
//     hold it and `Validate()` has nothing to check.
//   * `multiprocessing_options.barrier_sync_key_prefix`, when set, is UTF-8
//     (a proto3 `string`: protobuf refuses to parse anything else).
//   * `file_options.path_permission_mode` in [0, 07777].
//   * `memory_limit_options.max_transfer_concurrent_gb` > 0.
//   * `atomicity_options.mode` is one of the enum's values.
//
// And the warnings (`ValidationWarnings()`): what Orbax accepts, but rewrites,
// ignores, or fails on only when it runs:
//
//   * `memory_limit_options.max_transfer_concurrent_gb` from 1 to 13: when
//     the PyTree handler's `save_device_host_concurrent_bytes` is 'auto', its
//     memory regulator refuses a ceiling this low at run time (it applies to
//     that one setting only, so it is no error).
//
// Example:
//
//   absl::Status status = Validate(options);
//   // INVALID_ARGUMENT: async_options.timeout_secs: must be > 0, got 0

#ifndef ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_
#define ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_

#include <vector>

#include "absl/status/status.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// Validate()
//
// Returns OK if the value keeps every rule, and otherwise `kInvalidArgument`
// listing every broken rule as "path: message". Paths start at the argument:
// `timeout_secs` for an `AsyncOptions`, `async_options.timeout_secs` for a
// `CheckpointOptions`.
[[nodiscard]] absl::Status Validate(const CheckpointOptions& options);
[[nodiscard]] absl::Status Validate(const AsyncOptions& options);
[[nodiscard]] absl::Status Validate(const MultiprocessingOptions& options);
[[nodiscard]] absl::Status Validate(const FileOptions& options);
[[nodiscard]] absl::Status Validate(const MemoryLimitOptions& options);
[[nodiscard]] absl::Status Validate(const AtomicityOptions& options);

// ValidationErrors()
//
// Returns every broken rule of `options` as a `FieldError`, in field order.
[[nodiscard]] std::vector<FieldError> ValidationErrors(
    const CheckpointOptions& options);

// ValidationWarnings()
//
// Returns what Orbax accepts in `options` but rewrites, ignores, or fails on
// only when it runs, as `FieldError`s, in field order: the warnings listed
// above. They are not errors: `Validate()` ignores them, and the command
// prints them and exits 0 (or 1 with `--strict`).
[[nodiscard]] std::vector<FieldError> ValidationWarnings(
    const CheckpointOptions& options);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_
