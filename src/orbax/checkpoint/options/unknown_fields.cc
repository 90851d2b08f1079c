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

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void Collect(const Message& message, const std::string& path,
             std::vector<UnknownField>& out) {
  const Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown =
      reflection->GetUnknownFields(message);
  std::set<int> numbers;
  for (int i = 0; i < unknown.field_count(); ++i) {
    numbers.insert(unknown.field(i).number());
  }
  for (int number : numbers) out.push_back({path, number});

  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // Set fields, by number.
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string field_path = internal::JoinPath(path, field->name());
    if (!field->is_repeated()) {
      Collect(reflection->GetMessage(message, field), field_path, out);
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      Collect(reflection->GetRepeatedMessage(message, field, i),
              internal::IndexPath(field_path, i), out);
    }
  }
}

}  // namespace

std::string UnknownField::ToString() const {
  return internal::JoinPath(parent, absl::StrCat(number));
}

std::vector<UnknownField> ListUnknownFields(const Message& message) {
  std::vector<UnknownField> out;
  Collect(message, "", out);
  return out;
}

}  // namespace orbax::checkpoint::options
