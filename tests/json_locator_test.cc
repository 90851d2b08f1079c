// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/json_locator.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/schema.h"

namespace orbax::checkpoint::options::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

bool Locate(const std::string& json, FieldLocations& locations,
            std::vector<Diagnostic>& diagnostics, bool allow = false) {
  return LocateJsonFields(json, v1::CheckpointOptions::descriptor(), "f", allow,
                          &locations, diagnostics);
}

TEST(LocateJsonFields, RecordsKeysAndElementsUnderSchemaNames) {
  FieldLocations at;
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(Locate(
      "{\"multiprocessingOptions\": {\n"
      "\t\"active_processes\": {\"ranges\": [{\"start\": 1, \"stop\": 2},\n"
      "    {\"stop\": 9}], \"process_indices\": []},\n"
      "  \"barrier_sync_key_prefix\": \"a\\\"b\\u00e9\"}}",
      at, diagnostics));
  EXPECT_THAT(diagnostics, IsEmpty());
  const std::pair<std::string, SourceLocation> kExpected[] = {
      {"multiprocessing_options", {"f", 1, 2}},
      {"multiprocessing_options.active_processes", {"f", 2, 9}},
      {"multiprocessing_options.active_processes.process_indices",
       {"f", 3, 19}},
      {"multiprocessing_options.active_processes.ranges", {"f", 2, 30}},
      {"multiprocessing_options.active_processes.ranges[0]", {"f", 2, 41}},
      {"multiprocessing_options.active_processes.ranges[0].stop", {"f", 2, 41}},
      {"multiprocessing_options.active_processes.ranges[1]", {"f", 3, 5}},
      {"multiprocessing_options.barrier_sync_key_prefix", {"f", 4, 3}},
  };
  for (const auto& [path, where] : kExpected) {
    EXPECT_EQ(at.Find(path), where) << path;
  }
}

TEST(LocateJsonFields, SyntaxErrorsStopTheWalkWithAPosition) {
  struct Case {
    std::string json;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"[1]", "f:1:1: error: expected a JSON object, got '['"},
      {"{\"async_options\": {,}}",
       "f:1:20: error: async_options: expected a field name in quotes, got "
       "','"},
      {"{\"async_options\": tru}",
       "f:1:19: error: async_options: invalid JSON value 'tru'"},
      {"{\"async_options\": 01}",
       "f:1:19: error: async_options: invalid JSON value '01'"},
      {"{\"async_options\": \"\\q\"}",
       "f:1:20: error: async_options: invalid escape \\q"},
      {"{\"async_options\": {}\n\"file_options\": {}}",
       "f:2:1: error: expected ',' or '}', got '\"'"},
      {"{\"a\": [1, 2",
       "f:1:12: error: a: unexpected end of input; "
       "expected ',' or ']'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    FieldLocations at;
    std::vector<Diagnostic> diagnostics;
    EXPECT_FALSE(Locate(c.json, at, diagnostics));
    ASSERT_FALSE(diagnostics.empty());
    EXPECT_EQ(diagnostics.back().ToString(), c.expected);
  }
}

TEST(LocateJsonFields, UnknownFieldsAreErrorsOrWarningsAndTheWalkGoesOn) {
  for (bool allow : {false, true}) {
    SCOPED_TRACE(allow);
    FieldLocations at;
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(Locate("{\"x\": {\"y\": [1]}, \"async_options\": {\"z\": 1}}",
                       at, diagnostics, allow));
    ASSERT_EQ(diagnostics.size(), 2);
    EXPECT_EQ(diagnostics[0].path, "x");
    EXPECT_EQ(diagnostics[1].path, "async_options.z");
    EXPECT_EQ(diagnostics[1].location, (SourceLocation{"f", 1, 37}));
    EXPECT_EQ(diagnostics[1].severity, allow ? Diagnostic::Severity::kWarning
                                             : Diagnostic::Severity::kError);
    EXPECT_FALSE(at.Find("x"));
  }
}

TEST(LocateJsonFields, EscapedKeysAndEnumNamesAreDecodedFirst) {
  FieldLocations at;
  std::vector<Diagnostic> diagnostics;
  // `\u005f` is '_', `\/` is '/'.
  ASSERT_TRUE(
      Locate("{\"atomicity\\u005foptions\": {\"mode\": "
             "\"ATOMICITY_MODE\\u005fAUTO\"},\n"
             " \"file\\u005foptions\": {\"a\\/b\": 1}}",
             at, diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].ToString(),
            "f:2:24: error: file_options.a/b: unknown field: FileOptions has "
            "no field named \"a/b\"");
  EXPECT_EQ(at.Find("atomicity_options.mode"), (SourceLocation{"f", 1, 29}));

  diagnostics.clear();
  ASSERT_TRUE(Locate(
      "{\"atomicity_options\": {\"mode\": \"ATOMICITY_MODE_\\u0041UTOX\"}}", at,
      diagnostics));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].ToString(),
            "f:1:32: error: atomicity_options.mode: unknown AtomicityMode name "
            "\"ATOMICITY_MODE_AUTOX\"; this version knows "
            "ATOMICITY_MODE_UNSPECIFIED, ATOMICITY_MODE_AUTO, "
            "ATOMICITY_MODE_COMMIT_FILE, ATOMICITY_MODE_ATOMIC_RENAME");
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
