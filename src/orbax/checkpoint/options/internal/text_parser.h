// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the text-format parser of config sources.
//
// It reads protobuf's text format as protobuf 3.21's `TextFormat::Parser`
// does (the same tokenizer, `google::protobuf::io::Tokenizer`, set up the
// same way, and the same grammar), so that whatever it accepts, protoc and
// `TextFormat::Parser` accept too, with the same message. What it adds (see
// parse_context.h for what every format parser does):
//
//   * every error in our words, at the line and column of the token at
//     fault, with the path of the field being read: an integer out of range
//     shows the digits that were written, a value of the wrong kind says
//     what the field takes;
//   * unknown fields are refused at their name, or, when allowed, skipped
//     with a warning; their values may be anything the grammar allows,
//     including `[]`;
//   * nesting is refused past `kMaxNestingDepth` before it is descended into;
//   * string fields must hold UTF-8, as in Python.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_PARSER_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_PARSER_H_

#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/parse_context.h"

namespace orbax::checkpoint::options::internal {

// ParseTextFormat()
//
// Parses `text` into `root` (which should be empty), recording locations and
// reporting problems through `context`. Returns whether there was no error.
bool ParseTextFormat(std::string_view text, google::protobuf::Message& root,
                     ParseContext& context);

// ParseTextFieldValue()
//
// Parses `value` as the text format of a value of `field`, a field of
// `holder`, as it would follow `name:` in a file (a scalar, `[...]` for a
// repeated field, `{...}` for a message), and sets that field of `holder` to
// it, replacing what it held. A `;` or `,` may follow the value; anything
// else after it is an error. Problems are reported for `path` (and the paths
// inside the value), without a line (for `--set PATH=VALUE`), in the same
// words as `ParseTextFormat()`'s, whether or not `context` records
// locations; it records none (the value has no lines). Returns whether there
// was no error.
bool ParseTextFieldValue(std::string_view value,
                         const google::protobuf::FieldDescriptor* field,
                         google::protobuf::Message& holder,
                         std::string_view path, ParseContext& context);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_PARSER_H_
