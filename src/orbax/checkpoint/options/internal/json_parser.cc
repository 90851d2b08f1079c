// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The JSON parser (json_parser.h): RapidJSON's SAX reader drives a builder
// that fills the message through reflection, along its descriptor.
//
// Why RapidJSON. The loader used to walk the JSON twice: once with a
// hand-written tokenizer and walker (internal/json_locator.{h,cc}, 50 + 528
// lines) for positions, unknown and repeated keys, and once with protobuf's
// `JsonStringToMessage` for the values, which accepts JSON that the proto3
// mapping and Python's `json_format` refuse (quoted booleans, a scalar where a
// list belongs, `null` elements dropped, nested lists flattened) and reports
// errors without a position. The JSON grammar, string escapes, UTF-8
// validation and number syntax are generic work that RapidJSON (Debian's
// rapidjson-dev, header-only) does well and fast, iteratively (no recursion)
// and with byte offsets. What is left here, this one file, is what is ours:
// the proto3 JSON mapping as strictly as Python reads it, positions, paths and
// diagnostics. No line of it tokenizes JSON.
//
// Positions. RapidJSON reports events, not where they start; its stream's
// `Tell()` is the offset where an event's token ends (for brackets, where it
// starts). The start of a key or a value is found from the previous event's
// end: whitespace, at most one ':' or ',', whitespace. Offsets become
// 1-based lines and columns by one forward scan over the input in all
// (`Positions`), and only when a location is recorded or reported.
//
// Memory: no DOM. RapidJSON hands over each string decoded into its own
// buffer, which is reused; the builder copies only what goes into the
// message. Paths are built only when recording locations. The keys of an
// object are kept for the duplicate check only while it is open, as views of
// the input unless they were escaped.

#include "orbax/checkpoint/options/internal/json_parser.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/loading.h"
#include "rapidjson/error/en.h"
#include "rapidjson/error/error.h"
#include "rapidjson/memorystream.h"
#include "rapidjson/reader.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;
using uint128 = unsigned __int128;

// No recursion, UTF-8 checked in strings, numbers handed over as written.
constexpr unsigned kReadFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// ---------------------------------------------------------------------------
// Values, as the proto3 JSON mapping and Python's json_format read them.

// One JSON value that opens nothing.
struct Scalar {
  enum class Kind { kNull, kBool, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  // A number as written, or a string decoded.
  std::string_view text;
};

// A number as the user wrote it, capped like `Quote()` caps a string.
std::string ShowNumber(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return std::string(text);
  return absl::StrCat(std::string(text.substr(0, kMaxQuotedBytes)), "... (",
                      text.size(), " bytes)");
}

// What the user wrote, for "got ...".
std::string Describe(const Scalar& v) {
  switch (v.kind) {
    case Scalar::Kind::kNull:
      return "null";
    case Scalar::Kind::kBool:
      return v.boolean ? "true" : "false";
    case Scalar::Kind::kNumber:
      return ShowNumber(v.text);
    case Scalar::Kind::kString:
      return Quote(v.text);
  }
  return "";
}

// A type's name in messages: ours by its short name, protobuf's in full.
std::string TypeName(const Descriptor* type) {
  return type->file()->package() == "google.protobuf" ? type->full_name()
                                                      : type->name();
}

bool IsDuration(const Descriptor* type) {
  return type->full_name() == "google.protobuf.Duration";
}

// Well-known types whose JSON form is not an object of their fields, other
// than Duration: refused rather than misread as plain messages.
bool IsUnsupportedWellKnownType(const Descriptor* type) {
  if (type->file()->package() != "google.protobuf") return false;
  const std::string& file = type->file()->name();
  return file == "google/protobuf/any.proto" ||
         file == "google/protobuf/timestamp.proto" ||
         file == "google/protobuf/field_mask.proto" ||
         file == "google/protobuf/struct.proto" ||
         file == "google/protobuf/wrappers.proto";
}

// What a value of `field` (an element, if repeated) must be, for "expected".
std::string Expected(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(field->type_name(),
                          " (a whole number, or a string of digits)");
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(field->type_name(),
                          " (a number, or \"NaN\", \"Infinity\" or "
                          "\"-Infinity\")");
    case FieldDescriptor::CPPTYPE_BOOL:
      return "bool (true or false)";
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES
                 ? "bytes (a base64 string)"
                 : "string (a JSON string)";
    case FieldDescriptor::CPPTYPE_ENUM:
      return absl::StrCat(field->enum_type()->name(),
                          " (a value name in quotes, or its number)");
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (IsDuration(field->message_type())) {
        return "google.protobuf.Duration (a string such as \"1.5s\")";
      }
      return absl::StrCat(TypeName(field->message_type()), " (a JSON object)");
  }
  return "";
}

// What a repeated field takes as a whole.
std::string ExpectedList(const FieldDescriptor* field) {
  std::string element;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      element = field->enum_type()->name();
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      element = TypeName(field->message_type());
      break;
    default:
      element = field->type_name();
  }
  return absl::StrCat("a list of ", element, " ([...])");
}

