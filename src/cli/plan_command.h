// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: plan_command.h
// -----------------------------------------------------------------------------
//
// The `plan` subcommand of `orbax-options` (command.h runs it): its own
// arguments, and the run of `MakePlan()` (plan.h) on the loaded options,
// printed as a table or as one JSON object:
//
//   orbax-options plan --steps START:STOP[:STRIDE]
//       (--step-seconds S | --step-times FILE) [--metrics FILE.jsonl]
//       [--metric NAME] [--existing-steps LIST | --existing-steps-file FILE]
//       [--checkpoint-bytes N] [--format=table|json] [OPTIONS] FILE...
//
// Its usage errors, and every problem with its arguments and files, exit 2.

#ifndef ORBAX_CLI_PLAN_COMMAND_H_
#define ORBAX_CLI_PLAN_COMMAND_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"

namespace orbax::checkpoint::options::cli {

// The summary of `plan --help`: what it does and its own options.
extern const char kPlanSummary[];

// PlanArguments
//
// The `plan` arguments as typed: each the value of its option, if given.
struct PlanArguments {
  std::optional<std::string> steps, step_seconds, step_times, metrics, metric,
      existing_steps, existing_steps_file, checkpoint_bytes;
  bool json = false;
};

// The command's reader of `--NAME=VALUE` and `--NAME VALUE` (command.cc).
using TakeValueFn = bool (*)(const std::vector<std::string>& args, size_t& i,
                             std::string_view name, std::string& value,
                             std::string& typed, std::string& error);

// TakePlanArgument()
//
// Returns true if `args[i]` is a `plan` option, recording it in `plan` (or a
// usage error in `error`).
bool TakePlanArgument(const std::vector<std::string>& args, size_t& i,
                      TakeValueFn take, PlanArguments& plan,
                      std::string& error);

// PlanArgumentsError()
//
// The usage error of arguments that are missing or exclusive, or "".
std::string PlanArgumentsError(const PlanArguments& plan);

// RunPlan()
//
// Plans the run that `plan` describes with `options` (a manager's, or a v1
// Checkpointer's) and prints it to `out`; returns the exit status (problems
// go to `err`, exit 2).
[[nodiscard]] int RunPlan(const CheckpointManagerOptions& options,
                          const PlanArguments& plan, std::ostream& out,
                          std::ostream& err);
[[nodiscard]] int RunPlan(const CheckpointerOptions& options,
                          const PlanArguments& plan, std::ostream& out,
                          std::ostream& err);

}  // namespace orbax::checkpoint::options::cli

#endif  // ORBAX_CLI_PLAN_COMMAND_H_
