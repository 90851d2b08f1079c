// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The JSON parser (internal/json_parser.h): what it reads into the message,
// where it records each field, and the exact diagnostics for what it refuses
// (code, file:line:col, path and message). The cases where Python's
// json_format is more lenient are tests/python/json_differential_test.py's.

#include "orbax/checkpoint/options/internal/json_parser.h"

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax_options/testing/json_types.pb.h"
#include "orbax_options/testing/closed_enum.pb.h"

namespace orbax::checkpoint::options::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::SizeIs;

struct Parsed {
  bool ok = false;
  FieldLocations locations;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> lines;  // Each diagnostic's ToString().
};

// Parses `json` into `message` as the source "f.json", with locations.
Parsed Parse(const std::string& json, google::protobuf::Message& message,
             bool allow_unknown = false) {
  Parsed out;
  ParseContext context("f.json", allow_unknown, &out.locations,
                       out.diagnostics);
  out.ok = ParseJson(json, message, context);
  context.Finish();
  for (const Diagnostic& d : out.diagnostics) out.lines.push_back(d.ToString());
  return out;
}

// Whether the check-only mode (no locations) accepts `json`, and builds the
// same message.
bool CheckOnly(const std::string& json, google::protobuf::Message& message,
               bool allow_unknown = false) {
  std::vector<Diagnostic> diagnostics;
  ParseContext context("f.json", allow_unknown, nullptr, diagnostics);
  const bool ok = ParseJson(json, message, context);
  for (const Diagnostic& d : diagnostics) EXPECT_EQ(d.path, "") << d;
  return ok;
}

template <typename M>
M FromText(const std::string& text) {
  M message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// --- what is read ------------------------------------------------------------

struct ReadCase {
  std::string json;
  std::string expected;  // The message, in text format.
};

TEST(ParseJson, ReadsEveryKindOfFieldAsProto3JsonDoes) {
  const std::vector<ReadCase> cases = {
      {R"({})", ""},
      {R"({"i32": -2147483648, "i64": "-9223372036854775808",
           "u32": 4294967295, "u64": "18446744073709551615", "s32": -5,
           "s64": 9007199254740993, "f32": 7, "f64": "8", "sf32": -9,
           "sf64": -10})",
       "i32: -2147483648 i64: -9223372036854775808 u32: 4294967295 "
       "u64: 18446744073709551615 s32: -5 s64: 9007199254740993 f32: 7 f64: 8 "
       "sf32: -9 sf64: -10"},
      // Whole numbers however written; digit strings are decimal.
      {R"({"i32": 1e2, "i64": 1.0, "u32": "0750", "s32": -0.0,
           "sf32": 1.50e1, "u64": 9007199254740992.0, "f32": "-0"})",
       "i32: 100 i64: 1 u32: 750 s32: 0 sf32: 15 u64: 9007199254740992 f32: "
       "0"},
      {R"({"flag": true, "text": "a\"\u00e9\ud83d\ude00\u0000b",
           "data": "AP8-_w"})",
       "flag: true text: \"a\\\"\\303\\251\\360\\237\\230\\200\\000b\" "
       "data: \"\\000\\377>\\377\""},
      {R"({"data": "AP+/+w=="})", "data: \"\\000\\377\\277\\373\""},
      {R"({"real32": 1.5, "real64": "-2.5e-3"})",
       "real32: 1.5 real64: -0.0025"},
      {R"({"real32": "NaN", "real64": "-Infinity"})",
       "real32: nan real64: -inf"},
      // Enums by name or number; open enums keep unknown numbers.
      {R"({"color": "COLOR_RED", "colors": [2, "COLOR_GREEN", 7, 1.0]})",
       "color: COLOR_RED colors: [COLOR_GREEN, COLOR_GREEN, 7, COLOR_RED]"},
      {R"({"child": {"child": {"i32": 3}}, "children": [{}, {"text": "x"}],
           "manyI64": ["1", 2], "tags": []})",
       "child { child { i32: 3 } } children {} children { text: \"x\" } "
       "many_i64: [1, 2]"},
      {R"({"timeout": "1.5s", "timeouts": ["-0.000000001s", "315576000000s",
           "0s", "-3s"]})",
       "timeout { seconds: 1 nanos: 500000000 } "
       "timeouts { nanos: -1 } timeouts { seconds: 315576000000 } timeouts {} "
       "timeouts { seconds: -3 }"},
      {R"({"nothing": {}, "name": "n"})", "nothing {} name: \"n\""},
      // null is unset, for every kind of field; one oneof member may be null.
      {R"({"i32": null, "child": null, "manyI64": null, "timeout": null,
           "name": null, "number": 4, "maybe": null, "color": null})",
       "number: 4"},
      {R"({"maybe": 0, "number": 0})", "maybe: 0 number: 0"},
  };
  for (const ReadCase& c : cases) {
    SCOPED_TRACE(c.json);
    orbax_options::testing::json::AllTypes message;
    const Parsed parsed = Parse(c.json, message);
    EXPECT_TRUE(parsed.ok) << ::testing::PrintToString(parsed.lines);
    EXPECT_THAT(parsed.lines, IsEmpty());
    const auto expected =
        FromText<orbax_options::testing::json::AllTypes>(c.expected);
    // Bytes, not MessageDifferencer, so that NaN equals NaN.
    EXPECT_EQ(message.SerializeAsString(), expected.SerializeAsString())
        << message.ShortDebugString();
    orbax_options::testing::json::AllTypes quick;
    EXPECT_TRUE(CheckOnly(c.json, quick));
    EXPECT_EQ(quick.SerializeAsString(), message.SerializeAsString());
  }
}

