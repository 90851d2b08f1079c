// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/conversion.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/options.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The message of root type `Options` written as `text`.
template <typename Options = CheckpointOptions>
MessageOf<Options> ParseText(const std::string& text) {
  MessageOf<Options> message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

std::string ToText(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.PrintToString(message, &text);
  return text;
}

ProcessSet Set(std::initializer_list<int32_t> indices) {
  return ProcessSet::FromIndices(indices).value();
}

// One row: a field of root type `Options` in one state, as a message, and
// the value it means (for CheckpointManagerOptions, the value Orbax runs
// with, after read_only's resets).
template <typename Options>
struct BasicRow {
  std::string field;  // Dotted schema path, as CollectPaths() spells it.
  std::string state;  // "unset", "default", "non-default", "None", ...
  std::string text;   // The message, in text format.
  std::function<void(Options&)> expect;  // Changes from defaults.
};
using Row = BasicRow<CheckpointOptions>;

// Each row's message loads to its value, the value survives the wire, and
// the explicit form is a fixed point.
template <typename Options>
void CheckRoundTrips(const std::vector<BasicRow<Options>>& rows) {
  for (const BasicRow<Options>& row : rows) {
    SCOPED_TRACE(row.field + " " + row.state + ": " + row.text);
    Options expected;
    row.expect(expected);

    // message -> C++
    absl::StatusOr<Options> loaded = FromProto(ParseText<Options>(row.text));
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(*loaded, expected);

    // C++ -> message -> bytes -> message -> C++
    const std::string bytes = ToProto(expected).SerializeAsString();
    MessageOf<Options> received;
    ASSERT_TRUE(received.ParseFromString(bytes));
    absl::StatusOr<Options> back = FromProto(received);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, expected);

    // The explicit form is a fixed point.
    EXPECT_EQ(ToProto(*back).SerializeAsString(), bytes);
  }
}

std::vector<Row> Rows() {
  using O = CheckpointOptions;
  auto same = [](O&) {};
  return {
      {"async_options.timeout_secs", "unset", "", same},
      {"async_options.timeout_secs", "default",
       "async_options { timeout_secs: 1200 }", same},
      {"async_options.timeout_secs", "non-default",
       "async_options { timeout_secs: 60 }",
       [](O& o) { o.async_options.timeout_secs = 60; }},
      {"async_options.create_directories_asynchronously", "unset",
       "async_options {}", same},
      {"async_options.create_directories_asynchronously", "default",
       "async_options { create_directories_asynchronously: true }", same},
      {"async_options.create_directories_asynchronously", "non-default",
       "async_options { create_directories_asynchronously: false }",
       [](O& o) { o.async_options.create_directories_asynchronously = false; }},
      {"multiprocessing_options.primary_host", "unset",
       "multiprocessing_options {}", same},
      {"multiprocessing_options.primary_host", "default",
       "multiprocessing_options { primary_host: 0 }", same},
      {"multiprocessing_options.primary_host", "non-default",
       "multiprocessing_options { primary_host: 3 }",
       [](O& o) { o.multiprocessing_options.primary_host = 3; }},
      {"multiprocessing_options.primary_host", "None",
       "multiprocessing_options { all_hosts_primary {} }",
       [](O& o) { o.multiprocessing_options.primary_host = std::nullopt; }},
      {"multiprocessing_options.active_processes", "unset",
       "multiprocessing_options {}", same},
      {"multiprocessing_options.active_processes", "non-default",
       "multiprocessing_options { active_processes { process_indices: [5, 0, "
       "1, 2] } }",
       [](O& o) {
         o.multiprocessing_options.active_processes = Set({0, 1, 2, 5});
       }},
      {"multiprocessing_options.active_processes", "non-default",
       "multiprocessing_options { active_processes { ranges { start: 0 stop: "
       "3 } process_indices: 5 process_indices: 1 } }",
       [](O& o) {
         o.multiprocessing_options.active_processes = Set({0, 1, 2, 5});
       }},
      {"multiprocessing_options.active_processes", "non-default",
       "multiprocessing_options { active_processes { ranges { start: 0 stop: "
       "2000000000 } } }",
       [](O& o) {
         o.multiprocessing_options.active_processes =
             ProcessSet::FromRanges({{0, 2000000000}}).value();
       }},
      {"multiprocessing_options.barrier_sync_key_prefix", "None",
       "multiprocessing_options {}", same},
      {"multiprocessing_options.barrier_sync_key_prefix", "non-default",
       "multiprocessing_options { barrier_sync_key_prefix: \"\" }",
       [](O& o) { o.multiprocessing_options.barrier_sync_key_prefix = ""; }},
      {"multiprocessing_options.barrier_sync_key_prefix", "non-default",
       "multiprocessing_options { barrier_sync_key_prefix: \"job-7\" }",
       [](O& o) {
         o.multiprocessing_options.barrier_sync_key_prefix = "job-7";
       }},
      {"file_options.path_permission_mode", "None", "file_options {}", same},
      {"file_options.path_permission_mode", "non-default",
       "file_options { path_permission_mode: 0750 }",
       [](O& o) { o.file_options.path_permission_mode = 0750; }},
      {"file_options.path_permission_mode", "non-default",
       "file_options { path_permission_mode: 0 }",
       [](O& o) { o.file_options.path_permission_mode = 0; }},
      {"file_options.skip_sync_file_validations", "unset", "file_options {}",
       same},
      {"file_options.skip_sync_file_validations", "default",
       "file_options { skip_sync_file_validations: false }", same},
      {"file_options.skip_sync_file_validations", "non-default",
       "file_options { skip_sync_file_validations: true }",
       [](O& o) { o.file_options.skip_sync_file_validations = true; }},
      {"memory_limit_options.max_transfer_concurrent_gb", "None",
       "memory_limit_options {}", same},
      {"memory_limit_options.max_transfer_concurrent_gb", "non-default",
       "memory_limit_options { max_transfer_concurrent_gb: 16 }",
       [](O& o) { o.memory_limit_options.max_transfer_concurrent_gb = 16; }},
      {"atomicity_options.mode", "unset", "atomicity_options {}", same},
      {"atomicity_options.mode", "unset",
       "atomicity_options { mode: ATOMICITY_MODE_UNSPECIFIED }", same},
      {"atomicity_options.mode", "default",
       "atomicity_options { mode: ATOMICITY_MODE_AUTO }", same},
      {"atomicity_options.mode", "non-default",
       "atomicity_options { mode: ATOMICITY_MODE_COMMIT_FILE }",
       [](O& o) { o.atomicity_options.mode = AtomicityMode::kCommitFile; }},
      {"atomicity_options.mode", "non-default",
       "atomicity_options { mode: ATOMICITY_MODE_ATOMIC_RENAME }",
       [](O& o) { o.atomicity_options.mode = AtomicityMode::kAtomicRename; }},
      {"atomicity_options.allow_legacy_atomic_rename", "unset",
       "atomicity_options {}", same},
      {"atomicity_options.allow_legacy_atomic_rename", "default",
       "atomicity_options { allow_legacy_atomic_rename: false }", same},
      {"atomicity_options.allow_legacy_atomic_rename", "non-default",
       "atomicity_options { allow_legacy_atomic_rename: true }",
       [](O& o) { o.atomicity_options.allow_legacy_atomic_rename = true; }},
  };
}

TEST(Conversion, RoundTripsEveryFieldInEveryState) { CheckRoundTrips(Rows()); }

// Collects "parent.field" for every binder of S, recursing into messages.
template <typename S>
void CollectPaths(const std::string& prefix, std::set<std::string>& out);

// The value type a binder recurses into: a sub-message's, a policy's, or a
// policy member's (`B::Value`, when it has a field list). Any other binder
// is a leaf (a policy list too: its elements are policies, covered at the
// top).
template <typename B>
struct SubOf {
  using type = void;
};
template <typename B>
  requires requires { internal::Fields<typename B::Value>::List(); }
struct SubOf<B> {
  using type = typename B::Value;
};

template <typename S>
void CollectPaths(const std::string& prefix, std::set<std::string>& out) {
  std::apply(
      [&](const auto&... binder) {
        (
            [&](const auto& b) {
              using Sub = typename SubOf<std::decay_t<decltype(b)>>::type;
              std::string path = prefix + std::string(b.name());
              if constexpr (std::is_void_v<Sub>) {
                out.insert(path);
              } else if constexpr (std::tuple_size_v<
                                       std::decay_t<decltype(internal::Fields<
                                                             Sub>::List())>> ==
                                   0) {
                out.insert(path);  // A policy without fields.
              } else {
                CollectPaths<Sub>(path + ".", out);
              }
            }(binder),
            ...);
      },
      internal::Fields<S>::List());
}

TEST(Conversion, TableCoversEveryFieldInTheFieldLists) {
  std::set<std::string> listed;
  CollectPaths<CheckpointOptions>("", listed);
  std::set<std::string> in_table;
  for (const Row& row : Rows()) in_table.insert(row.field);
  EXPECT_EQ(in_table, listed);
}

// Every schema field is bound by exactly one binder; a oneof is bound by the
// binder named after its first member.
template <typename S>
void ExpectEveryProtoFieldBound() {
  const google::protobuf::Descriptor* d =
      internal::Fields<S>::Proto::descriptor();
  std::set<std::string> names;
  std::apply(
      [&](const auto&... b) { (names.insert(std::string(b.name())), ...); },
      internal::Fields<S>::List());
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    const google::protobuf::OneofDescriptor* oneof = f->real_containing_oneof();
    const std::string bound = oneof ? oneof->field(0)->name() : f->name();
    EXPECT_TRUE(names.count(bound)) << d->full_name() << "." << f->name();
  }
  EXPECT_EQ(
      names.size(),
      std::tuple_size_v<std::decay_t<decltype(internal::Fields<S>::List())>>);
}

