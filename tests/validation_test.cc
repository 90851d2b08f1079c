// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/validation.h"

#include <functional>
#include <string>
#include <utility>
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

TEST(Validation, WarnsAboutAProcessSetTooLargeForToOrbax) {
  CheckpointOptions options;
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, kMaxOrbaxProcesses}}).value();
  EXPECT_THAT(ValidationWarnings(options), ::testing::IsEmpty());
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, INT32_MAX}}).value();
  EXPECT_THAT(Validate(options), IsOk());  // Not an error.
  EXPECT_THAT(ValidationWarnings(options),
              ElementsAre(FieldError{
                  "multiprocessing_options.active_processes",
                  "a set of 2147483647 processes, over the 1048576 "
                  "(kMaxOrbaxProcesses) that to_orbax() converts: Orbax "
                  "holds active_processes as a Python set of ints"}));
}

TEST(Validation, FieldErrorToStatus) {
  EXPECT_THAT(ToStatus({}), IsOk());
  EXPECT_THAT(
      ToStatus({{"a.b", "bad"}, {"c", "worse"}}),
      StatusIs(absl::StatusCode::kInvalidArgument, "a.b: bad; c: worse"));
}

// -----------------------------------------------------------------------------
// CheckpointManagerOptions
// -----------------------------------------------------------------------------

SaveDecisionPolicy Save(auto policy) { return {std::move(policy)}; }
PreservationPolicy Keep(auto policy) { return {std::move(policy)}; }

std::vector<std::string> Strings(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.ToString());
  return out;
}

// One row: a change from the defaults, and exactly the errors it makes.
struct ManagerCase {
  std::string name;
  std::function<void(CheckpointManagerOptions&)> change;
  std::vector<std::string> errors;  // "path: message", in field order.
};

const char kConflict[] =
    ": Orbax's CheckpointManager refuses max_to_keep, keep_time_interval and "
    "keep_period beside a preservation policy";

