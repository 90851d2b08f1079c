// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: unknown_fields.h
// -----------------------------------------------------------------------------
//
// This header lists the fields of a parsed message that this version of the
// schema does not know: fields a newer writer added. protobuf's C++ binary
// parser keeps them in each message's unknown-field set, and serialising the
// message writes them back, so a message relays them intact (see relay.h).
// The C++ value types (types.h) have no place for them: `FromProto()` reads
// only the fields this version knows.
//
//   * `UnknownField`: where an unknown field stands and its field number.
//   * `ListUnknownFields()`: every unknown field of a message and of its
//     known sub-messages, in order.
//
// Example:
//
//   v1::CheckpointOptions message;
//   message.ParseFromString(bytes_from_a_newer_writer);
//   for (const UnknownField& f : ListUnknownFields(message)) {
//     std::cout << f.ToString() << "\n";  // e.g. "async_options.3"
//   }

#ifndef ORBAX_CHECKPOINT_OPTIONS_UNKNOWN_FIELDS_H_
#define ORBAX_CHECKPOINT_OPTIONS_UNKNOWN_FIELDS_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace orbax::checkpoint::options {

// UnknownField
//
// One field that this version of the schema does not know.
struct UnknownField {
  // Returns the field's path, with the number for its name: "parent.number",
  // or "number" at the root (the way text format prints unknown fields).
  std::string ToString() const;

  friend bool operator==(const UnknownField&, const UnknownField&) = default;

  // The dotted path of the known message that holds the field, as in
  // `FieldError` (e.g. `multiprocessing_options.active_processes.ranges[1]`);
  // empty for the root.
  std::string parent;

  // The field number on the wire.
  int number = 0;
};

// ListUnknownFields()
//
// Returns every unknown field of `message` and of every known sub-message it
// holds, depth first in field-number order, each field of a message before
// its sub-messages. A field number that occurs several times in one message
// (a repeated field of a newer schema) is listed once.
[[nodiscard]] std::vector<UnknownField> ListUnknownFields(
    const google::protobuf::Message& message);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_UNKNOWN_FIELDS_H_
