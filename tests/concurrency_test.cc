// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Thread safety, as Orbax uses the options: one options value (or loaded
// config) is shared read-only by many threads, the runtime callbacks are
// called from background threads, and configs may be loaded on several
// threads at once. scripts/checks/sanitizers.sh also runs this
// test under ThreadSanitizer, which reports any data race it sees.
//
// Each test starts its threads cold: nothing is computed on the main thread
// first, so lazy initialisation (field lists, descriptors) races too. Results
// are compared after the threads join.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/internal/log_capture.h"
#include "orbax/checkpoint/options/options.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;

constexpr int kThreads = 8;
constexpr int kRounds = 50;

// What one thread saw when reading the shared options.
struct Reading {
  std::string fingerprint;
  std::string effective_bytes;
  std::string forwarded_bytes;
  int64_t process_count = 0;
  int64_t process_sum = 0;
  int primaries = 0;
  std::string barrier_key;
  int64_t barrier_timeout_ms = 0;
  bool valid = false;
  bool round_trips = false;
  bool stable = true;  // Every round agreed with the first.

  friend bool operator==(const Reading&, const Reading&) = default;
};

CheckpointOptions SharedOptions() {
  std::vector<ProcessRange> ranges;
  for (int32_t i = 0; i < 1000; ++i) ranges.push_back({i * 10, i * 10 + 3});
  CheckpointOptions options;
  options.async_options.timeout_secs = 90;
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges(ranges).value();
  options.multiprocessing_options.primary_host = 20;
  options.multiprocessing_options.barrier_sync_key_prefix = "job";
  options.file_options.path_permission_mode = 0750;
  options.memory_limit_options.max_transfer_concurrent_gb = 8;
  options.atomicity_options.mode = AtomicityMode::kCommitFile;
  return options;
}

Reading Read(const CheckpointOptions& options, const Relay& relay) {
  Reading reading;
  for (int round = 0; round < kRounds; ++round) {
    Reading now;
    now.fingerprint = Fingerprint(options);
    now.effective_bytes = EffectiveBytes(options);
    now.forwarded_bytes = relay.ForwardBytes();
    for (int32_t p : *options.multiprocessing_options.active_processes) {
      ++now.process_count;
      now.process_sum += p;
      now.primaries += IsPrimaryHost(options.multiprocessing_options, p);
    }
    now.barrier_key = UniqueBarrierKey(
        "save", options.multiprocessing_options.barrier_sync_key_prefix);
    now.barrier_timeout_ms = BarrierTimeoutMs(options.async_options);
    now.valid = Validate(options).ok() && Validate(relay.options()).ok();
    absl::StatusOr<CheckpointOptions> back = FromProto(ToProto(options));
    now.round_trips = back.ok() && *back == options &&
                      relay.options() == options &&
                      !relay.unknown_fields().empty();
    if (round == 0) {
      reading = now;
    } else if (!(now == reading)) {
      reading.stable = false;
    }
  }
  return reading;
}

TEST(Concurrency, ManyThreadsReadOneSharedOptionsValue) {
  const CheckpointOptions options = SharedOptions();
  // A loaded config: received bytes with a field from a newer writer.
  v1::CheckpointOptions received = ToProto(options);
  received.GetReflection()->MutableUnknownFields(&received)->AddLengthDelimited(
      99, "from the future");
  const absl::StatusOr<Relay> relay = Relay::FromMessage(received);
  ASSERT_THAT(relay, IsOk());

  std::vector<Reading> readings(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();  // All threads begin together.
      readings[t] = Read(options, *relay);
    });
  }
  for (std::thread& thread : threads) thread.join();

  Reading expected;
  expected.fingerprint = Fingerprint(options);
  expected.effective_bytes = EffectiveBytes(options);
  expected.forwarded_bytes = relay->ForwardBytes();
  expected.process_count = 3000;
  expected.process_sum = 0;
  for (int32_t i = 0; i < 1000; ++i) expected.process_sum += 30 * i + 3;
  expected.primaries = 1;
  expected.barrier_key = "job_save";
  expected.barrier_timeout_ms = 90'000;
  expected.valid = true;
  expected.round_trips = true;
  expected.stable = true;
  ASSERT_NE(expected.forwarded_bytes, expected.effective_bytes);
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(t);
    EXPECT_EQ(readings[t], expected);
  }
}

