// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/json_locator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/common.h"
#include "orbax/checkpoint/options/internal/field_path.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::OneofDescriptor;

// Shows a character in an error message.
std::string Quoted(char c) {
  if (std::isprint(static_cast<unsigned char>(c))) {
    return absl::StrCat("'", std::string(1, c), "'");
  }
  return absl::StrCat(
      "byte 0x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
}

// Whether byte `c` stands for itself inside a JSON string: not the closing
// quote, not a backslash, not a control character.
constexpr auto kPlainInString = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 256; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// Whether byte `c` is JSON whitespace.
constexpr auto kSpace = [] {
  std::array<bool, 256> space{};
  space[' '] = space['\t'] = space['\n'] = space['\r'] = true;
  return space;
}();

// Whether byte `c` can be part of a number, `true`, `false` or `null`, as
// far as finding where such a word ends goes (the word is checked after).
constexpr bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.';
}

class JsonWalker {
 public:
  JsonWalker(std::string_view json, const std::string& file,
             bool allow_unknown_fields, FieldLocations* locations,
             std::vector<Diagnostic>& diagnostics)
      : json_(json),
        file_(file),
        allow_unknown_fields_(allow_unknown_fields),
        locations_(locations),
        diagnostics_(diagnostics) {}

  bool Walk(const Descriptor* root) {
    SkipSpace();
    if (AtEnd()) return Fail("", "empty input; expected a JSON object");
    if (Peek() != '{') {
      return Fail("",
                  absl::StrCat("expected a JSON object, got ", Quoted(Peek())));
    }
    if (!Value(nullptr, root, "", 0)) return false;
    SkipSpace();
    if (!AtEnd()) {
      return Fail("", absl::StrCat("unexpected ", Quoted(Peek()),
                                   " after the end of the JSON object"));
    }
    return true;
  }

 private:
  bool AtEnd() const { return pos_ >= json_.size(); }
  char Peek() const { return json_[pos_]; }
  // A place in `json_`, as a byte offset; turned into a line and column only
  // where one is recorded or reported, so the walk itself counts no columns.
  using Position = size_t;
  Position Here() const { return pos_; }
  // Whether only the verdict counts (no locations are recorded): then the
  // diagnostics are not shown, and paths are not spelled out.
  bool check_only() const { return locations_ == nullptr; }
  SourceLocation At(Position where) const {
    const LineColumn at = LineColumnOf(where);
    return {file_, at.line, at.column};
  }

  // The 1-based line and column of byte `offset`: one column per byte, and
  // a tab moves to the next multiple of 8, plus 1 (as protobuf's tokenizer
  // counts). Scans on from the last offset asked for, so asking in order,
  // as the walk does, costs one pass over the input in all.
  struct LineColumn {
    int line = 1;
    int column = 1;
  };
  LineColumn LineColumnOf(size_t offset) const {
    if (offset < scanned_) {
      scanned_ = 0;
      scanned_at_ = {};
    }
    for (; scanned_ < offset; ++scanned_) {
      const char c = json_[scanned_];
      if (c == '\n') {
        ++scanned_at_.line;
        scanned_at_.column = 1;
      } else if (c == '\t') {
        scanned_at_.column = ((scanned_at_.column - 1) / 8 + 1) * 8 + 1;
      } else {
        ++scanned_at_.column;
      }
    }
    return scanned_at_;
  }

  void Advance() { ++pos_; }

  void SkipSpace() {
    while (!AtEnd() && kSpace[static_cast<unsigned char>(Peek())]) ++pos_;
  }

  // Reports an error at the current position; always returns false.
  bool Fail(std::string path, std::string message) {
    return FailAt(Here(), std::move(path), std::move(message));
  }
  bool FailAt(Position where, std::string path, std::string message) {
    Report(std::move(where), std::move(path), std::move(message));
    return false;
  }
  // Reports an error that does not stop the walk.
  void Report(Position where, std::string path, std::string message) {
    Diagnostic d;
    d.location = At(where);
    d.path = std::move(path);
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }

