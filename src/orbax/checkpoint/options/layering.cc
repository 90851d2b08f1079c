// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/layering.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/internal/text_parser.h"

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Whether a layer that sets `field` replaces it as a whole, rather than
// merging into it: scalars, repeated fields, members of a `oneof`, and sets
// of processes.
bool ReplacedWhole(const FieldDescriptor* field) {
  return field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
         field->is_repeated() || field->real_containing_oneof() != nullptr ||
         field->message_type() == v1::ProcessSet::descriptor();
}

// Clears, in `to`, every field that `from` sets and replaces as a whole
// (and the other members of a `oneof` whose member `from` sets), with its
// locations, so that `MergeFrom()` then gives the later layer's value.
void ClearReplaced(const Message& from, std::string_view prefix, Message& to,
                   FieldLocations& locations) {
  std::vector<const FieldDescriptor*> fields;
  from.GetReflection()->ListFields(from, &fields);
  const auto* reflection = to.GetReflection();
  for (const FieldDescriptor* field : fields) {
    const std::string path = internal::JoinPath(prefix, field->name());
    if (const auto* oneof = field->real_containing_oneof()) {
      for (int i = 0; i < oneof->field_count(); ++i) {
        locations.EraseWithin(
            internal::JoinPath(prefix, oneof->field(i)->name()));
      }
      reflection->ClearOneof(&to, oneof);
    } else if (ReplacedWhole(field)) {
      locations.EraseWithin(path);
      reflection->ClearField(&to, field);
    } else if (reflection->HasField(to, field)) {
      ClearReplaced(from.GetReflection()->GetMessage(from, field), path,
                    *reflection->MutableMessage(&to, field), locations);
    }
  }
}

// Restores the field at `path` of `message` to unset, with its locations.
void Unset(std::string_view path, Message& message, FieldLocations& locations) {
  locations.EraseWithin(path);
  Message* holder = &message;
  const std::vector<std::string> steps =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  for (size_t i = 0; i < steps.size(); ++i) {
    const FieldDescriptor* field =
        holder->GetDescriptor()->FindFieldByName(steps[i]);
    if (field == nullptr) return;  // Checked when the layer was made.
    const auto* reflection = holder->GetReflection();
    if (i + 1 == steps.size()) {
      reflection->ClearField(holder, field);
      return;
    }
    if (!reflection->HasField(*holder, field)) return;  // Unset already.
    holder = reflection->MutableMessage(holder, field);
  }
}

Diagnostic SetError(std::string name, std::string path, std::string message) {
  Diagnostic d;
  d.location.file = std::move(name);
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

}  // namespace

void MergeLayer(const Layer& layer, Layer& merged) {
  for (const std::string& path : layer.unset) {
    Unset(path, merged.message, merged.locations);
  }
  ClearReplaced(layer.message, "", merged.message, merged.locations);
  merged.message.MergeFrom(layer.message);
  merged.locations.Update(layer.locations);
}

std::optional<Layer> ParseSetOverride(std::string_view argument,
                                      std::vector<Diagnostic>& diagnostics) {
  Layer layer;
  layer.name = absl::StrCat("--set ", std::string(argument));
  const size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    diagnostics.push_back(
        SetError(layer.name, "",
                 "expected PATH=VALUE, e.g. async_options.timeout_secs=600"));
    return std::nullopt;
  }
  const std::string path(argument.substr(0, equals));
  const std::string value(argument.substr(equals + 1));

  // Walks the path to the message that holds its last field.
  Message* holder = &layer.message;
  const FieldDescriptor* field = nullptr;
  std::string walked;
  for (const std::string& step :
       std::vector<std::string>(absl::StrSplit(path, '.'))) {
    if (field != nullptr) {
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
          field->is_repeated()) {
        diagnostics.push_back(
            SetError(layer.name, walked,
                     field->is_repeated()
                         ? "is a repeated field; set it whole, e.g. PATH=[...]"
                         : "is not a message; it has no fields to set"));
        return std::nullopt;
      }
      holder = holder->GetReflection()->MutableMessage(holder, field);
    }
    const Descriptor* type = holder->GetDescriptor();
    field = type->FindFieldByName(step);
    walked = internal::JoinPath(walked, step);
    if (field == nullptr) {
      diagnostics.push_back(SetError(
          layer.name, walked,
          absl::StrCat("unknown field: ", type->name(), " has no field named ",
                       internal::Quote(step))));
      return std::nullopt;
    }
  }

  // Parses VALUE as text format writes the value of that field after
  // `name:`: a scalar, `[...]` for a repeated field, `{...}` for a message.
  internal::ParseContext context(layer.name, /*allow_unknown_fields=*/false,
                                 /*locations=*/nullptr, diagnostics);
  const bool ok =
      internal::ParseTextFieldValue(value, field, *holder, path, context);
  context.Finish();
  if (!ok) return std::nullopt;
  if (field->is_repeated() &&
      holder->GetReflection()->FieldSize(*holder, field) == 0) {
    // It would change nothing: a layer can't say "empty" for a list.
    diagnostics.push_back(
        SetError(layer.name, path,
                 "an empty list sets nothing; give at least one element"));
    return std::nullopt;
  }
  internal::LocateSetFields(layer.message, "", SourceLocation{layer.name},
                            layer.locations);
  return layer;
}

std::optional<ResolvedConfig> Resolve(const std::vector<Layer>& layers,
                                      std::vector<Diagnostic>& diagnostics) {
  Layer merged;
  for (const Layer& layer : layers) MergeLayer(layer, merged);
  std::vector<FieldError> errors;
  std::optional<CheckpointOptions> options =
      FromProtoWithErrors(merged.message, errors);
  for (FieldError& error : errors) {
    Diagnostic d;
    if (auto at = merged.locations.FindNearest(error.path)) {
      d.location = *at;
    } else if (!layers.empty()) {
      d.location.file = layers.back().name;
    }
    d.path = std::move(error.path);
    d.message = std::move(error.message);
    diagnostics.push_back(std::move(d));
  }
  if (!options) return std::nullopt;
  return ResolvedConfig{std::move(merged.message), std::move(merged.locations),
                        *std::move(options)};
}

std::optional<ResolvedConfig> LoadConfig(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& set_overrides, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics) {
  std::vector<Layer> layers;
  bool ok = true;
  for (const std::string& path : paths) {
    if (auto layer = ReadLayer(path, format, options, diagnostics)) {
      layers.push_back(*std::move(layer));
    } else {
      ok = false;
    }
  }
  for (const std::string& argument : set_overrides) {
    if (auto layer = ParseSetOverride(argument, diagnostics)) {
      layers.push_back(*std::move(layer));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return Resolve(layers, diagnostics);
}

}  // namespace orbax::checkpoint::options
