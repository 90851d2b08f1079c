// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/rules.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/stubs/common.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
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

// The names `numpy.dtype()` knows for the dtypes an array is stored in,
// each its dtype's own `.name`, with ml_dtypes' (which JAX imports) added:
// numpy 2.4 and ml_dtypes as installed with jax 0.10. Aliases (`float`,
// `f4`, ...) and the platform-dependent `float128` and `complex256` are left
// out. tests/python/test_v1_*.py checks the table against numpy.
constexpr std::string_view kNumpyDtypeNames[] = {
    "bcomplex32",    "bfloat16",       "bool",
    "complex128",    "complex32",      "complex64",
    "float16",       "float32",        "float4_e2m1fn",
    "float64",       "float6_e2m3fn",  "float6_e3m2fn",
    "float8_e3m4",   "float8_e4m3",    "float8_e4m3b11fnuz",
    "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
    "float8_e5m2fnuz", "float8_e5m3fnu", "float8_e8m0fnu",
    "int1",          "int16",          "int2",
    "int32",         "int4",           "int64",
    "int8",          "uint1",          "uint16",
    "uint2",         "uint32",         "uint4",
    "uint64",        "uint8",
};

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

std::string PositiveBytes(const int64_t& value) {
  // Orbax's byte limiters (limits.py:93), its Safetensors reads
  // (safetensors_layout.py:993) and its storage chunks (subchunking.py:146)
  // refuse what is not positive, when they run.
  if (value > 0) return "";
  return absl::StrCat("must be > 0 (unset for Orbax's default), got ", value,
                      ": Orbax raises ValueError for it when it saves or "
                      "loads");
}

std::string NonNegativeBytes(const int64_t& value) {
  // tensorstore_utils.py:556.
  if (value >= 0) return "";
  return absl::StrCat("must be >= 0 (0 means no limit), got ", value,
                      ": Orbax raises ValueError for it when it saves");
}

std::string NonNegativeIndex(const int32_t& value) {
  if (value >= 0) return "";
  return absl::StrCat("must be >= 0, got ", value,
                      ": Orbax indexes the replicas of the mesh with it");
}

std::string NumpyDtypeName(const std::string& value) {
  const auto* end = std::end(kNumpyDtypeNames);
  if (std::find(std::begin(kNumpyDtypeNames), end, value) != end) return "";
  return absl::StrCat(
      "must be a dtype name that numpy knows, such as \"bfloat16\", "
      "\"float32\" or \"int8\", got ",
      Quoted(value),
      ": Orbax casts to np.dtype(dtype) when it saves, which raises TypeError");
}

std::string NonNegativeAxes(const ShardAxes& value) {
  // subchunking.py:114: each axis in [0, rank), the rank known at save.
  for (size_t i = 0; i < value.axes.size(); ++i) {
    if (value.axes[i] < 0) {
      return absl::StrCat("axes[", i, "] must be >= 0, got ", value.axes[i],
                          ": Orbax refuses an axis outside [0, rank) when it "
                          "saves");
    }
  }
  return "";
}

// A double in a message: the shortest text that reads back as it, so that
// 0.9999999999999999 is not shown as 1 next to "must be >= 1".
std::string Shown(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof(text), value).ptr);
}

std::string PositiveGib(const double& value) {
  // memory_regulator.py:171, as RegulatorOptions builds its regulator.
  if (value > 0) return "";
  return absl::StrCat("must be > 0, got ", Shown(value),
                      ": Orbax's RegulatorOptions raises ValueError for it");
}

std::string MinMemoryLimitRule(const double& value,
                               const MemoryOptions::RegulatorOptions& options) {
  if (std::string error = PositiveGib(value); !error.empty()) return error;
  // memory_regulator.py:181.
  const double target = options.max_memory_limit_gib * options.target_ratio;
  if (value < target) return "";
  return absl::StrCat(
      "must be less than max_memory_limit_gib * target_ratio (",
      Shown(options.max_memory_limit_gib), " * ",
      Shown(options.target_ratio), " = ", Shown(target), " GiB), got ",
      Shown(value),
      ": Orbax's RegulatorOptions raises ValueError for it");
}

