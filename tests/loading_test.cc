// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/loading.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/types.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics) lines.push_back(d.ToString());
  return lines;
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string base = dir != nullptr ? dir : ::testing::TempDir();
  if (!base.empty() && base.back() != '/') base += '/';
  return base + name;
}

std::string WriteFile(const std::string& name, const std::string& contents) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(ParseLayer, TextRecordsWhatWasSetAndWhere) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ParseLayer(
      "async_options {\n"
      "  timeout_secs: 1200\n"
      "}\n"
      "multiprocessing_options {\n"
      "  active_processes {\n"
      "    ranges { start: 0 stop: 4 }\n"
      "    process_indices: 9\n"
      "  }\n"
      "}\n",
      Format::kText, "cfg.textproto", {}, diagnostics);
  ASSERT_TRUE(layer.has_value())
      << ::testing::PrintToString(Lines(diagnostics));
  EXPECT_THAT(diagnostics, IsEmpty());
  EXPECT_EQ(layer->name, "cfg.textproto");
  // Minimal form: a default written explicitly counts as set.
  EXPECT_TRUE(layer->message.async_options().has_timeout_secs());
  EXPECT_FALSE(
      layer->message.async_options().has_create_directories_asynchronously());
  EXPECT_FALSE(layer->message.has_file_options());
  const FieldLocations& at = layer->locations;
  EXPECT_EQ(at.Find("async_options"), (SourceLocation{"cfg.textproto", 1, 1}));
  EXPECT_EQ(at.Find("async_options.timeout_secs"),
            (SourceLocation{"cfg.textproto", 2, 3}));
  EXPECT_EQ(at.Find("multiprocessing_options.active_processes"),
            (SourceLocation{"cfg.textproto", 5, 3}));
  EXPECT_EQ(at.Find("multiprocessing_options.active_processes.ranges[0]"),
            (SourceLocation{"cfg.textproto", 6, 5}));
  // Inside an element, everything is located at the element.
  EXPECT_EQ(at.Find("multiprocessing_options.active_processes.ranges[0].stop"),
            (SourceLocation{"cfg.textproto", 6, 5}));
  EXPECT_EQ(
      at.Find("multiprocessing_options.active_processes.process_indices[0]"),
      (SourceLocation{"cfg.textproto", 7, 5}));
}

TEST(ParseLayer, JsonRecordsWhatWasSetAndWhere) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ParseLayer(
      "{\n"
      "  \"async_options\": {\"timeout_secs\": 60},\n"
      "  \"multiprocessing_options\": {\n"
      "    \"activeProcesses\": {\"processIndices\": [3, 1]},\n"
      "    \"all_hosts_primary\": {}\n"
      "  },\n"
      "  \"file_options\": null\n"
      "}\n",
      Format::kJson, "cfg.json", {}, diagnostics);
  ASSERT_TRUE(layer.has_value())
      << ::testing::PrintToString(Lines(diagnostics));
  EXPECT_EQ(layer->message.async_options().timeout_secs(), 60);
  EXPECT_TRUE(layer->message.multiprocessing_options().has_all_hosts_primary());
  EXPECT_FALSE(layer->message.has_file_options());  // null is unset.
  const FieldLocations& at = layer->locations;
  EXPECT_EQ(at.Find("async_options.timeout_secs"),
            (SourceLocation{"cfg.json", 2, 21}));
  // lowerCamelCase keys are recorded under the schema's names.
  EXPECT_EQ(at.Find("multiprocessing_options.active_processes"),
            (SourceLocation{"cfg.json", 4, 5}));
  EXPECT_EQ(
      at.Find("multiprocessing_options.active_processes.process_indices[1]"),
      (SourceLocation{"cfg.json", 4, 47}));
  EXPECT_EQ(at.Find("multiprocessing_options.all_hosts_primary"),
            (SourceLocation{"cfg.json", 5, 5}));
  EXPECT_FALSE(at.Find("file_options"));
}

