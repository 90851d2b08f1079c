// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "cli/plan_command.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/exit_codes.h"
#include "orbax/checkpoint/options/internal/bounded_read.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "orbax/checkpoint/options/plan.h"
#include "orbax/checkpoint/options/plan_input.h"

namespace orbax::checkpoint::options::cli {

const char kPlanSummary[] =
    R"(Merges and validates like 'check' (--type defaults to
CheckpointManagerOptions, or is CheckpointerOptions), then plays the run as
Orbax's CheckpointManager (or v1's training.Checkpointer) would decide it,
saving at each step it reaches: the steps saved, the
checkpoints kept at the end, each deletion and the step whose save made it,
and the most checkpoints on disk at once (right after a save, before the
deletions it causes). What the plan cannot know (preemption, should_save_fn,
best_fn, missing metrics, the real clock) is listed with how it is treated.

  --steps START:STOP[:STRIDE]  the steps the run reaches, as Python's range
  --step-seconds S       step s is at time s * S seconds
  --step-times FILE      lines of 'STEP SECONDS' (# comments allowed) for
                         every step reached and every existing step
  --metrics FILE         JSON Lines, e.g. {"step": 100, "loss": 0.25}; with
                         it, the legacy fields assume a best_fn returning
                         the metric, and every BestN ranks by it
  --metric NAME          the metric to rank by (default: the only one)
  --existing-steps LIST  checkpoints on disk at the start, e.g. 0,1000
  --existing-steps-file FILE
                         the same, one step per line or comma-separated
  --checkpoint-bytes N   the size of one checkpoint, for the peak in bytes
  --format=FORMAT        table (default) or json (one object)
)";

namespace {

constexpr int64_t kMaxInputBytes = int64_t{1} << 30;

bool Take(const std::vector<std::string>& args, size_t& i, TakeValueFn take,
          std::string_view name, std::optional<std::string>& into,
          std::string& error) {
  std::string value, typed;
  if (!take(args, i, name, value, typed, error)) return false;
  if (error.empty()) into = std::move(value);
  return true;
}

absl::StatusOr<std::string> ReadInput(const std::string& flag,
                                      const std::string& path) {
  absl::StatusOr<std::string> contents =
      internal::ReadBounded(path, kMaxInputBytes);
  if (!contents.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": ", internal::Sanitized(path), ": ",
                     contents.status().message()));
  }
  return contents;
}

absl::Status ReadTimes(const PlanArguments& plan, PlanInput& input) {
  if (plan.step_seconds) {
    double seconds = 0;
    if (!absl::SimpleAtod(*plan.step_seconds, &seconds)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--step-seconds: expected a number of seconds, got ",
                       internal::Quote(*plan.step_seconds)));
    }
    if (!std::isfinite(seconds) || seconds < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--step-seconds: must be a finite number >= 0, got ",
                       internal::Quote(*plan.step_seconds)));
    }
    input.step_seconds = seconds;
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> contents =
      ReadInput("--step-times", *plan.step_times);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<std::vector<StepTime>> times =
      ParseStepTimes(*contents, internal::Sanitized(*plan.step_times));
  if (!times.ok()) return times.status();
  if (times->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--step-times: ", internal::Sanitized(*plan.step_times),
                     " gives no step time"));
  }
  input.step_times = *std::move(times);
  input.step_times_source = internal::Sanitized(*plan.step_times);
  return absl::OkStatus();
}

