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
//   * `--set PATH=VALUE` overrides (`ParseSetOverride()`) are layers too, and
//     go last.
//
// Validation runs on the merged result (`Resolve()`), and each error points
// at the source that last set the field: its file, line and column, or the
// `--set` argument.
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
#include <vector>

#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// MergeLayer()
//
// Merges `layer` into `merged` by the rules above: `merged.message` and
// `merged.locations` take every field `layer` set, and lose what it
// replaced. `merged.name` is left alone.
void MergeLayer(const Layer& layer, Layer& merged);

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
[[nodiscard]] std::optional<Layer> ParseSetOverride(
    std::string_view argument, std::vector<Diagnostic>& diagnostics);

// ResolvedConfig
//
// The merged layers, and the options they give.
struct ResolvedConfig {
  // The merged minimal form: every field some layer set.
  v1::CheckpointOptions minimal;
  // Where each field of `minimal` was last set.
  FieldLocations locations;
  // The effective options: Orbax's defaults, overridden by `minimal`;
  // validated.
  CheckpointOptions options;
};

// Resolve()
//
// Merges `layers` in order and validates the result. Returns the config, or
// `std::nullopt` after appending every error to `diagnostics`, each located
// at the source that last set the field (or, when no source set it, at the
// nearest enclosing message some source set).
[[nodiscard]] std::optional<ResolvedConfig> Resolve(
    const std::vector<Layer>& layers, std::vector<Diagnostic>& diagnostics);

// LoadConfig()
//
// What the command does: reads each of `paths` (`-` is standard input) with
// `format` (or by extension when `std::nullopt`), then applies each of
// `set_overrides` (`PATH=VALUE`), then resolves. Reports every problem of
// every source, not just the first. Returns `std::nullopt` if there was any
// error.
[[nodiscard]] std::optional<ResolvedConfig> LoadConfig(
    const std::vector<std::string>& paths,
    const std::vector<std::string>& set_overrides, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_LAYERING_H_
