// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: where fields stand in a text-format source.
//
//   * `LocateTextFields()` reads protobuf's `ParseInfoTree` after a successful
//     parse into `FieldLocations`.
//   * `FindTextFieldAt()` finds the field that protobuf's parser was reading
//     when it reported an error at a position, since its `ErrorCollector`
//     gives only the position. It re-tokenises the text up to that position
//     with protobuf's own tokenizer.
//
// Lines and columns here are 0-based, as protobuf gives them, with tabs
// advancing to the next multiple of 8.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_LOCATOR_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_LOCATOR_H_

#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "orbax/checkpoint/options/diagnostic.h"

namespace orbax::checkpoint::options::internal {

// Adds the location of every set field of `message` (and of each element of a
// repeated field, and of the repeated field itself, at its first element) to
// `locations`, as 1-based positions in `file`.
void LocateTextFields(const google::protobuf::Message& message,
                      const google::protobuf::TextFormat::ParseInfoTree& tree,
                      const std::string& file, std::string_view prefix,
                      FieldLocations& locations);

// TextFieldAt
//
// The field whose name was read last before a position, if its value was not
// complete at that position.
struct TextFieldAt {
  // Dotted path of the field (with `[i]` for repeated ones), or of the
  // enclosing message when no field was being read; "" at the top level.
  std::string path;
  // Whether `path` names a field being read (not just its enclosing message).
  bool in_field = false;
  // Whether that field is missing from its message's schema.
  bool unknown = false;
  // Full name of the message type that holds the field, if known.
  std::string message_type;
  // Whether the position is just after the field's complete scalar value,
  // where protobuf reports a value it could not use (such as an unknown enum
  // name); `line` and `column` then give the value's position.
  bool after_value = false;
  // 0-based position of the field's name (of its value if `after_value`).
  int line = 0;
  int column = 0;
};

// FindTextFieldAt()
//
// Returns the field being read at the 0-based position (`line`, `column`) of
// `text`, a text-format `root` message. As protobuf's parser reports an error
// at the token it has not consumed yet, only the tokens before the position
// count. If the position is at a token that may follow a complete field
// (a field name, a closing brace of a nested message, or the end of the
// top-level message) right after a scalar value, the error is about that
// value, and its field is returned with `after_value`.
TextFieldAt FindTextFieldAt(std::string_view text,
                            const google::protobuf::Descriptor* root, int line,
                            int column);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_TEXT_LOCATOR_H_
