// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: paths.h
// -----------------------------------------------------------------------------
//
// The loops that the benchmark pairs time, once for every root type: the raw
// protobuf side (parse, text, JSON, deterministic serialisation of a message
// class `Message`) and ours (`LoadFromString()`, `FromProto()`,
// `Fingerprint()` of a root `Options`). options_bench.cc, loading_bench.cc
// and manager_bench.cc register them on their inputs (full_options.h).
//
// Every message is parsed into a fresh object, as a server parses each
// request, on both sides. A loop that fails stops with SkipWithError().

#ifndef ORBAX_OPTIONS_BENCH_PATHS_H_
#define ORBAX_OPTIONS_BENCH_PATHS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "orbax/checkpoint/options/options.h"
#include "orbax/checkpoint/options/roots.h"

namespace orbax::checkpoint::options::bench {

// Reports the input's size with the timings (report.py prints it).
inline void SetBytesCounter(benchmark::State& state, size_t bytes) {
  state.counters["input_bytes"] = static_cast<double>(bytes);
}

// Times `parse(input, message)` (true on success) into a fresh `Message`.
template <typename Message, typename Parse>
void ParseEach(benchmark::State& state, const std::string& input,
               const char* what, Parse parse) {
  for (auto _ : state) {
    Message message;
    if (!parse(input, message)) {
      state.SkipWithError(what);
      break;
    }
    benchmark::DoNotOptimize(message);
  }
  SetBytesCounter(state, input.size());
}

// protobuf's binary parser: `ParseFromString`.
template <typename Message>
void BinaryParseRaw(benchmark::State& state, const std::string& bytes) {
  ParseEach<Message>(state, bytes, "ParseFromString failed",
                     [](const std::string& in, Message& message) {
                       return message.ParseFromString(in);
                     });
}

// protobuf's text parser: `TextFormat::Parser::ParseFromString`.
template <typename Message>
void TextParseRaw(benchmark::State& state, const std::string& text) {
  ParseEach<Message>(state, text, "TextFormat::Parser failed",
                     [](const std::string& in, Message& message) {
                       google::protobuf::TextFormat::Parser parser;
                       return parser.ParseFromString(in, &message);
                     });
}

// protobuf's JSON parser: `JsonStringToMessage`.
template <typename Message>
void JsonParseRaw(benchmark::State& state, const std::string& json) {
  ParseEach<Message>(
      state, json, "JsonStringToMessage failed",
      [](const std::string& in, Message& message) {
        return google::protobuf::util::JsonStringToMessage(in, &message).ok();
      });
}

// Ours: `LoadFromString<Options>(input, format)`, bytes to validated options.
template <typename Options>
void LoadOurs(benchmark::State& state, const std::string& input,
              Format format) {
  for (auto _ : state) {
    absl::StatusOr<Options> options = LoadFromString<Options>(input, format);
    if (!options.ok()) {
      state.SkipWithError("LoadFromString failed");
      break;
    }
    benchmark::DoNotOptimize(options);
  }
  SetBytesCounter(state, input.size());
}

// `FromProto()` alone, on the message parsed once from `bytes`.
template <typename Options>
void FromProtoOnly(benchmark::State& state, const std::string& bytes) {
  MessageOf<Options> message;
  if (!message.ParseFromString(bytes)) {
    state.SkipWithError("ParseFromString failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<Options> options = FromProto(message);
    benchmark::DoNotOptimize(options);
  }
}

// Deterministic serialisation of `message` the fastest plain way: sized
// once, written straight into the string.
template <typename Message>
std::string DeterministicBytes(const Message& message) {
  const size_t size = message.ByteSizeLong();
  std::string bytes(size, '\0');
  google::protobuf::io::ArrayOutputStream stream(bytes.data(),
                                                 static_cast<int>(size));
  google::protobuf::io::CodedOutputStream out(&stream);
  out.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&out);
  return bytes;
}

// The fingerprint's raw side: `DeterministicBytes()` of the options' message.
template <typename Options>
void FingerprintRaw(benchmark::State& state, const Options& options) {
  const MessageOf<Options> message = ToProto(options);
  for (auto _ : state) {
    std::string bytes = DeterministicBytes(message);
    benchmark::DoNotOptimize(bytes);
  }
}

// Ours: `Fingerprint()`, bytes written from the values, then SHA-256.
template <typename Options>
void FingerprintOurs(benchmark::State& state, const Options& options) {
  for (auto _ : state) {
    std::string fingerprint = Fingerprint(options);
    benchmark::DoNotOptimize(fingerprint);
  }
}

}  // namespace orbax::checkpoint::options::bench

#endif  // ORBAX_OPTIONS_BENCH_PATHS_H_
