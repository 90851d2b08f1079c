// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// A recursive-descent reader of protobuf's text format over protobuf's own
// tokenizer, set up as protobuf 3.21's `TextFormat::Parser` sets it up, with
// its grammar:
//
//   message = { field }
//   field   = name ( ":" value | [":"] message-value | [":"] list ) [";" | ","]
//   name    = identifier | "[" identifier { "." identifier } "]"
//   value   = ["-"] (integer | float | identifier) | string { string }
//   message-value = "{" message "}" | "<" message ">"
//   list    = "[" [ element { "," element } ] "]"
//
// where ":" is optional only before a message value or a list of messages,
// and a list only follows a repeated field. The parser reads fields through
// the message's descriptor and reflection, so any root message type works.
//
// Unknown fields are skipped as protobuf skips them (any value, messages,
// nested lists), and reported once each, after their value has been read
// whole, so that a syntax error inside one is reported as that error alone.
//
// The tokenizer looks one token ahead and reports lexical errors (bad
// escapes, control characters) while it scans that token. The parser keeps
// the first such error pending and carries on: the first diagnostic it
// would report next (or the end of the input) reports the lexical error
// instead, and stops, unless that diagnostic is about tokens wholly before
// the one the lexical error is in (an unknown field whose value was read
// whole): then both are reported, in source order. Values are never
// interpreted from a token scanned with a lexical error.
//
// Every `{`, `<` or `[` opened by a field's value is one level of nesting;
// the one that would open level `kMaxNestingDepth + 1` is refused before it
// is descended into, so the recursion is bounded.

#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/text_parser.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/strtod.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/escaping.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;
using google::protobuf::io::Tokenizer;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// A 0-based position as the tokenizer counts it (tabs advance the column to
// the next multiple of 8).
struct Pos {
  int line = 0;
  int column = 0;
};

Pos PosOf(const Tokenizer::Token& token) { return {token.line, token.column}; }

// The text as a stream, in chunks that fit in an `int`.
class ViewInputStream final : public google::protobuf::io::ZeroCopyInputStream {
 public:
  explicit ViewInputStream(std::string_view text) : text_(text) {}

  bool Next(const void** data, int* size) override {
    if (position_ >= text_.size()) return false;
    const size_t chunk = std::min<size_t>(text_.size() - position_, kChunk);
    *data = text_.data() + position_;
    *size = static_cast<int>(chunk);
    position_ += chunk;
    return true;
  }
  void BackUp(int count) override { position_ -= static_cast<size_t>(count); }
  bool Skip(int count) override {
    const size_t left = text_.size() - position_;
    position_ += std::min<size_t>(left, static_cast<size_t>(count));
    return static_cast<size_t>(count) <= left;
  }
  int64_t ByteCount() const override { return static_cast<int64_t>(position_); }

 private:
  static constexpr size_t kChunk = size_t{1} << 30;
  std::string_view text_;
  size_t position_ = 0;
};

// Whether `text` is UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    int length;
    char32_t c;
    char32_t min;
    if ((*p & 0xe0) == 0xc0) {
      length = 2, c = *p & 0x1f, min = 0x80;
    } else if ((*p & 0xf0) == 0xe0) {
      length = 3, c = *p & 0x0f, min = 0x800;
    } else if ((*p & 0xf8) == 0xf0) {
      length = 4, c = *p & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (end - p < length) return false;
    for (int i = 1; i < length; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      c = (c << 6) | (p[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
    p += length;
  }
  return true;
}

// The byte at a 0-based tokenizer position of `text`, or 0 past its end.
unsigned char ByteAt(std::string_view text, Pos at) {
  int line = 0;
  int column = 0;
  for (const char c : text) {
    if (line == at.line && column == at.column) {
      return static_cast<unsigned char>(c);
    }
    if (c == '\n') {
      ++line;
      column = 0;
    } else if (c == '\t') {
      column += 8 - column % 8;
    } else {
      ++column;
    }
  }
  return 0;
}

// Echoes a number token as written: digits need no quotes, unless there are
// too many to show.
std::string EchoNumber(std::string_view written) {
  return written.size() <= kMaxQuotedBytes ? std::string(written)
                                           : Quote(written);
}

const char* Article(std::string_view noun) {
  return !noun.empty() && std::string_view("AEIOUaeiou").find(noun[0]) !=
                              std::string_view::npos
             ? "an"
             : "a";
}

// What a value of `field` is written as, for "expected ..." messages.
std::string Takes(const FieldDescriptor* field) {
  const std::string type(field->type_name());
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(type, " (a whole number; 0x for hex, 0 for octal)");
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(type,
                          " (a whole number >= 0; 0x for hex, 0 for octal)");
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(type, " (a decimal number, inf or nan)");
    case FieldDescriptor::CPPTYPE_BOOL:
      return "bool (true or false; also True, False, t, f, 1, 0)";
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES
                 ? "bytes (in quotes, e.g. \"\\x01ab\")"
                 : "string (in quotes, e.g. \"abc\")";
    case FieldDescriptor::CPPTYPE_ENUM:
      return absl::StrCat(field->enum_type()->name(), " (a name such as ",
                          field->enum_type()->value(0)->name(),
                          ", or a number)");
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const std::string& name = field->message_type()->name();
      return absl::StrCat(Article(name), " ", name, " message in {...}");
    }
  }
  return type;
}