TEST(ParseLayer, BinaryKeepsUnknownFieldsAndReportsThemOnRequest) {
  v1::CheckpointOptions message;
  message.mutable_async_options()->set_timeout_secs(5);
  std::string bytes = message.SerializeAsString();
  bytes += std::string("\xa8\x06\x07", 3);  // Field 101, varint 7.

  std::vector<Diagnostic> quiet;
  std::optional<Layer> layer =
      ParseLayer(bytes, Format::kBinary, "new.binpb", {}, quiet);
  ASSERT_TRUE(layer.has_value());
  EXPECT_THAT(quiet, IsEmpty());
  EXPECT_EQ(layer->message.async_options().timeout_secs(), 5);
  EXPECT_EQ(layer->message.GetReflection()
                ->GetUnknownFields(layer->message)
                .field_count(),
            1);
  EXPECT_EQ(layer->locations.Find("async_options.timeout_secs"),
            (SourceLocation{"new.binpb", 0, 0}));

  std::vector<Diagnostic> reported;
  LoadOptions options;
  options.report_unknown_fields = true;
  ASSERT_TRUE(
      ParseLayer(bytes, Format::kBinary, "new.binpb", options, reported));
  EXPECT_THAT(Lines(reported),
              ElementsAre("new.binpb: warning: unknown field number 101, "
                          "kept; perhaps from a newer writer"));
}

TEST(ParseLayer, BinaryReportsNestedUnknownFieldsWithTheirPath) {
  std::string inner = std::string("\x08\x05", 2) +  // timeout_secs: 5
                      std::string("\x78\x01", 2);   // field 15: 1
  std::string bytes = std::string("\x0a", 1) + char(inner.size()) + inner;
  LoadOptions options;
  options.report_unknown_fields = true;
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(ParseLayer(bytes, Format::kBinary, "x.pb", options, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].path, "async_options");
  EXPECT_THAT(diagnostics[0].message, HasSubstr("unknown field number 15"));
}

TEST(ParseLayer, BrokenBinaryIsAnError) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ParseLayer(std::string("\x0a\x05\x08", 3), Format::kBinary,
                          "bad.binpb", {}, diagnostics));
  // Field 1 (async_options) says 5 bytes follow; 1 does.
  EXPECT_THAT(Lines(diagnostics),
              ElementsAre("bad.binpb: error: async_options: not a valid "
                          "binary CheckpointOptions message (3 bytes): the "
                          "field at byte 0 is cut short (truncated data?)"));
}

struct BadInput {
  std::string name;
  Format format;
  std::string text;
  std::string expected;  // The whole first diagnostic, or a prefix of it.
};

