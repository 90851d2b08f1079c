// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/relay.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"
#include "orbax_options/future/options.pb.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;
using ::orbax::checkpoint::options::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace future = ::orbax_options::future;

// Options as a writer built from a newer schema sends them: known fields,
// plus new fields in the root, in sub-messages, in an element of a repeated
// message, repeated new fields, and a new field at a still higher number.
constexpr char kFromTheFuture[] = R"pb(
  async_options { timeout_secs: 60 timeout_ms: 60500 }
  multiprocessing_options {
    primary_host: 2
    active_processes {
      ranges { start: 0 stop: 4 step: 2 }
      process_indices: 9
    }
    barrier_sync_key_prefix: "job"
    tags: "blue"
    tags: "green"
  }
  file_options { path_permission_mode: 0750 umask: 0022 }
  retry_options { max_attempts: 3 }
  comment: "written by v2"
)pb";

future::CheckpointOptions Future(const std::string& text) {
  future::CheckpointOptions message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

bool SameMessage(const google::protobuf::Message& a,
                 const google::protobuf::Message& b, std::string* diff) {
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(diff);
  return differencer.Compare(a, b);
}

// The future schema is v1 plus fields that no real field will take (see its
// banner): each v1 field is there at its number with its name, type, label
// and presence, each v1 enum value at its number, and everything it adds is
// numbered from 1000. A new v1 field that the future schema lacks fails here,
// by name, instead of quietly conflicting with a future field.
TEST(Relay, FutureSchemaIsV1PlusNumbersFrom1000) {
  constexpr int kFirstFutureNumber = 1000;
  const google::protobuf::FileDescriptor* v1_file =
      v1::CheckpointOptions::descriptor()->file();
  const google::protobuf::FileDescriptor* future_file =
      future::CheckpointOptions::descriptor()->file();
  ASSERT_GT(v1_file->message_type_count(), 0);
  for (int i = 0; i < v1_file->message_type_count(); ++i) {
    const google::protobuf::Descriptor* now = v1_file->message_type(i);
    SCOPED_TRACE(now->name());
    const google::protobuf::Descriptor* later =
        future_file->FindMessageTypeByName(now->name());
    ASSERT_NE(later, nullptr);
    for (int j = 0; j < now->field_count(); ++j) {
      const google::protobuf::FieldDescriptor* field = now->field(j);
      const google::protobuf::FieldDescriptor* same =
          later->FindFieldByNumber(field->number());
      ASSERT_NE(same, nullptr) << field->full_name() << " is missing";
      EXPECT_EQ(same->name(), field->name());
      EXPECT_EQ(same->type(), field->type()) << field->full_name();
      EXPECT_EQ(same->label(), field->label()) << field->full_name();
      EXPECT_EQ(same->has_presence(), field->has_presence())
          << field->full_name();
    }
    for (int j = 0; j < later->field_count(); ++j) {
      const google::protobuf::FieldDescriptor* field = later->field(j);
      if (now->FindFieldByNumber(field->number()) == nullptr) {
        EXPECT_GE(field->number(), kFirstFutureNumber) << field->full_name();
      }
    }
  }
  for (int i = 0; i < v1_file->enum_type_count(); ++i) {
    const google::protobuf::EnumDescriptor* now = v1_file->enum_type(i);
    SCOPED_TRACE(now->name());
    const google::protobuf::EnumDescriptor* later =
        future_file->FindEnumTypeByName(now->name());
    ASSERT_NE(later, nullptr);
    for (int j = 0; j < now->value_count(); ++j) {
      const google::protobuf::EnumValueDescriptor* same =
          later->FindValueByNumber(now->value(j)->number());
      ASSERT_NE(same, nullptr) << now->value(j)->name() << " is missing";
      EXPECT_EQ(same->name(), now->value(j)->name());
    }
    for (int j = 0; j < later->value_count(); ++j) {
      const google::protobuf::EnumValueDescriptor* value = later->value(j);
      if (now->FindValueByNumber(value->number()) == nullptr) {
        EXPECT_GE(value->number(), kFirstFutureNumber) << value->name();
      }
    }
  }
}

TEST(Relay, ReadsTheFieldsThisVersionKnows) {
  const absl::StatusOr<Relay> relay =
      Relay::Parse(Future(kFromTheFuture).SerializeAsString());
  ASSERT_THAT(relay, IsOk());

  CheckpointOptions expected;
  expected.async_options.timeout_secs = 60;
  expected.multiprocessing_options.primary_host = 2;
  expected.multiprocessing_options.active_processes =
      ProcessSet::FromIndices({0, 1, 2, 3, 9}).value();
  expected.multiprocessing_options.barrier_sync_key_prefix = "job";
  expected.file_options.path_permission_mode = 0750;
  EXPECT_EQ(relay->options(), expected);
}

TEST(Relay, ForwardsFieldsFromTheFutureIntact) {
  const future::CheckpointOptions sent = Future(kFromTheFuture);
  const absl::StatusOr<Relay> relay = Relay::Parse(sent.SerializeAsString());
  ASSERT_THAT(relay, IsOk());

  // The next hop, built from the newer schema, reads everything that was sent.
  future::CheckpointOptions received;
  ASSERT_TRUE(received.ParseFromString(relay->ForwardBytes()));
  std::string diff;
  EXPECT_TRUE(SameMessage(sent, received, &diff)) << diff;
  EXPECT_EQ(received.retry_options().max_attempts(), 3);
  EXPECT_EQ(received.comment(), "written by v2");
  EXPECT_EQ(received.async_options().timeout_ms(), 60500);
  EXPECT_THAT(received.multiprocessing_options().tags(),
              ElementsAre("blue", "green"));
  EXPECT_EQ(
      received.multiprocessing_options().active_processes().ranges(0).step(),
      2);
  EXPECT_EQ(received.file_options().umask(), 0022u);
}

TEST(Relay, ForwardsThroughAnotherRelayIntact) {
  const future::CheckpointOptions sent = Future(kFromTheFuture);
  const absl::StatusOr<Relay> first = Relay::Parse(sent.SerializeAsString());
  ASSERT_THAT(first, IsOk());
  const absl::StatusOr<Relay> second = Relay::Parse(first->ForwardBytes());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->ForwardBytes(), first->ForwardBytes());
  EXPECT_EQ(second->options(), first->options());
}

