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
//   * `multiprocessing_options.active_processes` of more than 2^20 processes
//     (`kMaxOrbaxProcesses`): `to_orbax()` refuses to build Orbax's Python
//     set of them.
//
// `CheckpointManagerOptions` (checkpoint_manager_types.h) has the rules
// Orbax enforces in `CheckpointManagerOptions.__post_init__` and in
// `CheckpointManager.__init__` that depend on the options alone, decided as
// upstream decides them, including Python's truthiness where it decides and
// the order of `__post_init__`: `max_to_keep`'s sign is checked before
// `read_only` resets fields, everything else after, so a rule whose field
// `read_only` resets does not apply then. Its errors:
//
//   * `best_mode` is one of the enum's values.
//   * `max_to_keep` >= 0 when `preservation_policy` is unset (even with
//     `read_only`).
//   * `max_to_keep`, `keep_time_interval`, `keep_period` are unset or
//     Python-falsy (0, a zero duration) when `preservation_policy` is set,
//     unless `read_only` (the manager refuses the legacy keep options beside
//     a preservation policy).
//   * `save_interval_steps` != 0 when `save_decision_policy` is unset and
//     `read_only` is false (Orbax derives `FixedIntervalPolicy` from it and
//     computes `step % save_interval_steps`).
//   * `keep_period` != 0 when `preservation_policy` is unset and `read_only`
//     is false (Orbax derives `EveryNSteps` from it, which raises on 0).
//   * `todelete_full_path` is not set together with `todelete_subdir`,
//     unless `read_only` (which resets both).
//   * `enable_per_process_directory_creation` needs
//     `multiprocessing_options.primary_host` unset (`all_hosts_primary`).
//   * `create` is false when `multiprocessing_options.active_processes` is
//     set, unless `read_only` (which resets `create`): the manager raises
//     NotImplementedError.
//   * `keep_time_interval` and `LatestDuration.duration` are finite, within
//     protobuf's Duration range (+-315576000000 s) and whole microseconds,
//     as Python's `timedelta` holds.
//   * `step_prefix`, `todelete_subdir`, `todelete_full_path` are UTF-8.
//   * Policies: `FixedIntervalPolicy.interval`, `EveryNSteps.interval_steps`
//     and `EveryNStepsClosest.interval_steps` are not 0 (Orbax divides by
//     them, or raises, when it runs); `AnyPreservationPolicy.policies` is not
//     empty (Orbax fails on an empty list when it runs); policies nest at
//     most `kMaxPolicyDepth` (8) deep. Loading also refuses a policy message
//     with no member set, and a required field (one Python gives no default)
//     left unset.
//   * Step sets (`save_on_steps`, a policy's `steps`): what `StepSet`'s
//     factories refuse (step_set.h), and sets that name more than
//     `kMaxConfigSteps` together, reported when loading, as for process
//     sets.
//   * The nested options' own rules, above, with paths such as
//     `async_options.timeout_secs` (`async_options` and `atomicity_options`
//     only when set).
//
// And its warnings, for what Orbax accepts but rewrites or ignores:
//
//   * With `read_only`, each field that `__post_init__` resets, where it
//     changes: a positive `save_interval_steps` (to 0), a set `max_to_keep`,
//     `keep_time_interval`, `keep_period`, `todelete_subdir`,
//     `todelete_full_path` (to None), a true `create` or
//     `cleanup_tmp_directories` (to false), a non-empty `save_on_steps` (to
//     None). `FromProto()` returns the values as reset.
//   * With `save_decision_policy` set, a `save_interval_steps` other than 1
//     and a non-empty `save_on_steps`: ignored.
//   * `async_options.create_directories_asynchronously` true while
//     `enable_async_checkpointing` is false: the manager ANDs the two.
//
// `Context` (context_types.h, Orbax's v1 API) has the rules that Orbax's
// v1 code applies to its values (each refused when Orbax builds the object,
// saves or loads), with the v0 groups' own rules above (`asynchronous`,
// `multiprocessing`, `file`, `atomicity`). Its errors:
//
//   * `array.saving.storage_options.dtype`, when set, is a dtype name that
//     numpy knows (a fixed table in rules.cc: each dtype's own `.name`, with
//     ml_dtypes').
//   * `array.saving.storage_options.chunk_byte_size`,
//     `memory.write_concurrent_bytes`, `memory.read_concurrent_bytes`,
//     `memory.transfer_concurrent_bytes`, `safetensors.read_chunk_bytes`,
//     when set, > 0.
//   * `array.saving.ocdbt_target_data_file_size`, when set, >= 0.
//   * `array.saving.storage_options.shard_axes`: each axis >= 0.
//   * `array.loading.load_and_broadcast_options.replica_axis_index` and
//     `primary_replica_id` >= 0; `broadcast_memory_scaling_factor` <= 1
//     when `broadcast_memory_limit_bytes` is unset.
//   * `memory.regulator_options`: `max_memory_limit_gib` is set and > 0;
//     `min_memory_limit_gib` > 0 and < `max_memory_limit_gib *
//     target_ratio`. (Its runtime-only `profiler`, which Python requires, is
//     `to_orbax()`'s to ask for.)
//   * `safetensors.max_over_read_ratio`, when set, >= 1.
//   * `deletion.gcs_deletion_options.todelete_full_path`, when set, a path
//     relative to the bucket root: not empty, no leading '/', no `..`
//     component, no `://`.
//   * `checkpoint_layout` and `pathways.checkpointing_impl` are values of
//     their enums.
//
// Its warnings: `ocdbt_target_data_file_size` without `use_ocdbt`;
// `max_replicas_for_replica_parallel` <= 1 (replica-parallel saving off);
// `load_and_broadcast_options` set without `use_load_and_broadcast`;
// `transfer_concurrent_bytes` beside `regulator_options`;
// `expected_surge_bytes` without `regulator_options` (each ignored).
//
// `CheckpointerOptions` has its context's rules and its policies', and
// refuses `context.multiprocessing.active_processes` (Orbax's Checkpointer
// makes a manager with `create`, which refuses it);
// `step_name_format.step_format_fixed_length` >= 0.
//
// A value that breaks a rule gets the error alone, not a warning too.
//
// Example:
//
//   absl::Status status = Validate(options);
//   // INVALID_ARGUMENT: async_options.timeout_secs: must be > 0, got 0