TEST(ParseLayer, ErrorsNameFileLineColumnAndField) {
  const std::vector<BadInput> cases = {
      {"t.textproto", Format::kText,
       "async_options {\n  timeout_secs: 3\n  bogus: 1\n}\n",
       "t.textproto:3:3: error: async_options.bogus: unknown field: "
       "AsyncOptions has no field named \"bogus\""},
      {"t.textproto", Format::kText,
       "multiprocessing_options {\n  active_processes {\n    ranges { start: "
       "1 sotp: 3 }\n  }\n}\n",
       "t.textproto:3:23: error: "
       "multiprocessing_options.active_processes.ranges[0].sotp: unknown "
       "field: ProcessRange has no field named \"sotp\""},
      {"t.textproto", Format::kText,
       "async_options {\n  timeout_secs: abc\n}\n",
       "t.textproto:2:17: error: async_options.timeout_secs: expected int32 (a "
       "whole number; 0x for hex, 0 for octal), got \"abc\""},
      {"t.textproto", Format::kText,
       "async_options {\n\ttimeout_secs: 99999999999\n}\n",
       "t.textproto:2:23: error: async_options.timeout_secs: 99999999999 is "
       "out "
       "of range for int32 (-2147483648 to 2147483647)"},
      {"t.textproto", Format::kText,
       "async_options {\n  timeout_secs: 1\n  timeout_secs: 2\n}\n",
       "t.textproto:3:3: error: async_options.timeout_secs: given more than "
       "once; first at 2:3"},
      {"t.textproto", Format::kText, "async_options {\n  timeout_secs: 1\n",
       "t.textproto:3:1: error: async_options: expected a field name or \"}\" "
       "to close the message opened at 1:15, got the end of the input"},
      {"j.json", Format::kJson,
       "{\n  \"async_options\": {\n    \"bogus\": 1\n  }\n}",
       "j.json:3:5: error: async_options.bogus: unknown field: AsyncOptions "
       "has no field named \"bogus\""},
      {"j.json", Format::kJson,
       "{\n  \"file_options\": {\n    \"path_permission_mode\": \"rwx\"\n  "
       "}\n}",
       "j.json:3:29: error: file_options.path_permission_mode: expected int32 "
       "(a whole number, or a string of digits), got \"rwx\""},
      {"j.json", Format::kJson,
       "{\"async_options\": {\"timeout_secs\": 1,\n \"timeout_secs\": 2}}",
       "j.json:2:2: error: async_options.timeout_secs: given more than once; "
       "first at 1:20"},
      {"j.json", Format::kJson,
       "{\"multiprocessing_options\": {\n  \"primary_host\": 1,\n  "
       "\"all_hosts_primary\": {}}}",
       "j.json:3:3: error: multiprocessing_options.all_hosts_primary: "
       "conflicts with primary_host: both are members of oneof \"primary\"; "
       "set only one"},
      {"j.json", Format::kJson,
       "{\n  \"async_options\": {\n    \"timeout_secs\" 5",
       "j.json:3:20: error: async_options.timeout_secs: expected ':' after "
       "the field name, got '5'"},
      {"j.json", Format::kJson, "{\"async_options\": {}} x",
       "j.json:1:23: error: unexpected 'x' after the end of the JSON object"},
      {"j.json", Format::kJson, "",
       "j.json:1:1: error: empty input; expected "
       "a JSON object"},
      {"j.json", Format::kJson, "{\"a\n\": 1}",
       "j.json:1:4: error: control character byte 0x0a in a string; "
       "escape it"},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.text);
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(ParseLayer(c.text, c.format, c.name, {}, diagnostics));
    ASSERT_FALSE(diagnostics.empty());
    EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(diagnostics[0].ToString().substr(0, c.expected.size()),
              c.expected);
  }
}

TEST(ParseLayer, JsonReportsUnknownFieldsAndBadValuesInOnePass) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(
      ParseLayer("{\"async_options\": {\"bogus\": 1},\n"
                 " \"file_options\": {\"path_permission_mode\": \"x\"}}",
                 Format::kJson, "j.json", {}, diagnostics));
  EXPECT_THAT(
      Lines(diagnostics),
      ElementsAre("j.json:1:20: error: async_options.bogus: unknown field: "
                  "AsyncOptions has no field named \"bogus\"",
                  "j.json:2:43: error: file_options.path_permission_mode: "
                  "expected int32 (a whole number, or a string of digits), "
                  "got \"x\""));
}

TEST(ParseLayer, AllowUnknownFieldsWarnsInsteadOfFailing) {
  LoadOptions options;
  options.allow_unknown_fields = true;
  {
    std::vector<Diagnostic> diagnostics;
    std::optional<Layer> layer =
        ParseLayer("async_options {\n  future_knob: 3\n  timeout_secs: 7\n}\n",
                   Format::kText, "t.textproto", options, diagnostics);
    ASSERT_TRUE(layer.has_value());
    EXPECT_EQ(layer->message.async_options().timeout_secs(), 7);
    EXPECT_THAT(Lines(diagnostics),
                ElementsAre("t.textproto:2:3: warning: "
                            "async_options.future_knob: unknown field "
                            "ignored: AsyncOptions has no field named "
                            "\"future_knob\""));
  }
  {
    std::vector<Diagnostic> diagnostics;
    std::optional<Layer> layer = ParseLayer(
        "{\"async_options\": {\"future_knob\": {\"x\": [1]}, "
        "\"timeout_secs\": 7}}",
        Format::kJson, "j.json", options, diagnostics);
    ASSERT_TRUE(layer.has_value());
    EXPECT_EQ(layer->message.async_options().timeout_secs(), 7);
    EXPECT_THAT(Lines(diagnostics),
                ElementsAre("j.json:1:20: warning: async_options.future_knob: "
                            "unknown field ignored: AsyncOptions has no field "
                            "named \"future_knob\""));
  }
}

