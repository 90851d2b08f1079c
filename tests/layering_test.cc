// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/layering.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics) lines.push_back(d.ToString());
  return lines;
}

Layer Text(const std::string& name, const std::string& text) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer =
      ParseLayer(text, Format::kText, name, {}, diagnostics);
  EXPECT_TRUE(layer.has_value())
      << ::testing::PrintToString(Lines(diagnostics));
  return layer.value_or(Layer{});
}

Layer Set(const std::string& argument) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ParseSetOverride(argument, diagnostics);
  EXPECT_TRUE(layer.has_value())
      << ::testing::PrintToString(Lines(diagnostics));
  return layer.value_or(Layer{});
}

ResolvedConfig ResolveOk(const std::vector<Layer>& layers) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> config = Resolve(layers, diagnostics);
  EXPECT_TRUE(config.has_value())
      << ::testing::PrintToString(Lines(diagnostics));
  EXPECT_THAT(diagnostics, IsEmpty());
  return config.value_or(ResolvedConfig{});
}

TEST(Resolve, LaterLayersWinFieldByFieldAndSubMessagesMerge) {
  ResolvedConfig config = ResolveOk({
      Text("base.textproto",
           "async_options { timeout_secs: 600 "
           "create_directories_asynchronously: false }\n"
           "file_options { path_permission_mode: 0750 }"),
      Text("job.textproto", "async_options { timeout_secs: 900 }"),
  });
  EXPECT_EQ(config.options.async_options.timeout_secs, 900);
  EXPECT_FALSE(config.options.async_options.create_directories_asynchronously);
  EXPECT_EQ(config.options.file_options.path_permission_mode, 0750);
  EXPECT_EQ(config.locations.Find("async_options.timeout_secs")->file,
            "job.textproto");
  EXPECT_EQ(
      config.locations.Find("async_options.create_directories_asynchronously")
          ->file,
      "base.textproto");
  // The minimal form holds what some layer set, and nothing else.
  EXPECT_FALSE(config.minimal.has_memory_limit_options());
  EXPECT_TRUE(
      config.minimal.async_options().has_create_directories_asynchronously());
}

TEST(Resolve, ADefaultSetInALaterLayerTakesEffect) {
  ResolvedConfig config = ResolveOk({
      Text("base.textproto",
           "async_options { timeout_secs: 600 "
           "create_directories_asynchronously: false }\n"
           "atomicity_options { allow_legacy_atomic_rename: true }"),
      Text("job.textproto",
           "async_options { timeout_secs: 1200 "
           "create_directories_asynchronously: true }\n"
           "atomicity_options { allow_legacy_atomic_rename: false }"),
  });
  EXPECT_EQ(config.options, CheckpointOptions{});
  EXPECT_EQ(Fingerprint(config.options), Fingerprint(CheckpointOptions{}));
}

TEST(Resolve, ActiveProcessesAreReplacedAsAWhole) {
  ResolvedConfig config = ResolveOk({
      Text("base.textproto",
           "multiprocessing_options { active_processes { ranges { start: 0 "
           "stop: 8 } process_indices: 10 } }"),
      Text("job.textproto",
           "multiprocessing_options { active_processes { process_indices: 0 "
           "process_indices: 1 } }"),
  });
  EXPECT_EQ(config.options.multiprocessing_options.active_processes->ToString(),
            "{0-1}");
  EXPECT_FALSE(config.locations.Find(
      "multiprocessing_options.active_processes.ranges[0]"));
  EXPECT_EQ(config.locations
                .Find("multiprocessing_options.active_processes."
                      "process_indices[1]")
                ->file,
            "job.textproto");
}

TEST(Resolve, ThePrimaryHostOneofIsReplacedAsAWhole) {
  ResolvedConfig all = ResolveOk({
      Text("base.textproto", "multiprocessing_options { primary_host: 3 }"),
      Text("local.textproto",
           "multiprocessing_options { all_hosts_primary {} }"),
  });
  EXPECT_EQ(all.options.multiprocessing_options.primary_host, std::nullopt);
  EXPECT_FALSE(all.locations.Find("multiprocessing_options.primary_host"));

  ResolvedConfig one = ResolveOk({
      Text("local.textproto",
           "multiprocessing_options { all_hosts_primary {} }"),
      Text("base.textproto", "multiprocessing_options { primary_host: 0 }"),
  });
  EXPECT_EQ(one.options.multiprocessing_options.primary_host, 0);
  EXPECT_FALSE(one.minimal.multiprocessing_options().has_all_hosts_primary());
}

