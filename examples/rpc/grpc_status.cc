// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "grpc_status.h"

#include "absl/strings/str_cat.h"

grpc::Status ToGrpcStatus(const absl::Status& status) {
  // Both use the canonical codes, 0 (OK) to 16 (UNAUTHENTICATED).
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

std::string GrpcStatusToString(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(
                          static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}