TEST(Relay, FromMessageKeepsUnknownFieldsOfAParsedMessage) {
  const future::CheckpointOptions sent = Future(kFromTheFuture);
  v1::CheckpointOptions parsed;  // E.g. a field of an RPC request.
  ASSERT_TRUE(parsed.ParseFromString(sent.SerializeAsString()));
  const absl::StatusOr<Relay> relay = Relay::FromMessage(parsed);
  ASSERT_THAT(relay, IsOk());

  future::CheckpointOptions received;
  ASSERT_TRUE(received.ParseFromString(relay->message().SerializeAsString()));
  std::string diff;
  EXPECT_TRUE(SameMessage(sent, received, &diff)) << diff;
}

TEST(Relay, ListsTheUnknownFields) {
  const absl::StatusOr<Relay> relay =
      Relay::Parse(Future(kFromTheFuture).SerializeAsString());
  ASSERT_THAT(relay, IsOk());
  std::vector<std::string> paths;
  for (const UnknownField& field : relay->unknown_fields()) {
    paths.push_back(field.ToString());
  }
  EXPECT_THAT(
      paths,
      ElementsAre("1000", "100000", "async_options.1000",
                  "multiprocessing_options.1000",
                  "multiprocessing_options.active_processes.ranges[0].1000",
                  "file_options.1000"));
}

TEST(Relay, ValueTypesAloneDropFieldsFromTheFuture) {
  // Why the relay keeps the message: the value types hold only known fields,
  // so re-encoding the value loses the rest.
  const absl::StatusOr<Relay> relay =
      Relay::Parse(Future(kFromTheFuture).SerializeAsString());
  ASSERT_THAT(relay, IsOk());
  future::CheckpointOptions reencoded;
  ASSERT_TRUE(
      reencoded.ParseFromString(ToProto(relay->options()).SerializeAsString()));
  EXPECT_FALSE(reencoded.has_retry_options());
  EXPECT_EQ(reencoded.comment(), "");
  EXPECT_FALSE(reencoded.async_options().has_timeout_ms());
  EXPECT_EQ(reencoded.async_options().timeout_secs(), 60);
}

TEST(Relay, KnowsNoUnknownFieldsInBytesOfThisVersion) {
  CheckpointOptions options;
  options.async_options.timeout_secs = 30;
  const absl::StatusOr<Relay> relay = Relay::Parse(EffectiveBytes(options));
  ASSERT_THAT(relay, IsOk());
  EXPECT_TRUE(relay->unknown_fields().empty());
  EXPECT_EQ(relay->ForwardBytes(), EffectiveBytes(options));
}

TEST(Relay, RefusesAnInvalidKnownField) {
  future::CheckpointOptions sent = Future(kFromTheFuture);
  sent.mutable_async_options()->set_timeout_secs(0);
  EXPECT_THAT(Relay::Parse(sent.SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("async_options.timeout_secs")));
}

TEST(Relay, RefusesAnEnumNumberThisVersionDoesNotKnow) {
  // An unknown mode can't be used safely, so it is an error, not a default.
  future::CheckpointOptions sent;
  sent.mutable_atomicity_options()->set_mode(future::ATOMICITY_MODE_TWO_PHASE);
  EXPECT_THAT(Relay::Parse(sent.SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("atomicity_options.mode")));
}

TEST(Relay, RefusesBytesThatAreNotAMessage) {
  const std::string bytes = Future(kFromTheFuture).SerializeAsString();
  EXPECT_THAT(
      Relay::Parse(bytes.substr(0, bytes.size() - 3)),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("not a valid binary CheckpointOptions message")));
  EXPECT_THAT(
      Relay::Parse("\xff\xff\xff"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("not a valid binary CheckpointOptions message")));
}

