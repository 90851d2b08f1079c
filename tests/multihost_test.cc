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

TEST(Multihost, BarrierKeyPrefixIsWhatEachOrbaxComponentPasses) {
  using enum BarrierKeyOwner;
  struct Row {
    std::optional<std::string> prefix;
    BarrierKeyOwner owner;
    std::optional<std::string> want;
  };
  const Row rows[] = {
      // AsyncCheckpointer turns an unset prefix into "".
      {std::nullopt, kAsyncCheckpointer, ""},
      {"", kAsyncCheckpointer, ""},
      {"job", kAsyncCheckpointer, "job"},
      // Checkpointer, CheckpointManager and atomicity pass it as it is.
      {std::nullopt, kOther, std::nullopt},
      {"", kOther, ""},
      {"job", kOther, "job"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.prefix.value_or("(unset)"));
    MultiprocessingOptions options;
    options.barrier_sync_key_prefix = row.prefix;
    EXPECT_EQ(BarrierKeyPrefix(options, row.owner), row.want);
  }
}

TEST(Multihost, BuildsTheKeysOfOrbaxBarriers) {
  // The keys Orbax's components wait on, for step directory "7", with no
  // prefix and with prefix "job".
  struct Row {
    BarrierKeyOwner owner;
    std::string key;
    std::optional<std::string> suffix;
    std::string want_unset, want_job;
  };
  const Row rows[] = {
      {BarrierKeyOwner::kAsyncCheckpointer, "async_write_complete", "7",
       "_async_write_complete.7", "job_async_write_complete.7"},
      {BarrierKeyOwner::kAsyncCheckpointer, "async_commit_complete", "7",
       "_async_commit_complete.7", "job_async_commit_complete.7"},
      {BarrierKeyOwner::kAsyncCheckpointer, "Checkpointer:save_start",
       std::nullopt, "_Checkpointer:save_start", "job_Checkpointer:save_start"},
      {BarrierKeyOwner::kOther, "CheckpointManager:create_directory",
       std::nullopt, "CheckpointManager:create_directory",
       "job_CheckpointManager:create_directory"},
      {BarrierKeyOwner::kOther, "create_tmp_directory:pre", std::nullopt,
       "create_tmp_directory:pre", "job_create_tmp_directory:pre"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.key);
    MultiprocessingOptions options;
    EXPECT_EQ(UniqueBarrierKey(row.key, BarrierKeyPrefix(options, row.owner),
                               row.suffix),
              row.want_unset);
    options.barrier_sync_key_prefix = "job";
    EXPECT_EQ(UniqueBarrierKey(row.key, BarrierKeyPrefix(options, row.owner),
                               row.suffix),
              row.want_job);
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

TEST(Multihost, BarrierTimeoutMsIsTimeoutSecsInMsAndCannotOverflow) {
  AsyncOptions options;
  EXPECT_EQ(BarrierTimeoutMs(options), 1200000);
  options.timeout_secs = INT32_MAX;
  EXPECT_EQ(BarrierTimeoutMs(options), int64_t{INT32_MAX} * 1000);
}

}  // namespace
}  // namespace orbax::checkpoint::options