std::string ExpectedGot(const FieldDescriptor* field, std::string_view got) {
  return absl::StrCat("expected ", Expected(field), ", got ", std::string(got));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads a JSON number (valid, as RapidJSON checked it) as a whole number:
// its sign and magnitude, if it is whole as written (`1`, `1.0`, `1e2`, but
// not `1.5` or `1e-400`) and at most 20 digits long; `too_large` says which.
bool ReadWholeNumber(std::string_view text, bool& negative, uint128& magnitude,
                     bool& too_large) {
  size_t i = 0;
  negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  const size_t int_begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  const size_t int_size = i - int_begin;
  size_t frac_begin = i, frac_size = 0;
  if (i < text.size() && text[i] == '.') {
    frac_begin = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    frac_size = i - frac_begin;
  }
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool minus = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (minus) exponent = -exponent;
  }
  // The digits, integer part then fraction, as one sequence.
  const int64_t total = static_cast<int64_t>(int_size + frac_size);
  const auto digit = [&](int64_t k) -> int {
    if (k >= total) return 0;
    return k < static_cast<int64_t>(int_size)
               ? text[int_begin + k] - '0'
               : text[frac_begin + (k - int_size)] - '0';
  };
  int64_t lead = 0;
  while (lead < total && digit(lead) == 0) ++lead;
  too_large = false;
  magnitude = 0;
  if (lead == total) return true;  // Zero, however written.
  int64_t trail = total - 1;
  while (digit(trail) == 0) --trail;
  // Digits before `point` are the integer part.
  const int64_t point = static_cast<int64_t>(int_size) + exponent;
  if (trail >= point) return false;
  if (point - lead > 20) {
    too_large = true;
    return false;
  }
  for (int64_t k = lead; k < point; ++k) magnitude = magnitude * 10 + digit(k);
  return true;
}

// Whether `text` is a number by JSON's grammar (for numbers in strings).
bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t from = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i > from;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

// The values an integer type holds.
struct IntRange {
  int64_t min;
  uint64_t max;
};

IntRange RangeOf(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
      return {std::numeric_limits<int64_t>::min(),
              std::numeric_limits<int64_t>::max()};
    case FieldDescriptor::CPPTYPE_UINT32:
      return {0, std::numeric_limits<uint32_t>::max()};
    case FieldDescriptor::CPPTYPE_UINT64:
      return {0, std::numeric_limits<uint64_t>::max()};
    default:  // int32, and enum numbers.
      return {std::numeric_limits<int32_t>::min(),
              std::numeric_limits<int32_t>::max()};
  }
}

std::string OutOfRange(std::string_view shown, std::string_view type,
                       IntRange range) {
  return absl::StrCat(std::string(shown), " is out of range for ",
                      std::string(type), " (", range.min, " to ", range.max,
                      ")");
}

// Reads `v` as an integer in `range`, for a field of `type` (a name for
// messages). JSON numbers must be whole as written and, past 2^53, exact
// as a double, which is how Python reads a number with a fraction or an
// exponent; strings must be an optional '-' and ASCII digits (`"0750"` is
// 750). Returns false with `error` set otherwise.
bool ReadInteger(const Scalar& v, std::string_view type, IntRange range,
                 const std::string& expected, __int128& out,
                 std::string& error) {
  bool negative = false;
  uint128 magnitude = 0;
  bool too_large = false;
  if (v.kind == Scalar::Kind::kNumber) {
    if (!ReadWholeNumber(v.text, negative, magnitude, too_large)) {
      error = too_large ? OutOfRange(ShowNumber(v.text), type, range)
                        : absl::StrCat("expected ", expected, ", got ",
                                       ShowNumber(v.text));
      return false;
    }
    const bool plain = v.text.find_first_of(".eE") == std::string_view::npos;
    if (!plain && magnitude > (uint128{1} << 53)) {
      double d = 0;
      const auto [end, ec] =
          std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
      if (ec != std::errc() ||
          static_cast<uint128>(std::fabs(d)) != magnitude) {
        error = absl::StrCat(
            ShowNumber(v.text),
            " is not exact as a double, as Python reads a number with a "
            "fraction or an exponent; write it as plain digits");
        return false;
      }
    }
  } else if (v.kind == Scalar::Kind::kString) {
    std::string_view s = v.text;
    negative = !s.empty() && s[0] == '-';
    if (negative) s.remove_prefix(1);
    bool digits = !s.empty();
    for (char c : s) digits = digits && IsDigit(c);
    if (!digits) {
      error = absl::StrCat("expected ", expected, ", got ", Quote(v.text));
      return false;
    }
    while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
    if (s.size() > 20) {
      error = OutOfRange(Quote(v.text), type, range);
      return false;
    }
    for (char c : s)
      magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
  } else {
    error = absl::StrCat("expected ", expected, ", got ", Describe(v));
    return false;
  }
  const __int128 value = negative ? -static_cast<__int128>(magnitude)
                                  : static_cast<__int128>(magnitude);
  if (value < range.min || (value > 0 && static_cast<uint128>(value) >
                                             static_cast<uint128>(range.max))) {
    error = OutOfRange(
        v.kind == Scalar::Kind::kString ? Quote(v.text) : ShowNumber(v.text),
        type, range);
    return false;
  }
  out = value;
  return true;
}

