// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/loading.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/unknown_field_set.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/bounded_read.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/internal/json_parser.h"
#include "orbax/checkpoint/options/internal/log_capture.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/internal/text_locator.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/unknown_fields.h"

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::Message;
using google::protobuf::TextFormat;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

Diagnostic Error(std::string file, std::string path, std::string message,
                 absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  Diagnostic d;
  d.code = code;
  d.location.file = std::move(file);
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

// Turns protobuf's text-format errors and warnings into diagnostics, naming
// the field that was being read at each position.
class TextErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  TextErrorCollector(std::string_view text, const std::string& file,
                     std::vector<Diagnostic>& diagnostics)
      : text_(text), file_(file), diagnostics_(diagnostics) {}

  void AddError(int line, int column, const std::string& message) override {
    Add(Diagnostic::Severity::kError, line, column, message);
  }
  void AddWarning(int line, int column, const std::string& message) override {
    Add(Diagnostic::Severity::kWarning, line, column, message);
  }

 private:
  void Add(Diagnostic::Severity severity, int line, int column,
           const std::string& message) {
    const internal::TextFieldAt at = internal::FindTextFieldAt(
        text_, v1::CheckpointOptions::descriptor(), line, column);
    Diagnostic d = Error(file_, at.path, message);
    d.severity = severity;
    d.location.line = line + 1;
    d.location.column = column + 1;
    if (at.after_value) {
      // protobuf reports a value it can't use (an unknown enum name) at the
      // token after it; point at the value.
      d.location.line = at.line + 1;
      d.location.column = at.column + 1;
    }
    if (at.in_field && at.unknown) {
      // Our own words, at the field's name rather than after it.
      const std::string_view type =
          std::string_view(at.message_type)
              .substr(at.message_type.find_last_of('.') + 1);
      const std::string name = at.path.substr(at.path.find_last_of('.') + 1);
      d.location.line = at.line + 1;
      d.location.column = at.column + 1;
      d.message = absl::StrCat(
          severity == Diagnostic::Severity::kError ? "unknown field: "
                                                   : "unknown field ignored: ",
          std::string(type), " has no field named \"", name, "\"");
    }
    diagnostics_.push_back(std::move(d));
  }

  std::string_view text_;
  const std::string& file_;
  std::vector<Diagnostic>& diagnostics_;
};

bool ParseText(std::string_view bytes, const std::string& file,
               const LoadOptions& options, Layer& layer,
               std::vector<Diagnostic>& diagnostics) {
  TextFormat::Parser parser;
  TextErrorCollector errors(bytes, file, diagnostics);
  TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  parser.AllowUnknownField(options.allow_unknown_fields);
  google::protobuf::io::ArrayInputStream input(bytes.data(),
                                               static_cast<int>(bytes.size()));
  if (!parser.Parse(&input, &layer.message)) {
    if (!HasErrors(diagnostics)) {
      diagnostics.push_back(Error(file, "", "invalid text format"));
    }
    return false;
  }
  internal::LocateTextFields(layer.message, tree, file, "", layer.locations);
  return true;
}

// Parses JSON with our own parser (internal/json_parser.h), which records
// where each field was set and reports every problem, located.
bool ParseJson(std::string_view bytes, const std::string& file,
               const LoadOptions& options, Layer& layer,
               std::vector<Diagnostic>& diagnostics) {
  internal::ParseContext context(file, options.allow_unknown_fields,
                                 &layer.locations, diagnostics);
  const bool ok = internal::ParseJson(bytes, layer.message, context);
  context.Finish();
  return ok;
}

// Reports every field that this version doesn't know, as a warning at the
// path of the message that holds it.
void ReportUnknownFields(const Message& message, const std::string& file,
                         std::vector<Diagnostic>& diagnostics) {
  for (const options::UnknownField& field : ListUnknownFields(message)) {
    Diagnostic d = Error(file, field.parent,
                         absl::StrCat("unknown field number ", field.number,
                                      ", kept; perhaps from a newer writer"));
    d.severity = Diagnostic::Severity::kWarning;
    diagnostics.push_back(std::move(d));
  }
}