TEST(ParseLayer, RefusesInputOverTheSizeLimit) {
  LoadOptions options;
  options.max_input_bytes = 16;
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ParseLayer("async_options { timeout_secs: 5 }", Format::kText,
                          "big.textproto", options, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(diagnostics[0].ToString(),
            "big.textproto: error: input is 33 bytes, over the limit of 16 "
            "bytes; refusing to read it");
}

TEST(ParseLayer, NestingDepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "[";
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ParseLayer("{\"a\": " + deep, Format::kJson, "deep.json", {},
                          diagnostics));
  EXPECT_THAT(diagnostics,
              Contains(Field(&Diagnostic::message,
                             HasSubstr("nested more than 100 levels"))));
}

TEST(ParseLayer, WritesNothingToStderr) {
  ::testing::internal::CaptureStderr();
  std::vector<Diagnostic> diagnostics;
  (void)ParseLayer("async_options { bogus: 1 }", Format::kText, "t", {},
                   diagnostics);
  (void)ParseLayer("{\"async_options\": {\"timeout_secs\": 1.5}}",
                   Format::kJson, "j", {}, diagnostics);
  (void)ParseLayer("\xff\xff\xff", Format::kBinary, "b", {}, diagnostics);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(diagnostics.size(), 3);
}

TEST(ReadLayer, PicksTheFormatByExtension) {
  const std::string text =
      WriteFile("pick.txtpb", "async_options { timeout_secs: 11 }");
  const std::string json =
      WriteFile("pick.json", "{\"async_options\": {\"timeout_secs\": 12}}");
  v1::CheckpointOptions message;
  message.mutable_async_options()->set_timeout_secs(13);
  const std::string binary =
      WriteFile("pick.binpb", message.SerializeAsString());
  std::vector<Diagnostic> diagnostics;
  EXPECT_EQ(ReadLayer(text, std::nullopt, {}, diagnostics)
                ->message.async_options()
                .timeout_secs(),
            11);
  EXPECT_EQ(ReadLayer(json, std::nullopt, {}, diagnostics)
                ->message.async_options()
                .timeout_secs(),
            12);
  EXPECT_EQ(ReadLayer(binary, std::nullopt, {}, diagnostics)
                ->message.async_options()
                .timeout_secs(),
            13);
  EXPECT_THAT(diagnostics, IsEmpty());
}

TEST(ReadLayer, AnExplicitFormatOverridesTheExtension) {
  const std::string path =
      WriteFile("explicit.cfg", "{\"async_options\": {\"timeout_secs\": 9}}");
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ReadLayer(path, Format::kJson, {}, diagnostics);
  ASSERT_TRUE(layer.has_value());
  EXPECT_EQ(layer->message.async_options().timeout_secs(), 9);
  EXPECT_EQ(layer->name, path);
}