TEST(ManagerValidation, Rules) {
  using O = CheckpointManagerOptions;
  const std::string conflict =
      "must be unset (or 0, which Python reads as unset) when "
      "preservation_policy is set, got ";
  const std::vector<ManagerCase> cases = {
      {"defaults", [](O&) {}, {}},
      {"best_mode outside the enum",
       [](O& o) { o.best_mode = static_cast<BestMode>(5); },
       {"best_mode: unknown BestMode value 5 (Orbax's best_mode is 'max' or "
        "'min')"}},
      {"max_to_keep 0 and 5", [](O& o) { o.max_to_keep = 0; }, {}},
      {"max_to_keep negative",
       [](O& o) { o.max_to_keep = -1; },
       {"max_to_keep: must be >= 0 when preservation_policy is unset (unset "
        "keeps every checkpoint), got -1"}},
      {"max_to_keep negative is checked before read_only resets it",
       [](O& o) {
         o.max_to_keep = -1;
         o.read_only = true;
       },
       {"max_to_keep: must be >= 0 when preservation_policy is unset (unset "
        "keeps every checkpoint), got -1"}},
      {"preservation_policy with falsy keep options",
       [](O& o) {
         o.preservation_policy = Keep(LatestN{3});
         o.max_to_keep = 0;
         o.keep_time_interval = absl::ZeroDuration();
         o.keep_period = 0;
       },
       {}},
      {"preservation_policy with truthy keep options",
       [](O& o) {
         o.preservation_policy = Keep(LatestN{3});
         o.max_to_keep = -3;
         o.keep_time_interval = absl::Hours(1);
         o.keep_period = 100;
       },
       {"max_to_keep: " + conflict + "-3" + kConflict,
        "keep_time_interval: " + conflict + "1h" + kConflict,
        "keep_period: " + conflict + "100" + kConflict}},
      {"preservation_policy with keep options that read_only resets",
       [](O& o) {
         o.preservation_policy = Keep(LatestN{3});
         o.max_to_keep = 5;
         o.keep_period = 100;
         o.read_only = true;
       },
       {}},
      {"save_interval_steps 0",
       [](O& o) { o.save_interval_steps = 0; },
       {"save_interval_steps: must not be 0 when save_decision_policy is "
        "unset: Orbax then saves at the steps where step % "
        "save_interval_steps == 0, a division by zero at its first save "
        "decision"}},
      {"save_interval_steps 0 beside a save_decision_policy",
       [](O& o) {
         o.save_interval_steps = 0;
         o.save_decision_policy = Save(InitialSavePolicy{});
       },
       {}},
      {"save_interval_steps 0 with read_only",
       [](O& o) {
         o.save_interval_steps = 0;
         o.read_only = true;
       },
       {}},
      {"keep_period 0",
       [](O& o) { o.keep_period = 0; },
       {"keep_period: must not be 0 when preservation_policy is unset: Orbax "
        "derives EveryNSteps(interval_steps=0) from it, which raises when it "
        "first decides which checkpoints to keep"}},
      {"keep_period 0 with read_only",
       [](O& o) {
         o.keep_period = 0;
         o.read_only = true;
       },
       {}},
      {"todelete_subdir and todelete_full_path",
       [](O& o) {
         o.todelete_subdir = "trash";
         o.todelete_full_path = "bin/";
       },
       {"todelete_full_path: must not be set together with todelete_subdir "
        "(\"trash\"), got \"bin/\": Orbax refuses both"}},
      {"todelete_subdir and todelete_full_path with read_only",
       [](O& o) {
         o.todelete_subdir = "trash";
         o.todelete_full_path = "bin/";
         o.read_only = true;
       },
       {}},
      {"per-process directories with a primary host",
       [](O& o) {
         o.enable_per_process_directory_creation = true;
         o.read_only = true;  // Does not matter here.
       },
       {"enable_per_process_directory_creation: needs "
        "multiprocessing_options.all_hosts_primary (Python "
        "primary_host=None), but primary_host is 0"}},
      {"per-process directories with every host primary",
       [](O& o) {
         o.enable_per_process_directory_creation = true;
         o.multiprocessing_options.primary_host = std::nullopt;
       },
       {}},
      {"create with active_processes",
       [](O& o) {
         o.multiprocessing_options.active_processes =
             ProcessSet::FromRanges({{0, 4}}).value();
       },
       {"create: must be false when multiprocessing_options.active_processes "
        "is set ({0-3}): Orbax's CheckpointManager raises "
        "NotImplementedError for create with active_processes; create the "
        "root directory beforehand"}},
      {"active_processes without create",
       [](O& o) {
         o.multiprocessing_options.active_processes =
             ProcessSet::FromRanges({{0, 4}}).value();
         o.create = false;
       },
       {}},
      {"active_processes with read_only, which resets create",
       [](O& o) {
         o.multiprocessing_options.active_processes =
             ProcessSet::FromRanges({{0, 4}}).value();
         o.read_only = true;
       },
       {}},
      {"durations",
       [](O& o) {
         o.keep_time_interval = absl::Nanoseconds(1500);
         o.preservation_policy = Keep(AnyPreservationPolicy{{
             Keep(LatestDuration{absl::InfiniteDuration()}),
             Keep(LatestDuration{absl::Hours(24 * 365 * 20000)}),
             Keep(LatestDuration{-absl::Microseconds(1)}),
         }});
       },
       {"keep_time_interval: must be a whole number of microseconds "
        "(Python's timedelta holds no finer), got 1.5us",
        "preservation_policy.any.policies[0].latest_duration.duration: must "
        "be finite, got inf",
        "preservation_policy.any.policies[1].latest_duration.duration: must "
        "be within +-315576000000s (10,000 years, protobuf's Duration), got "
        "175200000h"}},
      {"strings that are not UTF-8",
       [](O& o) {
         o.step_prefix = "\xff";
         o.todelete_subdir = "a\xc3";
       },
       {"step_prefix: must be UTF-8, got \"\\xff\"",
        "todelete_subdir: must be UTF-8, got \"a\\xc3\""}},
      {"zero intervals in policies",
       [](O& o) {
         o.save_decision_policy = Save(AnySavePolicy{{
             Save(FixedIntervalPolicy{0}),
             Save(FixedIntervalPolicy{-5}),  // Python's % allows it.
         }});
         o.preservation_policy = Keep(AnyPreservationPolicy{{
             Keep(EveryNSteps{.interval_steps = 0}),
             Keep(EveryNStepsClosest{.interval_steps = 0}),
             Keep(EveryNSeconds{0}),  // Keeps everything; Orbax allows it.
         }});
       },
       {"save_decision_policy.any.policies[0].fixed_interval.interval: must "
        "not be 0: Orbax saves at the steps where step % interval == 0, a "
        "division by zero",
        "preservation_policy.any.policies[0].every_n_steps.interval_steps: "
        "must not be 0: Orbax raises \"interval_steps must not be 0\" when it "
        "first decides which checkpoints to keep",
        "preservation_policy.any.policies[1].every_n_steps_closest."
        "interval_steps: must not be 0: Orbax raises \"interval_steps must "
        "not be 0\" when it first decides which checkpoints to keep"}},
      {"an empty AnyPreservationPolicy",
       [](O& o) {
         o.preservation_policy = Keep(AnyPreservationPolicy{});
         o.save_decision_policy = Save(AnySavePolicy{});  // Never saves: ok.
       },
       {"preservation_policy.any.policies: must not be empty: Orbax fails on "
        "an empty list the first time it decides which checkpoints to "
        "keep"}},
      {"nested options",
       [](O& o) {
         o.async_options = AsyncOptions{.timeout_secs = 0};
         o.multiprocessing_options.primary_host = -1;
         o.file_options.path_permission_mode = 010000;
         o.atomicity_options =
             AtomicityOptions{.mode = static_cast<AtomicityMode>(9)};
       },
       {"async_options.timeout_secs: must be > 0, got 0",
        "multiprocessing_options.primary_host: must be >= 0, got -1",
        "file_options.path_permission_mode: must be in [0, 07777], got 4096 "
        "(010000)",
        "atomicity_options.mode: unknown AtomicityMode value 9"}},
  };
  for (const ManagerCase& c : cases) {
    SCOPED_TRACE(c.name);
    CheckpointManagerOptions options;
    c.change(options);
    EXPECT_EQ(Strings(ValidationErrors(options)), c.errors);
    if (c.errors.empty()) {
      EXPECT_THAT(Validate(options), IsOk());
    } else {
      EXPECT_THAT(Validate(options),
                  StatusIs(absl::StatusCode::kInvalidArgument,
                           HasSubstr(c.errors.front())));
    }
  }
}

