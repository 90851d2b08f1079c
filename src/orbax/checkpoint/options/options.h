// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: options.h
// -----------------------------------------------------------------------------
//
// The one header users include: both libraries, `orbax_options_core`
// (core.h: the value types, conversion, validation, fingerprints) and
// `orbax_options_config` (config.h: loading, layering, printing, diff, relay,
// plan). The CMake target `orbax_options::orbax_options` and pkg-config's
// `orbax_options` link both.
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

#include "orbax/checkpoint/options/config.h"
#include "orbax/checkpoint/options/core.h"

#endif  // ORBAX_CHECKPOINT_OPTIONS_OPTIONS_H_