TEST(ReadLayer, ReportsWhyAFileCannotBeRead) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(
      ReadLayer(TempPath("missing.textproto"), std::nullopt, {}, diagnostics));
  EXPECT_FALSE(
      ReadLayer(WriteFile("what.yaml", "a: 1"), std::nullopt, {}, diagnostics));
  EXPECT_FALSE(ReadLayer("-", std::nullopt, {}, diagnostics));
  ASSERT_EQ(diagnostics.size(), 3);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kNotFound);
  EXPECT_THAT(diagnostics[0].ToString(),
              HasSubstr("missing.textproto: error: cannot open: "));
  EXPECT_EQ(diagnostics[1].code, absl::StatusCode::kUnimplemented);
  EXPECT_THAT(diagnostics[1].message,
              HasSubstr("cannot tell the format from the file name"));
  EXPECT_EQ(diagnostics[2].code, absl::StatusCode::kUnimplemented);
  EXPECT_THAT(diagnostics[2].ToString(),
              HasSubstr("-: error: standard input needs its format"));
  EXPECT_TRUE(HasReadErrors(diagnostics));
}

TEST(ReadLayer, RefusesADirectory) {
  const std::string path = TempPath("dir.json");
  std::filesystem::create_directories(path);
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ReadLayer(path, std::nullopt, {}, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(diagnostics[0].ToString(),
            path + ": error: is a directory, not a config file");
}

TEST(ReadLayer, RefusesAnOversizedFileByItsSizeBeforeReadingIt) {
  // A sparse file of 64 MiB + 1 byte: refused by fstat, never read.
  const std::string path = TempPath("huge.textproto");
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, kDefaultMaxInputBytes + 1), 0);
  close(fd);
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(ReadLayer(path, std::nullopt, {}, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].code, absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(diagnostics[0].message,
            "input is 67108865 bytes, over the limit of 67108864 bytes; "
            "refusing to read it");
  std::remove(path.c_str());
}

TEST(LoadFromString, ValidatesAndLocates) {
  absl::StatusOr<CheckpointOptions> options = LoadFromString(
      "{\"async_options\": {\"timeout_secs\": 60}}", Format::kJson);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->async_options.timeout_secs, 60);

  EXPECT_THAT(
      LoadFromString("async_options {\n  timeout_secs: 0\n}", Format::kText),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "<string>:2:3: error: async_options.timeout_secs: "
               "must be > 0, got 0"));
}

