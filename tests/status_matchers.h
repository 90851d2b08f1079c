// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gMock matchers for absl::Status and absl::StatusOr<T>, shared by the tests:
//
//   EXPECT_THAT(FromProto(m), StatusIs(absl::StatusCode::kInvalidArgument,
//                                      HasSubstr("timeout_secs")));
//   EXPECT_THAT(Validate(options), IsOk());

#ifndef ORBAX_OPTIONS_TESTS_STATUS_MATCHERS_H_
#define ORBAX_OPTIONS_TESTS_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace orbax::checkpoint::options::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "whose status is " << status.ToString();
  return status.code() == code &&
         ::testing::ExplainMatchResult(
             message_matcher, std::string(status.message()), result_listener);
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "whose status is " << status.ToString();
  return status.ok();
}

}  // namespace orbax::checkpoint::options::testing

#endif  // ORBAX_OPTIONS_TESTS_STATUS_MATCHERS_H_