TEST(ParseJson, RecordsKeysAndElementsUnderSchemaNames) {
  v1::CheckpointOptions message;
  const Parsed parsed = Parse(
      "{\"multiprocessingOptions\": {\n"
      "\t\"active_processes\": {\"ranges\": [{\"start\": 1, \"stop\": 2},\n"
      "    {\"stop\": 9}], \"process_indices\": []},\n"
      "  \"barrier_sync_key_prefix\": \"a\\\"b\\u00e9\",\n"
      "  \"primary_host\": null},\n"
      " \"file_options\": {\"path_permission_mode\": 488}}",
      message);
  ASSERT_TRUE(parsed.ok) << ::testing::PrintToString(parsed.lines);
  EXPECT_THAT(parsed.lines, IsEmpty());
  const std::pair<std::string, std::optional<SourceLocation>> kExpected[] = {
      {"multiprocessing_options", SourceLocation{"f.json", 1, 2}},
      {"multiprocessing_options.active_processes",
       SourceLocation{"f.json", 2, 9}},
      {"multiprocessing_options.active_processes.process_indices",
       SourceLocation{"f.json", 3, 19}},
      {"multiprocessing_options.active_processes.ranges",
       SourceLocation{"f.json", 2, 30}},
      {"multiprocessing_options.active_processes.ranges[0]",
       SourceLocation{"f.json", 2, 41}},
      // Inside an element, everything is located at the element.
      {"multiprocessing_options.active_processes.ranges[0].stop",
       SourceLocation{"f.json", 2, 41}},
      {"multiprocessing_options.active_processes.ranges[1]",
       SourceLocation{"f.json", 3, 5}},
      {"multiprocessing_options.barrier_sync_key_prefix",
       SourceLocation{"f.json", 4, 3}},
      {"multiprocessing_options.primary_host", std::nullopt},  // null
      {"file_options.path_permission_mode", SourceLocation{"f.json", 6, 19}},
  };
  for (const auto& [path, where] : kExpected) {
    EXPECT_EQ(parsed.locations.Find(path), where) << path;
  }
  // Fields and lists only, not elements or what lies inside them.
  EXPECT_EQ(parsed.locations.size(), 7);
  EXPECT_EQ(message.multiprocessing_options().barrier_sync_key_prefix(),
            "a\"b\xc3\xa9");
}