#ifndef ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_
#define ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_

#include <vector>

#include "absl/status/status.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// Validate()
//
// Returns OK if the value keeps every rule, and otherwise `kInvalidArgument`
// listing every broken rule as "path: message". Paths start at the argument:
// `timeout_secs` for an `AsyncOptions`, `async_options.timeout_secs` for a
// `CheckpointOptions`.
[[nodiscard]] absl::Status Validate(const AsyncOptions& options);
[[nodiscard]] absl::Status Validate(const MultiprocessingOptions& options);
[[nodiscard]] absl::Status Validate(const FileOptions& options);
[[nodiscard]] absl::Status Validate(const MemoryLimitOptions& options);
[[nodiscard]] absl::Status Validate(const AtomicityOptions& options);
[[nodiscard]] absl::Status Validate(const SaveDecisionPolicy& policy);
[[nodiscard]] absl::Status Validate(const PreservationPolicy& policy);

// ValidationErrors()
//
// Returns every broken rule of `options` as a `FieldError`, in field order.
//
// ValidationWarnings()
//
// Returns what Orbax accepts in `options` but rewrites, ignores, or fails on
// only when it runs, as `FieldError`s, in field order: the warnings listed
// above. They are not errors: `Validate()` ignores them, and the command
// prints them and exits 0 (or 1 with `--strict`).
//
// Declared, with `Validate()`, for every root type (roots.h).
#define ORBAX_OPTIONS_DECLARE_VALIDATION(Root)                            \
  [[nodiscard]] absl::Status Validate(const Root& options);               \
  [[nodiscard]] std::vector<FieldError> ValidationErrors(                 \
      const Root& options);                                               \
  [[nodiscard]] std::vector<FieldError> ValidationWarnings(const Root& options);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_VALIDATION)
#undef ORBAX_OPTIONS_DECLARE_VALIDATION

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_VALIDATION_H_
