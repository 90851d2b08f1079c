// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/field_kinds.h"

#include "google/protobuf/descriptor.h"
#include "orbax/checkpoint/options/schema.h"

namespace orbax::checkpoint::options::internal {

bool IsPermissionBits(const google::protobuf::FieldDescriptor* field) {
  static const google::protobuf::FieldDescriptor* const mode =
      v1::FileOptions::descriptor()->FindFieldByNumber(
          v1::FileOptions::kPathPermissionModeFieldNumber);
  return field == mode;
}

}  // namespace orbax::checkpoint::options::internal