absl::Status ReadMetrics(const PlanArguments& plan, PlanInput& input) {
  if (!plan.metrics) {
    if (plan.metric) {
      return absl::InvalidArgumentError("--metric: needs --metrics FILE");
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> contents =
      ReadInput("--metrics", *plan.metrics);
  if (!contents.ok()) return contents.status();
  const std::string file = internal::Sanitized(*plan.metrics);
  absl::StatusOr<std::vector<MetricsRow>> rows =
      ParseMetricsJsonl(*contents, file);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<std::vector<StepMetric>> metrics =
      SelectMetric(*rows, plan.metric, file, "--metric", input.metric_name);
  if (!metrics.ok()) return metrics.status();
  input.metrics = *std::move(metrics);
  return absl::OkStatus();
}

absl::StatusOr<PlanInput> BuildInput(const PlanArguments& plan) {
  PlanInput input;
  absl::StatusOr<StepRange> steps = ParseStepRange(*plan.steps, "--steps");
  if (!steps.ok()) return steps.status();
  input.steps = *steps;
  if (absl::Status s = ReadTimes(plan, input); !s.ok()) return s;
  if (absl::Status s = ReadMetrics(plan, input); !s.ok()) return s;
  std::optional<std::string> list = plan.existing_steps;
  std::string flag = "--existing-steps";
  if (plan.existing_steps_file) {
    absl::StatusOr<std::string> contents =
        ReadInput("--existing-steps-file", *plan.existing_steps_file);
    if (!contents.ok()) return contents.status();
    list = *contents;
    for (char& c : *list) {
      if (c == '\n' || c == '\r' || c == ' ' || c == '\t') c = ',';
    }
    while (!list->empty() && list->back() == ',') list->pop_back();
    flag = absl::StrCat("--existing-steps-file ",
                        internal::Sanitized(*plan.existing_steps_file));
  }
  if (list) {
    absl::StatusOr<std::vector<int64_t>> existing = ParseStepList(*list, flag);
    if (!existing.ok()) return existing.status();
    input.existing_steps = *std::move(existing);
  }
  if (plan.checkpoint_bytes) {
    int64_t bytes = 0;
    if (!absl::SimpleAtoi(*plan.checkpoint_bytes, &bytes) || bytes < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--checkpoint-bytes: expected a whole number of bytes "
                       ">= 0, got ",
                       internal::Quote(*plan.checkpoint_bytes)));
    }
    input.checkpoint_bytes = bytes;
  }
  return input;
}

// `steps` (ascending) in runs of one spacing, `a-b every k`, at most
// `limit` pieces and then how many more.
std::string Summary(const std::vector<int64_t>& steps, size_t limit = 8) {
  if (steps.empty()) return "none";
  std::vector<std::string> pieces;
  const size_t n = steps.size();
  size_t i = 0;
  while (i < n && pieces.size() < limit) {
    size_t j = i;
    if (i + 2 < n) {
      const int64_t spacing = steps[i + 1] - steps[i];
      j = i + 1;
      while (j + 1 < n && steps[j + 1] - steps[j] == spacing) ++j;
    }
    if (j - i >= 2) {
      const int64_t spacing = steps[i + 1] - steps[i];
      pieces.push_back(absl::StrCat(
          steps[i], "-", steps[j],
          spacing == 1 ? "" : absl::StrCat(" every ", spacing)));
      i = j + 1;
    } else {
      pieces.push_back(absl::StrCat(steps[i]));
      ++i;
    }
  }
  std::string out = absl::StrJoin(pieces, ", ");
  if (i < n) absl::StrAppend(&out, ", ... (", n - i, " more)");
  return out;
}

