// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::MatchesRegex;

TEST(Fingerprint, IsSixtyFourLowercaseHexDigits) {
  EXPECT_THAT(Fingerprint(CheckpointOptions{}), MatchesRegex("[0-9a-f]{64}"));
}

TEST(Fingerprint, DefaultsMatchProtocAndSha256sum) {
  // Computed outside this library, from the explicit form of the defaults:
  //   protoc --encode=orbax.checkpoint.options.v1.CheckpointOptions \
  //     options.proto <<< 'async_options { timeout_secs: 1200
  //     create_directories_asynchronously: true } multiprocessing_options {
  //     primary_host: 0 } file_options {} memory_limit_options {}
  //     atomicity_options { mode: ATOMICITY_MODE_AUTO
  //     allow_legacy_atomic_rename: false }' | sha256sum
  EXPECT_EQ(Fingerprint(CheckpointOptions{}),
            "ca67183e4efb2d24d0acd4440c357c153271af6ef367c8b6a1eda9218e03f299");
}

TEST(Fingerprint, EffectiveBytesAreTheExplicitForm) {
  CheckpointOptions defaults;
  const std::string bytes = EffectiveBytes(defaults);
  v1::CheckpointOptions parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(FromProto(parsed).value(), defaults);
  EXPECT_TRUE(parsed.async_options().has_timeout_secs());
  EXPECT_EQ(Fingerprint(defaults), Fingerprint(FromProto(parsed).value()));
}

TEST(Fingerprint, EffectiveBytesAreWhatShowPrintsAsBinary) {
  CheckpointOptions options;
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, 4}, {9, 10}}).value();
  options.multiprocessing_options.barrier_sync_key_prefix = "job";
  EXPECT_EQ(EffectiveBytes(options), PrintEffective(options, Format::kBinary));
}

TEST(Fingerprint, EqualOptionsSpelledDifferentlyAgree) {
  v1::CheckpointOptions implicit;  // Everything unset.
  implicit.mutable_multiprocessing_options()
      ->mutable_active_processes()
      ->add_process_indices(0);
  implicit.mutable_multiprocessing_options()
      ->mutable_active_processes()
      ->add_process_indices(1);
  v1::CheckpointOptions explicit_form = ToProto(CheckpointOptions{});
  auto* range = explicit_form.mutable_multiprocessing_options()
                    ->mutable_active_processes()
                    ->add_ranges();
  range->set_start(0);
  range->set_stop(2);
  EXPECT_EQ(Fingerprint(FromProto(implicit).value()),
            Fingerprint(FromProto(explicit_form).value()));
}

TEST(Fingerprint, AnyEffectiveChangeChangesIt) {
  const std::string base = Fingerprint(CheckpointOptions{});
  CheckpointOptions changed;
  changed.async_options.timeout_secs = 1201;
  EXPECT_NE(Fingerprint(changed), base);
  changed = {};
  changed.multiprocessing_options.barrier_sync_key_prefix = "";
  EXPECT_NE(Fingerprint(changed), base);
  changed = {};
  changed.multiprocessing_options.primary_host = std::nullopt;
  EXPECT_NE(Fingerprint(changed), base);
  changed = {};
  changed.async_options.callbacks.post_finalization_callback = [] {};
  EXPECT_EQ(Fingerprint(changed), base);  // Callables take no part.
}

}  // namespace
}  // namespace orbax::checkpoint::options