// The coordination service of a job, in miniature: a barrier that releases
// everyone once `parties` threads have arrived under the same key.
class Coordinator {
 public:
  explicit Coordinator(int parties) : parties_(parties) {}

  absl::Status WaitAtBarrier(std::string_view key, int64_t timeout_ms) {
    std::unique_lock lock(mu_);
    int& arrived = arrived_[std::string(key)];
    ++arrived;
    cv_.notify_all();
    const bool all = cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                  [&] { return arrived == parties_; });
    if (!all) return absl::DeadlineExceededError(std::string(key));
    passed_at_.push_back(arrived);  // How many had arrived when one passed.
    return absl::OkStatus();
  }

  std::vector<int> passed_at() const {
    std::lock_guard lock(mu_);
    return passed_at_;
  }

 private:
  const int parties_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> arrived_;
  std::vector<int> passed_at_;
};

TEST(Concurrency, CallbacksRunOnBackgroundThreads) {
  Coordinator coordinator(kThreads);
  std::mutex mu;
  std::set<std::thread::id> finalized_on;
  std::atomic<int> finalized = 0;

  const CheckpointRuntime runtime{
      .options = SharedOptions(),
      .async_callbacks = {
          .barrier_sync_fn =
              [&](std::string_view key, int64_t timeout_ms) {
                return coordinator.WaitAtBarrier(key, timeout_ms);
              },
          .post_finalization_callback =
              [&] {
                finalized.fetch_add(1);
                std::lock_guard lock(mu);
                finalized_on.insert(std::this_thread::get_id());
              },
      },
  };
  const CheckpointRuntime& shared = runtime;

  // Each thread stands for one process's async finalize thread, as in Orbax:
  // it waits at the commit barrier, then calls the post-finalization callback
  // (as a primary host does). All share one runtime, read-only.
  std::vector<absl::Status> barrier_results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = UniqueBarrierKey(
          "async_write_complete",
          BarrierKeyPrefix(shared.options.multiprocessing_options,
                           BarrierKeyOwner::kAsyncCheckpointer),
          "5");
      barrier_results[t] = shared.async_callbacks.barrier_sync_fn(
          key, BarrierTimeoutMs(shared.options.async_options));
      shared.async_callbacks.post_finalization_callback();
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const absl::Status& status : barrier_results)
    EXPECT_THAT(status, IsOk());
  // Nobody passed the barrier before everyone had arrived.
  EXPECT_THAT(
      coordinator.passed_at(),
      ::testing::AllOf(::testing::SizeIs(kThreads), ::testing::Each(kThreads)));
  EXPECT_EQ(finalized.load(), kThreads);
  EXPECT_EQ(finalized_on.size(), static_cast<size_t>(kThreads));
  EXPECT_FALSE(finalized_on.contains(std::this_thread::get_id()));
}

TEST(Concurrency, ManyThreadsLoadAtOnceEachGettingItsOwnDiagnostics) {
  // Every load captures protobuf's log messages on its own thread, so that
  // the library never writes to stderr. Odd threads load a binary config
  // that is refused, and log through protobuf inside a capture of their
  // own; neither the diagnostics nor the captured messages of one thread may
  // reach another, or be lost.
  const std::string text = "async_options { timeout_secs: 60 }\n";
  const std::string bad_utf8("\x12\x04\x22\x02\xff\xfe", 6);
  std::vector<int> good_loads(kThreads, 0);
  std::vector<int> right_errors(kThreads, 0);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int round = 0; round < kRounds; ++round) {
        if (t % 2 == 0) {
          absl::StatusOr<CheckpointOptions> loaded =
              LoadFromString(text, Format::kText);
          good_loads[t] +=
              loaded.ok() && loaded->async_options.timeout_secs == 60;
          continue;
        }
        absl::StatusOr<CheckpointOptions> loaded =
            LoadFromString(bad_utf8, Format::kBinary);
        const std::string own = absl::StrCat("thread ", t, " round ", round);
        internal::ProtobufLogCapture capture;
        GOOGLE_LOG(ERROR) << own;
        right_errors[t] +=
            loaded.status().message() ==
                "<string>: error: "
                "multiprocessing_options.barrier_sync_key_prefix: not valid "
                "UTF-8: \"\\xff\\xfe\"; string fields must be UTF-8" &&
            capture.messages().size() == 1 && capture.messages()[0].text == own;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(t);
    EXPECT_EQ(t % 2 == 0 ? good_loads[t] : right_errors[t], kRounds);
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options
