// Built by tests/consumer_test.sh with nothing but
// `c++ pkg_config_main.cc $(pkg-config --cflags --libs orbax_options)`:
// prints the fingerprint of Orbax's default options and a validation error.

#include <iostream>

#include "orbax/checkpoint/options/options.h"

namespace opts = orbax::checkpoint::options;

int main() {
  opts::CheckpointOptions options;
  std::cout << "default fingerprint: " << opts::Fingerprint(options) << "\n";
  options.async_options.timeout_secs = 0;
  std::cout << "invalid: " << opts::Validate(options).message() << "\n";
  return 0;
}
