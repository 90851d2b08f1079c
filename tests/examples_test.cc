// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Every config in examples/ (CheckpointOptions) and examples/checkpoint_manager/
// (CheckpointManagerOptions) loads and validates without a warning, and keeps
// its fingerprint when printed in each format and read back.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

namespace fs = std::filesystem;
using ::testing::IsEmpty;

// The configs in `dir` (not its subdirectories), sorted.
std::vector<std::string> ExampleConfigs(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && FormatFromPath(entry.path().string())) {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// examples/ holds `CheckpointOptions`; examples/checkpoint_manager/
// `CheckpointManagerOptions`.
const std::string kOptionsDir = ORBAX_OPTIONS_EXAMPLES_DIR;
const std::string kManagerDir =
    std::string(ORBAX_OPTIONS_EXAMPLES_DIR) + "/checkpoint_manager";

// Loads `paths` as layers of `Options`; any diagnostic, a warning too, fails
// the test: an example shows a config without a mistake.
template <typename Options = CheckpointOptions>
std::optional<BasicResolvedConfig<Options>> Load(
    const std::vector<std::string>& paths) {
  std::vector<Diagnostic> diagnostics;
  std::optional<BasicResolvedConfig<Options>> config =
      LoadConfig<Options>(paths, {}, std::nullopt, {}, diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  return config;
}

template <typename Options>
void ExpectEveryConfigRoundTrips(const std::string& dir, size_t at_least) {
  const std::vector<std::string> paths = ExampleConfigs(dir);
  ASSERT_GE(paths.size(), at_least);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    std::optional<BasicResolvedConfig<Options>> config = Load<Options>({path});
    ASSERT_TRUE(config.has_value());
    const std::string fingerprint = Fingerprint(config->options);
    for (Format format : {Format::kText, Format::kJson, Format::kBinary}) {
      SCOPED_TRACE(FormatName(format));
      for (const std::string& printed :
           {PrintMessage(config->minimal, format),
            PrintEffective(config->options, format)}) {
        absl::StatusOr<Options> back = LoadFromString<Options>(printed, format);
        ASSERT_TRUE(back.ok()) << back.status();
        EXPECT_EQ(*back, config->options);
        EXPECT_EQ(Fingerprint(*back), fingerprint);
      }
    }
  }
}

TEST(Examples, EveryConfigLoadsValidatesAndRoundTripsItsFingerprint) {
  ExpectEveryConfigRoundTrips<CheckpointOptions>(kOptionsDir, 5);
}

TEST(Examples, EveryManagerConfigLoadsValidatesAndRoundTripsItsFingerprint) {
  ExpectEveryConfigRoundTrips<CheckpointManagerOptions>(kManagerDir, 6);
}

// Each text-format example that has a JSON twin has its fingerprint.
template <typename Options>
void ExpectTwinsAgree(const std::string& dir) {
  int twins = 0;
  for (const std::string& path : ExampleConfigs(dir)) {
    if (!path.ends_with(".textproto")) continue;
    const std::string json =
        path.substr(0, path.size() - std::string(".textproto").size()) +
        ".json";
    if (!fs::exists(json)) continue;
    SCOPED_TRACE(path);
    ++twins;
    auto text = Load<Options>({path});
    auto from_json = Load<Options>({json});
    ASSERT_TRUE(text && from_json);
    EXPECT_EQ(text->options, from_json->options);
    EXPECT_EQ(Fingerprint(text->options), Fingerprint(from_json->options));
    EXPECT_THAT(DiffOptions(text->options, from_json->options), IsEmpty());
  }
  EXPECT_GE(twins, 1);
}

TEST(Examples, TheSameConfigInTextAndJsonHasOneFingerprint) {
  ExpectTwinsAgree<CheckpointOptions>(kOptionsDir);
  ExpectTwinsAgree<CheckpointManagerOptions>(kManagerDir);
}

// The fingerprints of the examples, pinned: they are on the wire between
// processes, so a change to the schema's package, a field's encoding or a
// default that moved one would break every deployed fleet that compares them.
// (They were the same before the schema moved to `orbax_options.v1`; a new
// field changes them all, since the explicit form holds every effective value:
// they moved when FileOptions gained `skip_sync_file_validations`.)
TEST(Examples, FingerprintsArePinned) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  const std::pair<std::string, std::string> kPinned[] = {
      {"local_per_host.textproto",
       "4f830fb2dbfcf76b99ea37e920acc44e1f6ef925c08e3bcc1e3f76115bd39de7"},
      {"memory_limited_strict.json",
       "4281b5a87e00ad48cd201c9a36575cc0e5c665b90a871bb79c8dfb86680f0c41"},
      {"multihost_subset.json",
       "1a9fc366d1315615d3e2ce5077fc0cdf1704ee4c1c49d6ae887f1d96a8fde10d"},
      {"multihost_subset.textproto",
       "1a9fc366d1315615d3e2ce5077fc0cdf1704ee4c1c49d6ae887f1d96a8fde10d"},
      {"single_host_defaults.textproto",
       "e2f84a5d60f9fcfce5f0cafac2ad17c787fb8d6db27fb2c9aeaed42dced60f8c"},
  };
  for (const auto& [name, fingerprint] : kPinned) {
    SCOPED_TRACE(name);
    std::optional<ResolvedConfig> config = Load({dir + "/" + name});
    ASSERT_TRUE(config.has_value());
    EXPECT_EQ(Fingerprint(config->options), fingerprint);
  }
  const std::pair<std::string, std::string> kPinnedManagers[] = {
      {"evaluator.json",
       "538f85d91eb5ac35e73ee3e23b1228b626774a19a7ae6b7b8a9121e32a5c3a43"},
      {"evaluator.textproto",
       "538f85d91eb5ac35e73ee3e23b1228b626774a19a7ae6b7b8a9121e32a5c3a43"},
      {"local_per_host.json",
       "85d60641d9e354f35c090d8cca3bf4045d79afebb9ddde1b08ea3e28bcac62f0"},
      {"local_per_host.textproto",
       "85d60641d9e354f35c090d8cca3bf4045d79afebb9ddde1b08ea3e28bcac62f0"},
      {"train.json",
       "875ad56439056f4fcdefc0efc4c7d14b610ea2f5430d077ad237a99410e3a338"},
      {"train.textproto",
       "875ad56439056f4fcdefc0efc4c7d14b610ea2f5430d077ad237a99410e3a338"},
  };
  for (const auto& [name, fingerprint] : kPinnedManagers) {
    SCOPED_TRACE(name);
    auto config = Load<CheckpointManagerOptions>({kManagerDir + "/" + name});
    ASSERT_TRUE(config.has_value());
    EXPECT_EQ(Fingerprint(config->options), fingerprint);
  }
}