TEST(Resolve, MergingIsTheSameAcrossFormats) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> json = ParseLayer(
      R"({"async_options": {"timeout_secs": 5}, "file_options": {"path_permission_mode": 448}})",
      Format::kJson, "b.json", {}, diagnostics);
  ASSERT_TRUE(json);
  ResolvedConfig config =
      ResolveOk({Text("a.textproto", "async_options { timeout_secs: 1 }"),
                 *json, Set("file_options.path_permission_mode=0700")});
  EXPECT_EQ(config.options.async_options.timeout_secs, 5);
  EXPECT_EQ(config.options.file_options.path_permission_mode, 0700);
  EXPECT_EQ(config.locations.Find("file_options.path_permission_mode")->file,
            "--set file_options.path_permission_mode=0700");
}

TEST(ParseSetOverride, SetsScalarsEnumsStringsListsAndMessages) {
  ResolvedConfig config = ResolveOk({
      Set("async_options.timeout_secs=42"),
      Set("async_options.create_directories_asynchronously=false"),
      Set("atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE"),
      Set("multiprocessing_options.barrier_sync_key_prefix=\"eval\""),
      Set("multiprocessing_options.active_processes={ranges {start: 4 stop: "
          "8}}"),
      Set("multiprocessing_options.primary_host=4"),
  });
  const CheckpointOptions& o = config.options;
  EXPECT_EQ(o.async_options.timeout_secs, 42);
  EXPECT_FALSE(o.async_options.create_directories_asynchronously);
  EXPECT_EQ(o.atomicity_options.mode, AtomicityMode::kCommitFile);
  EXPECT_EQ(o.multiprocessing_options.barrier_sync_key_prefix, "eval");
  EXPECT_EQ(o.multiprocessing_options.active_processes->ToString(), "{4-7}");
  EXPECT_EQ(o.multiprocessing_options.primary_host, 4);

  ResolvedConfig list = ResolveOk({
      Set("multiprocessing_options.active_processes.process_indices=[3, 1]"),
      Set("multiprocessing_options.all_hosts_primary={}"),
  });
  EXPECT_EQ(list.options.multiprocessing_options.active_processes->ToString(),
            "{1, 3}");
  EXPECT_EQ(list.options.multiprocessing_options.primary_host, std::nullopt);
}

TEST(ParseSetOverride, ReportsBadArguments) {
  struct Case {
    std::string argument;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"async_options.timeout_secs",
       "--set async_options.timeout_secs: error: expected PATH=VALUE, e.g. "
       "async_options.timeout_secs=600"},
      {"async_options.timeout=5",
       "--set async_options.timeout=5: error: async_options.timeout: unknown "
       "field: AsyncOptions has no field named \"timeout\""},
      {"async_options.timeout_secs.x=5",
       "--set async_options.timeout_secs.x=5: error: "
       "async_options.timeout_secs: is not a message; it has no fields to set"},
      {"async_options.timeout_secs=abc",
       "--set async_options.timeout_secs=abc: error: "
       "async_options.timeout_secs: expected int32 (a whole number; 0x for "
       "hex, 0 for octal), got \"abc\""},
      {"async_options.timeout_secs=5 create_directories_asynchronously: false",
       "--set async_options.timeout_secs=5 create_directories_asynchronously: "
       "false: error: async_options.timeout_secs: expected the end of the "
       "value, got \"create_directories_asynchronously\"; give one value for "
       "one field"},
      {"async_options=5",
       "--set async_options=5: error: async_options: expected an "
       "AsyncOptions message in {...}, got \"5\""},
      {"async_options={timeout_secs: x}",
       "--set async_options={timeout_secs: x}: error: "
       "async_options.timeout_secs: expected int32 (a whole number; 0x for "
       "hex, 0 for octal), got \"x\""},
      {"multiprocessing_options.active_processes={ranges {start: 1 sotp: 2}}",
       "--set multiprocessing_options.active_processes={ranges {start: 1 "
       "sotp: 2}}: error: "
       "multiprocessing_options.active_processes.ranges[0].sotp: unknown "
       "field: ProcessRange has no field named \"sotp\""},
      {"multiprocessing_options.active_processes.process_indices=[]",
       "--set multiprocessing_options.active_processes.process_indices=[]: "
       "error: multiprocessing_options.active_processes.process_indices: an "
       "empty list sets nothing; give at least one element"},
      {"multiprocessing_options.barrier_sync_key_prefix=\"a",
       "--set multiprocessing_options.barrier_sync_key_prefix=\"a: error: "
       "multiprocessing_options.barrier_sync_key_prefix: string not closed "
       "before the end of the value"},
      {"async_options.timeout_secs=",
       "--set async_options.timeout_secs=: error: async_options.timeout_secs: "
       "expected int32 (a whole number; 0x for hex, 0 for octal), got the "
       "end of the value"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.argument);
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(ParseSetOverride(c.argument, diagnostics));
    ASSERT_EQ(diagnostics.size(), 1);
    EXPECT_EQ(diagnostics[0].ToString(), c.expected);
  }
}

