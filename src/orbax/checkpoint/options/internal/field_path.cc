// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/field_path.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace orbax::checkpoint::options::internal {

std::string JoinPath(std::string_view prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  std::string path(prefix);
  path += '.';
  path += name;
  return path;
}

std::string IndexPath(std::string_view path, int index) {
  std::string out(path);
  absl::StrAppend(&out, "[", index, "]");
  return out;
}

std::string ParentPath(std::string_view path) {
  const size_t cut = path.find_last_of(".[");
  if (cut == std::string_view::npos) return "";
  return std::string(path.substr(0, cut));
}

bool IsWithin(std::string_view path, std::string_view root) {
  if (path.size() < root.size() || path.substr(0, root.size()) != root) {
    return false;
  }
  return path.size() == root.size() || path[root.size()] == '.' ||
         path[root.size()] == '[';
}

}  // namespace orbax::checkpoint::options::internal