  bool Expect(char c, std::string_view path, std::string_view what) {
    SkipSpace();
    if (AtEnd()) {
      return Fail(std::string(path),
                  absl::StrCat("unexpected end of input; expected ",
                               std::string(what)));
    }
    if (Peek() != c) {
      return Fail(std::string(path),
                  absl::StrCat("expected ", std::string(what), ", got ",
                               Quoted(Peek())));
    }
    Advance();
    return true;
  }

  // Reads a string at the current position (a '"'), decoding only the
  // escapes a field name could need. `out` views the input when the string
  // has no escapes (the usual case, and no copy), or else `buffer`.
  bool String(std::string_view path, std::string& buffer,
              std::string_view& out) {
    const Position where = Here();
    Advance();  // The opening quote.
    const size_t start = pos_;
    unsigned char high_bits = 0;  // Only non-ASCII text needs a UTF-8 check.
    bool escaped = false;
    while (true) {
      // A run of plain characters, taken at once.
      size_t end = pos_;
      while (end < json_.size() &&
             kPlainInString[static_cast<unsigned char>(json_[end])]) {
        high_bits |= static_cast<unsigned char>(json_[end]);
        ++end;
      }
      if (escaped) buffer.append(json_.data() + pos_, end - pos_);
      pos_ = end;
      if (AtEnd()) return Fail(std::string(path), "unterminated string");
      const char c = Peek();
      if (c == '"') {
        const std::string_view raw = json_.substr(start, pos_ - start);
        if ((high_bits & 0x80) != 0 &&
            !google::protobuf::internal::IsStructurallyValidUTF8(
                raw.data(), static_cast<int>(raw.size()))) {
          return FailAt(where, std::string(path),
                        absl::StrCat("string is not valid UTF-8: \"",
                                     absl::CHexEscape(absl::string_view(
                                         raw.data(), raw.size())),
                                     "\"; JSON text must be UTF-8"));
        }
        out = escaped ? std::string_view(buffer) : raw;
        Advance();
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return Fail(std::string(path),
                    absl::StrCat("control character ", Quoted(c),
                                 " in a string; escape it"));
      }
      // A backslash: from here on the string is decoded into `buffer`.
      if (!escaped) {
        buffer.assign(json_.data() + start, pos_ - start);
        escaped = true;
      }
      const Position escape_at = Here();
      Advance();
      if (AtEnd()) return Fail(std::string(path), "unterminated string");
      const char e = Peek();
      Advance();
      switch (e) {
        case '"':
        case '\\':
        case '/':
          buffer += e;
          break;
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          buffer += ' ';
          break;
        case 'u': {
          int code = 0;
          for (int i = 0; i < 4; ++i) {
            if (AtEnd() || !std::isxdigit(static_cast<unsigned char>(Peek()))) {
              return Fail(std::string(path),
                          "\\u must be followed by 4 hex digits");
            }
            const char h = Peek();
            code = code * 16 + (std::isdigit(static_cast<unsigned char>(h))
                                    ? h - '0'
                                    : std::tolower(h) - 'a' + 10);
            Advance();
          }
          // ASCII exactly (enum names are checked); anything else as '?'.
          buffer += code < 0x80 ? static_cast<char>(code) : '?';
          break;
        }
        default:
          return FailAt(escape_at, std::string(path),
                        absl::StrCat("invalid escape \\", std::string(1, e)));
      }
    }
  }

  // Reads a number, `true`, `false` or `null`.
  bool Scalar(std::string_view path) {
    const size_t start = pos_;
    const Position where = Here();
    while (!AtEnd() && IsWordByte(Peek())) Advance();
    const std::string_view word = json_.substr(start, pos_ - start);
    if (word.empty()) {
      if (AtEnd()) {
        return Fail(std::string(path),
                    "unexpected end of input; expected a value");
      }
      return Fail(std::string(path),
                  absl::StrCat("expected a value, got ", Quoted(Peek())));
    }
    if (word == "true" || word == "false" || word == "null" || IsNumber(word)) {
      return true;
    }
    return FailAt(where, std::string(path),
                  absl::StrCat("invalid JSON value '", std::string(word), "'"));
  }

