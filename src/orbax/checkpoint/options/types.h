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
// Python `None` is `std::nullopt`. `==` compares the serialisable values and
// ignores the runtime callables (see runtime.h).
//
// Example:
//
//   CheckpointOptions options;  // Orbax's defaults everywhere.
//   options.multiprocessing_options.active_processes =
//       ProcessSet::FromIndices({0, 1, 2, 3});
//   options.file_options.path_permission_mode = 0750;
//   absl::Status status = Validate(options);

#ifndef ORBAX_CHECKPOINT_OPTIONS_TYPES_H_
#define ORBAX_CHECKPOINT_OPTIONS_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/runtime.h"

namespace orbax::checkpoint::options {

// AsyncOptions
//
// Async save behaviour. Python: `AsyncOptions`.
struct AsyncOptions {
  // Timeout for async saves and their barriers, in seconds. Must be > 0.
  int32_t timeout_secs = 1200;

  // Whether step directories are created in a background thread.
  bool create_directories_asynchronously = true;

  // Runtime-only callables; never serialised, ignored by `==`.
  AsyncCallbacks callbacks;

  friend bool operator==(const AsyncOptions&, const AsyncOptions&) = default;
};

// MultiprocessingOptions
//
// Which processes take part and which is primary. Python:
// `MultiprocessingOptions`.
struct MultiprocessingOptions {
  // The primary process. `std::nullopt` makes every host primary (Python
  // `primary_host=None`). Must be >= 0 and in `active_processes` if that is
  // set.
  std::optional<int32_t> primary_host = 0;

  // The participating processes. `std::nullopt` means all of them. Must not
  // be empty when set.
  std::optional<ProcessSet> active_processes;

  // Prepended to barrier keys. `std::nullopt` means none; `""` is a real
  // prefix.
  std::optional<std::string> barrier_sync_key_prefix;

  friend bool operator==(const MultiprocessingOptions&,
                         const MultiprocessingOptions&) = default;
};

// FileOptions
//
// File creation behaviour. Python: `FileOptions`.
struct FileOptions {
  // Permission bits of created directories and files, in [0, 07777].
  // `std::nullopt` means the filesystem's default.
  std::optional<int32_t> path_permission_mode;

  friend bool operator==(const FileOptions&, const FileOptions&) = default;
};

// MemoryLimitOptions
//
// Memory limits during save. Python: `MemoryLimitOptions`.
struct MemoryLimitOptions {
  // Cap on device-to-host bytes in flight, in units of 10^9 bytes. Must be
  // > 0. `std::nullopt` means no cap.
  std::optional<int32_t> max_transfer_concurrent_gb;

  friend bool operator==(const MemoryLimitOptions&,
                         const MemoryLimitOptions&) = default;
};

// AtomicityMode
//
// The protocol that makes a finished checkpoint visible. Python:
// `AtomicityMode`.
enum class AtomicityMode {
  // Picks a protocol per storage backend.
  kAuto,
  // Writes in place, then a commit marker file.
  kCommitFile,
  // Writes to a temporary directory, then renames it into place.
  kAtomicRename,
};

// AtomicityModeName()
//
// Returns the schema's name of `mode`, such as "ATOMICITY_MODE_AUTO".
std::string_view AtomicityModeName(AtomicityMode mode);

// AtomicityOptions
//
// How a checkpoint is committed. Python: `AtomicityOptions`.
struct AtomicityOptions {
  // The commit protocol.
  AtomicityMode mode = AtomicityMode::kAuto;

  // Whether readers accept legacy checkpoints committed by atomic rename
  // without a commit marker.
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