// Every field of the message, a oneof's members included, has a binder of
// its own name: the policies' oneof members each have one.
template <typename S>
void ExpectEveryMemberBound() {
  ExpectEveryProtoFieldBound<S>();
  const google::protobuf::Descriptor* d =
      internal::Fields<S>::Proto::descriptor();
  std::set<std::string> names;
  std::apply(
      [&](const auto&... b) { (names.insert(std::string(b.name())), ...); },
      internal::Fields<S>::List());
  for (int i = 0; i < d->field_count(); ++i) {
    EXPECT_TRUE(names.count(d->field(i)->name()))
        << d->full_name() << "." << d->field(i)->name();
  }
}

// Calls `f.template operator()<S>()` for every value type with a field list.
template <typename F>
void ForEachValueType(F f) {
  f.template operator()<CheckpointOptions>();
  f.template operator()<AsyncOptions>();
  f.template operator()<MultiprocessingOptions>();
  f.template operator()<FileOptions>();
  f.template operator()<MemoryLimitOptions>();
  f.template operator()<AtomicityOptions>();
  f.template operator()<CheckpointManagerOptions>();
  f.template operator()<SaveDecisionPolicy>();
  f.template operator()<FixedIntervalPolicy>();
  f.template operator()<SpecificStepsPolicy>();
  f.template operator()<ContinuousCheckpointingPolicy>();
  f.template operator()<PreemptionCheckpointingPolicy>();
  f.template operator()<InitialSavePolicy>();
  f.template operator()<AnySavePolicy>();
  f.template operator()<PreservationPolicy>();
  f.template operator()<PreserveAll>();
  f.template operator()<LatestN>();
  f.template operator()<EveryNSeconds>();
  f.template operator()<EveryNSteps>();
  f.template operator()<EveryNStepsClosest>();
  f.template operator()<CustomSteps>();
  f.template operator()<BestN>();
  f.template operator()<LatestDuration>();
  f.template operator()<AnyPreservationPolicy>();
  f.template operator()<Context>();
  f.template operator()<ArrayOptions>();
  f.template operator()<ArrayOptions::Saving>();
  f.template operator()<ArrayOptions::Saving::StorageOptions>();
  f.template operator()<ArrayOptions::Loading>();
  f.template operator()<ArrayOptions::Loading::LoadAndBroadcastOptions>();
  f.template operator()<PyTreeOptions>();
  f.template operator()<PyTreeOptions::Saving>();
  f.template operator()<PyTreeOptions::Loading>();
  f.template operator()<PyTreeMetadataOptions>();
  f.template operator()<MemoryOptions>();
  f.template operator()<MemoryOptions::RegulatorOptions>();
  f.template operator()<DeletionOptions>();
  f.template operator()<DeletionOptions::GcsDeletionOptions>();
  f.template operator()<SafetensorsOptions>();
  f.template operator()<PathwaysOptions>();
  f.template operator()<CheckpointerOptions>();
  f.template operator()<StandardNameFormat>();
}

TEST(Conversion, FieldListsBindEverySchemaField) {
  ForEachValueType([]<typename S>() { ExpectEveryProtoFieldBound<S>(); });
  ExpectEveryMemberBound<SaveDecisionPolicy>();
  ExpectEveryMemberBound<PreservationPolicy>();
}

// The lists are in field-number order, which WriteFields() relies on to
// write what protobuf's serialisation writes.
template <typename S>
void ExpectFieldNumberOrder() {
  const google::protobuf::Descriptor* d =
      internal::Fields<S>::Proto::descriptor();
  std::vector<int> numbers;
  std::apply(
      [&](const auto&... b) {
        (numbers.push_back(d->FindFieldByName(std::string(b.name()))->number()),
         ...);
      },
      internal::Fields<S>::List());
  EXPECT_TRUE(std::is_sorted(numbers.begin(), numbers.end()))
      << d->full_name() << ": " << ::testing::PrintToString(numbers);
}

TEST(Conversion, FieldListsAreInFieldNumberOrder) {
  ForEachValueType([]<typename S>() { ExpectFieldNumberOrder<S>(); });
}

TEST(Conversion, ExplicitFormOfDefaultsSetsEveryEffectiveValue) {
  EXPECT_EQ(ToText(ToProto(CheckpointOptions{})),
            "async_options { timeout_secs: 1200 "
            "create_directories_asynchronously: true } "
            "multiprocessing_options { primary_host: 0 } "
            "file_options { skip_sync_file_validations: false } "
            "memory_limit_options { } "
            "atomicity_options { mode: ATOMICITY_MODE_AUTO "
            "allow_legacy_atomic_rename: false } ");
}

TEST(Conversion, ExplicitFormWritesNoneAsUnset) {
  CheckpointOptions options;
  options.multiprocessing_options.primary_host = std::nullopt;
  const v1::CheckpointOptions m = ToProto(options);
  EXPECT_TRUE(m.multiprocessing_options().has_all_hosts_primary());
  EXPECT_FALSE(m.multiprocessing_options().has_active_processes());
  EXPECT_FALSE(m.multiprocessing_options().has_barrier_sync_key_prefix());
  EXPECT_FALSE(m.file_options().has_path_permission_mode());
  EXPECT_FALSE(m.memory_limit_options().has_max_transfer_concurrent_gb());
}

TEST(Conversion, ProcessSetIsWrittenCanonically) {
  const ProcessSet set =
      ProcessSet::FromIndices({9, 0, 1, 2, 3, 5, 7, 8, 12}).value();
  EXPECT_EQ(ToText(ToProto(set)),
            "process_indices: 5 process_indices: 12 "
            "ranges { stop: 4 } ranges { start: 7 stop: 10 } ");
  // Equal sets, spelled differently, give equal bytes.
  v1::ProcessSet spelled;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "ranges { start: 7 stop: 9 } process_indices: [12, 9, 5, 3] "
      "ranges { start: 0 stop: 3 } process_indices: 2",
      &spelled));
  EXPECT_EQ(ToProto(FromProto(spelled).value()).SerializeAsString(),
            ToProto(set).SerializeAsString());
}

TEST(Conversion, HugeRangeIsAFewBytesOnTheWire) {
  const ProcessSet set = ProcessSet::FromRanges({{0, 2000000000}}).value();
  EXPECT_LE(ToProto(set).ByteSizeLong(), 16u);
}

TEST(Conversion, UnknownAtomicityModeNumberIsAnError) {
  v1::CheckpointOptions m;
  m.mutable_atomicity_options()->set_mode(static_cast<v1::AtomicityMode>(7));
  EXPECT_THAT(FromProto(m),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("atomicity_options.mode"),
                             HasSubstr("unknown AtomicityMode number 7"))));
}

TEST(Conversion, ReportsEveryStructuralAndRuleErrorWithPaths) {
  const v1::CheckpointOptions m = ParseText(
      "async_options { timeout_secs: 0 } "
      "multiprocessing_options { active_processes { process_indices: [1, -4] "
      "ranges { start: 5 stop: 5 } ranges { start: 9 stop: 2 } } } "
      "memory_limit_options { max_transfer_concurrent_gb: -1 }");
  EXPECT_THAT(
      FromProto(m),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          AllOf(HasSubstr("async_options.timeout_secs: must be > 0, got 0"),
                HasSubstr("multiprocessing_options.active_processes."
                          "process_indices[1]: must be >= 0, got -4"),
                HasSubstr("multiprocessing_options.active_processes."
                          "ranges[0]: [5, 5) is empty"),
                HasSubstr("multiprocessing_options.active_processes."
                          "ranges[1]: [9, 2) is reversed"),
                HasSubstr("memory_limit_options.max_transfer_concurrent_gb: "
                          "must be > 0, got -1"),
                // A set that failed to load is not also judged by its rules.
                Not(HasSubstr("primary_host")))));
}

TEST(Conversion, KeepsAHundredErrorsAndCountsTheRest) {
  // A million bad indices must not make a million messages.
  v1::CheckpointOptions message;
  auto* set =
      message.mutable_multiprocessing_options()->mutable_active_processes();
  for (int i = 0; i < 1000; ++i) set->add_process_indices(-1 - i);
  std::vector<FieldError> errors;
  EXPECT_FALSE(FromProtoWithErrors(message, errors));
  ASSERT_EQ(errors.size(), 101);
  EXPECT_EQ(errors[0].ToString(),
            "multiprocessing_options.active_processes.process_indices[0]: "
            "must be >= 0, got -1");
  EXPECT_EQ(errors[99].path,
            "multiprocessing_options.active_processes.process_indices[99]");
  EXPECT_EQ(errors[100].ToString(),
            "900 more errors not shown (the first 100 are)");
}

TEST(Conversion, FromProtoValidatesTheResult) {
  EXPECT_THAT(
      FromProto(ParseText("multiprocessing_options { active_processes { "
                          "ranges { start: 1 stop: 4 } } }")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("multiprocessing_options.primary_host: 0 is not in "
                         "active_processes {1-3}")));
}

