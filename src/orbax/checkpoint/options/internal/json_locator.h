// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: where fields stand in a JSON source, and the strict checks that
// need positions.
//
// protobuf 3.21's JSON parser reports errors without lines and columns, so
// the loader first walks the JSON itself, along the message's descriptor:
//
//   * it records the 1-based line and column of every field (the key) and of
//     every element of a repeated field, under the schema's field names
//     (keys may be the schema's names or their lowerCamelCase JSON names);
//   * it reports syntax errors, unknown fields (as errors, or as warnings
//     when allowed), fields given twice, and two members of one `oneof`.
//
// protobuf's parser then does the conversion; the loader places its errors
// with these locations. Columns count tabs as reaching the next multiple of 8,
// as protobuf's text-format tokenizer does.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_LOCATOR_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_LOCATOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "orbax/checkpoint/options/diagnostic.h"

namespace orbax::checkpoint::options::internal {

// The deepest nesting of objects and arrays accepted.
inline constexpr int kMaxJsonDepth = 100;

// LocateJsonFields()
//
// Walks `json`, a `root` message, as described above: adds locations in
// `file` to `locations` (unless it is null: a check only) and problems to
// `diagnostics`. Returns false only for a syntax error, after which nothing
// more can be read; unknown fields and the like are reported, and the walk
// goes on.
bool LocateJsonFields(std::string_view json,
                      const google::protobuf::Descriptor* root,
                      const std::string& file, bool allow_unknown_fields,
                      FieldLocations* locations,
                      std::vector<Diagnostic>& diagnostics);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_LOCATOR_H_
