// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/fingerprint.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <set>
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
  //     primary_host: 0 } file_options { skip_sync_file_validations: false }
  //     memory_limit_options {} atomicity_options { mode: ATOMICITY_MODE_AUTO
  //     allow_legacy_atomic_rename: false }' | sha256sum
  EXPECT_EQ(Fingerprint(CheckpointOptions{}),
            "e2f84a5d60f9fcfce5f0cafac2ad17c787fb8d6db27fb2c9aeaed42dced60f8c");
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
template <typename Options>
std::string ProtobufDeterministicBytes(const Options& options) {
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
    o.file_options.skip_sync_file_validations = Bool();
    o.memory_limit_options.max_transfer_concurrent_gb = Maybe(Int32());
    o.atomicity_options.mode = static_cast<AtomicityMode>(Pick(3));
    o.atomicity_options.allow_legacy_atomic_rename = Bool();
    return o;
  }

 protected:
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

// -----------------------------------------------------------------------------
// CheckpointManagerOptions
// -----------------------------------------------------------------------------

TEST(ManagerFingerprint, DefaultsMatchProtocAndSha256sum) {
  // Computed outside this library, from the explicit form of the defaults:
  //   protoc --encode=orbax_options.v1.CheckpointManagerOptions \
  //     -I proto orbax_options/v1/checkpoint_manager_options.proto <<< \
  //     'save_interval_steps: 1 best_mode: BEST_MODE_MAX
  //     keep_checkpoints_without_metrics: true create: true
  //     cleanup_tmp_directories: false single_host_load_and_broadcast: false
  //     enable_background_delete: false read_only: false
  //     enable_async_checkpointing: true multiprocessing_options {
  //     primary_host: 0 } file_options { skip_sync_file_validations: false }
  //     save_root_metadata: true prevent_write_metrics: false
  //     enable_should_save_is_saving_in_progress_check: true
  //     enable_per_process_directory_creation: false
  //     lightweight_initialize: false' | sha256sum
  EXPECT_EQ(Fingerprint(CheckpointManagerOptions{}),
            "b86726adfbc4247c48de2436e5bec6b410dcd2af71f20f46371d8f64d79b6513");
}

TEST(ContextFingerprint, DefaultsMatchProtocAndSha256sum) {
  // Computed outside this library, from the explicit form of the defaults
  // (`show --type=Context --effective` of an empty file):
  //   protoc --encode=orbax_options.v1.Context -I proto \
  //     orbax_options/v1/context.proto <<< 'array { saving {
  //     storage_options { } use_ocdbt: true use_zarr3: true use_compression:
  //     true enable_post_merge_validation: true
  //     enable_replica_parallel_separate_folder: false
  //     enable_write_sharding_file: true } loading {
  //     enable_padding_and_truncation: false raise_array_data_missing_error:
  //     true use_load_and_broadcast: false load_and_broadcast_options {
  //     replica_axis_index: 0 primary_replica_id: 0
  //     broadcast_memory_scaling_factor: 0.75 } } } pytree { saving {
  //     pytree_metadata_options { support_rich_types: false } } loading {
  //     partial_load: false } } asynchronous { timeout_secs: 1200
  //     create_directories_asynchronously: true } multiprocessing {
  //     primary_host: 0 } file { skip_sync_file_validations: false }
  //     atomicity { mode: ATOMICITY_MODE_AUTO allow_legacy_atomic_rename:
  //     false } memory { deepcopy_host_arrays: true } deletion {
  //     gcs_deletion_options { } } safetensors { } checkpoint_layout:
  //     CHECKPOINT_LAYOUT_ORBAX pathways { }' | sha256sum
  EXPECT_EQ(Fingerprint(Context{}),
            "c3d01c0782755e9c2f2790853583e40661c41d0d85d356a80b47219439f66d2b");
  //   protoc --encode=orbax_options.v1.CheckpointerOptions -I proto \
  //     orbax_options/v1/context.proto <<< 'cleanup_tmp_directories: false
  //     lightweight_initialize: false' | sha256sum
  EXPECT_EQ(Fingerprint(CheckpointerOptions{}),
            "c4f7d4fe3ef1c2b88b3e0f779b8397e5d6d0240d82934fe240d11da2b3ba9020");
}

