// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/diagnostic.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_path.h"

namespace orbax::checkpoint::options {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return absl::StrCat(file, ":", line, ":", column);
}

void FieldLocations::Set(std::string_view path, SourceLocation where) {
  auto it = entries_.find(path);
  if (it == entries_.end()) {
    entries_.emplace(std::string(path), Entry{std::move(where), {}});
  } else {
    it->second = Entry{std::move(where), {}};
  }
}

void FieldLocations::AddElement(std::string_view path, int line, int column) {
  auto it = entries_.find(path);
  if (it != entries_.end()) it->second.elements.emplace_back(line, column);
}

std::optional<SourceLocation> FieldLocations::Find(
    std::string_view path) const {
  const size_t bracket = path.find('[');
  auto it = entries_.find(path.substr(0, bracket));
  if (it == entries_.end()) return std::nullopt;
  const Entry& entry = it->second;
  if (bracket == std::string_view::npos) return entry.where;
  size_t index = 0;
  const std::string_view digits = path.substr(bracket + 1);
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (error != std::errc() || index >= entry.elements.size()) {
    return entry.where;
  }
  const auto [line, column] = entry.elements[index];
  return SourceLocation{entry.where.file, line, column};
}

std::optional<SourceLocation> FieldLocations::FindNearest(
    std::string_view path) const {
  std::string p(path);
  while (!p.empty()) {
    if (std::optional<SourceLocation> at = Find(p)) return at;
    p = internal::ParentPath(p);
  }
  return std::nullopt;
}

void FieldLocations::EraseWithin(std::string_view root) {
  for (auto it = entries_.lower_bound(root);
       it != entries_.end() && it->first.compare(0, root.size(), root) == 0;) {
    if (internal::IsWithin(it->first, root)) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void FieldLocations::Update(const FieldLocations& later) {
  for (const auto& [path, entry] : later.entries_) entries_[path] = entry;
}

std::string Diagnostic::ToString() const {
  std::string out;
  internal::AppendSanitized(out, location.ToString());
  if (!out.empty()) out += ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  if (!path.empty()) {
    internal::AppendSanitized(out, path);
    out += ": ";
  }
  internal::AppendSanitized(out, message);
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