TEST(ManagerValidation, PoliciesNestAtMostEightDeep) {
  SaveDecisionPolicy policy = Save(InitialSavePolicy{});
  for (int level = 1; level < kMaxPolicyDepth; ++level) {
    policy = Save(AnySavePolicy{{policy}});
  }
  EXPECT_THAT(Validate(policy), IsOk());
  CheckpointManagerOptions options;
  options.save_decision_policy = policy;
  EXPECT_THAT(Validate(options), IsOk());
  options.save_decision_policy = Save(AnySavePolicy{{policy}});
  std::string path = "save_decision_policy";
  for (int level = 1; level < 9; ++level) path += ".any.policies[0]";
  EXPECT_EQ(
      Strings(ValidationErrors(options)),
      std::vector<std::string>{
          path +
          ": policies nest more than 8 deep (kMaxPolicyDepth); every level "
          "is two messages, and Python's protobuf parser refuses JSON nested "
          "more than 100 messages deep"});
  EXPECT_THAT(Validate(*options.save_decision_policy),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith(
                           "any.policies[0].any.policies[0].any.policies[0]")));
  EXPECT_THAT(Validate(Keep(EveryNSteps{})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith(
                           "every_n_steps.interval_steps: must not be 0")));
}

// One row: a change from the defaults, and exactly the warnings it makes.
struct WarningCase {
  std::string name;
  std::function<void(CheckpointManagerOptions&)> change;
  std::vector<std::string> warnings;  // "path: message", in field order.
};

