// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Text-parser scaling. `ParseLayer()` on text, the located path (every field
// and list element recorded), on inputs of n = 10^2 .. 10^5 repetitions of
// one shape:
//
//   unknown_fields   `unknown_field_<i>: <i>` lines, with
//                    `allow_unknown_fields` (one warning each, capped)
//   process_indices  `process_indices: [0, 0, ...]` inside
//                    `multiprocessing_options { active_processes { ... } }`
//   ranges           `ranges { start: <i> stop: <i + 1> }` repeated there
//
// named `scaling/text/<shape>/<n>`, with counters `input_size` (bytes, which
// report.py fits the time against) and `elements` (n). Time and memory must
// grow linearly: no re-scan of the input per diagnostic or per element.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"

namespace orbax::checkpoint::options::bench {
namespace {

enum class Shape { kUnknownFields, kProcessIndices, kRanges };

const char* ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kUnknownFields:
      return "unknown_fields";
    case Shape::kProcessIndices:
      return "process_indices";
    case Shape::kRanges:
      return "ranges";
  }
  return "?";
}

std::string MakeText(Shape shape, int64_t n) {
  std::string text;
  switch (shape) {
    case Shape::kUnknownFields:
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&text, "unknown_field_", i, ": ", i, "\n");
      }
      return text;
    case Shape::kProcessIndices:
      text =
          "multiprocessing_options {\n  active_processes {\n"
          "    process_indices: [";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&text, i == 0 ? "" : ", ", i % 8 == 7 ? "\n" : "", 0);
      }
      absl::StrAppend(&text, "]\n  }\n}\n");
      return text;
    case Shape::kRanges:
      text = "multiprocessing_options {\n  active_processes {\n";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&text, "    ranges { start: ", 2 * i,
                        " stop: ", 2 * i + 1, " }\n");
      }
      absl::StrAppend(&text, "  }\n}\n");
      return text;
  }
  return text;
}

const std::string& GetText(Shape shape, int64_t n) {
  static auto* texts = new std::map<std::pair<Shape, int64_t>, std::string>;
  auto [it, added] = texts->try_emplace({shape, n});
  if (added) it->second = MakeText(shape, n);
  return it->second;
}

void BM_ParseText(benchmark::State& state, Shape shape, int64_t n) {
  const std::string& text = GetText(shape, n);
  LoadOptions options;
  options.allow_unknown_fields = shape == Shape::kUnknownFields;
  for (auto _ : state) {
    std::vector<Diagnostic> diagnostics;
    std::optional<Layer> layer =
        ParseLayer(text, Format::kText, "<bench>", options, diagnostics);
    if (!layer) {
      state.SkipWithError("ParseLayer failed");
      break;
    }
    benchmark::DoNotOptimize(layer);
  }
  state.counters["input_size"] = static_cast<double>(text.size());
  state.counters["elements"] = static_cast<double>(n);
}

const bool kRegistered = [] {
  for (Shape shape :
       {Shape::kUnknownFields, Shape::kProcessIndices, Shape::kRanges}) {
    for (int64_t n = 100; n <= 100'000; n *= 10) {
      const std::string name =
          absl::StrCat("scaling/text/", ShapeName(shape), "/", n);
      benchmark::RegisterBenchmark(name.c_str(), BM_ParseText, shape, n)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  return true;
}();

}  // namespace
}  // namespace orbax::checkpoint::options::bench