// --- what is refused ---------------------------------------------------------

struct BadCase {
  std::string json;
  std::vector<std::string> expected;  // Every diagnostic, in order.
  bool allow_unknown = false;
};

void ExpectRefused(const std::vector<BadCase>& cases) {
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.json);
    v1::CheckpointOptions message;
    const Parsed parsed = Parse(c.json, message, c.allow_unknown);
    EXPECT_FALSE(parsed.ok);
    EXPECT_THAT(parsed.lines, ElementsAreArray(c.expected));
    for (const Diagnostic& d : parsed.diagnostics) {
      EXPECT_EQ(d.code, absl::StatusCode::kInvalidArgument);
    }
    v1::CheckpointOptions quick;
    EXPECT_FALSE(CheckOnly(c.json, quick, c.allow_unknown));
  }
}

TEST(ParseJson, RefusesValuesOfTheWrongKind) {
  ExpectRefused({
      // Quoted booleans, which protobuf's C++ parser accepts.
      {R"({"async_options": {"create_directories_asynchronously": "yes"}})",
       {"f.json:1:57: error: async_options.create_directories_asynchronously: "
        "expected bool (true or false), got \"yes\""}},
      {R"({"atomicity_options": {"allow_legacy_atomic_rename": "FALSE",
           "allowLegacyAtomicRename": 0}})",
       {"f.json:1:54: error: atomicity_options.allow_legacy_atomic_rename: "
        "expected bool (true or false), got \"FALSE\"",
        "f.json:2:12: error: atomicity_options.allow_legacy_atomic_rename: "
        "given more than once; first at 1:24",
        "f.json:2:39: error: atomicity_options.allow_legacy_atomic_rename: "
        "expected bool (true or false), got 0"}},
      // A scalar or an object where a list belongs.
      {R"({"multiprocessing_options": {"active_processes":
           {"process_indices": 0, "ranges": {"stop": 3}}}})",
       {"f.json:2:32: error: "
        "multiprocessing_options.active_processes.process_indices: expected "
        "a list of int32 ([...]), got 0",
        "f.json:2:45: error: multiprocessing_options.active_processes.ranges: "
        "expected a list of ProcessRange ([...]), got an object"}},
      // null elements, which protobuf drops; nested lists, which it
      // flattens.
      {R"({"multiprocessing_options": {"active_processes":
           {"process_indices": [1, null, 3], "ranges": [[{"stop": 3}]]}}})",
       {"f.json:2:36: error: "
        "multiprocessing_options.active_processes.process_indices[1]: null "
        "is not allowed as an element of a list of int32 ([...]); leave the "
        "element out",
        "f.json:2:57: error: "
        "multiprocessing_options.active_processes.ranges[0]: expected "
        "ProcessRange (a JSON object), got a list (lists do not nest)"}},
      {R"({"multiprocessing_options": {"active_processes":
           {"process_indices": [[7, [8]], 9]}}})",
       {"f.json:2:33: error: "
        "multiprocessing_options.active_processes.process_indices[0]: "
        "expected int32 (a whole number, or a string of digits), got a list "
        "(lists do not nest)"}},
      // Integers.
      {R"({"async_options": {"timeout_secs": 99999999999999999999}})",
       {"f.json:1:36: error: async_options.timeout_secs: "
        "99999999999999999999 is out of range for int32 (-2147483648 to "
        "2147483647)"}},
      {R"({"async_options": {"timeout_secs": "-2147483649"}})",
       {"f.json:1:36: error: async_options.timeout_secs: \"-2147483649\" is "
        "out of range for int32 (-2147483648 to 2147483647)"}},
      {R"({"async_options": {"timeout_secs": 1e400}})",
       {"f.json:1:36: error: async_options.timeout_secs: 1e400 is out of "
        "range for int32 (-2147483648 to 2147483647)"}},
      {R"({"async_options": {"timeout_secs": 1.5}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got 1.5"}},
      {R"({"async_options": {"timeout_secs": 1e-400}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got 1e-400"}},
      {R"({"async_options": {"timeout_secs": "yes"}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \"yes\""}},
      {R"({"async_options": {"timeout_secs": "+5"}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \"+5\""}},
      {R"({"async_options": {"timeout_secs": " 5"}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \" 5\""}},
      {R"({"async_options": {"timeout_secs": "1_000"}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \"1_000\""}},
      {R"({"async_options": {"timeout_secs": "1e2"}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \"1e2\""}},
      {R"({"async_options": {"timeout_secs": true}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got true"}},
      {R"({"async_options": {"timeout_secs": {}}})",
       {"f.json:1:36: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got an object"}},
      // Strings are JSON strings only.
      {R"({"multiprocessing_options": {"barrier_sync_key_prefix": 5}})",
       {"f.json:1:57: error: multiprocessing_options.barrier_sync_key_prefix: "
        "expected string (a JSON string), got 5"}},
      {R"({"multiprocessing_options": {"barrier_sync_key_prefix": "\udc00"}})",
       {"f.json:1:57: error: multiprocessing_options.barrier_sync_key_prefix: "
        "\"\\xed\\xb0\\x80\" holds an unpaired UTF-16 surrogate (\\udc00); "
        "strings must be Unicode"}},
      // Enums: by name or by a whole number.
      {R"({"atomicity_options": {"mode": "ATOMICITY_MODE_SOMETIMES"}})",
       {"f.json:1:32: error: atomicity_options.mode: unknown AtomicityMode "
        "name \"ATOMICITY_MODE_SOMETIMES\"; this version knows "
        "ATOMICITY_MODE_UNSPECIFIED, ATOMICITY_MODE_AUTO, "
        "ATOMICITY_MODE_COMMIT_FILE, ATOMICITY_MODE_ATOMIC_RENAME"}},
      {R"({"atomicity_options": {"mode": "2"}})",
       {"f.json:1:32: error: atomicity_options.mode: expected AtomicityMode "
        "(a value name in quotes, or its number), got \"2\"; write a number "
        "without quotes"}},
      {R"({"atomicity_options": {"mode": 2.5}})",
       {"f.json:1:32: error: atomicity_options.mode: expected AtomicityMode "
        "(a value name in quotes, or its number), got 2.5"}},
      {R"({"atomicity_options": {"mode": true}})",
       {"f.json:1:32: error: atomicity_options.mode: expected AtomicityMode "
        "(a value name in quotes, or its number), got true"}},
      {R"({"atomicity_options": {"mode": 3000000000}})",
       {"f.json:1:32: error: atomicity_options.mode: 3000000000 is out of "
        "range for AtomicityMode (-2147483648 to 2147483647)"}},
      // Messages are objects (or null) only.
      {R"({"async_options": "", "file_options": []})",
       {"f.json:1:19: error: async_options: expected AsyncOptions (a JSON "
        "object), got \"\"",
        "f.json:1:39: error: file_options: expected FileOptions (a JSON "
        "object), got a list"}},
      {R"({"multiprocessing_options": {"all_hosts_primary": 0}})",
       {"f.json:1:51: error: multiprocessing_options.all_hosts_primary: "
        "expected google.protobuf.Empty (a JSON object), got 0"}},
  });
}

