// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/rules.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/stubs/common.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/codecs.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options::internal {
namespace {

std::string Quoted(const std::string& value) {
  return absl::StrCat("\"", absl::CHexEscape(value), "\"");
}

// A warning for a field that `read_only` resets; located at `read_only`
// when the input leaves the field at its default.
Finding ReadOnlyResets(const std::string& to, const std::string& was) {
  return {absl::StrCat("read_only is true, so Orbax resets it to ", to,
                       was.empty() ? "" : absl::StrCat(" (was ", was, ")")),
          "read_only"};
}

// The manager's rule against the legacy keep options beside a preservation
// policy, which Orbax checks on the values after `read_only`'s resets and
// with Python's truthiness: 0 and a zero duration count as unset.
bool ConflictsWithPreservationPolicy(bool truthy,
                                     const ManagerOptions& options) {
  return truthy && options.preservation_policy && !options.read_only;
}

std::string PreservationPolicyConflict(const std::string& value) {
  return absl::StrCat(
      "must be unset (or 0, which Python reads as unset) when "
      "preservation_policy is set, got ",
      value,
      ": Orbax's CheckpointManager refuses max_to_keep, keep_time_interval "
      "and keep_period beside a preservation policy");
}

// The rule of every count of checkpoints to keep, with `when` the condition
// under which it holds ("" for always).
std::string NegativeKeepCount(int64_t value, const char* when) {
  return absl::StrCat("must be >= 0", when,
                      " (unset keeps every checkpoint), got ", value);
}

// Python's `timedelta` range, in whole seconds: +-999999999 days, the
// largest ending at 23:59:59.
constexpr int64_t kMinTimedeltaSeconds = -999999999LL * 86400;
constexpr int64_t kMaxTimedeltaSeconds = 999999999LL * 86400 + 86399;

// Linux's NAME_MAX: the bytes of one directory name.
constexpr int64_t kMaxNameBytes = 255;
// What an atomic rename appends to a step directory's name while it is
// written (Orbax's TMP_DIR_SUFFIX).
constexpr char kTmpDirSuffix[] = ".orbax-checkpoint-tmp";

}  // namespace

std::string Positive(const int32_t& value) {
  return value > 0 ? "" : absl::StrCat("must be > 0, got ", value);
}

std::string PermissionBits(const int32_t& value) {
  if (value >= 0 && value <= 07777) return "";
  return absl::StrFormat("must be in [0, 07777], got %d (0%o)", value,
                         static_cast<uint32_t>(value));
}

std::string RegulatorCeiling(const int32_t& value) {
  // Orbax's memory regulator starts at 10 GiB and needs its ceiling, this
  // value in GiB of 2^30 bytes, to be over 10 / 0.8: 13 * 10^9 bytes is
  // 12.1 GiB, 14 * 10^9 is 13.04 GiB.
  if (value >= 14) return "";
  return absl::StrCat(
      value,
      " is below 14: when the PyTree handler's "
      "save_device_host_concurrent_bytes is 'auto', Orbax's memory regulator "
      "refuses a ceiling this low when it runs");
}

std::string Utf8(const std::string& value) {
  if (google::protobuf::internal::IsStructurallyValidUTF8(
          value.data(), static_cast<int>(value.size()))) {
    return "";
  }
  return absl::StrCat("must be UTF-8, got \"", absl::CHexEscape(value), "\"");
}

std::string NotEmptyProcessSet(const ProcessSet& value) {
  if (!value.empty()) return "";
  return "must not be empty when set; leave it unset for all processes";
}

std::string OrbaxProcessCount(const ProcessSet& value) {
  if (value.size() <= kMaxOrbaxProcesses) return "";
  return absl::StrCat("a set of ", value.size(), " processes, over the ",
                      kMaxOrbaxProcesses,
                      " (kMaxOrbaxProcesses) that to_orbax() converts: Orbax "
                      "holds active_processes as a Python set of ints");
}

