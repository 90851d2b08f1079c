// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: types.h
// -----------------------------------------------------------------------------
//
// This header defines the plain C++ value types of Orbax's checkpoint options,
// one struct per Python dataclass in `orbax.checkpoint.options`, each field
// starting at Orbax's default:
//
//   * `AsyncOptions`
//   * `MultiprocessingOptions`
//   * `FileOptions`
//   * `MemoryLimitOptions`
//   * `AtomicityOptions`, with `AtomicityMode`
//   * `CheckpointOptions`, which holds one of each
//
// Python `None` is `std::nullopt`. The types hold serialisable values only,
// and their `==` is the compiler's, over every member. The Python classes'
// runtime-only callables (`barrier_sync_fn`, `post_finalization_callback`)
// live in runtime.h, which pairs them with these values; this header does
// not include it. `Validate()` (validation.h) checks the rules that the
// fields' comments state.
//
// Example:
//
//   CheckpointOptions options;  // Orbax's defaults everywhere.
//   options.multiprocessing_options.active_processes =
//       ProcessSet::FromIndices({0, 1, 2, 3}).value();
//   options.file_options.path_permission_mode = 0750;
//   bool changed = options != CheckpointOptions{};  // true

#ifndef ORBAX_CHECKPOINT_OPTIONS_TYPES_H_
#define ORBAX_CHECKPOINT_OPTIONS_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "orbax/checkpoint/options/process_set.h"

namespace orbax::checkpoint::options {

// AsyncOptions
//
// Async save behaviour. Python: `AsyncOptions`, less its callables (see
// runtime.h).
struct AsyncOptions {
  // Deadline of an async save's background work, in seconds, from when that
  // work starts; its commit barriers get what remains of it (see
  // `BarrierTimeoutMs()` in multihost.h). Must be > 0.
  int32_t timeout_secs = 1200;

  // Whether step directories are created in a background thread.
  bool create_directories_asynchronously = true;

  friend bool operator==(const AsyncOptions&, const AsyncOptions&) = default;
};

// MultiprocessingOptions
//
// Which processes take part and which is primary. Python:
// `MultiprocessingOptions`.
struct MultiprocessingOptions {
  // The primary process, which does single-writer work. `std::nullopt` makes
  // every host primary (Python `primary_host=None`). Must be >= 0 and in
  // `active_processes` if that is set.
  std::optional<int32_t> primary_host = 0;

  // The participating processes. `std::nullopt` means all of them. Must not
  // be empty when set: part of Orbax reads an empty set as "all processes",
  // and this library refuses it rather than guess (validation.h).
  std::optional<ProcessSet> active_processes;

  // Prepended to barrier keys as `<prefix>_<key>`. `std::nullopt` means none,
  // but Orbax's AsyncCheckpointer uses `""` for it (see `BarrierKeyPrefix()`
  // in multihost.h); `""` is a real prefix.
  std::optional<std::string> barrier_sync_key_prefix;

  friend bool operator==(const MultiprocessingOptions&,
                         const MultiprocessingOptions&) = default;
};

// FileOptions
//
// File creation behaviour. Python: `FileOptions`.
struct FileOptions {
  // The mode that Orbax passes to mkdir for the checkpoint root directory and
  // each temporary step directory, in [0, 07777]; not used for files or
  // other directories. `std::nullopt` means mkdir's default (0777 less the
  // umask). Orbax's non-local backends (e.g. `gs://`) refuse a mode.
  std::optional<int32_t> path_permission_mode;

  // Whether an async save skips the file system checks it makes before its
  // background work starts: Orbax's AsyncCheckpointer then neither refuses an
  // existing step directory nor checks that one exists before it removes it
  // to overwrite, and CheckpointManager no longer asks it to overwrite.
  // Synchronous checkpointers ignore it; Orbax calls it experimental.
  bool skip_sync_file_validations = false;

  friend bool operator==(const FileOptions&, const FileOptions&) = default;
};

// MemoryLimitOptions
//
// Memory limits during save. Python: `MemoryLimitOptions`.
struct MemoryLimitOptions {
  // The ceiling, in units of 10^9 bytes, of the memory regulator that Orbax's
  // PyTree handler uses for device-to-host transfers, read only when the
  // handler's `save_device_host_concurrent_bytes` is `'auto'` (which then
  // needs it). Must be > 0; Orbax's regulator also fails at run time for
  // 1 to 13. `std::nullopt` means not given.
  std::optional<int32_t> max_transfer_concurrent_gb;

  friend bool operator==(const MemoryLimitOptions&,
                         const MemoryLimitOptions&) = default;
};

// AtomicityMode
//
// The protocol that makes a finished checkpoint visible. Python:
// `AtomicityMode`.
enum class AtomicityMode {
  // Picks a protocol per path: commit file on `gs://`, atomic rename
  // elsewhere.
  kAuto,
  // Writes in place, then a commit marker file.
  kCommitFile,
  // Writes to a temporary directory, then renames it into place.
  kAtomicRename,
};

// AtomicityOptions
//
// How a checkpoint is committed. Python: `AtomicityOptions`.
struct AtomicityOptions {
  // The commit protocol.
  AtomicityMode mode = AtomicityMode::kAuto;

  // Whether readers accept legacy checkpoints committed by atomic rename
  // without a commit marker; matters only when the protocol in use is not
  // atomic rename.
  bool allow_legacy_atomic_rename = false;

  friend bool operator==(const AtomicityOptions&,
                         const AtomicityOptions&) = default;
};

// CheckpointOptions
//
// All of Orbax's checkpoint options; the root of every config.
struct CheckpointOptions {
  AsyncOptions async_options;
  MultiprocessingOptions multiprocessing_options;
  FileOptions file_options;
  MemoryLimitOptions memory_limit_options;
  AtomicityOptions atomicity_options;

  friend bool operator==(const CheckpointOptions&,
                         const CheckpointOptions&) = default;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_TYPES_H_