// Reads `v` as a float or double: a JSON number, a number in a string, or
// "NaN", "Infinity", "-Infinity".
bool ReadFloat(const Scalar& v, const FieldDescriptor* field, double& out,
               std::string& error) {
  const bool is_float = field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT;
  const std::string shown =
      v.kind == Scalar::Kind::kString ? Quote(v.text) : ShowNumber(v.text);
  if (v.kind == Scalar::Kind::kString) {
    if (v.text == "NaN") {
      out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    if (v.text == "Infinity" || v.text == "-Infinity") {
      out = v.text[0] == '-' ? -std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::infinity();
      return true;
    }
  }
  if ((v.kind != Scalar::Kind::kNumber && v.kind != Scalar::Kind::kString) ||
      !IsJsonNumber(v.text)) {
    error = ExpectedGot(field,
                        v.kind == Scalar::Kind::kString ? shown : Describe(v));
    return false;
  }
  double d = 0;
  const auto [end, ec] =
      std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
  if (ec != std::errc() || !std::isfinite(d) ||
      (is_float && std::fabs(d) > FLT_MAX)) {
    error = absl::StrCat(shown, " is out of range for ", field->type_name());
    return false;
  }
  out = d;
  return true;
}

// Decodes base64, standard or URL-safe, with or without padding.
bool DecodeBase64(std::string_view in, std::string& out) {
  size_t padding = 0;
  while (!in.empty() && in.back() == '=' && padding < 2) {
    in.remove_suffix(1);
    ++padding;
  }
  if (padding > 0 && (in.size() + padding) % 4 != 0) return false;
  if (in.size() % 4 == 1) return false;
  out.clear();
  uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (IsDigit(c)) {
      value = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      value = 62;
    } else if (c == '/' || c == '_') {
      value = 63;
    } else {
      return false;
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return true;
}

// Reads a google.protobuf.Duration in its JSON form: an optional '-', whole
// seconds, up to 9 fractional digits, and "s" (`"1.5s"`, `"-0.000000001s"`),
// within +-315576000000 seconds.
bool ReadDuration(std::string_view s, int64_t& seconds, int32_t& nanos) {
  if (s.empty() || s.back() != 's') return false;
  s.remove_suffix(1);
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos &&
                        (fraction.empty() || fraction.size() > 9))) {
    return false;
  }
  for (char c : whole) {
    if (!IsDigit(c)) return false;
  }
  for (char c : fraction) {
    if (!IsDigit(c)) return false;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  if (whole.size() > 12) return false;
  seconds = 0;
  for (char c : whole) seconds = seconds * 10 + (c - '0');
  if (seconds > 315'576'000'000) return false;
  nanos = 0;
  for (size_t i = 0; i < 9; ++i) {
    nanos = nanos * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  if (negative) {
    seconds = -seconds;
    nanos = -nanos;
  }
  return true;
}

// The first UTF-16 surrogate in a decoded string, as `\udc00`, or "" if
// none: only a `\u` escape can put one there (RapidJSON checks the UTF-8 of
// the input and refuses a high surrogate without a low one, but not a lone
// low one), encoded as UTF-8 would encode it (ED A0-BF 80-BF).
std::string FindSurrogate(std::string_view s) {
  for (size_t i = s.find('\xED'); i != std::string_view::npos;
       i = s.find('\xED', i + 1)) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
      const unsigned code =
          0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
          (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      return absl::StrFormat("\\u%04x", code);
    }
  }
  return "";
}

// Whether `key` names an extension the way Python's json_format recognises
// (`[a.b]`); Python refuses it for a message without extensions even when
// unknown fields are ignored.
bool IsExtensionKey(std::string_view key) {
  if (!key.empty() && key.back() == '\n') key.remove_suffix(1);  // Python's $.
  if (key.size() < 2 || key.front() != '[' || key.back() != ']') return false;
  for (char c : key.substr(1, key.size() - 2)) {
    if (!(IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          c == '.' || c == '_')) {
      return false;
    }
  }
  return true;
}

// A key as a step of a path: as it is if it looks like a field name,
// quoted otherwise.
std::string PathStep(std::string_view key) {
  bool plain = !key.empty() && key.size() <= kMaxQuotedBytes;
  for (char c : key) {
    plain = plain && c > 0x20 && c < 0x7f && c != '.' && c != '[' && c != ']' &&
            c != '"' && c != '\\';
  }
  return plain ? std::string(key) : Quote(key);
}

// The field named `key`, by its schema name or its JSON name. Messages have
// a handful of fields, which a scan compares faster than a hashed lookup.
const FieldDescriptor* FindField(const Descriptor* type, std::string_view key) {
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == key) return type->field(i);
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->name() == key) return type->field(i);
  }
  return nullptr;
}

std::string KnownValues(const EnumDescriptor* type) {
  std::string known;
  for (int i = 0; i < type->value_count(); ++i) {
    absl::StrAppend(&known, i == 0 ? "" : ", ", type->value(i)->name());
  }
  return known;
}

// Describes byte `offset` of `json` in a syntax error.
std::string DescribeByte(std::string_view json, size_t offset) {
  if (offset >= json.size()) return "the end of the input";
  const unsigned char c = static_cast<unsigned char>(json[offset]);
  if (c >= 0x20 && c < 0x7f) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrCat("byte 0x", absl::Hex(c, absl::kZeroPad2));
}

