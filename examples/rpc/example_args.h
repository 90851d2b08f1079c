// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: example_args.h
// -----------------------------------------------------------------------------
//
// This header defines `ExampleArgs`, the command-line parsing shared by the
// RPC example programs. It accepts `--name=value` and `--name value`, keeps
// every value of a repeated flag in order (so `--set A=1 --set B=2` works,
// which absl flags cannot do), and treats everything else as positional.
//
// Example:
//
//   absl::StatusOr<ExampleArgs> args =
//       ExampleArgs::Parse(argc, argv, {"server", "step", "set"});
//   if (!args.ok()) { ... usage error ... }
//   std::vector<std::string> sets = args->All("set");

#ifndef ORBAX_OPTIONS_EXAMPLES_RPC_EXAMPLE_ARGS_H_
#define ORBAX_OPTIONS_EXAMPLES_RPC_EXAMPLE_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

// ExampleArgs
//
// Parsed command-line arguments.
class ExampleArgs {
 public:
  // ExampleArgs::Parse()
  //
  // Parses `argv[1..argc)`. `--help` and `-h` set `help()`. Returns
  // `kInvalidArgument` for a flag not in `known_flags` or a flag without a
  // value.
  [[nodiscard]] static absl::StatusOr<ExampleArgs> Parse(
      int argc, char** argv, const std::set<std::string>& known_flags);

  // Returns the last value of `--name`, if given.
  [[nodiscard]] std::optional<std::string> Last(const std::string& name) const;

  // Returns every value of `--name`, in order.
  [[nodiscard]] std::vector<std::string> All(const std::string& name) const;

  // Returns the last value of `--name` as an integer, `fallback` if it is not
  // given, or `kInvalidArgument` naming the flag and the value if it is not
  // an integer.
  [[nodiscard]] absl::StatusOr<long long> Int(const std::string& name,
                                              long long fallback) const;

  // Returns the arguments that are not flags, in order.
  [[nodiscard]] const std::vector<std::string>& positional() const {
    return positional_;
  }

  // Returns whether `--help` or `-h` was given.
  [[nodiscard]] bool help() const { return help_; }

 private:
  std::map<std::string, std::vector<std::string>> flags_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

#endif  // ORBAX_OPTIONS_EXAMPLES_RPC_EXAMPLE_ARGS_H_
