// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/checkpoint_manager.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options {
namespace {

void CollectBestN(const PreservationPolicy& policy, const std::string& path,
                  std::vector<std::string>& out) {
  if (std::holds_alternative<BestN>(policy.policy)) {
    out.push_back(absl::StrCat(path, ".best_n"));
  } else if (const auto* any =
                 std::get_if<AnyPreservationPolicy>(&policy.policy)) {
    for (size_t i = 0; i < any->policies.size(); ++i) {
      CollectBestN(any->policies[i],
                   absl::StrCat(path, ".any.policies[", i, "]"), out);
    }
  }
}

// Python's `int(timedelta.total_seconds())` for a whole number of
// microseconds: `total_seconds()` is the microseconds divided by 10^6,
// rounded to the nearest double, and `int()` truncates that toward zero. Past
// 2^34 seconds (544 years) the nearest double can be the next whole second,
// so plain truncation would be off by one there; this follows the double.
int64_t PythonIntTotalSeconds(absl::Duration value) {
  const int64_t micros = absl::ToInt64Microseconds(value);
  const bool negative = micros < 0;
  const uint64_t m = negative ? 0 - static_cast<uint64_t>(micros)
                              : static_cast<uint64_t>(micros);
  uint64_t seconds = m / 1000000;
  const uint64_t rest = m % 1000000;
  if (rest != 0) {
    // The double nearest to seconds + rest / 10^6 is the next second `up`
    // when the distance to it, (10^6 - rest) / 10^6, is at most half the
    // spacing of doubles just below `up` (a tie goes to `up`, whose mantissa
    // is even): 2^(e - 52), or 2^(e - 53) if `up` is 2^e itself.
    const uint64_t up = seconds + 1;
    const int e = 63 - __builtin_clzll(up);
    const bool power_of_two = (up & (up - 1)) == 0;
    const int shift = 53 - e + (power_of_two ? 1 : 0);
    if (shift < 21 && ((1000000 - rest) << shift) <= 1000000) seconds = up;
  }
  return negative ? -static_cast<int64_t>(seconds)
                  : static_cast<int64_t>(seconds);
}

}  // namespace

void ApplyReadOnly(CheckpointManagerOptions& options) {
  if (!options.read_only) return;
  // In __post_init__'s order; each is a reset Orbax logs a warning for.
  if (options.save_interval_steps > 0) options.save_interval_steps = 0;
  options.max_to_keep.reset();
  options.keep_time_interval.reset();
  options.keep_period.reset();
  options.create = false;
  options.cleanup_tmp_directories = false;
  options.save_on_steps = StepSet();
  options.todelete_subdir.reset();
  options.todelete_full_path.reset();
}

ManagerPolicies DerivedPolicies(const CheckpointManagerOptions& given) {
  CheckpointManagerOptions options = given;
  ApplyReadOnly(options);
  ManagerPolicies policies;
  if (options.save_decision_policy) {
    policies.save_decision_policy = *options.save_decision_policy;
  } else {
    // save_interval_steps is never None, and __post_init__ turns
    // save_on_steps into a frozenset, so both policies are always there.
    policies.save_decision_policy = {AnySavePolicy{{
        {FixedIntervalPolicy{options.save_interval_steps}},
        {SpecificStepsPolicy{options.save_on_steps}},
        {PreemptionCheckpointingPolicy{}},
        {InitialSavePolicy{}},
    }}};
  }
  if (options.preservation_policy) {
    policies.preservation_policy = *options.preservation_policy;
  } else {
    AnyPreservationPolicy any;
    if (options.keep_period) {
      any.policies.push_back(
          {EveryNSteps{.interval_steps = *options.keep_period,
                       .exact_interval = true,
                       .max_to_keep = std::nullopt}});
    }
    if (options.keep_time_interval) {
      any.policies.push_back(
          {EveryNSeconds{.interval_secs = PythonIntTotalSeconds(
                             *options.keep_time_interval)}});
    }
    any.policies.push_back({LatestN{.n = options.max_to_keep}});
    policies.preservation_policy = {std::move(any)};
  }
  return policies;
}

std::vector<std::string> BestNPaths(const CheckpointManagerOptions& options) {
  std::vector<std::string> paths;
  if (options.preservation_policy) {
    CollectBestN(*options.preservation_policy, "preservation_policy", paths);
  }
  return paths;
}

}  // namespace orbax::checkpoint::options