std::string SaveIntervalStepsRule(const int64_t& value,
                                  const ManagerOptions& options) {
  // Orbax derives FixedIntervalPolicy(save_interval_steps) when no policy is
  // set; with read_only it never asks the policy.
  if (value == 0 && !options.save_decision_policy && !options.read_only) {
    return "must not be 0 when save_decision_policy is unset: Orbax then "
           "saves at the steps where step % save_interval_steps == 0, a "
           "division by zero at its first save decision";
  }
  return "";
}

std::string MaxToKeepRule(const int64_t& value, const ManagerOptions& options) {
  // Checked before read_only's resets, as __post_init__ does.
  if (!options.preservation_policy && value < 0) {
    return NegativeKeepCount(value, " when preservation_policy is unset");
  }
  if (ConflictsWithPreservationPolicy(value != 0, options)) {
    return PreservationPolicyConflict(absl::StrCat(value));
  }
  return "";
}

std::string KeepTimeIntervalRule(const absl::Duration& value,
                                 const ManagerOptions& options) {
  if (std::string error = DurationError(value); !error.empty()) return error;
  if (ConflictsWithPreservationPolicy(value != absl::ZeroDuration(), options)) {
    return PreservationPolicyConflict(absl::FormatDuration(value));
  }
  return "";
}

std::string KeepPeriodRule(const int64_t& value,
                           const ManagerOptions& options) {
  if (ConflictsWithPreservationPolicy(value != 0, options)) {
    return PreservationPolicyConflict(absl::StrCat(value));
  }
  // Orbax derives EveryNSteps(keep_period) when no policy is set, which
  // raises on an interval of 0 the first time it decides what to keep (never
  // with read_only, which resets keep_period).
  if (value == 0 && !options.preservation_policy && !options.read_only) {
    return "must not be 0 when preservation_policy is unset: Orbax derives "
           "EveryNSteps(interval_steps=0) from it, which raises when it first "
           "decides which checkpoints to keep";
  }
  return "";
}

std::string StepFormatFixedLengthRule(const int32_t& value,
                                      const ManagerOptions& options) {
  if (value < 0) {
    return absl::StrCat("must be >= 0, got ", value,
                        ": Orbax names step directories with "
                        "f'{step:0{n}d}', which raises ValueError for a "
                        "negative width at the first save");
  }
  // The longest name is `<step_prefix>_<padded step>` and, unless the commit
  // protocol is a commit file, the temporary directory's suffix.
  const auto& atomicity = options.atomicity_options;
  const bool commit_file =
      atomicity && atomicity->mode == AtomicityMode::kCommitFile;
  const int64_t prefix =
      options.step_prefix ? static_cast<int64_t>(options.step_prefix->size()) + 1
                          : 0;
  const int64_t suffix =
      commit_file ? 0 : static_cast<int64_t>(sizeof(kTmpDirSuffix) - 1);
  const int64_t bound = kMaxNameBytes - prefix - suffix;
  if (value <= bound) return "";
  return absl::StrCat(
      "must be <= ", bound, ", got ", value, ": a step directory's name (",
      prefix > 0 ? absl::StrCat(prefix, " bytes of step_prefix and \"_\", ")
                 : "",
      "the padded step",
      commit_file ? "" : absl::StrCat(" and the atomic rename's \"",
                                      kTmpDirSuffix, "\""),
      ") must fit in ", kMaxNameBytes,
      " bytes, or Orbax's first save fails with ENAMETOOLONG");
}

Finding CreateRule(const bool& value, const ManagerOptions& options) {
  const auto& active = options.multiprocessing_options.active_processes;
  if (value && !options.read_only && active) {
    return {absl::StrCat("must be false when "
                         "multiprocessing_options.active_processes is set (",
                         active->ToString(),
                         "): Orbax's CheckpointManager raises "
                         "NotImplementedError for create with "
                         "active_processes; create the root directory "
                         "beforehand"),
            "multiprocessing_options.active_processes"};
  }
  return {};
}

std::string TodeleteFullPathRule(const std::string& value,
                                 const ManagerOptions& options) {
  if (std::string error = Utf8(value); !error.empty()) return error;
  if (options.todelete_subdir && !options.read_only) {
    return absl::StrCat("must not be set together with todelete_subdir (",
                        Quoted(*options.todelete_subdir), "), got ",
                        Quoted(value), ": Orbax refuses both");
  }
  return "";
}

