// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: multihost.h
// -----------------------------------------------------------------------------
//
// This header provides Orbax's multi-host helpers that build on the options,
// for a C++ process that takes part in the same barriers as Orbax's Python
// processes (through the same coordination service) or acts on their behalf:
//
//   * `UniqueBarrierKey()`: Orbax's `unique_barrier_key()`, exactly.
//   * `BarrierKeyPrefix()`: the prefix that each Orbax component passes to
//     it, which is not always `barrier_sync_key_prefix` as it is.
//   * `IsPrimaryHost()`: Orbax's `is_primary_host()`.
//   * `BarrierTimeoutMs()`: `timeout_secs` in milliseconds, the most that
//     Orbax's async commit barriers get.
//
// A barrier is met only when every process waits on the same key, so a key
// built here must match Orbax's byte for byte: take the prefix from
// `BarrierKeyPrefix()` for the component whose barrier it is.
//
// Example:
//
//   const MultiprocessingOptions& mp = options.multiprocessing_options;
//   if (IsPrimaryHost(mp, my_index)) { ... }
//   // AsyncCheckpointer's first commit barrier of step directory "7":
//   std::string key = UniqueBarrierKey(
//       "async_write_complete",
//       BarrierKeyPrefix(mp, BarrierKeyOwner::kAsyncCheckpointer), "7");
//   // "job_async_write_complete.7" with prefix "job";
//   // "_async_write_complete.7" with none.
//
// Checked against Orbax 0.12.8 in real 4-process JAX jobs
// (tests/python/test_agree.py): every key a `CheckpointManager` passes to
// `barrier_sync_fn` is one of these. Two gaps no key can close: Orbax's
// other barriers (directory creation, root metadata) don't reach
// `barrier_sync_fn` (jax's `sync_global_devices`, or the client directly
// when `active_processes` is set); and the coordination service binds a key
// to the processes that first waited at it, so keys that carry no step
// (`ThreadSaveMultiHostValueHolder:*`) conflict between managers over
// different `active_processes` unless their prefixes differ.
//
// A C++ process that is part of a JAX job (rarely) can agree on options as
// Python's `orbax_options.agree()` does, through a key-value store it is
// given (the coordination service's, e.g. `xla::DistributedRuntimeClient`):
// publish `Fingerprint()` under `<root>/<generation>/<process>`, and the
// effective bytes (`EffectiveBytes()`) when it differs from the reference
// process's, whose record is read first; the reference reads every record,
// `DiffOptions()` each differing group once, and publishes a verdict that
// every process waits for with a deadline. python/orbax_options/_agree.py
// holds the protocol, and its records (`MAGIC` then JSON).

#ifndef ORBAX_CHECKPOINT_OPTIONS_MULTIHOST_H_
#define ORBAX_CHECKPOINT_OPTIONS_MULTIHOST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// UniqueBarrierKey()
//
// Returns `key`, with `prefix + "_"` in front if `prefix` is set (an empty
// prefix still adds `_`), and then `"." + suffix` behind if `suffix` is set.
// Python: `multihost.unique_barrier_key(key, prefix=..., suffix=...)`.
[[nodiscard]] std::string UniqueBarrierKey(
    std::string_view key,
    const std::optional<std::string>& prefix = std::nullopt,
    const std::optional<std::string>& suffix = std::nullopt);

// BarrierKeyOwner
//
// The Orbax components that build barrier keys from
// `barrier_sync_key_prefix`, by how they treat an unset (`None`) prefix.
enum class BarrierKeyOwner {
  // `AsyncCheckpointer`: an unset prefix becomes `""`, so every key it builds
  // starts with `_` (`_async_write_complete.<dir>`, `_Checkpointer:save_start`)
  // even with no prefix.
  kAsyncCheckpointer,
  // Every other component: `Checkpointer`, `CheckpointManager`,
  // `MultihostSynchronizedValue` (the save-progress tracker's
  // `ThreadSaveMultiHostValueHolder:set_value_start` and `:set_value_end`,
  // the same keys at every save), and the atomicity helpers that create
  // temporary step directories. They pass the prefix as it is: an unset
  // prefix adds nothing (`CheckpointManager:create_directory`).
  kOther,
};

// BarrierKeyPrefix()
//
// Returns the prefix that `owner` passes to `unique_barrier_key()` for
// `options`: `barrier_sync_key_prefix` as it is, except that
// `kAsyncCheckpointer` turns an unset one into `""`.
[[nodiscard]] std::optional<std::string> BarrierKeyPrefix(
    const MultiprocessingOptions& options, BarrierKeyOwner owner);

// IsPrimaryHost()
//
// Returns whether process `process_index` is primary: true for every process
// when all hosts are primary (`primary_host` is `std::nullopt`), and otherwise
// only for `primary_host`.
[[nodiscard]] bool IsPrimaryHost(const MultiprocessingOptions& options,
                                 int32_t process_index);

// BarrierTimeoutMs()
//
// Returns `timeout_secs * 1000`, computed in 64 bits so that it cannot
// overflow for any `int32_t` timeout.
//
// That is what an Orbax barrier gets only in one case. AsyncCheckpointer's
// two commit barriers (`async_write_complete`, `async_commit_complete`)
// share one deadline, `timeout_secs` after the save's background thread
// starts, and each gets what remains of it when it is reached,
// `int((timeout_secs - elapsed_secs) * 1000)`: this value is their upper
// bound, equal only if no time has passed. `MultihostSynchronizedValue`'s
// barriers get exactly this value. Orbax's other barriers (directory
// creation, `Checkpointer:save_start`, CheckpointManager's) don't use
// `timeout_secs`: `sync_global_processes()` gives them its own timeout, 300 s
// unless its caller passes one. And an AsyncCheckpointer built with a
// `timeout_secs` argument of its own uses that instead of the options'.
[[nodiscard]] int64_t BarrierTimeoutMs(const AsyncOptions& options);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_MULTIHOST_H_
