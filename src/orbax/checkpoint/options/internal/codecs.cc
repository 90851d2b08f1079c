// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/codecs.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {
namespace {

// The one mapping between a C++ enum and the schema's, for both directions
// and the rule. (`..._UNSPECIFIED` is not in it: it reads as the default,
// and is never written.)
template <typename T, typename P>
struct EnumTable;
template <>
struct EnumTable<AtomicityMode, v1::AtomicityMode> {
  static constexpr const char* kName = "AtomicityMode";
  static constexpr const char* kHint = "";
  static constexpr v1::AtomicityMode kUnspecified =
      v1::ATOMICITY_MODE_UNSPECIFIED;
  static constexpr std::pair<AtomicityMode, v1::AtomicityMode> kValues[] = {
      {AtomicityMode::kAuto, v1::ATOMICITY_MODE_AUTO},
      {AtomicityMode::kCommitFile, v1::ATOMICITY_MODE_COMMIT_FILE},
      {AtomicityMode::kAtomicRename, v1::ATOMICITY_MODE_ATOMIC_RENAME},
  };
};
template <>
struct EnumTable<BestMode, v1::BestMode> {
  static constexpr const char* kName = "BestMode";
  static constexpr const char* kHint =
      " (Orbax's best_mode is 'max' or 'min')";
  static constexpr v1::BestMode kUnspecified = v1::BEST_MODE_UNSPECIFIED;
  static constexpr std::pair<BestMode, v1::BestMode> kValues[] = {
      {BestMode::kMax, v1::BEST_MODE_MAX},
      {BestMode::kMin, v1::BEST_MODE_MIN},
  };
};

template <>
struct EnumTable<CheckpointLayout, v1::CheckpointLayout> {
  static constexpr const char* kName = "CheckpointLayout";
  static constexpr const char* kHint =
      " (Orbax's CheckpointLayout is 'orbax', 'safetensors' or 'auto')";
  static constexpr v1::CheckpointLayout kUnspecified =
      v1::CHECKPOINT_LAYOUT_UNSPECIFIED;
  static constexpr std::pair<CheckpointLayout, v1::CheckpointLayout>
      kValues[] = {
          {CheckpointLayout::kOrbax, v1::CHECKPOINT_LAYOUT_ORBAX},
          {CheckpointLayout::kSafetensors, v1::CHECKPOINT_LAYOUT_SAFETENSORS},
          {CheckpointLayout::kAuto, v1::CHECKPOINT_LAYOUT_AUTO},
      };
};
template <>
struct EnumTable<CheckpointingImpl, v1::CheckpointingImpl> {
  static constexpr const char* kName = "CheckpointingImpl";
  static constexpr const char* kHint = "";
  static constexpr v1::CheckpointingImpl kUnspecified =
      v1::CHECKPOINTING_IMPL_UNSPECIFIED;
  static constexpr std::pair<CheckpointingImpl, v1::CheckpointingImpl>
      kValues[] = {
          {CheckpointingImpl::kColocatedPython,
           v1::CHECKPOINTING_IMPL_COLOCATED_PYTHON},
          {CheckpointingImpl::kPersistence, v1::CHECKPOINTING_IMPL_PERSISTENCE},
          {CheckpointingImpl::kNoDispatcher,
           v1::CHECKPOINTING_IMPL_NO_DISPATCHER},
      };
};

// protobuf's Duration range: +-10,000 years.
constexpr int64_t kMaxDurationSeconds = 315576000000;
constexpr int32_t kNanosPerSecond = 1000000000;

struct DurationParts {
  int64_t seconds;
  int32_t nanos;
};

DurationParts Parts(absl::Duration value) {
  if (value == absl::InfiniteDuration()) return {INT64_MAX, 0};
  if (value == -absl::InfiniteDuration()) return {INT64_MIN, 0};
  // Truncates toward zero, so the rest has the sign of `value`, as protobuf's
  // Duration wants.
  absl::Duration rest;
  const int64_t seconds = absl::IDivDuration(value, absl::Seconds(1), &rest);
  return {seconds, static_cast<int32_t>(absl::ToInt64Nanoseconds(rest))};
}

std::string NotMicroseconds(absl::Duration value) {
  return absl::StrCat(
      "must be a whole number of microseconds (Python's timedelta holds no "
      "finer), got ",
      absl::FormatDuration(value));
}

// Why a step set would take the config past kMaxConfigSteps.
std::string ConfigTooManySteps(int64_t named, int64_t before) {
  return absl::StrCat(
      "names ",
      named > kMaxConfigSteps ? absl::StrCat("over ", kMaxConfigSteps)
                              : absl::StrCat(named),
      " steps",
      before > 0 ? absl::StrCat(", after ", before,
                                " in the config's step sets before it")
                 : "",
      ": over the limit of ",
      kMaxConfigSteps,
      " for a whole config (kMaxConfigSteps), as Orbax keeps every step of "
      "every set in a Python frozenset (repeats count again)");
}

}  // namespace

