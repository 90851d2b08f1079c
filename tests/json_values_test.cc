// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// JSON values read into fields (internal/json_values.h), one value at a
// time, for every kind of field: what each accepts and the exact words of
// each refusal. tests/json_parser_test.cc covers them inside documents.

#include "orbax/checkpoint/options/internal/json_values.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "orbax_options/testing/json_types.pb.h"

namespace orbax::checkpoint::options::internal {
namespace {

using Kind = JsonScalar::Kind;
using orbax_options::testing::json::AllTypes;

struct Case {
  std::string field;  // A field of AllTypes.
  JsonScalar value;
  std::string expected;  // The message in text format, or the error.
  bool error = false;
};

Case Ok(std::string field, Kind kind, std::string_view text,
        std::string expected) {
  return {std::move(field), {kind, false, text}, std::move(expected)};
}
Case Bad(std::string field, Kind kind, std::string_view text,
         std::string error) {
  return {std::move(field), {kind, false, text}, std::move(error), true};
}

TEST(SetJsonValue, ReadsAndRefusesEachKindOfValue) {
  const std::vector<Case> cases = {
      // Integers, every width.
      Ok("i32", Kind::kNumber, "-2147483648", "i32: -2147483648"),
      Ok("i32", Kind::kNumber, "12.50e1", "i32: 125"),
      Ok("i32", Kind::kNumber, "0.0e400", "i32: 0"),
      Ok("i32", Kind::kString, "-007", "i32: -7"),
      Bad("i32", Kind::kNumber, "2147483648",
          "2147483648 is out of range for int32 (-2147483648 to 2147483647)"),
      Bad("i32", Kind::kNumber, "1.25e1",
          "expected int32 (a whole number, or a string of digits), got "
          "1.25e1"),
      Bad("i32", Kind::kString, "",
          "expected int32 (a whole number, or a string of digits), got \"\""),
      Bad("i32", Kind::kString, "-",
          "expected int32 (a whole number, or a string of digits), got \"-\""),
      Ok("u32", Kind::kNumber, "4294967295", "u32: 4294967295"),
      Bad("u32", Kind::kString, "-1",
          "\"-1\" is out of range for uint32 (0 to 4294967295)"),
      Ok("i64", Kind::kString, "9223372036854775807",
         "i64: 9223372036854775807"),
      Ok("i64", Kind::kNumber, "1e18", "i64: 1000000000000000000"),
      Bad("i64", Kind::kString,
          "00000000000000000000000000009223372036854775808",
          "\"00000000000000000000000000009223372036854775808\" is out of "
          "range for int64 (-9223372036854775808 to 9223372036854775807)"),
      Ok("u64", Kind::kNumber, "18446744073709551615",
         "u64: 18446744073709551615"),
      Bad("u64", Kind::kNumber, "18446744073709551615.0",
          "18446744073709551615.0 is not exact as a double, as Python reads "
          "a number with a fraction or an exponent; write it as plain "
          "digits"),
      Ok("s64", Kind::kNumber, "-5", "s64: -5"),
      Ok("f64", Kind::kString, "8", "f64: 8"),
      Ok("sf64", Kind::kNumber, "-1e3", "sf64: -1000"),
      // Floats.
      Ok("real64", Kind::kNumber, "-0.0", "real64: -0"),
      // Python reads the number -0 as the int 0: +0.0.
      Ok("real64", Kind::kNumber, "-0", "real64: 0"),
      Ok("real64", Kind::kString, "-0", "real64: -0"),
      Ok("real64", Kind::kString, "1e-3", "real64: 0.001"),
      Ok("real32", Kind::kString, "Infinity", "real32: inf"),
      Bad("real64", Kind::kString, "inf",
          "expected double (a number, or \"NaN\", \"Infinity\" or "
          "\"-Infinity\"), got \"inf\""),
      Bad("real64", Kind::kString, " 1",
          "expected double (a number, or \"NaN\", \"Infinity\" or "
          "\"-Infinity\"), got \" 1\""),
      Bad("real32", Kind::kNumber, "3.5e38",
          "3.5e38 is out of range for float"),
      Bad("real64", Kind::kBool, "",
          "expected double (a number, or \"NaN\", \"Infinity\" or "
          "\"-Infinity\"), got false"),
      // Booleans, strings, bytes.
      Ok("flag", Kind::kBool, "", "flag: false"),
      Bad("flag", Kind::kString, "true",
          "expected bool (true or false), got \"true\""),
      Ok("text", Kind::kString, "", "text: \"\""),
      Bad("text", Kind::kNumber, "1", "expected string (a JSON string), got 1"),
      Ok("data", Kind::kString, "", "data: \"\""),
      Ok("data", Kind::kString, "YWI", "data: \"ab\""),
      Ok("data", Kind::kString, "YWI=", "data: \"ab\""),
      Bad("data", Kind::kString,
          "YWI==", "expected bytes (a base64 string), got \"YWI==\""),
      Bad("data", Kind::kString, "Y W",
          "expected bytes (a base64 string), got \"Y W\""),
      // Enums.
      Ok("color", Kind::kString, "COLOR_GREEN", "color: COLOR_GREEN"),
      Ok("color", Kind::kNumber, "-3", "color: -3"),
      Bad("color", Kind::kString, "GREEN",
          "unknown Color name \"GREEN\"; this version knows "
          "COLOR_UNSPECIFIED, COLOR_RED, COLOR_GREEN"),
      Bad("color", Kind::kString, "-1",
          "expected Color (a value name in quotes, or its number), got "
          "\"-1\"; write a number without quotes"),
      // Duration, in its string form only.
      Ok("timeout", Kind::kString, "0.5s", "timeout { nanos: 500000000 }"),
      Ok("timeout", Kind::kString, "-0.5s", "timeout { nanos: -500000000 }"),
      Ok("timeout", Kind::kString, "007s", "timeout { seconds: 7 }"),
      Ok("timeout", Kind::kString, "-315576000000.999999999s",
         "timeout { seconds: -315576000000 nanos: -999999999 }"),
      Bad("timeout", Kind::kString, "1.0000000001s",
          "expected google.protobuf.Duration (a string such as \"1.5s\"), got "
          "\"1.0000000001s\"; seconds with up to 9 fractional digits, within "
          "+-315576000000, then \"s\""),
      Bad("timeout", Kind::kString, "+1s",
          "expected google.protobuf.Duration (a string such as \"1.5s\"), got "
          "\"+1s\"; seconds with up to 9 fractional digits, within "
          "+-315576000000, then \"s\""),
      Bad("timeout", Kind::kNumber, "1",
          "expected google.protobuf.Duration (a string such as \"1.5s\"), got "
          "1"),
      // Repeated fields take elements one at a time.
      Ok("many_i64", Kind::kString, "-1", "many_i64: -1"),
      Ok("timeouts", Kind::kString, "2s", "timeouts { seconds: 2 }"),
      Ok("colors", Kind::kNumber, "1", "colors: COLOR_RED"),
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field + " " + std::string(c.value.text));
    AllTypes message;
    const auto* field = AllTypes::descriptor()->FindFieldByName(c.field);
    ASSERT_NE(field, nullptr);
    std::string warning;
    const std::string error = SetJsonValue(message, field, c.value, warning);
    EXPECT_EQ(warning, "");
    if (c.error) {
      EXPECT_EQ(error, c.expected);
      EXPECT_EQ(message.ByteSizeLong(), 0);  // Nothing set.
      continue;
    }
    EXPECT_EQ(error, "");
    AllTypes expected;
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(c.expected, &expected));
    EXPECT_EQ(message.SerializeAsString(), expected.SerializeAsString())
        << message.ShortDebugString();
  }
}

TEST(FindSurrogate, FindsOnlyEscapedSurrogates) {
  EXPECT_EQ(FindSurrogate("plain \xc3\xa9 \xf0\x9f\x98\x80"), "");
  EXPECT_EQ(FindSurrogate("a\xed\xb0\x80"), "\\udc00");
  EXPECT_EQ(FindSurrogate("\xed\x9f\xbf"), "");  // U+D7FF, valid.
}

TEST(DescribeJson, EchoesWhatWasWrittenEscapedAndCapped) {
  EXPECT_EQ(DescribeJson({Kind::kNull, false, ""}), "null");
  EXPECT_EQ(DescribeJson({Kind::kBool, true, ""}), "true");
  EXPECT_EQ(DescribeJson({Kind::kString, false, "\x1b]0;x\a"}),
            "\"\\x1b]0;x\\a\"");
  const std::string digits(100, '9');
  EXPECT_EQ(DescribeJson({Kind::kNumber, false, digits}),
            std::string(64, '9') + "... (100 bytes)");
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
