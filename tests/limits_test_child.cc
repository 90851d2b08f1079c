// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// limits_test_child: the child process of limits_test's memory bound. Runs
// the `orbax-options` command on its arguments, exactly as src/cli/main.cc
// does (cli::RunCommand), or, given `--load-from-string`, the library's
// `LoadFromString()` (the path the Python package takes) on one file, then
// writes this process's peak resident set size in KiB (VmHWM from
// /proc/self/status) to PEAK_FILE and exits with the command's status (for
// `LoadFromString()`: 0 and "ok" on stdout, or 1 and the status's message on
// stderr).
//
// VmHWM belongs to this process image only. wait4's ru_maxrss can't be used
// for the same purpose: it also counts the peak of the image that exec()
// replaced, i.e. the test process that spawned this one.
//
// Usage: limits_test_child PEAK_FILE COMMAND_ARGS...
//        limits_test_child PEAK_FILE --load-from-string
//            [--allow-unknown-fields] [--type=CheckpointManagerOptions] FILE

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/types.h"

namespace {

namespace opts = orbax::checkpoint::options;

// `LoadFromString()` on the contents of the last of `args`, in the format
// its extension names, as a `CheckpointOptions` or, with
// `--type=CheckpointManagerOptions`, as that.
int LoadFromString(const std::vector<std::string>& args) {
  opts::LoadOptions options;
  bool manager = false;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--allow-unknown-fields") {
      options.allow_unknown_fields = true;
    } else if (args[i] == "--type=CheckpointManagerOptions") {
      manager = true;
    } else {
      std::cerr << "unknown flag " << args[i] << "\n";
      return 125;
    }
  }
  const std::optional<opts::Format> format =
      args.empty() ? std::nullopt : opts::FormatFromPath(args.back());
  std::ifstream in(args.empty() ? "" : args.back(), std::ios::binary);
  if (!format || !in) {
    std::cerr << "usage: limits_test_child PEAK_FILE --load-from-string "
                 "[--allow-unknown-fields] FILE\n";
    return 125;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  const absl::Status loaded =
      manager ? opts::LoadFromString<opts::CheckpointManagerOptions>(
                    bytes, *format, options)
                    .status()
              : opts::LoadFromString(bytes, *format, options).status();
  if (!loaded.ok()) {
    std::cerr << loaded.message() << "\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: limits_test_child PEAK_FILE COMMAND_ARGS...\n";
    return 125;
  }
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 2, argv + argc);
  int status;
  if (!args.empty() && args.front() == "--load-from-string") {
    args.erase(args.begin());
    status = LoadFromString(args);
  } else {
    status = opts::cli::RunCommand(args, std::cout, std::cerr);
  }
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