std::string ScalingFactorRule(
    const double& value,
    const ArrayOptions::Loading::LoadAndBroadcastOptions& options) {
  // multislice.py:188, read only without broadcast_memory_limit_bytes.
  if (value <= 1 || options.broadcast_memory_limit_bytes) return "";
  return absl::StrCat("must be <= 1 when broadcast_memory_limit_bytes is "
                      "unset, got ",
                      Shown(value),
                      ": Orbax raises ValueError for it when it loads with "
                      "load-and-broadcast");
}

std::string OverReadRatioRule(const double& value) {
  // safetensors_layout.py:359.
  if (value >= 1) return "";
  return absl::StrCat("must be >= 1, got ", Shown(value),
                      ": Orbax raises ValueError for it when it loads a "
                      "Safetensors checkpoint");
}

std::string GcsTodeleteFullPathRule(const std::string& value) {
  if (std::string error = Utf8(value); !error.empty()) return error;
  // deletion/path_utils.py:56.
  const bool dot_dot =
      absl::StrCat("/", value, "/").find("/../") != std::string::npos;
  if (!value.empty() && value[0] != '/' && !dot_dot &&
      value.find("://") == std::string::npos) {
    return "";
  }
  return absl::StrCat("must be a path relative to the bucket root (not "
                      "empty, not starting with '/', without a '..' "
                      "component or '://'), got ",
                      Quoted(value),
                      ": Orbax raises ValueError for it when it deletes");
}

std::string StepFormatLengthRule(const int32_t& value) {
  if (value >= 0) return "";
  return absl::StrCat("must be >= 0, got ", value,
                      ": Orbax names step directories with f'{step:0{n}d}', "
                      "which raises ValueError for a negative width at the "
                      "first save");
}

Finding OcdbtOnlyWarning(const int64_t& value,
                         const ArrayOptions::Saving& saving) {
  // tensorstore_utils.py:429: only the OCDBT kvstore gets it.
  if (saving.use_ocdbt) return {};
  return {absl::StrCat("ignored: use_ocdbt is false, and Orbax gives the "
                       "target only to OCDBT (got ",
                       value, ")"),
          "use_ocdbt"};
}

std::string ReplicaParallelOffWarning(const int64_t& value) {
  // replica_slices.py:217.
  if (value > 1) return "";
  return absl::StrCat(value,
                      " is at most 1: Orbax then saves each array from one "
                      "replica, as if use_replica_parallel were false");
}

Finding LoadAndBroadcastOnlyWarning(
    const ArrayOptions::Loading::LoadAndBroadcastOptions& value,
    const ArrayOptions::Loading& loading) {
  // serialization/registration.py:81.
  if (loading.use_load_and_broadcast ||
      value == ArrayOptions::Loading::LoadAndBroadcastOptions{}) {
    return {};
  }
  return {"ignored: use_load_and_broadcast is false, and Orbax reads these "
          "options only with it",
          "use_load_and_broadcast"};
}

Finding TransferBytesIgnoredWarning(const int64_t& value,
                                    const MemoryOptions& memory) {
  // pytree_handler.py:98.
  if (!memory.regulator_options) return {};
  return {absl::StrCat("ignored: regulator_options is set, and Orbax's "
                       "regulator sets the transfer limit instead (got ",
                       value, ")"),
          "regulator_options"};
}

std::string SurgeBytesIgnoredWarning(const int64_t& value,
                                     const MemoryOptions& memory) {
  // saving/execution.py:292.
  if (memory.regulator_options) return "";
  return absl::StrCat("ignored: Orbax reads it only with regulator_options, "
                      "which is unset (got ",
                      value, ")");
}

void CheckpointerContextCheck(const Context& context,
                              const CheckpointerOptions&,
                              const ErrorSink& sink) {
  // training/checkpointer.py:199 makes a CheckpointManager with `create`
  // left true, which refuses active_processes (checkpoint_manager.py:542).
  const auto& active = context.multiprocessing.active_processes;
  if (!active) return;
  sink.Add("multiprocessing.active_processes",
           absl::StrCat("must be unset in a Checkpointer's context, got ",
                        active->ToString(),
                        ": Orbax's training.Checkpointer makes a "
                        "CheckpointManager with create=True, which raises "
                        "NotImplementedError for create with "
                        "active_processes"));
}

}  // namespace orbax::checkpoint::options::internal
