// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: diagnostic.h
// -----------------------------------------------------------------------------
//
// This header defines what the config loader reports and where things stand
// in a config source:
//
//   * `SourceLocation`: a source name with a 1-based line and column (0 where
//     the input has no lines, as in binary or a `--set` argument).
//   * `FieldLocations`: where each field path of a source was set.
//   * `Diagnostic`: one error or warning, printed GCC style as
//     `FILE:LINE:COL: error: FIELD.PATH: message`, so editors can jump to it.
//
// A diagnostic's `code` tells the kind of problem: `kInvalidArgument` means
// the content is invalid (syntax, unknown field, a broken rule); any other
// code means the source could not be read at all (`kNotFound`,
// `kPermissionDenied`, `kFailedPrecondition` for a directory,
// `kResourceExhausted` for the size limit, `kUnimplemented` for an
// unrecognised format, `kUnknown` for other I/O errors, `kCancelled` for a
// read that `LoadOptions::interrupted` stopped); `error_number` keeps the
// errno of the system call that failed.
//
// Example:
//
//   for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
//   // cfg.textproto:3:5: error: async_options.timeout_secs: must be > 0, got 0

#ifndef ORBAX_CHECKPOINT_OPTIONS_DIAGNOSTIC_H_
#define ORBAX_CHECKPOINT_OPTIONS_DIAGNOSTIC_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace orbax::checkpoint::options {

// SourceLocation
//
// A place in a config source: its name (a file path, `-` for standard input,
// or `--set PATH=VALUE`) and a 1-based line and column, both 0 where the
// input has no lines.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // Returns "file:line:col", or "file" when there is no line.
  std::string ToString() const;

  friend bool operator==(const SourceLocation&,
                         const SourceLocation&) = default;
  // Prints `ToString()`, e.g. for test failures.
  friend std::ostream& operator<<(std::ostream& os,
                                  const SourceLocation& location) {
    return os << location.ToString();
  }
};

// FieldLocations
//
// Where each field of a config was set, by dotted path from the root with
// the schema's field names (`async_options.timeout_secs`). Sub-messages have
// entries of their own (`async_options`).
//
// A repeated field has one entry, and the place of each element: the path
// `f[i]` names element `i`. Whatever lies inside an element (such as
// `multiprocessing_options.active_processes.ranges[1].stop`) is located at
// the element itself, so that memory grows by a few bytes per element, never
// with the length of the paths inside it. Binary sources, which have no
// lines, record no element places: their elements are located at the field.
class FieldLocations {
 public:
  // FieldLocations::Set()
  //
  // Records that the field at `path` (a path without `[i]`) was set at
  // `where`.
  void Set(std::string_view path, SourceLocation where);

  // FieldLocations::AddElement()
  //
  // Records the 1-based `line` and `column` of the next element of the
  // repeated field at `path`, in the source of that field's entry, which
  // must have been `Set()` before.
  void AddElement(std::string_view path, int line, int column);

  // FieldLocations::Find()
  //
  // Returns where the field or element at `path` was set: the field's own
  // entry; for a path through an element (`f[i]`, `f[i].g`), the element's
  // place, or the field's where the source recorded no element places; or
  // `std::nullopt` if nothing was recorded for it.
  [[nodiscard]] std::optional<SourceLocation> Find(std::string_view path) const;

  // FieldLocations::FindNearest()
  //
  // Returns `Find(path)`, or else `Find()` of its nearest ancestor that has
  // an entry (`a.b.c`, then `a.b`, then `a`); `std::nullopt` if none has.
  [[nodiscard]] std::optional<SourceLocation> FindNearest(
      std::string_view path) const;

  // FieldLocations::EraseWithin()
  //
  // Erases the entries of `root` and of every field inside it.
  void EraseWithin(std::string_view root);

  // FieldLocations::Update()
  //
  // Adds every entry of `later`, replacing the entries of the same paths.
  void Update(const FieldLocations& later);

  // The recorded fields (not elements), and whether there are none.
  [[nodiscard]] size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }

  friend bool operator==(const FieldLocations&,
                         const FieldLocations&) = default;

 private:
  struct Entry {
    SourceLocation where;
    // The places of the elements of a repeated field, in order.
    std::vector<std::pair<int32_t, int32_t>> elements;

    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

// Diagnostic
//
// One problem found while loading: where, which field, and what is wrong
// (with the value).
struct Diagnostic {
  enum class Severity { kError, kWarning };

  Severity severity = Severity::kError;
  // `kInvalidArgument` for invalid content; any other code means the source
  // could not be read (see the file comment).
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  // Where: the source and, where it has lines, the 1-based line and column.
  SourceLocation location;
  // The field path, as in `FieldLocations`; empty when no field is involved
  // (e.g. a syntax error between fields, or an unreadable file).
  std::string path;
  // What is wrong, with the value.
  std::string message;
  // The `errno` of the system call that failed to read the source (`ENOENT`,
  // `ELOOP`, `ENOTDIR`, ...), or 0 if none failed.
  int error_number = 0;

  // Returns the GCC-style line `FILE:LINE:COL: error: PATH: message`. The
  // line and column are left out when 0, the path when empty, and the file
  // when empty; warnings say `warning:`. Control characters, text-reordering
  // Unicode controls and bytes that are not UTF-8 are escaped (`\x1b`), so
  // the line is safe to print to a terminal whatever the input held.
  std::string ToString() const;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
  // Prints `ToString()`, e.g. for test failures.
  friend std::ostream& operator<<(std::ostream& os, const Diagnostic& d) {
    return os << d.ToString();
  }
};

// HasErrors()
//
// Returns whether any diagnostic is an error (not a warning).
[[nodiscard]] bool HasErrors(const std::vector<Diagnostic>& diagnostics);

// HasReadErrors()
//
// Returns whether any error means a source could not be read (any code other
// than `kInvalidArgument`), rather than that its content is invalid.
[[nodiscard]] bool HasReadErrors(const std::vector<Diagnostic>& diagnostics);

// DiagnosticsToStatus()
//
// Returns OK if there are no errors, and otherwise a status with the code of
// the first error and every diagnostic's `ToString()`, one per line.
[[nodiscard]] absl::Status DiagnosticsToStatus(
    const std::vector<Diagnostic>& diagnostics);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_DIAGNOSTIC_H_
