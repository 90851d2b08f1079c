// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: field_error.h
// -----------------------------------------------------------------------------
//
// This header defines `FieldError`, one problem with one field, and the
// function that turns a list of them into an `absl::Status`. Conversion and
// validation collect every error, not just the first, as `FieldError`s, and
// every warning too (`ValidationWarnings()`, the `warnings` of
// `FromProtoWithErrors()`): a `FieldError` is an error or a warning by the
// list it is in. The config loader uses their paths to point into the file
// that set the field.
//
// Example:
//
//   std::vector<FieldError> errors = ValidationErrors(options);
//   for (const FieldError& e : errors) {
//     std::cerr << e.path << ": " << e.message << "\n";
//   }

#ifndef ORBAX_CHECKPOINT_OPTIONS_FIELD_ERROR_H_
#define ORBAX_CHECKPOINT_OPTIONS_FIELD_ERROR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace orbax::checkpoint::options {

// FieldError
//
// One problem with one field, an error or a warning: its dotted path from the
// value's root, using the schema's field names (e.g.
// `multiprocessing_options.active_processes.ranges[1]`), and a message that
// states the rule and the value it got.
struct FieldError {
  std::string path;
  std::string message;
  // The path of the field the problem comes from, when that is another field
  // (e.g. `read_only` for a value it resets), or empty. The config loader
  // points there when the input doesn't set `path` itself.
  std::string cause = {};

  // Returns "path: message".
  std::string ToString() const;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// ToStatus()
//
// Returns OK for no errors, and otherwise `kInvalidArgument` with every error
// as "path: message", joined by "; ".
absl::Status ToStatus(const std::vector<FieldError>& errors);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_FIELD_ERROR_H_