// The permission bits that make a mode risky, for the warning about "0750".
std::string RiskyBits(int64_t mode) {
  std::vector<std::string> bits;
  if (mode & 04000) bits.push_back("setuid");
  if (mode & 02000) bits.push_back("setgid");
  if (mode & 01000) bits.push_back("sticky bit");
  if (mode & 02) bits.push_back("world-writable");
  std::string out;
  for (size_t i = 0; i < bits.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ", ", bits[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Positions.

struct LineColumn {
  int line = 0;
  int column = 0;
};

// Turns byte offsets into 1-based lines and columns: one column per byte, and
// a tab to the next multiple of 8, plus 1, as protobuf's tokenizer counts.
// Asked in increasing order, it scans the input once in all.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {}

  LineColumn At(size_t offset) {
    if (offset < scanned_) {  // Never in practice; correct anyway.
      scanned_ = 0;
      at_ = {1, 1};
    }
    offset = std::min(offset, text_.size());
    for (; scanned_ < offset; ++scanned_) {
      const char c = text_[scanned_];
      if (c == '\n') {
        ++at_.line;
        at_.column = 1;
      } else if (c == '\t') {
        at_.column = ((at_.column - 1) / 8 + 1) * 8 + 1;
      } else {
        ++at_.column;
      }
    }
    return at_;
  }

 private:
  std::string_view text_;
  size_t scanned_ = 0;
  LineColumn at_{1, 1};
};

// ---------------------------------------------------------------------------
// The builder: RapidJSON's handler.

class Builder {
 public:
  Builder(std::string_view json, Message& root, ParseContext& context)
      : json_(json),
        root_(root),
        context_(context),
        recording_(context.recording()),
        positions_(json) {}

  bool Run();

  // RapidJSON's handler interface. Numbers come as RawNumber() only.
  bool Null() { return OnScalar({Scalar::Kind::kNull, false, {}}); }
  bool Bool(bool b) { return OnScalar({Scalar::Kind::kBool, b, {}}); }
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return OnScalar({Scalar::Kind::kNumber, false, std::string_view(s, n)});
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return OnScalar({Scalar::Kind::kString, false, std::string_view(s, n)});
  }
  bool StartObject() { return OnOpen(/*is_object=*/true); }
  bool StartArray() { return OnOpen(/*is_object=*/false); }
  bool Key(const char* s, rapidjson::SizeType n, bool);
  bool EndObject(rapidjson::SizeType) { return OnClose(); }
  bool EndArray(rapidjson::SizeType) { return OnClose(); }

 private:
  // A key already seen in an object, and where (when recording).
  struct SeenField {
    const FieldDescriptor* field;
    LineColumn at;
  };

  // An open object or list.
  struct Frame {
    enum class Kind : uint8_t {
      kMessage,  // An object read into `message`.
      kList,     // The list of the repeated `field` of `message`.
      kSkip,     // An unknown field's value, or one refused: read, not kept.
    };
    Kind kind = Kind::kSkip;
    bool is_object = false;
    // Inside an element of a repeated field: locations are not recorded.
    bool in_element = false;
    // The length of `path_` that is this frame's own path.
    size_t path_size = 0;
    Message* message = nullptr;
    const FieldDescriptor* field = nullptr;
    // Lists: the index of the next element.
    int index = 0;
    // kMessage: the field of the last key (null when unknown), and where
    // the key stands.
    const FieldDescriptor* member = nullptr;
    LineColumn member_at;
    // kMessage: the fields given, and the oneof members given a value.
    absl::InlinedVector<SeenField, 4> seen;
    absl::InlinedVector<const FieldDescriptor*, 1> oneof_members;
    // Objects: the keys not read into a field, for the duplicate check; they
    // view the input, or `owned_keys` when escaped.
    absl::flat_hash_map<std::string_view, LineColumn> keys;
    std::vector<std::unique_ptr<std::string>> owned_keys;
  };

  // --- positions and reports ---

  // The offset where the current event's token starts, from the end of the
  // previous one: whitespace, at most one ':' or ',', whitespace.
  size_t TokenStart() const {
    size_t i = previous_end_;
    const auto skip_space = [&] {
      while (i < json_.size() && (json_[i] == ' ' || json_[i] == '\t' ||
                                  json_[i] == '\n' || json_[i] == '\r')) {
        ++i;
      }
    };
    skip_space();
    if (i < json_.size() && (json_[i] == ':' || json_[i] == ',')) ++i;
    skip_space();
    return i;
  }
  size_t Tell() const { return stream_->Tell(); }

  // The line and column of `offset`, when recording; {0, 0} otherwise.
  LineColumn At(size_t offset) {
    return recording_ ? positions_.At(offset) : LineColumn{};
  }

  std::string Path() const { return recording_ ? path_ : std::string(); }

  // Reports an error at `at` about the current path; `message` is called
  // only if the report is kept.
  template <typename MessageFn>
  void ErrorAt(LineColumn at, MessageFn&& message) {
    if (++errors_ > kMaxReportedPerSeverity) {
      context_.Error(0, 0, "", "");  // Counted, not kept.
      return;
    }
    context_.Error(at.line, at.column, Path(), message());
  }
  template <typename MessageFn>
  void Error(size_t offset, MessageFn&& message) {
    ErrorAt(errors_ >= kMaxReportedPerSeverity ? LineColumn{} : At(offset),
            std::forward<MessageFn>(message));
  }
  template <typename MessageFn>
  void WarningAt(LineColumn at, MessageFn&& message) {
    if (++warnings_ > kMaxReportedPerSeverity) {
      context_.Warning(0, 0, "", "");
      return;
    }
    context_.Warning(at.line, at.column, Path(), message());
  }

  // --- paths ---

  void AppendToPath(std::string_view step, bool index) {
    if (!recording_) return;
    if (!index && !path_.empty()) path_ += '.';
    path_ += step;
  }

  // --- events ---

  // Sets up the path of the value about to be read and, for an element of a
  // repeated field, records where it stands. `start` is where it starts, if
  // known.
  void BeginValue(std::optional<size_t> start);
  // Marks the value just read as done, in the frame that holds it.
  void EndValue();

  bool OnScalar(const Scalar& v);
  bool OnOpen(bool is_object);
  bool OnClose();

  // Reports the root being something other than an object.
  void RootIsNotAnObject(size_t offset, std::string_view got);
  // Reports a second member of a oneof; returns whether `field` may be set.
  bool CheckOneof(Frame& frame, const FieldDescriptor* field);
  // Records where `field`, the current member of `frame`, was set.
  void RecordMember(const Frame& frame);
  // Sets (adds, for an element) `field` of `message` to `v`; reports an
  // error at the value if it is not one of the field's.
  void SetValue(Message& message, const FieldDescriptor* field,
                const Scalar& v);
  // Reports a duplicate key of an object and returns false; keeps `key`
  // otherwise.
  bool CheckKey(Frame& frame, std::string_view key, size_t key_start);

  void SyntaxError(rapidjson::ParseErrorCode code, size_t offset);

  std::string_view json_;
  Message& root_;
  ParseContext& context_;
  const bool recording_;
  Positions positions_;
  rapidjson::MemoryStream* stream_ = nullptr;
  // Where the previous event's token ended.
  size_t previous_end_ = 0;
  // The path of the value being read (when recording).
  std::string path_;
  std::vector<Frame> frames_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  // The field and path of the last number read that was a lone zero, for
  // the syntax error of a leading zero ("0750" reads as 0, then a digit).
  const FieldDescriptor* last_number_field_ = nullptr;
  std::string zero_path_;
};

bool Builder::Run() {
  if (json_.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    ErrorAt({1, 1}, [] {
      return "starts with a UTF-8 byte order mark (bytes EF BB BF); save it "
             "as UTF-8 without one";
    });
    return false;
  }
  const Descriptor* type = root_.GetDescriptor();
  if (IsDuration(type) || IsUnsupportedWellKnownType(type)) {
    ErrorAt({1, 1}, [&] {
      return absl::StrCat(type->full_name(),
                          " is not supported as the root message");
    });
    return false;
  }
  rapidjson::MemoryStream stream(json_.data(), json_.size());
  stream_ = &stream;
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kReadFlags>(stream, *this);
  if (result.IsError()) {
    if (result.Code() != rapidjson::kParseErrorTermination) {
      SyntaxError(result.Code(), result.Offset());
    }
    return false;
  }
  if (stream.Tell() < json_.size()) {
    // RapidJSON stops at a NUL byte as at the end.
    const size_t at = stream.Tell();
    Error(at, [&] {
      return absl::StrCat("unexpected ", DescribeByte(json_, at),
                          " after the end of the JSON object");
    });
  }
  return errors_ == 0;
}

void Builder::BeginValue(std::optional<size_t> start) {
  if (frames_.empty()) return;
  Frame& frame = frames_.back();
  if (frame.is_object) return;  // The key set the path.
  if (recording_) {
    path_.resize(frame.path_size);
    if (frame.kind == Frame::Kind::kList && !frame.in_element) {
      const LineColumn at = positions_.At(start ? *start : TokenStart());
      context_.locations()->AddElement(path_, at.line, at.column);
    }
    absl::StrAppend(&path_, "[", frame.index, "]");
  }
}

void Builder::EndValue() {
  if (frames_.empty()) return;
  Frame& frame = frames_.back();
  if (frame.is_object) {
    frame.member = nullptr;
  } else {
    ++frame.index;
  }
  if (recording_) path_.resize(frame.path_size);
}

void Builder::RootIsNotAnObject(size_t offset, std::string_view got) {
  Error(offset, [&] {
    return absl::StrCat("expected a JSON object, got ", std::string(got));
  });
}

bool Builder::CheckOneof(Frame& frame, const FieldDescriptor* field) {
  const OneofDescriptor* oneof = field->real_containing_oneof();
  if (oneof == nullptr) return true;
  for (const FieldDescriptor* other : frame.oneof_members) {
    if (other->real_containing_oneof() != oneof) continue;
    if (other != field) {
      ErrorAt(frame.member_at, [&] {
        return absl::StrCat("conflicts with ", other->name(),
                            ": both are members of oneof \"", oneof->name(),
                            "\"; set only one");
      });
      return false;
    }
    return true;  // The same field again: reported as given twice.
  }
  frame.oneof_members.push_back(field);
  return true;
}

void Builder::RecordMember(const Frame& frame) {
  if (!recording_ || frame.in_element) return;
  context_.locations()->Set(
      path_, SourceLocation{context_.file(), frame.member_at.line,
                            frame.member_at.column});
}

void Builder::SetValue(Message& message, const FieldDescriptor* field,
                       const Scalar& v) {
  const Reflection& r = *message.GetReflection();
  const bool add = field->is_repeated();
  std::string error;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      __int128 value = 0;
      if (!ReadInteger(v, field->type_name(), RangeOf(field), Expected(field),
                       value, error)) {
        break;
      }
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          add ? r.AddInt32(&message, field, static_cast<int32_t>(value))
              : r.SetInt32(&message, field, static_cast<int32_t>(value));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          add ? r.AddInt64(&message, field, static_cast<int64_t>(value))
              : r.SetInt64(&message, field, static_cast<int64_t>(value));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          add ? r.AddUInt32(&message, field, static_cast<uint32_t>(value))
              : r.SetUInt32(&message, field, static_cast<uint32_t>(value));
          break;
        default:
          add ? r.AddUInt64(&message, field, static_cast<uint64_t>(value))
              : r.SetUInt64(&message, field, static_cast<uint64_t>(value));
      }
      if (v.kind == Scalar::Kind::kString && IsPermissionBits(field) &&
          v.text.size() > 1 && v.text[0] == '0') {
        // JSON has no octal: "0750" is 750, unlike 0750 in text format.
        const int64_t decimal = static_cast<int64_t>(value);
        bool octal = true;
        int64_t as_octal = 0;
        for (char c : v.text) {
          octal = octal && c <= '7';
          if (octal && as_octal < (int64_t{1} << 40)) {
            as_octal = as_octal * 8 + (c - '0');
          }
        }
        const std::string risky = RiskyBits(decimal);
        WarningAt(At(TokenStart()), [&] {
          std::string out =
              absl::StrCat(Quote(v.text), " is read as decimal ", decimal, " (",
                           absl::StrFormat("0%o", decimal), " in octal",
                           risky.empty() ? "" : absl::StrCat(": ", risky), ")");
          if (octal) {
            absl::StrAppend(&out, ", while text format and --set read ",
                            std::string(v.text), " as octal; to mean ",
                            std::string(v.text), ", write ", as_octal,
                            " (a number)");
          } else {
            absl::StrAppend(&out, "; write it without the leading zero");
          }
          return out;
        });
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value = 0;
      if (!ReadFloat(v, field, value, error)) break;
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        add ? r.AddFloat(&message, field, static_cast<float>(value))
            : r.SetFloat(&message, field, static_cast<float>(value));
      } else {
        add ? r.AddDouble(&message, field, value)
            : r.SetDouble(&message, field, value);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (v.kind != Scalar::Kind::kBool) {
        error = ExpectedGot(field, Describe(v));
        break;
      }
      add ? r.AddBool(&message, field, v.boolean)
          : r.SetBool(&message, field, v.boolean);
      break;
    case FieldDescriptor::CPPTYPE_STRING: {
      if (v.kind != Scalar::Kind::kString) {
        error = ExpectedGot(field, Describe(v));
        break;
      }
      std::string value;
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        if (!DecodeBase64(v.text, value)) {
          error = ExpectedGot(field, Describe(v));
          break;
        }
      } else {
        value.assign(v.text.data(), v.text.size());
      }
      add ? r.AddString(&message, field, std::move(value))
          : r.SetString(&message, field, std::move(value));
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumDescriptor* type = field->enum_type();
      int number = 0;
      if (v.kind == Scalar::Kind::kString) {
        const EnumValueDescriptor* value =
            type->FindValueByName(std::string(v.text));
        if (value == nullptr) {
          bool digits = !v.text.empty();
          for (char c : v.text) digits = digits && (IsDigit(c) || c == '-');
          error = digits ? absl::StrCat(ExpectedGot(field, Describe(v)),
                                        "; write a number without quotes")
                         : absl::StrCat("unknown ", type->name(), " name ",
                                        Quote(v.text), "; this version knows ",
                                        KnownValues(type));
          break;
        }
        number = value->number();
      } else if (v.kind == Scalar::Kind::kNumber) {
        __int128 value = 0;
        if (!ReadInteger(v, type->name(), RangeOf(field), Expected(field),
                         value, error)) {
          break;
        }
        number = static_cast<int>(value);
        if (field->file()->syntax() !=
                google::protobuf::FileDescriptor::SYNTAX_PROTO3 &&
            type->FindValueByNumber(number) == nullptr) {
          error = absl::StrCat("unknown ", type->name(), " number ", number,
                               "; this version knows ", KnownValues(type));
          break;
        }
      } else {
        error = ExpectedGot(field, Describe(v));
        break;
      }
      add ? r.AddEnumValue(&message, field, number)
          : r.SetEnumValue(&message, field, number);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      int64_t seconds = 0;
      int32_t nanos = 0;
      if (!IsDuration(field->message_type()) ||
          v.kind != Scalar::Kind::kString) {
        error = ExpectedGot(field, Describe(v));
        break;
      }
      if (!ReadDuration(v.text, seconds, nanos)) {
        error = absl::StrCat(ExpectedGot(field, Describe(v)),
                             "; seconds with up to 9 fractional digits, within "
                             "+-315576000000, then \"s\"");
        break;
      }
      Message* duration = add ? r.AddMessage(&message, field)
                              : r.MutableMessage(&message, field);
      const Descriptor* d = duration->GetDescriptor();
      const Reflection& dr = *duration->GetReflection();
      dr.SetInt64(duration, d->FindFieldByNumber(1), seconds);
      dr.SetInt32(duration, d->FindFieldByNumber(2), nanos);
      break;
    }
  }
  if (!error.empty()) {
    Error(TokenStart(), [&] { return std::move(error); });
  }
}

