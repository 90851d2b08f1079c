// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/field_error.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace orbax::checkpoint::options {

std::string FieldError::ToString() const {
  return path.empty() ? message : absl::StrCat(path, ": ", message);
}

absl::Status ToStatus(const std::vector<FieldError>& errors) {
  if (errors.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrJoin(errors, "; ", [](std::string* out, const FieldError& e) {
        out->append(e.ToString());
      }));
}

}  // namespace orbax::checkpoint::options
