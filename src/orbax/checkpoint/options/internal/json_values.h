// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: JSON values read into protobuf fields, for the JSON parser
// (json_parser.h), as strictly as the proto3 JSON mapping and Python's
// `json_format` (Orbax's side) read them:
//
//   * integers: a JSON number that is whole as written (`1`, `1.0`, `1e2`;
//     past 2^53 also exact as a double, which is how Python reads a number
//     with a fraction or an exponent), or a string of an optional '-' and
//     ASCII digits (`"0750"` is 750); range-checked per type;
//   * floats: a number, a number in a string, "NaN", "Infinity",
//     "-Infinity"; bools: `true` and `false` only; strings: JSON strings;
//     bytes: base64, standard or URL-safe, padded or not;
//   * enums: a value's name, or a whole number (proto3 keeps unknown ones);
//   * google.protobuf.Duration: its string form, e.g. "1.5s".
//
// Each refusal is a message in our words that echoes the value (`Quote()`
// for strings; long numbers capped).
//
// Example:
//
//   std::string warning;
//   std::string error = SetJsonValue(
//       message, field, {JsonScalar::Kind::kString, false, "0750"}, warning);

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_VALUES_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_VALUES_H_

#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace orbax::checkpoint::options::internal {

// JsonScalar
//
// One JSON value that opens nothing: null, a boolean, a number as written,
// or a string decoded.
struct JsonScalar {
  enum class Kind { kNull, kBool, kNumber, kString };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string_view text;
};

// SetJsonValue()
//
// Sets `field` of `message` (adds to it, if repeated) to `value`, which must
// not be null. Returns "" on success, or what is wrong with the value (and
// sets nothing). Sets `warning` for a value that loads but likely means
// something else: a string with a leading zero for permission bits.
std::string SetJsonValue(google::protobuf::Message& message,
                         const google::protobuf::FieldDescriptor* field,
                         const JsonScalar& value, std::string& warning);

// DescribeJson()
//
// The value as the user wrote it, for "got ...": `null`, `true`, a number
// (capped like `Quote()`), or a string through `Quote()`.
std::string DescribeJson(const JsonScalar& value);

// ShowJsonNumber()
//
// A number as written, capped at `kMaxQuotedBytes` bytes like `Quote()`.
std::string ShowJsonNumber(std::string_view text);

// ExpectedJson(), ExpectedJsonList()
//
// What a value of `field` (an element, if repeated) must be, e.g. `int32 (a
// whole number, or a string of digits)`; and what a repeated field takes
// as a whole, e.g. `a list of int32 ([...])`.
std::string ExpectedJson(const google::protobuf::FieldDescriptor* field);
std::string ExpectedJsonList(const google::protobuf::FieldDescriptor* field);

// IsDuration(), IsUnsupportedWellKnownType()
//
// Whether `type` is google.protobuf.Duration (a string in JSON); whether it
// is another well-known type whose JSON form is not an object of its fields
// (Any, Timestamp, FieldMask, Struct, Value, ListValue, the wrappers), which
// the parser refuses rather than misreads.
bool IsDuration(const google::protobuf::Descriptor* type);
bool IsUnsupportedWellKnownType(const google::protobuf::Descriptor* type);

// FindSurrogate()
//
// The first UTF-16 surrogate in a decoded string, as `\udc00`, or "" if it
// has none. Only a `\u` escape can put one there, encoded as UTF-8 would
// encode it (ED A0-BF 80-BF); RapidJSON refuses a high surrogate without a
// low one, but not a lone low one.
std::string FindSurrogate(std::string_view text);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_VALUES_H_
