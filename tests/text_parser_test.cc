// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The text-format parser (internal/text_parser.h), on orbax_options.v1 and on
// a test schema with every kind of field (tests/proto/.../all_types.proto):
//
//   * it accepts what protobuf 3.21's TextFormat::Parser accepts, with the
//     same message, and refuses what it refuses, on a table of tricky
//     inputs; the differences kept on purpose are a table of their own;
//   * its diagnostics, exactly (code, file:line:col, path, message), on a
//     table that holds every reproduction of the bugs it fixes;
//   * the nesting limit, in depth and in time, for `{` and `[`, for known and
//     unknown fields;
//   * the locations it records, and that checking only (no locations)
//     accepts exactly the same inputs;
//   * `--set` values (ParseTextFieldValue).

#include "orbax/checkpoint/options/internal/text_parser.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax_options/testing/all_types.pb.h"

namespace orbax::checkpoint::options::internal {
namespace {

using ::orbax_options::testing::AllTypes;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// What our parser did with one input.
struct Outcome {
  bool ok = false;
  std::vector<std::string> diagnostics;  // Diagnostic::ToString() of each.
  FieldLocations locations;
  std::string message;  // The parsed message, serialised (if ok).
};

std::vector<std::string> Lines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> lines;
  for (const Diagnostic& d : diagnostics) {
    EXPECT_EQ(d.code, absl::StatusCode::kInvalidArgument) << d;
    lines.push_back(d.ToString());
  }
  return lines;
}

// Parses `text` into a fresh `Root` as the file "t", recording locations,
// and checks that checking only (no locations) accepts it or not alike,
// with the same message.
template <typename Root = AllTypes>
Outcome Parse(std::string_view text, bool allow_unknown = false) {
  Outcome outcome;
  Root message;
  std::vector<Diagnostic> diagnostics;
  ParseContext context("t", allow_unknown, &outcome.locations, diagnostics);
  outcome.ok = ParseTextFormat(text, message, context);
  context.Finish();
  outcome.diagnostics = Lines(diagnostics);
  EXPECT_EQ(outcome.ok, !HasErrors(diagnostics));
  if (outcome.ok) outcome.message = message.SerializeAsString();

  Root checked;
  std::vector<Diagnostic> ignored;
  ParseContext check_only("t", allow_unknown, nullptr, ignored);
  EXPECT_EQ(ParseTextFormat(text, checked, check_only), outcome.ok)
      << "checking only disagrees";
  if (outcome.ok) EXPECT_EQ(checked.SerializeAsString(), outcome.message);
  for (const Diagnostic& d : ignored) EXPECT_EQ(d.path, "") << d;
  return outcome;
}

// What protobuf's TextFormat::Parser does with it.
struct ProtobufOutcome {
  bool ok = false;
  std::string message;
};

class Silent : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
  void AddWarning(int, int, const std::string&) override {}
};

