// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: printing.h
// -----------------------------------------------------------------------------
//
// This header prints options in each `Format`, in either of two forms:
//
//   * the minimal form: only what was set (e.g. `ResolvedConfig::minimal`);
//   * the effective form: every effective value, as `ToProto()` writes it.
//
// The encodings:
//
//   * text format, one field per line;
//   * JSON with the schema's snake_case field names, enums by name and
//     numbers as numbers (int32 fields are JSON numbers);
//   * binary, serialised deterministically (equal messages, equal bytes).
//
// Example:
//
//   std::string text = PrintEffective(options, Format::kText);
//   std::string json = PrintMessage(config.minimal, Format::kJson);

#ifndef ORBAX_CHECKPOINT_OPTIONS_PRINTING_H_
#define ORBAX_CHECKPOINT_OPTIONS_PRINTING_H_

#include <string>

#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// PrintMessage()
//
// Returns `message` in `format`, exactly as set: the minimal form of a layer
// or a merged config. Text and JSON end with a newline; binary is the
// deterministic serialisation. Text and JSON leave out unknown fields (fields
// from a newer schema, which only binary carries), so that what they print
// always loads again; use `ListUnknownFields()` to tell the user. Text
// format prints permission bits in octal (`path_permission_mode: 0750`).
[[nodiscard]] std::string PrintMessage(const google::protobuf::Message& message,
                                       Format format);

// PrintEffective()
//
// Returns the effective form of `options`, `PrintMessage(ToProto(options),
// format)`. In binary it equals `EffectiveBytes(options)`.
//
// Declared for every root type (roots.h).
#define ORBAX_OPTIONS_DECLARE_PRINTING(Root)                              \
  [[nodiscard]] std::string PrintEffective(const Root& options, Format format);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_PRINTING)
#undef ORBAX_OPTIONS_DECLARE_PRINTING

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_PRINTING_H_