  // JSON's number grammar.
  static bool IsNumber(std::string_view s) {
    size_t i = 0;
    auto digits = [&] {
      const size_t from = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
      }
      return i > from;
    };
    if (i < s.size() && s[i] == '-') ++i;
    if (i < s.size() && s[i] == '0') {
      ++i;
    } else if (!digits()) {
      return false;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (!digits()) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (!digits()) return false;
    }
    return i == s.size();
  }

  // The field named `key`, by its schema name or else its JSON name. Our
  // messages have a handful of fields each, and comparing them in turn
  // costs a fraction of `Descriptor::FindFieldByName()`'s hashed lookup.
  static const FieldDescriptor* FindField(const Descriptor* type,
                                          std::string_view key) {
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->name() == key) return type->field(i);
    }
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->json_name() == key) return type->field(i);
    }
    return nullptr;
  }

  static bool HasValueNamed(const EnumDescriptor* type, std::string_view name) {
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->name() == name) return true;
    }
    return false;
  }

  static std::string UnknownEnumName(const EnumDescriptor* type,
                                     std::string_view name) {
    std::string known;
    for (int i = 0; i < type->value_count(); ++i) {
      absl::StrAppend(&known, i == 0 ? "" : ", ", type->value(i)->name());
    }
    return absl::StrCat("unknown ", type->name(), " name \"", std::string(name),
                        "\"; this version knows ", known);
  }

  bool IsNull() const {
    return json_.size() - pos_ >= 4 && json_[pos_] == 'n' &&
           json_[pos_ + 1] == 'u' && json_[pos_ + 2] == 'l' &&
           json_[pos_ + 3] == 'l';
  }

  // Reads one value at `path`. `field` is the field it belongs to (null for
  // the root or an unknown field); `type` the message type it holds, if any.
  bool Value(const FieldDescriptor* field, const Descriptor* type,
             const std::string& path, int depth) {
    SkipSpace();
    if (AtEnd()) {
      return Fail(path, "unexpected end of input; expected a value");
    }
    if (depth > kMaxJsonDepth) {
      return Fail(path, absl::StrCat("nested more than ", kMaxJsonDepth,
                                     " levels deep"));
    }
    const char c = Peek();
    if (c == '{') return Object(type, path, depth);
    if (c == '[') return Array(field, path, depth);
    if (c == '"') {
      const Position where = Here();
      std::string buffer;
      std::string_view text;
      if (!String(path, buffer, text)) return false;
      if (field != nullptr && field->enum_type() != nullptr &&
          !HasValueNamed(field->enum_type(), text)) {
        // protobuf's parser, told to ignore unknown fields, would drop an
        // unknown enum name silently, leaving the default.
        Report(where, path, UnknownEnumName(field->enum_type(), text));
      }
      return true;
    }
    return Scalar(path);
  }

  bool Array(const FieldDescriptor* field, const std::string& path, int depth) {
    Advance();  // '['
    const bool repeated = field != nullptr && field->is_repeated();
    const Descriptor* element_type =
        repeated && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
            ? field->message_type()
            : nullptr;
    SkipSpace();
    if (!AtEnd() && Peek() == ']') {
      Advance();
      return true;
    }
    for (int index = 0;; ++index) {
      SkipSpace();
      std::string element_path =
          repeated && !check_only() ? IndexPath(path, index) : path;
      if (repeated && !AtEnd() && locations_ != nullptr &&
          path.find('[') == std::string::npos) {
        const SourceLocation at = At(Here());
        locations_->AddElement(path, at.line, at.column);
      }
      if (!Value(nullptr, element_type, element_path, depth + 1)) return false;
      SkipSpace();
      if (AtEnd()) {
        return Fail(path, "unexpected end of input; expected ',' or ']'");
      }
      if (Peek() == ']') {
        Advance();
        return true;
      }
      if (!Expect(',', path, "',' or ']'")) return false;
    }
  }

  bool Object(const Descriptor* type, const std::string& path, int depth) {
    Advance();  // '{'
    // Fields read so far, and where; and the member read of each oneof. Few
    // per message, so searched in place rather than in a map.
    absl::InlinedVector<std::pair<const FieldDescriptor*, Position>, 8> seen;
    absl::InlinedVector<const FieldDescriptor*, 2> oneof_members;
    SkipSpace();
    if (!AtEnd() && Peek() == '}') {
      Advance();
      return true;
    }
    while (true) {
      SkipSpace();
      if (AtEnd()) {
        return Fail(path, "unexpected end of input; expected a field name");
      }
      if (Peek() != '"') {
        return Fail(path, absl::StrCat("expected a field name in quotes, got ",
                                       Quoted(Peek())));
      }
      const Position key_at = Here();
      std::string key_buffer;
      std::string_view key;
      if (!String(path, key_buffer, key)) return false;
      const FieldDescriptor* field =
          type != nullptr ? FindField(type, key) : nullptr;
      const std::string field_path =
          check_only() ? std::string()
                       : JoinPath(path, field != nullptr ? field->name() : key);
      if (!Expect(':', field_path, "':' after the field name")) return false;
      SkipSpace();
      const bool is_null = IsNull();
      if (type != nullptr && field == nullptr) {
        Diagnostic d;
        d.location = At(key_at);
        d.path = field_path;
        if (allow_unknown_fields_) {
          d.severity = Diagnostic::Severity::kWarning;
          d.message =
              absl::StrCat("unknown field ignored: ", type->name(),
                           " has no field named \"", std::string(key), "\"");
        } else {
          d.message =
              absl::StrCat("unknown field: ", type->name(),
                           " has no field named \"", std::string(key), "\"");
        }
        diagnostics_.push_back(std::move(d));
      } else if (field != nullptr) {
        auto it = std::find_if(seen.begin(), seen.end(),
                               [&](const auto& f) { return f.first == field; });
        if (it != seen.end()) {
          const LineColumn first = LineColumnOf(it->second);
          Report(key_at, field_path,
                 absl::StrCat("given more than once; first at ", first.line,
                              ":", first.column));
        } else {
          seen.emplace_back(field, key_at);
        }
        if (const OneofDescriptor* oneof = field->real_containing_oneof();
            oneof != nullptr && !is_null) {
          auto member =
              std::find_if(oneof_members.begin(), oneof_members.end(),
                           [&](const FieldDescriptor* f) {
                             return f->real_containing_oneof() == oneof;
                           });
          if (member == oneof_members.end()) {
            oneof_members.push_back(field);
          } else if (*member != field) {
            Report(key_at, field_path,
                   absl::StrCat("conflicts with ", (*member)->name(),
                                ": both are members of oneof \"", oneof->name(),
                                "\"; set only one"));
          }
        }
        if (!is_null && locations_ != nullptr &&
            field_path.find('[') == std::string::npos) {
          locations_->Set(field_path, At(key_at));
        }
      }
      const Descriptor* value_type =
          field != nullptr &&
                  field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                  !field->is_repeated()
              ? field->message_type()
              : nullptr;
      if (!Value(field, value_type, field_path, depth + 1)) return false;
      SkipSpace();
      if (AtEnd()) {
        return Fail(path, "unexpected end of input; expected ',' or '}'");
      }
      if (Peek() == '}') {
        Advance();
        return true;
      }
      if (!Expect(',', path, "',' or '}'")) return false;
    }
  }

  std::string_view json_;
  const std::string& file_;
  bool allow_unknown_fields_;
  FieldLocations* locations_;  // Null: check only, record nothing.
  std::vector<Diagnostic>& diagnostics_;
  size_t pos_ = 0;
  // LineColumnOf()'s progress: the line and column of byte `scanned_`.
  mutable size_t scanned_ = 0;
  mutable LineColumn scanned_at_;
};

}  // namespace

bool LocateJsonFields(std::string_view json, const Descriptor* root,
                      const std::string& file, bool allow_unknown_fields,
                      FieldLocations* locations,
                      std::vector<Diagnostic>& diagnostics) {
  JsonWalker walker(json, file, allow_unknown_fields, locations, diagnostics);
  return walker.Walk(root);
}

}  // namespace orbax::checkpoint::options::internal