TEST(ParseUnsetOverride, UnsetsAFieldAsIfNoEarlierLayerHadSetIt) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> unset_timeout =
      ParseUnsetOverride("async_options.timeout_secs", diagnostics);
  std::optional<Layer> unset_primary = ParseUnsetOverride(
      "multiprocessing_options.all_hosts_primary", diagnostics);
  std::optional<Layer> unset_set = ParseOverride(
      Override::Unset("multiprocessing_options.active_processes"), diagnostics);
  ASSERT_TRUE(unset_timeout && unset_primary && unset_set)
      << ::testing::PrintToString(Lines(diagnostics));
  EXPECT_EQ(unset_timeout->name, "--unset async_options.timeout_secs");

  ResolvedConfig config = ResolveOk(
      {Text("job.textproto",
            "async_options { timeout_secs: 60 }\n"
            "multiprocessing_options { primary_host: 2 active_processes { "
            "ranges { start: 1 stop: 3 } } }"),
       *unset_timeout, *unset_primary, *unset_set});
  // Orbax's defaults: 1200 s, every process, process 0 primary (unsetting
  // either member of the oneof unsets it).
  EXPECT_EQ(config.options, CheckpointOptions{});
  EXPECT_FALSE(config.locations.Find("async_options.timeout_secs"));
  EXPECT_FALSE(config.locations.Find("multiprocessing_options.primary_host"));
  EXPECT_EQ(config.locations.Find("async_options"),
            (SourceLocation{"job.textproto", 1, 1}));

  // A later layer sets it again.
  config = ResolveOk({*unset_timeout, Set("async_options.timeout_secs=7")});
  EXPECT_EQ(config.options.async_options.timeout_secs, 7);
}

TEST(ParseUnsetOverride, RefusesAPathThatNamesNoField) {
  struct Case {
    std::string path;
    std::string expected;
  };
  const Case kCases[] = {
      {"async_options.turbo",
       "--unset async_options.turbo: error: async_options.turbo: unknown "
       "field: AsyncOptions has no field named \"turbo\""},
      {"async_options.timeout_secs.x",
       "--unset async_options.timeout_secs.x: error: "
       "async_options.timeout_secs: is not a message; it has no fields to "
       "unset"},
      {"multiprocessing_options.active_processes.ranges.stop",
       "--unset multiprocessing_options.active_processes.ranges.stop: error: "
       "multiprocessing_options.active_processes.ranges: is a repeated field; "
       "unset it whole"},
      {"\x1b[31m",
       "--unset \\x1b[31m: error: \\x1b[31m: unknown field: "
       "CheckpointOptions has no field named \"\\x1b[31m\""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.path);
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(ParseUnsetOverride(c.path, diagnostics));
    EXPECT_THAT(Lines(diagnostics), ElementsAre(c.expected));
  }
}

TEST(ParseSetOverride, CutsALongArgumentInTheLayerName) {
  const std::string value(1 << 20, 'x');
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ParseSetOverride(
      "multiprocessing_options.barrier_sync_key_prefix=\"" + value + "\"",
      diagnostics);
  ASSERT_TRUE(layer.has_value());
  EXPECT_EQ(layer->name,
            "--set multiprocessing_options.barrier_sync_key_prefix=\"" +
                std::string(200 - 49, 'x') + "... (1048626 bytes)");
}

TEST(ParseSetOverride, TakesTextFormatValuesWithAnOptionalSeparator) {
  ResolvedConfig config = ResolveOk({
      Set("async_options.timeout_secs=7;"),
      Set("async_options.create_directories_asynchronously=t, # why"),
      Set("multiprocessing_options.active_processes.ranges=[{start: 0 stop: "
          "2}, <start: 4 stop: 6>]"),
      Set("multiprocessing_options.barrier_sync_key_prefix=\"a\" 'b'"),
      Set("multiprocessing_options.all_hosts_primary={}"),
  });
  const CheckpointOptions& o = config.options;
  EXPECT_EQ(o.async_options.timeout_secs, 7);
  EXPECT_TRUE(o.async_options.create_directories_asynchronously);
  EXPECT_EQ(o.multiprocessing_options.active_processes->ToString(),
            "{0-1, 4-5}");
  EXPECT_EQ(o.multiprocessing_options.barrier_sync_key_prefix, "ab");
}

