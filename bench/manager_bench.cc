// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `CheckpointManagerOptions` root against raw protobuf on the same input
// (`FullManagerOptions()`), in the same run, with the loops that
// options_bench.cc and loading_bench.cc time for `CheckpointOptions`
// (paths.h):
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

#include "benchmark/benchmark.h"
#include "full_options.h"
#include "orbax/checkpoint/options/options.h"
#include "paths.h"

namespace orbax::checkpoint::options::bench {
namespace {

using Options = CheckpointManagerOptions;
using Message = v1::CheckpointManagerOptions;

void BM_ManagerBinaryParseRaw(benchmark::State& state) {
  BinaryParseRaw<Message>(state, FullManagerOptionsBytes());
}
BENCHMARK(BM_ManagerBinaryParseRaw)->Name("manager_binary_parse/raw");

void BM_ManagerBinaryParseOurs(benchmark::State& state) {
  LoadOurs<Options>(state, FullManagerOptionsBytes(), Format::kBinary);
}
BENCHMARK(BM_ManagerBinaryParseOurs)->Name("manager_binary_parse/ours");

// FromProto() alone, on a parsed message: conversion (policies, the set of
// steps, durations) and validation.
void BM_ManagerBinaryParseFromProtoOnly(benchmark::State& state) {
  FromProtoOnly<Options>(state, FullManagerOptionsBytes());
}
BENCHMARK(BM_ManagerBinaryParseFromProtoOnly)
    ->Name("manager_binary_parse/from_proto_only");

void BM_ManagerTextLoadRaw(benchmark::State& state) {
  TextParseRaw<Message>(state, FullManagerOptionsText());
}
BENCHMARK(BM_ManagerTextLoadRaw)->Name("manager_text_load/raw");

void BM_ManagerTextLoadOurs(benchmark::State& state) {
  LoadOurs<Options>(state, FullManagerOptionsText(), Format::kText);
}
BENCHMARK(BM_ManagerTextLoadOurs)->Name("manager_text_load/ours");

void BM_ManagerJsonLoadRaw(benchmark::State& state) {
  JsonParseRaw<Message>(state, FullManagerOptionsJson());
}
BENCHMARK(BM_ManagerJsonLoadRaw)->Name("manager_json_load/raw");

void BM_ManagerJsonLoadOurs(benchmark::State& state) {
  LoadOurs<Options>(state, FullManagerOptionsJson(), Format::kJson);
}
BENCHMARK(BM_ManagerJsonLoadOurs)->Name("manager_json_load/ours");

void BM_ManagerFingerprintRaw(benchmark::State& state) {
  FingerprintRaw(state, FullManagerOptions());
}
BENCHMARK(BM_ManagerFingerprintRaw)->Name("manager_fingerprint/raw");

void BM_ManagerFingerprintOurs(benchmark::State& state) {
  FingerprintOurs(state, FullManagerOptions());
}
BENCHMARK(BM_ManagerFingerprintOurs)->Name("manager_fingerprint/ours");

}  // namespace
}  // namespace orbax::checkpoint::options::bench
