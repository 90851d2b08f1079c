// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "orbax/checkpoint/options/checkpoint_manager.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/validation.h"

namespace orbax::checkpoint::options {
namespace {

// Times are whole microseconds, as Python's `datetime` holds them.
using Micros = int64_t;
constexpr double kMaxMicros = 4.0e18;  // Within int64_t, with room.

// One checkpoint on disk, as Orbax's `CheckpointInfo` holds it.
struct Info {
  int64_t step = 0;
  Micros time = 0;
  std::optional<double> metric;
};
using Infos = std::vector<Info>;
using Flags = std::vector<char>;

// The time of an existing checkpoint with lightweight_initialize: Orbax's
// naive `datetime.min`.
constexpr Micros kNaive = std::numeric_limits<Micros>::min();

// `later - earlier` in microseconds, or `std::nullopt` where Python raises
// TypeError: one time naive, the other aware (two naive ones are equal).
std::optional<__int128> Difference(Micros later, Micros earlier) {
  if ((later == kNaive) != (earlier == kNaive)) return std::nullopt;
  return later == kNaive ? 0 : static_cast<__int128>(later) - earlier;
}

// `later - earlier >= timedelta(seconds=seconds)`; sets `raised` where
// Python raises TypeError.
bool AtLeastSecondsApart(Micros later, Micros earlier, int64_t seconds,
                         bool& raised) {
  const std::optional<__int128> difference = Difference(later, earlier);
  if (!difference) raised = true;
  return difference && *difference >= static_cast<__int128>(seconds) * 1000000;
}

// Python's `list[:stop]` for a `stop` that may be negative: how many of
// `size` elements it takes.
size_t PrefixLength(size_t size, int64_t stop) {
  const __int128 n = stop >= 0 ? stop : static_cast<__int128>(size) + stop;
  return static_cast<size_t>(std::clamp<__int128>(n, 0, size));
}

// Whether `policy` saves at `step`; sets `raised` (and stops) where Orbax
// raises TypeError.
bool ShouldSave(const SaveDecisionPolicy& policy, int64_t step, Micros now,
                const Infos& previous, bool& raised) {
  struct Visitor {
    int64_t step;
    Micros now;
    const Infos& previous;
    bool& raised;
    bool operator()(const FixedIntervalPolicy& p) const {
      return step % p.interval == 0;
    }
    bool operator()(const SpecificStepsPolicy& p) const {
      return p.steps.contains(step);
    }
    bool operator()(const ContinuousCheckpointingPolicy& p) const {
      // No save is ever in progress in the model.
      if (previous.empty() || !p.minimum_interval_secs) return true;
      return AtLeastSecondsApart(now, previous.back().time,
                                 *p.minimum_interval_secs, raised);
    }
    bool operator()(const PreemptionCheckpointingPolicy&) const {
      return false;  // No preemption in the model.
    }
    bool operator()(const InitialSavePolicy&) const { return previous.empty(); }
    bool operator()(const AnySavePolicy& p) const {
      return std::any_of(p.policies.begin(), p.policies.end(),
                         [&](const SaveDecisionPolicy& child) {
                           return ShouldSave(child, step, now, previous,
                                             raised) ||
                                  raised;
                         });
    }
  };
  return std::visit(Visitor{step, now, previous, raised}, policy.policy) &&
         !raised;
}

// `max_to_keep` of `EveryNSteps` and `EveryNStepsClosest`: unkeeps
// `true_indices[:-max_to_keep]` when more than `max_to_keep` are kept.
void KeepAtMost(std::optional<int64_t> max_to_keep, Flags& keep) {
  if (!max_to_keep) return;
  std::vector<size_t> kept;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) kept.push_back(i);
  }
  if (static_cast<int64_t>(kept.size()) <= *max_to_keep) return;
  // `[:-0]` is `[:0]`: max_to_keep 0 unkeeps none.
  const size_t drop = PrefixLength(kept.size(), -*max_to_keep);
  for (size_t i = 0; i < drop; ++i) keep[kept[i]] = false;
}

Flags KeepEveryNSteps(const EveryNSteps& p, const Infos& infos) {
  Flags keep(infos.size(), false);
  int64_t previous = 0;
  for (size_t i = 0; i < infos.size(); ++i) {
    if (p.exact_interval) {
      keep[i] = infos[i].step % p.interval_steps == 0;
    } else {
      // The first, then each at least `interval_steps` after the last kept.
      keep[i] = i == 0 || static_cast<__int128>(infos[i].step) - previous >=
                              p.interval_steps;
      if (keep[i]) previous = infos[i].step;
    }
  }
  KeepAtMost(p.max_to_keep, keep);
  return keep;
}

