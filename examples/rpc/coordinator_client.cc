// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// coordinator_client: asks a CheckpointCoordinatorService to save a step,
// with checkpoint options read from config files (text format, JSON or
// binary, layered in order) and --set overrides, as `orbax-options` reads
// them. The client sends what the sources set (the minimal form) without
// validating it: the server validates, and its INVALID_ARGUMENT names each
// bad field.
//
// Exit status: 0 saved; 1 the server rejected the request (its message is
// printed); 2 usage error or unreadable config; 3 any other RPC failure
// (e.g. no server, deadline exceeded).

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "example/coordinator/v1/coordinator.grpc.pb.h"
#include "example_args.h"
#include "grpc_status.h"
#include "grpcpp/grpcpp.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"

namespace {

namespace opts = orbax::checkpoint::options;
using example::coordinator::v1::CheckpointCoordinatorService;
using example::coordinator::v1::SaveRequest;
using example::coordinator::v1::SaveResponse;

constexpr char kUsage[] =
    R"(usage: coordinator_client --server=HOST:PORT --directory=DIR --step=N
                          [--set PATH=VALUE]... [--timeout=SECONDS] [FILE...]

Calls CheckpointCoordinatorService.Save with the checkpoint options that the
config FILEs (merged in order) and the --set overrides give; no FILE and no
--set sends no options, i.e. Orbax's defaults.

  --server=HOST:PORT   the coordinator
  --directory=DIR      the checkpoint's root directory
  --step=N             the step to save
  --set PATH=VALUE     override one field, e.g. async_options.timeout_secs=60
  --timeout=SECONDS    deadline of the call (default 10)

Exit status: 0 saved; 1 rejected by the server; 2 usage error or unreadable
config; 3 other RPC failure.
)";

int Usage(const std::string& error) {
  std::cerr << "error: " << error << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<ExampleArgs> args = ExampleArgs::Parse(
      argc, argv, {"server", "directory", "step", "set", "timeout"});
  if (!args.ok()) return Usage(std::string(args.status().message()));
  if (args->help()) {
    std::cout << kUsage;
    return 0;
  }
  std::optional<std::string> server = args->Last("server");
  std::optional<std::string> directory = args->Last("directory");
  absl::StatusOr<long long> step = args->Int("step", -1);
  absl::StatusOr<long long> timeout = args->Int("timeout", 10);
  if (!server) return Usage("--server is required");
  if (!directory) return Usage("--directory is required");
  if (!step.ok()) return Usage(std::string(step.status().message()));
  if (!args->Last("step")) return Usage("--step is required");
  if (!timeout.ok() || *timeout <= 0) {
    return Usage("--timeout must be a positive number of seconds");
  }

  // Parse and merge the sources; validation is the server's job.
  std::vector<opts::Diagnostic> diagnostics;
  opts::Layer merged;
  for (const std::string& path : args->positional()) {
    if (std::optional<opts::Layer> layer =
            opts::ReadLayer(path, std::nullopt, {}, diagnostics)) {
      opts::MergeLayer(*layer, merged);
    }
  }
  for (const std::string& set : args->All("set")) {
    if (std::optional<opts::Layer> layer =
            opts::ParseSetOverride(set, diagnostics)) {
      opts::MergeLayer(*layer, merged);
    }
  }
  for (const opts::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
  }
  if (opts::HasErrors(diagnostics)) return 2;

  SaveRequest request;
  request.set_directory(*directory);
  request.set_step(*step);
  *request.mutable_options() = merged.message;

  std::unique_ptr<CheckpointCoordinatorService::Stub> stub =
      CheckpointCoordinatorService::NewStub(
          grpc::CreateChannel(*server, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(*timeout));
  SaveResponse response;
  grpc::Status status = stub->Save(&context, request, &response);
  if (!status.ok()) {
    std::cerr << "error: Save failed: " << GrpcStatusToString(status) << "\n";
    return status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ? 1 : 3;
  }
  std::cout << "step_directory: " << response.step_directory() << "\n"
            << "options_fingerprint: " << response.options_fingerprint()
            << "\n";
  return 0;
}
