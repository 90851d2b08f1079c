// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The v1 roots against raw protobuf on the same input, in the same run, with
// the loops that manager_bench.cc times for `CheckpointManagerOptions`
// (paths.h): `context_*` on `FullContext()`, `checkpointer_*` on
// `FullCheckpointerOptions()` (the full `Context` inside):
//
//   <root>_binary_parse  ParseFromString
//                            vs  LoadFromString<Root>(bytes, Format::kBinary)
//   <root>_text_load     TextFormat::Parser::ParseFromString
//                            vs  LoadFromString<Root>(text, Format::kText)
//   <root>_json_load     JsonStringToMessage
//                            vs  LoadFromString<Root>(json, Format::kJson)
//   <root>_fingerprint   deterministic serialisation of a built message
//                            vs  Fingerprint()

#include <string>

#include "benchmark/benchmark.h"
#include "full_options.h"
#include "orbax/checkpoint/options/options.h"
#include "paths.h"

namespace orbax::checkpoint::options::bench {
namespace {

// The full options of a v1 root and their printed forms.
template <typename Options>
struct Full;

template <>
struct Full<Context> {
  static const Context& Value() {
    static const Context* value = new Context(FullContext());
    return *value;
  }
  static const std::string& Bytes() { return FullContextBytes(); }
  static const std::string& Text() { return FullContextText(); }
  static const std::string& Json() { return FullContextJson(); }
};

template <>
struct Full<CheckpointerOptions> {
  static const CheckpointerOptions& Value() {
    static const CheckpointerOptions* value =
        new CheckpointerOptions(FullCheckpointerOptions());
    return *value;
  }
  static const std::string& Bytes() { return FullCheckpointerOptionsBytes(); }
  static const std::string& Text() { return FullCheckpointerOptionsText(); }
  static const std::string& Json() { return FullCheckpointerOptionsJson(); }
};

template <typename Options>
void BM_BinaryParseRaw(benchmark::State& state) {
  BinaryParseRaw<MessageOf<Options>>(state, Full<Options>::Bytes());
}
BENCHMARK_TEMPLATE(BM_BinaryParseRaw, Context)
    ->Name("context_binary_parse/raw");
BENCHMARK_TEMPLATE(BM_BinaryParseRaw, CheckpointerOptions)
    ->Name("checkpointer_binary_parse/raw");

template <typename Options>
void BM_BinaryParseOurs(benchmark::State& state) {
  LoadOurs<Options>(state, Full<Options>::Bytes(), Format::kBinary);
}
BENCHMARK_TEMPLATE(BM_BinaryParseOurs, Context)
    ->Name("context_binary_parse/ours");
BENCHMARK_TEMPLATE(BM_BinaryParseOurs, CheckpointerOptions)
    ->Name("checkpointer_binary_parse/ours");

// FromProto() alone, on a parsed message: conversion and validation.
template <typename Options>
void BM_BinaryParseFromProtoOnly(benchmark::State& state) {
  FromProtoOnly<Options>(state, Full<Options>::Bytes());
}
BENCHMARK_TEMPLATE(BM_BinaryParseFromProtoOnly, Context)
    ->Name("context_binary_parse/from_proto_only");
BENCHMARK_TEMPLATE(BM_BinaryParseFromProtoOnly, CheckpointerOptions)
    ->Name("checkpointer_binary_parse/from_proto_only");

template <typename Options>
void BM_TextLoadRaw(benchmark::State& state) {
  TextParseRaw<MessageOf<Options>>(state, Full<Options>::Text());
}
BENCHMARK_TEMPLATE(BM_TextLoadRaw, Context)->Name("context_text_load/raw");
BENCHMARK_TEMPLATE(BM_TextLoadRaw, CheckpointerOptions)
    ->Name("checkpointer_text_load/raw");

template <typename Options>
void BM_TextLoadOurs(benchmark::State& state) {
  LoadOurs<Options>(state, Full<Options>::Text(), Format::kText);
}
BENCHMARK_TEMPLATE(BM_TextLoadOurs, Context)->Name("context_text_load/ours");
BENCHMARK_TEMPLATE(BM_TextLoadOurs, CheckpointerOptions)
    ->Name("checkpointer_text_load/ours");

template <typename Options>
void BM_JsonLoadRaw(benchmark::State& state) {
  JsonParseRaw<MessageOf<Options>>(state, Full<Options>::Json());
}
BENCHMARK_TEMPLATE(BM_JsonLoadRaw, Context)->Name("context_json_load/raw");
BENCHMARK_TEMPLATE(BM_JsonLoadRaw, CheckpointerOptions)
    ->Name("checkpointer_json_load/raw");

template <typename Options>
void BM_JsonLoadOurs(benchmark::State& state) {
  LoadOurs<Options>(state, Full<Options>::Json(), Format::kJson);
}
BENCHMARK_TEMPLATE(BM_JsonLoadOurs, Context)->Name("context_json_load/ours");
BENCHMARK_TEMPLATE(BM_JsonLoadOurs, CheckpointerOptions)
    ->Name("checkpointer_json_load/ours");

template <typename Options>
void BM_FingerprintRaw(benchmark::State& state) {
  FingerprintRaw(state, Full<Options>::Value());
}
BENCHMARK_TEMPLATE(BM_FingerprintRaw, Context)
    ->Name("context_fingerprint/raw");
BENCHMARK_TEMPLATE(BM_FingerprintRaw, CheckpointerOptions)
    ->Name("checkpointer_fingerprint/raw");

template <typename Options>
void BM_FingerprintOurs(benchmark::State& state) {
  FingerprintOurs(state, Full<Options>::Value());
}
BENCHMARK_TEMPLATE(BM_FingerprintOurs, Context)
    ->Name("context_fingerprint/ours");
BENCHMARK_TEMPLATE(BM_FingerprintOurs, CheckpointerOptions)
    ->Name("checkpointer_fingerprint/ours");

}  // namespace
}  // namespace orbax::checkpoint::options::bench
