// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Every config in examples/ loads, validates, and keeps its fingerprint when
// printed in each format and read back.

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

std::vector<std::string> ExampleConfigs() {
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(ORBAX_OPTIONS_EXAMPLES_DIR)) {
    if (entry.is_regular_file() && FormatFromPath(entry.path().string())) {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::optional<ResolvedConfig> Load(const std::vector<std::string>& paths) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> config =
      LoadConfig(paths, {}, std::nullopt, {}, diagnostics);
  for (const Diagnostic& d : diagnostics) ADD_FAILURE() << d.ToString();
  return config;
}

TEST(Examples, EveryConfigLoadsValidatesAndRoundTripsItsFingerprint) {
  const std::vector<std::string> paths = ExampleConfigs();
  ASSERT_GE(paths.size(), 5);
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    std::optional<ResolvedConfig> config = Load({path});
    ASSERT_TRUE(config.has_value());
    const std::string fingerprint = Fingerprint(config->options);
    for (Format format : {Format::kText, Format::kJson, Format::kBinary}) {
      SCOPED_TRACE(FormatName(format));
      for (const std::string& printed :
           {PrintMessage(config->minimal, format),
            PrintEffective(config->options, format)}) {
        absl::StatusOr<CheckpointOptions> back =
            LoadFromString(printed, format);
        ASSERT_TRUE(back.ok()) << back.status();
        EXPECT_EQ(Fingerprint(*back), fingerprint);
      }
    }
  }
}

// The fingerprints of the examples, pinned: they are on the wire between
// processes, so a change to the schema's package, a field's encoding or a
// default that moved one would break every deployed fleet that compares them.
// (They were the same before the schema moved to `orbax_options.v1`.)
TEST(Examples, FingerprintsArePinned) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  const std::pair<std::string, std::string> kPinned[] = {
      {"local_per_host.textproto",
       "54b305ce2f99223f078441d9e523f168c3d568eeed227e8f6497aa8780c1805c"},
      {"memory_limited_strict.json",
       "07c857204cc21c67eacfb2bb68c9a8b9763089cffc37c8b6f417d4b6e8a04f0e"},
      {"multihost_subset.json",
       "04d99882419cc087f67a8dcbd3141db3200d8f11382e3b50c7bfeaa7a0ea2892"},
      {"multihost_subset.textproto",
       "04d99882419cc087f67a8dcbd3141db3200d8f11382e3b50c7bfeaa7a0ea2892"},
      {"single_host_defaults.textproto",
       "ca67183e4efb2d24d0acd4440c357c153271af6ef367c8b6a1eda9218e03f299"},
  };
  for (const auto& [name, fingerprint] : kPinned) {
    SCOPED_TRACE(name);
    std::optional<ResolvedConfig> config = Load({dir + "/" + name});
    ASSERT_TRUE(config.has_value());
    EXPECT_EQ(Fingerprint(config->options), fingerprint);
  }
}

TEST(Examples, TheSameConfigInTextAndJsonHasOneFingerprint) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  auto text = Load({dir + "/multihost_subset.textproto"});
  auto json = Load({dir + "/multihost_subset.json"});
  ASSERT_TRUE(text && json);
  EXPECT_EQ(Fingerprint(text->options), Fingerprint(json->options));
  EXPECT_THAT(DiffOptions(text->options, json->options), IsEmpty());
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

}  // namespace
}  // namespace orbax::checkpoint::options