void PrintTable(const PlanInput& input, const Plan& plan, std::ostream& out) {
  std::vector<int64_t> deleted;
  for (const Deletion& d : plan.deletions) deleted.push_back(d.step);
  std::sort(deleted.begin(), deleted.end());
  out << "Run:         steps " << input.steps.start << " to "
      << input.steps.stop - 1 << (input.steps.step == 1 ? "" : " every ")
      << (input.steps.step == 1 ? "" : absl::StrCat(input.steps.step)) << "\n"
      << "Saved:       " << plan.saved_count << ": " << Summary(plan.saved)
      << "\n"
      << "Kept at end: " << plan.kept.size() << ": " << Summary(plan.kept, 20)
      << "\n"
      << "Deleted:     " << plan.deletion_count << ": " << Summary(deleted)
      << "\n";
  for (size_t i = 0; i < plan.deletions.size() && i < 5; ++i) {
    out << "             " << plan.deletions[i].step << " at step "
        << plan.deletions[i].at_step << "\n";
  }
  if (plan.deletions.size() > 5) {
    out << "             ... (--format=json lists every deletion)\n";
  }
  out << "Peak:        " << plan.peak_checkpoints << " checkpoints";
  if (plan.peak_bytes) out << " (" << *plan.peak_bytes << " bytes)";
  out << " at step " << plan.peak_step << "\nAssumptions:\n";
  for (const Assumption& a : plan.assumptions) {
    out << "  - " << a.what << ": " << a.treatment << "\n";
  }
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void PrintJson(const Plan& plan, std::ostream& out) {
  out << "{\"saved\": [" << absl::StrJoin(plan.saved, ", ") << "], "
      << "\"kept\": [" << absl::StrJoin(plan.kept, ", ") << "], "
      << "\"deletions\": [";
  for (size_t i = 0; i < plan.deletions.size(); ++i) {
    out << (i ? ", " : "") << "{\"step\": " << plan.deletions[i].step
        << ", \"at_step\": " << plan.deletions[i].at_step << "}";
  }
  out << "], \"peak\": {\"checkpoints\": " << plan.peak_checkpoints
      << ", \"bytes\": "
      << (plan.peak_bytes ? absl::StrCat(*plan.peak_bytes) : "null")
      << ", \"at_step\": " << plan.peak_step << "}, \"assumptions\": [";
  for (size_t i = 0; i < plan.assumptions.size(); ++i) {
    out << (i ? ", " : "") << "{\"what\": "
        << JsonString(plan.assumptions[i].what) << ", \"treatment\": "
        << JsonString(plan.assumptions[i].treatment) << "}";
  }
  out << "]}\n";
}

}  // namespace

bool TakePlanArgument(const std::vector<std::string>& args, size_t& i,
                      TakeValueFn take, PlanArguments& plan,
                      std::string& error) {
  std::optional<std::string> format;
  const bool taken =
      Take(args, i, take, "--steps", plan.steps, error) ||
      Take(args, i, take, "--step-seconds", plan.step_seconds, error) ||
      Take(args, i, take, "--step-times", plan.step_times, error) ||
      Take(args, i, take, "--metrics", plan.metrics, error) ||
      Take(args, i, take, "--metric", plan.metric, error) ||
      Take(args, i, take, "--existing-steps", plan.existing_steps, error) ||
      Take(args, i, take, "--existing-steps-file", plan.existing_steps_file,
           error) ||
      Take(args, i, take, "--checkpoint-bytes", plan.checkpoint_bytes,
           error) ||
      Take(args, i, take, "--format", format, error);
  if (format) {
    if (*format != "table" && *format != "json") {
      error = absl::StrCat("unknown output format ", internal::Quote(*format),
                           " for plan; expected table or json");
    }
    plan.json = *format == "json";
  }
  return taken;
}

std::string PlanArgumentsError(const PlanArguments& plan) {
  if (!plan.steps) return "plan needs --steps START:STOP[:STRIDE]";
  if (plan.step_seconds.has_value() == plan.step_times.has_value()) {
    return "plan needs exactly one of --step-seconds S and --step-times FILE";
  }
  if (plan.existing_steps && plan.existing_steps_file) {
    return "--existing-steps and --existing-steps-file are exclusive; give one";
  }
  return "";
}

namespace {

template <typename Options>
int Run(const Options& options, const PlanArguments& args, std::ostream& out,
        std::ostream& err) {
  absl::StatusOr<PlanInput> input = BuildInput(args);
  absl::StatusOr<Plan> plan =
      input.ok() ? MakePlan(options, *input) : input.status();
  if (!plan.ok()) {
    err << "orbax-options: error: "
        << internal::Sanitized(std::string(plan.status().message())) << "\n";
    return kExitUsage;
  }
  args.json ? PrintJson(*plan, out) : PrintTable(*input, *plan, out);
  out.flush();
  return kExitOk;
}

}  // namespace

int RunPlan(const CheckpointManagerOptions& options, const PlanArguments& args,
            std::ostream& out, std::ostream& err) {
  return Run(options, args, out, err);
}

int RunPlan(const CheckpointerOptions& options, const PlanArguments& args,
            std::ostream& out, std::ostream& err) {
  return Run(options, args, out, err);
}

}  // namespace orbax::checkpoint::options::cli
