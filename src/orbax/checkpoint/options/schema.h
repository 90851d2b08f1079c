// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: schema.h
// -----------------------------------------------------------------------------
//
// This header brings in the C++ that protoc generates from the schema,
// `orbax_options/v1/options.proto` and
// `orbax_options/v1/checkpoint_manager_options.proto` (package
// `orbax_options.v1`, C++ namespace `orbax_options::v1`), and names that
// namespace `v1` inside
// `orbax::checkpoint::options` too, so that the value types and their
// messages read side by side:
//
//   namespace opts = orbax::checkpoint::options;
//   opts::v1::CheckpointOptions message = opts::ToProto(options);
//   // the same type as ::orbax_options::v1::CheckpointOptions

#ifndef ORBAX_CHECKPOINT_OPTIONS_SCHEMA_H_
#define ORBAX_CHECKPOINT_OPTIONS_SCHEMA_H_

#include "orbax_options/v1/checkpoint_manager_options.pb.h"
#include "orbax_options/v1/context.pb.h"
#include "orbax_options/v1/options.pb.h"

namespace orbax::checkpoint::options {

// v1
//
// The generated messages of schema version 1: an alias of
// `::orbax_options::v1`.
namespace v1 = ::orbax_options::v1;

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_SCHEMA_H_