ProtobufOutcome ParseWithProtobuf(std::string_view text, bool allow_unknown) {
  AllTypes message;
  google::protobuf::TextFormat::Parser parser;
  Silent silent;
  parser.RecordErrorsTo(&silent);
  parser.AllowUnknownField(allow_unknown);
  ProtobufOutcome outcome;
  outcome.ok = parser.ParseFromString(std::string(text), &message);
  if (outcome.ok) outcome.message = message.SerializeAsString();
  return outcome;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

// --- Agreement with protobuf ------------------------------------------------

struct Agreement {
  std::string text;
  bool allow_unknown;
  bool accepted;  // By both.
};

TEST(ParseTextFormat, AcceptsWhatProtobufAcceptsWithTheSameMessage) {
  const std::vector<Agreement> rows = {
      // Every scalar type, at its limits.
      {"i32: -2147483648 i64: -9223372036854775808 u32: 4294967295 "
       "u64: 18446744073709551615",
       false, true},
      {"s32: -5 s64: -6 f32: 7 f64: 8 sf32: -9 sf64: -10", false, true},
      {"i32: 2147483648", false, false},
      {"i32: -2147483649", false, false},
      {"u64: 18446744073709551616", false, false},
      {"i64: -9223372036854775809", false, false},
      {"sf32: 4294967295", false, false},
      {"i32: 0x7fffffff i64: 0X1F u32: 0xffffffff u64: 017", false, true},
      {"i32: -0x80000000", false, true},
      {"u32: 0x100000000", false, false},
      {"u32: -0", false, false},
      {"f32: -1", false, false},
      {"i32: -0", false, true},
      {"i32: - 5", false, true},
      {"i32: 1f", false, false},
      {"i32: 1.0", false, false},
      {"i32: 1e5", false, false},
      {"i32: abc", false, false},
      {"i32: \"1\"", false, false},
      {"i32: 5x", false, false},
      {"i32: 09", false, false},
      {"i32: 0x", false, false},
      {"flag: true flag: false", false, false},
      {"flag: True", false, true},
      {"flag: t", false, true},
      {"flag: False", false, true},
      {"flag: f", false, true},
      {"flag: 1", false, true},
      {"flag: 0", false, true},
      {"flag: 0x1", false, true},
      {"flag: 00", false, true},
      {"flag: 2", false, false},
      {"flag: -1", false, false},
      {"flag: -0", false, false},
      {"flag: TRUE", false, false},
      {"flag: \"true\"", false, false},
      {"color: COLOR_RED", false, true},
      {"color: 1", false, true},
      {"color: -1", false, true},
      {"color: 7", false, true},  // Open enum: kept, as protobuf keeps it.
      {"color: -7", false, true},
      {"color: -2147483648", false, true},
      {"color: 2147483648", false, false},
      {"color: BLUE", false, false},
      {"color: -COLOR_RED", false, false},
      {"color: 1.0", false, false},
      {"color: \"COLOR_RED\"", false, false},
      {"fl: 1e39 db: 1e400", false, true},
      {"fl: -1e39", false, true},
      {"fl: 18446744073709551616", false, true},
      {"fl: 0", false, true},
      {"fl: .5 db: 5.", false, true},
      {"fl: 1.5f db: 1F", false, true},
      {"fl: INF db: -Infinity", false, true},
      {"fl: NaN db: -nan", false, true},
      {"fl: 0x10", false, false},
      {"fl: 010", false, false},
      {"fl: infinite", false, false},
      {"fl: -inff", false, false},
      {"fl: 1e", false, false},
      {"fl: 1.5.5", false, false},
      {"fl: \"1\"", false, false},
      {"text: \"a\" 'b' \"c\"", false, true},
      {"text: \"\\101\\x41\\u00e9\\U0001F600\\n\\t\\\\\\\"\"", false, true},
      {"text: \"\"", false, true},
      {"text: abc", false, false},
      {"text: 'abc\"", false, false},
      {"text: \"abc\n\"", false, false},
      {"text: \"a\\qb\"", false, false},
      {"text: \"\\u12\"", false, false},
      {"text: \"a\001b\"", false, true},  // Control bytes in strings are fine.
      {"data: \"\\xff\\x00\"", false, true},
      {"data: \"\\xff\" \"\\377\"", false, true},
      {"opt_i32: 0 opt_text: \"\"", false, true},
      // Fields given twice, and oneofs.
      {"i32: 1 i32: 2", false, false},
      {"i32: 0 i32: 5", false, true},  // No presence: protobuf can't tell.
      {"opt_i32: 0 opt_i32: 5", false, false},
      {"child {} child {}", false, false},
      {"choice_int: 0 choice_text: \"a\"", false, false},
      {"choice_message {} choice_message {}", false, false},
      {"choice_text: \"a\" choice_message { i32: 1 }", false, false},
      // Messages.
      {"child { child { child { i32: 1 } } }", false, true},
      {"child: { i32: 1 } wrapped < value: 3 >", false, true},
      {"child < i32: 1 }", false, false},
      {"child { i32: 1 >", false, false},
      {"child {", false, false},
      {"child: 5", false, false},
      {"child [{}]", false, false},
      {"i32 {}", false, false},
      {"i32: {}", false, false},
      {"i32 5", false, false},
      {"}", false, false},
      {"{}", false, false},
      {"duration { seconds: 5 nanos: 3 } time { seconds: -1 }", false, true},
      {"wrapped { value: 3 } empty {} empty: <>", false, false},
      {"wrapped { value: 3 } empty: <>", false, true},
      {"counts { key: \"a\" value: 1 } counts { key: \"a\" value: 2 }", false,
       true},
      // Separators.
      {"i32: 1, i64: 2; u32: 3", false, true},
      {"child { i32: 1, }", false, true},
      {"i32: 1;;", false, false},
      {"i32: 1 ,;", false, false},
      {";", false, false},
      // Repeated fields, in both syntaxes and mixed.
      {"r_i32: [1, -2, 0x3] r_i32: 4 r_i32: []", false, true},
      {"r_flag: [t, f, 1, 0, True, False]", false, true},
      {"r_color: [COLOR_RED, 2, -1]", false, true},
      {"r_fl: [1, 1.5, inf, -inf] r_db: [-nan]", false, true},
      {"r_text: [\"a\", \"b\" \"c\"] r_data: []", false, true},
      {"children [{}, <>] children: [] children: {} children { i32: 1 }", false,
       true},
      {"r_i32 [1]", false, false},
      {"r_i32: [1 2]", false, false},
      {"r_i32: [1,]", false, false},
      {"r_i32: [,]", false, false},
      {"r_i32: [[1]]", false, false},
      {"r_i32: [1", false, false},
      {"children: [5]", false, false},
      {"i32: [1]", false, false},
      // Field names: exact, no numbers, no camelCase.
      {"I32: 1", false, false},
      {"rI32: [1]", false, false},
      {"1: 5", false, false},
      {"i32: 1 # a comment\n# another\n", false, true},
      {"i32: 1 // not a comment", false, false},
      {"i32: 1 /* not a comment */", false, false},
      {"i32:\t\t5\n\ttext: \"x\"", false, true},
      // Unknown fields, refused and allowed, with every value protobuf skips.
      {"x: 1", false, false},
      {"x: 1", true, true},
      {"x: 1 i32: 2", true, true},
      {"x: -5 y: -1.5 z: -inf w: - Infinity v: nan u: abc", true, true},
      {"x: \"a\" \"b\" y: 'c'", true, true},
      {"x: 1e5 y: 0x10 z: 07 w: .5 v: 5. u: 1e5f", true, true},
      {"x {} y: {} z <> w: <a: 1>", true, true},
      {"x { a: [1, {b: 2}, <c: 3>, [4, [5]]] }", true, true},
      {"x: [{}, 1, [2]] y: [ {} , <> ]", true, true},
      {"x: [-1, -inf, \"a\" \"b\", e]", true, true},
      {"x { y: 1; z: 2, }", true, true},
      {"x { [a.b]: 5 [type.googleapis.com/c.D] {} [a/b.c]: 1 }", true, true},
      {"x { 12: 5 }", true, true},
      {"123: 5", true, true},
      {"[a.b]: 1", true, true},
      {"[a.b] { x: 1 } [a . b]: [1, 2]", true, true},
      {"[a.b]: 1", false, false},
      {"[type.googleapis.com/x] {}", true, false},
      {"[a/b]: 5", true, false},
      {"[a.1]: 5", true, false},
      {"[]: 5", true, false},
      {"x: -foo", true, false},
      {"x: -\"a\"", true, false},
      {"x: -[1]", true, false},
      {"x [1]", true, false},
      {"x: [1,]", true, false},
      {"x: [1 2]", true, false},
      {"x: [{},]", true, false},
      {"x: [,]", true, false},
      {"x: ]", true, false},
      {"x: }", true, false},
      {"x", true, false},
      {"x:", true, false},
      {"x { y }", true, false},
      {"x { y: }", true, false},
      {"x < y: 1 }", true, false},
      {"x { 1.5: 1 }", true, false},
      {"x: \"abc\n\"", true, false},
      {"x: 5x", true, false},
      {"child { x: 1 } i32: 2", true, true},
      // Lexical errors.
      {"\001i32: 1", false, false},
      {"i32: 1\001", false, false},
      {std::string("i32: 1\0i32: 2", 13), false, false},
      {"\303\251: 1", true, false},
      {"text: \"\303\251\"", false, true},
      {"i32: 1 \x7f", false, false},
      {"x { y: a.5 }", true, false},
  };
  for (const Agreement& row : rows) {
    SCOPED_TRACE(absl::StrCat(row.allow_unknown ? "[allow] " : "", row.text));
    const Outcome ours = Parse(row.text, row.allow_unknown);
    const ProtobufOutcome theirs =
        ParseWithProtobuf(row.text, row.allow_unknown);
    EXPECT_EQ(theirs.ok, row.accepted) << "protobuf";
    EXPECT_EQ(ours.ok, row.accepted)
        << ::testing::PrintToString(ours.diagnostics);
    if (ours.ok && theirs.ok) EXPECT_EQ(ours.message, theirs.message);
  }
}

// Where we differ from protobuf 3.21.12, on purpose.
struct Difference {
  std::string why;
  std::string text;
  bool allow_unknown;
  bool ours;    // Whether we accept it.
  bool theirs;  // Whether protobuf does.
};

TEST(ParseTextFormat, DiffersFromProtobufOnlyWherePlanned) {
  const std::vector<Difference> rows = {
      {"an empty list in an unknown field, as Python accepts it", "x: []", true,
       true, false},
      {"empty lists inside one", "x: [[], [1], {a: []}]", true, true, false},
      {"a separator after an unknown field, as protobuf 22 and Python accept "
       "it",
       "x: 1; y {}, i32: 3", true, true, false},
      {"nesting past 100 levels, known",
       Repeat("child { ", 101) + Repeat("} ", 101), false, false, true},
      {"nesting past 100 levels, unknown",
       Repeat("x { ", 101) + Repeat("} ", 101), true, false, true},
      {"nesting past 100 levels, unknown lists",
       "x: " + Repeat("[", 101) + "1" + Repeat("]", 101), true, false, true},
      {"a string that is not UTF-8, as Python refuses it", "text: \"\\xff\"",
       false, false, true},
      {"a surrogate, which is not UTF-8 either", "text: \"\\ud800\"", false,
       false, true},
      {"a reserved name, which protobuf ignores silently", "removed: 5", false,
       false, true},
  };
  for (const Difference& row : rows) {
    SCOPED_TRACE(row.why);
    EXPECT_EQ(Parse(row.text, row.allow_unknown).ok, row.ours);
    EXPECT_EQ(ParseWithProtobuf(row.text, row.allow_unknown).ok, row.theirs);
  }
  // A reserved name is still skipped, with a warning, when unknown fields
  // are allowed.
  EXPECT_TRUE(Parse("removed: 5", true).ok);
}

// --- Diagnostics
// --------------------------------------------------------------

struct Expected {
  std::string text;
  bool allow_unknown;
  std::vector<std::string> diagnostics;  // Exactly these, in this order.
};

void CheckDiagnostics(const std::vector<Expected>& rows, bool v1) {
  for (const Expected& row : rows) {
    SCOPED_TRACE(absl::StrCat(row.allow_unknown ? "[allow] " : "",
                              row.text.substr(0, 200)));
    const Outcome outcome =
        v1 ? Parse<v1::CheckpointOptions>(row.text, row.allow_unknown)
           : Parse(row.text, row.allow_unknown);
    EXPECT_THAT(outcome.diagnostics, ElementsAreArray(row.diagnostics));
  }
}

// The bugs of protobuf's parser (and our use of it) that this one fixes;
// each row failed before.
TEST(ParseTextFormat, ReportsWhatProtobufReportedWrongly) {
  CheckDiagnostics(
      {
          // "Integer out of range (2147483649)": the sign was lost.
          {"async_options {\n  timeout_secs: -2147483649\n}\n",
           false,
           {"t:2:17: error: async_options.timeout_secs: -2147483649 is out of "
            "range for int32 (-2147483648 to 2147483647)"}},
          // Was reported at 2:9, on `mode`; the control character is at 5:3.
          {"atomicity_options {\n  mode: ATOMICITY_MODE_AUTO\n\n\n  \001\n}\n",
           false,
           {"t:5:3: error: atomicity_options: control character 0x01 outside "
            "a string; remove it"}},
          // Was both "unknown field ignored" and "unknown field", without the
          // cause: a string crossing a line.
          {"async_options {\n  turbo: \"abc\n}\n",
           true,
           {"t:2:14: error: async_options.turbo: string not closed on its "
            "line; a string cannot cross lines (write \\n for a line "
            "break)"}},
          {"turbo: \"abc\n",
           true,
           {"t:1:12: error: turbo: string not closed on its line; a string "
            "cannot cross lines (write \\n for a line break)"}},
          // Was refused, though Python accepts it.
          {"async_options {\n  turbo: []\n}\n",
           true,
           {"t:2:3: warning: async_options.turbo: unknown field ignored: "
            "AsyncOptions has no field named \"turbo\""}},
          // Was a crash (stack overflow) at 15000 levels.
          {Repeat("x {", 15000) + Repeat("}", 15000),
           true,
           {"t:1:303: error: " + Repeat("x.", 101).substr(0, 201) +
            ": nested more than 100 levels deep"}},
          {"x: " + Repeat("[", 100000) + Repeat("]", 100000),
           true,
           {"t:1:104: error: x: nested more than 100 levels deep"}},
      },
      /*v1=*/true);
}

TEST(ParseTextFormat, ReportsEachProblemOnceInOrderInOurWords) {
  CheckDiagnostics(
      {
          // Values of the wrong kind, and out of range, for every type.
          {"i32: abc\ni64: 1.5\nu32: -1\nu64: \"7\"\nflag: yes\ncolor: "
           "PURPLE\nfl: 0x1\ntext: 5\ndata: x\nf32: 4294967296\nsf64: "
           "-9223372036854775809\ncolor: 2147483648\ns32: 1f\n",
           false,
           {"t:1:6: error: i32: expected int32 (a whole number; 0x for hex, 0 "
            "for octal), got \"abc\"",
            "t:2:6: error: i64: expected int64 (a whole number; 0x for hex, 0 "
            "for octal), got \"1.5\"",
            "t:3:6: error: u32: expected uint32 (a whole number >= 0; 0x for "
            "hex, 0 for octal), got \"-1\"",
            "t:4:6: error: u64: expected uint64 (a whole number >= 0; 0x for "
            "hex, 0 for octal), got the string \"7\"",
            "t:5:7: error: flag: expected bool (true or false; also True, "
            "False, t, f, 1, 0), got \"yes\"",
            "t:6:8: error: color: unknown Color name \"PURPLE\"; this version "
            "knows COLOR_UNSPECIFIED, COLOR_RED, COLOR_GREEN, COLOR_INFRARED",
            "t:7:5: error: fl: expected float (a decimal number, inf or nan), "
            "got \"0x1\"",
            "t:8:7: error: text: expected string (in quotes, e.g. \"abc\"), "
            "got \"5\"",
            "t:9:7: error: data: expected bytes (in quotes, e.g. "
            "\"\\x01ab\"), got \"x\"",
            "t:10:6: error: f32: 4294967296 is out of range for fixed32 (0 to "
            "4294967295)",
            "t:11:7: error: sf64: -9223372036854775809 is out of range for "
            "sfixed64 (-9223372036854775808 to 9223372036854775807)",
            "t:12:8: error: color: 2147483648 is out of range for Color "
            "numbers (-2147483648 to 2147483647)",
            "t:13:6: error: s32: expected sint32 (a whole number; 0x for hex, "
            "0 for octal), got \"1f\""}},
          // Given twice, oneofs, UTF-8; then unknown fields: the parse goes on.
          {"opt_i32: 1\nchild { i32: 2 }\nopt_i32: 3\nchild { i32: 4 }\n"
           "choice_int: 1\n  choice_text: \"x\"\ntext: \"\\xc3\\x28\"\n"
           "bogus: { a: 1 }\nchildren { i32: 5 i32: 6 nope: 1 }\n",
           false,
           {"t:3:1: error: opt_i32: given more than once; first at 1:1",
            "t:4:1: error: child: given more than once; first at 2:1",
            "t:6:3: error: choice_text: conflicts with choice_int: both are "
            "members of oneof \"choice\"; set only one",
            "t:7:7: error: text: not valid UTF-8: \"\\xc3(\"; string fields "
            "must be UTF-8",
            "t:8:1: error: bogus: unknown field: AllTypes has no field named "
            "\"bogus\"",
            "t:9:19: error: children[0].i32: given more than once; first at "
            "9:12",
            "t:9:26: error: children[0].nope: unknown field: AllTypes has no "
            "field named \"nope\""}},
          // Errors inside lists name the element.
          {"r_i32: [1, x, -3]\nr_text: \"a\"\nr_text: [\"b\", 5]\n",
           false,
           {"t:1:12: error: r_i32[1]: expected int32 (a whole number; 0x for "
            "hex, 0 for octal), got \"x\"",
            "t:3:15: error: r_text[2]: expected string (in quotes, e.g. "
            "\"abc\"), got \"5\""}},
          // A syntax error stops the parse: nothing after it is reported.
          {"i32: x\nchild { i32 5 }\nbogus: 1\n",
           false,
           {"t:1:6: error: i32: expected int32 (a whole number; 0x for hex, 0 "
            "for octal), got \"x\"",
            "t:2:13: error: child.i32: expected \":\" after the field name, "
            "got \"5\""}},
          {"child: 5",
           false,
           {"t:1:8: error: child: expected an AllTypes message in {...}, got "
            "\"5\""}},
          {"child < i32: 1 }",
           false,
           {"t:1:16: error: child: expected \">\" to close the message opened "
            "at 1:7, got \"}\""}},
          {"child {\n  i32: 1\n",
           false,
           {"t:3:1: error: child: expected a field name or \"}\" to close the "
            "message opened at 1:7, got the end of the input"}},
          {"}", false, {"t:1:1: error: unexpected \"}\"; no message is open"}},
          {"i32: 1;;",
           false,
           {"t:1:8: error: expected a field name, got \";\""}},
          {"r_i32: [1 2]",
           false,
           {"t:1:11: error: r_i32: expected \",\" or \"]\" after a list "
            "element, got \"2\""}},
          {"i32: -\"1\"",
           false,
           {"t:1:7: error: i32: expected a number after \"-\", got the string "
            "\"1\""}},
          // Inside unknown fields: the syntax error alone.
          {"x: [1,]", true, {"t:1:7: error: x: expected a value, got \"]\""}},
          {"x: -foo",
           false,
           {"t:1:5: error: x: expected a number, inf, infinity or nan after "
            "\"-\", got \"foo\""}},
          {"x [1]",
           false,
           {"t:1:3: error: x: expected \":\" and a value, or a message in "
            "{...}, after the field name, got \"[\""}},
          {"x { y { z: [1, {w: }] } }",
           true,
           {"t:1:20: error: x.y.z.w: expected a value, got \"}\""}},
          // ... but a lexical error after one is outside it.
          {"child {\n  x: 5 \001\n}",
           true,
           {"t:2:3: warning: child.x: unknown field ignored: AllTypes has no "
            "field named \"x\"",
            "t:2:8: error: child: control character 0x01 outside a string; "
            "remove it"}},
          {"x: \"a\" \"b\n",
           false,
           {"t:1:10: error: x: string not closed on its line; a string cannot "
            "cross lines (write \\n for a line break)"}},
          // Names in brackets, field numbers and reserved names.
          {"[a.b]: 1\n123: 2\nremoved: 3\n",
           true,
           {"t:1:1: warning: [a.b]: unknown field ignored: AllTypes has no "
            "field named \"[a.b]\"",
            "t:2:1: warning: 123: unknown field ignored: AllTypes has no field "
            "named \"123\"",
            "t:3:1: warning: removed: unknown field ignored: AllTypes has no "
            "field named \"removed\" (the name is reserved: the field was "
            "removed)"}},
          {"[type.googleapis.com/a.B] { x: 1 }\ni32: 1",
           true,
           {"t:1:1: error: [type.googleapis.com/a.B]: unknown field: AllTypes "
            "has no field named \"[type.googleapis.com/a.B]\" (expanded "
            "google.protobuf.Any values are not supported)"}},
          // Lexical errors, at the tokenizer's position.
          {"i32: 5x",
           false,
           {"t:1:7: error: i32: a number runs into a letter; put a space "
            "between them"}},
          {"i32: 0x",
           false,
           {"t:1:8: error: i32: 0x must be followed by hex digits"}},
          {"i32: 08",
           false,
           {"t:1:7: error: i32: a number that starts with 0 is octal and may "
            "only have the digits 0-7"}},
          {"fl: 1e",
           false,
           {"t:1:7: error: fl: the exponent of a number (after e) has no "
            "digits"}},
          {"fl: 1.5.5",
           false,
           {"t:1:8: error: fl: a second decimal point or exponent in a "
            "number"}},
          {"text: \"a\\qb\"",
           false,
           {"t:1:10: error: text: invalid escape sequence in a string (write "
            "\\\\ for a backslash)"}},
          {"text: \"\\x\"",
           false,
           {"t:1:10: error: text: \\x in a string must be followed by hex "
            "digits"}},
          {"text: \"\\u12\"",
           false,
           {"t:1:12: error: text: \\u in a string must be followed by four "
            "hex digits"}},
          {"text: \"abc",
           false,
           {"t:1:11: error: text: string not closed before the end of the "
            "input"}},
          {"\303\251: 1",
           false,
           {"t:1:1: error: non-ASCII byte 0xC3 outside a string; only strings "
            "(in quotes) may hold non-ASCII text"}},
          {"\xEF\xBB\xBFi32: 1",
           false,
           {"t:1:1: error: starts with a UTF-8 byte order mark (bytes EF BB "
            "BF); save it as UTF-8 without one"}},
          {"\ti32:\tabc",
           false,
           {"t:1:17: error: i32: expected int32 (a whole number; 0x for hex, 0 "
            "for octal), got \"abc\""}},
          // Values are echoed escaped and capped.
          {"text: 5 color: \"A\033B\"",
           false,
           {"t:1:7: error: text: expected string (in quotes, e.g. \"abc\"), "
            "got \"5\"",
            "t:1:16: error: color: expected Color (a name such as "
            "COLOR_UNSPECIFIED, or a number), got the string \"A\\x1bB\""}},
          {"i32: " + Repeat("9", 100),
           false,
           {"t:1:6: error: i32: \"" + Repeat("9", 64) +
            "...\" (100 bytes) is out of range for int32 (-2147483648 to "
            "2147483647)"}},
      },
      /*v1=*/false);
}

TEST(ParseTextFormat, CapsTheDiagnosticsButCountsThemAll) {
  const std::string many = Repeat("unknown_field_name: 1234567\n", 100000);
  ASSERT_GT(many.size(), 1000000u);
  Outcome allowed = Parse(many, true);
  EXPECT_TRUE(allowed.ok);
  ASSERT_THAT(allowed.diagnostics, SizeIs(kMaxReportedPerSeverity + 1));
  EXPECT_EQ(allowed.diagnostics[99],
            "t:100:1: warning: unknown_field_name: unknown field ignored: "
            "AllTypes has no field named \"unknown_field_name\"");
  EXPECT_EQ(allowed.diagnostics[100],
            "t: warning: 99900 more warnings not shown (the first 100 are)");

  Outcome refused = Parse(many, false);
  EXPECT_FALSE(refused.ok);
  ASSERT_THAT(refused.diagnostics, SizeIs(kMaxReportedPerSeverity + 1));
  EXPECT_EQ(refused.diagnostics[100],
            "t: error: 99900 more errors not shown (the first 100 are)");
}

// --- Nesting
// ------------------------------------------------------------------

TEST(ParseTextFormat, NestsUpToTheLimitAndNoFurther) {
  struct Row {
    std::string name;
    std::string prefix;  // Before the first level.
    std::string open;    // Opens `levels` levels.
    int levels;
    size_t offset;      // Of the token in `open` that opens the first of them.
    std::string inner;  // At the deepest level.
    std::string close;  // Closes what `open` opened.
    bool known;         // Whether the fields are known (`child`).
  };
  const std::vector<Row> rows = {
      {"known messages", "", "child {", 1, 6, "", "}", true},
      {"known messages in <>", "", "child <", 1, 6, "i32: 1", ">", true},
      {"unknown messages", "", "x {", 1, 2, "", "}", false},
      {"unknown messages after :", "", "x: {", 1, 3, "y: 1", "}", false},
      {"unknown lists", "x: ", "[", 1, 0, "1", "]", false},
      {"unknown messages in lists", "", "x: [{", 2, 3, "", "}]", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const auto nested = [&](int repeats) {
      return row.prefix + Repeat(row.open, repeats) + row.inner +
             Repeat(row.close, repeats);
    };
    const int at_limit = kMaxNestingDepth / row.levels;
    for (const bool allow : {false, true}) {
      SCOPED_TRACE(allow ? "unknown fields allowed" : "unknown fields refused");
      // Exactly the limit: read whole (an unknown field is refused unless
      // allowed, but only as unknown).
      const Outcome deepest = Parse(nested(at_limit), allow);
      if (row.known || allow) {
        EXPECT_TRUE(deepest.ok)
            << ::testing::PrintToString(deepest.diagnostics);
      } else {
        EXPECT_THAT(
            deepest.diagnostics,
            ElementsAre("t:1:1: error: x: unknown field: AllTypes has no "
                        "field named \"x\""));
      }
      // One more: refused at the token that would open it, alone.
      const Outcome past = Parse(nested(at_limit + 1), allow);
      EXPECT_FALSE(past.ok);
      ASSERT_THAT(past.diagnostics, SizeIs(1));
      const size_t column =
          row.prefix.size() + row.open.size() * at_limit + row.offset + 1;
      EXPECT_THAT(past.diagnostics[0],
                  ::testing::StartsWith(absl::StrCat("t:1:", column, ": ")));
      EXPECT_THAT(past.diagnostics[0],
                  ::testing::EndsWith(": nested more than 100 levels deep"));
    }
  }
}

TEST(ParseTextFormat, RefusesAMillionLevelsAtOnce) {
  const int million = 1000000;
  const std::vector<std::string> inputs = {
      Repeat("x {", million) + Repeat("}", million),
      Repeat("child {", million) + Repeat("}", million),
      "x: " + Repeat("[", million) + Repeat("]", million),
      "x: " + Repeat("[{y:", million),
  };
  for (const std::string& text : inputs) {
    for (const bool allow : {false, true}) {
      SCOPED_TRACE(text.substr(0, 10));
      Outcome outcome = Parse(text, allow);
      EXPECT_FALSE(outcome.ok);
      ASSERT_THAT(outcome.diagnostics, SizeIs(1));
      EXPECT_THAT(outcome.diagnostics[0],
                  ::testing::EndsWith(": nested more than 100 levels deep"));
    }
  }
}

// --- Locations
// ----------------------------------------------------------------

TEST(ParseTextFormat, RecordsFieldsAndListElements) {
  const Outcome outcome = Parse<v1::CheckpointOptions>(
      "async_options {\n"
      "  timeout_secs: 5\n"
      "}\n"
      "multiprocessing_options {\n"
      "  active_processes {\n"
      "    process_indices: [1, 2,\n"
      "                      -3]\n"
      "    process_indices: 4\n"
      "    ranges { start: 8 stop: 9 }\n"
      "    ranges: [{ start: 10 stop: 12 }, <start: 20 stop: 30>]\n"
      "  }\n"
      "  barrier_sync_key_prefix: \"a\" \"b\"\n"
      "  all_hosts_primary {}\n"
      "}\n");
  ASSERT_TRUE(outcome.ok) << ::testing::PrintToString(outcome.diagnostics);
  const FieldLocations& at = outcome.locations;
  const auto where = [](int line, int column) {
    return std::optional<SourceLocation>(SourceLocation{"t", line, column});
  };
  EXPECT_EQ(at.Find("async_options"), where(1, 1));
  EXPECT_EQ(at.Find("async_options.timeout_secs"), where(2, 3));
  EXPECT_EQ(at.Find("multiprocessing_options"), where(4, 1));
  EXPECT_EQ(at.Find("multiprocessing_options.active_processes"), where(5, 3));
  const std::string set = "multiprocessing_options.active_processes.";
  EXPECT_EQ(at.Find(set + "process_indices"), where(6, 5));
  EXPECT_EQ(at.Find(set + "process_indices[0]"), where(6, 23));
  EXPECT_EQ(at.Find(set + "process_indices[1]"), where(6, 26));
  EXPECT_EQ(at.Find(set + "process_indices[2]"), where(7, 23));
  EXPECT_EQ(at.Find(set + "process_indices[3]"), where(8, 5));
  EXPECT_EQ(at.Find(set + "ranges"), where(9, 5));
  EXPECT_EQ(at.Find(set + "ranges[0]"), where(9, 5));
  EXPECT_EQ(at.Find(set + "ranges[1]"), where(10, 14));
  EXPECT_EQ(at.Find(set + "ranges[2]"), where(10, 38));
  // Nothing inside an element: its fields are located at the element.
  EXPECT_EQ(at.Find(set + "ranges[2].stop"), where(10, 38));
  EXPECT_EQ(at.Find("multiprocessing_options.barrier_sync_key_prefix"),
            where(12, 3));
  EXPECT_EQ(at.Find("multiprocessing_options.all_hosts_primary"), where(13, 3));
  // One entry per field, none per element.
  EXPECT_EQ(at.size(), 8u);
}

TEST(ParseTextFormat, RecordsNothingForEmptyListsOrUnknownFields) {
  const Outcome outcome = Parse("r_i32: []\nx { y: 1 }\nchildren: []\ni32: 0\n",
                                /*allow_unknown=*/true);
  ASSERT_TRUE(outcome.ok);
  EXPECT_FALSE(outcome.locations.Find("r_i32"));
  EXPECT_FALSE(outcome.locations.Find("children"));
  EXPECT_FALSE(outcome.locations.Find("x"));
  // Written, though proto3 can't tell 0 from unset: recorded where written.
  EXPECT_EQ(outcome.locations.Find("i32"), (SourceLocation{"t", 4, 1}));
}

TEST(ParseTextFormat, ReadsAnyRootTypeAndWellKnownTypesAsMessages) {
  google::protobuf::Duration duration;
  std::vector<Diagnostic> diagnostics;
  ParseContext context("d", false, nullptr, diagnostics);
  ASSERT_TRUE(ParseTextFormat("seconds: 5 nanos: 7", duration, context));
  EXPECT_EQ(duration.seconds(), 5);
  EXPECT_EQ(duration.nanos(), 7);
}

// --- --set values
// -------------------------------------------------------------

struct FieldValue {
  std::string field;  // Of AllTypes.
  std::string value;
  std::string expected;  // The message's text form, or the first diagnostic.
};

TEST(ParseTextFieldValue, ParsesAValueAsAfterTheFieldName) {
  const std::vector<FieldValue> rows = {
      {"i32", "-5", "i32: -5"},
      {"i32", " 0x10 ;", "i32: 16"},
      {"i32", "7,", "i32: 7"},
      {"i32", "7 # why", "i32: 7"},
      {"text", "\"a\" \"b\"", "text: \"ab\""},
      {"color", "COLOR_GREEN", "color: COLOR_GREEN"},
      {"flag", "t", "flag: true"},
      {"fl", "-inf", "fl: -inf"},
      {"r_i32", "[1, 2]", "r_i32: 1 r_i32: 2"},
      {"r_i32", "3", "r_i32: 3"},
      {"r_i32", "[]", ""},
      {"child", "{ i32: 1 child < text: \"x\" > }",
       "child { i32: 1 child { text: \"x\" } }"},
      {"child", "<>", "child { }"},
      {"children", "[{i32: 1}, {}]", "children { i32: 1 } children { }"},
      {"children", "{}", "children { }"},
      {"i32", "",
       "x: error: i32: expected int32 (a whole number; 0x for hex, 0 for "
       "octal), got the end of the value"},
      {"i32", "abc",
       "x: error: i32: expected int32 (a whole number; 0x for hex, 0 for "
       "octal), got \"abc\""},
      {"i32", "5 i64: 6",
       "x: error: i32: expected the end of the value, got \"i64\"; give one "
       "value for one field"},
      {"i32", "5;;",
       "x: error: i32: expected the end of the value, got \";\"; give one "
       "value for one field"},
      {"child", "5",
       "x: error: child: expected an AllTypes message in {...}, got \"5\""},
      {"child", "{ i32: x }",
       "x: error: child.i32: expected int32 (a whole number; 0x for hex, 0 "
       "for octal), got \"x\""},
      {"child", "{ nope: 1 }",
       "x: error: child.nope: unknown field: AllTypes has no field named "
       "\"nope\""},
      {"child", "{ i32: 1 i32: 2 }",
       "x: error: child.i32: given more than once"},
      {"children", "[{}, {i32: abc}]",
       "x: error: children[1].i32: expected int32 (a whole number; 0x for "
       "hex, 0 for octal), got \"abc\""},
      {"text", "\"abc",
       "x: error: text: string not closed before the end of the value"},
      {"child", "{",
       "x: error: child: expected a field name or \"}\" to close the message "
       "opened, got the end of the value"},
  };
  for (const FieldValue& row : rows) {
    SCOPED_TRACE(row.field + "=" + row.value);
    AllTypes holder;
    holder.set_i32(99);  // Replaced when it is the field.
    holder.add_r_i32(98);
    holder.mutable_child()->set_i64(97);
    std::vector<Diagnostic> diagnostics;
    ParseContext context("x", false, nullptr, diagnostics);
    const bool ok = ParseTextFieldValue(
        row.value, AllTypes::descriptor()->FindFieldByName(row.field), holder,
        row.field, context);
    if (ok) {
      EXPECT_THAT(diagnostics, IsEmpty());
      // Only the field changed: clear the others' preset values.
      for (const char* preset : {"i32", "r_i32", "child"}) {
        if (row.field != preset) {
          holder.GetReflection()->ClearField(
              &holder, AllTypes::descriptor()->FindFieldByName(preset));
        }
      }
      EXPECT_EQ(holder.ShortDebugString(), row.expected);
    } else {
      ASSERT_THAT(diagnostics, SizeIs(1));
      EXPECT_EQ(diagnostics[0].ToString(), row.expected);
    }
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
