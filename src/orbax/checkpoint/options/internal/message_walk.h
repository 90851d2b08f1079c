// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the walk over the set fields of a message, with their dotted
// paths (field_path.h), that the unknown-field list, the field locations of
// sources without lines and the merging of layers share; each caller keeps
// only its own decision.
//
// Example:
//
//   ForEachSetMessage(message, "", /*elements=*/true,
//                     [&](const Message& m, const std::string& path) {...});

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MESSAGE_WALK_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MESSAGE_WALK_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/field_path.h"

namespace orbax::checkpoint::options::internal {

// ForEachSetField()
//
// Calls `visit(field, path)` for each set field of `message`, in field-number
// order, `path` being the field's path under `prefix`.
template <typename Visit>
void ForEachSetField(const google::protobuf::Message& message,
                     std::string_view prefix, Visit&& visit) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    visit(field, JoinPath(prefix, field->name()));
  }
}

// ForEachSetMessage()
//
// Calls `visit(m, path)` for `message`, at `prefix`, and then, depth first in
// field-number order, for each message it holds in a set field: singular
// ones, and, if `elements`, each element of a repeated one, at `path[i]`.
template <typename Visit>
void ForEachSetMessage(const google::protobuf::Message& message,
                       const std::string& prefix, bool elements,
                       Visit&& visit) {
  visit(message, prefix);
  const google::protobuf::Reflection& r = *message.GetReflection();
  ForEachSetField(message, prefix, [&](const auto* field,
                                       const std::string& path) {
    if (field->message_type() == nullptr) return;
    if (!field->is_repeated()) {
      ForEachSetMessage(r.GetMessage(message, field), path, elements, visit);
      return;
    }
    for (int i = 0; elements && i < r.FieldSize(message, field); ++i) {
      ForEachSetMessage(r.GetRepeatedMessage(message, field, i),
                        IndexPath(path, i), elements, visit);
    }
  });
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MESSAGE_WALK_H_
