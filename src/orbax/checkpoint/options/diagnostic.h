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
// `kPermissionDenied`, `kResourceExhausted` for the size limit,
// `kUnimplemented` for an unrecognised format, `kUnknown` for other I/O
// errors).
//
// Example:
//
//   for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
//   // cfg.textproto:3:5: error: async_options.timeout_secs: must be > 0, got 0

#ifndef ORBAX_CHECKPOINT_OPTIONS_DIAGNOSTIC_H_
#define ORBAX_CHECKPOINT_OPTIONS_DIAGNOSTIC_H_

#include <map>
#include <ostream>
#include <string>
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
// Where each field of a source was set, by dotted path from the root using
// the schema's field names, with `[i]` for elements of repeated fields (e.g.
// `multiprocessing_options.active_processes.ranges[1].stop`). Sub-messages
// have entries of their own (`multiprocessing_options`).
using FieldLocations = std::map<std::string, SourceLocation>;

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

  // Returns the GCC-style line `FILE:LINE:COL: error: PATH: message`. The
  // line and column are left out when 0, the path when empty, and the file
  // when empty; warnings say `warning:`.
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
