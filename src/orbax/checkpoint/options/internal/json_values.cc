// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/json_values.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"

namespace orbax::checkpoint::options::internal {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using uint128 = unsigned __int128;

// A type's name in messages: ours by its short name, protobuf's in full.
std::string TypeName(const Descriptor* type) {
  return type->file()->package() == "google.protobuf" ? type->full_name()
                                                      : type->name();
}

std::string ExpectedGot(const FieldDescriptor* field, std::string_view got) {
  return absl::StrCat("expected ", ExpectedJson(field), ", got ",
                      std::string(got));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `s` is one or more ASCII digits.
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

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

// Reads `v` as an integer in `range`, for `field`, whose type messages call
// `type`. JSON numbers must be whole as written and, past 2^53, exact
// as a double, which is how Python reads a number with a fraction or an
// exponent; strings must be an optional '-' and ASCII digits (`"0750"` is
// 750). Returns false with `error` set otherwise.
bool ReadInteger(const JsonScalar& v, std::string_view type, IntRange range,
                 const FieldDescriptor* field, __int128& out,
                 std::string& error) {
  bool negative = false;
  uint128 magnitude = 0;
  bool too_large = false;
  if (v.kind == JsonScalar::Kind::kNumber) {
    if (!ReadWholeNumber(v.text, negative, magnitude, too_large)) {
      error = too_large ? OutOfRange(ShowJsonNumber(v.text), type, range)
                        : ExpectedGot(field, ShowJsonNumber(v.text));
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
            ShowJsonNumber(v.text),
            " is not exact as a double, as Python reads a number with a "
            "fraction or an exponent; write it as plain digits");
        return false;
      }
    }
  } else if (v.kind == JsonScalar::Kind::kString) {
    std::string_view s = v.text;
    negative = !s.empty() && s[0] == '-';
    if (negative) s.remove_prefix(1);
    if (!AllDigits(s)) {
      error = ExpectedGot(field, Quote(v.text));
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
    error = ExpectedGot(field, DescribeJson(v));
    return false;
  }
  const __int128 value = negative ? -static_cast<__int128>(magnitude)
                                  : static_cast<__int128>(magnitude);
  if (value < range.min || (value > 0 && static_cast<uint128>(value) >
                                             static_cast<uint128>(range.max))) {
    error = OutOfRange(DescribeJson(v), type, range);
    return false;
  }
  out = value;
  return true;
}

// Reads `v` as a float or double: a JSON number, a number in a string, or
// "NaN", "Infinity", "-Infinity".
bool ReadFloat(const JsonScalar& v, const FieldDescriptor* field, double& out,
               std::string& error) {
  const bool is_float = field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT;
  if (v.kind == JsonScalar::Kind::kString) {
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
  if ((v.kind != JsonScalar::Kind::kNumber &&
       v.kind != JsonScalar::Kind::kString) ||
      !IsJsonNumber(v.text)) {
    error = ExpectedGot(field, DescribeJson(v));
    return false;
  }
  double d = 0;
  const auto [end, ec] =
      std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
  if (ec != std::errc() || !std::isfinite(d) ||
      (is_float && std::fabs(d) > FLT_MAX)) {
    error = absl::StrCat(DescribeJson(v), " is out of range for ",
                         field->type_name());
    return false;
  }
  // Python reads the number -0, written without a fraction or an exponent,
  // as the int 0, which is +0.0 as a double.
  const bool plain = v.text.find_first_of(".eE") == std::string_view::npos;
  out = d == 0 && v.kind == JsonScalar::Kind::kNumber && plain ? 0.0 : d;
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
  if (!AllDigits(whole) || (dot != std::string_view::npos &&
                            (!AllDigits(fraction) || fraction.size() > 9))) {
    return false;
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

std::string KnownValues(const EnumDescriptor* type) {
  std::string known;
  for (int i = 0; i < type->value_count(); ++i) {
    absl::StrAppend(&known, i == 0 ? "" : ", ", type->value(i)->name());
  }
  return known;
}

// The permission bits that make a mode risky, for the warning about "0750".
std::string RiskyBits(int64_t mode) {
  std::vector<std::string> bits;
  if (mode & 04000) bits.push_back("setuid");
  if (mode & 02000) bits.push_back("setgid");
  if (mode & 01000) bits.push_back("sticky bit");
  if (mode & 02) bits.push_back("world-writable");
  return absl::StrJoin(bits, ", ");
}

// The warning for permission bits written as a string with a leading zero
// (`"0750"`), which JSON reads as decimal, unlike text format.
std::string LeadingZeroWarning(std::string_view text, int64_t decimal) {
  bool octal = true;
  int64_t as_octal = 0;
  for (char c : text) {
    octal = octal && c <= '7';
    if (octal && as_octal < (int64_t{1} << 40)) {
      as_octal = as_octal * 8 + (c - '0');
    }
  }
  const std::string risky = RiskyBits(decimal);
  std::string out =
      absl::StrCat(Quote(text), " is read as decimal ", decimal, " (",
                   absl::StrFormat("0%o", decimal), " in octal",
                   risky.empty() ? "" : absl::StrCat(": ", risky), ")");
  if (octal) {
    absl::StrAppend(&out, ", while text format and --set read ",
                    std::string(text), " as octal; to mean ", std::string(text),
                    ", write ", as_octal, " (a number)");
  } else {
    absl::StrAppend(&out, "; write it without the leading zero");
  }
  return out;
}

std::string SetInteger(Message& message, const FieldDescriptor* field,
                       const JsonScalar& v, std::string& warning) {
  __int128 value = 0;
  std::string error;
  if (!ReadInteger(v, field->type_name(), RangeOf(field), field, value,
                   error)) {
    return error;
  }
  const auto& r = *message.GetReflection();
  const bool add = field->is_repeated();
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
  if (v.kind == JsonScalar::Kind::kString && IsPermissionBits(field) &&
      v.text.size() > 1 && v.text[0] == '0') {
    warning = LeadingZeroWarning(v.text, static_cast<int64_t>(value));
  }
  return "";
}

std::string SetFloat(Message& message, const FieldDescriptor* field,
                     const JsonScalar& v) {
  double value = 0;
  std::string error;
  if (!ReadFloat(v, field, value, error)) return error;
  const auto& r = *message.GetReflection();
  const bool add = field->is_repeated();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
    add ? r.AddFloat(&message, field, static_cast<float>(value))
        : r.SetFloat(&message, field, static_cast<float>(value));
  } else {
    add ? r.AddDouble(&message, field, value)
        : r.SetDouble(&message, field, value);
  }
  return "";
}

std::string SetString(Message& message, const FieldDescriptor* field,
                      const JsonScalar& v) {
  std::string value;
  if (v.kind != JsonScalar::Kind::kString ||
      (field->type() == FieldDescriptor::TYPE_BYTES &&
       !DecodeBase64(v.text, value))) {
    return ExpectedGot(field, DescribeJson(v));
  }
  if (field->type() != FieldDescriptor::TYPE_BYTES) {
    value.assign(v.text.data(), v.text.size());
  }
  field->is_repeated()
      ? message.GetReflection()->AddString(&message, field, std::move(value))
      : message.GetReflection()->SetString(&message, field, std::move(value));
  return "";
}

// An enum: a value's name in a string, or a whole number (a proto3 enum
// keeps numbers it does not name).
std::string SetEnum(Message& message, const FieldDescriptor* field,
                    const JsonScalar& v) {
  const EnumDescriptor* type = field->enum_type();
  int number = 0;
  if (v.kind == JsonScalar::Kind::kString) {
    const auto* value =
        type->FindValueByName(std::string(v.text));
    if (value == nullptr) {
      bool digits = !v.text.empty();
      for (char c : v.text) digits = digits && (IsDigit(c) || c == '-');
      return digits ? absl::StrCat(ExpectedGot(field, DescribeJson(v)),
                                   "; write a number without quotes")
                    : absl::StrCat("unknown ", type->name(), " name ",
                                   Quote(v.text), "; this version knows ",
                                   KnownValues(type));
    }
    number = value->number();
  } else if (v.kind == JsonScalar::Kind::kNumber) {
    __int128 value = 0;
    std::string error;
    if (!ReadInteger(v, type->name(), RangeOf(field), field, value, error)) {
      return error;
    }
    number = static_cast<int>(value);
    if (field->file()->syntax() !=
            google::protobuf::FileDescriptor::SYNTAX_PROTO3 &&
        type->FindValueByNumber(number) == nullptr) {
      return absl::StrCat("unknown ", type->name(), " number ", number,
                          "; this version knows ", KnownValues(type));
    }
  } else {
    return ExpectedGot(field, DescribeJson(v));
  }
  field->is_repeated()
      ? message.GetReflection()->AddEnumValue(&message, field, number)
      : message.GetReflection()->SetEnumValue(&message, field, number);
  return "";
}

// A message field: only google.protobuf.Duration, as a string.
std::string SetDuration(Message& message, const FieldDescriptor* field,
                        const JsonScalar& v) {
  int64_t seconds = 0;
  int32_t nanos = 0;
  if (!IsDuration(field->message_type()) ||
      v.kind != JsonScalar::Kind::kString) {
    return ExpectedGot(field, DescribeJson(v));
  }
  if (!ReadDuration(v.text, seconds, nanos)) {
    return absl::StrCat(ExpectedGot(field, DescribeJson(v)),
                        "; seconds with up to 9 fractional digits, within "
                        "+-315576000000, then \"s\"");
  }
  const auto& r = *message.GetReflection();
  Message* duration = field->is_repeated() ? r.AddMessage(&message, field)
                                           : r.MutableMessage(&message, field);
  const auto* d = duration->GetDescriptor();
  const auto& dr = *duration->GetReflection();
  dr.SetInt64(duration, d->FindFieldByNumber(1), seconds);
  dr.SetInt32(duration, d->FindFieldByNumber(2), nanos);
  return "";
}

}  // namespace

// A number as the user wrote it, capped like `Quote()` caps a string.
std::string ShowJsonNumber(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return std::string(text);
  return absl::StrCat(std::string(text.substr(0, kMaxQuotedBytes)), "... (",
                      text.size(), " bytes)");
}

// What the user wrote, for "got ...".
std::string DescribeJson(const JsonScalar& v) {
  switch (v.kind) {
    case JsonScalar::Kind::kNull:
      return "null";
    case JsonScalar::Kind::kBool:
      return v.boolean ? "true" : "false";
    case JsonScalar::Kind::kNumber:
      return ShowJsonNumber(v.text);
    case JsonScalar::Kind::kString:
      return Quote(v.text);
  }
  return "";
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
std::string ExpectedJson(const FieldDescriptor* field) {
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
std::string ExpectedJsonList(const FieldDescriptor* field) {
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

std::string SetJsonValue(Message& message, const FieldDescriptor* field,
                         const JsonScalar& v, std::string& warning) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return SetInteger(message, field, v, warning);
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return SetFloat(message, field, v);
    case FieldDescriptor::CPPTYPE_BOOL:
      if (v.kind != JsonScalar::Kind::kBool) {
        return ExpectedGot(field, DescribeJson(v));
      }
      field->is_repeated()
          ? message.GetReflection()->AddBool(&message, field, v.boolean)
          : message.GetReflection()->SetBool(&message, field, v.boolean);
      return "";
    case FieldDescriptor::CPPTYPE_STRING:
      return SetString(message, field, v);
    case FieldDescriptor::CPPTYPE_ENUM:
      return SetEnum(message, field, v);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return SetDuration(message, field, v);
  }
  return "";
}

}  // namespace orbax::checkpoint::options::internal
