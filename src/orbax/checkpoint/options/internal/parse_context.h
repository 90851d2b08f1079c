// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: what the three format parsers (text_parser.h, json_parser.h,
// binary_parser.h) share: the source they read, how strictly, where they
// record field locations, and where they report problems.
//
// Every parser:
//
//   * fills a `google::protobuf::Message` of the root type it is given, so the
//     same code loads any root message of the schema;
//   * refuses nesting deeper than `kMaxNestingDepth` before it recurses into
//     it, with a located error;
//   * records where each field was set in `locations()` (a field's entry,
//     then one place per element of a repeated field; nothing inside an
//     element), unless `locations()` is null: then it only checks, and need
//     not spell out paths;
//   * reports each problem once, located, with the field path, in its own
//     words, echoing values through `Quote()` (escaping.h);
//   * runs in time linear in its input, and in memory a small multiple of it.
//
// `ParseContext` keeps at most `kMaxReportedPerSeverity` errors and as many
// warnings of one source; `Finish()` then says how many more there were, so
// that neither stderr nor memory grows without bound on hostile input.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_PARSE_CONTEXT_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_PARSE_CONTEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/diagnostic.h"

namespace orbax::checkpoint::options::internal {

// The most errors, and the most warnings, kept from one source.
inline constexpr size_t kMaxReportedPerSeverity = 100;

// Records `where` in `locations` for every set field of `message` and of
// its set sub-messages, recursively, under `prefix`; not inside the elements
// of repeated fields (see `FieldLocations`). For sources without lines:
// binary, and `--set` arguments.
// SourceError()
//
// An error, without a line, about the source called `file` or about the
// field at `path` in it; `code` is as `Diagnostic::code` says.
[[nodiscard]] Diagnostic SourceError(
    std::string file, std::string path, std::string message,
    absl::StatusCode code = absl::StatusCode::kInvalidArgument);

void LocateSetFields(const google::protobuf::Message& message,
                     std::string_view prefix, const SourceLocation& where,
                     FieldLocations& locations);

class ParseContext {
 public:
  // Reads the source called `file`. `locations` may be null (check only).
  ParseContext(std::string_view file, bool allow_unknown_fields,
               FieldLocations* locations, std::vector<Diagnostic>& diagnostics)
      : file_(file),
        allow_unknown_fields_(allow_unknown_fields),
        locations_(locations),
        diagnostics_(diagnostics) {}

  ParseContext(const ParseContext&) = delete;
  ParseContext& operator=(const ParseContext&) = delete;

  // The source's name, as diagnostics show it.
  const std::string& file() const { return file_; }

  // Whether unknown fields are ignored with a warning, rather than refused.
  bool allow_unknown_fields() const { return allow_unknown_fields_; }

  // Where to record field locations, or null when only checking.
  FieldLocations* locations() const { return locations_; }
  bool recording() const { return locations_ != nullptr; }

  // Reports an error or a warning at a 1-based `line` and `column` (both 0
  // where the source has no lines) about the field at `path` ("" for none).
  void Error(int line, int column, std::string path, std::string message);
  void Warning(int line, int column, std::string path, std::string message);

  // Whether any error was reported (kept or not).
  bool failed() const { return errors_ > 0; }

  // Adds a summary of the diagnostics that were not kept, if any. Call once,
  // after parsing.
  void Finish();

 private:
  void Add(Diagnostic::Severity severity, size_t& count, int line, int column,
           std::string path, std::string message);

  std::string file_;
  bool allow_unknown_fields_;
  FieldLocations* locations_;
  std::vector<Diagnostic>& diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_PARSE_CONTEXT_H_