TEST(Relay, RefusesMoreBytesThanTheLoaderAccepts) {
  // As the loader: the size is checked before anything is parsed.
  const std::string huge(kDefaultMaxInputBytes + 1, '\0');
  EXPECT_THAT(Relay::Parse(huge),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("over the limit of 67108864 bytes")));
}


google::protobuf::UnknownFieldSet* Unknown(google::protobuf::Message& m) {
  return m.GetReflection()->MutableUnknownFields(&m);
}

// A relay of a `CheckpointManagerOptions` keeps fields from the future at
// every depth: in the root, in a policy nested in `any`, in a set of steps.
TEST(Relay, ForwardsAManagersFieldsFromTheFutureIntact) {
  v1::CheckpointManagerOptions sent;
  sent.set_max_to_keep(4);
  Unknown(sent)->AddLengthDelimited(1000, "v2");
  auto* fixed = sent.mutable_save_decision_policy()
                    ->mutable_any()
                    ->add_policies()
                    ->mutable_fixed_interval();
  fixed->set_interval(100);
  Unknown(*fixed)->AddVarint(1000, 1);
  auto* steps = sent.mutable_save_on_steps();
  steps->add_steps(7);
  Unknown(*steps)->AddFixed32(1001, 5);

  const absl::StatusOr<BasicRelay<CheckpointManagerOptions>> relay =
      BasicRelay<CheckpointManagerOptions>::Parse(sent.SerializeAsString());
  ASSERT_THAT(relay, IsOk());
  EXPECT_EQ(relay->options().max_to_keep, 4);
  EXPECT_EQ(relay->options().save_decision_policy,
            (SaveDecisionPolicy{AnySavePolicy{{
                SaveDecisionPolicy{FixedIntervalPolicy{100}}}}}));
  EXPECT_EQ(relay->options().save_on_steps, StepSet::FromSteps({7}).value());
  std::vector<std::string> unknown;
  for (const UnknownField& f : relay->unknown_fields()) {
    unknown.push_back(f.ToString());
  }
  EXPECT_EQ(unknown.size(), 3u);

  v1::CheckpointManagerOptions received;
  ASSERT_TRUE(received.ParseFromString(relay->ForwardBytes()));
  std::string diff;
  EXPECT_TRUE(SameMessage(received, sent, &diff)) << diff;
  EXPECT_EQ(received.GetReflection()->GetUnknownFields(received).field(0).length_delimited(), "v2");
  EXPECT_EQ(received.save_on_steps().GetReflection()->GetUnknownFields(received.save_on_steps()).field(0).fixed32(), 5u);
}

// A relay of a `Context` keeps fields from the future deep in its groups,
// and one of a `CheckpointerOptions` in its context; a bad value is refused
// by name.
TEST(Relay, ForwardsAContextsFieldsFromTheFutureIntact) {
  v1::CheckpointerOptions sent;
  v1::Context& context = *sent.mutable_context();
  auto* storage = context.mutable_array()->mutable_saving()->mutable_storage_options();
  storage->set_dtype("bfloat16");
  Unknown(*storage)->AddVarint(1000, 3);
  context.mutable_memory()->set_write_concurrent_bytes(1 << 30);
  Unknown(*context.mutable_memory())->AddLengthDelimited(1001, "v2");

  const absl::StatusOr<BasicRelay<Context>> relay =
      BasicRelay<Context>::Parse(context.SerializeAsString());
  ASSERT_THAT(relay, IsOk());
  EXPECT_EQ(relay->options().array.saving.storage_options.dtype, "bfloat16");
  EXPECT_EQ(relay->options().memory.write_concurrent_bytes, 1 << 30);
  EXPECT_EQ(relay->unknown_fields().size(), 2u);
  v1::Context received;
  ASSERT_TRUE(received.ParseFromString(relay->ForwardBytes()));
  std::string diff;
  EXPECT_TRUE(SameMessage(received, context, &diff)) << diff;

  const absl::StatusOr<BasicRelay<CheckpointerOptions>> run =
      BasicRelay<CheckpointerOptions>::Parse(sent.SerializeAsString());
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->unknown_fields().size(), 2u);
  v1::CheckpointerOptions forwarded;
  ASSERT_TRUE(forwarded.ParseFromString(run->ForwardBytes()));
  EXPECT_TRUE(SameMessage(forwarded, sent, &diff)) << diff;

  storage->set_dtype("float33");
  EXPECT_THAT(BasicRelay<Context>::Parse(context.SerializeAsString()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("array.saving.storage_options.dtype: must be "
                                 "a dtype name that numpy knows")));
}

TEST(Relay, RefusesAnInvalidManager) {
  v1::CheckpointManagerOptions sent;
  sent.set_max_to_keep(-1);
  EXPECT_THAT(
      BasicRelay<CheckpointManagerOptions>::Parse(sent.SerializeAsString()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_to_keep")));
}

}  // namespace
}  // namespace orbax::checkpoint::options