template <typename T, typename P>
bool EnumCodec<T, P>::Decode(P in, T& out, std::string& error) {
  using Table = EnumTable<T, P>;
  // An open enum: `in` may hold a number this version does not know.
  if (in == Table::kUnspecified) {
    out = Table::kValues[0].first;
    return true;
  }
  for (const auto& [value, number] : Table::kValues) {
    if (number == in) {
      out = value;
      return true;
    }
  }
  error = absl::StrCat("unknown ", Table::kName, " number ",
                       static_cast<int>(in),
                       ", perhaps from a newer sender; this version knows 0 "
                       "to ",
                       static_cast<int>(std::end(Table::kValues)[-1].second),
                       Table::kHint);
  return false;
}

template <typename T, typename P>
P EnumCodec<T, P>::Encode(T value) {
  // Only a value cast from outside the enum is missing; `ToProto()` does not
  // validate, and `Check()` reports it.
  for (const auto& [v, number] : EnumTable<T, P>::kValues) {
    if (v == value) return number;
  }
  return EnumTable<T, P>::kValues[0].second;
}

template <typename T, typename P>
std::string EnumCodec<T, P>::Check(const T& value) {
  using Table = EnumTable<T, P>;
  for (const auto& entry : Table::kValues) {
    if (entry.first == value) return "";
  }
  return absl::StrCat("unknown ", Table::kName, " value ",
                      static_cast<int>(value), Table::kHint);
}

template struct EnumCodec<AtomicityMode, v1::AtomicityMode>;
template struct EnumCodec<BestMode, v1::BestMode>;
template struct EnumCodec<CheckpointLayout, v1::CheckpointLayout>;
template struct EnumCodec<CheckpointingImpl, v1::CheckpointingImpl>;

void Codec<ShardAxes>::Write(const ShardAxes& value, WireWriter& out) {
  if (value.axes.empty()) return;  // As protobuf: an empty packed list.
  const size_t mark = out.BeginDelimited(Proto::kAxesFieldNumber);
  for (const int32_t axis : value.axes) out.PackedInt32(axis);
  out.EndDelimited(mark);
}

std::string DurationError(const absl::Duration& value) {
  if (value == absl::InfiniteDuration() || value == -absl::InfiniteDuration()) {
    return absl::StrCat("must be finite, got ", absl::FormatDuration(value));
  }
  if (absl::AbsDuration(value) >=
      absl::Seconds(kMaxDurationSeconds) + absl::Seconds(1)) {
    return absl::StrCat("must be within +-", kMaxDurationSeconds,
                        "s (10,000 years, protobuf's Duration), got ",
                        absl::FormatDuration(value));
  }
  if (value % absl::Microseconds(1) != absl::ZeroDuration()) {
    return NotMicroseconds(value);
  }
  return "";
}

bool Codec<absl::Duration>::Load(const google::protobuf::Duration& in,
                                 absl::Duration& out, const ErrorSink& sink) {
  const int64_t seconds = in.seconds();
  const int32_t nanos = in.nanos();
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds) {
    sink.Add("", absl::StrCat(
        "seconds must be in [", -kMaxDurationSeconds, ", ", kMaxDurationSeconds,
        "] (10,000 years, protobuf's Duration), got ", seconds));
    return false;
  }
  if (nanos <= -kNanosPerSecond || nanos >= kNanosPerSecond) {
    sink.Add("", absl::StrCat("nanos must be in [-999999999, 999999999], got ", nanos));
    return false;
  }
  if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    sink.Add("", absl::StrCat("seconds and nanos must have the same sign, got seconds ",
                     seconds, " and nanos ", nanos));
    return false;
  }
  out = absl::Seconds(seconds) + absl::Nanoseconds(nanos);
  if (nanos % 1000 != 0) {
    sink.Add("", NotMicroseconds(out));
    return false;
  }
  return true;
}

