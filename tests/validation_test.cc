// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/validation.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;
using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ProcessSet Set(std::initializer_list<int32_t> indices) {
  return ProcessSet::FromIndices(indices).value();
}

struct Case {
  std::string name;
  std::function<void(CheckpointOptions&)> change;
  std::string error;  // Empty for valid; otherwise "path: message" expected.
};

TEST(Validation, Rules) {
  using O = CheckpointOptions;
  const std::vector<Case> cases = {
      {"defaults", [](O&) {}, ""},
      {"timeout 1", [](O& o) { o.async_options.timeout_secs = 1; }, ""},
      {"timeout 0", [](O& o) { o.async_options.timeout_secs = 0; },
       "async_options.timeout_secs: must be > 0, got 0"},
      {"timeout negative", [](O& o) { o.async_options.timeout_secs = -5; },
       "async_options.timeout_secs: must be > 0, got -5"},
      {"primary negative",
       [](O& o) { o.multiprocessing_options.primary_host = -1; },
       "multiprocessing_options.primary_host: must be >= 0, got -1"},
      {"primary in active set",
       [](O& o) {
         o.multiprocessing_options.primary_host = 2;
         o.multiprocessing_options.active_processes = Set({2, 3});
       },
       ""},
      {"primary not in active set",
       [](O& o) {
         o.multiprocessing_options.primary_host = 7;
         o.multiprocessing_options.active_processes = Set({0, 1, 2});
       },
       "multiprocessing_options.primary_host: 7 is not in active_processes "
       "{0-2}"},
      {"default primary 0 not in active set",
       [](O& o) {
         o.multiprocessing_options.active_processes = Set({1, 2});
       },
       "multiprocessing_options.primary_host: 0 is not in active_processes "
       "{1-2}"},
      {"all hosts primary with active set",
       [](O& o) {
         o.multiprocessing_options.primary_host = std::nullopt;
         o.multiprocessing_options.active_processes = Set({4});
       },
       ""},
      {"empty active set",
       [](O& o) { o.multiprocessing_options.active_processes = ProcessSet(); },
       "multiprocessing_options.active_processes: must not be empty"},
      {"mode 0", [](O& o) { o.file_options.path_permission_mode = 0; }, ""},
      {"mode 07777", [](O& o) { o.file_options.path_permission_mode = 07777; },
       ""},
      {"mode 010000",
       [](O& o) { o.file_options.path_permission_mode = 010000; },
       "file_options.path_permission_mode: must be in [0, 07777], got 4096 "
       "(010000)"},
      {"mode negative", [](O& o) { o.file_options.path_permission_mode = -1; },
       "file_options.path_permission_mode: must be in [0, 07777], got -1"},
      {"limit 1",
       [](O& o) { o.memory_limit_options.max_transfer_concurrent_gb = 1; }, ""},
      {"limit 0",
       [](O& o) { o.memory_limit_options.max_transfer_concurrent_gb = 0; },
       "memory_limit_options.max_transfer_concurrent_gb: must be > 0, got 0"},
      {"limit negative",
       [](O& o) { o.memory_limit_options.max_transfer_concurrent_gb = -2; },
       "memory_limit_options.max_transfer_concurrent_gb: must be > 0, got -2"},
      {"unknown mode",
       [](O& o) { o.atomicity_options.mode = static_cast<AtomicityMode>(9); },
       "atomicity_options.mode: unknown AtomicityMode value 9"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CheckpointOptions options;
    c.change(options);
    if (c.error.empty()) {
      EXPECT_THAT(Validate(options), IsOk());
    } else {
      EXPECT_THAT(
          Validate(options),
          StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.error)));
    }
  }
}

TEST(Validation, CollectsEveryErrorInFieldOrder) {
  CheckpointOptions options;
  options.async_options.timeout_secs = 0;
  options.multiprocessing_options.primary_host = 9;
  options.multiprocessing_options.active_processes = Set({0});
  options.memory_limit_options.max_transfer_concurrent_gb = 0;
  std::vector<FieldError> errors = ValidationErrors(options);
  std::vector<std::string> paths;
  for (const FieldError& e : errors) paths.push_back(e.path);
  EXPECT_THAT(paths,
              ElementsAre("async_options.timeout_secs",
                          "multiprocessing_options.primary_host",
                          "memory_limit_options.max_transfer_concurrent_gb"));
  EXPECT_THAT(
      Validate(options),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("timeout_secs"), HasSubstr("primary_host"),
                     HasSubstr("max_transfer_concurrent_gb"))));
}

TEST(Validation, SubOptionPathsAreRelative) {
  AsyncOptions async;
  async.timeout_secs = 0;
  EXPECT_THAT(Validate(async),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith("timeout_secs: must be > 0")));
  MultiprocessingOptions mp;
  mp.active_processes = ProcessSet();
  EXPECT_THAT(Validate(mp),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith("active_processes: ")));
  FileOptions file;
  file.path_permission_mode = 1 << 20;
  EXPECT_THAT(Validate(file), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("path_permission_mode")));
  MemoryLimitOptions memory;
  EXPECT_THAT(Validate(memory), IsOk());
  AtomicityOptions atomicity;
  EXPECT_THAT(Validate(atomicity), IsOk());
}

TEST(Validation, WarnsAboutWhatOrbaxRefusesOnlyWhenItRuns) {
  CheckpointOptions options;
  for (int32_t gb : {14, 100}) {
    options.memory_limit_options.max_transfer_concurrent_gb = gb;
    EXPECT_THAT(ValidationWarnings(options), ::testing::IsEmpty()) << gb;
  }
  for (int32_t gb : {1, 13}) {
    options.memory_limit_options.max_transfer_concurrent_gb = gb;
    EXPECT_THAT(Validate(options), IsOk());  // Not an error.
    EXPECT_THAT(
        ValidationWarnings(options),
        ElementsAre(FieldError{
            "memory_limit_options.max_transfer_concurrent_gb",
            absl::StrCat(gb,
                         " is below 14: when the PyTree handler's "
                         "save_device_host_concurrent_bytes is 'auto', "
                         "Orbax's memory regulator refuses a ceiling this low "
                         "when it runs")}));
  }
  // A value that breaks a rule gets the error alone.
  options.memory_limit_options.max_transfer_concurrent_gb = 0;
  EXPECT_THAT(ValidationWarnings(options), ::testing::IsEmpty());
}

TEST(Validation, FieldErrorToStatus) {
  EXPECT_THAT(ToStatus({}), IsOk());
  EXPECT_THAT(
      ToStatus({{"a.b", "bad"}, {"c", "worse"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, "a.b: bad; c: worse"));
}

}  // namespace
}  // namespace orbax::checkpoint::options
