// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: runtime.h
// -----------------------------------------------------------------------------
//
// This header defines the runtime-only callables of Orbax's `AsyncOptions`:
// the barrier function and the post-finalization callback. They live in
// `AsyncCallbacks`, apart from every serialisable value: `ToProto()` and
// `FromProto()` never see them, and `==` on options ignores them.
//
// Options loaded from a message carry no callables; attaching them is one
// assignment:
//
//   absl::StatusOr<CheckpointOptions> options = FromProto(message);
//   options->async_options.callbacks = {
//       .barrier_sync_fn = [](std::string_view key, int64_t timeout_ms) {
//         return my_coordinator.WaitAtBarrier(key, timeout_ms);
//       },
//       .post_finalization_callback = [] { LOG(INFO) << "saved"; },
//   };

#ifndef ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
#define ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/status.h"

namespace orbax::checkpoint::options {

// BarrierSyncFn
//
// Blocks until every participating process reaches the barrier named `key`,
// or until `timeout_ms` milliseconds pass. Returns OK once all arrived, and
// `kDeadlineExceeded` (or another error) otherwise. Barriers with different
// keys may be waited on from different threads at once, so an implementation
// must be thread-safe. Python: `multihost.BarrierSyncFn`, called as
// `fn(key=..., timeout_ms=...)`.
using BarrierSyncFn =
    std::function<absl::Status(std::string_view key, int64_t timeout_ms)>;

// PostFinalizationCallback
//
// Called once after an async save is finalized. Orbax calls it from the
// background thread that finalizes the save, not from the thread that started
// it. Python: `AsyncOptions.post_finalization_callback`.
using PostFinalizationCallback = std::function<void()>;

// AsyncCallbacks
//
// The runtime-only part of `AsyncOptions`. Empty functions mean "none", as
// Python's `None`. Two `AsyncCallbacks` always compare equal, so that options
// compare by their serialisable values only.
struct AsyncCallbacks {
  // Barrier implementation. Empty means Orbax's default barrier.
  BarrierSyncFn barrier_sync_fn;

  // Called after each async save is finalized. Empty means none.
  PostFinalizationCallback post_finalization_callback;

  friend bool operator==(const AsyncCallbacks&, const AsyncCallbacks&) {
    return true;
  }
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