Flags KeepEveryNStepsClosest(const EveryNStepsClosest& p, const Infos& infos) {
  Flags keep(infos.size(), false);
  if (infos.empty()) return keep;
  // k = round(step / interval) (a double, half to even); the closest to
  // each k*interval, the later on a tie.
  absl::flat_hash_map<double, std::pair<size_t, __int128>> best;
  for (size_t i = 0; i < infos.size(); ++i) {
    const double k = std::nearbyint(static_cast<double>(infos[i].step) /
                                    static_cast<double>(p.interval_steps));
    const __int128 target = static_cast<__int128>(k) * p.interval_steps;
    __int128 diff = infos[i].step - target;
    if (diff < 0) diff = -diff;
    auto [it, inserted] = best.try_emplace(k, i, diff);
    if (!inserted && diff <= it->second.second) it->second = {i, diff};
  }
  for (const auto& [k, entry] : best) keep[entry.first] = true;
  keep.back() = true;
  KeepAtMost(p.max_to_keep, keep);
  return keep;
}

Flags KeepBestN(const BestN& p, const Infos& infos) {
  const size_t size = infos.size();
  if (!p.n || static_cast<int64_t>(size) <= *p.n) return Flags(size, true);
  if (*p.n == 0) return Flags(size, false);
  std::vector<size_t> ranked;
  for (size_t i = 0; i < size; ++i) {
    if (infos[i].metric) ranked.push_back(i);
  }
  // Python's stable `sorted(key=..., reverse=...)`: equal metrics keep
  // their order either way, so the later of two ranks higher.
  std::stable_sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
    return p.reverse ? *infos[a].metric > *infos[b].metric
                     : *infos[a].metric < *infos[b].metric;
  });
  // `ranked[-n:]`.
  const size_t first = PrefixLength(ranked.size(), -*p.n);
  Flags keep(size, false);
  for (size_t i = first; i < ranked.size(); ++i) keep[ranked[i]] = true;
  if (p.keep_checkpoints_without_metrics) {
    for (size_t i = 0; i < size; ++i) {
      if (!infos[i].metric) keep[i] = true;
    }
  }
  return keep;
}

// Which of `infos` `policy` keeps; sets `raised` where Orbax raises
// TypeError.
Flags Preserve(const PreservationPolicy& policy, const Infos& infos,
               Micros now, bool& raised) {
  const size_t size = infos.size();
  struct Visitor {
    const Infos& infos;
    Micros now;
    size_t size;
    bool& raised;
    Flags operator()(const PreserveAll&) const { return Flags(size, true); }
    Flags operator()(const LatestN& p) const {
      if (!p.n || static_cast<int64_t>(size) <= *p.n) return Flags(size, true);
      Flags keep(size, false);
      for (size_t i = PrefixLength(size, size - *p.n); i < size; ++i) {
        keep[i] = *p.n > 0;
      }
      return keep;
    }
    Flags operator()(const EveryNSeconds& p) const {
      Flags keep(size, false);
      Micros last = 0;
      for (size_t i = 0; i < size; ++i) {
        keep[i] = i == 0 || AtLeastSecondsApart(infos[i].time, last,
                                                p.interval_secs, raised);
        if (keep[i]) last = infos[i].time;
      }
      return keep;
    }
    Flags operator()(const EveryNSteps& p) const {
      return KeepEveryNSteps(p, infos);
    }
    Flags operator()(const EveryNStepsClosest& p) const {
      return KeepEveryNStepsClosest(p, infos);
    }
    Flags operator()(const CustomSteps& p) const {
      Flags keep(size, false);
      for (size_t i = 0; i < size; ++i) {
        keep[i] = p.steps.contains(infos[i].step);
      }
      return keep;
    }
    Flags operator()(const BestN& p) const { return KeepBestN(p, infos); }
    Flags operator()(const LatestDuration& p) const {
      // From the first saved within `duration` before now, every one.
      const __int128 duration = absl::ToInt64Microseconds(p.duration);
      Flags keep(size, false);
      bool within = false;
      for (size_t i = 0; i < size && !raised; ++i) {
        if (!within) {
          const std::optional<__int128> age = Difference(now, infos[i].time);
          raised = !age;
          within = age && *age <= duration;
        }
        keep[i] = within;
      }
      return keep;
    }
    Flags operator()(const AnyPreservationPolicy& p) const {
      Flags keep(size, false);
      for (const PreservationPolicy& child : p.policies) {
        const Flags flags = Preserve(child, infos, now, raised);
        for (size_t i = 0; i < size; ++i) keep[i] = keep[i] || flags[i];
      }
      return keep;
    }
  };
  return std::visit(Visitor{infos, now, size, raised}, policy.policy);
}