// The range of an integer type, for "out of range" messages.
std::string RangeOf(FieldDescriptor::CppType type) {
  switch (type) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_ENUM:
      return "-2147483648 to 2147483647";
    case FieldDescriptor::CPPTYPE_INT64:
      return "-9223372036854775808 to 9223372036854775807";
    case FieldDescriptor::CPPTYPE_UINT32:
      return "0 to 4294967295";
    default:
      return "0 to 18446744073709551615";
  }
}

// Our words for the tokenizer's lexical errors. `byte` is the byte at the
// error's position.
std::string LexicalMessage(const std::string& message, unsigned char byte,
                           bool lines) {
  if (message == "Invalid control characters encountered in text.") {
    return absl::StrFormat(
        "control character 0x%02X outside a string; remove "
        "it",
        byte);
  }
  if (absl::StartsWith(message, "Interpreting non ascii codepoint")) {
    return absl::StrFormat(
        "non-ASCII byte 0x%02X outside a string; only strings (in quotes) "
        "may hold non-ASCII text",
        byte);
  }
  if (message == "String literals cannot cross line boundaries.") {
    return "string not closed on its line; a string cannot cross lines "
           "(write \\n for a line break)";
  }
  if (message == "Unexpected end of string.") {
    return lines ? "string not closed before the end of the input"
                 : "string not closed before the end of the value";
  }
  if (message == "Invalid escape sequence in string literal.") {
    return "invalid escape sequence in a string (write \\\\ for a backslash)";
  }
  if (message == "Expected hex digits for escape sequence.") {
    return "\\x in a string must be followed by hex digits";
  }
  if (absl::StartsWith(message, "Expected four hex digits")) {
    return "\\u in a string must be followed by four hex digits";
  }
  if (absl::StartsWith(message, "Expected eight hex digits")) {
    return "\\U in a string must be followed by eight hex digits, at most "
           "0010ffff";
  }
  if (message == "\"0x\" must be followed by hex digits.") {
    return "0x must be followed by hex digits";
  }
  if (message == "Numbers starting with leading zero must be in octal.") {
    return "a number that starts with 0 is octal and may only have the "
           "digits 0-7";
  }
  if (message == "Need space between number and identifier.") {
    return "a number runs into a letter; put a space between them";
  }
  if (message == "Need space between identifier and decimal point.") {
    return "a name runs into a decimal point; put a space between them";
  }
  if (absl::StartsWith(message, "Already saw decimal point or exponent")) {
    return "a second decimal point or exponent in a number";
  }
  if (message == "\"e\" must be followed by exponent.") {
    return "the exponent of a number (after e) has no digits";
  }
  return absl::StrCat("syntax error: ", Sanitized(message));
}

// One message being read.
struct Frame {
  Frame(Message& m, bool element)
      : message(&m),
        type(m.GetDescriptor()),
        reflection(m.GetReflection()),
        in_element(element) {}

  Message* message;
  const Descriptor* type;
  const Reflection* reflection;
  // Whether the message is, or is inside, an element of a repeated field:
  // nothing inside is recorded in the locations.
  bool in_element;
  // Where each singular field of it was first given (when spelling paths),
  // for "given more than once; first at".
  absl::InlinedVector<std::pair<const FieldDescriptor*, Pos>, 4> seen;
};

class TextParser {
 public:
  // `spell`: spell out paths, and go on after errors where the grammar
  // allows. `lines`: the source has lines (a file), or not (`--set`).
  TextParser(std::string_view text, ParseContext& context, bool spell,
             bool lines, FieldLocations* locations)
      : text_(text),
        context_(context),
        spell_(spell),
        lines_(lines),
        locations_(locations),
        allow_unknown_(context.allow_unknown_fields()),
        input_(text),
        lexical_errors_(*this),
        tokenizer_(&input_, &lexical_errors_) {
    // As `TextFormat::Parser` sets it up; everything else stays default:
    // a space is required after numbers, and strings are single-line.
    tokenizer_.set_allow_f_after_float(true);
    tokenizer_.set_comment_style(Tokenizer::SH_COMMENT_STYLE);
  }

  TextParser(const TextParser&) = delete;
  TextParser& operator=(const TextParser&) = delete;