TEST(Resolve, ValidationErrorsPointAtTheSourceThatSetTheValue) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(Resolve(
      {
          Text("base.textproto",
               "async_options {\n  timeout_secs: 0\n}\nfile_options {\n  "
               "path_permission_mode: 010000\n}\n"),
          Text("job.textproto",
               "multiprocessing_options {\n  active_processes {\n    ranges "
               "{ start: 1 stop: 4 }\n  }\n}\n"),
          Set("memory_limit_options.max_transfer_concurrent_gb=-1"),
      },
      diagnostics));
  EXPECT_THAT(
      Lines(diagnostics),
      ElementsAre(
          // In source order: by layer, then line and column.
          "base.textproto:2:3: error: async_options.timeout_secs: must be > 0, "
          "got 0",
          "base.textproto:5:3: error: file_options.path_permission_mode: must "
          "be in [0, 07777], got 4096 (010000)",
          // primary_host was never set: the nearest located parent.
          "job.textproto:1:1: error: multiprocessing_options.primary_host: 0 "
          "is not in active_processes {1-3}; set primary_host to one of them, "
          "or set all_hosts_primary",
          "--set memory_limit_options.max_transfer_concurrent_gb=-1: error: "
          "memory_limit_options.max_transfer_concurrent_gb: must be > 0, got "
          "-1"));
}

TEST(Resolve, WarningsAreLocatedAndDoNotStopTheConfig) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> config = Resolve(
      {Text("job.textproto",
            "memory_limit_options {\n  max_transfer_concurrent_gb: 8\n}\n")},
      diagnostics);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->options.memory_limit_options.max_transfer_concurrent_gb, 8);
  EXPECT_THAT(
      Lines(diagnostics),
      ElementsAre("job.textproto:2:3: warning: "
                  "memory_limit_options.max_transfer_concurrent_gb: 8 is "
                  "below 14: when the PyTree handler's "
                  "save_device_host_concurrent_bytes is 'auto', Orbax's "
                  "memory regulator refuses a ceiling this low when it runs"));
}

TEST(Resolve, AnOverriddenBadValueIsNoError) {
  ResolvedConfig config = ResolveOk({
      Text("base.textproto", "async_options { timeout_secs: 0 }"),
      Set("async_options.timeout_secs=5"),
  });
  EXPECT_EQ(config.options.async_options.timeout_secs, 5);
}

// A Context merges as the other roots do: later layers win field by field,
// a set of shard axes is replaced whole, and --set / --unset take its dotted
// paths; a validation error points at the layer that set the value.
TEST(Resolve, AContextMergesAndOverridesLikeTheOtherRoots) {
  std::vector<Diagnostic> diagnostics;
  const auto text = [&](const std::string& name, const std::string& body) {
    return ParseLayer<Context>(body, Format::kText, name, {}, diagnostics)
        .value();
  };
  std::vector<BasicLayer<Context>> layers = {
      text("base.textproto",
           "array { saving { use_ocdbt: false storage_options { shard_axes { "
           "axes: [0, 1] } } } }\nmemory { read_concurrent_bytes: 8 }"),
      text("run.textproto",
           "array { saving { storage_options { shard_axes { axes: 2 } } } }"),
      ParseSetOverride<Context>("checkpoint_layout=CHECKPOINT_LAYOUT_AUTO",
                                diagnostics)
          .value(),
      ParseUnsetOverride<Context>("memory.read_concurrent_bytes", diagnostics)
          .value()};
  std::optional<BasicResolvedConfig<Context>> config =
      Resolve(layers, diagnostics);
  ASSERT_TRUE(config) << ::testing::PrintToString(Lines(diagnostics));
  EXPECT_THAT(diagnostics, IsEmpty());
  Context expected;
  expected.array.saving.use_ocdbt = false;
  expected.array.saving.storage_options.shard_axes = ShardAxes{{2}};
  expected.checkpoint_layout = CheckpointLayout::kAuto;
  EXPECT_EQ(config->options, expected);

  layers.push_back(
      ParseSetOverride<Context>("memory.write_concurrent_bytes=0", diagnostics)
          .value());
  EXPECT_FALSE(Resolve(layers, diagnostics));
  EXPECT_THAT(Lines(diagnostics),
              ElementsAre("--set memory.write_concurrent_bytes=0: error: "
                          "memory.write_concurrent_bytes: must be > 0 (unset "
                          "for Orbax's default), got 0: Orbax raises "
                          "ValueError for it when it saves or loads"));
}

TEST(LoadConfig, ReportsEverySourceNotJustTheFirst) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(LoadConfig({"/nonexistent/a.textproto", "b.yaml"},
                          {Override::Set("bogus=1")}, std::nullopt, {},
                          diagnostics));
  EXPECT_THAT(
      Lines(diagnostics),
      ElementsAre("/nonexistent/a.textproto: error: cannot open: No such file "
                  "or directory",
                  "b.yaml: error: cannot tell the format from the file name; "
                  "expected .textproto, .txtpb, .pbtxt, .json, .binpb or .pb, "
                  "or give the format explicitly",
                  "--set bogus=1: error: bogus: unknown field: "
                  "CheckpointOptions has no field named \"bogus\""));
  EXPECT_TRUE(HasReadErrors(diagnostics));
}

}  // namespace
}  // namespace orbax::checkpoint::options