// A Context's doubles, its repeated shard axes and its enums reach the
// bytes: each change changes the fingerprint.
TEST(ContextFingerprint, AnyEffectiveChangeChangesIt) {
  const std::string defaults = Fingerprint(Context{});
  std::vector<std::function<void(Context&)>> changes = {
      [](Context& c) {
        c.array.loading.load_and_broadcast_options
            .broadcast_memory_scaling_factor = 0.5;
      },
      [](Context& c) {
        c.array.saving.storage_options.shard_axes = ShardAxes{};
      },
      [](Context& c) {
        c.array.saving.storage_options.shard_axes = ShardAxes{{0}};
      },
      [](Context& c) { c.checkpoint_layout = CheckpointLayout::kAuto; },
      [](Context& c) {
        c.pathways.checkpointing_impl = CheckpointingImpl::kColocatedPython;
      },
      [](Context& c) { c.safetensors.max_over_read_ratio = 1; },
  };
  std::set<std::string> seen = {defaults};
  for (const auto& change : changes) {
    Context c;
    change(c);
    EXPECT_TRUE(seen.insert(Fingerprint(c)).second);
    std::string bytes;
    ASSERT_TRUE(ToProto(c).SerializeToString(&bytes));
    EXPECT_EQ(EffectiveBytes(c), bytes);
  }
}

// Manager options with every field drawn at random, valid or not: int64s at
// the varint-width edges, durations of either sign (finer than microseconds,
// infinite), step sets small and past 16 KiB, policies nested three deep,
// read_only on or off.
class RandomManagerOptions : public RandomOptions {
 public:
  explicit RandomManagerOptions(uint32_t seed) : RandomOptions(seed) {}

  CheckpointManagerOptions Next() {
    CheckpointManagerOptions o;
    o.save_interval_steps = Int64();
    o.max_to_keep = Maybe(Int64());
    if (Bool()) o.keep_time_interval = Duration();
    o.keep_period = Maybe(Int64());
    o.best_mode = static_cast<BestMode>(Pick(3));
    o.keep_checkpoints_without_metrics = Bool();
    if (Bool()) o.step_prefix = String();
    o.step_format_fixed_length = Maybe(Int32());
    o.create = Bool();
    o.cleanup_tmp_directories = Bool();
    if (Bool()) o.save_on_steps = Steps();
    o.single_host_load_and_broadcast = Bool();
    if (Bool()) o.todelete_subdir = String();
    if (Bool()) o.todelete_full_path = String();
    o.enable_background_delete = Bool();
    o.num_deletion_threads = Maybe(Int32());
    o.read_only = Pick(4) == 0;
    o.enable_async_checkpointing = Bool();
    if (Bool()) o.async_options = AsyncOptions{Int32(), Bool()};
    const CheckpointOptions base = RandomOptions::Next();
    o.multiprocessing_options = base.multiprocessing_options;
    o.file_options = base.file_options;
    if (Bool()) o.atomicity_options = base.atomicity_options;
    o.save_root_metadata = Bool();
    if (Bool()) o.save_decision_policy = Save(3);
    if (Bool()) o.preservation_policy = Keep(3);
    o.prevent_write_metrics = Bool();
    o.enable_should_save_is_saving_in_progress_check = Bool();
    o.enable_per_process_directory_creation = Bool();
    o.lightweight_initialize = Bool();
    return o;
  }

 private:
  int64_t Int64() {
    static constexpr int64_t kEdges[] = {
        0,     1,         -1,        127,       128,       1000,
        16384, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, kMaxStep};
    if (Bool()) return kEdges[Pick(std::size(kEdges))];
    return static_cast<int64_t>(rng64_());
  }
  absl::Duration Duration() {
    switch (Pick(5)) {
      case 0:
        return absl::ZeroDuration();
      case 1:
        return absl::InfiniteDuration();
      case 2:
        return absl::Nanoseconds(static_cast<int64_t>(rng64_() % 10000000000));
      default:
        return absl::Microseconds(static_cast<int64_t>(rng64_() >> 8) -
                                  (int64_t{1} << 54));
    }
  }
  StepSet Steps() {
    const int count = Bool() ? Pick(50) : 40000;
    std::vector<int64_t> steps;
    int64_t next = Pick(1000);
    for (int i = 0; i < count; ++i) {
      steps.push_back(next);
      next += Bool() ? 1000 : 1 + Pick(3);  // Runs and single steps.
    }
    if (Pick(4) == 0) steps.push_back(kMaxStep);
    return StepSet::FromSteps(steps).value();
  }
  SaveDecisionPolicy Save(int depth) {
    switch (Pick(depth > 0 ? 6 : 5)) {
      case 0:
        return {FixedIntervalPolicy{Int64()}};
      case 1:
        return {SpecificStepsPolicy{Steps()}};
      case 2:
        return {ContinuousCheckpointingPolicy{Maybe(Int64())}};
      case 3:
        return {PreemptionCheckpointingPolicy{}};
      case 4:
        return {InitialSavePolicy{}};
      default: {
        AnySavePolicy any;
        for (int n = Pick(4); n > 0; --n)
          any.policies.push_back(Save(depth - 1));
        return {std::move(any)};
      }
    }
  }
  PreservationPolicy Keep(int depth) {
    switch (Pick(depth > 0 ? 9 : 8)) {
      case 0:
        return {PreserveAll{}};
      case 1:
        return {LatestN{Maybe(Int64())}};
      case 2:
        return {EveryNSeconds{Int64()}};
      case 3:
        return {EveryNSteps{Int64(), Bool(), Maybe(Int64())}};
      case 4:
        return {EveryNStepsClosest{Int64(), Maybe(Int64())}};
      case 5:
        return {CustomSteps{Steps()}};
      case 6:
        return {BestN{Bool(), Maybe(Int64()), Bool()}};
      case 7:
        return {LatestDuration{Duration()}};
      default: {
        AnyPreservationPolicy any;
        for (int n = Pick(4); n > 0; --n)
          any.policies.push_back(Keep(depth - 1));
        return {std::move(any)};
      }
    }
  }