// LoadFromString() first tries a fast parse without locations and falls back
// to the located path (ParseLayer + Resolve) on any problem; the two must
// accept the same inputs, give the same options, and fail with the same
// located errors.
TEST(LoadFromString, AgreesWithTheLocatedPath) {
  struct Case {
    std::string input;
    Format format;
    LoadOptions options;
  };
  LoadOptions allow_unknown;
  allow_unknown.allow_unknown_fields = true;
  LoadOptions tiny;
  tiny.max_input_bytes = 8;
  const std::vector<Case> cases = {
      {"async_options { timeout_secs: 60 }", Format::kText, {}},
      {"async_options { timeout_secs: 0 }", Format::kText, {}},
      {"async_options { timeout_secs: 1 timeout_secs: 2 }", Format::kText, {}},
      {"async_options { timeout_secs: }", Format::kText, {}},
      {"async_options { nope: 1 }", Format::kText, {}},
      {"async_options { nope: 1 }", Format::kText, allow_unknown},
      {"atomicity_options { mode: NOT_A_MODE }", Format::kText, {}},
      {"async_options { timeout_secs: 60 }", Format::kText, tiny},
      {"{\"async_options\": {\"timeout_secs\": 60}}", Format::kJson, {}},
      {"{\"asyncOptions\": {\"timeoutSecs\": 5}}", Format::kJson, {}},
      {"{\"async_options\": {\"timeout_secs\": -1}}", Format::kJson, {}},
      {"{\"async_options\": {\"timeout_secs\": 1, \"timeout_secs\": 2}}",
       Format::kJson,
       {}},
      {"{\"multiprocessing_options\": {\"primary_host\": 1, "
       "\"all_hosts_primary\": {}}}",
       Format::kJson,
       {}},
      {"{\"async_options\": {\"nope\": 1}}", Format::kJson, {}},
      {"{\"async_options\": {\"nope\": 1}}", Format::kJson, allow_unknown},
      {"{\"async_options\": {\"timeout_secs\": \"x\"}}", Format::kJson, {}},
      {"{\"async_options\": ", Format::kJson, {}},
      {"\x0a\x02\x08\x3c", Format::kBinary, {}},
      {"\x0a\x05\x08", Format::kBinary, {}},
      // timeout_secs: 10199842815, which protobuf's parser cuts to 32 bits.
      {std::string("\x0a\x07\x08\xff\xff\xd4\xff\xa5\x00", 9),
       Format::kBinary,
       {}},
      // timeout_secs: -1, sign-extended to 10 bytes: fits, and is invalid.
      {"\x0a\x0b\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
       Format::kBinary,
       {}},
      // multiprocessing_options { all_hosts_primary { a group } primary_host:
      // 3 }: switching the oneof discards the group, which the located path
      // refuses all the same, as it refuses every group.
      {std::string("\x12\x06\x12\x02\x2b\x2c\x08\x03", 8),
       Format::kBinary,
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    const absl::StatusOr<CheckpointOptions> quick =
        LoadFromString(c.input, c.format, c.options);
    std::vector<Diagnostic> diagnostics;
    std::optional<Layer> layer =
        ParseLayer(c.input, c.format, "<string>", c.options, diagnostics);
    std::optional<ResolvedConfig> located;
    if (layer) located = Resolve({*std::move(layer)}, diagnostics);
    if (located) {
      ASSERT_TRUE(quick.ok()) << quick.status();
      EXPECT_EQ(EffectiveBytes(*quick), EffectiveBytes(located->options));
    } else {
      EXPECT_EQ(quick.status(), DiagnosticsToStatus(diagnostics));
      EXPECT_FALSE(quick.ok());
    }
  }
}

// The same, for a `CheckpointManagerOptions`: its rules, its warnings
// (which don't fail a load), its required policy fields, and unknown fields
// deep inside a policy, which only the located path can tell apart.
TEST(LoadFromString, AgreesWithTheLocatedPathForTheManager) {
  v1::CheckpointManagerOptions future;
  auto* latest = future.mutable_preservation_policy()
                     ->mutable_any()
                     ->add_policies()
                     ->mutable_latest_n();
  latest->GetReflection()->MutableUnknownFields(latest)->AddVarint(1000, 7);
  future.mutable_preservation_policy()->mutable_any()->mutable_policies(0)
      ->mutable_latest_n()->set_n(3);
  const std::vector<std::pair<std::string, Format>> cases = {
      {"save_interval_steps: 1000 max_to_keep: 5", Format::kText},
      {"max_to_keep: -1", Format::kText},
      {"read_only: true max_to_keep: 3", Format::kText},
      {"save_decision_policy { fixed_interval {} }", Format::kText},
      {"save_decision_policy { }", Format::kText},
      {"save_on_steps { ranges { start: 5 stop: 1 } }", Format::kText},
      {"keep_time_interval { seconds: 1 nanos: 1 }", Format::kText},
      {"{\"preservation_policy\": {\"any\": {\"policies\": []}}}",
       Format::kJson},
      {"{\"keep_time_interval\": \"1.5s\"}", Format::kJson},
      {"{\"best_mode\": \"BEST_MODE_MIN\"}", Format::kJson},
      {future.SerializeAsString(), Format::kBinary},
      // step_format_fixed_length (int32): 272678883688447.
      {std::string("\x3a\x00\x40\xff\xff\xff\xff\xff\xff\x3d", 10),
       Format::kBinary},
      // max_to_keep (int64): 2^40, which fits.
      {std::string("\x10\x80\x80\x80\x80\x80\x20", 7), Format::kBinary},
      // preservation_policy { best_n { reverse sent as a string } } and then
      // preservation_policy { latest_n { n: 2 } }: switching the oneof
      // discards the field with the wrong wire type, which the located path
      // refuses all the same (found by fuzz_load_manager_binpb).
      {std::string("\xca\x01\x04\x3a\x02\x0a\x00"
                   "\xca\x01\x04\x12\x02\x08\x02", 14),
       Format::kBinary},
  };
  for (const auto& [input, format] : cases) {
    SCOPED_TRACE(input);
    const absl::StatusOr<CheckpointManagerOptions> quick =
        LoadFromString<CheckpointManagerOptions>(input, format);
    std::vector<Diagnostic> diagnostics;
    auto layer = ParseLayer<CheckpointManagerOptions>(input, format,
                                                      "<string>", {},
                                                      diagnostics);
    std::optional<BasicResolvedConfig<CheckpointManagerOptions>> located;
    if (layer) {
      located = Resolve<CheckpointManagerOptions>({*std::move(layer)},
                                                  diagnostics);
    }
    if (located) {
      ASSERT_TRUE(quick.ok()) << quick.status();
      EXPECT_EQ(*quick, located->options);
      EXPECT_EQ(EffectiveBytes(*quick), EffectiveBytes(located->options));
    } else {
      EXPECT_FALSE(quick.ok());
      EXPECT_EQ(quick.status(), DiagnosticsToStatus(diagnostics));
    }
  }
  // The binary message with a field from the future loads, its known
  // fields read.
  const absl::StatusOr<CheckpointManagerOptions> loaded =
      LoadFromString<CheckpointManagerOptions>(future.SerializeAsString(),
                                               Format::kBinary);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->preservation_policy,
            (PreservationPolicy{AnyPreservationPolicy{{
                PreservationPolicy{LatestN{3}}}}}));
}

