// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: roots.h
// -----------------------------------------------------------------------------
//
// This header names the root types of a config: the option types that a
// config file, a `--set` path or a loaded layer starts from, each with its
// generated message of the same name, which is its name on the command line
// (`--type`):
//
//   CheckpointOptions         (the default)
//   CheckpointManagerOptions
//   Context                   (Orbax's v1 API)
//   CheckpointerOptions       (v1's training.Checkpointer)
//
// `ORBAX_OPTIONS_ROOTS` is the one list of them: every per-root function of
// the library is declared and built for each root it lists, and the command
// and the Python extension take their lists from it (`Roots`). Adding a root
// takes its types header, its field lists (internal/fields.h) and one line
// there.
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
#include <tuple>
#include <type_traits>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// ORBAX_OPTIONS_ROOTS(X)
//
// Calls `X(Root)` for each root type, in the order of `--type`'s list (the
// first is the default). Each root's message is `v1::Root`.
#define ORBAX_OPTIONS_ROOTS(X) \
  X(CheckpointOptions)         \
  X(CheckpointManagerOptions)  \
  X(Context)                   \
  X(CheckpointerOptions)

// RootTraits<Options>
//
// What the loader needs to know of a root type: its generated message.
template <typename Options>
struct RootTraits;

#define ORBAX_OPTIONS_ROOT_TRAITS_(Root) \
  template <>                            \
  struct RootTraits<Root> {              \
    using Message = v1::Root;            \
  };
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_ROOT_TRAITS_)
#undef ORBAX_OPTIONS_ROOT_TRAITS_

// Roots
//
// The root types as a `std::tuple` of `std::type_identity<Options>`, in
// `ORBAX_OPTIONS_ROOTS` order, for generic code:
//
//   std::apply([](auto... root) { (Use<typename decltype(root)::type>(), ...); },
//              Roots{});
template <typename First, typename... Rest>
using RootsAfter = std::tuple<std::type_identity<Rest>...>;
#define ORBAX_OPTIONS_ROOT_LIST_(Root) , Root
using Roots = RootsAfter<void ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_ROOT_LIST_)>;
#undef ORBAX_OPTIONS_ROOT_LIST_

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