TEST(ParseJson, RefusesKeysGivenTwiceUnknownKeysAndOneofConflicts) {
  ExpectRefused({
      {"{\"async_options\": {\"timeout_secs\": 1,\n \"timeoutSecs\": 2}}",
       {"f.json:2:2: error: async_options.timeout_secs: given more than once; "
        "first at 1:20"}},
      // null counts: the key was given.
      {R"({"async_options": null, "async_options": {}})",
       {"f.json:1:25: error: async_options: given more than once; first at "
        "1:2"}},
      {R"({"async_options": {"turbo": true}})",
       {"f.json:1:20: error: async_options.turbo: unknown field: AsyncOptions "
        "has no field named \"turbo\""}},
      // Unknown keys given twice, even when unknown fields are allowed, at
      // any depth.
      {R"({"x": 1, "x": {"y": [{"z": 1, "z": 2}], "y": 0}})",
       {"f.json:1:2: warning: x: unknown field ignored: CheckpointOptions "
        "has no field named \"x\"",
        "f.json:1:10: error: x: given more than once; first at 1:2",
        "f.json:1:31: error: x.y[0].z: given more than once; first at 1:23",
        "f.json:1:41: error: x.y: given more than once; first at 1:16"},
       /*allow_unknown=*/true},
      // The same key spelled with an escape is the same key.
      {R"({"x": 1, "\u0078": 2})",
       {"f.json:1:2: warning: x: unknown field ignored: CheckpointOptions "
        "has no field named \"x\"",
        "f.json:1:10: error: x: given more than once; first at 1:2"},
       /*allow_unknown=*/true},
      // An empty key: protobuf's C++ parser refuses it even when unknown
      // fields are allowed.
      {R"({"": 1})",
       {"f.json:1:2: error: \"\": unknown field: an empty key; "
        "CheckpointOptions fields have names"},
       /*allow_unknown=*/true},
      // Extension syntax: Python refuses it even when unknown fields are
      // allowed.
      {R"({"async_options": {"[a.b]": 1}})",
       {"f.json:1:20: error: async_options.\"[a.b]\": unknown field: "
        "AsyncOptions has no extension named \"[a.b]\""},
       /*allow_unknown=*/true},
      {R"({"multiprocessing_options": {"primary_host": 1,
           "all_hosts_primary": {}}})",
       {"f.json:2:12: error: multiprocessing_options.all_hosts_primary: "
        "conflicts with primary_host: both are members of oneof \"primary\"; "
        "set only one"}},
      // Diagnostics echo keys and values escaped.
      {R"({"\u001b[31mEVIL": 1, "async_options": {"timeout_secs":
           "\u001b]0;pwned\u0007"}})",
       {"f.json:1:2: error: \"\\x1b[31mEVIL\": unknown field: "
        "CheckpointOptions has no field named \"\\x1b[31mEVIL\"",
        "f.json:2:12: error: async_options.timeout_secs: expected int32 (a "
        "whole number, or a string of digits), got \"\\x1b]0;pwned\\a\""}},
  });
}