TEST(Conversion, SubMessageOverloadsUseRelativePaths) {
  v1::AsyncOptions async;
  async.set_timeout_secs(-3);
  EXPECT_THAT(FromProto(async),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith("timeout_secs: must be > 0")));
  v1::ProcessSet set;
  set.add_process_indices(-1);
  EXPECT_THAT(FromProto(set),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("process_indices[0]: must be >= 0")));
  EXPECT_EQ(FromProto(v1::FileOptions()).value(), FileOptions{});
  EXPECT_EQ(FromProto(v1::MemoryLimitOptions()).value(), MemoryLimitOptions{});
  EXPECT_EQ(FromProto(v1::AtomicityOptions()).value(), AtomicityOptions{});
  EXPECT_EQ(FromProto(v1::MultiprocessingOptions()).value(),
            MultiprocessingOptions{});
}

// -----------------------------------------------------------------------------
// CheckpointManagerOptions
// -----------------------------------------------------------------------------

v1::CheckpointManagerOptions ParseManager(const std::string& text) {
  return ParseText<CheckpointManagerOptions>(text);
}

StepSet Steps(std::initializer_list<int64_t> steps) {
  return StepSet::FromSteps(steps).value();
}

SaveDecisionPolicy Save(auto policy) { return {std::move(policy)}; }
PreservationPolicy Keep(auto policy) { return {std::move(policy)}; }

using ManagerRow = BasicRow<CheckpointManagerOptions>;

