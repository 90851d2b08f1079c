// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/parse_context.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/message_walk.h"

namespace orbax::checkpoint::options::internal {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

void ParseContext::Error(int line, int column, std::string path,
                         std::string message) {
  Add(Diagnostic::Severity::kError, errors_, line, column, std::move(path),
      std::move(message));
}

void ParseContext::Warning(int line, int column, std::string path,
                           std::string message) {
  Add(Diagnostic::Severity::kWarning, warnings_, line, column, std::move(path),
      std::move(message));
}

void ParseContext::Add(Diagnostic::Severity severity, size_t& count, int line,
                       int column, std::string path, std::string message) {
  if (count++ >= kMaxReportedPerSeverity) return;
  Diagnostic d;
  d.severity = severity;
  d.location = SourceLocation{file_, line, column};
  d.path = std::move(path);
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
}

void ParseContext::Finish() {
  const auto summarise = [&](Diagnostic::Severity severity, size_t count,
                             std::string_view what) {
    if (count <= kMaxReportedPerSeverity) return;
    Diagnostic d;
    d.severity = severity;
    d.location.file = file_;
    d.message = absl::StrCat(count - kMaxReportedPerSeverity, " more ",
                             std::string(what), " not shown (the first ",
                             kMaxReportedPerSeverity, " are)");
    diagnostics_.push_back(std::move(d));
  };
  summarise(Diagnostic::Severity::kError, errors_, "errors");
  summarise(Diagnostic::Severity::kWarning, warnings_, "warnings");
}

Diagnostic SourceError(std::string file, std::string path, std::string message,
                       absl::StatusCode code) {
  Diagnostic d;
  d.code = code;
  d.location.file = std::move(file);
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

void LocateSetFields(const Message& message, std::string_view prefix,
                     const SourceLocation& where, FieldLocations& locations) {
  ForEachSetField(message, prefix, [&](const FieldDescriptor* field,
                                       const std::string& path) {
    locations.Set(path, where);
    if (field->message_type() != nullptr && !field->is_repeated()) {
      LocateSetFields(message.GetReflection()->GetMessage(message, field),
                      path, where, locations);
    }
  });
}

}  // namespace orbax::checkpoint::options::internal