// The time model, as whole microseconds per step.
class Clock {
 public:
  static absl::StatusOr<Clock> Make(const PlanInput& input);

  absl::StatusOr<Micros> At(int64_t step) const {
    if (step_seconds_) {
      // As Python computes `round(step * step_seconds * 1e6)`.
      const double micros =
          std::nearbyint(static_cast<double>(step) * *step_seconds_ * 1e6);
      if (!(std::fabs(micros) <= kMaxMicros)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "step_seconds: the time of step ", step, ", ", step, " * ",
            *step_seconds_, " s, is out of range (at most 4e12 s)"));
      }
      return static_cast<Micros>(micros);
    }
    const auto it = times_.find(step);
    if (it == times_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_, ": no time for step ", step,
                       ", which the run reaches or has on disk"));
    }
    return it->second;
  }

 private:
  std::optional<double> step_seconds_;
  std::string source_;
  absl::flat_hash_map<int64_t, Micros> times_;
};

absl::StatusOr<Clock> Clock::Make(const PlanInput& input) {
  Clock clock;
  if (input.step_seconds.has_value() == !input.step_times.empty()) {
    return absl::InvalidArgumentError(
        "give exactly one time model: step_seconds or step_times");
  }
  if (input.step_seconds) {
    if (!std::isfinite(*input.step_seconds) || *input.step_seconds < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("step_seconds: must be a finite number >= 0, got ",
                       *input.step_seconds));
    }
    clock.step_seconds_ = input.step_seconds;
    return clock;
  }
  clock.source_ = input.step_times_source;
  std::vector<const StepTime*> by_step;
  for (const StepTime& t : input.step_times) {
    const double micros = std::nearbyint(t.seconds * 1e6);
    if (!(std::fabs(micros) <= kMaxMicros)) {
      return absl::InvalidArgumentError(
          absl::StrCat(t.where, ": time of step ", t.step, " must be a finite ",
                       "number of seconds within 4e12, got ", t.seconds));
    }
    if (std::string error = StepError(t.step); !error.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(t.where, ": ", error));
    }
    if (!clock.times_.try_emplace(t.step, static_cast<Micros>(micros)).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          t.where, ": step ", t.step, " is given a time more than once"));
    }
    by_step.push_back(&t);
  }
  std::sort(by_step.begin(), by_step.end(),
            [](const StepTime* a, const StepTime* b) {
              return a->step < b->step;
            });
  for (size_t i = 1; i < by_step.size(); ++i) {
    const StepTime& a = *by_step[i - 1];
    const StepTime& b = *by_step[i];
    if (b.seconds < a.seconds) {
      return absl::InvalidArgumentError(absl::StrCat(
          b.where, ": step ", b.step, " at ", b.seconds,
          " s is earlier than step ", a.step, " at ", a.seconds, " s (",
          a.where, "); times may not go backwards as steps increase"));
    }
  }
  return clock;
}

absl::StatusOr<absl::flat_hash_map<int64_t, double>> MetricsByStep(
    const PlanInput& input) {
  absl::flat_hash_map<int64_t, double> metrics;
  if (!input.metrics) return metrics;
  for (const StepMetric& m : *input.metrics) {
    if (!std::isfinite(m.value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(m.where, ": metric must be a finite number, got ",
                       m.value));
    }
    if (!metrics.try_emplace(m.step, m.value).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(m.where, ": step ", m.step, " is given twice"));
    }
  }
  return metrics;
}