bool Builder::OnScalar(const Scalar& v) {
  if (frames_.empty()) {
    RootIsNotAnObject(TokenStart(), Describe(v));
    return false;
  }
  BeginValue(std::nullopt);
  Frame& frame = frames_.back();
  if (v.kind == Scalar::Kind::kNumber) {
    last_number_field_ = nullptr;
    if (recording_ && (v.text == "0" || v.text == "-0")) zero_path_ = path_;
  }
  std::string surrogate;
  if (v.kind == Scalar::Kind::kString &&
      !(surrogate = FindSurrogate(v.text)).empty()) {
    Error(TokenStart(), [&] {
      return absl::StrCat(Quote(v.text),
                          " holds an unpaired UTF-16 surrogate (", surrogate,
                          "); strings must be Unicode");
    });
  } else if (frame.kind == Frame::Kind::kList) {
    if (v.kind == Scalar::Kind::kNull) {
      Error(TokenStart(), [&] {
        return absl::StrCat("null is not allowed as an element of ",
                            ExpectedList(frame.field),
                            "; leave the element out");
      });
    } else {
      if (v.kind == Scalar::Kind::kNumber) last_number_field_ = frame.field;
      SetValue(*frame.message, frame.field, v);
    }
  } else if (frame.kind == Frame::Kind::kMessage && frame.member != nullptr) {
    const FieldDescriptor* field = frame.member;
    if (v.kind == Scalar::Kind::kNull) {
      // null is unset, except for google.protobuf.NullValue.
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM &&
          field->enum_type()->full_name() == "google.protobuf.NullValue" &&
          !field->is_repeated()) {
        frame.message->GetReflection()->SetEnumValue(frame.message, field, 0);
        RecordMember(frame);
      }
    } else if (field->is_map()) {
      Error(TokenStart(), [] { return "map fields are not supported"; });
    } else if (field->is_repeated()) {
      Error(TokenStart(), [&] {
        return absl::StrCat("expected ", ExpectedList(field), ", got ",
                            Describe(v));
      });
    } else if (CheckOneof(frame, field)) {
      if (v.kind == Scalar::Kind::kNumber) last_number_field_ = field;
      const size_t before = errors_;
      SetValue(*frame.message, field, v);
      if (errors_ == before) RecordMember(frame);
    }
  }
  EndValue();
  previous_end_ = Tell();
  return true;
}

