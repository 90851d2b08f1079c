// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/log_capture.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"

namespace orbax::checkpoint::options::internal {
namespace {

TEST(ProtobufLogCapture, KeepsProtobufLogsOffStderr) {
  ::testing::internal::CaptureStderr();
  std::string seen;
  {
    ProtobufLogCapture capture;
    GOOGLE_LOG(ERROR) << "from protobuf";
    GOOGLE_LOG(WARNING) << "a warning";
    ASSERT_EQ(capture.messages().size(), 2);
    EXPECT_TRUE(capture.messages()[0].is_error);
    EXPECT_EQ(capture.messages()[0].text, "from protobuf");
    EXPECT_FALSE(capture.messages()[1].is_error);
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(ProtobufLogCapture, LogsOutsideACaptureStillReachStderr) {
  { ProtobufLogCapture capture; }
  ::testing::internal::CaptureStderr();
  GOOGLE_LOG(ERROR) << "not captured";
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              ::testing::HasSubstr("not captured"));
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