// The policies Orbax uses, with a `best_fn` when metrics are given.
ManagerPolicies PoliciesFor(const CheckpointManagerOptions& options,
                            bool best_fn) {
  ManagerPolicies policies = DerivedPolicies(options);
  if (best_fn && !options.preservation_policy) {
    // `_get_default_preservation_policy` puts BestN where LatestN is last.
    auto& any = std::get<AnyPreservationPolicy>(
        policies.preservation_policy.policy);
    any.policies.back() = {BestN{
        .reverse = options.best_mode == BestMode::kMin,
        .n = options.max_to_keep,
        .keep_checkpoints_without_metrics =
            options.keep_checkpoints_without_metrics}};
  }
  return policies;
}

template <typename Policy, typename Root>
bool Uses(const Root& root) {
  return std::visit(
      [](const auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, Policy>) {
          return true;
        } else if constexpr (std::is_same_v<P, AnySavePolicy> ||
                             std::is_same_v<P, AnyPreservationPolicy>) {
          return std::any_of(p.policies.begin(), p.policies.end(),
                             [](const auto& c) { return Uses<Policy>(c); });
        } else {
          return false;
        }
      },
      root.policy);
}

bool UsesTime(const ManagerPolicies& policies) {
  return Uses<ContinuousCheckpointingPolicy>(policies.save_decision_policy) ||
         Uses<EveryNSeconds>(policies.preservation_policy) ||
         Uses<LatestDuration>(policies.preservation_policy);
}

// `v1`: the Checkpointer's options that made `options`, or null.
std::vector<Assumption> AssumptionsFor(const CheckpointManagerOptions& options,
                                       const CheckpointerOptions* v1,
                                       const ManagerPolicies& policies,
                                       const PlanInput& input,
                                       int64_t refused) {
  std::vector<Assumption> out;
  out.push_back({"save duration",
                 "each save takes no time and finalises before the next "
                 "step: no save is in progress when a policy asks, and its "
                 "deletions happen right after it"});
  if (Uses<PreemptionCheckpointingPolicy>(policies.save_decision_policy)) {
    out.push_back({"preemption", "none: PreemptionCheckpointingPolicy never "
                                 "saves"});
  }
  if (v1 && !v1->save_decision_policy) {
    out.push_back({"save_decision_policy",
                   "unset: the Checkpointer's default, any of "
                   "InitialSavePolicy, ContinuousCheckpointingPolicy and "
                   "PreemptionCheckpointingPolicy: with no save in progress, "
                   "every step"});
  }
  if (v1 && !v1->preservation_policy) {
    out.push_back({"preservation_policy",
                   "unset: the Checkpointer's default, PreserveAll"});
  }
  if (!options.save_decision_policy) {
    out.push_back({"should_save_fn",
                   "none: the save decision is derived from "
                   "save_interval_steps and save_on_steps"});
  }
  if (!options.preservation_policy) {
    out.push_back(
        {"best_fn",
         input.metrics
             ? absl::StrCat("the metric \"", input.metric_name,
                            "\": max_to_keep keeps the best by best_mode "
                            "(BestN), as with a best_fn that returns it")
             : std::string("none: max_to_keep keeps the latest (LatestN)")});
  }
  if (Uses<BestN>(policies.preservation_policy)) {
    out.push_back({"missing metrics",
                   input.metrics
                       ? "a step the metrics leave out has none; BestN "
                         "keeps it only with keep_checkpoints_without_metrics"
                       : "no metrics given: no checkpoint has any; BestN keeps "
                         "them only with keep_checkpoints_without_metrics"});
  }
  if (UsesTime(policies)) {
    out.push_back({"wall clock",
                   "the time model in place of the real clock: a step's time "
                   "(whole microseconds) is 'now' throughout that step"});
  }
  if (!input.existing_steps.empty()) {
    out.push_back(
        {"existing checkpoints",
         options.lightweight_initialize
             ? "lightweight_initialize: Orbax reads neither their times "
               "nor their metrics; they have none (a time-based policy that "
               "compares one fails, as Orbax does)"
             : input.metrics && v1
                   ? "saved at their step's time in the model, with the "
                     "metric the metrics give them (the Checkpointer writes "
                     "a step's metrics with it, and Orbax reads them back)"
             : input.metrics && !options.prevent_write_metrics
                   ? "saved at their step's time in the model, with the "
                     "metric the metrics give them (Orbax reads it back from "
                     "the checkpoint, written with a best_fn)"
                   : "saved at their step's time in the model, without "
                     "metrics (Orbax writes them only with a best_fn and "
                     "without prevent_write_metrics)"});
  }
  if (refused > 0) {
    out.push_back({"steps at or below the latest checkpoint",
                   absl::StrCat("not saved, as Orbax's should_save() refuses "
                                "them (Orbax issue #527): ",
                                refused, " step(s) of the run")});
  }
  if (options.todelete_subdir || options.todelete_full_path) {
    out.push_back({v1 ? "context.deletion.gcs_deletion_options."
                        "todelete_full_path"
                      : "todelete_subdir / todelete_full_path",
                   "deleted checkpoints are moved, not freed; the plan "
                   "counts them as gone"});
  }
  return out;
}

