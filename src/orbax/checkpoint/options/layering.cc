// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/layering.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/internal/message_walk.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/internal/text_parser.h"

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Whether a layer that sets `field` replaces it as a whole, rather than
// merging into it: scalars, repeated fields, members of a `oneof`, and
// messages that mean one value (sets, policies, durations).
bool ReplacedWhole(const FieldDescriptor* field) {
  return field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
         field->is_repeated() || field->real_containing_oneof() != nullptr ||
         internal::IsWholeValue(field->message_type());
}

// Restores `field` of `message`, under `prefix`, to unset, with its
// locations: the whole `oneof`, for a member of one.
void ClearWhole(const FieldDescriptor* field, std::string_view prefix,
                Message& message, FieldLocations& locations) {
  if (const auto* oneof = field->real_containing_oneof()) {
    for (int i = 0; i < oneof->field_count(); ++i) {
      locations.EraseWithin(
          internal::JoinPath(prefix, oneof->field(i)->name()));
    }
    message.GetReflection()->ClearOneof(&message, oneof);
  } else {
    locations.EraseWithin(internal::JoinPath(prefix, field->name()));
    message.GetReflection()->ClearField(&message, field);
  }
}

// Clears, in `to`, every field that `from` sets and replaces as a whole
// (and the other members of a `oneof` whose member `from` sets), with its
// locations, so that `MergeFrom()` then gives the later layer's value.
void ClearReplaced(const Message& from, std::string_view prefix, Message& to,
                   FieldLocations& locations) {
  const auto* reflection = to.GetReflection();
  internal::ForEachSetField(
      from, prefix, [&](const FieldDescriptor* field, const std::string& path) {
        if (ReplacedWhole(field)) {
          ClearWhole(field, prefix, to, locations);
        } else if (reflection->HasField(to, field)) {
          ClearReplaced(from.GetReflection()->GetMessage(from, field), path,
                        *reflection->MutableMessage(&to, field), locations);
        }
      });
}

// Restores the field at `path` of `message` to unset (the whole `oneof`, for
// a member of one), with its locations.
void Unset(std::string_view path, Message& message, FieldLocations& locations) {
  Message* holder = &message;
  std::string prefix;
  const std::vector<std::string> steps =
      absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  for (size_t i = 0; i < steps.size(); ++i) {
    const FieldDescriptor* field =
        holder->GetDescriptor()->FindFieldByName(steps[i]);
    if (field == nullptr) return;  // Checked when the layer was made.
    if (i + 1 == steps.size()) {
      ClearWhole(field, prefix, *holder, locations);
    } else if (!holder->GetReflection()->HasField(*holder, field)) {
      return;  // Unset already.
    } else {
      holder = holder->GetReflection()->MutableMessage(holder, field);
      prefix = internal::JoinPath(prefix, steps[i]);
    }
  }
}

// The name of an override's layer, as diagnostics show it: the option and
// its argument, cut after 200 bytes.
std::string OverrideName(std::string_view option, std::string_view argument) {
  constexpr size_t kMaxShown = 200;
  std::string name = absl::StrCat(std::string(option), " ");
  if (argument.size() <= kMaxShown) {
    name.append(argument);
    return name;
  }
  size_t cut = kMaxShown;
  while (cut > 0 &&
         (static_cast<unsigned char>(argument[cut]) & 0xc0) == 0x80) {
    --cut;  // Not inside a UTF-8 sequence.
  }
  absl::StrAppend(&name, std::string(argument.substr(0, cut)), "... (",
                  argument.size(), " bytes)");
  return name;
}

// The position of `file` in `names` (of the layers), for sorting diagnostics
// in source order; names.size() if it is not there.
size_t LayerIndex(const std::vector<std::string>& names,
                  const std::string& file) {
  return std::find(names.begin(), names.end(), file) - names.begin();
}