std::vector<ManagerRow> ManagerRows() {
  using O = CheckpointManagerOptions;
  auto same = [](O&) {};
  return {
      {"save_interval_steps", "unset", "", same},
      {"save_interval_steps", "default", "save_interval_steps: 1", same},
      {"save_interval_steps", "non-default", "save_interval_steps: 1000",
       [](O& o) { o.save_interval_steps = 1000; }},
      {"save_interval_steps", "negative", "save_interval_steps: -5",
       [](O& o) { o.save_interval_steps = -5; }},
      {"max_to_keep", "None", "", same},
      {"max_to_keep", "zero", "max_to_keep: 0",
       [](O& o) { o.max_to_keep = 0; }},
      {"max_to_keep", "non-default", "max_to_keep: 5",
       [](O& o) { o.max_to_keep = 5; }},
      {"keep_time_interval", "None", "", same},
      {"keep_time_interval", "zero", "keep_time_interval {}",
       [](O& o) { o.keep_time_interval = absl::ZeroDuration(); }},
      {"keep_time_interval", "non-default",
       "keep_time_interval { seconds: 3600 }",
       [](O& o) { o.keep_time_interval = absl::Hours(1); }},
      {"keep_time_interval", "microseconds",
       "keep_time_interval { seconds: 1 nanos: 500001000 }",
       [](O& o) {
         o.keep_time_interval = absl::Seconds(1) + absl::Microseconds(500001);
       }},
      {"keep_time_interval", "negative",
       "keep_time_interval { seconds: -2 nanos: -1000 }",
       [](O& o) {
         o.keep_time_interval = -absl::Seconds(2) - absl::Microseconds(1);
       }},
      {"keep_period", "None", "", same},
      {"keep_period", "non-default", "keep_period: 10000",
       [](O& o) { o.keep_period = 10000; }},
      {"best_mode", "unset", "", same},
      {"best_mode", "unset", "best_mode: BEST_MODE_UNSPECIFIED", same},
      {"best_mode", "default", "best_mode: BEST_MODE_MAX", same},
      {"best_mode", "non-default", "best_mode: BEST_MODE_MIN",
       [](O& o) { o.best_mode = BestMode::kMin; }},
      {"keep_checkpoints_without_metrics", "unset", "", same},
      {"keep_checkpoints_without_metrics", "default",
       "keep_checkpoints_without_metrics: true", same},
      {"keep_checkpoints_without_metrics", "non-default",
       "keep_checkpoints_without_metrics: false",
       [](O& o) { o.keep_checkpoints_without_metrics = false; }},
      {"step_prefix", "None", "", same},
      {"step_prefix", "empty", "step_prefix: \"\"",
       [](O& o) { o.step_prefix = ""; }},
      {"step_prefix", "non-default", "step_prefix: \"ckpt\"",
       [](O& o) { o.step_prefix = "ckpt"; }},
      {"step_format_fixed_length", "None", "", same},
      {"step_format_fixed_length", "non-default", "step_format_fixed_length: 8",
       [](O& o) { o.step_format_fixed_length = 8; }},
      {"create", "unset", "", same},
      {"create", "default", "create: true", same},
      {"create", "non-default", "create: false",
       [](O& o) { o.create = false; }},
      {"cleanup_tmp_directories", "unset", "", same},
      {"cleanup_tmp_directories", "default", "cleanup_tmp_directories: false",
       same},
      {"cleanup_tmp_directories", "non-default",
       "cleanup_tmp_directories: true",
       [](O& o) { o.cleanup_tmp_directories = true; }},
      {"save_on_steps", "None", "", same},
      {"save_on_steps", "empty, which is None", "save_on_steps {}", same},
      {"save_on_steps", "non-default", "save_on_steps { steps: [5, 1, 3] }",
       [](O& o) {
         o.save_on_steps = Steps({1, 3, 5});
       }},
      {"save_on_steps", "non-default",
       "save_on_steps { ranges { start: 0 stop: 1000000000 step: 1000 } }",
       [](O& o) {
         o.save_on_steps = StepSet::FromRanges({{0, 1000000000, 1000}}).value();
       }},
      {"single_host_load_and_broadcast", "unset", "", same},
      {"single_host_load_and_broadcast", "non-default",
       "single_host_load_and_broadcast: true",
       [](O& o) { o.single_host_load_and_broadcast = true; }},
      {"todelete_subdir", "None", "", same},
      {"todelete_subdir", "empty", "todelete_subdir: \"\"",
       [](O& o) { o.todelete_subdir = ""; }},
      {"todelete_subdir", "non-default", "todelete_subdir: \"trash\"",
       [](O& o) { o.todelete_subdir = "trash"; }},
      {"todelete_full_path", "None", "", same},
      {"todelete_full_path", "non-default", "todelete_full_path: \"trash/\"",
       [](O& o) { o.todelete_full_path = "trash/"; }},
      {"enable_background_delete", "unset", "", same},
      {"enable_background_delete", "non-default",
       "enable_background_delete: true",
       [](O& o) { o.enable_background_delete = true; }},
      {"num_deletion_threads", "None", "", same},
      {"num_deletion_threads", "non-default", "num_deletion_threads: 4",
       [](O& o) { o.num_deletion_threads = 4; }},
      {"read_only", "unset", "", same},
      {"read_only", "default", "read_only: false", same},
      // What Orbax runs with: __post_init__ reset save_interval_steps and
      // create, the two fields whose defaults it resets.
      {"read_only", "non-default", "read_only: true",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = 0;
         o.create = false;
       }},
      {"read_only", "non-default, resetting everything",
       "read_only: true save_interval_steps: 10 max_to_keep: 3 "
       "keep_time_interval { seconds: 60 } keep_period: 7 "
       "cleanup_tmp_directories: true save_on_steps { steps: 4 } "
       "todelete_subdir: \"a\" todelete_full_path: \"b\"",
       [](O& o) {
         o.read_only = true;
         o.save_interval_steps = 0;
         o.create = false;
       }},
      {"enable_async_checkpointing", "unset", "", same},
      {"enable_async_checkpointing", "default",
       "enable_async_checkpointing: true", same},
      {"enable_async_checkpointing", "non-default",
       "enable_async_checkpointing: false async_options { "
       "create_directories_asynchronously: false }",
       [](O& o) {
         o.enable_async_checkpointing = false;
         o.async_options =
             AsyncOptions{.create_directories_asynchronously = false};
       }},
      {"async_options.timeout_secs", "None", "", same},
      {"async_options.timeout_secs", "unset", "async_options {}",
       [](O& o) { o.async_options = AsyncOptions{}; }},
      {"async_options.timeout_secs", "non-default",
       "async_options { timeout_secs: 60 }",
       [](O& o) { o.async_options = AsyncOptions{.timeout_secs = 60}; }},
      {"async_options.create_directories_asynchronously", "non-default",
       "async_options { create_directories_asynchronously: false }",
       [](O& o) {
         o.async_options =
             AsyncOptions{.create_directories_asynchronously = false};
       }},
      {"multiprocessing_options.primary_host", "unset", "", same},
      {"multiprocessing_options.primary_host", "non-default",
       "multiprocessing_options { primary_host: 3 }",
       [](O& o) { o.multiprocessing_options.primary_host = 3; }},
      {"multiprocessing_options.primary_host", "None",
       "multiprocessing_options { all_hosts_primary {} }",
       [](O& o) { o.multiprocessing_options.primary_host = std::nullopt; }},
      {"multiprocessing_options.active_processes", "non-default",
       "create: false multiprocessing_options { active_processes { ranges { "
       "start: 0 stop: 4 } } }",
       [](O& o) {
         o.create = false;
         o.multiprocessing_options.active_processes = Set({0, 1, 2, 3});
       }},
      {"multiprocessing_options.barrier_sync_key_prefix", "non-default",
       "multiprocessing_options { barrier_sync_key_prefix: \"job\" }",
       [](O& o) { o.multiprocessing_options.barrier_sync_key_prefix = "job"; }},
      {"file_options.path_permission_mode", "None", "file_options {}", same},
      {"file_options.path_permission_mode", "non-default",
       "file_options { path_permission_mode: 0750 }",
       [](O& o) { o.file_options.path_permission_mode = 0750; }},
      {"file_options.skip_sync_file_validations", "non-default",
       "file_options { skip_sync_file_validations: true }",
       [](O& o) { o.file_options.skip_sync_file_validations = true; }},
      {"atomicity_options.mode", "None", "", same},
      {"atomicity_options.mode", "unset", "atomicity_options {}",
       [](O& o) { o.atomicity_options = AtomicityOptions{}; }},
      {"atomicity_options.mode", "non-default",
       "atomicity_options { mode: ATOMICITY_MODE_COMMIT_FILE }",
       [](O& o) {
         o.atomicity_options =
             AtomicityOptions{.mode = AtomicityMode::kCommitFile};
       }},
      {"atomicity_options.allow_legacy_atomic_rename", "non-default",
       "atomicity_options { allow_legacy_atomic_rename: true }",
       [](O& o) {
         o.atomicity_options =
             AtomicityOptions{.allow_legacy_atomic_rename = true};
       }},
      {"save_root_metadata", "unset", "", same},
      {"save_root_metadata", "non-default", "save_root_metadata: false",
       [](O& o) { o.save_root_metadata = false; }},
      {"save_decision_policy.fixed_interval.interval", "None", "", same},
      {"save_decision_policy.fixed_interval.interval", "non-default",
       "save_decision_policy { fixed_interval { interval: 1000 } }",
       [](O& o) { o.save_decision_policy = Save(FixedIntervalPolicy{1000}); }},
      {"save_decision_policy.specific_steps.steps", "empty",
       "save_decision_policy { specific_steps { steps {} } }",
       [](O& o) { o.save_decision_policy = Save(SpecificStepsPolicy{}); }},
      {"save_decision_policy.specific_steps.steps", "non-default",
       "save_decision_policy { specific_steps { steps { steps: [20, 10] } } }",
       [](O& o) {
         o.save_decision_policy = Save(SpecificStepsPolicy{Steps({10, 20})});
       }},
      {"save_decision_policy.continuous_checkpointing.minimum_interval_secs",
       "None", "save_decision_policy { continuous_checkpointing {} }",
       [](O& o) {
         o.save_decision_policy = Save(ContinuousCheckpointingPolicy{});
       }},
      {"save_decision_policy.continuous_checkpointing.minimum_interval_secs",
       "non-default",
       "save_decision_policy { continuous_checkpointing { "
       "minimum_interval_secs: 300 } }",
       [](O& o) {
         o.save_decision_policy = Save(ContinuousCheckpointingPolicy{300});
       }},
      {"save_decision_policy.preemption_checkpointing", "set",
       "save_decision_policy { preemption_checkpointing {} }",
       [](O& o) {
         o.save_decision_policy = Save(PreemptionCheckpointingPolicy{});
       }},
      {"save_decision_policy.initial_save", "set",
       "save_decision_policy { initial_save {} }",
       [](O& o) { o.save_decision_policy = Save(InitialSavePolicy{}); }},
      {"save_decision_policy.any.policies", "empty",
       "save_decision_policy { any {} }",
       [](O& o) { o.save_decision_policy = Save(AnySavePolicy{}); }},
      {"save_decision_policy.any.policies", "nested",
       "save_decision_policy { any { policies { fixed_interval { interval: "
       "10 } } policies { any { policies { initial_save {} } } } } }",
       [](O& o) {
         o.save_decision_policy = Save(AnySavePolicy{{
             Save(FixedIntervalPolicy{10}),
             Save(AnySavePolicy{{Save(InitialSavePolicy{})}}),
         }});
       }},
      {"preservation_policy.preserve_all", "set",
       "preservation_policy { preserve_all {} }",
       [](O& o) { o.preservation_policy = Keep(PreserveAll{}); }},
      {"preservation_policy.latest_n.n", "None",
       "preservation_policy { latest_n {} }",
       [](O& o) { o.preservation_policy = Keep(LatestN{}); }},
      {"preservation_policy.latest_n.n", "non-default",
       "preservation_policy { latest_n { n: 5 } }",
       [](O& o) { o.preservation_policy = Keep(LatestN{5}); }},
      {"preservation_policy.every_n_seconds.interval_secs", "non-default",
       "preservation_policy { every_n_seconds { interval_secs: 3600 } }",
       [](O& o) { o.preservation_policy = Keep(EveryNSeconds{3600}); }},
      {"preservation_policy.every_n_steps.interval_steps", "non-default",
       "preservation_policy { every_n_steps { interval_steps: 1000 } }",
       [](O& o) {
         o.preservation_policy = Keep(EveryNSteps{.interval_steps = 1000});
       }},
      {"preservation_policy.every_n_steps.exact_interval", "default",
       "preservation_policy { every_n_steps { interval_steps: 1000 "
       "exact_interval: true } }",
       [](O& o) {
         o.preservation_policy = Keep(EveryNSteps{.interval_steps = 1000});
       }},
      {"preservation_policy.every_n_steps.exact_interval", "non-default",
       "preservation_policy { every_n_steps { interval_steps: 1000 "
       "exact_interval: false } }",
       [](O& o) {
         o.preservation_policy =
             Keep(EveryNSteps{.interval_steps = 1000, .exact_interval = false});
       }},
      {"preservation_policy.every_n_steps.max_to_keep", "non-default",
       "preservation_policy { every_n_steps { interval_steps: 1000 "
       "max_to_keep: 3 } }",
       [](O& o) {
         o.preservation_policy =
             Keep(EveryNSteps{.interval_steps = 1000, .max_to_keep = 3});
       }},
      {"preservation_policy.every_n_steps_closest.interval_steps",
       "non-default",
       "preservation_policy { every_n_steps_closest { interval_steps: 500 } }",
       [](O& o) { o.preservation_policy = Keep(EveryNStepsClosest{500}); }},
      {"preservation_policy.every_n_steps_closest.max_to_keep", "non-default",
       "preservation_policy { every_n_steps_closest { interval_steps: 500 "
       "max_to_keep: 2 } }",
       [](O& o) {
         o.preservation_policy = Keep(EveryNStepsClosest{500, 2});
       }},
      {"preservation_policy.custom_steps.steps", "empty",
       "preservation_policy { custom_steps { steps {} } }",
       [](O& o) { o.preservation_policy = Keep(CustomSteps{}); }},
      {"preservation_policy.custom_steps.steps", "non-default",
       "preservation_policy { custom_steps { steps { ranges { start: 0 stop: "
       "30 step: 10 } } } }",
       [](O& o) {
         o.preservation_policy = Keep(CustomSteps{Steps({0, 10, 20})});
       }},
      {"preservation_policy.best_n.reverse", "unset",
       "preservation_policy { best_n {} }",
       [](O& o) { o.preservation_policy = Keep(BestN{}); }},
      {"preservation_policy.best_n.reverse", "non-default",
       "preservation_policy { best_n { reverse: true } }",
       [](O& o) { o.preservation_policy = Keep(BestN{.reverse = true}); }},
      {"preservation_policy.best_n.n", "non-default",
       "preservation_policy { best_n { n: 3 } }",
       [](O& o) { o.preservation_policy = Keep(BestN{.n = 3}); }},
      {"preservation_policy.best_n.keep_checkpoints_without_metrics",
       "non-default",
       "preservation_policy { best_n { keep_checkpoints_without_metrics: "
       "false } }",
       [](O& o) {
         o.preservation_policy =
             Keep(BestN{.keep_checkpoints_without_metrics = false});
       }},
      {"preservation_policy.latest_duration.duration", "non-default",
       "preservation_policy { latest_duration { duration { seconds: 86400 } } "
       "}",
       [](O& o) {
         o.preservation_policy = Keep(LatestDuration{absl::Hours(24)});
       }},
      {"preservation_policy.latest_duration.duration", "zero",
       "preservation_policy { latest_duration { duration {} } }",
       [](O& o) { o.preservation_policy = Keep(LatestDuration{}); }},
      {"preservation_policy.any.policies", "non-default",
       "preservation_policy { any { policies { latest_n { n: 5 } } policies "
       "{ every_n_steps { interval_steps: 10000 } } } }",
       [](O& o) {
         o.preservation_policy = Keep(AnyPreservationPolicy{{
             Keep(LatestN{5}),
             Keep(EveryNSteps{.interval_steps = 10000}),
         }});
       }},
      {"prevent_write_metrics", "unset", "", same},
      {"prevent_write_metrics", "non-default", "prevent_write_metrics: true",
       [](O& o) { o.prevent_write_metrics = true; }},
      {"enable_should_save_is_saving_in_progress_check", "unset", "", same},
      {"enable_should_save_is_saving_in_progress_check", "non-default",
       "enable_should_save_is_saving_in_progress_check: false",
       [](O& o) { o.enable_should_save_is_saving_in_progress_check = false; }},
      {"enable_per_process_directory_creation", "unset", "", same},
      {"enable_per_process_directory_creation", "non-default",
       "enable_per_process_directory_creation: true multiprocessing_options { "
       "all_hosts_primary {} }",
       [](O& o) {
         o.enable_per_process_directory_creation = true;
         o.multiprocessing_options.primary_host = std::nullopt;
       }},
      {"lightweight_initialize", "unset", "", same},
      {"lightweight_initialize", "non-default", "lightweight_initialize: true",
       [](O& o) { o.lightweight_initialize = true; }},
  };
}

TEST(ManagerConversion, RoundTripsEveryFieldInEveryState) {
  CheckRoundTrips(ManagerRows());
}

TEST(ManagerConversion, TableCoversEveryFieldInTheFieldLists) {
  std::set<std::string> listed;
  CollectPaths<CheckpointManagerOptions>("", listed);
  std::set<std::string> in_table;
  for (const ManagerRow& row : ManagerRows()) in_table.insert(row.field);
  EXPECT_EQ(in_table, listed);
}