// The checkpoints at the start: valid steps, each once, ascending.
absl::StatusOr<Infos> ExistingInfos(const CheckpointManagerOptions& options,
                                    const PlanInput& input, const Clock& clock,
                                    const absl::flat_hash_map<int64_t, double>&
                                        metrics) {
  Infos infos;
  absl::flat_hash_set<int64_t> seen;
  for (int64_t step : input.existing_steps) {
    if (std::string error = StepError(step); !error.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("existing_steps: ", error));
    }
    if (!seen.insert(step).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("existing_steps: step ", step, " is given twice"));
    }
    absl::StatusOr<Micros> time = clock.At(step);
    if (!time.ok()) return time.status();
    Info info{.step = step,
              .time = options.lightweight_initialize ? kNaive : *time};
    // Orbax reads them back from the checkpoint's metrics item, which it
    // writes only with a best_fn and without prevent_write_metrics.
    if (auto it = metrics.find(step);
        it != metrics.end() && !options.lightweight_initialize &&
        !options.prevent_write_metrics) {
      info.metric = it->second;
    }
    infos.push_back(info);
  }
  std::sort(infos.begin(), infos.end(),
            [](const Info& a, const Info& b) { return a.step < b.step; });
  return infos;
}

// Records the save of `infos.back()`, then deletes what `policy` does not
// keep.
void Save(const PreservationPolicy& policy, Micros now, Infos& infos,
          Plan& plan, PlanVisitor* visitor, bool& raised) {
  const int64_t step = infos.back().step;
  ++plan.saved_count;
  visitor ? visitor->Saved(step) : plan.saved.push_back(step);
  if (static_cast<int64_t>(infos.size()) > plan.peak_checkpoints) {
    plan.peak_checkpoints = static_cast<int64_t>(infos.size());
    plan.peak_step = step;
  }
  const Flags keep = Preserve(policy, infos, now, raised);
  if (raised) return;
  size_t out = 0;
  for (size_t i = 0; i < infos.size(); ++i) {
    if (keep[i]) {
      infos[out++] = infos[i];
      continue;
    }
    const Deletion deletion{infos[i].step, step};
    ++plan.deletion_count;
    visitor ? visitor->Deleted(deletion) : plan.deletions.push_back(deletion);
  }
  infos.resize(out);
}

// Where Orbax fails on an existing checkpoint's naive time.
absl::Status NaiveTimeError(int64_t step) {
  return absl::InvalidArgumentError(absl::StrCat(
      "existing_steps: at step ", step,
      ", Orbax raises TypeError (can't subtract offset-naive and "
      "offset-aware datetimes): with lightweight_initialize, existing "
      "checkpoints have a naive datetime.min, which a time-based policy "
      "compares with this step's time"));
}

// Where the Checkpointer's save() fails before its manager decides.
absl::Status CheckpointerError(int64_t step, bool on_disk) {
  if (on_disk) {
    return absl::InvalidArgumentError(absl::StrCat(
        "existing_steps: at step ", step,
        ", Orbax's Checkpointer.save() raises StepAlreadyExistsError (Step ",
        step, " already exists.): the run reaches a step on disk"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "existing_steps: at step ", step,
      ", Orbax's Checkpointer.save() raises ValueError (year 0 is out of "
      "range): with lightweight_initialize, existing checkpoints have a "
      "naive datetime.min, whose timestamp Checkpointer.checkpoints takes"));
}

absl::Status CheckSteps(const StepRange& steps) {
  if (steps.step <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("steps: STRIDE must be > 0, got ", steps.step));
  }
  if (std::string error = StepRangeError(steps); !error.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("steps: ", error));
  }
  return absl::OkStatus();
}

