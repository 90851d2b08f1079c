// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/manager_binders.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/duration.pb.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options::internal {
namespace {

// The one mapping between `BestMode` and the schema's enum.
struct BestModeNumber {
  BestMode value;
  v1::BestMode number;
};
constexpr BestModeNumber kBestModes[] = {
    {BestMode::kMax, v1::BEST_MODE_MAX},
    {BestMode::kMin, v1::BEST_MODE_MIN},
};

const BestModeNumber* FindMode(BestMode value) {
  for (const BestModeNumber& m : kBestModes) {
    if (m.value == value) return &m;
  }
  return nullptr;
}

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

bool ScalarCodec<BestMode>::Read(v1::BestMode in, BestMode& out,
                                 std::string& error) {
  // An open enum: `in` may hold a number this version does not know.
  if (in == v1::BEST_MODE_UNSPECIFIED) {
    out = BestMode::kMax;
    return true;
  }
  for (const BestModeNumber& m : kBestModes) {
    if (m.number == in) {
      out = m.value;
      return true;
    }
  }
  error = absl::StrCat("unknown BestMode number ", static_cast<int>(in),
                       ", perhaps from a newer sender; this version knows "
                       "0 to 2 (Orbax's best_mode is 'max' or 'min')");
  return false;
}

v1::BestMode ScalarCodec<BestMode>::Write(BestMode value) {
  // Only a value cast from outside the enum is missing; `ToProto()` does not
  // validate, and `Validate()` reports it.
  const BestModeNumber* m = FindMode(value);
  return m != nullptr ? m->number : v1::BEST_MODE_MAX;
}

std::string KnownBestMode(const BestMode& value) {
  if (FindMode(value) != nullptr) return "";
  return absl::StrCat("unknown BestMode value ", static_cast<int>(value),
                      " (Orbax's best_mode is 'max' or 'min')");
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

bool ReadDuration(const google::protobuf::Duration& in, absl::Duration& out,
                  std::string& error) {
  const int64_t seconds = in.seconds();
  const int32_t nanos = in.nanos();
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds) {
    error = absl::StrCat(
        "seconds must be in [", -kMaxDurationSeconds, ", ", kMaxDurationSeconds,
        "] (10,000 years, protobuf's Duration), got ", seconds);
    return false;
  }
  if (nanos <= -kNanosPerSecond || nanos >= kNanosPerSecond) {
    error =
        absl::StrCat("nanos must be in [-999999999, 999999999], got ", nanos);
    return false;
  }
  if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    error =
        absl::StrCat("seconds and nanos must have the same sign, got seconds ",
                     seconds, " and nanos ", nanos);
    return false;
  }
  out = absl::Seconds(seconds) + absl::Nanoseconds(nanos);
  if (nanos % 1000 != 0) {
    error = NotMicroseconds(out);
    return false;
  }
  return true;
}

void SaveDuration(absl::Duration value, google::protobuf::Duration& out) {
  const DurationParts parts = Parts(value);
  out.set_seconds(parts.seconds);
  out.set_nanos(parts.nanos);
}

void WriteDuration(absl::Duration value, WireWriter& out) {
  // As SaveDuration(); proto3 scalars without presence: 0 is not written.
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

void WriteStepSet(const StepSet& set, WireWriter& out) {
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

int& PolicyDepth::Current() {
  thread_local int depth = 0;
  return depth;
}

std::string PolicyTooDeep() {
  return absl::StrCat(
      "policies nest more than ", kMaxPolicyDepth,
      " deep (kMaxPolicyDepth); every level is two messages, and Python's "
      "protobuf parser refuses JSON nested more than 100 messages deep");
}

std::string SetOnePolicy(const google::protobuf::Descriptor* policy) {
  std::string members;
  const google::protobuf::OneofDescriptor* oneof = policy->oneof_decl(0);
  for (int i = 0; i < oneof->field_count(); ++i) {
    absl::StrAppend(&members, i == 0 ? "" : ", ", oneof->field(i)->name());
  }
  return absl::StrCat("set one policy (", members, "); a ", policy->name(),
                      " with none set, or only one this version does not "
                      "know, means nothing");
}

}  // namespace orbax::checkpoint::options::internal
