// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/runtime.h"

#include <any>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

// What nothing may do with a runtime: compare it, or hand it to anything that
// serialises, validates or fingerprints options. Each of those takes the
// values alone (`runtime.options`).
template <typename T>
concept Serialisable = requires(const T& t) {
  ToProto(t);
};
template <typename T>
concept Fingerprintable = requires(const T& t) {
  Fingerprint(t);
};
template <typename T>
concept Validatable = requires(const T& t) {
  Validate(t);
};

static_assert(!std::equality_comparable<AsyncCallbacks>);
static_assert(!std::equality_comparable<CheckpointRuntime>);
static_assert(!Serialisable<CheckpointRuntime>);
static_assert(!Fingerprintable<CheckpointRuntime>);
static_assert(!Validatable<CheckpointRuntime>);
static_assert(Serialisable<CheckpointOptions>);
static_assert(Fingerprintable<CheckpointOptions>);
static_assert(std::equality_comparable<CheckpointOptions>);
// The options hold no callable, so they don't convert from a runtime.
static_assert(!std::convertible_to<CheckpointRuntime, CheckpointOptions>);
// The same for the manager's.
static_assert(!std::equality_comparable<CheckpointManagerCallbacks>);
static_assert(!std::equality_comparable<CheckpointManagerRuntime>);
static_assert(!Serialisable<CheckpointManagerRuntime>);
static_assert(!Fingerprintable<CheckpointManagerRuntime>);
static_assert(!Validatable<CheckpointManagerRuntime>);
static_assert(Serialisable<CheckpointManagerOptions>);
static_assert(Fingerprintable<CheckpointManagerOptions>);
static_assert(std::equality_comparable<CheckpointManagerOptions>);
static_assert(
    !std::convertible_to<CheckpointManagerRuntime, CheckpointManagerOptions>);

// A coordinator's barrier that records every call.
struct RecordingBarrier {
  std::vector<std::pair<std::string, int64_t>> calls;

  absl::Status WaitAtBarrier(std::string_view key, int64_t timeout_ms) {
    calls.emplace_back(std::string(key), timeout_ms);
    return absl::OkStatus();
  }
};

CheckpointOptions SomeOptions() {
  CheckpointOptions options;
  options.async_options.timeout_secs = 30;
  options.multiprocessing_options.barrier_sync_key_prefix = "job";
  return options;
}

TEST(Runtime, DefaultIsOrbaxDefaultsWithNoCallables) {
  const CheckpointRuntime runtime;
  EXPECT_EQ(runtime.options, CheckpointOptions{});
  // Empty is Python's None: Orbax's default barrier, and no callback.
  EXPECT_FALSE(runtime.async_callbacks.barrier_sync_fn);
  EXPECT_FALSE(runtime.async_callbacks.post_finalization_callback);
}

TEST(Runtime, AttachesCallablesToLoadedOptionsInOneStep) {
  // docs/cpp.md's first example: options from the wire, then callables.
  RecordingBarrier coordinator;
  int finalized = 0;
  const std::string bytes = ToProto(SomeOptions()).SerializeAsString();
  v1::CheckpointOptions message;
  ASSERT_TRUE(message.ParseFromString(bytes));
  absl::StatusOr<CheckpointOptions> received = FromProto(message);
  ASSERT_TRUE(received.ok()) << received.status();

  CheckpointRuntime runtime{
      .options = *std::move(received),
      .async_callbacks = {
          .barrier_sync_fn =
              [&](std::string_view key, int64_t timeout_ms) {
                return coordinator.WaitAtBarrier(key, timeout_ms);
              },
          .post_finalization_callback = [&] { ++finalized; },
      },
  };
  EXPECT_EQ(runtime.options, SomeOptions());

  // Called through the runtime, with a key and timeout built from its values.
  const std::string key =
      UniqueBarrierKey("async_write_complete",
                       BarrierKeyPrefix(runtime.options.multiprocessing_options,
                                        BarrierKeyOwner::kAsyncCheckpointer),
                       "7");
  EXPECT_TRUE(
      runtime.async_callbacks
          .barrier_sync_fn(key, BarrierTimeoutMs(runtime.options.async_options))
          .ok());
  runtime.async_callbacks.post_finalization_callback();
  EXPECT_THAT(coordinator.calls,
              ElementsAre(Pair("job_async_write_complete.7", 30000)));
  EXPECT_EQ(finalized, 1);
}

TEST(Runtime, CopiesCarryTheValuesAndCallablesThatShareTheirCaptures) {
  auto calls = std::make_shared<int>(0);
  CheckpointRuntime original{.options = SomeOptions()};
  original.async_callbacks.post_finalization_callback = [calls] { ++*calls; };

  CheckpointRuntime copy = original;
  EXPECT_EQ(copy.options, original.options);
  ASSERT_TRUE(copy.async_callbacks.post_finalization_callback);
  copy.async_callbacks.post_finalization_callback();
  original.async_callbacks.post_finalization_callback();
  EXPECT_EQ(*calls, 2);  // Both copies of the lambda hold the same counter.

  // Copies are independent values: changing one changes neither the other's
  // options nor its callables.
  copy.options.async_options.timeout_secs = 60;
  copy.async_callbacks.post_finalization_callback = nullptr;
  EXPECT_EQ(original.options.async_options.timeout_secs, 30);
  EXPECT_TRUE(original.async_callbacks.post_finalization_callback);

  // A moved-from runtime's options still compare by value.
  CheckpointRuntime moved = std::move(copy);
  EXPECT_EQ(moved.options.async_options.timeout_secs, 60);
  EXPECT_FALSE(moved.async_callbacks.post_finalization_callback);
}

