// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/multihost.h"

#include <cstdint>
#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace orbax::checkpoint::options {
namespace {

TEST(Multihost, UniqueBarrierKeyMatchesOrbax) {
  struct Row {
    std::optional<std::string> prefix, suffix;
    std::string want;
  };
  const Row rows[] = {
      {std::nullopt, std::nullopt, "save"}, {"job", std::nullopt, "job_save"},
      {"", std::nullopt, "_save"},  // An empty prefix still adds '_'.
      {std::nullopt, "3", "save.3"},        {std::nullopt, "", "save."},
      {"job", "3", "job_save.3"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(UniqueBarrierKey("save", row.prefix, row.suffix), row.want);
  }
}

TEST(Multihost, IsPrimaryHost) {
  MultiprocessingOptions options;  // Primary is process 0.
  EXPECT_TRUE(IsPrimaryHost(options, 0));
  EXPECT_FALSE(IsPrimaryHost(options, 1));
  options.primary_host = 5;
  EXPECT_TRUE(IsPrimaryHost(options, 5));
  EXPECT_FALSE(IsPrimaryHost(options, 0));
  options.primary_host = std::nullopt;  // All hosts are primary.
  for (int32_t p : {0, 1, 5, 1000}) EXPECT_TRUE(IsPrimaryHost(options, p));
}

TEST(Multihost, BarrierTimeoutMsCannotOverflow) {
  AsyncOptions options;
  EXPECT_EQ(BarrierTimeoutMs(options), 1200000);
  options.timeout_secs = INT32_MAX;
  EXPECT_EQ(BarrierTimeoutMs(options), int64_t{INT32_MAX} * 1000);
}

}  // namespace
}  // namespace orbax::checkpoint::options
