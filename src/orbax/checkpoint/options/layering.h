// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: layering.h
// -----------------------------------------------------------------------------
//
// This header merges config layers into one set of options, predictably:
//
//   * Layers merge in order, and a later layer wins field by field.
//   * Sub-messages merge recursively.
//   * `multiprocessing_options.active_processes` (a set) and the primary-host
//     `oneof` (`primary_host` / `all_hosts_primary`) are replaced as a whole.
//   * A field set to its default value in a later layer takes effect: merging
//     follows presence, never "equal to the default".
//   * `--set PATH=VALUE` and `--unset PATH` overrides (`Override`,
//     `ParseOverride()`) are layers too, and go last.
//
// Validation runs on the merged result (`Resolve()`), and each error points
// at the source that last set the field: its file, line and column, or the
// `--set` argument. Reading the sources is loading.h's (`ReadLayer()`, and
// `LoadConfig()`, which reads, merges and resolves in one call).
//
// Example:
//
//   std::vector<Diagnostic> diagnostics;
//   std::vector<Layer> layers;
//   for (const std::string& path : paths) {
//     if (auto layer = ReadLayer(path, std::nullopt, {}, diagnostics)) {
//       layers.push_back(*std::move(layer));
//     }
//   }
//   if (auto set = ParseSetOverride("async_options.timeout_secs=600",
//                                   diagnostics)) {
//     layers.push_back(*std::move(set));
//   }
//   std::optional<ResolvedConfig> config = Resolve(layers, diagnostics);

#ifndef ORBAX_CHECKPOINT_OPTIONS_LAYERING_H_
#define ORBAX_CHECKPOINT_OPTIONS_LAYERING_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// BasicLayer<Options>, Layer
//
// One loaded source of a config whose root is `Options` (roots.h): what it
// set and where. `Layer` is the layer of a `CheckpointOptions` config.
template <typename Options>
struct BasicLayer {
  // The source's name as diagnostics show it: a path, `-`, or
  // `--set PATH=VALUE`.
  std::string name;

  // The minimal form: exactly the fields the source set (binary unknown
  // fields included).
  MessageOf<Options> message;

  // Where each field of `message` was set. In binary, every location has
  // line 0.
  FieldLocations locations;

  // Fields this layer restores to unset (`--unset PATH`), by path, before
  // it sets those of `message`: as if no earlier layer had set them.
  std::vector<std::string> unset;
};
using Layer = BasicLayer<CheckpointOptions>;

// MergeLayer()
//
// Merges `layer` into `merged` by the rules above: `merged.message` and
// `merged.locations` take every field `layer` set, and lose what it
// replaced. `merged.name` is left alone.
template <typename Options>
void MergeLayer(const BasicLayer<Options>& layer, BasicLayer<Options>& merged);

// ParseSetOverride()
//
// Parses a `--set` argument, `PATH=VALUE`, into a layer named
// `--set PATH=VALUE`. PATH is a dotted field path from the root (e.g.
// `async_options.timeout_secs`); VALUE is in text format: a scalar (`600`,
// `true`, `"job"`, `ATOMICITY_MODE_COMMIT_FILE`), `[...]` for a repeated
// field, or `{...}` for a message (e.g.
// `multiprocessing_options.active_processes={ranges {start: 0 stop: 8}}`),
// optionally followed by `;` or `,`. An empty list (`[]`) is refused: it
// would set nothing. Returns `std::nullopt` after appending at least one
// error to `diagnostics`.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicLayer<Options>> ParseSetOverride(
    std::string_view argument, std::vector<Diagnostic>& diagnostics);

// Override
//
// One override from the command line, applied after every file, in the
// order given: `--set PATH=VALUE`, or `--unset PATH`, which restores the
// field at PATH to unset (Orbax's default; Python `None` where that is the
// default), as if no earlier layer had set it. Unsetting either member of a
// `oneof` (`primary_host`, `all_hosts_primary`) unsets the `oneof`.
struct Override {
  enum class Kind { kSet, kUnset };

  // Returns the override `--set path_equals_value`.
  static Override Set(std::string path_equals_value) {
    return {Kind::kSet, std::move(path_equals_value)};
  }
  // Returns the override `--unset path`.
  static Override Unset(std::string path) {
    return {Kind::kUnset, std::move(path)};
  }

  Kind kind = Kind::kSet;
  // `PATH=VALUE` for `kSet`, `PATH` for `kUnset`.
  std::string argument;

  friend bool operator==(const Override&, const Override&) = default;
};

// SetOverrides()
//
// Returns `Override::Set()` of each of `arguments` (`PATH=VALUE`), in order.
[[nodiscard]] std::vector<Override> SetOverrides(
    const std::vector<std::string>& arguments);

// ParseUnsetOverride()
//
// Checks an `--unset` argument, a dotted field path from the root, and
// returns a layer named `--unset PATH` that unsets it. Returns
// `std::nullopt` after appending an error to `diagnostics` if the path names
// no field.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicLayer<Options>> ParseUnsetOverride(
    std::string_view path, std::vector<Diagnostic>& diagnostics);

// ParseOverride()
//
// `ParseSetOverride()` or `ParseUnsetOverride()`, as `override` says.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicLayer<Options>> ParseOverride(
    const Override& override, std::vector<Diagnostic>& diagnostics);

// BasicResolvedConfig<Options>, ResolvedConfig
//
// The merged layers of a config whose root is `Options`, and the options
// they give. `ResolvedConfig` is that of a `CheckpointOptions` config.
template <typename Options>
struct BasicResolvedConfig {
  // The merged minimal form: every field some layer set.
  MessageOf<Options> minimal;
  // Where each field of `minimal` was last set.
  FieldLocations locations;
  // The effective options: Orbax's defaults, overridden by `minimal`;
  // validated.
  Options options;
};
using ResolvedConfig = BasicResolvedConfig<CheckpointOptions>;

// Resolve()
//
// Merges `layers` in order and validates the result. Returns the config, or
// `std::nullopt` after appending every error to `diagnostics`, each located
// at the source that last set the field (or, when no source set it, at the
// nearest enclosing message some source set), in source order: by layer,
// then line and column. The warnings of validation.h are appended too, as
// diagnostics of severity warning, located the same way; they don't stop the
// config from resolving. Takes `layers` by value: move them in to spare a
// copy of the first.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicResolvedConfig<Options>> Resolve(
    std::vector<BasicLayer<Options>> layers,
    std::vector<Diagnostic>& diagnostics);

// The roots these are built for (roots.h; layering.cc).
#define ORBAX_OPTIONS_DECLARE_LAYERING(Options)                           \
  extern template void MergeLayer(const BasicLayer<Options>&,             \
                                  BasicLayer<Options>&);                  \
  extern template std::optional<BasicLayer<Options>> ParseSetOverride(    \
      std::string_view, std::vector<Diagnostic>&);                        \
  extern template std::optional<BasicLayer<Options>> ParseUnsetOverride(  \
      std::string_view, std::vector<Diagnostic>&);                        \
  extern template std::optional<BasicLayer<Options>> ParseOverride(       \
      const Override&, std::vector<Diagnostic>&);                         \
  extern template std::optional<BasicResolvedConfig<Options>> Resolve(    \
      std::vector<BasicLayer<Options>>, std::vector<Diagnostic>&);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_LAYERING)
#undef ORBAX_OPTIONS_DECLARE_LAYERING

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_LAYERING_H_
