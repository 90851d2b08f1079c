// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `CheckpointManagerOptions` root against raw protobuf on the same input
// (`FullManagerOptions()`), in the same run, as options_bench.cc and
// loading_bench.cc measure `CheckpointOptions`:
//
//   manager_binary_parse  ParseFromString
//                             vs  LoadFromString<CheckpointManagerOptions>(
//                                 bytes, Format::kBinary)
//   manager_text_load     TextFormat::Parser::ParseFromString
//                             vs  LoadFromString<...>(text, Format::kText)
//   manager_json_load     JsonStringToMessage
//                             vs  LoadFromString<...>(json, Format::kJson)
//   manager_fingerprint   deterministic serialisation of a built message
//                             vs  Fingerprint()

#include <string>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "full_options.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options::bench {
namespace {

using Message = v1::CheckpointManagerOptions;

void SetBytesCounter(benchmark::State& state, size_t bytes) {
  state.counters["input_bytes"] = static_cast<double>(bytes);
}

void LoadOurs(benchmark::State& state, const std::string& input,
              Format format) {
  for (auto _ : state) {
    absl::StatusOr<CheckpointManagerOptions> options =
        LoadFromString<CheckpointManagerOptions>(input, format);
    if (!options.ok()) {
      state.SkipWithError("LoadFromString failed");
      break;
    }
    benchmark::DoNotOptimize(options);
  }
  SetBytesCounter(state, input.size());
}

void BM_ManagerBinaryParseRaw(benchmark::State& state) {
  const std::string& bytes = FullManagerOptionsBytes();
  for (auto _ : state) {
    Message message;
    if (!message.ParseFromString(bytes)) {
      state.SkipWithError("ParseFromString failed");
      break;
    }
    benchmark::DoNotOptimize(message);
  }
  SetBytesCounter(state, bytes.size());
}
BENCHMARK(BM_ManagerBinaryParseRaw)->Name("manager_binary_parse/raw");

void BM_ManagerBinaryParseOurs(benchmark::State& state) {
  LoadOurs(state, FullManagerOptionsBytes(), Format::kBinary);
}
BENCHMARK(BM_ManagerBinaryParseOurs)->Name("manager_binary_parse/ours");

// FromProto() alone, on a parsed message: conversion (policies, the set of
// steps, durations) and validation.
void BM_ManagerBinaryParseFromProtoOnly(benchmark::State& state) {
  Message message;
  if (!message.ParseFromString(FullManagerOptionsBytes())) {
    state.SkipWithError("ParseFromString failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<CheckpointManagerOptions> options = FromProto(message);
    benchmark::DoNotOptimize(options);
  }
}
BENCHMARK(BM_ManagerBinaryParseFromProtoOnly)
    ->Name("manager_binary_parse/from_proto_only");

void BM_ManagerTextLoadRaw(benchmark::State& state) {
  const std::string& text = FullManagerOptionsText();
  for (auto _ : state) {
    Message message;
    google::protobuf::TextFormat::Parser parser;
    if (!parser.ParseFromString(text, &message)) {
      state.SkipWithError("TextFormat::Parser failed");
      break;
    }
    benchmark::DoNotOptimize(message);
  }
  SetBytesCounter(state, text.size());
}
BENCHMARK(BM_ManagerTextLoadRaw)->Name("manager_text_load/raw");

void BM_ManagerTextLoadOurs(benchmark::State& state) {
  LoadOurs(state, FullManagerOptionsText(), Format::kText);
}
BENCHMARK(BM_ManagerTextLoadOurs)->Name("manager_text_load/ours");

void BM_ManagerJsonLoadRaw(benchmark::State& state) {
  const std::string& json = FullManagerOptionsJson();
  for (auto _ : state) {
    Message message;
    if (!google::protobuf::util::JsonStringToMessage(json, &message).ok()) {
      state.SkipWithError("JsonStringToMessage failed");
      break;
    }
    benchmark::DoNotOptimize(message);
  }
  SetBytesCounter(state, json.size());
}
BENCHMARK(BM_ManagerJsonLoadRaw)->Name("manager_json_load/raw");

void BM_ManagerJsonLoadOurs(benchmark::State& state) {
  LoadOurs(state, FullManagerOptionsJson(), Format::kJson);
}
BENCHMARK(BM_ManagerJsonLoadOurs)->Name("manager_json_load/ours");

// Sized once, written straight into the string, as options_bench.cc's
// fingerprint/raw.
void BM_ManagerFingerprintRaw(benchmark::State& state) {
  const Message message = ToProto(FullManagerOptions());
  for (auto _ : state) {
    const size_t size = message.ByteSizeLong();
    std::string bytes(size, '\0');
    google::protobuf::io::ArrayOutputStream stream(bytes.data(),
                                                   static_cast<int>(size));
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeWithCachedSizes(&out);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_ManagerFingerprintRaw)->Name("manager_fingerprint/raw");

void BM_ManagerFingerprintOurs(benchmark::State& state) {
  const CheckpointManagerOptions options = FullManagerOptions();
  for (auto _ : state) {
    std::string fingerprint = Fingerprint(options);
    benchmark::DoNotOptimize(fingerprint);
  }
}
BENCHMARK(BM_ManagerFingerprintOurs)->Name("manager_fingerprint/ours");

}  // namespace
}  // namespace orbax::checkpoint::options::bench