TEST(LoadFromString, ManagerErrorsNameFileLineColumnFieldRuleAndValue) {
  EXPECT_THAT(
      LoadFromString<CheckpointManagerOptions>(
          "save_decision_policy {\n  fixed_interval { interval: 0 }\n}\n",
          Format::kText),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("<string>:2:20: error: "
                         "save_decision_policy.fixed_interval.interval: "
                         "must not be 0")));
}

TEST(FormatFromPath, KnowsEveryExtension) {
  EXPECT_EQ(FormatFromPath("a.textproto"), Format::kText);
  EXPECT_EQ(FormatFromPath("dir.json/a.txtpb"), Format::kText);
  EXPECT_EQ(FormatFromPath("a.pbtxt"), Format::kText);
  EXPECT_EQ(FormatFromPath("a.json"), Format::kJson);
  EXPECT_EQ(FormatFromPath("a.binpb"), Format::kBinary);
  EXPECT_EQ(FormatFromPath("a.pb"), Format::kBinary);
  EXPECT_EQ(FormatFromPath("a.yaml"), std::nullopt);
  EXPECT_EQ(FormatFromPath("-"), std::nullopt);
  EXPECT_EQ(FormatFromPath(".json"), std::nullopt);
  EXPECT_EQ(FormatFromPath("json"), std::nullopt);
  for (Format f : {Format::kText, Format::kJson, Format::kBinary}) {
    EXPECT_EQ(ParseFormatName(FormatName(f)), f);
  }
  EXPECT_EQ(ParseFormatName("yaml"), std::nullopt);
}

TEST(Diagnostic, PrintsGccStyle) {
  Diagnostic d;
  d.location = {"a.textproto", 3, 5};
  d.path = "async_options.timeout_secs";
  d.message = "must be > 0, got 0";
  EXPECT_EQ(d.ToString(),
            "a.textproto:3:5: error: async_options.timeout_secs: must be > 0, "
            "got 0");
  d.location.line = 0;
  d.severity = Diagnostic::Severity::kWarning;
  EXPECT_EQ(d.ToString(),
            "a.textproto: warning: async_options.timeout_secs: must be > 0, "
            "got 0");
  d.path.clear();
  d.location.file.clear();
  EXPECT_EQ(d.ToString(), "warning: must be > 0, got 0");
}

}  // namespace
}  // namespace orbax::checkpoint::options
