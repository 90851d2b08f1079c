// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: loading.h
// -----------------------------------------------------------------------------
//
// This header loads one config source (a file, standard input, or bytes in
// memory) in text format, JSON or binary into a `Layer`: the minimal form
// (exactly what the source set) and where each field was set.
//
// Loading is strict and precise:
//
//   * Text and JSON refuse unknown fields, naming the field and where it
//     stands, unless `LoadOptions::allow_unknown_fields` is set. Binary keeps
//     unknown fields (they may come from a newer writer) and, with
//     `LoadOptions::report_unknown_fields`, reports each as a warning.
//   * Every diagnostic carries the source, a 1-based line and column where the
//     input has lines, the field path, and what is wrong with the value.
//   * Nothing is written to stderr: protobuf's own log messages during a load
//     are captured into the diagnostics.
//   * Input larger than `LoadOptions::max_input_bytes` (64 MiB by default) is
//     refused before it is read whole.
//
// A layer is not validated: layers merge first (layering.h), and validation
// runs on the merged result. `LoadConfig()` does the whole job: reads every
// source, applies the overrides, merges and validates.
//
// Example:
//
//   std::vector<Diagnostic> diagnostics;
//   std::optional<Layer> layer =
//       ReadLayer("job.textproto", std::nullopt, LoadOptions{}, diagnostics);
//   if (!layer) { for (auto& d : diagnostics) std::cerr << d.ToString(); }
//
//   // Or, for one in-memory source, load and validate in one step:
//   absl::StatusOr<CheckpointOptions> options =
//       LoadFromString(R"({"async_options": {"timeout_secs": 60}})",
//                      Format::kJson);

#ifndef ORBAX_CHECKPOINT_OPTIONS_LOADING_H_
#define ORBAX_CHECKPOINT_OPTIONS_LOADING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// kDefaultMaxInputBytes
//
// The default size limit of one config source: 64 MiB.
inline constexpr int64_t kDefaultMaxInputBytes = int64_t{64} << 20;

// LoadOptions
//
// How strictly to load a source.
struct LoadOptions {
  // Text and JSON: ignore unknown fields instead of refusing them. Each one
  // ignored is reported as a warning.
  bool allow_unknown_fields = false;

  // Binary: report each unknown field (which binary always keeps) as a
  // warning.
  bool report_unknown_fields = false;

  // The largest source accepted, in bytes. A larger source is refused with
  // `kResourceExhausted`; a file is refused by its size, before it is read.
  int64_t max_input_bytes = kDefaultMaxInputBytes;

  // Called when a signal interrupts a system call that reads a source
  // (`EINTR`: a blocked `open()` of a FIFO, a `read()` of a pipe or a
  // terminal), before the call is retried; if it returns true, the source
  // fails with `kCancelled` instead. Unset: always retried. The Python
  // binding sets it to run Python's signal handlers, so that Ctrl-C raises
  // `KeyboardInterrupt`.
  std::function<bool()> interrupted;
};

// ParseLayer()
//
// Parses `bytes` in `format` as the source called `name`, a config whose
// root is `Options`. Returns the layer, or `std::nullopt` after appending at
// least one error to `diagnostics`. Warnings (e.g. unknown fields) may be
// appended either way.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicLayer<Options>> ParseLayer(
    std::string_view bytes, Format format, std::string_view name,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics);

// ReadLayer()
//
// Reads and parses the file at `path`, or standard input if `path` is `-`.
// `format` overrides the format that the extension picks; it is required for
// `-` and for unrecognised extensions (otherwise: `kUnimplemented`). Errors
// reading the file use the codes listed in diagnostic.h.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicLayer<Options>> ReadLayer(
    std::string_view path, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics);

// LoadFromString()
//
// Parses one in-memory source and validates it: the whole path from bytes to
// effective options. Returns the options, or the diagnostics as a status
// (see `DiagnosticsToStatus()`), e.g.
// `INVALID_ARGUMENT: <string>:1:20: error: async_options.timeout_secs: must
// be > 0, got 0`.
template <typename Options = CheckpointOptions>
[[nodiscard]] absl::StatusOr<Options> LoadFromString(
    std::string_view bytes, Format format, const LoadOptions& options = {},
    std::string_view name = "<string>");

// LoadConfig()
//
// What the command does: reads each of `paths` (`-` is standard input) with
// `format` (or by extension when `std::nullopt`), then applies each of
// `overrides` in order, then resolves. Reports every problem of every
// source, not just the first. Returns `std::nullopt` if there was any error.
template <typename Options = CheckpointOptions>
[[nodiscard]] std::optional<BasicResolvedConfig<Options>> LoadConfig(
    const std::vector<std::string>& paths,
    const std::vector<Override>& overrides, std::optional<Format> format,
    const LoadOptions& options, std::vector<Diagnostic>& diagnostics);

// The roots these are built for (roots.h; loading.cc).
#define ORBAX_OPTIONS_DECLARE_LOADING(Options)                            \
  extern template std::optional<BasicLayer<Options>> ParseLayer(          \
      std::string_view, Format, std::string_view, const LoadOptions&,     \
      std::vector<Diagnostic>&);                                          \
  extern template std::optional<BasicLayer<Options>> ReadLayer(           \
      std::string_view, std::optional<Format>, const LoadOptions&,        \
      std::vector<Diagnostic>&);                                          \
  extern template absl::StatusOr<Options> LoadFromString(                 \
      std::string_view, Format, const LoadOptions&, std::string_view);    \
  extern template std::optional<BasicResolvedConfig<Options>> LoadConfig( \
      const std::vector<std::string>&, const std::vector<Override>&,      \
      std::optional<Format>, const LoadOptions&, std::vector<Diagnostic>&);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_LOADING)
#undef ORBAX_OPTIONS_DECLARE_LOADING

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_LOADING_H_
