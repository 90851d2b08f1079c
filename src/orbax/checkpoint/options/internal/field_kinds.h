// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: what some schema fields mean beyond their protobuf type, for the
// parsers and printers that treat them specially, as the field lists say
// (fields.h: `kOctal`, and the codecs' `kWhole`).

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_KINDS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_KINDS_H_

#include <cstdint>
#include <string>

#include "google/protobuf/descriptor.h"

namespace orbax::checkpoint::options::internal {

// Whether `field` holds file permission bits, which people read and write in
// octal (`0750`): `FileOptions.path_permission_mode`. Text output and `diff`
// print them in octal; JSON, which has no octal, warns about a string with a
// leading zero, which it reads as decimal.
bool IsPermissionBits(const google::protobuf::FieldDescriptor* field);

// Whether a message of `type` means one value rather than a group of
// options: a set of processes or steps, a policy (`SaveDecisionPolicy`,
// `PreservationPolicy`: one `oneof` of policies), or a
// `google.protobuf.Duration`. A layer that sets one replaces it whole instead
// of merging into it, and `diff` compares it whole.
bool IsWholeValue(const google::protobuf::Descriptor* type);

// Returns permission bits as people write them: octal with a leading zero
// (`0750`), `0` for none; a negative value, which no mode is, in decimal.
std::string PermissionBitsText(int32_t value);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELD_KINDS_H_
