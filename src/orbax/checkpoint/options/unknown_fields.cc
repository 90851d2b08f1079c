// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/unknown_fields.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/unknown_field_set.h"
#include "orbax/checkpoint/options/internal/field_path.h"
#include "orbax/checkpoint/options/internal/message_walk.h"

namespace orbax::checkpoint::options {

std::string UnknownField::ToString() const {
  return internal::JoinPath(parent, absl::StrCat(number));
}

std::vector<UnknownField> ListUnknownFields(
    const google::protobuf::Message& message) {
  std::vector<UnknownField> out;
  internal::ForEachSetMessage(
      message, "", /*elements=*/true,
      [&](const google::protobuf::Message& m, const std::string& path) {
        const google::protobuf::UnknownFieldSet& unknown =
            m.GetReflection()->GetUnknownFields(m);
        std::set<int> numbers;
        for (int i = 0; i < unknown.field_count(); ++i) {
          numbers.insert(unknown.field(i).number());
        }
        for (int number : numbers) out.push_back({path, number});
      });
  return out;
}

}  // namespace orbax::checkpoint::options
