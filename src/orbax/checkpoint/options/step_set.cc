// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/step_set.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace orbax::checkpoint::options {
namespace {

// The spacing a range means: the schema's unset (0) is 1.
int64_t Spacing(const StepRange& range) {
  return range.step == 0 ? 1 : range.step;
}

// The number of steps in a valid range.
uint64_t Count(const StepRange& range) {
  // start >= 0 and start < stop, so stop - start neither overflows nor is 0.
  return (static_cast<uint64_t>(range.stop - range.start) - 1) /
             static_cast<uint64_t>(Spacing(range)) +
         1;
}

// The last step of a valid range.
int64_t Last(const StepRange& range) {
  return range.start +
         static_cast<int64_t>((Count(range) - 1) *
                              static_cast<uint64_t>(Spacing(range)));
}

std::string RangeText(const StepRange& range) {
  return absl::StrCat("range(", range.start, ", ", range.stop, ", ",
                      Spacing(range), ")");
}

// Builds the canonical form from the steps of a set, given once each in
// ascending order: from left to right, each longest run of three or more
// steps with one spacing becomes a range, every other step a single step. It
// looks at most three steps ahead, so it needs no copy of the set.
class CanonicalBuilder {
 public:
  CanonicalBuilder(std::vector<int64_t>& steps, std::vector<StepRange>& ranges)
      : steps_(steps), ranges_(ranges) {}

  void Push(int64_t step) {
    if (in_run_) {
      if (step - run_last_ == run_step_) {
        run_last_ = step;
        return;
      }
      CloseRun();
      pending_[0] = step;
      pending_count_ = 1;
      return;
    }
    if (pending_count_ < 2) {
      pending_[pending_count_++] = step;
      return;
    }
    if (pending_[1] - pending_[0] == step - pending_[1]) {
      in_run_ = true;
      run_start_ = pending_[0];
      run_step_ = pending_[1] - pending_[0];
      run_last_ = step;
      pending_count_ = 0;
      return;
    }
    steps_.push_back(pending_[0]);
    pending_[0] = pending_[1];
    pending_[1] = step;
  }

  // Pushes the `count` steps `first`, `first + step`, ...: step by step only
  // until they continue a run of their spacing (at most four pushes), then
  // the rest at once, so a long run costs O(1).
  void PushRun(int64_t first, int64_t step, int64_t count) {
    for (int64_t i = 0; i < count; ++i) {
      Push(first + i * step);
      if (in_run_ && run_step_ == step) {
        run_last_ = first + (count - 1) * step;
        return;
      }
    }
  }

  void Finish() {
    if (in_run_) CloseRun();
    for (int i = 0; i < pending_count_; ++i) steps_.push_back(pending_[i]);
    pending_count_ = 0;
  }

 private:
  void CloseRun() {
    // Steps are at most kMaxStep, so `run_last_ + run_step_` fits.
    ranges_.push_back({run_start_, run_last_ + run_step_, run_step_});
    in_run_ = false;
  }

  std::vector<int64_t>& steps_;
  std::vector<StepRange>& ranges_;
  int64_t pending_[2] = {0, 0};
  int pending_count_ = 0;
  bool in_run_ = false;
  int64_t run_start_ = 0;
  int64_t run_step_ = 0;
  int64_t run_last_ = 0;
};

// Why a set is limited to kMaxSteps steps, after what broke the limit.
std::string TooManySteps(const std::string& what) {
  return absl::StrCat(what,
                      ": Orbax keeps every step of the set in a Python "
                      "frozenset, so a set is limited to ",
                      kMaxSteps, " steps (kMaxSteps)");
}

// A range of the input, by its start, spacing and last step.
struct Run {
  int64_t start;
  int64_t step;
  int64_t last;
};

// The union of the singles (ascending) and the runs (by start), in one sweep
// in ascending order into a `CanonicalBuilder`. A run joins a min-heap of
// (next step, run) when the sweep reaches its start; its steps up to the next
// thing that the sweep meets (a single, another run's start or next step) go
// to the builder whole. So runs that don't overlap (the canonical form) cost
// O(1) each, however many steps they hold, and only steps where runs overlap
// are taken one at a time: at most the steps that the runs name.
class Sweep {
 public:
  Sweep(std::span<const int64_t> steps, std::span<const Run> runs,
        CanonicalBuilder& builder)
      : steps_(steps), runs_(runs), builder_(builder) {}