  std::mt19937_64 rng64_{7};
};

TEST(ManagerFingerprint, EffectiveBytesAreProtobufsDeterministicSerialisation) {
  RandomManagerOptions random(/*seed=*/20260813);
  for (int i = 0; i < 400; ++i) {
    const CheckpointManagerOptions options = random.Next();
    ASSERT_EQ(EffectiveBytes(options), ProtobufDeterministicBytes(options))
        << "options #" << i;
  }
}

TEST(ManagerFingerprint, EffectiveBytesAreTheExplicitForm) {
  CheckpointManagerOptions options;
  options.preservation_policy = {LatestN{5}};
  options.save_on_steps = StepSet::FromRanges({{0, 100000, 1000}}).value();
  const std::string bytes = EffectiveBytes(options);
  v1::CheckpointManagerOptions parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(FromProto(parsed).value(), options);
  EXPECT_TRUE(parsed.has_save_interval_steps());
  EXPECT_EQ(Fingerprint(FromProto(parsed).value()), Fingerprint(options));
}

TEST(ManagerFingerprint, IsOfTheValuesOrbaxRunsWith) {
  // What read_only resets takes no part; the same options from a file agree.
  CheckpointManagerOptions a;
  a.read_only = true;
  CheckpointManagerOptions b = a;
  b.max_to_keep = 5;
  b.save_interval_steps = 1000;
  b.save_on_steps = StepSet::FromSteps({10, 20}).value();
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_EQ(EffectiveBytes(b), ProtobufDeterministicBytes(b));
  v1::CheckpointManagerOptions file;
  file.set_read_only(true);
  file.set_keep_period(7);
  EXPECT_EQ(Fingerprint(FromProto(file).value()), Fingerprint(a));
  // Python's None and an empty set are one value of save_on_steps.
  v1::CheckpointManagerOptions empty;
  empty.mutable_save_on_steps();
  EXPECT_EQ(Fingerprint(FromProto(empty).value()),
            Fingerprint(CheckpointManagerOptions{}));
}

TEST(ManagerFingerprint, AnyEffectiveChangeChangesIt) {
  const std::string base = Fingerprint(CheckpointManagerOptions{});
  std::vector<std::function<void(CheckpointManagerOptions&)>> changes = {
      [](auto& o) { o.max_to_keep = 0; },
      [](auto& o) { o.keep_time_interval = absl::ZeroDuration(); },
      [](auto& o) { o.step_prefix = ""; },
      [](auto& o) { o.async_options = AsyncOptions{}; },
      [](auto& o) { o.atomicity_options = AtomicityOptions{}; },
      [](auto& o) { o.save_decision_policy = {AnySavePolicy{}}; },
      [](auto& o) { o.preservation_policy = {PreserveAll{}}; },
      [](auto& o) { o.save_on_steps = StepSet::FromSteps({0}).value(); },
      [](auto& o) { o.best_mode = BestMode::kMin; },
  };
  std::set<std::string> seen = {base};
  for (size_t i = 0; i < changes.size(); ++i) {
    CheckpointManagerOptions changed;
    changes[i](changed);
    EXPECT_TRUE(seen.insert(Fingerprint(changed)).second) << i;
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options