TEST(ManagerConversion, ExplicitFormOfDefaultsSetsEveryEffectiveValue) {
  EXPECT_EQ(ToText(ToProto(CheckpointManagerOptions{})),
            "save_interval_steps: 1 best_mode: BEST_MODE_MAX "
            "keep_checkpoints_without_metrics: true create: true "
            "cleanup_tmp_directories: false "
            "single_host_load_and_broadcast: false "
            "enable_background_delete: false read_only: false "
            "enable_async_checkpointing: true "
            "multiprocessing_options { primary_host: 0 } "
            "file_options { skip_sync_file_validations: false } "
            "save_root_metadata: true prevent_write_metrics: false "
            "enable_should_save_is_saving_in_progress_check: true "
            "enable_per_process_directory_creation: false "
            "lightweight_initialize: false ");
}

TEST(ManagerConversion, ExplicitFormWritesNoneAsUnsetAndSetMessagesInFull) {
  CheckpointManagerOptions options;
  const v1::CheckpointManagerOptions none = ToProto(options);
  EXPECT_FALSE(none.has_max_to_keep());
  EXPECT_FALSE(none.has_keep_time_interval());
  EXPECT_FALSE(none.has_keep_period());
  EXPECT_FALSE(none.has_step_prefix());
  EXPECT_FALSE(none.has_step_format_fixed_length());
  EXPECT_FALSE(none.has_save_on_steps());
  EXPECT_FALSE(none.has_todelete_subdir());
  EXPECT_FALSE(none.has_todelete_full_path());
  EXPECT_FALSE(none.has_num_deletion_threads());
  EXPECT_FALSE(none.has_async_options());
  EXPECT_FALSE(none.has_atomicity_options());
  EXPECT_FALSE(none.has_save_decision_policy());
  EXPECT_FALSE(none.has_preservation_policy());

  // Set to all defaults, a sub-message is written in full, and stays set.
  options.async_options = AsyncOptions{};
  options.atomicity_options = AtomicityOptions{};
  options.preservation_policy = Keep(EveryNSteps{.interval_steps = 5});
  EXPECT_EQ(ToText(ToProto(options)),
            "save_interval_steps: 1 best_mode: BEST_MODE_MAX "
            "keep_checkpoints_without_metrics: true create: true "
            "cleanup_tmp_directories: false "
            "single_host_load_and_broadcast: false "
            "enable_background_delete: false read_only: false "
            "enable_async_checkpointing: true "
            "async_options { timeout_secs: 1200 "
            "create_directories_asynchronously: true } "
            "multiprocessing_options { primary_host: 0 } "
            "file_options { skip_sync_file_validations: false } "
            "atomicity_options { mode: ATOMICITY_MODE_AUTO "
            "allow_legacy_atomic_rename: false } "
            "save_root_metadata: true "
            "preservation_policy { every_n_steps { interval_steps: 5 "
            "exact_interval: true } } "
            "prevent_write_metrics: false "
            "enable_should_save_is_saving_in_progress_check: true "
            "enable_per_process_directory_creation: false "
            "lightweight_initialize: false ");
}

TEST(ManagerConversion, ToProtoWritesWhatReadOnlyLeaves) {
  // C++ values convert as Orbax's class leaves them after __post_init__, so
  // they agree with the same options loaded from a file.
  CheckpointManagerOptions options;
  options.read_only = true;
  options.max_to_keep = 3;
  options.save_on_steps = Steps({1, 2});
  options.todelete_subdir = "trash";
  const v1::CheckpointManagerOptions m = ToProto(options);
  EXPECT_EQ(m.save_interval_steps(), 0);
  EXPECT_FALSE(m.create());
  EXPECT_FALSE(m.has_max_to_keep());
  EXPECT_FALSE(m.has_save_on_steps());
  EXPECT_FALSE(m.has_todelete_subdir());
  CheckpointManagerOptions reset = options;
  ApplyReadOnly(reset);
  EXPECT_EQ(FromProto(m).value(), reset);
}

TEST(ManagerConversion, StepSetIsWrittenCanonically) {
  EXPECT_EQ(ToText(ToProto(StepSet::FromSteps({9, 0, 3, 6, 20, 7}).value())),
            "steps: 7 steps: 9 steps: 20 ranges { stop: 9 step: 3 } ");
  v1::StepSet spelled;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "steps: [20, 7, 6] ranges { start: 0 stop: 7 step: 3 } ranges { start: "
      "9 stop: 10 }",
      &spelled));
  EXPECT_EQ(FromProto(spelled).value(),
            StepSet::FromSteps({0, 3, 6, 7, 9, 20}).value());
  EXPECT_EQ(ToProto(FromProto(spelled).value()).SerializeAsString(),
            ToProto(StepSet::FromSteps({9, 0, 3, 6, 20, 7}).value())
                .SerializeAsString());
  // Every 1000th step up to 10^9: a few bytes.
  EXPECT_LE(ToProto(StepSet::FromRanges({{0, 1000000000, 1000}}).value())
                .ByteSizeLong(),
            16u);
}

// One row: a message that cannot be loaded, and exactly the errors.
struct LoadErrorCase {
  std::string name;
  std::string text;
  std::vector<std::string> errors;  // "path: message", in order.
};

// `field` holding `levels` policies nested through `any`, the deepest an
// `initial_save`.
std::string Nested(const std::string& field, int levels) {
  std::string text = "initial_save {}";
  for (int level = 1; level < levels; ++level) {
    text = "any { policies { " + text + " } }";
  }
  return field + " { " + text + " }";
}

std::vector<std::string> LoadErrors(const std::string& text) {
  std::vector<FieldError> errors;
  EXPECT_FALSE(FromProtoWithErrors(ParseManager(text), errors));
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.ToString());
  return out;
}

TEST(ManagerConversion, LoadErrors) {
  const std::string kTooDeep =
      "policies nest more than 8 deep (kMaxPolicyDepth); every level is two "
      "messages, and Python's protobuf parser refuses JSON nested more than "
      "100 messages deep";
  const std::string kMicros =
      "must be a whole number of microseconds (Python's timedelta holds no "
      "finer), got ";
  const std::vector<LoadErrorCase> cases = {
      {"unknown best_mode number",
       "best_mode: 7",
       {"best_mode: unknown BestMode number 7, perhaps from a newer sender; "
        "this version knows 0 to 2 (Orbax's best_mode is 'max' or 'min')"}},
      {"duration finer than microseconds",
       "keep_time_interval { seconds: 1 nanos: 500 }",
       {"keep_time_interval: " + kMicros + "1.0000005s"}},
      {"duration with signs that disagree",
       "keep_time_interval { seconds: 1 nanos: -1000 }",
       {"keep_time_interval: seconds and nanos must have the same sign, got "
        "seconds 1 and nanos -1000"}},
      {"duration past protobuf's range",
       "keep_time_interval { seconds: 315576000001 }",
       {"keep_time_interval: seconds must be in [-315576000000, "
        "315576000000] (10,000 years, protobuf's Duration), got "
        "315576000001"}},
      {"duration nanos out of range",
       "preservation_policy { latest_duration { duration { nanos: "
       "1000000000 } } }",
       {"preservation_policy.latest_duration.duration: nanos must be in "
        "[-999999999, 999999999], got 1000000000"}},
      {"bad steps and ranges",
       "save_on_steps { steps: [3, -1] ranges { start: 5 stop: 5 } ranges { "
       "start: 0 stop: 9 step: -3 } }",
       {"save_on_steps.steps[1]: training steps start at 0, got -1",
        "save_on_steps.ranges[0]: range(5, 5, 1) is empty; start must be < "
        "stop",
        "save_on_steps.ranges[1]: step must be positive (or 0, which means "
        "1), got -3"}},
      {"a step set past a million steps",
       "preservation_policy { custom_steps { steps { ranges { start: 0 stop: "
       "2000000 } } } }",
       {"preservation_policy.custom_steps.steps: the ranges name more than "
        "1000000 steps together, a step that two ranges share counting "
        "twice: Orbax keeps every step of the set in a Python frozenset, so "
        "a set is limited to 1000000 steps (kMaxSteps)"}},
      {"required fields unset",
       "save_decision_policy { any { policies { fixed_interval {} } policies "
       "{ specific_steps {} } } } preservation_policy { any { policies { "
       "every_n_seconds {} } policies { every_n_steps {} } policies { "
       "every_n_steps_closest {} } policies { custom_steps {} } policies { "
       "latest_duration {} } } }",
       {"save_decision_policy.any.policies[0].fixed_interval.interval: "
        "must be set: FixedIntervalPolicy has no default for it",
        "save_decision_policy.any.policies[1].specific_steps.steps: "
        "must be set: SpecificStepsPolicy has no default for it",
        "preservation_policy.any.policies[0].every_n_seconds.interval_secs: "
        "must be set: EveryNSeconds has no default for it",
        "preservation_policy.any.policies[1].every_n_steps.interval_steps: "
        "must be set: EveryNSteps has no default for it",
        "preservation_policy.any.policies[2].every_n_steps_closest."
        "interval_steps: must be set: EveryNStepsClosest has no default for "
        "it",
        "preservation_policy.any.policies[3].custom_steps.steps: must be set: "
        "CustomSteps has no default for it",
        "preservation_policy.any.policies[4].latest_duration.duration: "
        "must be set: LatestDuration has no default for it"}},
      {"policy messages with no member set",
       "save_decision_policy {} preservation_policy { any { policies { "
       "latest_n {} } policies {} } }",
       {"save_decision_policy: set one policy (fixed_interval, "
        "specific_steps, continuous_checkpointing, preemption_checkpointing, "
        "initial_save, any); a SaveDecisionPolicy with none set, or only one "
        "this version does not know, means nothing",
        "preservation_policy.any.policies[1]: set one policy (preserve_all, "
        "latest_n, every_n_seconds, every_n_steps, every_n_steps_closest, "
        "custom_steps, best_n, latest_duration, any); a PreservationPolicy "
        "with none set, or only one this version does not know, means "
        "nothing"}},
      {"policies nested nine deep",
       Nested("save_decision_policy", 9),
       {"save_decision_policy.any.policies[0].any.policies[0].any."
        "policies[0].any.policies[0].any.policies[0].any.policies[0].any."
        "policies[0].any.policies[0]: " +
        kTooDeep}},
      {"a zero interval in a policy is reported once, after loading",
       "save_decision_policy { fixed_interval { interval: 0 } }",
       {"save_decision_policy.fixed_interval.interval: must not be 0: Orbax "
        "saves at the steps where step % interval == 0, a division by "
        "zero"}},
  };
  for (const LoadErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(LoadErrors(c.text), c.errors);
  }
}

