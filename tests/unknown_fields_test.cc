// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/unknown_fields.h"

#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/unknown_field_set.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(UnknownFields, NoneInAMessageOfThisVersion) {
  EXPECT_THAT(ListUnknownFields(ToProto(CheckpointOptions{})), IsEmpty());
}

google::protobuf::UnknownFieldSet& Unknown(google::protobuf::Message& m) {
  return *m.GetReflection()->MutableUnknownFields(&m);
}

TEST(UnknownFields, ListsEachNumberOncePerMessageWithItsParent) {
  v1::CheckpointOptions message;
  Unknown(message).AddVarint(42, 1);
  Unknown(message).AddVarint(7, 1);
  Unknown(message).AddVarint(42, 2);  // Repeated on the wire.
  auto* set =
      message.mutable_multiprocessing_options()->mutable_active_processes();
  set->add_ranges()->set_stop(1);
  Unknown(*set->add_ranges()).AddFixed32(3, 9);
  Unknown(*message.mutable_atomicity_options()).AddLengthDelimited(100, "x");

  EXPECT_THAT(
      ListUnknownFields(message),
      ElementsAre(
          UnknownField{"", 7}, UnknownField{"", 42},
          UnknownField{"multiprocessing_options.active_processes.ranges[1]", 3},
          UnknownField{"atomicity_options", 100}));
}

TEST(UnknownFields, ToStringJoinsParentAndNumber) {
  EXPECT_EQ((UnknownField{"", 6}).ToString(), "6");
  EXPECT_EQ((UnknownField{"file_options", 2}).ToString(), "file_options.2");
}

}  // namespace
}  // namespace orbax::checkpoint::options
