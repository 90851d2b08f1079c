// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the binary (protobuf wire format) parser of config sources.
//
// protobuf's own parser does the parsing; before it, one linear, iterative
// pass over the wire data checks what protobuf would accept silently or
// report without saying where (see parse_context.h for what every format
// parser does):
//
//   * a field this version knows, sent with another wire type (a writer with
//     an incompatible schema: protobuf would keep it as an unknown field and
//     the default would silently take its place), or an int32 or enum value
//     that does not fit 32 bits (protobuf would cut it);
//   * a string field whose bytes are not UTF-8;
//   * truncated or malformed data;
//   * proto2's groups (wire types 3 and 4), which no writer of a proto3
//     schema sends, and which protobuf would keep at tens of bytes of memory
//     for each byte of input;
//   * nesting of sub-messages deeper than `kMaxNestingDepth`, and more than
//     `kMaxUnknownFields` unknown fields.
//
// Each problem names the field path and the byte offset where it stands;
// binary has no lines, so locations are the source alone, and element places
// are not recorded.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINARY_PARSER_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINARY_PARSER_H_

#include <string_view>

#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/parse_context.h"

namespace orbax::checkpoint::options::internal {

// ParseBinary()
//
// Parses `bytes` into `root` (which should be empty), keeping unknown fields,
// recording locations and reporting problems through `context`. Returns
// whether there was no error.
bool ParseBinary(std::string_view bytes, google::protobuf::Message& root,
                 ParseContext& context);

// PassesWireCheck()
//
// Whether `bytes`, a binary `root`, passes the checks above that come before
// protobuf's parser (but UTF-8, which protobuf's parser of a proto3 schema
// refuses itself) and holds no unknown field at all; reports nothing. For
// the loader's fast path, which leaves anything else to the located path.
bool PassesWireCheck(std::string_view bytes,
                     const google::protobuf::Descriptor* root);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINARY_PARSER_H_
