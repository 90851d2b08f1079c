// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `orbax-options` command; see command.h.

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int status =
      orbax::checkpoint::options::cli::RunCommand(args, std::cout, std::cerr);
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "orbax-options: error: cannot write to standard output\n";
    return orbax::checkpoint::options::cli::kExitUsage;
  }
  return status;
}
