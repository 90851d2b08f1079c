// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: core.h
// -----------------------------------------------------------------------------
//
// The headers of the library `orbax_options_core`: the value types, their
// conversion and validation, with no config loading (no parsers, no
// RapidJSON). What a service that only converts and validates options
// includes and links. It brings in:
//
//   * types.h:        the value types with Orbax's defaults
//   * checkpoint_manager_types.h: `CheckpointManagerOptions` and the save
//                     decision and preservation policies
//   * context_types.h: `Context` and `CheckpointerOptions`, Orbax's v1 API
//   * checkpoint_manager.h: `ApplyReadOnly()`, `DerivedPolicies()`
//   * process_set.h:  `ProcessSet`, a set of process indices held as ranges
//   * step_set.h:     `StepSet`, a set of training steps held as runs
//   * runtime.h:      the runtime-only callables, and `CheckpointRuntime`,
//                     which pairs them with a `CheckpointOptions`
//   * conversion.h:   `ToProto()` and `FromProto()`
//   * validation.h:   `Validate()`
//   * field_error.h:  `FieldError`, a problem at a field path
//   * multihost.h:    Orbax's barrier-key, primary-host and timeout helpers
//   * fingerprint.h:  `Fingerprint()`, SHA-256 of the effective bytes
//   * diagnostic.h:   `Diagnostic`, GCC-style errors with file:line:col
//   * roots.h:        the root types of a config and their messages
//
// and, through schema.h, the generated messages
// `orbax::checkpoint::options::v1::*` (an alias of `orbax_options::v1`).
//
// Example (CMake: `target_link_libraries(app orbax_options::orbax_options_core)`):
//
//   #include "orbax/checkpoint/options/core.h"
//
//   namespace opts = orbax::checkpoint::options;
//   absl::StatusOr<opts::CheckpointOptions> options = opts::FromProto(message);

#ifndef ORBAX_CHECKPOINT_OPTIONS_CORE_H_
#define ORBAX_CHECKPOINT_OPTIONS_CORE_H_

#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/multihost.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/runtime.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"
#include "orbax/checkpoint/options/validation.h"

#endif  // ORBAX_CHECKPOINT_OPTIONS_CORE_H_
