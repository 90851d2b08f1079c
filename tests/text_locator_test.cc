// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/text_locator.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/schema.h"

namespace orbax::checkpoint::options::internal {
namespace {

struct Case {
  std::string text;
  int line;    // 0-based, as protobuf reports errors.
  int column;  // 0-based.
  std::string path;
  bool in_field;
  bool unknown;
};

TEST(FindTextFieldAt, NamesTheFieldBeingReadAtAPosition) {
  const std::vector<Case> cases = {
      // An unknown name, with the error at the ':' after it.
      {"async_options {\n  bogus: 1\n}", 1, 7, "async_options.bogus", true,
       true},
      // A bad value: the field whose value it is.
      {"async_options {\n  timeout_secs: abc\n}", 1, 16,
       "async_options.timeout_secs", true, false},
      // After a complete field: its enclosing message.
      {"async_options { timeout_secs: 1 }\nfile_options { 5 }", 1, 15,
       "file_options", false, false},
      // The second element of a repeated message field.
      {"multiprocessing_options { active_processes {\n"
       "  ranges { start: 0 stop: 1 }\n  ranges { start: 2 sotp: 3 }\n} }",
       2, 24, "multiprocessing_options.active_processes.ranges[1].sotp", true,
       true},
      // List syntax for messages.
      {"multiprocessing_options { active_processes { ranges: [\n"
       "  { start: 0 stop: 1 },\n  { start: 2 bad: 3 }] } }",
       2, 16, "multiprocessing_options.active_processes.ranges[1].bad", true,
       true},
      // Enum names and negative numbers are values, not field names.
      {"atomicity_options { mode: ATOMICITY_MODE_AUTO\n  nope: 1 }", 1, 6,
       "atomicity_options.nope", true, true},
      // Just after a value: that value's field (protobuf reports some bad
      // values at the next token); `inf` is not taken for a field name.
      {"async_options { timeout_secs: -inf }", 0, 34,
       "async_options.timeout_secs", true, false},
      // Inside an unknown message, nothing is known.
      {"future { a { b: 1 } }", 0, 15, "future.a.b", true, false},
      // Comments are skipped; tabs count to the next multiple of 8.
      {"# x: {\nasync_options {\n\tbogus: 1 }", 2, 13, "async_options.bogus",
       true, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const TextFieldAt at = FindTextFieldAt(
        c.text, v1::CheckpointOptions::descriptor(), c.line, c.column);
    EXPECT_EQ(at.path, c.path);
    EXPECT_EQ(at.in_field, c.in_field);
    EXPECT_EQ(at.unknown, c.unknown);
  }
}

TEST(FindTextFieldAt, PointsAtTheValueAnErrorFollows) {
  // protobuf reports an unknown enum name at the token after it.
  const TextFieldAt at =
      FindTextFieldAt("atomicity_options {\n  mode: NOPE\n}",
                      v1::CheckpointOptions::descriptor(), 2, 0);
  EXPECT_EQ(at.path, "atomicity_options.mode");
  EXPECT_TRUE(at.after_value);
  EXPECT_EQ(at.line, 1);
  EXPECT_EQ(at.column, 8);
  // A token that can't follow a field is the error itself.
  const TextFieldAt junk =
      FindTextFieldAt("async_options {\n  timeout_secs: 5 5\n}",
                      v1::CheckpointOptions::descriptor(), 1, 18);
  EXPECT_EQ(junk.path, "async_options");
  EXPECT_FALSE(junk.after_value);
}

TEST(FindTextFieldAt, GivesThePositionOfTheName) {
  const TextFieldAt at =
      FindTextFieldAt("async_options {\n\tbogus: 1 }",
                      v1::CheckpointOptions::descriptor(), 1, 13);
  EXPECT_EQ(at.line, 1);
  EXPECT_EQ(at.column, 8);  // After a tab.
  EXPECT_EQ(at.message_type, "orbax_options.v1.AsyncOptions");
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
