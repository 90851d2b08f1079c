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
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/unknown_field_set.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/internal/binary_parser.h"
#include "orbax/checkpoint/options/internal/bounded_read.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/internal/json_parser.h"
#include "orbax/checkpoint/options/internal/log_capture.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/internal/text_parser.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/unknown_fields.h"

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::Message;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

using internal::SourceError;

// Reports every field that this version doesn't know, as a warning at the
// path of the message that holds it.
void ReportUnknownFields(const Message& message, const std::string& file,
                         std::vector<Diagnostic>& diagnostics) {
  for (const options::UnknownField& field : ListUnknownFields(message)) {
    Diagnostic d = SourceError(
        file, field.parent,
        absl::StrCat("unknown field number ", field.number,
                     ", kept; perhaps from a newer writer"));
    d.severity = Diagnostic::Severity::kWarning;
    diagnostics.push_back(std::move(d));
  }
}

// Parses `bytes` in `format` into `message` with the format's parser, which
// records where each field stands in `locations`, unless it is null (then
// it only checks, and reports nothing useful).
bool ParseSource(std::string_view bytes, Format format, const std::string& file,
                 const LoadOptions& options, Message& message,
                 FieldLocations* locations,
                 std::vector<Diagnostic>& diagnostics) {
  internal::ParseContext context(file, options.allow_unknown_fields, locations,
                                 diagnostics);
  bool ok = false;
  switch (format) {
    case Format::kText:
      ok = internal::ParseTextFormat(bytes, message, context);
      break;
    case Format::kJson:
      ok = internal::ParseJson(bytes, message, context);
      break;
    case Format::kBinary:
      ok = internal::ParseBinary(bytes, message, context);
      if (ok && locations != nullptr && options.report_unknown_fields) {
        ReportUnknownFields(message, file, diagnostics);
      }
      break;
  }
  context.Finish();
  return ok;
}

// Parses `bytes` into `message` without recording where each field stands;
// returns false on any error, which it does not report. Binary takes
// protobuf's parser itself, after the quiet wire check, which also turns
// away every unknown field (the located path reports those): protobuf would
// cut a varint too long for its field, and it discards a oneof member's
// content, wrong wire types and groups included, when a later field switches
// the oneof, where the located path refuses them all the same.
template <typename Options>
bool ParseQuickly(std::string_view bytes, Format format,
                  const LoadOptions& options, MessageOf<Options>& message) {
  if (format == Format::kBinary) {
    // Kept: GetDescriptor() costs a call_once and a TLS lookup each time.
    static const google::protobuf::Descriptor* const descriptor =
        message.GetDescriptor();
    return internal::PassesWireCheck(bytes, descriptor) &&
           message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  }
  std::vector<Diagnostic> ignored;
  return ParseSource(bytes, format, "", options, message,
                     /*locations=*/nullptr, ignored);
}

// The fast path of `LoadFromString()`: parses without recording where each
// field stands, and converts the message straight away. Returns the options
// only if nothing at all went wrong (no parse error, no protobuf log message,
// no validation error); otherwise the caller runs the full path, which
// parses again with locations to report every problem at its line and
// column, or loads what this path declines (binary with unknown fields).
// The fast path accepts nothing the full path refuses, and gives the same
// options where both accept: the checks here are the parsers' and
// `FromProtoWithErrors()`'s own, and one layer merged into an empty message
// is that layer's message (the fuzzers check it on every input).
template <typename Options>
std::optional<Options> LoadQuickly(std::string_view bytes, Format format,
                                   const LoadOptions& options) {
  if (static_cast<int64_t>(bytes.size()) > options.max_input_bytes) {
    return std::nullopt;
  }
  internal::ProtobufLogCapture capture;
  const auto load = [&](MessageOf<Options>& message) -> std::optional<Options> {
    if (!ParseQuickly<Options>(bytes, format, options, message) ||
        !capture.messages().empty()) {
      return std::nullopt;
    }
    std::vector<FieldError> errors;
    std::optional<Options> result = FromProtoWithErrors(message, errors);
    if (!errors.empty()) return std::nullopt;
    return result;
  };
  if (format != Format::kBinary) {
    MessageOf<Options> message;
    return load(message);
  }
  // Binary parses about 30% faster onto an arena whose first block is on the
  // stack than onto the heap, which takes an allocation per sub-message;
  // text and JSON parse 2-6% slower onto it (docs/PERFORMANCE.md).
  alignas(std::max_align_t) char block[4096];
  google::protobuf::Arena arena(block, sizeof(block));
  return load(
      *google::protobuf::Arena::CreateMessage<MessageOf<Options>>(&arena));
}

}  // namespace

