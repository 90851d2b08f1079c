// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Loading text and JSON (loading.h) against protobuf's raw parsers on the
// same input, in the same run:
//
//   text_load  TextFormat::Parser::ParseFromString
//                  vs  LoadFromString(text, Format::kText)
//   json_load  JsonStringToMessage
//                  vs  LoadFromString(json, Format::kJson)
//
// `LoadFromString()` is the whole path from bytes to validated options:
// parse, record where each field was set, convert and validate.
// `<pair>/parse_layer_only` is `ParseLayer()`, the parse and the field
// locations without conversion; `text_load/resolve_only` is `Resolve()` on
// the parsed layer. Scaling with the input's size, in every format, is in
// loading_scaling_bench.cc.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "full_options.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/options.h"
#include "paths.h"

namespace orbax::checkpoint::options::bench {
namespace {

void ParseLayerOnly(benchmark::State& state, const std::string& input,
                    Format format) {
  for (auto _ : state) {
    std::vector<Diagnostic> diagnostics;
    std::optional<Layer> layer =
        ParseLayer(input, format, "<bench>", LoadOptions{}, diagnostics);
    if (!layer) {
      state.SkipWithError("ParseLayer failed");
      break;
    }
    benchmark::DoNotOptimize(layer);
  }
  SetBytesCounter(state, input.size());
}

// --- text_load --------------------------------------------------------------

void BM_TextLoadRaw(benchmark::State& state) {
  TextParseRaw<v1::CheckpointOptions>(state, FullOptionsText());
}
BENCHMARK(BM_TextLoadRaw)->Name("text_load/raw");

void BM_TextLoadOurs(benchmark::State& state) {
  LoadOurs<CheckpointOptions>(state, FullOptionsText(), Format::kText);
}
BENCHMARK(BM_TextLoadOurs)->Name("text_load/ours");

void BM_TextLoadParseLayerOnly(benchmark::State& state) {
  ParseLayerOnly(state, FullOptionsText(), Format::kText);
}
BENCHMARK(BM_TextLoadParseLayerOnly)->Name("text_load/parse_layer_only");

// Resolve() alone on the parsed text layer: the merge of one layer, then
// conversion and validation, which `LoadFromString()` runs after parsing.
void BM_TextLoadResolveOnly(benchmark::State& state) {
  std::vector<Diagnostic> diagnostics;
  std::optional<Layer> layer = ParseLayer(
      FullOptionsText(), Format::kText, "<bench>", LoadOptions{}, diagnostics);
  if (!layer) {
    state.SkipWithError("ParseLayer failed");
    return;
  }
  const std::vector<Layer> layers = {*std::move(layer)};
  for (auto _ : state) {
    std::optional<ResolvedConfig> config = Resolve(layers, diagnostics);
    if (!config) {
      state.SkipWithError("Resolve failed");
      break;
    }
    benchmark::DoNotOptimize(config);
  }
}
BENCHMARK(BM_TextLoadResolveOnly)->Name("text_load/resolve_only");

// --- json_load --------------------------------------------------------------

void BM_JsonLoadRaw(benchmark::State& state) {
  JsonParseRaw<v1::CheckpointOptions>(state, FullOptionsJson());
}
BENCHMARK(BM_JsonLoadRaw)->Name("json_load/raw");

void BM_JsonLoadOurs(benchmark::State& state) {
  LoadOurs<CheckpointOptions>(state, FullOptionsJson(), Format::kJson);
}
BENCHMARK(BM_JsonLoadOurs)->Name("json_load/ours");

void BM_JsonLoadParseLayerOnly(benchmark::State& state) {
  ParseLayerOnly(state, FullOptionsJson(), Format::kJson);
}
BENCHMARK(BM_JsonLoadParseLayerOnly)->Name("json_load/parse_layer_only");

}  // namespace
}  // namespace orbax::checkpoint::options::bench
