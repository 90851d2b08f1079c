// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// options_worker: a non-primary process of a job. It fetches the primary's
// checkpoint options over OptionsDistributionService, checks that they
// arrived intact (their fingerprint matches the primary's), and reports back.
//
// Started with config FILEs and/or --set overrides of its own, it also loads
// its local options and compares fingerprints: if they differ, it names each
// field that differs (`path: primary_value -> local_value`), reports the
// disagreement to the primary, and fails instead of running with options
// the rest of the job doesn't share.
//
// On agreement it prints `worker I: fingerprint: FP` and the effective
// options in text format. Exit status: 0 agreed; 1 disagreed or received
// invalid options; 2 usage error or an invalid or unreadable local config;
// 3 RPC failure.

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "example/distribution/v1/distribution.grpc.pb.h"
#include "example_args.h"
#include "grpc_status.h"
#include "grpcpp/grpcpp.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/diff.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/options.h"
#include "orbax/checkpoint/options/printing.h"

namespace {

namespace opts = orbax::checkpoint::options;
using example::distribution::v1::GetOptionsRequest;
using example::distribution::v1::GetOptionsResponse;
using example::distribution::v1::OptionsDistributionService;
using example::distribution::v1::ReportAgreementRequest;
using example::distribution::v1::ReportAgreementResponse;

constexpr char kUsage[] =
    R"(usage: options_worker --primary=HOST:PORT --index=I [--set PATH=VALUE]...
                      [--timeout=SECONDS] [FILE...]

Fetches the primary's checkpoint options and reports back whether this
process agrees. With config FILEs (merged in order) and/or --set overrides,
compares them with the primary's by fingerprint and lists the fields that
differ.

  --primary=HOST:PORT  the primary (options_primary)
  --index=I            this process's index (>= 0)
  --set PATH=VALUE     override one local field
  --timeout=SECONDS    deadline of each call (default 30)

Exit status: 0 agreed; 1 disagreed or invalid options received; 2 usage or
local config error; 3 RPC failure.
)";

int Usage(const std::string& error) {
  std::cerr << "error: " << error << "\n" << kUsage;
  return 2;
}

std::chrono::system_clock::time_point Deadline(long long seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// What the command line asked for.
struct Worker {
  std::string primary;
  int index = 0;
  long long timeout_secs = 30;
  std::vector<std::string> files;
  std::vector<std::string> sets;
  std::string me;  // "worker I", for messages.
};

// Parses the command line into `worker`. Returns -1 to go on, or the exit
// status to end with (0 for --help, 2 for a usage error).
int ParseArgs(int argc, char** argv, Worker& worker) {
  absl::StatusOr<ExampleArgs> args =
      ExampleArgs::Parse(argc, argv, {"primary", "index", "set", "timeout"});
  if (!args.ok()) return Usage(std::string(args.status().message()));
  if (args->help()) {
    std::cout << kUsage;
    return 0;
  }
  std::optional<std::string> primary = args->Last("primary");
  absl::StatusOr<long long> index = args->Int("index", -1);
  absl::StatusOr<long long> timeout = args->Int("timeout", 30);
  if (!primary) return Usage("--primary is required");
  if (!index.ok() || *index < 0) return Usage("--index must be >= 0");
  if (!timeout.ok() || *timeout < 1) return Usage("--timeout must be >= 1");
  worker.primary = *primary;
  worker.index = static_cast<int>(*index);
  worker.timeout_secs = *timeout;
  worker.files = args->positional();
  worker.sets = args->All("set");
  worker.me = "worker " + std::to_string(*index);
  return -1;
}

// Loads this worker's own config, if it was given one, into `local`.
// Returns false, having printed why, if it is invalid or unreadable.
bool LoadLocal(const Worker& worker,
               std::optional<opts::CheckpointOptions>& local) {
  if (worker.files.empty() && worker.sets.empty()) return true;
  std::vector<opts::Diagnostic> diagnostics;
  std::optional<opts::ResolvedConfig> config =
      opts::LoadConfig(worker.files, opts::SetOverrides(worker.sets),
                       std::nullopt, {}, diagnostics);
  for (const opts::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
  }
  if (!config) return false;
  local = config->options;
  return true;
}

// Checks the primary's options as received against their fingerprint and
// against `local`, fills in `report`, and prints the outcome. Returns the
// exit status: 0 if this worker agrees, 1 if not.
int Check(const Worker& worker, const GetOptionsResponse& received,
          const std::optional<opts::CheckpointOptions>& local,
          ReportAgreementRequest& report) {
  const std::string& me = worker.me;
  absl::StatusOr<opts::CheckpointOptions> options =
      opts::FromProto(received.options());
  if (!options.ok()) {
    std::cerr << me << ": error: the primary's options are invalid: "
              << options.status().message() << "\n";
    report.add_differences(
        absl::StrCat("invalid: ", options.status().message()));
    return 1;
  }
  if (opts::Fingerprint(*options) != received.fingerprint()) {
    // The bytes were altered on the way, or the two sides disagree on what
    // the effective form is.
    std::cerr << me << ": error: received options have fingerprint "
              << opts::Fingerprint(*options) << ", but the primary sent "
              << received.fingerprint() << "\n";
    report.set_fingerprint(opts::Fingerprint(*options));
    report.add_differences("fingerprint of the received options");
    return 1;
  }
  if (local && opts::Fingerprint(*local) != received.fingerprint()) {
    report.set_fingerprint(opts::Fingerprint(*local));
    std::cerr << me << ": error: local options (fingerprint "
              << report.fingerprint() << ") disagree with the primary's ("
              << received.fingerprint() << "); primary -> local:\n";
    for (const opts::FieldDiff& diff : opts::DiffOptions(*options, *local)) {
      std::cerr << "  " << diff.ToString() << "\n";
      report.add_differences(diff.ToString());
    }
    return 1;
  }
  report.set_fingerprint(received.fingerprint());
  std::cout << me << ": fingerprint: " << received.fingerprint() << "\n"
            << opts::PrintEffective(*options, opts::Format::kText);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Worker worker;
  if (int status = ParseArgs(argc, argv, worker); status >= 0) return status;

  // The local view, if this worker was given one.
  std::optional<opts::CheckpointOptions> local;
  if (!LoadLocal(worker, local)) return 2;

  std::unique_ptr<OptionsDistributionService::Stub> stub =
      OptionsDistributionService::NewStub(grpc::CreateChannel(
          worker.primary, grpc::InsecureChannelCredentials()));
  GetOptionsRequest get;
  get.set_process_index(worker.index);
  GetOptionsResponse received;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline(worker.timeout_secs));
    context.set_wait_for_ready(true);
    grpc::Status status = stub->GetOptions(&context, get, &received);
    if (!status.ok()) {
      std::cerr << worker.me
                << ": error: GetOptions failed: " << GrpcStatusToString(status)
                << "\n";
      return 3;
    }
  }

  ReportAgreementRequest report;
  report.set_process_index(worker.index);
  const int exit_code = Check(worker, received, local, report);

  grpc::ClientContext context;
  context.set_deadline(Deadline(worker.timeout_secs));
  ReportAgreementResponse ack;
  grpc::Status status = stub->ReportAgreement(&context, report, &ack);
  if (!status.ok()) {
    std::cerr << worker.me << ": error: ReportAgreement failed: "
              << GrpcStatusToString(status) << "\n";
    return 3;
  }
  return exit_code;
}
