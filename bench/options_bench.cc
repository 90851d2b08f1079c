// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Our paths against raw protobuf on the same input, in the same run. Each
// pair is named `<pair>/raw` and `<pair>/ours`; report.py divides one by the
// other. `<pair>/<other>` entries break a path down, to show where time goes.
//
//   binary_parse      ParseFromString  vs  LoadFromString(bytes,
//                                          Format::kBinary): parse (on a
//                                          stack arena), FromProto and
//                                          validation
//   binary_serialise  SerializeToString of a built message
//                                      vs  ToProto + SerializeToString
//   fingerprint       deterministic serialisation of a built message (sized
//                     once, into the string)
//                                      vs  Fingerprint() (bytes written
//                                          from the values, then SHA-256)
//
// Every message is parsed into a fresh object, as a server parses each
// request, in the raw path and ours alike.

#include <openssl/sha.h>

#include <string>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "full_options.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "orbax/checkpoint/options/options.h"
#include "paths.h"

namespace orbax::checkpoint::options::bench {
namespace {

// Deterministic serialisation as protobuf's documentation spells it, through
// a `StringOutputStream`.
std::string DeterministicBytesViaStringStream(
    const v1::CheckpointOptions& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return bytes;
}

// --- binary_parse -----------------------------------------------------------

void BM_BinaryParseRaw(benchmark::State& state) {
  BinaryParseRaw<v1::CheckpointOptions>(state, FullOptionsBytes());
}
BENCHMARK(BM_BinaryParseRaw)->Name("binary_parse/raw");

// The full path as a user takes it: bytes to validated options.
void BM_BinaryParseOurs(benchmark::State& state) {
  LoadOurs<CheckpointOptions>(state, FullOptionsBytes(), Format::kBinary);
}
BENCHMARK(BM_BinaryParseOurs)->Name("binary_parse/ours");

// The same steps spelled out on a heap message, as a gRPC handler that has
// the parsed request takes them: ParseFromString, then FromProto().
void BM_BinaryParseParseAndFromProto(benchmark::State& state) {
  const std::string& bytes = FullOptionsBytes();
  for (auto _ : state) {
    v1::CheckpointOptions message;
    if (!message.ParseFromString(bytes)) {
      state.SkipWithError("ParseFromString failed");
      break;
    }
    absl::StatusOr<CheckpointOptions> options = FromProto(message);
    if (!options.ok()) {
      state.SkipWithError("FromProto failed");
      break;
    }
    benchmark::DoNotOptimize(options);
  }
  SetBytesCounter(state, bytes.size());
}
BENCHMARK(BM_BinaryParseParseAndFromProto)
    ->Name("binary_parse/parse_and_from_proto");

// FromProto() alone, on a parsed message.
void BM_BinaryParseFromProtoOnly(benchmark::State& state) {
  FromProtoOnly<CheckpointOptions>(state, FullOptionsBytes());
}
BENCHMARK(BM_BinaryParseFromProtoOnly)->Name("binary_parse/from_proto_only");

// --- binary_serialise -------------------------------------------------------

void BM_BinarySerialiseRaw(benchmark::State& state) {
  const v1::CheckpointOptions message = ToProto(FullOptions());
  for (auto _ : state) {
    std::string bytes;
    message.SerializeToString(&bytes);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_BinarySerialiseRaw)->Name("binary_serialise/raw");

void BM_BinarySerialiseOurs(benchmark::State& state) {
  const CheckpointOptions options = FullOptions();
  for (auto _ : state) {
    std::string bytes;
    ToProto(options).SerializeToString(&bytes);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_BinarySerialiseOurs)->Name("binary_serialise/ours");

// ToProto() alone.
void BM_BinarySerialiseToProtoOnly(benchmark::State& state) {
  const CheckpointOptions options = FullOptions();
  for (auto _ : state) {
    v1::CheckpointOptions message = ToProto(options);
    benchmark::DoNotOptimize(message);
  }
}
BENCHMARK(BM_BinarySerialiseToProtoOnly)
    ->Name("binary_serialise/to_proto_only");

// --- fingerprint ------------------------------------------------------------

void BM_FingerprintRaw(benchmark::State& state) {
  FingerprintRaw(state, FullOptions());
}
BENCHMARK(BM_FingerprintRaw)->Name("fingerprint/raw");

void BM_FingerprintOurs(benchmark::State& state) {
  FingerprintOurs(state, FullOptions());
}
BENCHMARK(BM_FingerprintOurs)->Name("fingerprint/ours");

// EffectiveBytes(): the bytes Fingerprint() hashes, without the hash.
void BM_FingerprintEffectiveBytesOnly(benchmark::State& state) {
  const CheckpointOptions options = FullOptions();
  for (auto _ : state) {
    std::string bytes = EffectiveBytes(options);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_FingerprintEffectiveBytesOnly)
    ->Name("fingerprint/effective_bytes_only");

// The baseline as protobuf's documentation writes it; slower than raw.
void BM_FingerprintRawViaStringStream(benchmark::State& state) {
  const v1::CheckpointOptions message = ToProto(FullOptions());
  for (auto _ : state) {
    std::string bytes = DeterministicBytesViaStringStream(message);
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_FingerprintRawViaStringStream)
    ->Name("fingerprint/raw_via_string_stream");

// OpenSSL's one-shot SHA256() of the effective bytes, which Fingerprint()
// once used: it fetches the algorithm from the providers on every call.
void BM_FingerprintOneShotSha256Only(benchmark::State& state) {
  const std::string bytes = EffectiveBytes(FullOptions());
  for (auto _ : state) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
           digest);
    benchmark::DoNotOptimize(digest);
  }
  SetBytesCounter(state, bytes.size());
}
BENCHMARK(BM_FingerprintOneShotSha256Only)
    ->Name("fingerprint/one_shot_sha256_only");

}  // namespace
}  // namespace orbax::checkpoint::options::bench