void Codec<absl::Duration>::Save(absl::Duration value,
                                 google::protobuf::Duration& out) {
  const DurationParts parts = Parts(value);
  out.set_seconds(parts.seconds);
  out.set_nanos(parts.nanos);
}

void Codec<absl::Duration>::Write(absl::Duration value, WireWriter& out) {
  // As Save(); proto3 scalars without presence: 0 is not written.
  using D = google::protobuf::Duration;
  const DurationParts parts = Parts(value);
  if (parts.seconds != 0) out.Scalar(D::kSecondsFieldNumber, parts.seconds);
  if (parts.nanos != 0) out.Scalar(D::kNanosFieldNumber, parts.nanos);
}

std::optional<StepSet> LoadStepSet(const v1::StepSet& m,
                                   const ErrorSink& sink) {
  // As LoadProcessSet(): valid input is checked by the factory alone; only
  // invalid input is walked again to name every bad element.
  std::vector<StepRange> ranges;
  ranges.reserve(m.ranges_size());
  for (const v1::StepRange& range : m.ranges()) {
    ranges.push_back({range.start(), range.stop(), range.step()});
  }
  const std::span<const int64_t> steps(m.steps().data(), m.steps_size());
  // The whole config's bound, checked before this set is read if the sets
  // before it count (the set's own bounds come first otherwise).
  const int64_t named = StepsNamed(steps, ranges);
  int64_t& before = sink.steps_named();
  const bool over = named > kMaxConfigSteps - before;
  if (over && before > 0) {
    sink.Add("", ConfigTooManySteps(named, before));
    return std::nullopt;
  }
  absl::StatusOr<StepSet> set = StepSet::FromStepsAndRanges(steps, ranges);
  if (set.ok() && over) {
    sink.Add("", ConfigTooManySteps(named, before));
    return std::nullopt;
  }
  if (set.ok()) {
    before += named;
    return *std::move(set);
  }
  const size_t errors_before = sink.count();
  for (int i = 0; i < m.steps_size(); ++i) {
    if (std::string error = StepError(m.steps(i)); !error.empty()) {
      sink.Add(absl::StrCat("steps[", i, "]"), std::move(error));
    }
  }
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (std::string error = StepRangeError(ranges[i]); !error.empty()) {
      sink.Add(absl::StrCat("ranges[", i, "]"), std::move(error));
    }
  }
  if (sink.count() == errors_before) {  // The set as a whole: its size.
    sink.Add("", std::string(set.status().message()));
  }
  return std::nullopt;
}

void SaveStepSet(const StepSet& set, v1::StepSet& m) {
  m.mutable_steps()->Reserve(static_cast<int>(set.steps().size()));
  for (const int64_t step : set.steps()) m.add_steps(step);
  m.mutable_ranges()->Reserve(static_cast<int>(set.ranges().size()));
  for (const StepRange& r : set.ranges()) {
    v1::StepRange* out = m.add_ranges();
    out->set_start(r.start);
    out->set_stop(r.stop);
    out->set_step(r.step);
  }
}

bool Codec<StepSet>::Load(const v1::StepSet& in, StepSet& out,
                          const ErrorSink& sink) {
  std::optional<StepSet> set = LoadStepSet(in, sink);
  if (set) out = *std::move(set);
  return set.has_value();
}

void Codec<StepSet>::Write(const StepSet& set, WireWriter& out) {
  // As SaveStepSet(), in field-number order: the single steps as one packed
  // list, then the ranges; their fields have no presence, so 0 is not
  // written.
  using M = v1::StepSet;
  using R = v1::StepRange;
  if (!set.steps().empty()) {
    const size_t mark = out.BeginDelimited(M::kStepsFieldNumber);
    for (const int64_t step : set.steps()) out.PackedInt64(step);
    out.EndDelimited(mark);
  }
  for (const StepRange& r : set.ranges()) {
    const size_t mark = out.BeginDelimited(M::kRangesFieldNumber);
    if (r.start != 0) out.Scalar(R::kStartFieldNumber, r.start);
    if (r.stop != 0) out.Scalar(R::kStopFieldNumber, r.stop);
    if (r.step != 0) out.Scalar(R::kStepFieldNumber, r.step);
    out.EndDelimited(mark);
  }
}

