// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The value types on their own: this file includes types.h and nothing else
// of the library, so it also checks that types.h compiles without runtime.h
// (the callables) and without the generated schema.

#include "orbax/checkpoint/options/types.h"

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "gtest/gtest.h"

#ifdef ORBAX_CHECKPOINT_OPTIONS_RUNTIME_H_
#error "types.h must not include runtime.h: the values hold no callables"
#endif

namespace orbax::checkpoint::options {
namespace {

// Plain values: copyable, comparable with the compiler's `==`, cheap to move.
static_assert(std::equality_comparable<CheckpointOptions>);
static_assert(std::is_nothrow_move_constructible_v<CheckpointOptions>);
static_assert(std::is_aggregate_v<CheckpointOptions>);
static_assert(std::is_aggregate_v<AsyncOptions>);

TEST(Types, DefaultsAreOrbaxs) {
  const CheckpointOptions o;
  // AsyncOptions.timeout_secs = 1200
  EXPECT_EQ(o.async_options.timeout_secs, 1200);
  // AsyncOptions.create_directories_asynchronously = True
  EXPECT_TRUE(o.async_options.create_directories_asynchronously);
  // MultiprocessingOptions.primary_host = 0
  EXPECT_EQ(o.multiprocessing_options.primary_host, std::optional<int32_t>(0));
  // MultiprocessingOptions.active_processes = None
  EXPECT_EQ(o.multiprocessing_options.active_processes, std::nullopt);
  // MultiprocessingOptions.barrier_sync_key_prefix = None
  EXPECT_EQ(o.multiprocessing_options.barrier_sync_key_prefix, std::nullopt);
  // FileOptions.path_permission_mode = None
  EXPECT_EQ(o.file_options.path_permission_mode, std::nullopt);
  // FileOptions.skip_sync_file_validations = False
  EXPECT_FALSE(o.file_options.skip_sync_file_validations);
  // MemoryLimitOptions.max_transfer_concurrent_gb = None
  EXPECT_EQ(o.memory_limit_options.max_transfer_concurrent_gb, std::nullopt);
  // AtomicityOptions.mode = AtomicityMode.AUTO
  EXPECT_EQ(o.atomicity_options.mode, AtomicityMode::kAuto);
  // AtomicityOptions.allow_legacy_atomic_rename = False
  EXPECT_FALSE(o.atomicity_options.allow_legacy_atomic_rename);
}

TEST(Types, BannerExampleCompilesAndDoesWhatItSays) {
  // types.h's example, as written there.
  CheckpointOptions options;  // Orbax's defaults everywhere.
  options.multiprocessing_options.active_processes =
      ProcessSet::FromIndices({0, 1, 2, 3}).value();
  options.file_options.path_permission_mode = 0750;
  bool changed = options != CheckpointOptions{};  // true

  EXPECT_TRUE(changed);
  EXPECT_EQ(options.multiprocessing_options.active_processes->ToString(),
            "{0-3}");
  EXPECT_EQ(options.file_options.path_permission_mode, 0750);
}

TEST(Types, EqualityComparesEveryValue) {
  // One change per member, each seen by `==` at the root and at its level.
  const CheckpointOptions base;
  const auto differs = [&](auto change) {
    CheckpointOptions changed = base;
    change(changed);
    return changed != base;
  };
  using O = CheckpointOptions;
  EXPECT_TRUE(differs([](O& o) { o.async_options.timeout_secs = 1; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.async_options.create_directories_asynchronously = false; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.multiprocessing_options.primary_host = std::nullopt; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.multiprocessing_options.active_processes = ProcessSet(); }));
  EXPECT_TRUE(differs(
      [](O& o) { o.multiprocessing_options.barrier_sync_key_prefix = ""; }));
  EXPECT_TRUE(differs([](O& o) { o.file_options.path_permission_mode = 0; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.file_options.skip_sync_file_validations = true; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.memory_limit_options.max_transfer_concurrent_gb = 14; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.atomicity_options.mode = AtomicityMode::kCommitFile; }));
  EXPECT_TRUE(differs(
      [](O& o) { o.atomicity_options.allow_legacy_atomic_rename = true; }));
  EXPECT_FALSE(differs([](O&) {}));

  AsyncOptions a, b;
  b.timeout_secs = 5;
  EXPECT_NE(a, b);
  b.timeout_secs = a.timeout_secs;
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace orbax::checkpoint::options
