// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/message_walk.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options::internal {
namespace {

using ::testing::ElementsAre;

v1::CheckpointOptions WithTwoRanges() {
  v1::CheckpointOptions message;
  message.mutable_async_options()->set_timeout_secs(60);
  auto* set =
      message.mutable_multiprocessing_options()->mutable_active_processes();
  set->add_ranges()->set_stop(1);
  set->add_ranges()->set_stop(2);
  message.mutable_file_options();
  return message;
}

TEST(MessageWalk, ForEachSetFieldVisitsSetFieldsByNumberUnderThePrefix) {
  std::vector<std::string> paths;
  ForEachSetField(WithTwoRanges(), "root",
                  [&](const google::protobuf::FieldDescriptor*,
                      const std::string& path) { paths.push_back(path); });
  EXPECT_THAT(paths, ElementsAre("root.async_options",
                                 "root.multiprocessing_options",
                                 "root.file_options"));
}

TEST(MessageWalk, ForEachSetMessageGoesDepthFirstIntoElementsOnRequest) {
  for (const bool elements : {false, true}) {
    SCOPED_TRACE(elements);
    std::vector<std::string> paths;
    ForEachSetMessage(
        WithTwoRanges(), "", elements,
        [&](const google::protobuf::Message&, const std::string& path) {
          paths.push_back(path);
        });
    std::vector<std::string> want = {
        "", "async_options", "multiprocessing_options",
        "multiprocessing_options.active_processes"};
    if (elements) {
      want.push_back("multiprocessing_options.active_processes.ranges[0]");
      want.push_back("multiprocessing_options.active_processes.ranges[1]");
    }
    want.push_back("file_options");
    EXPECT_EQ(paths, want);
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
