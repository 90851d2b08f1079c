// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Loading scaling, on inputs of n = 10^2 .. 10^5 elements of five shapes, in
// each format, by two paths:
//
//   scaling/<format>/<shape>/<n>          `LoadFromString()`: the one-call
//                                         path, which reports no warnings
//   scaling_located/<format>/<shape>/<n>  `ParseLayer()` + `Resolve()`: the
//                                         located path that `LoadConfig()`
//                                         and the command take, with a
//                                         located warning per unknown field
//
// with format textproto, json or binpb, and shape:
//
//   unknown_fields   n distinct unknown top-level fields (`x0: 1`,
//                    `"x0": 1`), loaded with `allow_unknown_fields`; in
//                    binary, n unknown varint fields (number 101), loaded
//                    as they are
//   process_indices  n process indices 0 .. n-1 in one list
//                    (multiprocessing_options.active_processes)
//   ranges           n ranges {start: 2i stop: 2i+1} in one list
//   deep_unknown     n/100 unknown top-level fields, each nested
//                    kMaxNestingDepth (100) levels deep, loaded with
//                    `allow_unknown_fields`; in binary, groups of field 101
//                    nested 100 deep
//   step_sets        a CheckpointManagerOptions of n specific_steps
//                    policies in one `any`, each a range of 10^6 steps: the
//                    first fills the config's kMaxConfigSteps, the others
//                    are refused (issue 22: once 7 ms per policy)
//
// Inputs that are refused count too: the time measured is then the time to
// refuse. Counters: `input_size` (bytes), which report.py fits the time
// against, `n`, and `loaded` (1 if the input loaded, 0 if it was refused).
//
// A path that is quadratic takes minutes at 10^5; report.py runs the sizes in
// increasing order and leaves out a size whose predicted time is over its
// budget (`--scaling-budget`). Run this binary by hand with a filter.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options::bench {
namespace {

enum class Shape {
  kUnknownFields,
  kProcessIndices,
  kRanges,
  kDeepUnknown,
  kStepSets
};

const char* ShapeName(Shape shape) {
  switch (shape) {
    case Shape::kUnknownFields:
      return "unknown_fields";
    case Shape::kProcessIndices:
      return "process_indices";
    case Shape::kRanges:
      return "ranges";
    case Shape::kDeepUnknown:
      return "deep_unknown";
    case Shape::kStepSets:
      return "step_sets";
  }
  return "?";
}

// The unknown field number of the binary inputs.
constexpr int kUnknownField = 101;

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendTag(std::string& out, int field, int wire_type) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | wire_type);
}

std::string TextInput(Shape shape, int64_t n) {
  std::string out;
  switch (shape) {
    case Shape::kUnknownFields:
      for (int64_t i = 0; i < n; ++i) absl::StrAppend(&out, "x", i, ": 1\n");
      break;
    case Shape::kProcessIndices:
      out = "multiprocessing_options { active_processes { process_indices: [";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ", ", i);
      }
      out += "] } }\n";
      break;
    case Shape::kRanges:
      out = "multiprocessing_options { active_processes {\n";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, "  ranges { start: ", 2 * i, " stop: ", 2 * i + 1,
                        " }\n");
      }
      out += "} }\n";
      break;
    case Shape::kDeepUnknown: {
      std::string inner;
      for (int i = 1; i < kMaxNestingDepth; ++i) inner += " x {";
      inner.append(kMaxNestingDepth - 1, '}');
      for (int64_t i = 0; i < n / kMaxNestingDepth; ++i) {
        absl::StrAppend(&out, "u", i, " {", inner, " }\n");
      }
      break;
    }
    case Shape::kStepSets:
      out = "save_decision_policy { any {\n";
      for (int64_t i = 0; i < n; ++i) {
        out += "  policies { specific_steps { steps { ranges { stop: 1000000 "
               "} } } }\n";
      }
      out += "} }\n";
      break;
  }
  return out;
}

std::string JsonInput(Shape shape, int64_t n) {
  std::string out;
  switch (shape) {
    case Shape::kUnknownFields:
      out = "{";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ",", "\"x", i, "\":1");
      }
      out += "}";
      break;
    case Shape::kProcessIndices:
      out =
          R"({"multiprocessing_options":{"active_processes":{"process_indices":[)";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ",", i);
      }
      out += "]}}}";
      break;
    case Shape::kRanges:
      out = R"({"multiprocessing_options":{"active_processes":{"ranges":[)";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ",", "{\"start\":", 2 * i,
                        ",\"stop\":", 2 * i + 1, "}");
      }
      out += "]}}}";
      break;
    case Shape::kDeepUnknown: {
      std::string inner;
      for (int i = 1; i < kMaxNestingDepth; ++i) inner += R"({"x":)";
      inner += "{}";
      inner.append(kMaxNestingDepth - 1, '}');
      out = "{";
      for (int64_t i = 0; i < n / kMaxNestingDepth; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ",", "\"u", i, "\":", inner);
      }
      out += "}";
      break;
    }
    case Shape::kStepSets:
      out = R"({"save_decision_policy":{"any":{"policies":[)";
      for (int64_t i = 0; i < n; ++i) {
        absl::StrAppend(&out, i == 0 ? "" : ",",
                        R"({"specific_steps":{"steps":{"ranges":[)",
                        R"({"stop":1000000}]}}})");
      }
      out += "]}}}";
      break;
  }
  return out;
}