TEST(Examples, SingleHostDefaultsAreOrbaxsDefaults) {
  auto config = Load({std::string(ORBAX_OPTIONS_EXAMPLES_DIR) +
                      "/single_host_defaults.textproto"});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->options, CheckpointOptions{});
}

TEST(Examples, EachShowsWhatItsNameSays) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  auto subset = Load({dir + "/multihost_subset.textproto"});
  ASSERT_TRUE(subset);
  EXPECT_EQ(subset->options.multiprocessing_options.active_processes->size(),
            32);
  EXPECT_EQ(subset->options.multiprocessing_options.barrier_sync_key_prefix,
            "train_state");

  auto local = Load({dir + "/local_per_host.textproto"});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->options.multiprocessing_options.primary_host, std::nullopt);

  auto strict = Load({dir + "/memory_limited_strict.json"});
  ASSERT_TRUE(strict);
  EXPECT_EQ(strict->options.memory_limit_options.max_transfer_concurrent_gb,
            16);
  EXPECT_EQ(strict->options.file_options.path_permission_mode, 0700);
}

TEST(Examples, TheTrainingManagerSavesEvery1000StepsAndKeepsLatest5AndEvery10000th) {
  auto train = Load<CheckpointManagerOptions>({kManagerDir + "/train.textproto"});
  ASSERT_TRUE(train);
  const CheckpointManagerOptions& o = train->options;
  EXPECT_EQ(o.save_decision_policy,
            (SaveDecisionPolicy{AnySavePolicy{{
                SaveDecisionPolicy{FixedIntervalPolicy{1000}},
                SaveDecisionPolicy{PreemptionCheckpointingPolicy{}},
            }}}));
  EXPECT_EQ(o.preservation_policy,
            (PreservationPolicy{AnyPreservationPolicy{{
                PreservationPolicy{LatestN{5}},
                PreservationPolicy{EveryNSteps{.interval_steps = 10000}},
            }}}));
  // As set, so the policies the manager uses are these.
  const ManagerPolicies used = DerivedPolicies(o);
  EXPECT_EQ(used.save_decision_policy, *o.save_decision_policy);
  EXPECT_EQ(used.preservation_policy, *o.preservation_policy);
  EXPECT_EQ(o.step_format_fixed_length, 8);
  EXPECT_EQ(o.file_options.path_permission_mode, 0750);
}