// Returns the path and value of the first string field in `bytes`, a binary
// `type`, that is not UTF-8, if the wire data is otherwise well formed.
// protobuf refuses such a message with only a log message naming the field's
// type, not where it stands.
std::optional<std::pair<std::string, std::string>> FindInvalidUtf8(
    std::string_view bytes, const google::protobuf::Descriptor* type,
    std::string_view prefix) {
  UnknownFieldSet wire;
  if (!wire.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return std::nullopt;
  }
  std::map<int, int> seen;  // Occurrences of each field number, for `[i]`.
  for (int i = 0; i < wire.field_count(); ++i) {
    const UnknownField& f = wire.field(i);
    const google::protobuf::FieldDescriptor* field =
        type->FindFieldByNumber(f.number());
    if (field == nullptr || f.type() != UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    std::string path = internal::JoinPath(prefix, field->name());
    if (field->is_repeated()) {
      path = internal::IndexPath(path, seen[f.number()]++);
    }
    const std::string& value = f.length_delimited();
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
        !google::protobuf::internal::IsStructurallyValidUTF8(
            value.data(), static_cast<int>(value.size()))) {
      return std::make_pair(path, value);
    }
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (auto found = FindInvalidUtf8(value, field->message_type(), path)) {
        return found;
      }
    }
  }
  return std::nullopt;
}

bool ParseBinary(std::string_view bytes, const std::string& file,
                 const LoadOptions& options, Layer& layer,
                 std::vector<Diagnostic>& diagnostics) {
  if (!layer.message.ParseFromArray(bytes.data(),
                                    static_cast<int>(bytes.size()))) {
    if (auto bad =
            FindInvalidUtf8(bytes, v1::CheckpointOptions::descriptor(), "")) {
      diagnostics.push_back(Error(
          file, bad->first,
          absl::StrCat("not valid UTF-8: \"", absl::CHexEscape(bad->second),
                       "\"; string fields must be UTF-8")));
      return false;
    }
    diagnostics.push_back(
        Error(file, "",
              absl::StrCat("not a valid binary CheckpointOptions message (",
                           bytes.size(),
                           " bytes): malformed or truncated wire data")));
    return false;
  }
  internal::LocateSetFields(layer.message, "", SourceLocation{file},
                            layer.locations);
  if (options.report_unknown_fields) {
    ReportUnknownFields(layer.message, file, diagnostics);
  }
  return true;
}

// Swallows the text-format parser's errors; `LoadQuickly()` gives up on any.
class SilentErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override { failed = true; }
  bool failed = false;
};

// Parses `bytes` into `message` without recording where each field stands;
// returns false on any error, which it does not report.
bool ParseQuickly(std::string_view bytes, Format format,
                  const LoadOptions& options, v1::CheckpointOptions& message) {
  switch (format) {
    case Format::kText: {
      TextFormat::Parser parser;
      SilentErrorCollector errors;
      parser.RecordErrorsTo(&errors);
      parser.AllowUnknownField(options.allow_unknown_fields);
      google::protobuf::io::ArrayInputStream input(
          bytes.data(), static_cast<int>(bytes.size()));
      return parser.Parse(&input, &message) && !errors.failed;
    }
    case Format::kJson: {
      // The same parser as ParseLayer()'s, checking only: it accepts exactly
      // the same inputs.
      std::vector<Diagnostic> diagnostics;
      internal::ParseContext context("", options.allow_unknown_fields,
                                     /*locations=*/nullptr, diagnostics);
      return internal::ParseJson(bytes, message, context);
    }
    case Format::kBinary:
      return message.ParseFromArray(bytes.data(),
                                    static_cast<int>(bytes.size()));
  }
  return false;
}

// The fast path of `LoadFromString()`: parses without recording where each
// field stands, and converts the message straight away. Returns the options
// only if nothing at all went wrong (no parse error, no protobuf log message,
// no validation error); otherwise the caller runs the full path, which
// parses again with locations to report every problem at its line and
// column. The two paths accept exactly the same inputs: the checks here are
// the parser's and `FromProtoWithErrors()`'s own (and, for JSON, the same
// walk that finds repeated and unknown keys), and one layer merged into an
// empty message is that layer's message.
std::optional<CheckpointOptions> LoadQuickly(std::string_view bytes,
                                             Format format,
                                             const LoadOptions& options) {
  if (static_cast<int64_t>(bytes.size()) > options.max_input_bytes) {
    return std::nullopt;
  }
  internal::ProtobufLogCapture capture;
  const auto load =
      [&](v1::CheckpointOptions& message) -> std::optional<CheckpointOptions> {
    if (!ParseQuickly(bytes, format, options, message) ||
        !capture.messages().empty()) {
      return std::nullopt;
    }
    std::vector<FieldError> errors;
    std::optional<CheckpointOptions> result =
        FromProtoWithErrors(message, errors);
    if (!errors.empty()) return std::nullopt;
    return result;
  };
  if (format != Format::kBinary) {
    v1::CheckpointOptions message;
    return load(message);
  }
  // Binary parses about 30% faster onto an arena whose first block is on the
  // stack than onto the heap, which takes an allocation per sub-message;
  // text and JSON parse 2-6% slower onto it (docs/PERFORMANCE.md).
  alignas(std::max_align_t) char block[4096];
  google::protobuf::Arena arena(block, sizeof(block));
  return load(
      *google::protobuf::Arena::CreateMessage<v1::CheckpointOptions>(&arena));
}

}  // namespace