TEST(ManagerValidation, Warnings) {
  using O = CheckpointManagerOptions;
  const std::string resets = "read_only is true, so Orbax resets it to ";
  const std::string ignored =
      "ignored: save_decision_policy is set and alone decides when to save "
      "(got ";
  const std::vector<WarningCase> cases = {
      {"defaults", [](O&) {}, {}},
      {"read_only alone resets two defaults",
       [](O& o) { o.read_only = true; },
       {"save_interval_steps: " + resets + "0 (was 1)",
        "create: " + resets + "false"}},
      {"read_only resets nine fields",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = 10;
         o.max_to_keep = 3;
         o.keep_time_interval = absl::Seconds(90);
         o.keep_period = 7;
         o.cleanup_tmp_directories = true;
         o.save_on_steps = StepSet::FromSteps({4, 8}).value();
         o.todelete_subdir = "a";
         o.todelete_full_path = "b";
       },
       {"save_interval_steps: " + resets + "0 (was 10)",
        "max_to_keep: " + resets + "None (was 3)",
        "keep_time_interval: " + resets + "None (was 1m30s)",
        "keep_period: " + resets + "None (was 7)",
        "create: " + resets + "false",
        "cleanup_tmp_directories: " + resets + "false",
        "save_on_steps: " + resets + "None (was a set of 2 steps)",
        "todelete_subdir: " + resets + "None (was \"a\")",
        "todelete_full_path: " + resets + "None (was \"b\")"}},
      {"read_only with what it would reset already reset",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = 0;
         o.create = false;
       },
       {}},
      {"read_only leaves a negative save_interval_steps",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = -3;
         o.create = false;
       },
       {}},
      {"save_decision_policy makes Orbax ignore the legacy save options",
       [](O& o) {
         o.save_decision_policy = Save(ContinuousCheckpointingPolicy{});
         o.save_interval_steps = 1000;
         o.save_on_steps = StepSet::FromSteps({1, 2}).value();
       },
       {"save_interval_steps: " + ignored + "1000)",
        "save_on_steps: " + ignored + "a set of 2 steps)"}},
      {"save_decision_policy with the defaults",
       [](O& o) { o.save_decision_policy = Save(InitialSavePolicy{}); },
       {}},
      {"read_only's reset comes first",
       [](O& o) {
         o.save_decision_policy = Save(InitialSavePolicy{});
         o.read_only = true;
         o.save_interval_steps = 1000;
         o.create = false;
       },
       {"save_interval_steps: " + resets + "0 (was 1000)"}},
      {"create_directories_asynchronously without async checkpointing",
       [](O& o) {
         o.enable_async_checkpointing = false;
         o.async_options = AsyncOptions{};
       },
       {"async_options.create_directories_asynchronously: Orbax turns it "
        "off: enable_async_checkpointing is false, and Orbax's "
        "CheckpointManager ANDs the two"}},
      {"no async options without async checkpointing",
       [](O& o) { o.enable_async_checkpointing = false; },
       {}},
      {"a value that breaks a rule gets the error alone",
       [](O& o) {
         o.read_only = true;
         o.create = false;
         o.max_to_keep = -1;
         o.keep_time_interval = absl::Nanoseconds(1);
       },
       {"save_interval_steps: " + resets + "0 (was 1)"}},
  };
  for (const WarningCase& c : cases) {
    SCOPED_TRACE(c.name);
    CheckpointManagerOptions options;
    c.change(options);
    EXPECT_EQ(Strings(ValidationWarnings(options)), c.warnings);
  }
}

// -----------------------------------------------------------------------------
// Context and CheckpointerOptions: Orbax v1's rules, each as its code states
// it (file:line in rules.cc).
// -----------------------------------------------------------------------------

struct ContextCase {
  std::string name;
  std::function<void(Context&)> change;
  std::vector<std::string> errors;    // "path: message", in field order.
  std::vector<std::string> warnings;  // Likewise.
};

