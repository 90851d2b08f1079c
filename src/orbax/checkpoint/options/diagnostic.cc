// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/diagnostic.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace orbax::checkpoint::options {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return absl::StrCat(file, ":", line, ":", column);
}

std::string Diagnostic::ToString() const {
  std::string out = location.ToString();
  if (!out.empty()) out += ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  if (!path.empty()) absl::StrAppend(&out, path, ": ");
  out += message;
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) return true;
  }
  return false;
}

bool HasReadErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError &&
        d.code != absl::StatusCode::kInvalidArgument) {
      return true;
    }
  }
  return false;
}

absl::Status DiagnosticsToStatus(const std::vector<Diagnostic>& diagnostics) {
  absl::StatusCode code = absl::StatusCode::kOk;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) {
      code = d.code;
      break;
    }
  }
  if (code == absl::StatusCode::kOk) return absl::OkStatus();
  return absl::Status(code,
                      absl::StrJoin(diagnostics, "\n",
                                    [](std::string* out, const Diagnostic& d) {
                                      out->append(d.ToString());
                                    }));
}

}  // namespace orbax::checkpoint::options