TEST(Runtime, OptionsCompareByTheirValuesAlone) {
  CheckpointRuntime a{.options = SomeOptions()};
  CheckpointRuntime b{.options = SomeOptions()};
  a.async_callbacks.barrier_sync_fn = [](std::string_view, int64_t) {
    return absl::OkStatus();
  };
  b.async_callbacks.barrier_sync_fn = [](std::string_view key, int64_t) {
    return absl::DeadlineExceededError(std::string(key));
  };
  // Different callables, equal values: the options are equal, and so are
  // everything computed from them.
  EXPECT_EQ(a.options, b.options);
  EXPECT_EQ(Fingerprint(a.options), Fingerprint(b.options));
  EXPECT_EQ(EffectiveBytes(a.options), EffectiveBytes(b.options));
  // The same callables, different values: the options differ.
  b = a;
  b.options.multiprocessing_options.barrier_sync_key_prefix = "other";
  EXPECT_NE(a.options, b.options);
  EXPECT_NE(Fingerprint(a.options), Fingerprint(b.options));
}

TEST(Runtime, BarrierErrorsComeBackAsStatus) {
  CheckpointRuntime runtime;
  runtime.async_callbacks.barrier_sync_fn = [](std::string_view key, int64_t) {
    return absl::DeadlineExceededError(std::string(key));
  };
  EXPECT_THAT(runtime.async_callbacks.barrier_sync_fn("k", 1),
              StatusIs(absl::StatusCode::kDeadlineExceeded, "k"));
}

TEST(Runtime, PostFinalizationCallbackMayRunOnAnotherThread) {
  // As Orbax does: the thread that finalizes the save calls it.
  std::thread::id caller;
  CheckpointRuntime runtime;
  runtime.async_callbacks.post_finalization_callback = [&] {
    caller = std::this_thread::get_id();
  };
  std::thread finalizer(runtime.async_callbacks.post_finalization_callback);
  const std::thread::id finalizer_id = finalizer.get_id();
  finalizer.join();
  EXPECT_EQ(caller, finalizer_id);
  EXPECT_NE(caller, std::this_thread::get_id());
}

TEST(ManagerRuntime, DefaultIsOrbaxDefaultsWithNoCallables) {
  const CheckpointManagerRuntime runtime;
  EXPECT_EQ(runtime.options, CheckpointManagerOptions{});
  EXPECT_FALSE(runtime.manager_callbacks.best_fn);
  EXPECT_FALSE(runtime.manager_callbacks.should_save_fn);
  EXPECT_FALSE(runtime.manager_callbacks.step_name_format.has_value());
  EXPECT_FALSE(runtime.manager_callbacks.temporary_path_class.has_value());
  EXPECT_TRUE(runtime.manager_callbacks.best_n_get_metric_fns.empty());
  EXPECT_FALSE(runtime.async_callbacks.barrier_sync_fn);
}

TEST(ManagerRuntime, AttachesEveryCallableToLoadedOptions) {
  // Options from the wire, with a BestN inside an Any policy.
  v1::CheckpointManagerOptions message;
  auto* any = message.mutable_preservation_policy()->mutable_any();
  any->add_policies()->mutable_latest_n()->set_n(3);
  any->add_policies()->mutable_best_n()->set_n(2);
  absl::StatusOr<CheckpointManagerOptions> received = FromProto(message);
  ASSERT_TRUE(received.ok()) << received.status();

  // A program's own step-name format, held opaque.
  struct NameFormat {
    std::string prefix;
  };
  std::vector<std::pair<int64_t, std::optional<int64_t>>> asked;
  CheckpointManagerRuntime runtime{.options = *std::move(received)};
  auto& callbacks = runtime.manager_callbacks;
  callbacks.best_fn = [](const Metrics& m) { return m.at("accuracy"); };
  callbacks.should_save_fn = [&](int64_t step, std::optional<int64_t> last) {
    asked.emplace_back(step, last);
    return !last || step - *last >= 100;
  };
  callbacks.step_name_format = NameFormat{"ckpt"};
  for (const std::string& path : BestNPaths(runtime.options)) {
    callbacks.best_n_get_metric_fns[path] = [](const Metrics& m) {
      return -m.at("loss");
    };
  }

  ASSERT_THAT(callbacks.best_n_get_metric_fns,
              ElementsAre(Pair("preservation_policy.any.policies[1].best_n",
                               ::testing::_)));
  const Metrics metrics = {{"loss", 0.25}, {"accuracy", 0.9}};
  EXPECT_EQ(callbacks.best_n_get_metric_fns.begin()->second(metrics), -0.25);
  EXPECT_EQ(callbacks.best_fn(metrics), 0.9);
  EXPECT_TRUE(callbacks.should_save_fn(0, std::nullopt));
  EXPECT_FALSE(callbacks.should_save_fn(50, 0));
  EXPECT_THAT(asked, ElementsAre(Pair(0, std::nullopt), Pair(50, 0)));
  EXPECT_EQ(std::any_cast<NameFormat>(callbacks.step_name_format).prefix,
            "ckpt");

  // The values alone serialise and fingerprint; the callables take no part.
  CheckpointManagerRuntime copy = runtime;
  copy.manager_callbacks = {};
  EXPECT_EQ(Fingerprint(copy.options), Fingerprint(runtime.options));
}

}  // namespace
}  // namespace orbax::checkpoint::options