TEST(ParseJson, SyntaxErrorsStopWithOurWordsAndRapidJsonsOffset) {
  ExpectRefused({
      {"", {"f.json:1:1: error: empty input; expected a JSON object"}},
      {" \n ", {"f.json:2:2: error: empty input; expected a JSON object"}},
      {"\xEF\xBB\xBF{}",
       {"f.json:1:1: error: starts with a UTF-8 byte order mark (bytes EF BB "
        "BF); save it as UTF-8 without one"}},
      {"[1]", {"f.json:1:1: error: expected a JSON object, got '['"}},
      {"\"x\"", {"f.json:1:1: error: expected a JSON object, got \"x\""}},
      {"# text format", {"f.json:1:1: error: expected a JSON object, got '#'"}},
      {R"({"async_options": {,}})",
       {"f.json:1:20: error: async_options: expected a field name in quotes, "
        "got ','"}},
      {R"({"async_options": {"timeout_secs": 1,}})",
       {"f.json:1:38: error: async_options: expected a field name in quotes, "
        "got '}'"}},
      {R"({"async_options": tru})",
       {"f.json:1:22: error: async_options: invalid JSON value 'tru'; "
        "expected true, false, null, a number, a string, an object or a "
        "list"}},
      {R"({"async_options": {"timeout_secs": 05}})",
       {"f.json:1:36: error: async_options.timeout_secs: JSON numbers have no "
        "leading zeros: 05"}},
      {R"({"file_options": {"path_permission_mode": 0750}})",
       {"f.json:1:43: error: file_options.path_permission_mode: JSON numbers "
        "have no leading zeros: 0750; JSON has no octal: to mean 0750, write "
        "488"}},
      // Too long to be octal bits, and too long to compute as octal (found
      // by fuzz_load_json: signed overflow).
      {R"({"file_options": {"path_permission_mode": 0077777777777777777777777}})",
       {"f.json:1:43: error: file_options.path_permission_mode: JSON numbers "
        "have no leading zeros: 0077777777777777777777777"}},
      {R"({"async_options": "\q"})",
       {"f.json:1:20: error: async_options: invalid escape \\q"}},
      {R"({"async_options": "\u12"})",
       {"f.json:1:20: error: async_options: \\u must be followed by 4 hex "
        "digits"}},
      {R"({"async_options": "\ud800"})",
       {"f.json:1:20: error: async_options: unpaired UTF-16 surrogate "
        "\\ud800: a \\u escape in D800-DBFF must be followed by one in "
        "DC00-DFFF"}},
      {"{\"a\n\": 1}",
       {"f.json:1:4: error: control character byte 0x0a in a string; escape "
        "it"}},
      {"{\"a\": \"\xff\"}",
       {"f.json:1:2: error: a: unknown field: CheckpointOptions has no field "
        "named \"a\"",
        "f.json:1:8: error: a: not valid UTF-8 (byte 0xff); JSON text must "
        "be UTF-8"}},
      {"{\"async_options\": {}\n\"file_options\": {}}",
       {"f.json:2:1: error: expected ',' or '}', got '\"'"}},
      {"{\n  \"async_options\": {\n    \"timeout_secs\" 5",
       {"f.json:3:20: error: async_options.timeout_secs: expected ':' after "
        "the field name, got '5'"}},
      {"{\"async_options\": {\"timeout_secs\": 5,\n",
       {"f.json:2:1: error: async_options: unexpected end of input; expected "
        "a field name"}},
      {R"({"async_options": "abc)",
       {"f.json:1:23: error: async_options: unterminated string"}},
      {R"({"async_options": {}} x)",
       {"f.json:1:23: error: unexpected 'x' after the end of the JSON "
        "object"}},
      {std::string("{}\0x", 4),
       {"f.json:1:3: error: unexpected byte 0x00 after the end of the JSON "
        "object"}},
      {R"({"x": NaN})",
       {"f.json:1:2: warning: x: unknown field ignored: CheckpointOptions "
        "has no field named \"x\"",
        "f.json:1:7: error: x: expected a value, got 'N'"},
       /*allow_unknown=*/true},
      {R"({"x": 1e400})",
       {"f.json:1:2: warning: x: unknown field ignored: CheckpointOptions "
        "has no field named \"x\"",
        "f.json:1:7: error: x: 1e400 is too large for a JSON number (past the "
        "range of a double)"},
       /*allow_unknown=*/true},
  });
}

