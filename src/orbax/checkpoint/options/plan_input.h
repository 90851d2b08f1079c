// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: plan_input.h
// -----------------------------------------------------------------------------
//
// This header reads the arguments and files that describe a run for
// `MakePlan()` (plan.h), as `orbax-options plan` and `orbax_options.plan()`
// take them:
//
//   * `ParseStepRange()`: `START:STOP[:STRIDE]`, Python's `range`;
//   * `ParseStepList()`: comma-separated steps, e.g. `0,1000,2000`;
//   * `ParseStepTimes()`: a file of `STEP SECONDS` lines;
//   * `ParseMetricsJsonl()`: JSON Lines of `{"step": 100, "loss": 0.25}`;
//   * `SelectMetric()`: the one metric of those rows that ranks checkpoints.
//
// Every error is `kInvalidArgument` and names the argument (as `argument`
// gives it) or the file and line, what is wrong and the value, escaped.
//
// Example:
//
//   absl::StatusOr<StepRange> steps = ParseStepRange("0:100000", "--steps");
//   absl::StatusOr<std::vector<MetricsRow>> rows =
//       ParseMetricsJsonl(contents, "metrics.jsonl");
//   std::string name;
//   absl::StatusOr<std::vector<StepMetric>> metric =
//       SelectMetric(*rows, std::nullopt, "metrics.jsonl", "--metric", name);

#ifndef ORBAX_CHECKPOINT_OPTIONS_PLAN_INPUT_H_
#define ORBAX_CHECKPOINT_OPTIONS_PLAN_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/plan.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options {

// ParseStepRange()
//
// Reads `START:STOP[:STRIDE]` (STRIDE 1 if left out): a valid, non-empty
// range of training steps with STRIDE > 0.
[[nodiscard]] absl::StatusOr<StepRange> ParseStepRange(
    std::string_view text, std::string_view argument);

// ParseStepList()
//
// Reads comma-separated training steps, each given once; "" is none.
[[nodiscard]] absl::StatusOr<std::vector<int64_t>> ParseStepList(
    std::string_view text, std::string_view argument);

// ParseStepTimes()
//
// Reads lines of `STEP SECONDS` (blank lines and `#` comments allowed) from
// `contents` of the file `file`; each entry's `where` is `FILE:LINE`.
// `MakePlan()` checks the times themselves.
[[nodiscard]] absl::StatusOr<std::vector<StepTime>> ParseStepTimes(
    std::string_view contents, std::string_view file);

// MetricsRow
//
// The metrics one step reports, by name in the order given, and where.
struct MetricsRow {
  int64_t step = 0;
  std::vector<std::pair<std::string, double>> values;
  std::string where;
};

// ParseMetricsJsonl()
//
// Reads JSON Lines (blank lines allowed), one object per line with an
// integer `step` and numbers (NaN and infinities are read, for
// `SelectMetric()` to refuse); each row's `where` is `FILE:LINE`.
[[nodiscard]] absl::StatusOr<std::vector<MetricsRow>> ParseMetricsJsonl(
    std::string_view contents, std::string_view file);

// SelectMetric()
//
// Returns the metric `name` of every row (by default the only name the rows
// use), and sets `chosen` to it. Fails if a value is not finite, a step is
// given twice, no name is given and the rows use several or none, `name`
// is not one they use, or a row lacks it. `source` names the rows (a file)
// and `argument` the name's argument, for messages.
[[nodiscard]] absl::StatusOr<std::vector<StepMetric>> SelectMetric(
    const std::vector<MetricsRow>& rows, const std::optional<std::string>& name,
    std::string_view source, std::string_view argument, std::string& chosen);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_PLAN_INPUT_H_