std::string PerProcessDirectoryRule(const bool& value,
                                    const ManagerOptions& options) {
  const auto& primary = options.multiprocessing_options.primary_host;
  if (value && primary) {
    return absl::StrCat(
        "needs multiprocessing_options.all_hosts_primary (Python "
        "primary_host=None), but primary_host is ",
        *primary);
  }
  return "";
}

Finding SaveIntervalStepsWarning(const int64_t& value,
                                 const ManagerOptions& options) {
  if (options.read_only && value > 0) {
    return ReadOnlyResets("0", absl::StrCat(value));
  }
  if (options.save_decision_policy && value != 1) {
    return absl::StrCat(
        "ignored: save_decision_policy is set and alone "
        "decides when to save (got ",
        value, ")");
  }
  return "";
}

Finding ResetToNoneWarning(const int64_t& value,
                           const ManagerOptions& options) {
  return options.read_only ? ReadOnlyResets("None", absl::StrCat(value)) : "";
}

Finding DurationResetToNoneWarning(const absl::Duration& value,
                                   const ManagerOptions& options) {
  return options.read_only ? ReadOnlyResets("None", absl::FormatDuration(value))
                           : "";
}

Finding StringResetToNoneWarning(const std::string& value,
                                 const ManagerOptions& options) {
  return options.read_only ? ReadOnlyResets("None", Quoted(value)) : "";
}

Finding ResetToFalseWarning(const bool& value, const ManagerOptions& options) {
  return options.read_only && value ? ReadOnlyResets("false", "") : "";
}

Finding SaveOnStepsWarning(const StepSet& value,
                           const ManagerOptions& options) {
  if (value.empty()) return "";  // Python's None: falsy, nothing to reset.
  if (options.read_only) {
    return ReadOnlyResets("None",
                          absl::StrCat("a set of ", value.size(), " steps"));
  }
  if (options.save_decision_policy) {
    return absl::StrCat(
        "ignored: save_decision_policy is set and alone decides when to save "
        "(got a set of ",
        value.size(), " steps)");
  }
  return "";
}

void AsyncOptionsCheck(const AsyncOptions& async, const ManagerOptions& options,
                       const ErrorSink& sink) {
  if (async.create_directories_asynchronously &&
      !options.enable_async_checkpointing) {
    sink.Warn("create_directories_asynchronously",
              "Orbax turns it off: enable_async_checkpointing is false, and "
              "Orbax's CheckpointManager ANDs the two");
  }
}

std::string IntervalRule(const int64_t& value) {
  if (value != 0) return "";
  return "must not be 0: Orbax saves at the steps where step % interval == "
         "0, a division by zero";
}

std::string IntervalStepsRule(const int64_t& value) {
  if (value != 0) return "";
  return "must not be 0: Orbax raises \"interval_steps must not be 0\" when "
         "it first decides which checkpoints to keep";
}

std::string KeepCountRule(const int64_t& value) {
  if (value >= 0) return "";
  return absl::StrCat(NegativeKeepCount(value, ""),
                      ": Orbax takes it and then deletes checkpoints it "
                      "should keep, up to every one");
}

std::string TimedeltaSecondsRule(const int64_t& value) {
  if (value >= kMinTimedeltaSeconds && value <= kMaxTimedeltaSeconds) {
    return "";
  }
  return absl::StrCat("must be in [", kMinTimedeltaSeconds, ", ",
                      kMaxTimedeltaSeconds,
                      "] (Python's timedelta, +-999999999 days), got ", value,
                      ": Orbax's timedelta(seconds=", value,
                      ") raises OverflowError when it first compares the "
                      "times of two checkpoints");
}

std::string NotEmptyPreservationPolicies(
    const std::vector<PreservationPolicy>& value) {
  if (!value.empty()) return "";
  return "must not be empty: Orbax fails on an empty list the first time it "
         "decides which checkpoints to keep";
}

}  // namespace orbax::checkpoint::options::internal