// `{"x": V}` where V opens `depth` levels: lists `[[...]]`, or objects
// `{"a": {"a": ...}}`.
std::string Nested(int depth, bool lists) {
  std::string json = "{\"x\": ";
  for (int i = 0; i < depth; ++i)
    json += lists ? "[" : (i == 0 ? "{" : "\"a\": {");
  for (int i = 0; i < depth; ++i) json += lists ? "]" : "}";
  return json + "}";
}

TEST(ParseJson, NestingIsBoundedBelowTheRootObject) {
  for (const bool lists : {true, false}) {
    for (const bool allow : {true, false}) {
      SCOPED_TRACE(::testing::Message()
                   << "lists " << lists << ", allow " << allow);
      v1::CheckpointOptions message;
      const std::string unknown =
          allow ? "f.json:1:2: warning: x: unknown field ignored: "
                  "CheckpointOptions has no field named \"x\""
                : "f.json:1:2: error: x: unknown field: CheckpointOptions has "
                  "no field named \"x\"";
      const Parsed at_limit =
          Parse(Nested(kMaxNestingDepth, lists), message, allow);
      EXPECT_EQ(at_limit.ok, allow);
      EXPECT_THAT(at_limit.lines, ElementsAre(unknown));

      // The level past the limit is refused where it opens, with its path.
      std::string path = "x";
      for (int i = 0; i < kMaxNestingDepth; ++i) path += lists ? "[0]" : ".a";
      const int column =
          lists ? 7 + kMaxNestingDepth : 7 + 1 + 6 * (kMaxNestingDepth - 1) + 5;
      const std::vector<std::string> expected = {
          unknown, "f.json:1:" + std::to_string(column) + ": error: " + path +
                       ": nested more than 100 levels deep"};
      for (const int depth : {kMaxNestingDepth + 1, 1'000'000}) {
        SCOPED_TRACE(depth);
        const absl::Time start = absl::Now();
        const Parsed deep = Parse(Nested(depth, lists), message, allow);
        EXPECT_LT(absl::Now() - start, absl::Seconds(2));
        EXPECT_FALSE(deep.ok);
        EXPECT_THAT(deep.lines, ElementsAreArray(expected));
        EXPECT_FALSE(CheckOnly(Nested(depth, lists), message, allow));
      }
    }
  }
}

