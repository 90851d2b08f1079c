// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the JSON parser of config sources.
//
// It reads protobuf's proto3 JSON mapping as strictly as the mapping itself
// and Python's `json_format` (the Orbax side) do, so that a config that loads
// here loads there with the same message, and builds the message itself.
// The JSON syntax is RapidJSON's SAX reader's (Debian's rapidjson-dev),
// which reports byte offsets. What it adds (see parse_context.h for what
// every format parser does):
//
//   * every error in our words, at the line and column of the key or value
//     at fault, with the field path;
//   * unknown fields are refused at their key, or, when allowed, skipped
//     with a warning;
//   * a field given twice (in either spelling) and two members of a `oneof`
//     are refused;
//   * nesting is refused past `kMaxNestingDepth`.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_PARSER_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_PARSER_H_

#include <string_view>

#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/parse_context.h"

namespace orbax::checkpoint::options::internal {

// ParseJson()
//
// Parses `json` into `root` (which should be empty), recording locations and
// reporting problems through `context`. Returns whether there was no error.
bool ParseJson(std::string_view json, google::protobuf::Message& root,
               ParseContext& context);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_JSON_PARSER_H_
