// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: fingerprint.h
// -----------------------------------------------------------------------------
//
// This header defines the fingerprint of a set of options: a short string
// that every process can compare to prove it holds the same effective options
// as every other.
//
// Definition (reproducible in any language):
//
//   fingerprint = lowercase_hex(SHA-256(EffectiveBytes(options)))
//   EffectiveBytes(options) = deterministic binary serialisation of
//                             ToProto(options), the explicit form
//
// The same definition holds for a `CheckpointManagerOptions`, whose explicit
// form is of the values Orbax runs with (`read_only`'s resets applied, see
// conversion.h), so options that differ only in what `read_only` resets
// have one fingerprint.
//
// Because the explicit form sets every effective value and writes
// `ProcessSet`s and `StepSet`s canonically, equal options have equal
// fingerprints whatever file format, field order, layering or spelling
// (indices or ranges, implicit or explicit defaults) they came from, and any
// change to an effective value changes it. In Python:
//
//   hashlib.sha256(explicit.SerializeToString(deterministic=True)).hexdigest()
//
// Example:
//
//   std::string mine = Fingerprint(options);  // 64 hex digits
//   if (mine != primary_fingerprint) { ... }

#ifndef ORBAX_CHECKPOINT_OPTIONS_FINGERPRINT_H_
#define ORBAX_CHECKPOINT_OPTIONS_FINGERPRINT_H_

#include <string>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// EffectiveBytes()
//
// Returns the deterministic binary serialisation of `ToProto(options)`.
//
// Fingerprint()
//
// Returns the lowercase hex SHA-256 of `EffectiveBytes(options)`: 64
// characters. The runtime callables take no part.
//
// Declared for every root type (roots.h).
#define ORBAX_OPTIONS_DECLARE_FINGERPRINT(Root)                   \
  [[nodiscard]] std::string EffectiveBytes(const Root& options); \
  [[nodiscard]] std::string Fingerprint(const Root& options);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_FINGERPRINT)
#undef ORBAX_OPTIONS_DECLARE_FINGERPRINT

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_FINGERPRINT_H_
