// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: config.h
// -----------------------------------------------------------------------------
//
// The headers of the library `orbax_options_config`, which loads, merges,
// prints and compares config files, on top of `orbax_options_core`
// (core.h). It brings in:
//
//   * format.h:       `Format`: text format, JSON or binary, and their limits
//   * loading.h:      `ReadLayer()`, `ParseLayer()`, `LoadFromString()`,
//                     `LoadConfig()`
//   * layering.h:     `Layer`, `MergeLayer()`, `ParseSetOverride()`,
//                     `Resolve()`
//   * printing.h:     `PrintMessage()`, `PrintEffective()`
//   * diff.h:         `DiffOptions()`, the effective fields that differ
//   * relay.h:        `Relay`, which forwards received options losing nothing
//   * unknown_fields.h: `ListUnknownFields()`, fields from a newer schema
//   * plan.h, plan_input.h: what a checkpoint manager keeps, step by step
//
// Example (CMake: `target_link_libraries(app orbax_options::orbax_options_config)`):
//
//   #include "orbax/checkpoint/options/config.h"
//
//   std::vector<Diagnostic> diagnostics;
//   auto config = LoadConfig({"job.textproto"}, {}, std::nullopt, {},
//                            diagnostics);

#ifndef ORBAX_CHECKPOINT_OPTIONS_CONFIG_H_
#define ORBAX_CHECKPOINT_OPTIONS_CONFIG_H_

#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/plan.h"
#include "orbax/checkpoint/options/plan_input.h"
#include "orbax/checkpoint/options/printing.h"
#include "orbax/checkpoint/options/relay.h"
#include "orbax/checkpoint/options/unknown_fields.h"

#endif  // ORBAX_CHECKPOINT_OPTIONS_CONFIG_H_
