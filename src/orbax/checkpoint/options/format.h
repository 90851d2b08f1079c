// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: format.h
// -----------------------------------------------------------------------------
//
// This header defines `Format`, the three encodings of a config file, and how
// a file's format is chosen:
//
//   * text format: `.textproto`, `.txtpb`, `.pbtxt`   (name "textproto")
//   * JSON:        `.json`                             (name "json")
//   * binary:      `.binpb`, `.pb`                     (name "binpb")
//
// A file's extension picks its format. Standard input (`-`) and files with
// any other extension need the format given explicitly. Every format has the
// same limits: `kMaxNestingDepth` and, for binary, `kMaxUnknownFields`.
//
// Example:
//
//   std::optional<Format> f = FormatFromPath("configs/job.textproto");
//   // Format::kText
//   std::optional<Format> g = ParseFormatName("json");  // Format::kJson

#ifndef ORBAX_CHECKPOINT_OPTIONS_FORMAT_H_
#define ORBAX_CHECKPOINT_OPTIONS_FORMAT_H_

#include <optional>
#include <string_view>

namespace orbax::checkpoint::options {

// Format
//
// The encoding of a config file or of printed options.
enum class Format {
  // protobuf text format.
  kText,
  // protobuf's JSON mapping.
  kJson,
  // protobuf binary wire format.
  kBinary,
};

// kMaxNestingDepth
//
// The deepest a source may nest, in every format: at most 100 levels below
// the root message, where each message or list that a field's value opens is
// one level (`a { b { ... } }` and `"a": [[...]]` are two). Deeper input is
// refused with a located error before it is read further, unknown fields
// included.
inline constexpr int kMaxNestingDepth = 100;

// kMaxUnknownFields
//
// The most unknown fields (fields from a newer writer) that one binary
// source may hold: protobuf keeps each in 16 to 80 bytes of memory however
// few bytes it takes on the wire, so a source of nothing else is refused
// past this many. Text and JSON keep none (they are skipped or refused).
inline constexpr int kMaxUnknownFields = 100000;

// FormatName()
//
// Returns the name of `format` used on the command line: "textproto", "json"
// or "binpb".
[[nodiscard]] std::string_view FormatName(Format format);

// ParseFormatName()
//
// Returns the format named `name` ("textproto", "json" or "binpb"), or
// `std::nullopt` for any other name.
[[nodiscard]] std::optional<Format> ParseFormatName(std::string_view name);

// FormatFromPath()
//
// Returns the format that the extension of `path` picks, or `std::nullopt`
// if the extension picks none (including for `-`, standard input).
[[nodiscard]] std::optional<Format> FormatFromPath(std::string_view path);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_FORMAT_H_