std::string BinaryInput(Shape shape, int64_t n) {
  std::string out;
  switch (shape) {
    case Shape::kUnknownFields:
      for (int64_t i = 0; i < n; ++i) {
        AppendTag(out, kUnknownField, 0);
        AppendVarint(out, 1);
      }
      return out;
    case Shape::kProcessIndices:
    case Shape::kRanges: {
      v1::CheckpointOptions message;
      v1::ProcessSet* set =
          message.mutable_multiprocessing_options()->mutable_active_processes();
      for (int64_t i = 0; i < n; ++i) {
        if (shape == Shape::kProcessIndices) {
          set->add_process_indices(static_cast<int32_t>(i));
        } else {
          v1::ProcessRange* range = set->add_ranges();
          range->set_start(static_cast<int32_t>(2 * i));
          range->set_stop(static_cast<int32_t>(2 * i + 1));
        }
      }
      return message.SerializeAsString();
    }
    case Shape::kDeepUnknown:
      for (int64_t i = 0; i < n / kMaxNestingDepth; ++i) {
        for (int d = 0; d < kMaxNestingDepth; ++d) {
          AppendTag(out, kUnknownField, 3);  // Start group.
        }
        for (int d = 0; d < kMaxNestingDepth; ++d) {
          AppendTag(out, kUnknownField, 4);  // End group.
        }
      }
      return out;
    case Shape::kStepSets: {
      v1::CheckpointManagerOptions message;
      auto* any = message.mutable_save_decision_policy()->mutable_any();
      for (int64_t i = 0; i < n; ++i) {
        any->add_policies()
            ->mutable_specific_steps()
            ->mutable_steps()
            ->add_ranges()
            ->set_stop(1000000);
      }
      return message.SerializeAsString();
    }
  }
  return out;
}

// The input for (format, shape, n), built once.
const std::string& Input(Format format, Shape shape, int64_t n) {
  static auto* inputs =
      new std::map<std::tuple<Format, Shape, int64_t>, std::string>();
  auto [it, inserted] = inputs->try_emplace({format, shape, n});
  if (inserted) {
    switch (format) {
      case Format::kText:
        it->second = TextInput(shape, n);
        break;
      case Format::kJson:
        it->second = JsonInput(shape, n);
        break;
      case Format::kBinary:
        it->second = BinaryInput(shape, n);
        break;
    }
  }
  return it->second;
}

// Text and JSON refuse unknown fields unless allowed; binary keeps them.
LoadOptions OptionsFor(Format format, Shape shape) {
  return LoadOptions{.allow_unknown_fields = format != Format::kBinary &&
                                             (shape == Shape::kUnknownFields ||
                                              shape == Shape::kDeepUnknown)};
}

void SetCounters(benchmark::State& state, const std::string& input, int64_t n,
                 bool loaded) {
  state.counters["input_size"] = static_cast<double>(input.size());
  state.counters["n"] = static_cast<double>(n);
  state.counters["loaded"] = loaded ? 1 : 0;
}

template <typename Options>
void Load(benchmark::State& state, Format format, Shape shape, int64_t n) {
  const std::string& input = Input(format, shape, n);
  const LoadOptions options = OptionsFor(format, shape);
  bool loaded = false;
  for (auto _ : state) {
    absl::StatusOr<Options> result =
        LoadFromString<Options>(input, format, options);
    loaded = result.ok();
    benchmark::DoNotOptimize(result);
  }
  SetCounters(state, input, n, loaded);
}

template <typename Options>
void LoadLocated(benchmark::State& state, Format format, Shape shape,
                 int64_t n) {
  const std::string& input = Input(format, shape, n);
  const LoadOptions options = OptionsFor(format, shape);
  bool loaded = false;
  for (auto _ : state) {
    std::vector<Diagnostic> diagnostics;
    std::optional<BasicLayer<Options>> layer =
        ParseLayer<Options>(input, format, "<bench>", options, diagnostics);
    std::optional<BasicResolvedConfig<Options>> config;
    if (layer) {
      std::vector<BasicLayer<Options>> layers;
      layers.push_back(*std::move(layer));
      config = Resolve<Options>(layers, diagnostics);
    }
    loaded = config.has_value();
    benchmark::DoNotOptimize(config);
    benchmark::DoNotOptimize(diagnostics);
  }
  SetCounters(state, input, n, loaded);
}

// The step-set shape is a CheckpointManagerOptions; the others are not.
void BM_Load(benchmark::State& state, Format format, Shape shape, int64_t n) {
  if (shape == Shape::kStepSets) {
    Load<CheckpointManagerOptions>(state, format, shape, n);
  } else {
    Load<CheckpointOptions>(state, format, shape, n);
  }
}

void BM_LoadLocated(benchmark::State& state, Format format, Shape shape,
                    int64_t n) {
  if (shape == Shape::kStepSets) {
    LoadLocated<CheckpointManagerOptions>(state, format, shape, n);
  } else {
    LoadLocated<CheckpointOptions>(state, format, shape, n);
  }
}

// Registers every (path, format, shape, n), smallest n first.
const bool kRegistered = [] {
  using Fn = void (*)(benchmark::State&, Format, Shape, int64_t);
  const std::pair<const char*, Fn> paths[] = {
      {"scaling", BM_Load}, {"scaling_located", BM_LoadLocated}};
  for (int64_t n = 100; n <= 100'000; n *= 10) {
    for (const auto& [path, fn] : paths) {
      for (Format format : {Format::kText, Format::kJson, Format::kBinary}) {
        for (Shape shape : {Shape::kUnknownFields, Shape::kProcessIndices,
                            Shape::kRanges, Shape::kDeepUnknown,
                            Shape::kStepSets}) {
          const std::string name =
              absl::StrCat(path, "/", std::string(FormatName(format)), "/",
                           ShapeName(shape), "/", n);
          benchmark::RegisterBenchmark(name.c_str(), fn, format, shape, n)
              ->Unit(benchmark::kMicrosecond);
        }
      }
    }
  }
  return true;
}();

}  // namespace
}  // namespace orbax::checkpoint::options::bench
