// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/diff.h"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// For gtest's messages.
void PrintTo(const FieldDiff& d, std::ostream* os) { *os << d.ToString(); }

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(DiffOptions, EqualOptionsHaveNoDifferences) {
  CheckpointOptions a;
  a.multiprocessing_options.active_processes =
      ProcessSet::FromIndices({0, 1, 2}).value();
  CheckpointOptions b;
  b.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, 2}, {2, 3}}).value();
  EXPECT_THAT(DiffOptions(a, b), IsEmpty());
}

struct Change {
  std::string name;
  std::function<void(CheckpointOptions&)> apply;
  FieldDiff expected;
};

// One row per effective field: each change is one difference, and it changes
// the fingerprint.
TEST(DiffOptions, NamesEachFieldThatDiffersWithBothValues) {
  const std::vector<Change> changes = {
      {"timeout",
       [](auto& o) { o.async_options.timeout_secs = 60; },
       {"async_options.timeout_secs", "1200", "60"}},
      {"create_dirs",
       [](auto& o) {
         o.async_options.create_directories_asynchronously = false;
       },
       {"async_options.create_directories_asynchronously", "true", "false"}},
      {"primary",
       [](auto& o) { o.multiprocessing_options.primary_host = 2; },
       {"multiprocessing_options.primary_host", "0", "2"}},
      {"all_hosts",
       [](auto& o) { o.multiprocessing_options.primary_host = std::nullopt; },
       {"multiprocessing_options.primary_host", "0", "all_hosts_primary"}},
      {"active",
       [](auto& o) {
         o.multiprocessing_options.active_processes =
             ProcessSet::FromIndices({0, 1, 2, 3, 8}).value();
       },
       {"multiprocessing_options.active_processes", "None", "{0-3, 8}"}},
      {"prefix",
       [](auto& o) { o.multiprocessing_options.barrier_sync_key_prefix = ""; },
       {"multiprocessing_options.barrier_sync_key_prefix", "None", "\"\""}},
      {"mode",
       [](auto& o) { o.file_options.path_permission_mode = 0750; },
       {"file_options.path_permission_mode", "None", "0750"}},
      {"skip",
       [](auto& o) { o.file_options.skip_sync_file_validations = true; },
       {"file_options.skip_sync_file_validations", "false", "true"}},
      {"memory",
       [](auto& o) { o.memory_limit_options.max_transfer_concurrent_gb = 4; },
       {"memory_limit_options.max_transfer_concurrent_gb", "None", "4"}},
      {"atomicity",
       [](auto& o) { o.atomicity_options.mode = AtomicityMode::kAtomicRename; },
       {"atomicity_options.mode", "ATOMICITY_MODE_AUTO",
        "ATOMICITY_MODE_ATOMIC_RENAME"}},
      {"legacy",
       [](auto& o) { o.atomicity_options.allow_legacy_atomic_rename = true; },
       {"atomicity_options.allow_legacy_atomic_rename", "false", "true"}},
  };
  const CheckpointOptions base;
  for (const Change& change : changes) {
    SCOPED_TRACE(change.name);
    CheckpointOptions changed;
    change.apply(changed);
    EXPECT_THAT(DiffOptions(base, changed), ElementsAre(change.expected));
    EXPECT_NE(Fingerprint(base), Fingerprint(changed));
  }
}

TEST(DiffOptions, ListsSeveralDifferencesInSchemaOrder) {
  CheckpointOptions a;
  a.atomicity_options.allow_legacy_atomic_rename = true;
  a.async_options.timeout_secs = 5;
  CheckpointOptions b;
  EXPECT_THAT(DiffOptions(a, b),
              ElementsAre(FieldDiff{"async_options.timeout_secs", "5", "1200"},
                          FieldDiff{"atomicity_options.allow_legacy_atomic_"
                                    "rename",
                                    "true", "false"}));
  EXPECT_EQ(DiffOptions(a, b)[0].ToString(),
            "async_options.timeout_secs: 5 -> 1200");
}


// A manager's policies, sets of steps, durations and optional options each
// differ as a whole; spelling doesn't matter.
TEST(DiffOptions, ComparesAManagersValuesWhole) {
  CheckpointManagerOptions a;
  a.save_on_steps = StepSet::FromSteps({0, 100, 200, 300}).value();
  a.preservation_policy = PreservationPolicy{LatestN{5}};
  CheckpointManagerOptions b = a;
  b.save_on_steps = StepSet::FromRanges({{0, 400, 100}}).value();
  EXPECT_THAT(DiffOptions(a, b), IsEmpty());

  b.save_on_steps = StepSet::FromSteps({7}).value();
  b.preservation_policy = PreservationPolicy{
      AnyPreservationPolicy{{PreservationPolicy{LatestN{5}},
                             PreservationPolicy{PreserveAll{}}}}};
  b.keep_time_interval = absl::Seconds(90);
  b.async_options = AsyncOptions{};
  b.async_options->timeout_secs = 60;
  EXPECT_THAT(
      DiffOptions(a, b),
      ElementsAre(
          FieldDiff{"keep_time_interval", "None", "{seconds: 90}"},
          FieldDiff{"save_on_steps", "{0-300 every 100}", "{7}"},
          FieldDiff{"async_options", "None",
                    "{timeout_secs: 60 create_directories_asynchronously: "
                    "true}"},
          FieldDiff{"preservation_policy", "latest_n { n: 5 }",
                    "any { policies { latest_n { n: 5 } } policies { "
                    "preserve_all { } } }"}));
  EXPECT_NE(Fingerprint(a), Fingerprint(b));

  // Options on both sides differ field by field.
  a.async_options = AsyncOptions{};
  EXPECT_THAT(DiffOptions(a, b),
              ::testing::Contains(
                  FieldDiff{"async_options.timeout_secs", "1200", "60"}));
}

}  // namespace
}  // namespace orbax::checkpoint::options