std::optional<ProcessSet> LoadProcessSet(const v1::ProcessSet& m,
                                         const ErrorSink& sink) {
  // Valid input, the common case, is checked by the factory alone and builds
  // no error string (docs/PERFORMANCE.md); only invalid input is walked
  // again to name every bad element.
  const size_t errors_before = sink.count();
  std::vector<ProcessRange> ranges;
  ranges.reserve(m.ranges_size());
  for (const v1::ProcessRange& range : m.ranges()) {
    ranges.push_back({range.start(), range.stop()});
  }
  absl::StatusOr<ProcessSet> set = ProcessSet::FromIndicesAndRanges(
      std::span<const int32_t>(m.process_indices().data(),
                               m.process_indices_size()),
      std::move(ranges));
  if (set.ok()) return *std::move(set);
  for (int i = 0; i < m.process_indices_size(); ++i) {
    if (std::string error = ProcessIndexError(m.process_indices(i));
        !error.empty()) {
      sink.Add(absl::StrCat("process_indices[", i, "]"), std::move(error));
    }
  }
  for (int i = 0; i < m.ranges_size(); ++i) {
    const ProcessRange range{m.ranges(i).start(), m.ranges(i).stop()};
    if (std::string error = ProcessRangeError(range); !error.empty()) {
      sink.Add(absl::StrCat("ranges[", i, "]"), std::move(error));
    }
  }
  if (sink.count() == errors_before) {  // Unreachable: the rules are the same.
    sink.Add("", "invalid process set");
  }
  return std::nullopt;
}

void SaveProcessSet(const ProcessSet& set, v1::ProcessSet& m) {
  // Canonical form: runs of two or more go in `ranges`, single indices in
  // `process_indices`; normalised ranges are ascending and disjoint already.
  // Both lists are sized first, so a large set grows each list once.
  const int singles = static_cast<int>(std::count_if(
      set.ranges().begin(), set.ranges().end(),
      [](const ProcessRange& r) { return r.stop - r.start == 1; }));
  m.mutable_process_indices()->Reserve(singles);
  m.mutable_ranges()->Reserve(static_cast<int>(set.ranges().size()) - singles);
  for (const ProcessRange& r : set.ranges()) {
    if (r.stop - r.start == 1) {
      m.add_process_indices(r.start);
    } else {
      v1::ProcessRange* out = m.add_ranges();
      out->set_start(r.start);
      out->set_stop(r.stop);
    }
  }
}

bool Codec<ProcessSet>::Load(const v1::ProcessSet& in, ProcessSet& out,
                             const ErrorSink& sink) {
  std::optional<ProcessSet> set = LoadProcessSet(in, sink);
  if (set) out = *std::move(set);
  return set.has_value();
}

void Codec<ProcessSet>::Write(const ProcessSet& set, WireWriter& out) {
  // As SaveProcessSet(), in field-number order: the single indices as one
  // packed list, then the ranges; `start` and `stop` have no presence, so 0
  // is not written.
  using M = v1::ProcessSet;
  using R = v1::ProcessRange;
  const auto single = [](const ProcessRange& r) {
    return r.stop - r.start == 1;
  };
  if (std::any_of(set.ranges().begin(), set.ranges().end(), single)) {
    const size_t mark = out.BeginDelimited(M::kProcessIndicesFieldNumber);
    for (const ProcessRange& r : set.ranges()) {
      if (single(r)) out.PackedInt32(r.start);
    }
    out.EndDelimited(mark);
  }
  for (const ProcessRange& r : set.ranges()) {
    if (single(r)) continue;
    const size_t mark = out.BeginDelimited(M::kRangesFieldNumber);
    if (r.start != 0) out.Scalar(R::kStartFieldNumber, r.start);
    if (r.stop != 0) out.Scalar(R::kStopFieldNumber, r.stop);
    out.EndDelimited(mark);
  }
}

}  // namespace orbax::checkpoint::options::internal
