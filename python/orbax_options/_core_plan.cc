// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "_core_config.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/plan.h"
#include "orbax/checkpoint/options/plan_input.h"

namespace py = pybind11;

namespace orbax::checkpoint::options::python {
namespace {

using TimeRows = std::vector<std::tuple<int64_t, double, std::string>>;
using MetricRows =
    std::vector<std::tuple<int64_t, std::vector<std::pair<std::string, double>>,
                           std::string>>;

template <typename T>
T OrRaise(absl::StatusOr<T> value) {
  if (!value.ok()) throw py::value_error(std::string(value.status().message()));
  return *std::move(value);
}

// Everything but the options, as the arguments of `orbax_options.plan()`
// name them.
PlanInput InputOf(const std::string& steps, std::optional<double> step_seconds,
                  const std::optional<TimeRows>& step_times,
                  const std::optional<MetricRows>& metrics,
                  const std::optional<std::string>& metric,
                  const std::string& existing_steps,
                  std::optional<int64_t> checkpoint_bytes) {
  PlanInput input;
  input.steps = OrRaise(ParseStepRange(steps, "steps"));
  input.step_seconds = step_seconds;
  if (step_times) {
    for (const auto& [step, seconds, where] : *step_times) {
      input.step_times.push_back({step, seconds, where});
    }
  }
  if (metrics) {
    std::vector<MetricsRow> rows;
    for (const auto& [step, values, where] : *metrics) {
      rows.push_back({step, values, where});
    }
    input.metrics = OrRaise(
        SelectMetric(rows, metric, "metrics", "metric", input.metric_name));
  } else if (metric) {
    throw py::value_error("metric: needs metrics");
  }
  input.existing_steps = OrRaise(ParseStepList(existing_steps,
                                               "existing_steps"));
  input.checkpoint_bytes = checkpoint_bytes;
  return input;
}

// plan(config, steps, step_seconds, step_times, metrics, metric,
//      existing_steps, checkpoint_bytes)
//
// `MakePlan()` of a Config of `CheckpointManagerOptions` or
// `CheckpointerOptions` (any other raises TypeError):
// `(saved, kept, deletions, peak_checkpoints, peak_bytes, peak_step,
// assumptions)`, deletions as `(step, at_step)` and assumptions as `(what,
// treatment)`. `steps` is `START:STOP:STRIDE` and `existing_steps`
// comma-separated; raises ValueError with the command's message.
py::tuple PlanOf(py::handle config, const std::string& steps,
                 std::optional<double> step_seconds,
                 const std::optional<TimeRows>& step_times,
                 const std::optional<MetricRows>& metrics,
                 const std::optional<std::string>& metric,
                 const std::string& existing_steps,
                 std::optional<int64_t> checkpoint_bytes) {
  absl::StatusOr<Plan> plan;
  WithConfig(config, [&](const auto& options) {
    using Options = std::decay_t<decltype(options)>;
    if constexpr (std::is_same_v<Options, CheckpointManagerOptions> ||
                  std::is_same_v<Options, CheckpointerOptions>) {
      PlanInput input = InputOf(steps, step_seconds, step_times, metrics,
                                metric, existing_steps, checkpoint_bytes);
      py::gil_scoped_release release;
      plan = MakePlan(options, input);
    } else {
      throw py::type_error("plan() needs a Config of CheckpointManagerOptions "
                           "or CheckpointerOptions");
    }
    return py::none();
  });
  Plan result = OrRaise(std::move(plan));
  std::vector<std::pair<int64_t, int64_t>> deletions;
  for (const Deletion& d : result.deletions) {
    deletions.push_back({d.step, d.at_step});
  }
  std::vector<std::pair<std::string, std::string>> assumptions;
  for (Assumption& a : result.assumptions) {
    assumptions.push_back({std::move(a.what), std::move(a.treatment)});
  }
  return py::make_tuple(result.saved, result.kept, deletions,
                        result.peak_checkpoints, result.peak_bytes,
                        result.peak_step, assumptions);
}

}  // namespace

void AddPlan(py::module_& m) {
  m.def("plan", &PlanOf, py::arg("config"), py::arg("steps"),
        py::arg("step_seconds"), py::arg("step_times"), py::arg("metrics"),
        py::arg("metric"), py::arg("existing_steps"),
        py::arg("checkpoint_bytes"));
}

}  // namespace orbax::checkpoint::options::python
