// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/format.h"

#include <optional>
#include <string_view>

namespace orbax::checkpoint::options {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return "textproto";
    case Format::kJson:
      return "json";
    case Format::kBinary:
      return "binpb";
  }
  return "unknown";
}

std::optional<Format> ParseFormatName(std::string_view name) {
  for (Format f : {Format::kText, Format::kJson, Format::kBinary}) {
    if (name == FormatName(f)) return f;
  }
  return std::nullopt;
}

std::optional<Format> FormatFromPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view base =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view ext = base.substr(dot + 1);
  if (ext == "textproto" || ext == "txtpb" || ext == "pbtxt") {
    return Format::kText;
  }
  if (ext == "json") return Format::kJson;
  if (ext == "binpb" || ext == "pb") return Format::kBinary;
  return std::nullopt;
}

}  // namespace orbax::checkpoint::options
