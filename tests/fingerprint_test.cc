// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::MatchesRegex;

TEST(Fingerprint, IsSixtyFourLowercaseHexDigits) {
  EXPECT_THAT(Fingerprint(CheckpointOptions{}), MatchesRegex("[0-9a-f]{64}"));
}

TEST(Fingerprint, DefaultsMatchProtocAndSha256sum) {
  // Computed outside this library, from the explicit form of the defaults:
  //   protoc --encode=orbax_options.v1.CheckpointOptions \
  //     options.proto <<< 'async_options { timeout_secs: 1200
  //     create_directories_asynchronously: true } multiprocessing_options {
  //     primary_host: 0 } file_options {} memory_limit_options {}
  //     atomicity_options { mode: ATOMICITY_MODE_AUTO
  //     allow_legacy_atomic_rename: false }' | sha256sum
  EXPECT_EQ(Fingerprint(CheckpointOptions{}),
            "ca67183e4efb2d24d0acd4440c357c153271af6ef367c8b6a1eda9218e03f299");
}

TEST(Fingerprint, EffectiveBytesAreTheExplicitForm) {
  CheckpointOptions defaults;
  const std::string bytes = EffectiveBytes(defaults);
  v1::CheckpointOptions parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(FromProto(parsed).value(), defaults);
  EXPECT_TRUE(parsed.async_options().has_timeout_secs());
  EXPECT_EQ(Fingerprint(defaults), Fingerprint(FromProto(parsed).value()));
}

TEST(Fingerprint, EffectiveBytesAreWhatShowPrintsAsBinary) {
  CheckpointOptions options;
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, 4}, {9, 10}}).value();
  options.multiprocessing_options.barrier_sync_key_prefix = "job";
  EXPECT_EQ(EffectiveBytes(options), PrintEffective(options, Format::kBinary));
}

// Protobuf's deterministic serialisation of `ToProto(options)`: what the
// fingerprint is defined over, which EffectiveBytes() writes without building
// the message.
std::string ProtobufDeterministicBytes(const CheckpointOptions& options) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    EXPECT_TRUE(ToProto(options).SerializeToCodedStream(&out));
  }
  return bytes;
}

// Options with every field drawn at random, valid or not (EffectiveBytes()
// takes any options): int32s at the varint-width edges and negative, UTF-8
// strings across the one-byte length limit, process sets small and past 16 KiB
// (a three-byte length).
class RandomOptions {
 public:
  explicit RandomOptions(uint32_t seed) : rng_(seed) {}

  CheckpointOptions Next() {
    CheckpointOptions o;
    o.async_options.timeout_secs = Int32();
    o.async_options.create_directories_asynchronously = Bool();
    auto& mp = o.multiprocessing_options;
    mp.primary_host = Maybe(Int32());
    if (Bool()) mp.active_processes = Set();
    if (Bool()) mp.barrier_sync_key_prefix = String();
    o.file_options.path_permission_mode = Maybe(Int32());
    o.memory_limit_options.max_transfer_concurrent_gb = Maybe(Int32());
    o.atomicity_options.mode = static_cast<AtomicityMode>(Pick(3));
    o.atomicity_options.allow_legacy_atomic_rename = Bool();
    return o;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Bool() { return Pick(2) == 1; }
  template <typename T>
  std::optional<T> Maybe(T value) {
    return Pick(3) == 0 ? std::nullopt : std::optional<T>(value);
  }
  int32_t Int32() {
    static constexpr int32_t kEdges[] = {
        0,     1,    -1,   127,       128,       16383,
        16384, 0750, 1200, INT32_MAX, INT32_MIN, INT32_MAX - 1};
    if (Bool()) return kEdges[Pick(std::size(kEdges))];
    return static_cast<int32_t>(rng_());
  }
  std::string String() {  // UTF-8, as protobuf expects of a string field.
    using std::string_view_literals::operator""sv;
    static constexpr std::string_view kPieces[] = {"a"sv,
                                                   "-"sv,
                                                   "\x7f"sv,
                                                   "\0"sv,
                                                   "\xc3\xa9"sv,
                                                   "\xe2\x82\xac"sv,
                                                   "\xf0\x9f\x98\x80"sv};
    std::string s;
    for (int n = Pick(150); n > 0; --n) s += kPieces[Pick(std::size(kPieces))];
    return s;
  }
  ProcessSet Set() {
    const int max = Bool() ? 50 : 40000;
    std::vector<int32_t> indices(Pick(max) + 1);
    int32_t next = Bool() ? 0 : Pick(1000);
    for (int32_t& i : indices) {
      i = next;
      next += 1 + Pick(3);  // Singles and runs.
    }
    if (Pick(4) == 0) indices.push_back(kMaxProcessIndex);
    return ProcessSet::FromIndices(indices).value();
  }

  std::mt19937 rng_;
};

TEST(Fingerprint, EffectiveBytesAreProtobufsDeterministicSerialisation) {
  RandomOptions random(/*seed=*/20261128);
  for (int i = 0; i < 500; ++i) {
    const CheckpointOptions options = random.Next();
    ASSERT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options))
        << "options #" << i << ":\n"
        << PrintEffective(options, Format::kText).substr(0, 2000);
  }
}

TEST(Fingerprint, EffectiveBytesOfEdgeCases) {
  CheckpointOptions options;
  EXPECT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options));
  options.multiprocessing_options.active_processes =
      ProcessSet::FromRanges({{0, kMaxProcessIndex + 1}}).value();
  options.multiprocessing_options.barrier_sync_key_prefix = "";
  options.multiprocessing_options.primary_host = std::nullopt;
  EXPECT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options));
  options.multiprocessing_options.active_processes = ProcessSet();  // Empty.
  EXPECT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options));
  // A stride-2 set of 2^17 processes: past the 1 KiB stack buffer, with
  // three-byte lengths.
  std::vector<int32_t> stride2;
  for (int32_t i = 0; i < (1 << 18); i += 2) stride2.push_back(i);
  options.multiprocessing_options.active_processes =
      ProcessSet::FromIndices(stride2).value();
  EXPECT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options));
}

TEST(Fingerprint, EqualOptionsSpelledDifferentlyAgree) {
  v1::CheckpointOptions implicit;  // Everything unset.
  implicit.mutable_multiprocessing_options()
      ->mutable_active_processes()
      ->add_process_indices(0);
  implicit.mutable_multiprocessing_options()
      ->mutable_active_processes()
      ->add_process_indices(1);
  v1::CheckpointOptions explicit_form = ToProto(CheckpointOptions{});
  auto* range = explicit_form.mutable_multiprocessing_options()
                    ->mutable_active_processes()
                    ->add_ranges();
  range->set_start(0);
  range->set_stop(2);
  EXPECT_EQ(Fingerprint(FromProto(implicit).value()),
            Fingerprint(FromProto(explicit_form).value()));
}

TEST(Fingerprint, AnyEffectiveChangeChangesIt) {
  const std::string base = Fingerprint(CheckpointOptions{});
  CheckpointOptions changed;
  changed.async_options.timeout_secs = 1201;
  EXPECT_NE(Fingerprint(changed), base);
  changed = {};
  changed.multiprocessing_options.barrier_sync_key_prefix = "";
  EXPECT_NE(Fingerprint(changed), base);
  changed = {};
  changed.multiprocessing_options.primary_host = std::nullopt;
  EXPECT_NE(Fingerprint(changed), base);
}

}  // namespace
}  // namespace orbax::checkpoint::options
