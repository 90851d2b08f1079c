// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: dotted field paths (`a.b[2].c`), as `FieldError` and
// `FieldLocations` spell them.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_PATH_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_PATH_H_

#include <string>
#include <string_view>

namespace orbax::checkpoint::options::internal {

// Returns `prefix.name`, or `name` if `prefix` is empty.
std::string JoinPath(std::string_view prefix, std::string_view name);

// Returns `path[index]`.
std::string IndexPath(std::string_view path, int index);

// Returns the path one step up (`a.b[2]` -> `a.b` -> `a` -> ""), or "" for a
// path of one step.
std::string ParentPath(std::string_view path);

// Returns whether `path` is `root` or lies inside it (`root.x`, `root[i]`).
bool IsWithin(std::string_view path, std::string_view root);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_PATH_H_