TEST(ManagerConversion, PoliciesNestEightDeep) {
  absl::StatusOr<CheckpointManagerOptions> loaded =
      FromProto(ParseManager(Nested("save_decision_policy", kMaxPolicyDepth)));
  ASSERT_TRUE(loaded.ok()) << loaded.status();

  // The same through the policy's own overloads; one level more fails.
  v1::CheckpointManagerOptions m =
      ParseManager(Nested("save_decision_policy", 8));
  EXPECT_TRUE(FromProto(m.save_decision_policy()).ok());
  m = ParseManager(Nested("save_decision_policy", 9));
  EXPECT_THAT(FromProto(m.save_decision_policy()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("policies nest more than 8 deep")));
}

TEST(ManagerConversion, LoadingAHandBuiltDeepMessageStops) {
  // Deeper than any parser builds (100 messages): loading stops at 64
  // policies, and validation reports the ninth.
  v1::CheckpointManagerOptions m;
  v1::SaveDecisionPolicy* policy = m.mutable_save_decision_policy();
  for (int level = 1; level < 200; ++level) {
    policy = policy->mutable_any()->add_policies();
  }
  policy->mutable_initial_save();
  std::vector<FieldError> errors;
  EXPECT_FALSE(FromProtoWithErrors(m, errors));
  ASSERT_EQ(errors.size(), 2u);
  const std::string level = ".any.policies[0]";
  std::string path = "save_decision_policy";
  for (int i = 1; i <= internal::kMaxLoadedPolicyDepth; ++i) path += level;
  EXPECT_EQ(errors[0].path, path);
  path = "save_decision_policy";
  for (int i = 1; i <= kMaxPolicyDepth; ++i) path += level;
  EXPECT_EQ(errors[1].path, path);
}

TEST(ManagerConversion, PolicyAndStepSetOverloads) {
  const SaveDecisionPolicy save = Save(AnySavePolicy{
      {Save(FixedIntervalPolicy{100}), Save(PreemptionCheckpointingPolicy{})}});
  EXPECT_EQ(FromProto(ToProto(save)).value(), save);
  const PreservationPolicy keep = Keep(AnyPreservationPolicy{
      {Keep(LatestN{5}), Keep(LatestDuration{absl::Minutes(90)})}});
  EXPECT_EQ(FromProto(ToProto(keep)).value(), keep);
  EXPECT_THAT(FromProto(v1::SaveDecisionPolicy()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith("set one policy (")));
  v1::PreservationPolicy bad;
  bad.mutable_every_n_steps()->set_interval_steps(0);
  EXPECT_THAT(FromProto(bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::StartsWith(
                           "every_n_steps.interval_steps: must not be 0")));
  v1::StepSet steps;
  steps.add_steps(-2);
  EXPECT_THAT(FromProto(steps),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "steps[0]: training steps start at 0, got -2"));
}

TEST(ManagerConversion, WarningsComeWithTheValueAsOrbaxRunsIt) {
  std::vector<FieldError> errors;
  std::vector<FieldError> warnings;
  std::optional<CheckpointManagerOptions> loaded = FromProtoWithErrors(
      ParseManager("read_only: true max_to_keep: 5"), errors, &warnings);
  ASSERT_TRUE(loaded);
  EXPECT_THAT(errors, ::testing::IsEmpty());
  EXPECT_FALSE(loaded->max_to_keep);
  EXPECT_EQ(loaded->save_interval_steps, 0);
  std::vector<std::string> paths;
  for (const FieldError& w : warnings) paths.push_back(w.path);
  EXPECT_THAT(paths, ::testing::ElementsAre("save_interval_steps",
                                            "max_to_keep", "create"));
}

// -----------------------------------------------------------------------------
// Context and CheckpointerOptions (Orbax's v1 API)
// -----------------------------------------------------------------------------

using ContextRow = BasicRow<Context>;

