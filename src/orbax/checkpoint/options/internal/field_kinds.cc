// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/field_kinds.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/duration.pb.h"
#include "orbax/checkpoint/options/schema.h"

namespace orbax::checkpoint::options::internal {

bool IsPermissionBits(const google::protobuf::FieldDescriptor* field) {
  static const google::protobuf::FieldDescriptor* const mode =
      v1::FileOptions::descriptor()->FindFieldByNumber(
          v1::FileOptions::kPathPermissionModeFieldNumber);
  return field == mode;
}

bool IsWholeValue(const google::protobuf::Descriptor* type) {
  return type == v1::ProcessSet::descriptor() ||
         type == v1::StepSet::descriptor() ||
         type == v1::SaveDecisionPolicy::descriptor() ||
         type == v1::PreservationPolicy::descriptor() ||
         type == google::protobuf::Duration::descriptor();
}

std::string PermissionBitsText(int32_t value) {
  if (value <= 0) return absl::StrCat(value);
  return absl::StrFormat("0%o", value);
}

}  // namespace orbax::checkpoint::options::internal
