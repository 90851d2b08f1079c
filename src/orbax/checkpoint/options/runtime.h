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
//   * `BarrierSyncFn`, `PostFinalizationCallback`, `Metrics` and `MetricFn`,
//     `ShouldSaveFn`: one callable each.
//   * `AsyncCallbacks`: the callables of Python's `AsyncOptions`.
//   * `CheckpointManagerCallbacks`: the runtime-only members of Python's
//     `CheckpointManagerOptions` and of its `BestN` policies.
//   * `CheckpointRuntime`: a `CheckpointOptions` value and its callables.
//   * `CheckpointManagerRuntime`: a `CheckpointManagerOptions` value and its
//     callables.
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
// them is one step. New callables go in the same pattern: Orbax's
// `CheckpointManagerOptions` has `best_fn`, `should_save_fn`,
// `step_name_format`, `temporary_path_class` and, in each `BestN` policy, a
// `get_metric_fn`; they go in a `CheckpointManagerCallbacks`, and a
// `CheckpointManagerRuntime` pairs the manager's options with it
// (`manager_callbacks`) and with `AsyncCallbacks`.
//
// What Orbax does with the manager's callables, which no value can show
// (validation.h checks the values alone):
//
//   * `should_save_fn` replaces `save_interval_steps` and `save_on_steps` in
//     the save policy Orbax derives; `save_decision_policy` overrides it;
//     `read_only` resets it to None.
//   * `best_fn` puts `BestN{.reverse = best_mode == kMin, .n = max_to_keep,
//     .keep_checkpoints_without_metrics = ...}` in the derived preservation
//     policy where `LatestN` would be (`DerivedPolicies()`,
//     checkpoint_manager.h); `preservation_policy` overrides it.
//   * `step_name_format` makes Orbax ignore `step_prefix` and
//     `step_format_fixed_length`, and `__post_init__` refuses it unless its
//     own `single_host_load_and_broadcast` equals the options' field.
//   * Each `BestN` needs its `get_metric_fn`: Python has no default.
//   * `AsyncCallbacks::post_finalization_callback` needs
//     `enable_async_checkpointing`: the manager raises ValueError when its
//     checkpointer is not async.
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

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
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

// Metrics
//
// A checkpoint's metrics as `MetricFn` sees them: names to numbers, such as
// `{{"loss", 0.25}, {"accuracy", 0.91}}`. Python hands over whatever PyTree
// was saved as the step's metrics; a flat map of numbers is the part of that
// which C++ can hold without knowing a program's types, so a program with
// nested metrics flattens them under keys of its own choosing. Orbax does
// not call a metric function for a checkpoint saved without metrics.
using Metrics = std::map<std::string, double, std::less<>>;

// MetricFn
//
// Returns the number that ranks a checkpoint by its metrics; which end is
// best is `best_mode` (for `best_fn`) or `BestN::reverse`. Python: `best_fn`
// and `BestN.get_metric_fn`, `Callable[[PyTree], float]`.
using MetricFn = std::function<double(const Metrics& metrics)>;

// ShouldSaveFn
//
// Returns whether to save at `step`, given the last step saved
// (`std::nullopt` before the first). Python: `should_save_fn`,
// `Callable[[int, Optional[int]], bool]`, called as `fn(step, last_step)`.
using ShouldSaveFn =
    std::function<bool(int64_t step, std::optional<int64_t> last_saved_step)>;

// CheckpointManagerCallbacks
//
// The runtime-only members of Python's `CheckpointManagerOptions` and of its
// `BestN` policies. An empty function, or an empty `std::any`, is Python's
// `None`. Not comparable (see the file comment).
struct CheckpointManagerCallbacks {
  // `best_fn`: ranks checkpoints by their metrics for the derived
  // preservation policy. Empty means none: the latest are kept.
  MetricFn best_fn;

  // `should_save_fn`: decides when to save in place of
  // `save_interval_steps` and `save_on_steps`. Empty means none.
  ShouldSaveFn should_save_fn;

  // `step_name_format`: Orbax's `NameFormat`, which names step directories
  // and finds steps in a root directory. No C++ type has Orbax's protocol,
  // so it is held opaque, for a program that runs Orbax (e.g. a binding that
  // holds the Python object); this library never looks inside. Empty means
  // Orbax's standard format from `step_prefix` and
  // `step_format_fixed_length`.
  std::any step_name_format;

  // `temporary_path_class`: Orbax's `TemporaryPath` class (deprecated
  // upstream in favour of `atomicity_options`), held opaque as above. Empty
  // means Orbax's choice.
  std::any temporary_path_class;

  // `BestN.get_metric_fn` of each `BestN` in `options.preservation_policy`,
  // under its path as `BestNPaths()` (checkpoint_manager.h) gives it, e.g.
  // `"preservation_policy.best_n"`.
  std::map<std::string, MetricFn, std::less<>> best_n_get_metric_fns;
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

// CheckpointManagerRuntime
//
// A `CheckpointManagerOptions` value with the callables that go with it.
// Default-constructed, it holds Orbax's default options and no callables.
// Not comparable: compare `options`.
struct CheckpointManagerRuntime {
  // The serialisable options.
  CheckpointManagerOptions options;

  // The runtime-only members of `options` and of its `BestN` policies.
  CheckpointManagerCallbacks manager_callbacks;

  // The callables of `options.async_options`. Python's `None` there is
  // `AsyncOptions()`, so they apply to that when `options.async_options` is
  // unset.
  AsyncCallbacks async_callbacks;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