std::vector<ContextRow> ContextRows() {
  using O = Context;
  using Impl = CheckpointingImpl;
  auto same = [](O&) {};
  return {
      {"array.saving.storage_options.dtype", "None",
       "array { saving { storage_options {} } }", same},
      {"array.saving.storage_options.dtype", "non-default",
       "array { saving { storage_options { dtype: \"bfloat16\" } } }",
       [](O& o) { o.array.saving.storage_options.dtype = "bfloat16"; }},
      {"array.saving.storage_options.chunk_byte_size", "None",
       "array { saving { storage_options {} } }", same},
      {"array.saving.storage_options.chunk_byte_size", "non-default",
       "array { saving { storage_options { chunk_byte_size: 4194304 } } }",
       [](O& o) {
         o.array.saving.storage_options.chunk_byte_size = 4194304;
       }},
      {"array.saving.storage_options.shard_axes", "None",
       "array { saving { storage_options {} } }", same},
      {"array.saving.storage_options.shard_axes", "non-default",
       "array { saving { storage_options { shard_axes {} } } }",
       [](O& o) { o.array.saving.storage_options.shard_axes = ShardAxes{}; }},
      {"array.saving.storage_options.shard_axes", "non-default",
       "array { saving { storage_options { shard_axes { axes: [2, 0] } } } }",
       [](O& o) {
         o.array.saving.storage_options.shard_axes = ShardAxes{{2, 0}};
       }},
      {"array.saving.use_ocdbt", "unset", "array { saving {} }", same},
      {"array.saving.use_ocdbt", "default",
       "array { saving { use_ocdbt: true } }", same},
      {"array.saving.use_ocdbt", "non-default",
       "array { saving { use_ocdbt: false } }",
       [](O& o) { o.array.saving.use_ocdbt = false; }},
      {"array.saving.use_zarr3", "default",
       "array { saving { use_zarr3: true } }", same},
      {"array.saving.use_zarr3", "non-default",
       "array { saving { use_zarr3: false } }",
       [](O& o) { o.array.saving.use_zarr3 = false; }},
      {"array.saving.use_compression", "default",
       "array { saving { use_compression: true } }", same},
      {"array.saving.use_compression", "non-default",
       "array { saving { use_compression: false } }",
       [](O& o) { o.array.saving.use_compression = false; }},
      {"array.saving.ocdbt_target_data_file_size", "None",
       "array { saving {} }", same},
      {"array.saving.ocdbt_target_data_file_size", "non-default",
       "array { saving { ocdbt_target_data_file_size: 0 } }",
       [](O& o) { o.array.saving.ocdbt_target_data_file_size = 0; }},
      {"array.saving.enable_pinned_host_transfer", "None",
       "array { saving {} }", same},
      {"array.saving.enable_pinned_host_transfer", "non-default",
       "array { saving { enable_pinned_host_transfer: false } }",
       [](O& o) { o.array.saving.enable_pinned_host_transfer = false; }},
      {"array.saving.enable_post_merge_validation", "default",
       "array { saving { enable_post_merge_validation: true } }", same},
      {"array.saving.enable_post_merge_validation", "non-default",
       "array { saving { enable_post_merge_validation: false } }",
       [](O& o) { o.array.saving.enable_post_merge_validation = false; }},
      {"array.saving.use_replica_parallel", "None", "array { saving {} }",
       same},
      {"array.saving.use_replica_parallel", "non-default",
       "array { saving { use_replica_parallel: true } }",
       [](O& o) { o.array.saving.use_replica_parallel = true; }},
      {"array.saving.min_slice_bytes_for_replica_parallel", "None",
       "array { saving {} }", same},
      {"array.saving.min_slice_bytes_for_replica_parallel", "non-default",
       "array { saving { min_slice_bytes_for_replica_parallel: 1048576 } }",
       [](O& o) {
         o.array.saving.min_slice_bytes_for_replica_parallel = 1048576;
       }},
      {"array.saving.max_replicas_for_replica_parallel", "None",
       "array { saving {} }", same},
      {"array.saving.max_replicas_for_replica_parallel", "non-default",
       "array { saving { max_replicas_for_replica_parallel: 4 } }",
       [](O& o) { o.array.saving.max_replicas_for_replica_parallel = 4; }},
      {"array.saving.enable_replica_parallel_separate_folder", "default",
       "array { saving { enable_replica_parallel_separate_folder: false } }",
       same},
      {"array.saving.enable_replica_parallel_separate_folder", "non-default",
       "array { saving { enable_replica_parallel_separate_folder: true } }",
       [](O& o) {
         o.array.saving.enable_replica_parallel_separate_folder = true;
       }},
      {"array.saving.enable_write_sharding_file", "default",
       "array { saving { enable_write_sharding_file: true } }", same},
      {"array.saving.enable_write_sharding_file", "non-default",
       "array { saving { enable_write_sharding_file: false } }",
       [](O& o) { o.array.saving.enable_write_sharding_file = false; }},
      {"array.loading.enable_padding_and_truncation", "unset",
       "array { loading {} }", same},
      {"array.loading.enable_padding_and_truncation", "non-default",
       "array { loading { enable_padding_and_truncation: true } }",
       [](O& o) { o.array.loading.enable_padding_and_truncation = true; }},
      {"array.loading.raise_array_data_missing_error", "default",
       "array { loading { raise_array_data_missing_error: true } }", same},
      {"array.loading.raise_array_data_missing_error", "non-default",
       "array { loading { raise_array_data_missing_error: false } }",
       [](O& o) { o.array.loading.raise_array_data_missing_error = false; }},
      {"array.loading.use_load_and_broadcast", "default",
       "array { loading { use_load_and_broadcast: false } }", same},
      {"array.loading.use_load_and_broadcast", "non-default",
       "array { loading { use_load_and_broadcast: true } }",
       [](O& o) { o.array.loading.use_load_and_broadcast = true; }},
      {"array.loading.load_and_broadcast_options.replica_axis_index",
       "default",
       "array { loading { load_and_broadcast_options { replica_axis_index: 0 "
       "} } }",
       same},
      {"array.loading.load_and_broadcast_options.replica_axis_index",
       "non-default",
       "array { loading { use_load_and_broadcast: true "
       "load_and_broadcast_options { replica_axis_index: 1 } } }",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         o.array.loading.load_and_broadcast_options.replica_axis_index = 1;
       }},
      {"array.loading.load_and_broadcast_options.primary_replica_id",
       "non-default",
       "array { loading { use_load_and_broadcast: true "
       "load_and_broadcast_options { primary_replica_id: 2 } } }",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         o.array.loading.load_and_broadcast_options.primary_replica_id = 2;
       }},
      {"array.loading.load_and_broadcast_options.broadcast_memory_limit_bytes",
       "None", "array { loading { load_and_broadcast_options {} } }", same},
      {"array.loading.load_and_broadcast_options.broadcast_memory_limit_bytes",
       "non-default",
       "array { loading { use_load_and_broadcast: true "
       "load_and_broadcast_options { broadcast_memory_limit_bytes: 1000 } } }",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         o.array.loading.load_and_broadcast_options
             .broadcast_memory_limit_bytes = 1000;
       }},
      {"array.loading.load_and_broadcast_options."
       "broadcast_memory_scaling_factor",
       "default",
       "array { loading { load_and_broadcast_options { "
       "broadcast_memory_scaling_factor: 0.75 } } }",
       same},
      {"array.loading.load_and_broadcast_options."
       "broadcast_memory_scaling_factor",
       "non-default",
       "array { loading { use_load_and_broadcast: true "
       "load_and_broadcast_options { broadcast_memory_scaling_factor: 0.5 } } "
       "}",
       [](O& o) {
         o.array.loading.use_load_and_broadcast = true;
         o.array.loading.load_and_broadcast_options
             .broadcast_memory_scaling_factor = 0.5;
       }},
      {"pytree.saving.pytree_metadata_options.support_rich_types", "unset",
       "pytree { saving { pytree_metadata_options {} } }", same},
      {"pytree.saving.pytree_metadata_options.support_rich_types",
       "non-default",
       "pytree { saving { pytree_metadata_options { support_rich_types: true "
       "} } }",
       [](O& o) {
         o.pytree.saving.pytree_metadata_options.support_rich_types = true;
       }},
      {"pytree.loading.partial_load", "default",
       "pytree { loading { partial_load: false } }", same},
      {"pytree.loading.partial_load", "non-default",
       "pytree { loading { partial_load: true } }",
       [](O& o) { o.pytree.loading.partial_load = true; }},
      {"asynchronous.timeout_secs", "non-default",
       "asynchronous { timeout_secs: 60 }",
       [](O& o) { o.asynchronous.timeout_secs = 60; }},
      {"asynchronous.create_directories_asynchronously", "non-default",
       "asynchronous { create_directories_asynchronously: false }",
       [](O& o) { o.asynchronous.create_directories_asynchronously = false; }},
      {"multiprocessing.primary_host", "None",
       "multiprocessing { all_hosts_primary {} }",
       [](O& o) { o.multiprocessing.primary_host = std::nullopt; }},
      {"multiprocessing.active_processes", "non-default",
       "multiprocessing { active_processes { process_indices: [0, 1] } }",
       [](O& o) { o.multiprocessing.active_processes = Set({0, 1}); }},
      {"multiprocessing.barrier_sync_key_prefix", "non-default",
       "multiprocessing { barrier_sync_key_prefix: \"job\" }",
       [](O& o) { o.multiprocessing.barrier_sync_key_prefix = "job"; }},
      {"file.path_permission_mode", "non-default",
       "file { path_permission_mode: 0750 }",
       [](O& o) { o.file.path_permission_mode = 0750; }},
      {"file.skip_sync_file_validations", "non-default",
       "file { skip_sync_file_validations: true }",
       [](O& o) { o.file.skip_sync_file_validations = true; }},
      {"atomicity.mode", "non-default",
       "atomicity { mode: ATOMICITY_MODE_COMMIT_FILE }",
       [](O& o) { o.atomicity.mode = AtomicityMode::kCommitFile; }},
      {"atomicity.allow_legacy_atomic_rename", "non-default",
       "atomicity { allow_legacy_atomic_rename: true }",
       [](O& o) { o.atomicity.allow_legacy_atomic_rename = true; }},
      {"memory.write_concurrent_bytes", "None", "memory {}", same},
      {"memory.write_concurrent_bytes", "non-default",
       "memory { write_concurrent_bytes: 9223372036854775807 }",
       [](O& o) { o.memory.write_concurrent_bytes = INT64_MAX; }},
      {"memory.read_concurrent_bytes", "non-default",
       "memory { read_concurrent_bytes: 1 }",
       [](O& o) { o.memory.read_concurrent_bytes = 1; }},
      {"memory.transfer_concurrent_bytes", "non-default",
       "memory { transfer_concurrent_bytes: 2147483648 }",
       [](O& o) { o.memory.transfer_concurrent_bytes = 2147483648; }},
      {"memory.regulator_options.max_memory_limit_gib", "non-default",
       "memory { regulator_options { max_memory_limit_gib: 64 } }",
       [](O& o) {
         o.memory.regulator_options =
             MemoryOptions::RegulatorOptions{.max_memory_limit_gib = 64};
       }},
      {"memory.regulator_options.target_ratio", "non-default",
       "memory { regulator_options { max_memory_limit_gib: 64 target_ratio: "
       "0.5 } }",
       [](O& o) {
         o.memory.regulator_options = MemoryOptions::RegulatorOptions{
             .max_memory_limit_gib = 64, .target_ratio = 0.5};
       }},
      {"memory.regulator_options.min_memory_limit_gib", "non-default",
       "memory { regulator_options { max_memory_limit_gib: 64 "
       "min_memory_limit_gib: 2.5 } }",
       [](O& o) {
         o.memory.regulator_options = MemoryOptions::RegulatorOptions{
             .max_memory_limit_gib = 64, .min_memory_limit_gib = 2.5};
       }},
      {"memory.regulator_options.kp", "non-default",
       "memory { regulator_options { max_memory_limit_gib: 64 kp: 1 ki: 0 kd: "
       "-0.5 } }",
       [](O& o) {
         o.memory.regulator_options = MemoryOptions::RegulatorOptions{
             .max_memory_limit_gib = 64, .kp = 1, .ki = 0, .kd = -0.5};
       }},
      {"memory.regulator_options.ki", "default",
       "memory { regulator_options { max_memory_limit_gib: 64 ki: 0.05 } }",
       [](O& o) {
         o.memory.regulator_options =
             MemoryOptions::RegulatorOptions{.max_memory_limit_gib = 64};
       }},
      {"memory.regulator_options.kd", "default",
       "memory { regulator_options { max_memory_limit_gib: 64 kd: 0.1 } }",
       [](O& o) {
         o.memory.regulator_options =
             MemoryOptions::RegulatorOptions{.max_memory_limit_gib = 64};
       }},
      {"memory.expected_surge_bytes", "non-default",
       "memory { regulator_options { max_memory_limit_gib: 64 } "
       "expected_surge_bytes: 100 }",
       [](O& o) {
         o.memory.regulator_options =
             MemoryOptions::RegulatorOptions{.max_memory_limit_gib = 64};
         o.memory.expected_surge_bytes = 100;
       }},
      {"memory.deepcopy_host_arrays", "non-default",
       "memory { deepcopy_host_arrays: false }",
       [](O& o) { o.memory.deepcopy_host_arrays = false; }},
      {"deletion.gcs_deletion_options.todelete_full_path", "None",
       "deletion { gcs_deletion_options {} }", same},
      {"deletion.gcs_deletion_options.todelete_full_path", "non-default",
       "deletion { gcs_deletion_options { todelete_full_path: "
       "\"trash/run-1\" } }",
       [](O& o) {
         o.deletion.gcs_deletion_options.todelete_full_path = "trash/run-1";
       }},
      {"safetensors.max_over_read_ratio", "None", "safetensors {}", same},
      {"safetensors.max_over_read_ratio", "non-default",
       "safetensors { max_over_read_ratio: 1 }",
       [](O& o) { o.safetensors.max_over_read_ratio = 1; }},
      {"safetensors.read_chunk_bytes", "non-default",
       "safetensors { read_chunk_bytes: 134217728 }",
       [](O& o) { o.safetensors.read_chunk_bytes = 134217728; }},
      {"checkpoint_layout", "unset", "", same},
      {"checkpoint_layout", "unset",
       "checkpoint_layout: CHECKPOINT_LAYOUT_UNSPECIFIED", same},
      {"checkpoint_layout", "default",
       "checkpoint_layout: CHECKPOINT_LAYOUT_ORBAX", same},
      {"checkpoint_layout", "non-default",
       "checkpoint_layout: CHECKPOINT_LAYOUT_SAFETENSORS",
       [](O& o) { o.checkpoint_layout = CheckpointLayout::kSafetensors; }},
      {"checkpoint_layout", "non-default",
       "checkpoint_layout: CHECKPOINT_LAYOUT_AUTO",
       [](O& o) { o.checkpoint_layout = CheckpointLayout::kAuto; }},
      {"pathways.checkpointing_impl", "None", "pathways {}", same},
      {"pathways.checkpointing_impl", "None",
       "pathways { checkpointing_impl: CHECKPOINTING_IMPL_UNSPECIFIED }",
       same},
      {"pathways.checkpointing_impl", "non-default",
       "pathways { checkpointing_impl: CHECKPOINTING_IMPL_COLOCATED_PYTHON }",
       [](O& o) { o.pathways.checkpointing_impl = Impl::kColocatedPython; }},
      {"pathways.checkpointing_impl", "non-default",
       "pathways { checkpointing_impl: CHECKPOINTING_IMPL_PERSISTENCE }",
       [](O& o) { o.pathways.checkpointing_impl = Impl::kPersistence; }},
      {"pathways.checkpointing_impl", "non-default",
       "pathways { checkpointing_impl: CHECKPOINTING_IMPL_NO_DISPATCHER }",
       [](O& o) { o.pathways.checkpointing_impl = Impl::kNoDispatcher; }},
  };
}

