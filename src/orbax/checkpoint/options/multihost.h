// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: multihost.h
// -----------------------------------------------------------------------------
//
// This header provides Orbax's multi-host helpers that build on the options,
// with upstream's exact behaviour:
//
//   * `UniqueBarrierKey()`: Orbax's `unique_barrier_key()`.
//   * `IsPrimaryHost()`: Orbax's `is_primary_host()`.
//   * `BarrierTimeoutMs()`: the timeout that barriers receive.
//
// Example:
//
//   if (IsPrimaryHost(options.multiprocessing_options, my_index)) { ... }
//   std::string key = UniqueBarrierKey(
//       "save", options.multiprocessing_options.barrier_sync_key_prefix, "7");
//   // "<prefix>_save.7", or "save.7" with no prefix.

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
[[nodiscard]] std::string UniqueBarrierKey(
    std::string_view key,
    const std::optional<std::string>& prefix = std::nullopt,
    const std::optional<std::string>& suffix = std::nullopt);

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
[[nodiscard]] int64_t BarrierTimeoutMs(const AsyncOptions& options);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_MULTIHOST_H_
