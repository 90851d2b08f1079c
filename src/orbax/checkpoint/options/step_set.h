// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: step_set.h
// -----------------------------------------------------------------------------
//
// This header defines `StepSet`, a set of training steps (Python's
// `CheckpointManagerOptions.save_on_steps`, and the `steps` of
// `SpecificStepsPolicy` and `CustomSteps`), and `StepRange`, one arithmetic
// run of steps like Python's `range(start, stop, step)`.
//
// A `StepSet` holds its canonical form: from the sorted set, left to right,
// each longest run of three or more steps with one spacing is a `StepRange`
// (its `stop` one spacing past its last step) and every other step is a
// single step. Memory grows with that form, not with the set: "every 1000th
// step up to 10^9" is one range. Equal sets have equal forms, so `==`
// compares sets and the schema's bytes of equal sets are equal.
//
// Reading a set costs O(1) for each range that overlaps no other range and
// no single step (the canonical form is read so), and a step of work for each
// step where ranges overlap, so its ranges may name at most `kMaxSteps` steps
// together. Orbax keeps every step of a set in a Python `frozenset`, so a set
// holds at most `kMaxSteps` steps, and a whole config's sets name at most
// `kMaxConfigSteps` together (`StepsNamed()`).
//
// Example:
//
//   absl::StatusOr<StepSet> steps =
//       StepSet::FromRanges({{.start = 0, .stop = 1000000, .step = 1000}});
//   steps->contains(5000);  // true
//   steps->size();          // 1000
//   steps->ToString();      // "{0-999000 every 1000}"

#ifndef ORBAX_CHECKPOINT_OPTIONS_STEP_SET_H_
#define ORBAX_CHECKPOINT_OPTIONS_STEP_SET_H_

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace orbax::checkpoint::options {

// StepRange
//
// The steps `start`, `start + step`, ..., below `stop`: Python's
// `range(start, stop, step)`. A `step` of 0 means 1, as in the schema, where
// an unset `step` reads as 0.
struct StepRange {
  int64_t start = 0;
  int64_t stop = 0;
  int64_t step = 1;

  friend bool operator==(const StepRange&, const StepRange&) = default;
};

// kMaxStep
//
// The largest step a `StepSet` can hold, 2^62 - 1: a canonical range's `stop`
// is one spacing past its last step, and this keeps it within `int64_t`.
inline constexpr int64_t kMaxStep = (int64_t{1} << 62) - 1;

// kMaxSteps
//
// The most steps a `StepSet` holds, and the most its ranges may name together
// (a step that two ranges share counting twice).
inline constexpr int64_t kMaxSteps = 1000000;

// kMaxConfigSteps
//
// The most steps that the step sets of one config (every `save_on_steps` and
// policy `steps` of a `CheckpointManagerOptions`) may name together, as
// `StepsNamed()` counts them. `to_orbax()` builds a Python `frozenset` of
// every step of every set: 10^6 ints are about 64 MiB and 0.15 s there, and
// without a bound on the whole config, a few bytes per set would multiply
// that (1,500 sets of 10^6 steps in 18 KB).
inline constexpr int64_t kMaxConfigSteps = 1000000;

// StepError()
//
// Returns "" if `step` is a valid training step, in [0, kMaxStep], and
// otherwise the rule and the value, e.g. "training steps start at 0, got -1".
std::string StepError(int64_t step);

// StepRangeError()
//
// Returns "" if `range` is a valid, non-empty range of training steps, and
// otherwise the rule and the value, e.g. "range(5, 3, 1) is reversed; start
// must be < stop".
std::string StepRangeError(const StepRange& range);

// StepsNamed()
//
// Returns how many steps `steps` and `ranges` name as written: one for each
// single step and for each step of each valid range (an invalid range counts
// none), repeats and overlaps counting again. Counts at most to
// `kMaxConfigSteps + 1`, in O(s + r), without reading any range.
int64_t StepsNamed(std::span<const int64_t> steps,
                   std::span<const StepRange> ranges);

// StepSet
//
// A set of valid training steps, held in canonical form (see the file
// comment). The factories accept any order, repeats and overlaps, and refuse
// what is not a valid set, so every `StepSet` holds only valid steps.
class StepSet {
 public:
  // Creates an empty set.
  StepSet() = default;

  // StepSet::FromSteps()
  //
  // Returns the set of `steps`, in any order, with repeats allowed. Fails
  // with `kInvalidArgument` naming the first step that `StepError()`
  // refuses, or if the set holds more than `kMaxSteps` steps.
  static absl::StatusOr<StepSet> FromSteps(std::span<const int64_t> steps);
  static absl::StatusOr<StepSet> FromSteps(
      std::initializer_list<int64_t> steps) {
    return FromSteps(std::span<const int64_t>(steps.begin(), steps.size()));
  }

  // StepSet::FromRanges()
  //
  // Returns the union of `ranges`, in any order, overlapping or not. Fails
  // as `FromStepsAndRanges()` does.
  static absl::StatusOr<StepSet> FromRanges(std::span<const StepRange> ranges);
  static absl::StatusOr<StepSet> FromRanges(
      std::initializer_list<StepRange> ranges) {
    return FromRanges(
        std::span<const StepRange>(ranges.begin(), ranges.size()));
  }

  // StepSet::FromStepsAndRanges()
  //
  // Returns the union of `steps` and `ranges`, as the two lists of a
  // `v1::StepSet` give it. Fails with `kInvalidArgument` naming the first
  // step (`steps[i]: ...`) or range (`ranges[i]: ...`) that is not valid; if
  // the ranges name more than `kMaxSteps` steps together; or if the set
  // holds more than `kMaxSteps` steps. Costs O(s log s + r log r) for `s`
  // steps and `r` ranges when no range overlaps another or a single step (as
  // in the canonical form), however many steps the ranges hold, and at most
  // O(n log r) more for the `n` steps where they overlap; memory grows with
  // the input and the canonical form only.
  static absl::StatusOr<StepSet> FromStepsAndRanges(
      std::span<const int64_t> steps, std::span<const StepRange> ranges);

  // StepSet::contains()
  //
  // Returns whether `step` is in the set, in O(log n) of the form's size.
  bool contains(int64_t step) const;

  // StepSet::size()
  //
  // Returns the number of steps, at most `kMaxSteps`.
  int64_t size() const { return size_; }

  // StepSet::empty()
  bool empty() const { return size_ == 0; }

  // StepSet::steps(), StepSet::ranges()
  //
  // The canonical form: the single steps, ascending, and the runs of three
  // or more, ascending and with `step` >= 1. Every single step lies outside
  // every range's span.
  const std::vector<int64_t>& steps() const { return steps_; }
  const std::vector<StepRange>& ranges() const { return ranges_; }

  // StepSet::ToVector()
  //
  // Returns every step, ascending.
  std::vector<int64_t> ToVector() const;

  // StepSet::ToString()
  //
  // Returns a short, readable form for messages, ascending, such as
  // `{0-999000 every 1000, 1000005}`; a run with spacing 1 is `5-9`.
  std::string ToString() const;

  friend bool operator==(const StepSet&, const StepSet&) = default;

 private:
  std::vector<int64_t> steps_;
  std::vector<StepRange> ranges_;
  int64_t size_ = 0;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_STEP_SET_H_
