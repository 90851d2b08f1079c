// A service that only converts and validates options: it includes core.h and
// links `orbax_options_core` alone (tests/consumer_test.sh builds it with
// CMake's orbax_options::orbax_options_core and with
// `pkg-config --cflags --libs orbax_options_core`), so it fails to link if
// the core library needs the config one. Reads a v1.CheckpointOptions in
// text format from argv[1]; prints its fingerprint and the error of the same
// options with a timeout of 0, or its own first error (exit 1).

#include <iostream>

#include "google/protobuf/text_format.h"
#include "orbax/checkpoint/options/core.h"

namespace opts = orbax::checkpoint::options;

int main(int argc, char** argv) {
  opts::v1::CheckpointOptions message;
  if (argc != 2 ||
      !google::protobuf::TextFormat::ParseFromString(argv[1], &message)) {
    std::cerr << "usage: core_reader 'CHECKPOINT_OPTIONS_TEXT'\n";
    return 2;
  }
  absl::StatusOr<opts::CheckpointOptions> options = opts::FromProto(message);
  if (!options.ok()) {
    std::cout << "invalid: " << options.status().message() << "\n";
    return 1;
  }
  std::cout << "fingerprint: " << opts::Fingerprint(*options) << "\n";
  options->async_options.timeout_secs = 0;
  std::cout << "validate: " << opts::Validate(*options).message() << "\n";
  return 0;
}