template <typename Options>
std::optional<BasicLayer<Options>> ParseLayer(
    std::string_view bytes, Format format, std::string_view name,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics) {
  BasicLayer<Options> layer;
  layer.name = std::string(name);
  if (static_cast<int64_t>(bytes.size()) > options.max_input_bytes) {
    diagnostics.push_back(
        SourceError(layer.name, "",
                    internal::TooLargeMessage(
                        static_cast<int64_t>(bytes.size()),
                        options.max_input_bytes),
                    absl::StatusCode::kResourceExhausted));
    return std::nullopt;
  }
  const size_t errors_before = diagnostics.size();
  internal::ProtobufLogCapture capture;
  bool ok = ParseSource(bytes, format, layer.name, options, layer.message,
                        &layer.locations, diagnostics);
  for (const auto& logged : capture.messages()) {
    Diagnostic d =
        SourceError(layer.name, "", absl::StrCat("protobuf: ", logged.text));
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
          SourceError(layer.name, "",
                      absl::StrCat("not a valid ",
                                   std::string(FormatName(format)),
                                   " config")));
    }
    return std::nullopt;
  }
  return layer;
}

template <typename Options>
std::optional<BasicLayer<Options>> ReadLayer(
    std::string_view path, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics) {
  const std::string name(path);
  if (!format) format = FormatFromPath(path);
  if (!format) {
    diagnostics.push_back(SourceError(
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

  int error_number = 0;
  absl::StatusOr<std::string> bytes = internal::ReadBounded(
      name, options.max_input_bytes, options.interrupted, &error_number);
  if (!bytes.ok()) {
    diagnostics.push_back(SourceError(name, "",
                                      std::string(bytes.status().message()),
                                      bytes.status().code()));
    diagnostics.back().error_number = error_number;
    return std::nullopt;
  }
  return ParseLayer<Options>(*bytes, *format, name, options, diagnostics);
}

template <typename Options>
absl::StatusOr<Options> LoadFromString(std::string_view bytes, Format format,
                                       const LoadOptions& options,
                                       std::string_view name) {
  if (std::optional<Options> quick =
          LoadQuickly<Options>(bytes, format, options)) {
    return *std::move(quick);
  }
  std::vector<Diagnostic> diagnostics;
  std::optional<BasicLayer<Options>> layer =
      ParseLayer<Options>(bytes, format, name, options, diagnostics);
  if (!layer) return DiagnosticsToStatus(diagnostics);
  std::vector<BasicLayer<Options>> layers;
  layers.push_back(*std::move(layer));
  std::optional<BasicResolvedConfig<Options>> config =
      Resolve(std::move(layers), diagnostics);
  if (!config) return DiagnosticsToStatus(diagnostics);
  return std::move(config->options);
}

template <typename Options>
std::optional<BasicResolvedConfig<Options>> LoadConfig(
    const std::vector<std::string>& paths,
    const std::vector<Override>& overrides, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics) {
  std::vector<BasicLayer<Options>> layers;
  bool ok = true;
  for (const std::string& path : paths) {
    if (auto layer = ReadLayer<Options>(path, format, options, diagnostics)) {
      layers.push_back(*std::move(layer));
    } else {
      ok = false;
    }
  }
  for (const Override& override : overrides) {
    if (auto layer = ParseOverride<Options>(override, diagnostics)) {
      layers.push_back(*std::move(layer));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return Resolve(std::move(layers), diagnostics);
}

// Every root type (roots.h).
#define ORBAX_OPTIONS_INSTANTIATE_LOADING(Options)                     \
  template std::optional<BasicLayer<Options>> ParseLayer(              \
      std::string_view, Format, std::string_view, const LoadOptions&,  \
      std::vector<Diagnostic>&);                                       \
  template std::optional<BasicLayer<Options>> ReadLayer(               \
      std::string_view, std::optional<Format>, const LoadOptions&,     \
      std::vector<Diagnostic>&);                                       \
  template absl::StatusOr<Options> LoadFromString(                     \
      std::string_view, Format, const LoadOptions&, std::string_view); \
  template std::optional<BasicResolvedConfig<Options>> LoadConfig(     \
      const std::vector<std::string>&, const std::vector<Override>&,   \
      std::optional<Format>, const LoadOptions&, std::vector<Diagnostic>&);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_INSTANTIATE_LOADING)

}  // namespace orbax::checkpoint::options
