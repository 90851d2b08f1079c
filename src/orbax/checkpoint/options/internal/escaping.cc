// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/escaping.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace orbax::checkpoint::options::internal {
namespace {

// The length of the UTF-8 sequence that starts `text` and its code point, or
// 0 if `text` does not start with one (overlong forms, surrogates and code
// points past U+10FFFF are not UTF-8).
size_t DecodeUtf8(std::string_view text, char32_t& code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(0);
  size_t length;
  char32_t min;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2, min = 0x80, code_point = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, min = 0x800, code_point = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, min = 0x10000, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3f);
  }
  if (code_point < min || code_point > 0x10ffff ||
      (code_point >= 0xd800 && code_point <= 0xdfff)) {
    return 0;
  }
  return length;
}

// Whether a code point must not reach a terminal raw: C0 and C1 controls,
// DEL, and the controls that reorder displayed text (Unicode's Bidi_Control
// property, PropList.txt: U+061C, U+200E-U+200F, U+202A-U+202E,
// U+2066-U+2069).
bool IsUnsafe(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
         c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

void AppendEscaped(std::string& out, char32_t c) {
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\a':
      out += "\\a";
      return;
  }
  if (c < 0x80) {
    absl::StrAppendFormat(&out, "\\x%02x", static_cast<uint32_t>(c));
  } else {
    absl::StrAppendFormat(&out, "\\u%04x", static_cast<uint32_t>(c));
  }
}

// Appends `text` escaped; with `quoted`, also escapes `"` and `\`. Stops
// before the first character that would take the input past `max_bytes`
// and returns the number of input bytes shown.
size_t AppendEscapedText(std::string& out, std::string_view text, bool quoted,
                         size_t max_bytes) {
  size_t i = 0;
  while (i < text.size()) {
    char32_t c;
    const size_t length = DecodeUtf8(text.substr(i), c);
    const size_t taken = length == 0 ? 1 : length;
    if (i + taken > max_bytes) break;
    if (length == 0) {
      absl::StrAppendFormat(&out, "\\x%02x", static_cast<uint8_t>(text[i]));
    } else if (IsUnsafe(c)) {
      AppendEscaped(out, c);
    } else if (quoted && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out.append(text.substr(i, length));
    }
    i += taken;
  }
  return i;
}

}  // namespace

std::string Quote(std::string_view value) {
  std::string out = "\"";
  const size_t shown = AppendEscapedText(out, value, true, kMaxQuotedBytes);
  if (shown < value.size()) {
    absl::StrAppend(&out, "...\" (", value.size(), " bytes)");
  } else {
    out += '"';
  }
  return out;
}

void AppendSanitized(std::string& out, std::string_view text) {
  AppendEscapedText(out, text, false, text.size());
}

std::string Sanitized(std::string_view text) {
  std::string out;
  AppendSanitized(out, text);
  return out;
}

}  // namespace orbax::checkpoint::options::internal