  // Sweeps the whole input. Returns the number of distinct steps, or an
  // error past kMaxSteps.
  absl::StatusOr<int64_t> Union() {
    while (true) {
      int source = -1;
      int64_t best = std::numeric_limits<int64_t>::max();
      if (next_single_ < steps_.size()) {
        best = steps_[next_single_];
        source = 0;
      }
      if (!heap_.empty() && heap_.front().first < best) {
        best = heap_.front().first;
        source = 1;
      }
      if (next_run_ < runs_.size() && runs_[next_run_].start < best) {
        best = runs_[next_run_].start;
        source = 2;
      }
      if (source == -1) break;
      if (source == 0) {
        ++next_single_;
        if (!Emit(best, 1, 1)) return Error();
        continue;
      }
      size_t i = next_run_;
      if (source == 1) {
        i = heap_.front().second;
        std::pop_heap(heap_.begin(), heap_.end(), kLater);
        heap_.pop_back();
      } else {
        ++next_run_;
      }
      if (!EmitFrom(runs_[i], i, best)) return Error();
    }
    builder_.Finish();
    return count_;
  }

 private:
  using Next = std::pair<int64_t, size_t>;
  static constexpr std::greater<Next> kLater{};

  // Where the sweep meets anything other than the run being emitted.
  int64_t NextEvent() const {
    int64_t next = std::numeric_limits<int64_t>::max();
    if (next_single_ < steps_.size()) next = steps_[next_single_];
    if (!heap_.empty()) next = std::min(next, heap_.front().first);
    if (next_run_ < runs_.size()) next = std::min(next, runs_[next_run_].start);
    return next;
  }

  // Emits the steps of `run` from `first` on, up to the next event, and puts
  // the run back in the heap at its next step if it has more.
  bool EmitFrom(const Run& run, size_t i,
                int64_t first) {
    const int64_t event = NextEvent();
    int64_t last = first;  // Never beyond the event (which may be `first`).
    if (event > first) {
      last = first + (std::min(run.last, event - 1) - first) / run.step *
                         run.step;
    }
    if (!Emit(first, run.step, (last - first) / run.step + 1)) return false;
    if (run.last - last >= run.step) {  // Never overflows, unlike a sum.
      heap_.push_back({last + run.step, i});
      std::push_heap(heap_.begin(), heap_.end(), kLater);
    }
    return true;
  }

  // Emits `count` steps from `first`, `step` apart, leaving out `first` if
  // the sweep has just emitted it (a repeat). False past kMaxSteps.
  bool Emit(int64_t first, int64_t step, int64_t count) {
    if (any_ && first == previous_) {
      first += step;
      --count;
    }
    if (count == 0) return true;
    count_ += count;
    if (count_ > kMaxSteps) return false;
    builder_.PushRun(first, step, count);
    any_ = true;
    previous_ = first + (count - 1) * step;
    return true;
  }

  static absl::Status Error() {
    return absl::InvalidArgumentError(
        TooManySteps(absl::StrCat("holds more than ", kMaxSteps, " steps")));
  }

  std::span<const int64_t> steps_;
  std::span<const Run> runs_;
  CanonicalBuilder& builder_;
  std::vector<Next> heap_;
  size_t next_single_ = 0;
  size_t next_run_ = 0;
  int64_t count_ = 0;
  bool any_ = false;
  int64_t previous_ = 0;
};

}  // namespace

std::string StepError(int64_t step) {
  if (step < 0) return absl::StrCat("training steps start at 0, got ", step);
  if (step > kMaxStep) {
    return absl::StrCat("must be <= ", kMaxStep, " (2^62 - 1), got ", step);
  }
  return "";
}

std::string StepRangeError(const StepRange& range) {
  if (range.step < 0) {
    return absl::StrCat("step must be positive (or 0, which means 1), got ",
                        range.step);
  }
  if (range.start >= range.stop) {
    return absl::StrCat(RangeText(range), " is ",
                        range.start == range.stop ? "empty" : "reversed",
                        "; start must be < stop");
  }
  if (range.start < 0) {
    return absl::StrCat("start: training steps start at 0, got ", range.start);
  }
  if (const int64_t last = Last(range); last > kMaxStep) {
    return absl::StrCat(RangeText(range), " holds step ", last,
                        ", above the largest step ", kMaxStep, " (2^62 - 1)");
  }
  return "";
}