std::optional<Layer> ParseLayer(std::string_view bytes, Format format,
                                std::string_view name,
                                const LoadOptions& options,
                                std::vector<Diagnostic>& diagnostics) {
  Layer layer;
  layer.name = std::string(name);
  if (static_cast<int64_t>(bytes.size()) > options.max_input_bytes) {
    diagnostics.push_back(
        Error(layer.name, "",
              internal::TooLargeMessage(static_cast<int64_t>(bytes.size()),
                                        options.max_input_bytes),
              absl::StatusCode::kResourceExhausted));
    return std::nullopt;
  }
  const size_t errors_before = diagnostics.size();
  bool ok = false;
  internal::ProtobufLogCapture capture;
  switch (format) {
    case Format::kText:
      ok = ParseText(bytes, layer.name, options, layer, diagnostics);
      break;
    case Format::kJson:
      ok = ParseJson(bytes, layer.name, options, layer, diagnostics);
      break;
    case Format::kBinary:
      ok = ParseBinary(bytes, layer.name, options, layer, diagnostics);
      break;
  }
  for (const auto& logged : capture.messages()) {
    Diagnostic d =
        Error(layer.name, "", absl::StrCat("protobuf: ", logged.text));
    if (!logged.is_error) d.severity = Diagnostic::Severity::kWarning;
    if (logged.is_error) ok = false;
    diagnostics.push_back(std::move(d));
  }
  if (!ok) {
    // Every failure reports at least one error.
    const std::vector<Diagnostic> added(diagnostics.begin() + errors_before,
                                        diagnostics.end());
    if (!HasErrors(added)) {
      diagnostics.push_back(
          Error(layer.name, "",
                absl::StrCat("not a valid ", std::string(FormatName(format)),
                             " config")));
    }
    return std::nullopt;
  }
  return layer;
}

std::optional<Layer> ReadLayer(std::string_view path,
                               std::optional<Format> format,
                               const LoadOptions& options,
                               std::vector<Diagnostic>& diagnostics) {
  const std::string name(path);
  if (!format) format = FormatFromPath(path);
  if (!format) {
    diagnostics.push_back(Error(
        name, "",
        path == "-"
            ? "standard input needs its format given explicitly "
              "(textproto, json or binpb)"
            : "cannot tell the format from the file name; expected .textproto, "
              ".txtpb, .pbtxt, .json, .binpb or .pb, or give the format "
              "explicitly",
        absl::StatusCode::kUnimplemented));
    return std::nullopt;
  }

  absl::StatusOr<std::string> bytes =
      internal::ReadBounded(name, options.max_input_bytes);
  if (!bytes.ok()) {
    diagnostics.push_back(Error(name, "", std::string(bytes.status().message()),
                                bytes.status().code()));
    return std::nullopt;
  }
  return ParseLayer(*bytes, *format, name, options, diagnostics);
}

absl::StatusOr<CheckpointOptions> LoadFromString(std::string_view bytes,
                                                 Format format,
                                                 const LoadOptions& options,
                                                 std::string_view name) {
  if (std::optional<CheckpointOptions> quick =
          LoadQuickly(bytes, format, options)) {
    return *std::move(quick);
  }
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer =
      ParseLayer(bytes, format, name, options, diagnostics);
  if (!layer) return DiagnosticsToStatus(diagnostics);
  std::optional<ResolvedConfig> config =
      Resolve({*std::move(layer)}, diagnostics);
  if (!config) return DiagnosticsToStatus(diagnostics);
  return std::move(config->options);
}

}  // namespace orbax::checkpoint::options