TEST(ContextValidation, RulesAndWarnings) {
  using O = Context;
  using Regulator = MemoryOptions::RegulatorOptions;
  const std::string positive =
      ": Orbax raises ValueError for it when it saves or loads";
  const std::string gcs =
      "must be a path relative to the bucket root (not empty, not starting "
      "with '/', without a '..' component or '://'), got ";
  const std::vector<ContextCase> cases = {
      {"defaults", [](O&) {}, {}, {}},
      {"dtype numpy knows",
       [](O& o) { o.array.saving.storage_options.dtype = "float8_e4m3fn"; },
       {},
       {}},
      {"dtype numpy does not know",
       [](O& o) { o.array.saving.storage_options.dtype = "bfloat17"; },
       {"array.saving.storage_options.dtype: must be a dtype name that numpy "
        "knows, such as \"bfloat16\", \"float32\" or \"int8\", got "
        "\"bfloat17\": Orbax casts to np.dtype(dtype) when it saves, which "
        "raises TypeError"},
       {}},
      {"dtype alias", [](O& o) { o.array.saving.storage_options.dtype = "f4"; },
       {"array.saving.storage_options.dtype: must be a dtype name that numpy "
        "knows, such as \"bfloat16\", \"float32\" or \"int8\", got \"f4\": "
        "Orbax casts to np.dtype(dtype) when it saves, which raises "
        "TypeError"},
       {}},
      {"byte sizes not positive",
       [](O& o) {
         o.array.saving.storage_options.chunk_byte_size = 0;
         o.memory.write_concurrent_bytes = -1;
         o.memory.read_concurrent_bytes = 0;
         o.memory.transfer_concurrent_bytes = INT64_MIN;
         o.safetensors.read_chunk_bytes = 0;
       },
       {"array.saving.storage_options.chunk_byte_size: must be > 0 (unset "
        "for Orbax's default), got 0" + positive,
        "memory.write_concurrent_bytes: must be > 0 (unset for Orbax's "
        "default), got -1" + positive,
        "memory.read_concurrent_bytes: must be > 0 (unset for Orbax's "
        "default), got 0" + positive,
        "memory.transfer_concurrent_bytes: must be > 0 (unset for Orbax's "
        "default), got -9223372036854775808" + positive,
        "safetensors.read_chunk_bytes: must be > 0 (unset for Orbax's "
        "default), got 0" + positive},
       {}},
      {"byte sizes of 1", [](O& o) {
         o.array.saving.storage_options.chunk_byte_size = 1;
         o.memory.write_concurrent_bytes = 1;
         o.safetensors.read_chunk_bytes = 1;
       },
       {},
       {}},
      {"ocdbt target 0 is no limit",
       [](O& o) { o.array.saving.ocdbt_target_data_file_size = 0; },
       {},
       {}},
      {"ocdbt target negative",
       [](O& o) { o.array.saving.ocdbt_target_data_file_size = -1; },
       {"array.saving.ocdbt_target_data_file_size: must be >= 0 (0 means no "
        "limit), got -1: Orbax raises ValueError for it when it saves"},
       {}},
      {"ocdbt target without ocdbt",
       [](O& o) {
         o.array.saving.use_ocdbt = false;
         o.array.saving.ocdbt_target_data_file_size = 1024;
       },
       {},
       {"array.saving.ocdbt_target_data_file_size: ignored: use_ocdbt is "
        "false, and Orbax gives the target only to OCDBT (got 1024)"}},
      {"negative shard axis",
       [](O& o) { o.array.saving.storage_options.shard_axes = {{0, -1}}; },
       {"array.saving.storage_options.shard_axes: axes[1] must be >= 0, got "
        "-1: Orbax refuses an axis outside [0, rank) when it saves"},
       {}},
      {"one replica",
       [](O& o) { o.array.saving.max_replicas_for_replica_parallel = 1; },
       {},
       {"array.saving.max_replicas_for_replica_parallel: 1 is at most 1: "
        "Orbax then saves each array from one replica, as if "
        "use_replica_parallel were false"}},
      {"load-and-broadcast options without it",
       [](O& o) {
         o.array.loading.load_and_broadcast_options.primary_replica_id = 1;
       },
       {},
       {"array.loading.load_and_broadcast_options: ignored: "
        "use_load_and_broadcast is false, and Orbax reads these options only "
        "with it"}},
      {"load-and-broadcast bad values",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         auto& b = o.array.loading.load_and_broadcast_options;
         b.replica_axis_index = -1;
         b.primary_replica_id = -2;
         b.broadcast_memory_scaling_factor = 1.5;
       },
       {"array.loading.load_and_broadcast_options.replica_axis_index: must be "
        ">= 0, got -1: Orbax indexes the replicas of the mesh with it",
        "array.loading.load_and_broadcast_options.primary_replica_id: must be "
        ">= 0, got -2: Orbax indexes the replicas of the mesh with it",
        "array.loading.load_and_broadcast_options."
        "broadcast_memory_scaling_factor: must be <= 1 when "
        "broadcast_memory_limit_bytes is unset, got 1.5: Orbax raises "
        "ValueError for it when it loads with load-and-broadcast"},
       {}},
      {"scaling factor unread beside a byte limit",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         auto& b = o.array.loading.load_and_broadcast_options;
         b.broadcast_memory_limit_bytes = 1 << 20;
         b.broadcast_memory_scaling_factor = 1.5;
       },
       {},
       {}},
      {"regulator limits",
       [](O& o) {
         o.memory.regulator_options =
             Regulator{.max_memory_limit_gib = 0, .min_memory_limit_gib = -1};
       },
       {"memory.regulator_options.max_memory_limit_gib: must be > 0, got 0: "
        "Orbax's RegulatorOptions raises ValueError for it",
        "memory.regulator_options.min_memory_limit_gib: must be > 0, got -1: "
        "Orbax's RegulatorOptions raises ValueError for it"},
       {}},
      {"regulator min at its target",
       [](O& o) {
         o.memory.regulator_options = Regulator{.max_memory_limit_gib = 12.5};
       },
       {"memory.regulator_options.min_memory_limit_gib: must be less than "
        "max_memory_limit_gib * target_ratio (12.5 * 0.8 = 10 GiB), got 10: "
        "Orbax's RegulatorOptions raises ValueError for it"},
       {}},
      {"regulator min under its target",
       [](O& o) {
         o.memory.regulator_options = Regulator{.max_memory_limit_gib = 12.6};
       },
       {},
       {}},
      {"regulator beside a transfer limit, and a surge without one",
       [](O& o) {
         o.memory.regulator_options = Regulator{.max_memory_limit_gib = 64};
         o.memory.transfer_concurrent_bytes = 1000;
       },
       {},
       {"memory.transfer_concurrent_bytes: ignored: regulator_options is "
        "set, and Orbax's regulator sets the transfer limit instead (got "
        "1000)"}},
      {"surge without a regulator",
       [](O& o) { o.memory.expected_surge_bytes = 5; },
       {},
       {"memory.expected_surge_bytes: ignored: Orbax reads it only with "
        "regulator_options, which is unset (got 5)"}},
      {"over-read ratio",
       [](O& o) { o.safetensors.max_over_read_ratio = 0.99; },
       {"safetensors.max_over_read_ratio: must be >= 1, got 0.99: Orbax "
        "raises ValueError for it when it loads a Safetensors checkpoint"},
       {}},
      {"over-read ratio just below 1, shown as it is, not rounded to 1",
       [](O& o) { o.safetensors.max_over_read_ratio = 0.9999999999999999; },
       {"safetensors.max_over_read_ratio: must be >= 1, got "
        "0.9999999999999999: Orbax raises ValueError for it when it loads a "
        "Safetensors checkpoint"},
       {}},
      {"gcs path absolute",
       [](O& o) { o.deletion.gcs_deletion_options.todelete_full_path = "/t"; },
       {"deletion.gcs_deletion_options.todelete_full_path: " + gcs +
        "\"/t\": Orbax raises ValueError for it when it deletes"},
       {}},
      {"gcs path empty",
       [](O& o) { o.deletion.gcs_deletion_options.todelete_full_path = ""; },
       {"deletion.gcs_deletion_options.todelete_full_path: " + gcs +
        "\"\": Orbax raises ValueError for it when it deletes"},
       {}},
      {"gcs path up",
       [](O& o) {
         o.deletion.gcs_deletion_options.todelete_full_path = "a/../b";
       },
       {"deletion.gcs_deletion_options.todelete_full_path: " + gcs +
        "\"a/../b\": Orbax raises ValueError for it when it deletes"},
       {}},
      {"gcs path url",
       [](O& o) {
         o.deletion.gcs_deletion_options.todelete_full_path = "gs://b/t";
       },
       {"deletion.gcs_deletion_options.todelete_full_path: " + gcs +
        "\"gs://b/t\": Orbax raises ValueError for it when it deletes"},
       {}},
      {"gcs path with dots in a name",
       [](O& o) {
         o.deletion.gcs_deletion_options.todelete_full_path = "a/..b/c..";
       },
       {},
       {}},
      {"v0 groups keep v0's rules",
       [](O& o) {
         o.asynchronous.timeout_secs = 0;
         o.file.path_permission_mode = 010000;
         o.checkpoint_layout = static_cast<CheckpointLayout>(7);
       },
       {"asynchronous.timeout_secs: must be > 0, got 0",
        "file.path_permission_mode: must be in [0, 07777], got 4096 (010000)",
        "checkpoint_layout: unknown CheckpointLayout value 7 (Orbax's "
        "CheckpointLayout is 'orbax', 'safetensors' or 'auto')"},
       {}},
  };
  for (const ContextCase& c : cases) {
    SCOPED_TRACE(c.name);
    Context options;
    c.change(options);
    EXPECT_EQ(Strings(ValidationErrors(options)), c.errors);
    EXPECT_EQ(Strings(ValidationWarnings(options)), c.warnings);
    EXPECT_EQ(Validate(options).ok(), c.errors.empty());
  }
}

