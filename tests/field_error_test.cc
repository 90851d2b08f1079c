// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/field_error.h"

#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;
using ::orbax::checkpoint::options::testing::StatusIs;

TEST(FieldError, ToStringIsPathColonMessage) {
  EXPECT_EQ((FieldError{"async_options.timeout_secs", "must be > 0, got 0"})
                .ToString(),
            "async_options.timeout_secs: must be > 0, got 0");
  // No path: the message alone, with no stray ": ".
  EXPECT_EQ((FieldError{"", "invalid process set"}).ToString(),
            "invalid process set");
}

TEST(FieldError, EqualityComparesPathAndMessage) {
  const FieldError a{"a", "x"};
  EXPECT_EQ(a, (FieldError{"a", "x"}));
  EXPECT_NE(a, (FieldError{"b", "x"}));
  EXPECT_NE(a, (FieldError{"a", "y"}));
}

TEST(FieldError, ToStatusOfNoErrorsIsOk) { EXPECT_THAT(ToStatus({}), IsOk()); }

TEST(FieldError, ToStatusJoinsEveryErrorInOrder) {
  EXPECT_THAT(ToStatus({{"a.b", "bad"}}),
              StatusIs(absl::StatusCode::kInvalidArgument, "a.b: bad"));
  const std::vector<FieldError> errors = {
      {"async_options.timeout_secs", "must be > 0, got 0"},
      {"", "no path"},
      {"file_options.path_permission_mode",
       "must be in [0, 07777], got 4096 (010000)"}};
  EXPECT_THAT(
      ToStatus(errors),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "async_options.timeout_secs: must be > 0, got 0; no path; "
               "file_options.path_permission_mode: must be in [0, 07777], "
               "got 4096 (010000)"));
}

}  // namespace
}  // namespace orbax::checkpoint::options
