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
// any other extension need the format given explicitly.
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