bool Builder::OnOpen(bool is_object) {
  const size_t at = Tell();  // The bracket: RapidJSON calls before taking it.
  const std::string_view got = is_object ? "an object" : "a list";
  if (frames_.empty()) {
    if (!is_object) {
      RootIsNotAnObject(at, "'['");
      return false;
    }
    Frame root;
    root.kind = Frame::Kind::kMessage;
    root.is_object = true;
    root.message = &root_;
    frames_.push_back(std::move(root));
    previous_end_ = at + 1;
    return true;
  }
  // The root object is level 0; this opens level frames_.size().
  if (frames_.size() > static_cast<size_t>(kMaxNestingDepth)) {
    BeginValue(at);
    Error(at, [] {
      return absl::StrCat("nested more than ", kMaxNestingDepth,
                          " levels deep");
    });
    return false;
  }
  BeginValue(at);
  Frame next;
  next.is_object = is_object;
  next.path_size = recording_ ? path_.size() : 0;
  Frame& parent = frames_.back();
  next.in_element = parent.in_element;
  const FieldDescriptor* field = nullptr;  // What the value is for.
  bool element = false;
  if (parent.kind == Frame::Kind::kList) {
    field = parent.field;
    element = true;
  } else if (parent.kind == Frame::Kind::kMessage) {
    field = parent.member;
  }
  if (field != nullptr) {
    const bool message_type =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !IsDuration(field->message_type());
    if (field->is_map()) {
      Error(at, [] { return "map fields are not supported"; });
    } else if (message_type &&
               IsUnsupportedWellKnownType(field->message_type())) {
      Error(at, [&] {
        return absl::StrCat(field->message_type()->full_name(),
                            " fields are not supported");
      });
    } else if (element) {
      if (is_object && message_type) {
        next.kind = Frame::Kind::kMessage;
        next.message =
            parent.message->GetReflection()->AddMessage(parent.message, field);
        next.in_element = true;
      } else {
        Error(at, [&] {
          return ExpectedGot(field, is_object ? got
                                              : "a list (lists do not "
                                                "nest)");
        });
      }
    } else if (field->is_repeated()) {
      if (!is_object) {
        next.kind = Frame::Kind::kList;
        next.message = parent.message;
        next.field = field;
        RecordMember(parent);
      } else {
        Error(at, [&] {
          return absl::StrCat("expected ", ExpectedList(field), ", got ",
                              std::string(got));
        });
      }
    } else if (is_object && message_type) {
      if (CheckOneof(parent, field)) {
        next.kind = Frame::Kind::kMessage;
        next.message = parent.message->GetReflection()->MutableMessage(
            parent.message, field);
        RecordMember(parent);
      }
    } else {
      Error(at, [&] { return ExpectedGot(field, got); });
    }
  }
  frames_.push_back(std::move(next));
  previous_end_ = at + 1;
  return true;
}

