// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/multihost.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orbax::checkpoint::options {

std::string UniqueBarrierKey(std::string_view key,
                             const std::optional<std::string>& prefix,
                             const std::optional<std::string>& suffix) {
  std::string out;
  if (prefix) out.append(*prefix).append("_");
  out.append(key);
  if (suffix) out.append(".").append(*suffix);
  return out;
}

std::optional<std::string> BarrierKeyPrefix(
    const MultiprocessingOptions& options, BarrierKeyOwner owner) {
  if (owner == BarrierKeyOwner::kAsyncCheckpointer &&
      !options.barrier_sync_key_prefix) {
    return std::string();
  }
  return options.barrier_sync_key_prefix;
}

bool IsPrimaryHost(const MultiprocessingOptions& options,
                   int32_t process_index) {
  return !options.primary_host || *options.primary_host == process_index;
}

int64_t BarrierTimeoutMs(const AsyncOptions& options) {
  return int64_t{options.timeout_secs} * 1000;
}

}  // namespace orbax::checkpoint::options