TEST(ContextConversion, RoundTripsEveryFieldInEveryState) {
  CheckRoundTrips(ContextRows());
}

TEST(ContextConversion, TableCoversEveryFieldInTheFieldLists) {
  std::set<std::string> listed;
  CollectPaths<Context>("", listed);
  std::set<std::string> in_table;
  for (const ContextRow& row : ContextRows()) in_table.insert(row.field);
  EXPECT_EQ(in_table, listed);
}

TEST(ContextConversion, ExplicitFormOfDefaultsSetsEveryEffectiveValue) {
  EXPECT_EQ(
      ToText(ToProto(Context{})),
      "array { saving { storage_options { } use_ocdbt: true use_zarr3: true "
      "use_compression: true enable_post_merge_validation: true "
      "enable_replica_parallel_separate_folder: false "
      "enable_write_sharding_file: true } loading { "
      "enable_padding_and_truncation: false raise_array_data_missing_error: "
      "true use_load_and_broadcast: false load_and_broadcast_options { "
      "replica_axis_index: 0 primary_replica_id: 0 "
      "broadcast_memory_scaling_factor: 0.75 } } } "
      "pytree { saving { pytree_metadata_options { support_rich_types: false "
      "} } loading { partial_load: false } } "
      "asynchronous { timeout_secs: 1200 create_directories_asynchronously: "
      "true } multiprocessing { primary_host: 0 } "
      "file { skip_sync_file_validations: false } "
      "atomicity { mode: ATOMICITY_MODE_AUTO allow_legacy_atomic_rename: "
      "false } memory { deepcopy_host_arrays: true } "
      "deletion { gcs_deletion_options { } } safetensors { } "
      "checkpoint_layout: CHECKPOINT_LAYOUT_ORBAX pathways { } ");
}

// A message whose fields protobuf writes in every wire type the schema
// uses: the field lists' writer gives protobuf's own bytes.
TEST(ContextConversion, EffectiveBytesAreProtobufsSerialisation) {
  absl::StatusOr<Context> context = FromProto(ParseText<Context>(
      "array { saving { storage_options { dtype: \"int8\" shard_axes { axes: "
      "[1, 0] } } } } memory { regulator_options { max_memory_limit_gib: 20 } "
      "} safetensors { max_over_read_ratio: 2.5 }"));
  ASSERT_TRUE(context.ok()) << context.status();
  std::string bytes;
  ASSERT_TRUE(ToProto(*context).SerializeToString(&bytes));
  EXPECT_EQ(EffectiveBytes(*context), bytes);
}

TEST(ContextConversion, UnknownEnumNumbersAreErrors) {
  v1::Context message;
  message.set_checkpoint_layout(static_cast<v1::CheckpointLayout>(7));
  message.mutable_pathways()->set_checkpointing_impl(
      static_cast<v1::CheckpointingImpl>(9));
  EXPECT_THAT(
      FromProto(message).status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("checkpoint_layout: unknown CheckpointLayout "
                               "number 7, perhaps from a newer sender; this "
                               "version knows 0 to 3 (Orbax's "
                               "CheckpointLayout is 'orbax', 'safetensors' or "
                               "'auto')"),
                     HasSubstr("pathways.checkpointing_impl: unknown "
                               "CheckpointingImpl number 9, perhaps from a "
                               "newer sender; this version knows 0 to 3"))));
}

TEST(ContextConversion, RegulatorOptionsWithoutMaxIsOneError) {
  std::vector<FieldError> errors;
  EXPECT_FALSE(FromProtoWithErrors(
      ParseText<Context>("memory { regulator_options { target_ratio: 0.5 } }"),
      errors));
  EXPECT_THAT(errors, ::testing::ElementsAre(FieldError{
                          "memory.regulator_options.max_memory_limit_gib",
                          "must be set: RegulatorOptions has no default for "
                          "it"}));
}

using CheckpointerRow = BasicRow<CheckpointerOptions>;

std::vector<CheckpointerRow> CheckpointerRows() {
  using O = CheckpointerOptions;
  auto same = [](O&) {};
  return {
      {"context", "None", "", same},
      {"context", "non-default", "context {}",
       [](O& o) { o.context = Context{}; }},
      {"save_decision_policy", "None", "", same},
      {"save_decision_policy", "non-default",
       "save_decision_policy { fixed_interval { interval: 100 } }",
       [](O& o) {
         o.save_decision_policy =
             SaveDecisionPolicy{FixedIntervalPolicy{.interval = 100}};
       }},
      {"preservation_policy", "None", "", same},
      {"preservation_policy", "non-default",
       "preservation_policy { latest_n { n: 3 } }",
       [](O& o) { o.preservation_policy = PreservationPolicy{LatestN{.n = 3}}; }},
      {"step_name_format", "None", "", same},
      {"step_name_format.step_prefix", "None", "step_name_format {}",
       [](O& o) { o.step_name_format = StandardNameFormat{}; }},
      {"step_name_format.step_prefix", "non-default",
       "step_name_format { step_prefix: \"\" }",
       [](O& o) { o.step_name_format = StandardNameFormat{.step_prefix = ""}; }},
      {"step_name_format.step_format_fixed_length", "non-default",
       "step_name_format { step_format_fixed_length: 8 }",
       [](O& o) {
         o.step_name_format =
             StandardNameFormat{.step_format_fixed_length = 8};
       }},
      {"step_name_format.single_host_load_and_broadcast", "non-default",
       "step_name_format { single_host_load_and_broadcast: true }",
       [](O& o) {
         o.step_name_format =
             StandardNameFormat{.single_host_load_and_broadcast = true};
       }},
      {"cleanup_tmp_directories", "default", "cleanup_tmp_directories: false",
       same},
      {"cleanup_tmp_directories", "non-default",
       "cleanup_tmp_directories: true",
       [](O& o) { o.cleanup_tmp_directories = true; }},
      {"lightweight_initialize", "unset", "", same},
      {"lightweight_initialize", "non-default", "lightweight_initialize: true",
       [](O& o) { o.lightweight_initialize = true; }},
  };
}

TEST(CheckpointerConversion, RoundTripsEveryFieldInEveryState) {
  CheckRoundTrips(CheckpointerRows());
}

// Its context's fields are the Context table's, and its policies' the
// manager's.
TEST(CheckpointerConversion, TablesCoverEveryFieldInTheFieldLists) {
  std::set<std::string> listed;
  CollectPaths<CheckpointerOptions>("", listed);
  std::set<std::string> in_table;
  for (const CheckpointerRow& row : CheckpointerRows()) {
    if (listed.contains(row.field)) in_table.insert(row.field);  // A leaf.
  }
  for (const ContextRow& row : ContextRows()) {
    in_table.insert("context." + row.field);
  }
  for (const ManagerRow& row : ManagerRows()) {
    if (row.field.starts_with("save_decision_policy.") ||
        row.field.starts_with("preservation_policy.")) {
      in_table.insert(row.field);
    }
  }
  EXPECT_EQ(in_table, listed);
}

TEST(CheckpointerConversion, ExplicitFormOfDefaultsSetsEveryEffectiveValue) {
  EXPECT_EQ(ToText(ToProto(CheckpointerOptions{})),
            "cleanup_tmp_directories: false lightweight_initialize: false ");
}

}  // namespace
}  // namespace orbax::checkpoint::options
