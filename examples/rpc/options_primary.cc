// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// options_primary: the primary process of a job. It loads the checkpoint
// options from config files and --set overrides (as `orbax-options` does),
// serves them to the job's workers over OptionsDistributionService, and
// waits until --workers workers have reported whether they agree. Then it
// prints each worker's verdict, with the fields that differ for those that
// disagree.
//
// Prints `listening on HOST:PORT` and `fingerprint: FP` once it serves.
// Exit status: 0 every worker agreed; 1 some worker disagreed; 2 usage error
// or an invalid or unreadable config; 3 not every worker reported before
// --timeout.

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "example/distribution/v1/distribution.grpc.pb.h"
#include "example_args.h"
#include "grpcpp/grpcpp.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/options.h"

namespace {

namespace opts = orbax::checkpoint::options;
using example::distribution::v1::GetOptionsRequest;
using example::distribution::v1::GetOptionsResponse;
using example::distribution::v1::OptionsDistributionService;
using example::distribution::v1::ReportAgreementRequest;
using example::distribution::v1::ReportAgreementResponse;

constexpr char kUsage[] =
    R"(usage: options_primary --workers=N [--set PATH=VALUE]... [--timeout=SECONDS]
                       [--address=HOST] FILE...

Loads the checkpoint options from the config FILEs (merged in order) and the
--set overrides, serves them to N workers (options_worker), and waits until
all N have reported. Prints "listening on HOST:PORT" and "fingerprint: FP"
once it serves (the port is picked by the OS).

  --workers=N         number of workers to wait for (>= 1)
  --set PATH=VALUE    override one field, e.g. async_options.timeout_secs=60
  --timeout=SECONDS   how long to wait for the reports (default 60)
  --address=HOST      address to listen on (default 127.0.0.1)

Exit status: 0 all agreed; 1 some disagreed; 2 usage or config error;
3 timed out.
)";

// Report
//
// What one worker reported.
struct Report {
  std::string fingerprint;
  std::vector<std::string> differences;
};

// DistributionService
//
// Serves the options and collects the reports.
class DistributionService final : public OptionsDistributionService::Service {
 public:
  explicit DistributionService(const opts::CheckpointOptions& options)
      : fingerprint_(opts::Fingerprint(options)) {
    response_.mutable_options()->CopyFrom(opts::ToProto(options));
    response_.set_fingerprint(fingerprint_);
  }

  grpc::Status GetOptions(grpc::ServerContext* /*context*/,
                          const GetOptionsRequest* request,
                          GetOptionsResponse* response) override {
    if (request->process_index() < 0) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("process_index: must be >= 0, got ",
                                       request->process_index()));
    }
    *response = response_;
    return grpc::Status::OK;
  }

  grpc::Status ReportAgreement(grpc::ServerContext* /*context*/,
                               const ReportAgreementRequest* request,
                               ReportAgreementResponse* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    int index = request->process_index();
    if (index < 0) {
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          absl::StrCat("process_index: must be >= 0, got ", index));
    }
    if (reports_.contains(index)) {
      return grpc::Status(
          grpc::StatusCode::ALREADY_EXISTS,
          absl::StrCat("process_index: ", index, " has already reported"));
    }
    reports_[index] = {
        request->fingerprint(),
        {request->differences().begin(), request->differences().end()}};
    response->set_reports_received(static_cast<int>(reports_.size()));
    changed_.notify_all();
    return grpc::Status::OK;
  }

  // Waits until `count` workers have reported or `timeout` passes; returns
  // the reports so far, by process index.
  std::map<int, Report> WaitForReports(size_t count,
                                       std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return reports_.size() >= count; });
    return reports_;
  }

  const std::string& fingerprint() const { return fingerprint_; }

 private:
  const std::string fingerprint_;
  GetOptionsResponse response_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int, Report> reports_;
};

int Usage(const std::string& error) {
  std::cerr << "error: " << error << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  absl::StatusOr<ExampleArgs> args =
      ExampleArgs::Parse(argc, argv, {"workers", "set", "timeout", "address"});
  if (!args.ok()) return Usage(std::string(args.status().message()));
  if (args->help()) {
    std::cout << kUsage;
    return 0;
  }
  absl::StatusOr<long long> workers = args->Int("workers", 0);
  absl::StatusOr<long long> timeout = args->Int("timeout", 60);
  if (!workers.ok() || *workers < 1) return Usage("--workers must be >= 1");
  if (!timeout.ok() || *timeout < 1) return Usage("--timeout must be >= 1");
  if (args->positional().empty() && args->All("set").empty()) {
    return Usage("give at least one config FILE or --set");
  }

  std::vector<opts::Diagnostic> diagnostics;
  std::optional<opts::ResolvedConfig> config =
      opts::LoadConfig(args->positional(), opts::SetOverrides(args->All("set")),
                       std::nullopt, {}, diagnostics);
  for (const opts::Diagnostic& d : diagnostics) {
    std::cerr << d.ToString() << "\n";
  }
  if (!config) return 2;

  DistributionService service(config->options);
  std::string address = args->Last("address").value_or("127.0.0.1");
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat(address, ":0"),
                           grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "error: cannot listen on " << address << "\n";
    return 2;
  }
  std::cout << "listening on " << address << ":" << port << "\n"
            << "fingerprint: " << service.fingerprint() << std::endl;

  std::map<int, Report> reports = service.WaitForReports(
      static_cast<size_t>(*workers), std::chrono::seconds(*timeout));
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));

  int agreeing = 0;
  for (const auto& [index, report] : reports) {
    if (report.differences.empty() &&
        report.fingerprint == service.fingerprint()) {
      ++agreeing;
      std::cout << "worker " << index << ": agrees\n";
    } else {
      std::cout << "worker " << index << ": DISAGREES (fingerprint "
                << report.fingerprint
                << "): " << absl::StrJoin(report.differences, "; ") << "\n";
    }
  }
  std::cout << agreeing << "/" << *workers << " workers agree" << std::endl;
  if (reports.size() < static_cast<size_t>(*workers)) {
    std::cerr << "error: only " << reports.size() << " of " << *workers
              << " workers reported within " << *timeout << "s\n";
    return 3;
  }
  return agreeing == *workers ? 0 : 1;
}
