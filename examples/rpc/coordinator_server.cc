// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// coordinator_server: an example CheckpointCoordinatorService. It accepts
// Save(SaveRequest{directory, step, options}), validates the embedded
// CheckpointOptions with orbax-options' FromProto rules, and answers
// INVALID_ARGUMENT with every bad field's path from the request root (e.g.
// `options.async_options.timeout_secs: must be > 0, got 0`). A real
// coordinator would then start the save; this one answers with the step
// directory and the fingerprint of the effective options.
//
// It listens on --address:--port (port 0: the OS picks one) and prints
// `listening on ADDRESS:PORT` once it serves. SIGINT or SIGTERM shut it down.

#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "example/coordinator/v1/coordinator.grpc.pb.h"
#include "example_args.h"
#include "grpc_status.h"
#include "grpcpp/grpcpp.h"
#include "orbax/checkpoint/options/options.h"

namespace {

namespace opts = orbax::checkpoint::options;
using example::coordinator::v1::CheckpointCoordinatorService;
using example::coordinator::v1::SaveRequest;
using example::coordinator::v1::SaveResponse;

constexpr char kUsage[] =
    R"(usage: coordinator_server [--address=HOST] [--port=PORT]

Serves example.coordinator.v1.CheckpointCoordinatorService until SIGINT or
SIGTERM. Prints "listening on HOST:PORT" once it serves.

  --address=HOST  address to listen on (default 127.0.0.1)
  --port=PORT     port to listen on; 0, the default, lets the OS pick one
)";

// ValidateSaveRequest()
//
// Returns the effective options of `request`, or `kInvalidArgument` listing
// every problem as "path: message", with paths from the request's root.
absl::StatusOr<opts::CheckpointOptions> ValidateSaveRequest(
    const SaveRequest& request) {
  std::vector<opts::FieldError> errors;
  if (request.directory().empty()) {
    errors.push_back({"directory", "must not be empty"});
  }
  if (request.step() < 0) {
    errors.push_back(
        {"step", absl::StrCat("must be >= 0, got ", request.step())});
  }
  std::vector<opts::FieldError> option_errors;
  std::optional<opts::CheckpointOptions> options =
      opts::FromProtoWithErrors(request.options(), option_errors);
  for (const opts::FieldError& error : option_errors) {
    errors.push_back({error.path.empty() ? std::string("options")
                                         : absl::StrCat("options.", error.path),
                      error.message});
  }
  if (!errors.empty()) return opts::ToStatus(errors);
  return *std::move(options);
}

// CoordinatorService
//
// The service: validates each request and reports what it would save.
class CoordinatorService final : public CheckpointCoordinatorService::Service {
 public:
  grpc::Status Save(grpc::ServerContext* /*context*/,
                    const SaveRequest* request,
                    SaveResponse* response) override {
    absl::StatusOr<opts::CheckpointOptions> options =
        ValidateSaveRequest(*request);
    if (!options.ok()) {
      std::cout << "Save step " << request->step()
                << ": rejected: " << options.status().message() << std::endl;
      return ToGrpcStatus(options.status());
    }
    response->set_step_directory(
        absl::StrCat(request->directory(), "/", request->step()));
    response->set_options_fingerprint(opts::Fingerprint(*options));
    std::cout << "Save step " << request->step() << ": accepted, options "
              << response->options_fingerprint() << std::endl;
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<ExampleArgs> args =
      ExampleArgs::Parse(argc, argv, {"address", "port"});
  if (!args.ok() || args->help() || !args->positional().empty()) {
    if (!args.ok()) std::cerr << "error: " << args.status().message() << "\n";
    (args.ok() && args->help() ? std::cout : std::cerr) << kUsage;
    return args.ok() && args->help() ? 0 : 2;
  }
  absl::StatusOr<long long> port = args->Int("port", 0);
  if (!port.ok() || *port < 0 || *port > 65535) {
    std::cerr << "error: --port must be in [0, 65535]\n" << kUsage;
    return 2;
  }
  std::string address = args->Last("address").value_or("127.0.0.1");

  // Block the shutdown signals in every thread; the main thread waits for
  // them with sigwait() below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  CoordinatorService service;
  int bound_port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat(address, ":", *port),
                           grpc::InsecureServerCredentials(), &bound_port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    std::cerr << "error: cannot listen on " << address << ":" << *port << "\n";
    return 1;
  }
  std::cout << "listening on " << address << ":" << bound_port << std::endl;

  int signal = 0;
  sigwait(&signals, &signal);
  std::cout << "shutting down on signal " << signal << std::endl;
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return 0;
}
