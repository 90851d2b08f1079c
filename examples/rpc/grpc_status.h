// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: grpc_status.h
// -----------------------------------------------------------------------------
//
// This header converts between `absl::Status`, which the orbax-options
// library returns, and `grpc::Status`, which gRPC services return. The codes
// of the two are the same canonical codes.
//
// Example:
//
//   absl::StatusOr<CheckpointOptions> options = FromProto(request->options());
//   if (!options.ok()) return ToGrpcStatus(options.status());

#ifndef ORBAX_OPTIONS_EXAMPLES_RPC_GRPC_STATUS_H_
#define ORBAX_OPTIONS_EXAMPLES_RPC_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

// ToGrpcStatus()
//
// Returns a `grpc::Status` with the code and message of `status`.
[[nodiscard]] grpc::Status ToGrpcStatus(const absl::Status& status);

// GrpcStatusToString()
//
// Returns "CODE_NAME: message", e.g. "INVALID_ARGUMENT: options.x: ...".
[[nodiscard]] std::string GrpcStatusToString(const grpc::Status& status);

#endif  // ORBAX_OPTIONS_EXAMPLES_RPC_GRPC_STATUS_H_