// The plan of `options`; `v1`: the Checkpointer's options that made them,
// or null for a manager's.
absl::StatusOr<Plan> Play(const CheckpointManagerOptions& options,
                          const CheckpointerOptions* v1,
                          const PlanInput& input, PlanVisitor* visitor) {
  if (absl::Status status = CheckSteps(input.steps); !status.ok()) {
    return status;
  }
  if (input.checkpoint_bytes && *input.checkpoint_bytes < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint_bytes: must be >= 0, got ",
                     *input.checkpoint_bytes));
  }
  absl::StatusOr<Clock> clock = Clock::Make(input);
  if (!clock.ok()) return clock.status();
  absl::StatusOr<absl::flat_hash_map<int64_t, double>> metrics =
      MetricsByStep(input);
  if (!metrics.ok()) return metrics.status();
  absl::StatusOr<Infos> infos = ExistingInfos(options, input, *clock, *metrics);
  if (!infos.ok()) return infos.status();
  const ManagerPolicies policies =
      PoliciesFor(options, input.metrics.has_value());

  Plan plan;
  plan.peak_checkpoints = static_cast<int64_t>(infos->size());
  plan.peak_step = input.steps.start;
  int64_t refused = 0;
  bool raised = false;
  for (int64_t step = input.steps.start; step < input.steps.stop;) {
    absl::StatusOr<Micros> now = clock->At(step);
    if (!now.ok()) return now.status();
    if (v1) {
      // Checkpointer.checkpoints, then a step among them, before the
      // manager decides.
      const auto has = [&](auto pred) {
        return std::any_of(infos->begin(), infos->end(), pred);
      };
      if (has([](const Info& info) { return info.time == kNaive; })) {
        return CheckpointerError(step, false);
      }
      if (has([&](const Info& info) { return info.step == step; })) {
        return CheckpointerError(step, true);
      }
    }
    if (options.read_only) {
      // should_save() is false; nothing is saved or deleted.
    } else if (!infos->empty() && infos->back().step >= step) {
      ++refused;
    } else if (ShouldSave(policies.save_decision_policy, step, *now, *infos,
                          raised)) {
      Info info{.step = step, .time = *now};
      if (auto it = metrics->find(step); it != metrics->end()) {
        info.metric = it->second;
      }
      infos->push_back(info);
      Save(policies.preservation_policy, *now, *infos, plan, visitor, raised);
    }
    if (raised) return NaiveTimeError(step);
    if (input.steps.stop - step <= input.steps.step) break;
    step += input.steps.step;
  }
  for (const Info& info : *infos) plan.kept.push_back(info.step);
  if (input.checkpoint_bytes) {
    int64_t bytes = 0;
    if (__builtin_mul_overflow(*input.checkpoint_bytes, plan.peak_checkpoints,
                               &bytes)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "checkpoint_bytes: ", *input.checkpoint_bytes, " x ",
          plan.peak_checkpoints, " checkpoints is past 2^63 bytes"));
    }
    plan.peak_bytes = bytes;
  }
  plan.assumptions = AssumptionsFor(options, v1, policies, input, refused);
  return plan;
}

}  // namespace

absl::StatusOr<Plan> MakePlan(const CheckpointManagerOptions& options,
                              const PlanInput& input, PlanVisitor* visitor) {
  if (absl::Status status = Validate(options); !status.ok()) return status;
  return Play(options, nullptr, input, visitor);
}

CheckpointManagerOptions ManagerOptionsFor(const CheckpointerOptions& options) {
  CheckpointManagerOptions manager;
  manager.save_decision_policy =
      options.save_decision_policy.value_or(SaveDecisionPolicy{AnySavePolicy{
          .policies = {{InitialSavePolicy{}},
                       {ContinuousCheckpointingPolicy{}},
                       {PreemptionCheckpointingPolicy{}}}}});
  manager.preservation_policy =
      options.preservation_policy.value_or(PreservationPolicy{PreserveAll{}});
  manager.max_to_keep = std::nullopt;
  manager.lightweight_initialize = options.lightweight_initialize;
  if (options.context) {
    manager.todelete_full_path =
        options.context->deletion.gcs_deletion_options.todelete_full_path;
  }
  return manager;
}

absl::StatusOr<Plan> MakePlan(const CheckpointerOptions& options,
                              const PlanInput& input, PlanVisitor* visitor) {
  if (absl::Status status = Validate(options); !status.ok()) return status;
  return Play(ManagerOptionsFor(options), &options, input, visitor);
}

}  // namespace orbax::checkpoint::options