TEST(ParseJson, PermissionBitsWithALeadingZeroWarn) {
  v1::CheckpointOptions message;
  const Parsed parsed =
      Parse(R"({"file_options": {"path_permission_mode": "0750"}})", message);
  EXPECT_TRUE(parsed.ok);
  EXPECT_EQ(message.file_options().path_permission_mode(), 750);
  EXPECT_THAT(parsed.lines,
              ElementsAre("f.json:1:43: warning: "
                          "file_options.path_permission_mode: \"0750\" is "
                          "read as decimal 750 (01356 in octal: sticky bit, "
                          "world-writable), while text format and --set read "
                          "0750 as octal; to mean 0750, write 488 (a number)"));
  for (const std::string ok : {R"("488")", "488", R"("0")"}) {
    SCOPED_TRACE(ok);
    v1::CheckpointOptions m;
    EXPECT_THAT(
        Parse(R"({"file_options": {"path_permission_mode": )" + ok + "}}", m)
            .lines,
        IsEmpty());
  }
}

TEST(ParseJson, AHugeBadValueMakesAShortLine) {
  const std::string big(1 << 20, '7');
  v1::CheckpointOptions message;
  const Parsed parsed = Parse(
      R"({"async_options": {"timeout_secs": ")" + big +
          R"("}, "memory_limit_options": {"max_transfer_concurrent_gb": 1.)" +
          big + "}}",
      message);
  ASSERT_THAT(parsed.lines, SizeIs(2));
  EXPECT_EQ(parsed.lines[0],
            "f.json:1:36: error: async_options.timeout_secs: \"" +
                big.substr(0, 64) +
                "...\" (1048576 bytes) is out of range for int32 "
                "(-2147483648 to 2147483647)");
  EXPECT_EQ(parsed.lines[1],
            "f.json:1:1048672: error: "
            "memory_limit_options.max_transfer_concurrent_gb: expected int32 "
            "(a whole number, or a string of digits), got 1." +
                big.substr(0, 62) + "... (1048578 bytes)");
  for (const std::string& line : parsed.lines) EXPECT_LT(line.size(), 300);
}

