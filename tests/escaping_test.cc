// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/escaping.h"

#include <string>

#include "gtest/gtest.h"

namespace orbax::checkpoint::options::internal {
namespace {

struct Row {
  std::string in;
  std::string want;
};

TEST(Escaping, SanitizedKeepsPrintableTextAndValidUtf8) {
  const Row rows[] = {
      {"", ""},
      {"plain text: 0-9 {}[]", "plain text: 0-9 {}[]"},
      // Quotes and backslashes are not Sanitized()'s business.
      {R"("a\b")", R"("a\b")"},
      {"train_\xc3\xa9tat", "train_\xc3\xa9tat"},                // é
      {"\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac"},  // 日本
      {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},                  // U+1F600
      {"\xc2\xa0", "\xc2\xa0"},  // U+00A0, just past the C1 controls.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.in);
    EXPECT_EQ(Sanitized(row.in), row.want);
  }
}

TEST(Escaping, SanitizedEscapesControlCharacters) {
  const Row rows[] = {
      // C0 controls, with C's short escapes where C has them.
      {"a\nb", R"(a\nb)"},
      {"\r\t\a", R"(\r\t\a)"},
      {std::string("\0", 1), R"(\x00)"},
      {"\x01\x1b[31mred", R"(\x01\x1b[31mred)"},
      {"\x1f", R"(\x1f)"},
      // DEL.
      {"\x7f", R"(\x7f)"},
      // C1 controls, U+0080 to U+009F, as code points.
      {"\xc2\x80", R"(\u0080)"},
      {"\xc2\x9b"
       "31m",
       R"(\u009b31m)"},  // CSI
      {"\xc2\x9f", R"(\u009f)"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(Sanitized(row.in), row.want);
  }
}

TEST(Escaping, SanitizedEscapesTextReorderingControls) {
  // Unicode's Bidi_Control property (PropList.txt), every code point.
  const Row rows[] = {
      {"\xd8\x9c", R"(\u061c)"},      // ARABIC LETTER MARK
      {"\xe2\x80\x8e", R"(\u200e)"},  // LEFT-TO-RIGHT MARK
      {"\xe2\x80\x8f", R"(\u200f)"},  // RIGHT-TO-LEFT MARK
      {"\xe2\x80\xaa", R"(\u202a)"},  // LEFT-TO-RIGHT EMBEDDING
      {"\xe2\x80\xab", R"(\u202b)"},  // RIGHT-TO-LEFT EMBEDDING
      {"\xe2\x80\xac", R"(\u202c)"},  // POP DIRECTIONAL FORMATTING
      {"\xe2\x80\xad", R"(\u202d)"},  // LEFT-TO-RIGHT OVERRIDE
      {"a\xe2\x80\xae"
       "cba",
       R"(a\u202ecba)"},              // RIGHT-TO-LEFT OVERRIDE
      {"\xe2\x81\xa6", R"(\u2066)"},  // LEFT-TO-RIGHT ISOLATE
      {"\xe2\x81\xa7", R"(\u2067)"},  // RIGHT-TO-LEFT ISOLATE
      {"\xe2\x81\xa8", R"(\u2068)"},  // FIRST STRONG ISOLATE
      {"\xe2\x81\xa9", R"(\u2069)"},  // POP DIRECTIONAL ISOLATE
      // Neighbours that reorder nothing stay.
      {"\xd8\x9b", "\xd8\x9b"},        // U+061B ARABIC SEMICOLON
      {"\xd8\x9d", "\xd8\x9d"},        // U+061D
      {"\xe2\x80\x8d", "\xe2\x80\x8d"},  // U+200D ZERO WIDTH JOINER
      {"\xe2\x80\xaf", "\xe2\x80\xaf"},  // U+202F
      {"\xe2\x81\xaa", "\xe2\x81\xaa"},  // U+206A
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(Sanitized(row.in), row.want);
  }
}

TEST(Escaping, SanitizedEscapesEachByteThatIsNotUtf8) {
  const Row rows[] = {
      {"\xff", R"(\xff)"},
      {"a\x80z", R"(a\x80z)"},                      // A lone continuation byte.
      {"\xe2\x80", R"(\xe2\x80)"},                  // Truncated at the end.
      {"\xe2\x80x", R"(\xe2\x80x)"},                // Truncated mid-text.
      {"\xc0\xaf", R"(\xc0\xaf)"},                  // Overlong '/'.
      {"\xed\xa0\x80", R"(\xed\xa0\x80)"},          // A UTF-16 surrogate.
      {"\xf4\x90\x80\x80", R"(\xf4\x90\x80\x80)"},  // Past U+10FFFF.
      {"\xf8\x88\x80\x80\x80", R"(\xf8\x88\x80\x80\x80)"},  // 5-byte form.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(Sanitized(row.in), row.want);
  }
}

TEST(Escaping, AppendSanitizedAppends) {
  std::string out = "kept: ";
  AppendSanitized(out, "x\ny");
  EXPECT_EQ(out, R"(kept: x\ny)");
}

TEST(Escaping, QuoteEscapesQuotesBackslashesAndWhatSanitizedDoes) {
  const Row rows[] = {
      {"", R"("")"},
      {"job", R"("job")"},
      {R"(say "hi")", R"("say \"hi\"")"},
      {R"(C:\dir)", R"("C:\\dir")"},
      {"\x1b]0;pwned\a", R"("\x1b]0;pwned\a")"},
      {"\xff\xc2\x85\xe2\x80\xae", R"("\xff\u0085\u202e")"},
      {"train_\xc3\xa9tat", "\"train_\xc3\xa9tat\""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(Quote(row.in), row.want);
  }
}

TEST(Escaping, QuoteShowsUpToTheCapWhole) {
  ASSERT_EQ(kMaxQuotedBytes, 64u);
  const std::string at_cap(kMaxQuotedBytes, 'a');
  EXPECT_EQ(Quote(at_cap), "\"" + at_cap + "\"");
  // The cap counts bytes of the value, not of its escapes.
  const std::string newlines(kMaxQuotedBytes, '\n');
  std::string escaped;
  for (size_t i = 0; i < kMaxQuotedBytes; ++i) escaped += R"(\n)";
  EXPECT_EQ(Quote(newlines), "\"" + escaped + "\"");
}

TEST(Escaping, QuoteCutsALongerValueAndAddsItsSize) {
  EXPECT_EQ(Quote(std::string(kMaxQuotedBytes + 1, 'a')),
            "\"" + std::string(kMaxQuotedBytes, 'a') + "...\" (65 bytes)");
  EXPECT_EQ(Quote(std::string(1048576, 'z')),
            "\"" + std::string(kMaxQuotedBytes, 'z') + "...\" (1048576 bytes)");
}

TEST(Escaping, QuoteCutsOnACharacterBoundary) {
  // 63 bytes, then a 2-byte 'é' that would end at byte 65: the cut comes
  // before it, never inside it.
  const std::string value = std::string(63, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(Quote(value), "\"" + std::string(63, 'a') + "...\" (69 bytes)");
  // A 4-byte character ending exactly at the cap is shown.
  const std::string fits = std::string(60, 'a') + "\xf0\x9f\x98\x80" + "b";
  EXPECT_EQ(Quote(fits),
            "\"" + std::string(60, 'a') + "\xf0\x9f\x98\x80...\" (65 bytes)");
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