bool Builder::OnClose() {
  const size_t at = Tell();  // The bracket: RapidJSON calls before taking it.
  frames_.pop_back();
  EndValue();
  previous_end_ = at + 1;
  return true;
}

bool Builder::CheckKey(Frame& frame, std::string_view key, size_t key_start) {
  if (auto it = frame.keys.find(key); it != frame.keys.end()) {
    const LineColumn first = it->second;
    ErrorAt(At(key_start), [&] {
      return absl::StrCat("given more than once; first at ", first.line, ":",
                          first.column);
    });
    return false;
  }
  // A key without escapes is the input between its quotes.
  std::string_view stored = json_.substr(key_start + 1, key.size());
  if (key_start + 1 + key.size() + 1 != Tell() || stored != key) {
    frame.owned_keys.push_back(std::make_unique<std::string>(key));
    stored = *frame.owned_keys.back();
  }
  frame.keys.emplace(stored, At(key_start));
  return true;
}

bool Builder::Key(const char* s, rapidjson::SizeType n, bool) {
  const std::string_view key(s, n);
  Frame& frame = frames_.back();
  if (recording_) path_.resize(frame.path_size);
  if (frame.kind == Frame::Kind::kSkip) {
    AppendToPath(PathStep(key), false);
    const size_t start = TokenStart();
    if (const std::string surrogate = FindSurrogate(key); !surrogate.empty()) {
      Error(start, [&] {
        return absl::StrCat("key ", Quote(key),
                            " holds an unpaired UTF-16 surrogate (", surrogate,
                            "); strings must be Unicode");
      });
    }
    (void)CheckKey(frame, key, start);
    previous_end_ = Tell();
    return true;
  }
  const Descriptor* type = frame.message->GetDescriptor();
  const FieldDescriptor* field = FindField(type, key);
  frame.member = field;
  if (field != nullptr) {
    AppendToPath(field->name(), false);
    frame.member_at = recording_ ? positions_.At(TokenStart()) : LineColumn{};
    for (const SeenField& seen : frame.seen) {
      if (seen.field != field) continue;
      ErrorAt(frame.member_at, [&] {
        return absl::StrCat("given more than once; first at ", seen.at.line,
                            ":", seen.at.column);
      });
      previous_end_ = Tell();
      return true;
    }
    frame.seen.push_back({field, frame.member_at});
    previous_end_ = Tell();
    return true;
  }
  AppendToPath(PathStep(key), false);
  const size_t start = TokenStart();
  frame.member_at = At(start);
  if (!CheckKey(frame, key, start)) {
    // Reported as given twice.
  } else if (const std::string surrogate = FindSurrogate(key);
             !surrogate.empty()) {
    Error(start, [&] {
      return absl::StrCat("key ", Quote(key),
                          " holds an unpaired UTF-16 surrogate (", surrogate,
                          "); strings must be Unicode");
    });
  } else if (IsExtensionKey(key)) {
    ErrorAt(frame.member_at, [&] {
      return absl::StrCat("unknown field: ", type->name(),
                          " has no extension named ", Quote(key));
    });
  } else if (context_.allow_unknown_fields()) {
    WarningAt(frame.member_at, [&] {
      return absl::StrCat("unknown field ignored: ", type->name(),
                          " has no field named ", Quote(key));
    });
  } else {
    ErrorAt(frame.member_at, [&] {
      return absl::StrCat("unknown field: ", type->name(),
                          " has no field named ", Quote(key));
    });
  }
  previous_end_ = Tell();
  return true;
}

