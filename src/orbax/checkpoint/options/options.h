// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: options.h
// -----------------------------------------------------------------------------
//
// The one header users include. It brings in:
//
//   * types.h:        the value types with Orbax's defaults
//   * checkpoint_manager_types.h: `CheckpointManagerOptions` and the save
//                     decision and preservation policies
//   * checkpoint_manager.h: `ApplyReadOnly()`, `DerivedPolicies()`
//   * process_set.h:  `ProcessSet`, a set of process indices held as ranges
//   * step_set.h:     `StepSet`, a set of training steps held as runs
//   * runtime.h:      the runtime-only callables, and `CheckpointRuntime`,
//                     which pairs them with a `CheckpointOptions`
//   * conversion.h:   `ToProto()` and `FromProto()`
//   * validation.h:   `Validate()`
//   * multihost.h:    Orbax's barrier-key, primary-host and timeout helpers
//   * fingerprint.h:  `Fingerprint()`, SHA-256 of the effective bytes
//   * format.h:       `Format`: text format, JSON or binary
//   * diagnostic.h:   `Diagnostic`, GCC-style errors with file:line:col
//   * loading.h:      `ReadLayer()`, `ParseLayer()`, `LoadFromString()`,
//                     `LoadConfig()`
//   * layering.h:     `Layer`, `MergeLayer()`, `ParseSetOverride()`,
//                     `Resolve()`
//   * printing.h:     `PrintMessage()`, `PrintEffective()`
//   * diff.h:         `DiffOptions()`, the effective fields that differ
//   * relay.h:        `Relay`, which forwards received options losing nothing
//   * unknown_fields.h: `ListUnknownFields()`, fields from a newer schema
//
// and, through schema.h, the generated messages
// `orbax::checkpoint::options::v1::*` (an alias of `orbax_options::v1`).
//
// Example:
//
//   #include "orbax/checkpoint/options/options.h"
//
//   namespace opts = orbax::checkpoint::options;
//   opts::CheckpointOptions options;
//   options.async_options.timeout_secs = 600;
//   std::string bytes = opts::ToProto(options).SerializeAsString();

#ifndef ORBAX_CHECKPOINT_OPTIONS_OPTIONS_H_
#define ORBAX_CHECKPOINT_OPTIONS_OPTIONS_H_

#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/field_error.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/multihost.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/relay.h"
#include "orbax/checkpoint/options/runtime.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"
#include "orbax/checkpoint/options/unknown_fields.h"
#include "orbax/checkpoint/options/validation.h"

#endif  // ORBAX_CHECKPOINT_OPTIONS_OPTIONS_H_