int64_t StepsNamed(std::span<const int64_t> steps,
                   std::span<const StepRange> ranges) {
  const uint64_t cap = kMaxConfigSteps + 1;
  uint64_t named = steps.size();
  for (size_t i = 0; i < ranges.size() && named < cap; ++i) {
    if (StepRangeError(ranges[i]).empty()) {
      named += std::min<uint64_t>(Count(ranges[i]), cap);
    }
  }
  return static_cast<int64_t>(std::min(named, cap));
}

absl::StatusOr<StepSet> StepSet::FromSteps(std::span<const int64_t> steps) {
  return FromStepsAndRanges(steps, {});
}

absl::StatusOr<StepSet> StepSet::FromRanges(std::span<const StepRange> ranges) {
  return FromStepsAndRanges({}, ranges);
}

absl::StatusOr<StepSet> StepSet::FromStepsAndRanges(
    std::span<const int64_t> steps, std::span<const StepRange> ranges) {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (std::string error = StepError(steps[i]); !error.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("steps[", i, "]: ", error));
    }
  }
  // Overlapping ranges are read a step at a time, so what they name is
  // bounded first, before any is read: a few bytes can name 2^62 steps.
  uint64_t named = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (std::string error = StepRangeError(ranges[i]); !error.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("ranges[", i, "]: ", error));
    }
    named += std::min<uint64_t>(Count(ranges[i]), kMaxSteps + 1);
    if (named > static_cast<uint64_t>(kMaxSteps)) {
      return absl::InvalidArgumentError(TooManySteps(
          absl::StrCat("the ranges name more than ", kMaxSteps,
                       " steps together, a step that two ranges share counting "
                       "twice")));
    }
  }

  // Singles, ascending (sorted in a copy only if they are not already).
  std::vector<int64_t> sorted_steps;
  if (!std::is_sorted(steps.begin(), steps.end())) {
    sorted_steps.assign(steps.begin(), steps.end());
    std::sort(sorted_steps.begin(), sorted_steps.end());
    steps = sorted_steps;
  }
  // Ranges by start, with their spacing and last step.
  std::vector<Run> runs;
  runs.reserve(ranges.size());
  for (const StepRange& r : ranges) {
    runs.push_back({r.start, Spacing(r), Last(r)});
  }
  const auto by_start = [](const Run& a, const Run& b) {
    return a.start < b.start;
  };
  if (!std::is_sorted(runs.begin(), runs.end(), by_start)) {
    std::stable_sort(runs.begin(), runs.end(), by_start);
  }

  StepSet set;
  CanonicalBuilder builder(set.steps_, set.ranges_);
  absl::StatusOr<int64_t> count = Sweep(steps, runs, builder).Union();
  if (!count.ok()) return count.status();
  set.size_ = *count;
  return set;
}

bool StepSet::contains(int64_t step) const {
  if (std::binary_search(steps_.begin(), steps_.end(), step)) return true;
  // Ranges' spans are disjoint and ascending: only the last range that starts
  // at or before `step` may hold it.
  auto it = std::upper_bound(
      ranges_.begin(), ranges_.end(), step,
      [](int64_t s, const StepRange& r) { return s < r.start; });
  if (it == ranges_.begin()) return false;
  const StepRange& r = *(it - 1);
  return step < r.stop && (step - r.start) % r.step == 0;
}

std::vector<int64_t> StepSet::ToVector() const {
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(size_));
  size_t s = 0;
  for (const StepRange& r : ranges_) {
    while (s < steps_.size() && steps_[s] < r.start) out.push_back(steps_[s++]);
    for (int64_t v = r.start; v < r.stop; v += r.step) out.push_back(v);
  }
  while (s < steps_.size()) out.push_back(steps_[s++]);
  return out;
}

std::string StepSet::ToString() const {
  std::string out = "{";
  const char* separator = "";
  size_t s = 0;
  auto single = [&](int64_t v) {
    absl::StrAppend(&out, separator, v);
    separator = ", ";
  };
  for (const StepRange& r : ranges_) {
    while (s < steps_.size() && steps_[s] < r.start) single(steps_[s++]);
    absl::StrAppend(&out, separator, r.start, "-", r.stop - r.step);
    if (r.step != 1) absl::StrAppend(&out, " every ", r.step);
    separator = ", ";
  }
  while (s < steps_.size()) single(steps_[s++]);
  out += "}";
  return out;
}

}  // namespace orbax::checkpoint::options