TEST(ParseJson, StopsKeepingDiagnosticsAfterAHundred) {
  std::string json = "{";
  for (int i = 0; i < 1000; ++i) {
    json +=
        (i == 0 ? "" : ",") + std::string("\"k") + std::to_string(i) + "\": 1";
  }
  json += "}";
  v1::CheckpointOptions message;
  const Parsed parsed = Parse(json, message);
  EXPECT_FALSE(parsed.ok);
  ASSERT_THAT(parsed.lines, SizeIs(kMaxReportedPerSeverity + 1));
  EXPECT_EQ(parsed.lines.back(),
            "f.json: error: 900 more errors not shown (the first 100 are)");
}

// --- any root message --------------------------------------------------------

TEST(ParseJson, RefusesWhatItCannotReadFaithfully) {
  const std::vector<BadCase> cases = {
      {R"({"when": "2020-01-01T00:00:00Z"})",
       {"f.json:1:10: error: when: expected google.protobuf.Timestamp (a "
        "JSON object), got \"2020-01-01T00:00:00Z\""}},
      {R"({"when": {}})",
       {"f.json:1:10: error: when: google.protobuf.Timestamp fields are not "
        "supported"}},
      {R"({"counts": {"a": 1}})",
       {"f.json:1:12: error: counts: map fields are not supported"}},
      {R"({"timeout": "1.5"})",
       {"f.json:1:13: error: timeout: expected google.protobuf.Duration (a "
        "string such as \"1.5s\"), got \"1.5\"; seconds with up to 9 "
        "fractional digits, within +-315576000000, then \"s\""}},
      {R"({"timeouts": ["1.0000000001s", "315576000001s", ".5s", "1.s"]})", {}},
      {R"({"u32": -1, "u64": "18446744073709551616", "i64": 1e19,
           "s64": 9007199254740993.0})",
       {"f.json:1:9: error: u32: -1 is out of range for uint32 (0 to "
        "4294967295)",
        "f.json:1:20: error: u64: \"18446744073709551616\" is out of range "
        "for uint64 (0 to 18446744073709551615)",
        "f.json:1:51: error: i64: 1e19 is out of range for int64 "
        "(-9223372036854775808 to 9223372036854775807)",
        "f.json:2:19: error: s64: 9007199254740993.0 is not exact as a "
        "double, as Python reads a number with a fraction or an exponent; "
        "write it as plain digits"}},
      {R"({"real32": 1e39, "real64": "1e400", "data": "a"})",
       {"f.json:1:12: error: real32: 1e39 is out of range for float",
        "f.json:1:28: error: real64: \"1e400\" is out of range for double",
        "f.json:1:45: error: data: expected bytes (a base64 string), got "
        "\"a\""}},
      {R"({"name": "a", "number": 1, "color": "2", "flag": null})",
       {"f.json:1:15: error: number: conflicts with name: both are members "
        "of oneof \"choice\"; set only one",
        "f.json:1:37: error: color: expected Color (a value name in quotes, "
        "or its number), got \"2\"; write a number without quotes"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.json);
    orbax_options::testing::json::AllTypes message;
    const Parsed parsed = Parse(c.json, message);
    EXPECT_FALSE(parsed.ok);
    if (!c.expected.empty()) {
      EXPECT_THAT(parsed.lines, ElementsAreArray(c.expected));
    } else {
      EXPECT_THAT(parsed.lines, SizeIs(4));
    }
    orbax_options::testing::json::AllTypes quick;
    EXPECT_FALSE(CheckOnly(c.json, quick));
  }
}

TEST(ParseJson, ClosedEnumsRefuseUnknownNumbers) {
  orbax_options::testing::json::WithClosedEnum message;
  EXPECT_TRUE(Parse(R"({"shade": 2})", message).ok);
  EXPECT_EQ(message.shade(), orbax_options::testing::json::SHADE_DARK);
  EXPECT_THAT(Parse(R"({"shade": 3})", message).lines,
              ElementsAre("f.json:1:11: error: shade: unknown Shade number 3; "
                          "this version knows SHADE_LIGHT, SHADE_DARK"));
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