// Resolves `path`, a dotted field path from a message of `type`, to its
// fields: every step a field of the message the one before holds, and every
// step but the last a singular message. Returns std::nullopt after
// reporting, for the layer called `name`, what is wrong; `verb` ("set",
// "unset") says what the path was for.
std::optional<std::vector<const FieldDescriptor*>> FieldsOnPath(
    const Descriptor* type, std::string_view path, std::string_view verb,
    const std::string& name, std::vector<Diagnostic>& diagnostics) {
  std::vector<const FieldDescriptor*> fields;
  std::string walked;
  for (const std::string& step : std::vector<std::string>(
           absl::StrSplit(absl::string_view(path.data(), path.size()), '.'))) {
    if (!fields.empty()) {
      const FieldDescriptor* last = fields.back();
      if (last->message_type() == nullptr || last->is_repeated()) {
        diagnostics.push_back(internal::SourceError(
            name, walked,
            last->is_repeated()
                ? absl::StrCat("is a repeated field; ", std::string(verb),
                               " it whole",
                               verb == "set" ? ", e.g. PATH=[...]" : "")
                : absl::StrCat("is not a message; it has no fields to ",
                               std::string(verb))));
        return std::nullopt;
      }
      type = last->message_type();
    }
    const FieldDescriptor* field = type->FindFieldByName(step);
    walked = internal::JoinPath(walked, step);
    if (field == nullptr) {
      diagnostics.push_back(internal::SourceError(
          name, walked,
          absl::StrCat("unknown field: ", type->name(), " has no field named ",
                       internal::Quote(step))));
      return std::nullopt;
    }
    fields.push_back(field);
  }
  return fields;
}

}  // namespace

template <typename Options>
void MergeLayer(const BasicLayer<Options>& layer, BasicLayer<Options>& merged) {
  for (const std::string& path : layer.unset) {
    Unset(path, merged.message, merged.locations);
  }
  ClearReplaced(layer.message, "", merged.message, merged.locations);
  merged.message.MergeFrom(layer.message);
  merged.locations.Update(layer.locations);
}

template <typename Options>
std::optional<BasicLayer<Options>> ParseSetOverride(
    std::string_view argument, std::vector<Diagnostic>& diagnostics) {
  BasicLayer<Options> layer;
  layer.name = OverrideName("--set", argument);
  const size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    diagnostics.push_back(
        internal::SourceError(
            layer.name, "",
            "expected PATH=VALUE, e.g. async_options.timeout_secs=600"));
    return std::nullopt;
  }
  const std::string path(argument.substr(0, equals));
  const std::string value(argument.substr(equals + 1));
  std::optional<std::vector<const FieldDescriptor*>> fields = FieldsOnPath(
      layer.message.GetDescriptor(), path, "set", layer.name, diagnostics);
  if (!fields) return std::nullopt;

  // The message that holds the path's last field.
  Message* holder = &layer.message;
  for (size_t i = 0; i + 1 < fields->size(); ++i) {
    holder = holder->GetReflection()->MutableMessage(holder, (*fields)[i]);
  }
  const FieldDescriptor* field = fields->back();

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
        internal::SourceError(
            layer.name, path,
            "an empty list sets nothing; give at least one element"));
    return std::nullopt;
  }
  internal::LocateSetFields(layer.message, "", SourceLocation{layer.name},
                            layer.locations);
  return layer;
}