TEST(Examples, TheEvaluatorIsReadOnlyWithNothingForOrbaxToReset) {
  auto eval =
      Load<CheckpointManagerOptions>({kManagerDir + "/evaluator.textproto"});
  ASSERT_TRUE(eval);  // Load() fails on any warning.
  EXPECT_TRUE(eval->options.read_only);
  EXPECT_EQ(eval->options.save_interval_steps, 0);
  EXPECT_FALSE(eval->options.create);
  EXPECT_TRUE(eval->options.single_host_load_and_broadcast);
  CheckpointManagerOptions reset = eval->options;
  ApplyReadOnly(reset);
  EXPECT_EQ(reset, eval->options);
}

TEST(Examples, TheLocalManagerHasEveryHostPrimaryCreatingItsOwnDirectories) {
  auto local = Load<CheckpointManagerOptions>(
      {kManagerDir + "/local_per_host.textproto"});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->options.multiprocessing_options.primary_host, std::nullopt);
  EXPECT_TRUE(local->options.enable_per_process_directory_creation);
  EXPECT_EQ(local->options.preservation_policy,
            PreservationPolicy{LatestN{2}});
  ASSERT_TRUE(local->options.atomicity_options.has_value());
  EXPECT_EQ(local->options.atomicity_options->mode, AtomicityMode::kAtomicRename);
}

// README.md's C++ example, as written there (but for the path and the
// checks in place of its output): a layered load, then the wire and back.
TEST(Examples, TheReadmesCppExample) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> config = LoadConfig(
      {kOptionsDir + "/multihost_subset.textproto"},
      {Override::Set("async_options.timeout_secs=600")},
      /*format=*/std::nullopt, LoadOptions{}, diagnostics);
  EXPECT_THAT(diagnostics, IsEmpty());
  ASSERT_TRUE(config.has_value());

  std::string bytes = ToProto(config->options).SerializeAsString();
  v1::CheckpointOptions message;
  ASSERT_TRUE(message.ParseFromString(bytes));
  absl::StatusOr<CheckpointOptions> received = FromProto(message);
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->async_options.timeout_secs, 600);
  // As `orbax-options fingerprint examples/multihost_subset.textproto --set
  // async_options.timeout_secs=600` prints it.
  EXPECT_EQ(Fingerprint(*received),
            "7cabffcb2a9f52c02bd256cd183179c87ead6692b98518b2bfe226869d5586af");
}

}  // namespace
}  // namespace orbax::checkpoint::options
