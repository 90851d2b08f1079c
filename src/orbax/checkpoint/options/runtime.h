// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: runtime.h
// -----------------------------------------------------------------------------
//
// This header defines the runtime-only callables of Orbax's options, and the
// type that pairs them with the options' values:
//
//   * `BarrierSyncFn`, `PostFinalizationCallback`: one callable each.
//   * `AsyncCallbacks`: the callables of Python's `AsyncOptions`.
//   * `CheckpointRuntime`: a `CheckpointOptions` value and its callables.
//
// The design, as TensorStore keeps a serialisable Spec apart from the live
// resource it opens:
//
//   * The value types (types.h) hold only what the schema can carry; their
//     `==` is the compiler's, and they know nothing of this header. So
//     nothing that serialises, compares, validates or fingerprints options
//     (`ToProto()`, `==`, `Validate()`, `Fingerprint()`, `DiffOptions()`) can
//     see a callable: none of them takes a `CheckpointRuntime`.
//   * The callables of one Python class go in one struct named after it
//     (`AsyncOptions` -> `AsyncCallbacks`). The structs have no `==`: two
//     `std::function`s can't be compared, and an `==` that ignored them would
//     call different barriers equal.
//   * A `...Runtime` struct pairs a root options value (`options`) with one
//     callables member per class that has callables, named after the options
//     member it goes with (`options.async_options` -> `async_callbacks`).
//     It is a plain aggregate: copying it copies the values and the
//     `std::function`s (which then share whatever the callables captured).
//
// Options come from the wire or a config file without callables; attaching
// them is one step. New callables go in the same pattern: when Orbax's
// `CheckpointManagerOptions` arrives, its `best_fn`, `should_save_fn` and
// policy callables go in a `CheckpointManagerCallbacks`, and a
// `CheckpointManagerRuntime` pairs the manager's options with it and with
// `AsyncCallbacks`.
//
// Example:
//
//   absl::StatusOr<CheckpointOptions> options = FromProto(message);
//   if (!options.ok()) return options.status();
//   CheckpointRuntime runtime{
//       .options = *std::move(options),
//       .async_callbacks = {
//           .barrier_sync_fn = [&](std::string_view key, int64_t timeout_ms) {
//             return coordinator.WaitAtBarrier(key, timeout_ms);
//           },
//           .post_finalization_callback = [] { LOG(INFO) << "finalized"; },
//       },
//   };
//   std::string fingerprint = Fingerprint(runtime.options);

#ifndef ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
#define ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// BarrierSyncFn
//
// Blocks until every participating process reaches the barrier named `key`,
// or until `timeout_ms` milliseconds pass. Returns OK once all arrived, and
// `kDeadlineExceeded` (or another error) otherwise. Barriers with different
// keys may be waited on from different threads at once, so an implementation
// must be thread-safe. multihost.h says how Orbax builds keys and timeouts.
// Python: `multihost.BarrierSyncFn`, called as `fn(key=..., timeout_ms=...)`.
using BarrierSyncFn =
    std::function<absl::Status(std::string_view key, int64_t timeout_ms)>;

// PostFinalizationCallback
//
// Called once per async save, on the primary host(s) only (every host when
// all hosts are primary): after the handler has finalized the checkpoint and
// before the step is committed (renamed into place, or its commit marker
// written). Orbax calls it from the background thread that finalizes the
// save, not from the thread that started it. Python:
// `AsyncOptions.post_finalization_callback`.
using PostFinalizationCallback = std::function<void()>;

// AsyncCallbacks
//
// The runtime-only members of Python's `AsyncOptions`. An empty function is
// Python's `None`. Not comparable (see the file comment).
struct AsyncCallbacks {
  // The barrier of each async save's commit (AsyncCheckpointer's
  // `async_write_complete` and `async_commit_complete`); Orbax's other
  // barriers don't go through it. Empty means Orbax's default: a barrier over
  // `active_processes` (all processes when unset) through JAX's distributed
  // client.
  BarrierSyncFn barrier_sync_fn;

  // Called after each async save is finalized. Empty means none.
  PostFinalizationCallback post_finalization_callback;
};

// CheckpointRuntime
//
// A `CheckpointOptions` value with the callables that go with it: what a
// process that checkpoints holds. Default-constructed, it holds Orbax's
// default options and no callables. Not comparable: compare `options`.
struct CheckpointRuntime {
  // The serialisable options.
  CheckpointOptions options;

  // The callables of `options.async_options`.
  AsyncCallbacks async_callbacks;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