template <typename Options>
std::optional<BasicResolvedConfig<Options>> Resolve(
    std::vector<BasicLayer<Options>> layers,
    std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> names;  // For source order, below.
  for (const BasicLayer<Options>& layer : layers) names.push_back(layer.name);
  BasicLayer<Options> merged;
  for (BasicLayer<Options>& layer : layers) {
    if (&layer == &layers.front() && layer.unset.empty()) {
      // Merging into nothing gives the layer itself: no copy of a large one.
      merged.message = std::move(layer.message);
      merged.locations = std::move(layer.locations);
    } else {
      MergeLayer(layer, merged);
    }
  }
  std::vector<FieldError> errors;
  std::vector<FieldError> warnings;
  std::optional<Options> options =
      FromProtoWithErrors(merged.message, errors, &warnings);
  std::vector<Diagnostic> found;
  const auto locate = [&](FieldError& problem, Diagnostic::Severity severity) {
    Diagnostic d;
    d.severity = severity;
    // Where the input sets the field; or else where it sets the field the
    // problem comes from (e.g. `read_only`, for a default it resets); or
    // else the nearest message around the field that it sets.
    std::optional<SourceLocation> at = merged.locations.Find(problem.path);
    if (!at && !problem.cause.empty()) {
      at = merged.locations.Find(problem.cause);
    }
    if (!at) at = merged.locations.FindNearest(problem.path);
    if (at) {
      d.location = *at;
    } else if (!names.empty()) {
      d.location.file = names.back();
    }
    d.path = std::move(problem.path);
    d.message = std::move(problem.message);
    found.push_back(std::move(d));
  };
  for (FieldError& error : errors) locate(error, Diagnostic::Severity::kError);
  for (FieldError& warning : warnings) {
    locate(warning, Diagnostic::Severity::kWarning);
  }
  // In source order: by layer, then by line and column.
  std::stable_sort(found.begin(), found.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     const size_t la = LayerIndex(names, a.location.file);
                     const size_t lb = LayerIndex(names, b.location.file);
                     return std::tie(la, a.location.line, a.location.column) <
                            std::tie(lb, b.location.line, b.location.column);
                   });
  diagnostics.insert(diagnostics.end(), std::make_move_iterator(found.begin()),
                     std::make_move_iterator(found.end()));
  if (!options) return std::nullopt;
  return BasicResolvedConfig<Options>{std::move(merged.message),
                                      std::move(merged.locations),
                                      *std::move(options)};
}

template <typename Options>
std::optional<BasicLayer<Options>> ParseUnsetOverride(
    std::string_view path, std::vector<Diagnostic>& diagnostics) {
  BasicLayer<Options> layer;
  layer.name = OverrideName("--unset", path);
  if (!FieldsOnPath(layer.message.GetDescriptor(), path, "unset", layer.name,
                    diagnostics)) {
    return std::nullopt;
  }
  layer.unset.push_back(std::string(path));
  return layer;
}

std::vector<Override> SetOverrides(const std::vector<std::string>& arguments) {
  std::vector<Override> overrides;
  overrides.reserve(arguments.size());
  for (const std::string& argument : arguments) {
    overrides.push_back(Override::Set(argument));
  }
  return overrides;
}

template <typename Options>
std::optional<BasicLayer<Options>> ParseOverride(
    const Override& override, std::vector<Diagnostic>& diagnostics) {
  return override.kind == Override::Kind::kSet
             ? ParseSetOverride<Options>(override.argument, diagnostics)
             : ParseUnsetOverride<Options>(override.argument, diagnostics);
}

// Every root type (roots.h).
#define ORBAX_OPTIONS_INSTANTIATE_LAYERING(Options)                           \
  template void MergeLayer(const BasicLayer<Options>&, BasicLayer<Options>&); \
  template std::optional<BasicLayer<Options>> ParseSetOverride(               \
      std::string_view, std::vector<Diagnostic>&);                            \
  template std::optional<BasicLayer<Options>> ParseUnsetOverride(             \
      std::string_view, std::vector<Diagnostic>&);                            \
  template std::optional<BasicLayer<Options>> ParseOverride(                  \
      const Override&, std::vector<Diagnostic>&);                             \
  template std::optional<BasicResolvedConfig<Options>> Resolve(               \
      std::vector<BasicLayer<Options>>, std::vector<Diagnostic>&);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_INSTANTIATE_LAYERING)

}  // namespace orbax::checkpoint::options