TEST(CheckpointerValidation, ItsContextHasNoActiveProcesses) {
  CheckpointerOptions options;
  options.context = Context{};
  options.context->multiprocessing.active_processes = Set({0, 1, 2, 3});
  EXPECT_EQ(Strings(ValidationErrors(options)),
            std::vector<std::string>(
                {"context.multiprocessing.active_processes: must be unset in "
                 "a Checkpointer's context, got {0-3}: Orbax's "
                 "training.Checkpointer makes a CheckpointManager with "
                 "create=True, which raises NotImplementedError for create "
                 "with active_processes"}));
  // A Context alone may set them.
  EXPECT_THAT(ValidationErrors(*options.context), ::testing::IsEmpty());
}

TEST(CheckpointerValidation, RulesReachTheContextAndThePolicies) {
  CheckpointerOptions options;
  options.context = Context{};
  options.context->memory.read_concurrent_bytes = 0;
  options.preservation_policy = PreservationPolicy{LatestN{.n = -1}};
  options.step_name_format =
      StandardNameFormat{.step_format_fixed_length = -1};
  EXPECT_EQ(
      Strings(ValidationErrors(options)),
      std::vector<std::string>(
          {"context.memory.read_concurrent_bytes: must be > 0 (unset for "
           "Orbax's default), got 0: Orbax raises ValueError for it when it "
           "saves or loads",
           "preservation_policy.latest_n.n: must be >= 0 (unset keeps every "
           "checkpoint), got -1: Orbax takes it and then deletes checkpoints "
           "it should keep, up to every one",
           "step_name_format.step_format_fixed_length: must be >= 0, got -1: "
           "Orbax names step directories with f'{step:0{n}d}', which raises "
           "ValueError for a negative width at the first save"}));
}

}  // namespace
}  // namespace orbax::checkpoint::options
