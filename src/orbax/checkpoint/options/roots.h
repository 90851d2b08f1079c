// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: roots.h
// -----------------------------------------------------------------------------
//
// This header names the root types of a config: the option types that a
// config file, a `--set` path or a loaded layer starts from, each with its
// generated message and its name on the command line (`--type`):
//
//   CheckpointOptions         v1::CheckpointOptions         (the default)
//   CheckpointManagerOptions  v1::CheckpointManagerOptions
//
// The loader (loading.h, layering.h) is written once for every root: its
// functions take the root as a template argument that defaults to
// `CheckpointOptions`, so `ParseLayer(...)` is `ParseLayer<CheckpointOptions>
// (...)`.
//
// Example:
//
//   MessageOf<CheckpointOptions> message;  // v1::CheckpointOptions
//   std::string_view name = RootName<CheckpointOptions>();

#ifndef ORBAX_CHECKPOINT_OPTIONS_ROOTS_H_
#define ORBAX_CHECKPOINT_OPTIONS_ROOTS_H_

#include <string>
#include <string_view>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// RootTraits<Options>
//
// What the loader needs to know of a root type: its generated message.
template <typename Options>
struct RootTraits;

template <>
struct RootTraits<CheckpointOptions> {
  using Message = v1::CheckpointOptions;
};

template <>
struct RootTraits<CheckpointManagerOptions> {
  using Message = v1::CheckpointManagerOptions;
};

// MessageOf<Options>
//
// The generated message of a root type.
template <typename Options>
using MessageOf = typename RootTraits<Options>::Message;

// RootName<Options>()
//
// The name of a root type on the command line: its message's name, such as
// "CheckpointOptions".
template <typename Options>
std::string_view RootName() {
  static const std::string name = MessageOf<Options>::descriptor()->name();
  return name;
}

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_ROOTS_H_
