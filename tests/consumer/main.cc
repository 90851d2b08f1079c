// Reads a consumer.v1.JobSpec in text format from the file named by argv[1],
// converts its embedded checkpoint options and checkpoint manager options
// with the installed orbax-options library and prints the effective values
// and fingerprints, or the first validation error (exit 1).

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "consumer/v1/job.pb.h"
#include "google/protobuf/text_format.h"
#include "orbax/checkpoint/options/options.h"

namespace opts = orbax::checkpoint::options;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: job_reader JOB.textproto\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  consumer::v1::JobSpec job;
  if (!in || !google::protobuf::TextFormat::ParseFromString(text.str(), &job)) {
    std::cerr << "job_reader: cannot parse " << argv[1] << "\n";
    return 2;
  }
  // The generated message, through the C++ layer's alias of its namespace.
  const opts::v1::CheckpointOptions& message = job.checkpoint_options();
  absl::StatusOr<opts::CheckpointOptions> options = opts::FromProto(message);
  if (!options.ok()) {
    std::cout << "invalid: " << options.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<opts::CheckpointManagerOptions> manager =
      opts::FromProto(job.checkpoint_manager_options());
  if (!manager.ok()) {
    std::cout << "invalid: " << manager.status().message() << "\n";
    return 1;
  }
  const opts::ManagerPolicies policies = opts::DerivedPolicies(*manager);
  std::cout << "job: " << job.name() << "\n"
            << "timeout_secs: " << options->async_options.timeout_secs << "\n"
            << "primary_host: "
            << options->multiprocessing_options.primary_host.value_or(-1)
            << "\n"
            << "fingerprint: " << opts::Fingerprint(*options) << "\n"
            << "manager save policy: "
            << opts::ToProto(policies.save_decision_policy).ShortDebugString()
            << "\n"
            << "manager fingerprint: " << opts::Fingerprint(*manager) << "\n";
  return 0;
}
