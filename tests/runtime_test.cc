// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/runtime.h"

#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

TEST(Runtime, DefaultsHaveNoCallables) {
  const AsyncOptions options;
  EXPECT_FALSE(options.callbacks.barrier_sync_fn);
  EXPECT_FALSE(options.callbacks.post_finalization_callback);
}

TEST(Runtime, ReattachingToLoadedOptionsIsOneStep) {
  CheckpointOptions original;
  original.async_options.timeout_secs = 30;
  CheckpointOptions loaded = FromProto(ToProto(original)).value();

  std::string seen_key;
  int64_t seen_timeout = 0;
  loaded.async_options.callbacks = {
      .barrier_sync_fn =
          [&](std::string_view key, int64_t timeout_ms) {
            seen_key = std::string(key);
            seen_timeout = timeout_ms;
            return absl::OkStatus();
          },
  };
  ASSERT_TRUE(loaded.async_options.callbacks.barrier_sync_fn);
  EXPECT_TRUE(loaded.async_options.callbacks
                  .barrier_sync_fn(UniqueBarrierKey("save", std::string("job")),
                                   BarrierTimeoutMs(loaded.async_options))
                  .ok());
  EXPECT_EQ(seen_key, "job_save");
  EXPECT_EQ(seen_timeout, 30000);
  // The callables change neither equality nor the serialised form.
  EXPECT_EQ(loaded, original);
  EXPECT_EQ(ToProto(loaded).SerializeAsString(),
            ToProto(original).SerializeAsString());
}

TEST(Runtime, BarrierErrorsComeBackAsStatus) {
  AsyncCallbacks callbacks{
      .barrier_sync_fn = [](std::string_view key, int64_t) {
        return absl::DeadlineExceededError(std::string(key));
      }};
  const absl::Status status = callbacks.barrier_sync_fn("k", 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(status.message(), "k");
}

TEST(Runtime, PostFinalizationCallbackRunsOnABackgroundThread) {
  std::thread::id caller;
  AsyncOptions options;
  options.callbacks.post_finalization_callback = [&] {
    caller = std::this_thread::get_id();
  };
  std::thread finalizer(options.callbacks.post_finalization_callback);
  const std::thread::id finalizer_id = finalizer.get_id();
  finalizer.join();
  EXPECT_EQ(caller, finalizer_id);
  EXPECT_NE(caller, std::this_thread::get_id());
}

}  // namespace
}  // namespace orbax::checkpoint::options
