// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// limits_test_child: the child process of limits_test's memory bound. Runs
// the `orbax-options` command on its arguments, exactly as src/cli/main.cc
// does (cli::RunCommand), then writes this process's peak resident set size
// in KiB (VmHWM from /proc/self/status) to PEAK_FILE and exits with the
// command's status.
//
// VmHWM belongs to this process image only. wait4's ru_maxrss can't be used
// for the same purpose: it also counts the peak of the image that exec()
// replaced, i.e. the test process that spawned this one.
//
// Usage: limits_test_child PEAK_FILE COMMAND_ARGS...

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: limits_test_child PEAK_FILE COMMAND_ARGS...\n";
    return 125;
  }
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 2, argv + argc);
  const int status =
      orbax::checkpoint::options::cli::RunCommand(args, std::cout, std::cerr);
  std::cout.flush();
  std::cerr.flush();

  std::ifstream proc("/proc/self/status");
  std::string line;
  std::string peak;
  while (std::getline(proc, line)) {
    if (line.rfind("VmHWM:", 0) == 0) peak = line.substr(6);
  }
  std::ofstream out(argv[1]);
  out << peak << "\n";  // e.g. "   12345 kB"
  out.close();
  if (peak.empty() || !out) return 125;
  return status;
}
