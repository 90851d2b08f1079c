// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "example_args.h"

#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

absl::StatusOr<ExampleArgs> ExampleArgs::Parse(
    int argc, char** argv, const std::set<std::string>& known_flags) {
  ExampleArgs args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      args.help_ = true;
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      args.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (!known_flags.contains(name)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (!value) {
      if (i + 1 >= argc) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " needs a value"));
      }
      value = argv[++i];
    }
    args.flags_[name].push_back(*value);
  }
  return args;
}

std::optional<std::string> ExampleArgs::Last(const std::string& name) const {
  auto it = flags_.find(name);
  if (it == flags_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ExampleArgs::All(const std::string& name) const {
  auto it = flags_.find(name);
  if (it == flags_.end()) return {};
  return it->second;
}

absl::StatusOr<long long> ExampleArgs::Int(const std::string& name,
                                           long long fallback) const {
  std::optional<std::string> value = Last(name);
  if (!value) return fallback;
  long long result = 0;
  if (!absl::SimpleAtoi(*value, &result)) {
    return absl::InvalidArgumentError(
        absl::StrCat("flag --", name, ": not an integer: \"", *value, "\""));
  }
  return result;
}