  // Reads a whole source into `root`.
  bool ParseFile(Message& root) {
    if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
      Emit(true, Pos{}, "", [] {
        return std::string(
            "starts with a UTF-8 byte order mark (bytes EF BB BF); save it "
            "as UTF-8 without one");
      });
      return false;
    }
    Next();
    Frame frame(root, false);
    if (!ParseFields(frame, '\0', Pos{})) return false;
    return Finish();
  }

  // Reads a value of `field` of `holder` (as after `name:`), which must be
  // the whole text but for a separator.
  bool ParseFieldValue(const FieldDescriptor* field, Message& holder,
                       std::string_view path) {
    path_ = std::string(path);
    holder.GetReflection()->ClearField(&holder, field);
    Next();
    Frame frame(holder, false);
    const size_t mark = path_.size();
    if (!ParseValue(frame, field, PosOf(Current()), mark)) return false;
    if (AtSymbol(';') || AtSymbol(',')) Next();
    if (Current().type != Tokenizer::TYPE_END) {
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat("expected the end of the value, got ", Got(token),
                            "; give one value for one field");
      });
    }
    return Finish();
  }

 private:
  // Keeps the tokenizer's first error pending (see the file comment).
  class LexicalErrors final : public google::protobuf::io::ErrorCollector {
   public:
    explicit LexicalErrors(TextParser& parser) : parser_(parser) {}
    void AddError(int line, int column, const std::string& message) override {
      parser_.OnLexicalError(Pos{line, column}, message);
    }
    void AddWarning(int, int, const std::string&) override {}

   private:
    TextParser& parser_;
  };

  struct PendingLexicalError {
    bool pending = false;
    int64_t token = 0;  // The index of the token scanned when it was found.
    Pos at;
    std::string message;
    std::string path;
  };

  void OnLexicalError(Pos at, const std::string& message) {
    if (lexical_.pending || lexical_reported_) return;
    lexical_.pending = true;
    lexical_.token = tokens_;
    lexical_.at = at;
    lexical_.message = message;
    if (spell_) lexical_.path = path_;
  }

  // --- Tokens ---------------------------------------------------------------

  const Tokenizer::Token& Current() { return tokenizer_.current(); }

  void Next() {
    ++tokens_;
    tokenizer_.Next();
  }

  bool AtSymbol(char c) {
    const Tokenizer::Token& token = tokenizer_.current();
    return token.type == Tokenizer::TYPE_SYMBOL && token.text.size() == 1 &&
           token.text[0] == c;
  }
  bool AtOpen() { return AtSymbol('{') || AtSymbol('<'); }
  bool AtClose() { return AtSymbol('}') || AtSymbol('>'); }

  // Describes a token for "got ..." (never one with a lexical error).
  std::string Got(const Tokenizer::Token& token) const {
    switch (token.type) {
      case Tokenizer::TYPE_END:
        return lines_ ? "the end of the input" : "the end of the value";
      case Tokenizer::TYPE_STRING: {
        std::string value;
        Tokenizer::ParseStringAppend(token.text, &value);
        return absl::StrCat("the string ", Quote(value));
      }
      default:
        return Quote(token.text);
    }
  }

  // --- Paths ----------------------------------------------------------------

  size_t PushName(std::string_view name) {
    const size_t mark = path_.size();
    if (spell_) {
      if (!path_.empty()) path_ += '.';
      path_.append(name);
    }
    return mark;
  }
  void PushIndex(int index) {
    if (spell_) absl::StrAppend(&path_, "[", index, "]");
  }
  void PopTo(size_t mark) {
    if (spell_) path_.resize(mark);
  }

  // --- Diagnostics ----------------------------------------------------------

  int Line(Pos at) const { return lines_ ? at.line + 1 : 0; }
  int Column(Pos at) const { return lines_ ? at.column + 1 : 0; }
  std::string Where(Pos at) const {
    return absl::StrCat(at.line + 1, ":", at.column + 1);
  }

  // Adds a diagnostic, building its message only if it is kept.
  template <typename MakeMessage>
  void Emit(bool error, Pos at, const std::string& path, MakeMessage&& make) {
    size_t& count = error ? errors_ : warnings_;
    if (error) failed_ = true;
    if (++count > kMaxReportedPerSeverity) {
      // Counted, not kept: `ParseContext::Finish()` says how many.
      if (error) {
        context_.Error(0, 0, std::string(), std::string());
      } else {
        context_.Warning(0, 0, std::string(), std::string());
      }
      return;
    }
    std::string shown_path = spell_ ? path : std::string();
    if (error) {
      context_.Error(Line(at), Column(at), std::move(shown_path), make());
    } else {
      context_.Warning(Line(at), Column(at), std::move(shown_path), make());
    }
  }

  bool ReportLexical() {
    lexical_.pending = false;
    lexical_reported_ = true;
    const unsigned char byte = ByteAt(text_, lexical_.at);
    Emit(true, lexical_.at, lexical_.path,
         [&] { return LexicalMessage(lexical_.message, byte, lines_); });
    return false;
  }

  // Reports a problem at `at` about the tokens up to index `last`; returns
  // whether to go on. A pending lexical error in those tokens is reported
  // instead; one after them, after it.
  template <typename MakeMessage>
  bool Report(bool error, Pos at, int64_t last, MakeMessage&& make) {
    if (lexical_.pending) {
      if (lexical_.token > last) Emit(error, at, path_, make);
      return ReportLexical();
    }
    Emit(error, at, path_, make);
    return !error || spell_;
  }

  // Reports an error about the current token.
  template <typename MakeMessage>
  bool Error(Pos at, MakeMessage&& make) {
    return Report(true, at, tokens_, make);
  }

  // Reports an error after which the grammar can't be trusted; stops.
  template <typename MakeMessage>
  bool Fatal(Pos at, MakeMessage&& make) {
    Report(true, at, tokens_, make);
    failed_ = true;
    return false;
  }

  // Whether the current token may be read: no lexical error is pending in
  // it or before it. Reports the pending one otherwise.
  bool Readable() { return !lexical_.pending || ReportLexical(); }

  bool Finish() {
    if (lexical_.pending) return ReportLexical();
    return !failed_;
  }

  std::string Unclosed(char close, Pos open,
                       const Tokenizer::Token& token) const {
    return absl::StrCat(
        "expected a field name or \"", std::string(1, close),
        "\" to close the message opened",
        lines_ ? absl::StrCat(" at ", Where(open)) : std::string(), ", got ",
        Got(token));
  }

  bool TooDeep() { return depth_ >= kMaxNestingDepth; }
  bool NestingError() {
    return Fatal(PosOf(Current()), [] {
      return absl::StrCat("nested more than ", kMaxNestingDepth,
                          " levels deep");
    });
  }

  // --- Messages -------------------------------------------------------------

  // Reads fields until the closing `close` (left current), or the end of the
  // input for the root (`close` == 0), of a message opened at `open`.
  bool ParseFields(Frame& frame, char close, Pos open) {
    while (true) {
      const Tokenizer::Token& token = Current();
      if (token.type == Tokenizer::TYPE_END) {
        if (close == '\0') return true;
        return Fatal(PosOf(token),
                     [&] { return Unclosed(close, open, token); });
      }
      if (AtClose()) {
        if (token.text[0] == close) return true;
        return Fatal(PosOf(token), [&] {
          if (close == '\0') {
            return absl::StrCat("unexpected ", Got(token),
                                "; no message is open");
          }
          return absl::StrCat(
              "expected \"", std::string(1, close),
              "\" to close the message opened",
              lines_ ? absl::StrCat(" at ", Where(open)) : std::string(),
              ", got ", Got(token));
        });
      }
      if (!ParseField(frame)) return false;
    }
  }

  bool ParseField(Frame& frame) {
    const Tokenizer::Token& token = Current();
    const Pos name_at = PosOf(token);
    if (token.type == Tokenizer::TYPE_IDENTIFIER) {
      if (const FieldDescriptor* field =
              frame.type->FindFieldByName(token.text)) {
        return ParseKnownField(frame, field, name_at);
      }
      return ParseUnknownField(frame, name_at);
    }
    if (token.type == Tokenizer::TYPE_INTEGER || AtSymbol('[')) {
      return ParseUnknownField(frame, name_at);
    }
    return Fatal(name_at, [&] {
      return absl::StrCat("expected a field name, got ", Got(token));
    });
  }

  bool ParseKnownField(Frame& frame, const FieldDescriptor* field,
                       Pos name_at) {
    const size_t mark = PushName(field->name());
    const Reflection* reflection = frame.reflection;
    if (!field->is_repeated()) {
      if (reflection->HasField(*frame.message, field)) {
        if (!Error(name_at, [&] { return GivenTwice(frame, field); })) {
          return false;
        }
      } else if (const OneofDescriptor* oneof = field->real_containing_oneof();
                 oneof != nullptr &&
                 reflection->HasOneof(*frame.message, oneof)) {
        const FieldDescriptor* other =
            reflection->GetOneofFieldDescriptor(*frame.message, oneof);
        if (!Error(name_at, [&] {
              return absl::StrCat("conflicts with ", other->name(),
                                  ": both are members of oneof \"",
                                  oneof->name(), "\"; set only one");
            })) {
          return false;
        }
      }
      if (spell_ && lines_) Remember(frame, field, name_at);
      if (locations_ != nullptr && !frame.in_element) {
        locations_->Set(path_, SourceLocation{context_.file(), Line(name_at),
                                              Column(name_at)});
      }
    }
    Next();  // The name.
    if (AtSymbol(':')) {
      Next();
    } else if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat("expected \":\" after the field name, got ",
                            Got(token));
      });
    }
    if (!ParseValue(frame, field, name_at, mark)) return false;
    if (AtSymbol(';') || AtSymbol(',')) Next();
    return true;
  }

  // Reads the value of `field` (named at `name_at`) after its name and colon:
  // a list, an element, a message or a scalar. Restores the path to `mark`
  // before the last token of the value is passed.
  bool ParseValue(Frame& frame, const FieldDescriptor* field, Pos name_at,
                  size_t mark) {
    if (field->is_repeated()) {
      if (AtSymbol('[')) return ParseList(frame, field, name_at, mark);
      return ParseElement(frame, field, name_at, name_at, mark);
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (frame.reflection->HasField(*frame.message, field)) {
        // Given twice (reported): read the second into a scratch message,
        // so that its fields are not reported as given twice too.
        std::unique_ptr<Message> scratch(
            frame.reflection->GetMessage(*frame.message, field).New());
        return ParseMessageValue(*scratch, field, true, mark);
      }
      return ParseMessageValue(
          *frame.reflection->MutableMessage(frame.message, field), field,
          frame.in_element, mark);
    }
    return ParseScalar(frame, field, mark);
  }

  // `[` is current.
  bool ParseList(Frame& frame, const FieldDescriptor* field, Pos name_at,
                 size_t mark) {
    if (TooDeep()) return NestingError();
    ++depth_;
    const size_t field_mark = path_.size();
    Next();
    if (!AtSymbol(']')) {
      while (true) {
        if (!ParseElement(frame, field, name_at, PosOf(Current()),
                          field_mark)) {
          return false;
        }
        if (AtSymbol(']')) break;
        if (!AtSymbol(',')) {
          const Tokenizer::Token& token = Current();
          return Fatal(PosOf(token), [&] {
            return absl::StrCat(
                "expected \",\" or \"]\" after a list element, "
                "got ",
                Got(token));
          });
        }
        Next();
      }
    }
    --depth_;
    PopTo(mark);
    Next();  // `]`.
    return true;
  }

  // Reads one element of a repeated field, placed at `element_at`.
  bool ParseElement(Frame& frame, const FieldDescriptor* field, Pos name_at,
                    Pos element_at, size_t mark) {
    const int index = frame.reflection->FieldSize(*frame.message, field);
    if (locations_ != nullptr && !frame.in_element) {
      if (index == 0) {
        locations_->Set(path_, SourceLocation{context_.file(), Line(name_at),
                                              Column(name_at)});
      }
      locations_->AddElement(path_, Line(element_at), Column(element_at));
    }
    PushIndex(index);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!AtOpen()) return ExpectedMessage(field);  // Before AddMessage.
      return ParseMessageValue(
          *frame.reflection->AddMessage(frame.message, field), field, true,
          mark);
    }
    return ParseScalar(frame, field, mark);
  }

  bool ExpectedMessage(const FieldDescriptor* field) {
    const Tokenizer::Token& token = Current();
    return Fatal(PosOf(token), [&] {
      return absl::StrCat("expected ", Takes(field), ", got ", Got(token));
    });
  }

  // Reads `{...}` or `<...>` into `message`.
  bool ParseMessageValue(Message& message, const FieldDescriptor* field,
                         bool in_element, size_t mark) {
    if (!AtOpen()) return ExpectedMessage(field);
    if (TooDeep()) return NestingError();
    const Pos open = PosOf(Current());
    const char close = Current().text[0] == '{' ? '}' : '>';
    ++depth_;
    Next();
    Frame nested(message, in_element);
    if (!ParseFields(nested, close, open)) return false;
    --depth_;
    PopTo(mark);
    Next();  // The closing delimiter.
    return true;
  }

  void Remember(Frame& frame, const FieldDescriptor* field, Pos at) {
    for (const auto& [seen, where] : frame.seen) {
      if (seen == field) return;
    }
    frame.seen.emplace_back(field, at);
  }

  std::string GivenTwice(const Frame& frame,
                         const FieldDescriptor* field) const {
    for (const auto& [seen, where] : frame.seen) {
      if (seen == field) {
        return absl::StrCat("given more than once; first at ", Where(where));
      }
    }
    return "given more than once";
  }

  // --- Scalars --------------------------------------------------------------

  // Reads a scalar value of `field` and sets it (or adds it, if repeated).
  bool ParseScalar(Frame& frame, const FieldDescriptor* field, size_t mark) {
    const Pos at = PosOf(Current());
    bool negative = false;
    if (AtSymbol('-')) {
      negative = true;
      Next();
    }
    const Tokenizer::Token& token = Current();
    switch (token.type) {
      case Tokenizer::TYPE_INTEGER:
      case Tokenizer::TYPE_FLOAT:
      case Tokenizer::TYPE_IDENTIFIER:
        break;
      case Tokenizer::TYPE_STRING:
        if (!negative) return ParseStrings(frame, field, at, mark);
        [[fallthrough]];
      default:
        return Fatal(PosOf(token), [&] {
          return negative ? absl::StrCat("expected a number after \"-\", got ",
                                         Got(token))
                          : absl::StrCat("expected ", Takes(field), ", got ",
                                         Got(token));
        });
    }
    if (!Readable()) return false;
    const bool ok = SetScalar(frame, field, at, negative, token);
    PopTo(mark);
    Next();
    return ok;
  }

  // Reads adjacent strings (the current token is the first) as one value.
  bool ParseStrings(Frame& frame, const FieldDescriptor* field, Pos at,
                    size_t mark) {
    std::string value;
    while (Current().type == Tokenizer::TYPE_STRING) {
      if (!Readable()) return false;
      Tokenizer::ParseStringAppend(Current().text, &value);
      Next();
    }
    const int64_t last = tokens_ - 1;
    if (lexical_.pending && lexical_.token == tokens_ && spell_) {
      lexical_.path = path_.substr(0, mark);  // After the value.
    }
    bool ok = true;
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      ok = Report(true, at, last, [&] {
        return absl::StrCat("expected ", Takes(field), ", got the string ",
                            Quote(value));
      });
    } else if (field->type() == FieldDescriptor::TYPE_STRING &&
               !IsUtf8(value)) {
      ok = Report(true, at, last, [&] {
        return absl::StrCat("not valid UTF-8: ", Quote(value),
                            "; string fields must be UTF-8");
      });
    } else if (field->is_repeated()) {
      frame.reflection->AddString(frame.message, field, std::move(value));
    } else {
      frame.reflection->SetString(frame.message, field, std::move(value));
    }
    PopTo(mark);
    return ok;
  }

  // Sets `field` from one token, after a `-` if `negative`; returns whether
  // to go on.
  bool SetScalar(Frame& frame, const FieldDescriptor* field, Pos at,
                 bool negative, const Tokenizer::Token& token) {
    const Reflection* r = frame.reflection;
    Message* m = frame.message;
    const bool repeated = field->is_repeated();
    const auto expected = [&] {
      return Error(at, [&] { return Expected(field, negative, token); });
    };
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t magnitude = 0;
        const IntegerResult result =
            ParseInteger(field->cpp_type(), negative, token, magnitude);
        if (result != IntegerResult::kOk) {
          return ReportInteger(result, field, at, negative, token);
        }
        const auto value =
            static_cast<int64_t>(negative ? 0 - magnitude : magnitude);
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_INT32:
            repeated ? r->AddInt32(m, field, static_cast<int32_t>(value))
                     : r->SetInt32(m, field, static_cast<int32_t>(value));
            break;
          case FieldDescriptor::CPPTYPE_INT64:
            repeated ? r->AddInt64(m, field, value)
                     : r->SetInt64(m, field, value);
            break;
          case FieldDescriptor::CPPTYPE_UINT32:
            repeated ? r->AddUInt32(m, field, static_cast<uint32_t>(magnitude))
                     : r->SetUInt32(m, field, static_cast<uint32_t>(magnitude));
            break;
          default:
            repeated ? r->AddUInt64(m, field, magnitude)
                     : r->SetUInt64(m, field, magnitude);
            break;
        }
        return true;
      }
      case FieldDescriptor::CPPTYPE_FLOAT:
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double value = 0;
        if (token.type == Tokenizer::TYPE_INTEGER) {
          const std::string& text = token.text;
          if (text.size() >= 2 && text[0] == '0' &&
              (text[1] == 'x' || text[1] == 'X' ||
               (text[1] >= '0' && text[1] < '8'))) {
            return expected();  // Hex and octal are not decimal.
          }
          uint64_t integer = 0;
          value = Tokenizer::ParseInteger(
                      text, std::numeric_limits<uint64_t>::max(), &integer)
                      ? static_cast<double>(integer)
                      : Tokenizer::ParseFloat(text);
        } else if (token.type == Tokenizer::TYPE_FLOAT) {
          value = Tokenizer::ParseFloat(token.text);
        } else {
          const std::string lower = absl::AsciiStrToLower(token.text);
          if (lower == "inf" || lower == "infinity") {
            value = std::numeric_limits<double>::infinity();
          } else if (lower == "nan") {
            value = std::numeric_limits<double>::quiet_NaN();
          } else {
            return expected();
          }
        }
        if (negative) value = -value;
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
          const float f = google::protobuf::io::SafeDoubleToFloat(value);
          repeated ? r->AddFloat(m, field, f) : r->SetFloat(m, field, f);
        } else {
          repeated ? r->AddDouble(m, field, value)
                   : r->SetDouble(m, field, value);
        }
        return true;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool value;
        uint64_t integer = 0;
        if (negative) {
          return expected();
        } else if (token.type == Tokenizer::TYPE_INTEGER) {
          if (!Tokenizer::ParseInteger(token.text, 1, &integer)) {
            return expected();
          }
          value = integer != 0;
        } else if (token.type != Tokenizer::TYPE_IDENTIFIER) {
          return expected();
        } else if (token.text == "true" || token.text == "True" ||
                   token.text == "t") {
          value = true;
        } else if (token.text == "false" || token.text == "False" ||
                   token.text == "f") {
          value = false;
        } else {
          return expected();
        }
        repeated ? r->AddBool(m, field, value) : r->SetBool(m, field, value);
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        return SetEnum(frame, field, at, negative, token);
      case FieldDescriptor::CPPTYPE_STRING:
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;
    }
    return expected();
  }

  static std::string Expected(const FieldDescriptor* field, bool negative,
                              const Tokenizer::Token& token) {
    return absl::StrCat("expected ", Takes(field), ", got ",
                        Quote(absl::StrCat(negative ? "-" : "", token.text)));
  }

  enum class IntegerResult { kOk, kNotAnInteger, kOutOfRange };

  // Parses an integer token (after a `-` if `negative`) for an integer of
  // `type`, or an enum number, into its magnitude.
  static IntegerResult ParseInteger(FieldDescriptor::CppType type,
                                    bool negative,
                                    const Tokenizer::Token& token,
                                    uint64_t& magnitude) {
    const bool is_signed = type == FieldDescriptor::CPPTYPE_INT32 ||
                           type == FieldDescriptor::CPPTYPE_INT64 ||
                           type == FieldDescriptor::CPPTYPE_ENUM;
    if (token.type != Tokenizer::TYPE_INTEGER || (negative && !is_signed)) {
      return IntegerResult::kNotAnInteger;
    }
    uint64_t max;
    switch (type) {
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_ENUM:
        max = std::numeric_limits<int32_t>::max();
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        max = std::numeric_limits<int64_t>::max();
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        max = std::numeric_limits<uint32_t>::max();
        break;
      default:
        max = std::numeric_limits<uint64_t>::max();
        break;
    }
    if (negative) ++max;  // Two's complement: one more below zero.
    return Tokenizer::ParseInteger(token.text, max, &magnitude)
               ? IntegerResult::kOk
               : IntegerResult::kOutOfRange;
  }

  bool ReportInteger(IntegerResult result, const FieldDescriptor* field, Pos at,
                     bool negative, const Tokenizer::Token& token) {
    if (result == IntegerResult::kNotAnInteger) {
      return Error(at, [&] { return Expected(field, negative, token); });
    }
    return Error(at, [&] {
      const std::string written = absl::StrCat(negative ? "-" : "", token.text);
      return absl::StrCat(
          EchoNumber(written), " is out of range for ",
          field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM
              ? absl::StrCat(field->enum_type()->name(), " numbers")
              : std::string(field->type_name()),
          " (", RangeOf(field->cpp_type()), ")");
    });
  }

  bool SetEnum(Frame& frame, const FieldDescriptor* field, Pos at,
               bool negative, const Tokenizer::Token& token) {
    const EnumDescriptor* type = field->enum_type();
    const Reflection* r = frame.reflection;
    Message* m = frame.message;
    const bool repeated = field->is_repeated();
    if (token.type == Tokenizer::TYPE_IDENTIFIER && !negative) {
      const EnumValueDescriptor* value = type->FindValueByName(token.text);
      if (value == nullptr) {
        return Error(at, [&] { return UnknownEnumName(type, token.text); });
      }
      repeated ? r->AddEnum(m, field, value) : r->SetEnum(m, field, value);
      return true;
    }
    uint64_t magnitude = 0;
    const IntegerResult result =
        ParseInteger(FieldDescriptor::CPPTYPE_ENUM, negative, token, magnitude);
    if (result != IntegerResult::kOk) {
      return ReportInteger(result, field, at, negative, token);
    }
    const auto value = static_cast<int>(
        static_cast<int64_t>(negative ? 0 - magnitude : magnitude));
    if (type->FindValueByNumber(value) == nullptr &&
        !r->SupportsUnknownEnumValues()) {
      return Error(at, [&] {
        return absl::StrCat("unknown ", type->name(), " number ", value);
      });
    }
    // An open enum keeps numbers it does not name, as protobuf does;
    // validation decides about them.
    repeated ? r->AddEnumValue(m, field, value)
             : r->SetEnumValue(m, field, value);
    return true;
  }

  static std::string UnknownEnumName(const EnumDescriptor* type,
                                     const std::string& name) {
    constexpr int kMaxListed = 16;
    std::string known;
    for (int i = 0; i < type->value_count() && i < kMaxListed; ++i) {
      absl::StrAppend(&known, i == 0 ? "" : ", ", type->value(i)->name());
    }
    if (type->value_count() > kMaxListed) {
      absl::StrAppend(&known, ", ... (", type->value_count(), " names)");
    }
    return absl::StrCat("unknown ", type->name(), " name ", Quote(name),
                        "; this version knows ", known);
  }

  // --- Unknown fields -------------------------------------------------------

  // Reads a field that `frame`'s type does not have (its name is current),
  // skips its value, and reports it at its name.
  bool ParseUnknownField(Frame& frame, Pos name_at) {
    std::string name;
    bool type_url = false;
    if (AtSymbol('[')) {
      if (!ReadBracketName(name, type_url)) return false;
    } else {
      name = Current().text;
    }
    const size_t mark = PushName(name);
    const bool any = frame.type->full_name() == "google.protobuf.Any";
    // A type URL outside an unknown field, or any `[...]` name in an Any,
    // is protobuf's expanded form of an Any: refused even when unknown
    // fields are allowed, as protobuf refuses it where it can't expand it.
    const bool refused = !allow_unknown_ || type_url || (any && name[0] == '[');
    const auto message = [&] {
      if (type_url || (any && name[0] == '[')) {
        return absl::StrCat("unknown field: ", frame.type->name(),
                            " has no field named ", Quote(name),
                            " (expanded google.protobuf.Any values are not "
                            "supported)");
      }
      return absl::StrCat(
          refused ? "unknown field: " : "unknown field ignored: ",
          frame.type->name(), " has no field named ", Quote(name),
          frame.type->IsReservedName(name)
              ? " (the name is reserved: the field was removed)"
              : "");
    };
    if (refused && !spell_) return Fatal(name_at, message);
    Next();  // The name, or its `]`.
    if (!SkipFieldBody()) return false;
    // Reported once its value was read whole: a syntax error inside it is
    // reported alone. A lexical error just after it is outside it.
    if (lexical_.pending && lexical_.token == tokens_ && spell_) {
      lexical_.path = path_.substr(0, mark);
    }
    const bool go_on = Report(refused, name_at, tokens_ - 1, message);
    PopTo(mark);
    if (!go_on) return false;
    // protobuf 3.21 refuses a separator here (where 22 and Python accept it):
    // a difference kept on purpose.
    if (AtSymbol(';') || AtSymbol(',')) Next();
    return true;
  }

  // Reads `[a.b.c]` or `[host/path/type]` (current: `[`), leaving `]`
  // current. Parts are identifiers or integers, as protobuf reads them.
  bool ReadBracketName(std::string& name, bool& type_url) {
    name = "[";
    Next();
    while (true) {
      const Tokenizer::Token& part = Current();
      if (part.type != Tokenizer::TYPE_IDENTIFIER &&
          part.type != Tokenizer::TYPE_INTEGER) {
        return Fatal(PosOf(part), [&] {
          return absl::StrCat("expected a name inside [...], got ", Got(part));
        });
      }
      name += part.text;
      Next();
      if (AtSymbol('.') || AtSymbol('/')) {
        type_url = type_url || Current().text[0] == '/';
        name += Current().text;
        Next();
        continue;
      }
      if (AtSymbol(']')) {
        name += ']';
        return true;
      }
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat("expected \".\", \"/\" or \"]\" in the name ",
                            Quote(name), ", got ", Got(token));
      });
    }
  }

  // After an unknown field's name: `: value`, `: {...}` or `{...}`, as
  // protobuf skips it.
  bool SkipFieldBody() {
    if (AtSymbol(':')) {
      Next();
      return AtOpen() ? SkipMessage() : SkipValue();
    }
    return SkipMessage();
  }

  // A scalar, adjacent strings, or a list (possibly empty, possibly nested).
  bool SkipValue() {
    if (Current().type == Tokenizer::TYPE_STRING) {
      while (Current().type == Tokenizer::TYPE_STRING) Next();
      return true;
    }
    if (AtSymbol('[')) {
      if (TooDeep()) return NestingError();
      ++depth_;
      Next();
      if (!AtSymbol(']')) {
        while (true) {
          if (!(AtOpen() ? SkipMessage() : SkipValue())) return false;
          if (AtSymbol(']')) break;
          if (!AtSymbol(',')) {
            const Tokenizer::Token& token = Current();
            return Fatal(PosOf(token), [&] {
              return absl::StrCat(
                  "expected \",\" or \"]\" after a list element, got ",
                  Got(token));
            });
          }
          Next();
        }
      }
      --depth_;
      Next();  // `]`.
      return true;
    }
    const bool negative = AtSymbol('-');
    if (negative) Next();
    const Tokenizer::Token& token = Current();
    if (token.type != Tokenizer::TYPE_INTEGER &&
        token.type != Tokenizer::TYPE_FLOAT &&
        token.type != Tokenizer::TYPE_IDENTIFIER) {
      return Fatal(PosOf(token), [&] {
        return absl::StrCat(negative ? "expected a number after \"-\", got "
                                     : "expected a value, got ",
                            Got(token));
      });
    }
    if (negative && token.type == Tokenizer::TYPE_IDENTIFIER) {
      const std::string lower = absl::AsciiStrToLower(token.text);
      if (lower != "inf" && lower != "infinity" && lower != "nan") {
        return Fatal(PosOf(token), [&] {
          return absl::StrCat(
              "expected a number, inf, infinity or nan after \"-\", got ",
              Got(token));
        });
      }
    }
    Next();
    return true;
  }

  // `{...}` or `<...>` of unknown fields.
  bool SkipMessage() {
    if (!AtOpen()) {
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat(
            "expected \":\" and a value, or a message in {...}, after the "
            "field name, got ",
            Got(token));
      });
    }
    if (TooDeep()) return NestingError();
    const Pos open = PosOf(Current());
    const char close = Current().text[0] == '{' ? '}' : '>';
    ++depth_;
    Next();
    while (!AtClose()) {
      const Tokenizer::Token& token = Current();
      if (token.type == Tokenizer::TYPE_END) {
        return Fatal(PosOf(token),
                     [&] { return Unclosed(close, open, token); });
      }
      if (!SkipField()) return false;
    }
    if (Current().text[0] != close) {
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat(
            "expected \"", std::string(1, close),
            "\" to close the message opened",
            lines_ ? absl::StrCat(" at ", Where(open)) : std::string(),
            ", got ", Got(token));
      });
    }
    --depth_;
    Next();
    return true;
  }

  // A field inside an unknown message: any name, then its value.
  bool SkipField() {
    std::string name;
    if (AtSymbol('[')) {
      bool type_url = false;
      if (!ReadBracketName(name, type_url)) return false;
    } else if (Current().type == Tokenizer::TYPE_IDENTIFIER ||
               Current().type == Tokenizer::TYPE_INTEGER) {
      name = Current().text;
    } else {
      const Tokenizer::Token& token = Current();
      return Fatal(PosOf(token), [&] {
        return absl::StrCat("expected a field name, got ", Got(token));
      });
    }
    const size_t mark = PushName(name);
    Next();
    if (!SkipFieldBody()) return false;
    PopTo(mark);
    if (AtSymbol(';') || AtSymbol(',')) Next();
    return true;
  }

  std::string_view text_;
  ParseContext& context_;
  const bool spell_;
  const bool lines_;
  FieldLocations* const locations_;
  const bool allow_unknown_;
  ViewInputStream input_;
  LexicalErrors lexical_errors_;
  Tokenizer tokenizer_;

  int64_t tokens_ = 0;  // The index of the current token.
  int depth_ = 0;
  std::string path_;  // Of the field being read (when spelling paths).
  size_t errors_ = 0;
  size_t warnings_ = 0;
  bool failed_ = false;
  PendingLexicalError lexical_;
  bool lexical_reported_ = false;
};

}  // namespace

bool ParseTextFormat(std::string_view text, Message& root,
                     ParseContext& context) {
  const bool recording = context.recording();
  TextParser parser(text, context, /*spell=*/recording, /*lines=*/true,
                    context.locations());
  return parser.ParseFile(root);
}

bool ParseTextFieldValue(std::string_view value, const FieldDescriptor* field,
                         Message& holder, std::string_view path,
                         ParseContext& context) {
  TextParser parser(value, context, /*spell=*/true, /*lines=*/false,
                    /*locations=*/nullptr);
  return parser.ParseFieldValue(field, holder, path);
}

}  // namespace orbax::checkpoint::options::internal