void Builder::SyntaxError(rapidjson::ParseErrorCode code, size_t offset) {
  const std::string here = DescribeByte(json_, offset);
  const bool at_end = offset >= json_.size();
  std::string message;
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      message = "empty input; expected a JSON object";
      break;
    case rapidjson::kParseErrorDocumentRootNotSingular:
      message = absl::StrCat("unexpected ", here,
                             " after the end of the JSON object");
      break;
    case rapidjson::kParseErrorValueInvalid: {
      const size_t start = TokenStart();
      if (frames_.empty() && start == offset) {
        message = absl::StrCat("expected a JSON object, got ", here);
      } else if (at_end) {
        message = "unexpected end of input; expected a value";
      } else if (start < offset) {
        size_t end = offset;
        while (end < json_.size() && end - start < kMaxQuotedBytes &&
               (std::isalnum(static_cast<unsigned char>(json_[end])) ||
                json_[end] == '.' || json_[end] == '-' || json_[end] == '+')) {
          ++end;
        }
        message = absl::StrCat("invalid JSON value '",
                               Sanitized(json_.substr(start, end - start)),
                               "'; expected true, false, null, a number, a "
                               "string, an object or a list");
      } else {
        message = absl::StrCat("expected a value, got ", here);
      }
      break;
    }
    case rapidjson::kParseErrorObjectMissName:
      message =
          at_end ? "unexpected end of input; expected a field name"
                 : absl::StrCat("expected a field name in quotes, got ", here);
      break;
    case rapidjson::kParseErrorObjectMissColon:
      message = at_end ? "unexpected end of input; expected ':'"
                       : absl::StrCat("expected ':' after the field name, got ",
                                      here);
      break;
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket: {
      const std::string_view expected =
          code == rapidjson::kParseErrorObjectMissCommaOrCurlyBracket
              ? "',' or '}'"
              : "',' or ']'";
      // A number with a leading zero ("0750") reads as 0, then a digit.
      size_t start = offset;
      while (start > 0 &&
             (IsDigit(json_[start - 1]) || json_[start - 1] == '-')) {
        --start;
      }
      const std::string_view number = json_.substr(start, offset - start);
      if (!at_end && IsDigit(json_[offset]) &&
          (number == "0" || number == "-0")) {
        size_t end = offset;
        while (end < json_.size() && IsDigit(json_[end])) ++end;
        const std::string written(json_.substr(start, end - start));
        message = absl::StrCat("JSON numbers have no leading zeros: ",
                               ShowNumber(written));
        if (last_number_field_ != nullptr &&
            IsPermissionBits(last_number_field_)) {
          int64_t as_octal = 0;
          bool octal = written.size() <= 12;
          for (char c : written) {
            if (c == '-') continue;
            octal = octal && c <= '7';
            as_octal = as_octal * 8 + (c - '0');
          }
          if (octal) {
            absl::StrAppend(&message, "; JSON has no octal: to mean ", written,
                            ", write ", as_octal);
          }
        }
        offset = start;
        path_ = zero_path_;
      } else {
        message = at_end ? absl::StrCat("unexpected end of input; expected ",
                                        std::string(expected))
                         : absl::StrCat("expected ", std::string(expected),
                                        ", got ", here);
      }
      break;
    }
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      message = "\\u must be followed by 4 hex digits";
      break;
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      message = absl::StrCat(
          "unpaired UTF-16 surrogate ", Sanitized(json_.substr(offset, 6)),
          ": a \\u escape in D800-DBFF must be followed by one in DC00-DFFF");
      break;
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (!at_end && json_[offset] == '\\') {
        message = absl::StrCat("invalid escape \\",
                               offset + 1 < json_.size()
                                   ? Sanitized(json_.substr(offset + 1, 1))
                                   : std::string());
      } else {
        message =
            absl::StrCat("control character ", here, " in a string; escape it");
      }
      break;
    case rapidjson::kParseErrorStringMissQuotationMark:
      message = at_end ? "unterminated string"
                       : absl::StrCat("control character ", here,
                                      " in a string; escape it");
      break;
    case rapidjson::kParseErrorStringInvalidEncoding:
      message =
          absl::StrCat("not valid UTF-8 (", here, "); JSON text must be UTF-8");
      break;
    case rapidjson::kParseErrorNumberTooBig: {
      // Read as the value it stands for: the field says what it takes.
      size_t end = offset;
      while (end < json_.size() &&
             (IsDigit(json_[end]) || json_[end] == '.' || json_[end] == '-' ||
              json_[end] == '+' || json_[end] == 'e' || json_[end] == 'E')) {
        ++end;
      }
      const size_t before = errors_;
      const std::string path = path_;
      if (!frames_.empty()) {
        OnScalar(
            {Scalar::Kind::kNumber, false, json_.substr(offset, end - offset)});
      }
      if (errors_ != before) return;
      path_ = path;
      message = absl::StrCat(ShowNumber(json_.substr(offset, end - offset)),
                             " is too large for a JSON number (past the "
                             "range of a double)");
      break;
    }
    case rapidjson::kParseErrorNumberMissFraction:
      message =
          absl::StrCat("expected digits after '.' in a number, got ", here);
      break;
    case rapidjson::kParseErrorNumberMissExponent:
      message =
          absl::StrCat("expected digits in a number's exponent, got ", here);
      break;
    default:
      message =
          absl::StrCat("invalid JSON: ", rapidjson::GetParseError_En(code));
  }
  Error(offset, [&] { return std::move(message); });
}

}  // namespace

bool ParseJson(std::string_view json, google::protobuf::Message& root,
               ParseContext& context) {
  Builder builder(json, root, context);
  return builder.Run();
}

}  // namespace orbax::checkpoint::options::internal
