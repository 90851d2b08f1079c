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

v1::CheckpointOptions ParseText(const std::string& text) {
  v1::CheckpointOptions message;
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

// One row: a field in one state, as a message, and the value it means.
struct Row {
  std::string field;  // Dotted schema path.
  std::string state;  // "unset", "default", "non-default" or "None".
  std::string text;   // The message, in text format.
  std::function<void(CheckpointOptions&)> expect;  // Changes from defaults.
};

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

TEST(Conversion, RoundTripsEveryFieldInEveryState) {
  for (const Row& row : Rows()) {
    SCOPED_TRACE(row.field + " " + row.state + ": " + row.text);
    CheckpointOptions expected;
    row.expect(expected);

    // message -> C++
    absl::StatusOr<CheckpointOptions> loaded = FromProto(ParseText(row.text));
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(*loaded, expected);

    // C++ -> message -> bytes -> message -> C++
    const std::string bytes = ToProto(expected).SerializeAsString();
    v1::CheckpointOptions received;
    ASSERT_TRUE(received.ParseFromString(bytes));
    absl::StatusOr<CheckpointOptions> back = FromProto(received);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, expected);

    // The explicit form is a fixed point.
    EXPECT_EQ(ToProto(*back).SerializeAsString(), bytes);
  }
}

// Collects "parent.field" for every binder of S, recursing into messages.
template <typename S>
void CollectPaths(const std::string& prefix, std::set<std::string>& out);

template <typename B>
struct SubOf {
  using type = void;
};
template <typename P, typename S, typename Sub, typename A>
struct SubOf<internal::MessageBinder<P, S, Sub, A>> {
  using type = Sub;
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

TEST(Conversion, FieldListsBindEverySchemaField) {
  ExpectEveryProtoFieldBound<CheckpointOptions>();
  ExpectEveryProtoFieldBound<AsyncOptions>();
  ExpectEveryProtoFieldBound<MultiprocessingOptions>();
  ExpectEveryProtoFieldBound<FileOptions>();
  ExpectEveryProtoFieldBound<MemoryLimitOptions>();
  ExpectEveryProtoFieldBound<AtomicityOptions>();
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
  ExpectFieldNumberOrder<CheckpointOptions>();
  ExpectFieldNumberOrder<AsyncOptions>();
  ExpectFieldNumberOrder<MultiprocessingOptions>();
  ExpectFieldNumberOrder<FileOptions>();
  ExpectFieldNumberOrder<MemoryLimitOptions>();
  ExpectFieldNumberOrder<AtomicityOptions>();
}

TEST(Conversion, ExplicitFormOfDefaultsSetsEveryEffectiveValue) {
  EXPECT_EQ(ToText(ToProto(CheckpointOptions{})),
            "async_options { timeout_secs: 1200 "
            "create_directories_asynchronously: true } "
            "multiprocessing_options { primary_host: 0 } "
            "file_options { } memory_limit_options { } "
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

}  // namespace
}  // namespace orbax::checkpoint::options
