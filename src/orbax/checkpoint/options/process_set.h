// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: process_set.h
// -----------------------------------------------------------------------------
//
// This header defines `ProcessSet`, a set of process indices (Python's
// `MultiprocessingOptions.active_processes`). It is held as sorted, disjoint,
// non-adjacent half-open ranges, so memory grows with the number of ranges and
// never with the number of processes: all two billion indices of
// `[0, 2000000000)` take one range.
//
// Example:
//
//   absl::StatusOr<ProcessSet> hosts = ProcessSet::FromIndices({0, 1, 3, 8});
//   hosts->contains(3);  // true
//   hosts->size();       // 4
//   for (int32_t p : *hosts) { ... }  // 0, 1, 3, 8
//   hosts->ToString();   // "{0-1, 3, 8}"

#ifndef ORBAX_CHECKPOINT_OPTIONS_PROCESS_SET_H_
#define ORBAX_CHECKPOINT_OPTIONS_PROCESS_SET_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace orbax::checkpoint::options {

// ProcessRange
//
// The half-open range of process indices `[start, stop)`, like Python's
// `range(start, stop)`.
struct ProcessRange {
  int32_t start = 0;
  int32_t stop = 0;

  friend bool operator==(const ProcessRange&, const ProcessRange&) = default;
};

// kMaxProcessIndex
//
// The largest process index a `ProcessSet` can hold: a half-open range of
// `int32_t` ends at most at `INT32_MAX`.
inline constexpr int32_t kMaxProcessIndex = INT32_MAX - 1;

// kMaxOrbaxProcesses
//
// The most processes an `active_processes` set may hold for `to_orbax()`,
// 2^20: Orbax holds the set as a Python `set` of ints, about 60 bytes each
// (64 MiB at this bound, 130 GB for the two billion a range can name). JAX
// runs one process per host, or per accelerator: the largest jobs known run
// some 10^5, so 2^20 leaves ten times that. `check` warns about a larger set.
inline constexpr int64_t kMaxOrbaxProcesses = int64_t{1} << 20;

// IsValidProcessIndex()
//
// Returns whether `index` is a valid process index, in [0, kMaxProcessIndex];
// `ProcessIndexError()` says why not.
inline constexpr bool IsValidProcessIndex(int32_t index) {
  return index >= 0 && index <= kMaxProcessIndex;
}

// ProcessIndexError()
//
// Returns "" if `IsValidProcessIndex(index)`, and otherwise the rule and the
// value, e.g. "must be >= 0, got -1".
std::string ProcessIndexError(int32_t index);

// ProcessRangeError()
//
// Returns "" if `range` is a valid, non-empty range of process indices, and
// otherwise the rule and the value, e.g. "[5, 3) is reversed; start must be
// < stop".
std::string ProcessRangeError(const ProcessRange& range);

// ProcessSet
//
// A set of valid process indices, in [0, kMaxProcessIndex]. Any input order,
// duplicates and overlaps are accepted and normalised; equal sets compare
// equal and have equal `ranges()`. The factories refuse what is not a valid
// set, so every `ProcessSet` holds only valid indices.
class ProcessSet {
 public:
  // ProcessSet::const_iterator
  //
  // A forward iterator over the indices in ascending order. It never
  // materialises the indices, so iterating a huge range costs no memory.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = int32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const int32_t*;
    using reference = int32_t;

    const_iterator() = default;
    int32_t operator*() const { return value_; }
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.range_ == b.range_ && a.value_ == b.value_;
    }

   private:
    friend class ProcessSet;
    const_iterator(const std::vector<ProcessRange>* ranges, size_t range);

    const std::vector<ProcessRange>* ranges_ = nullptr;
    size_t range_ = 0;
    int32_t value_ = 0;
  };

  // Creates an empty set.
  ProcessSet() = default;

  // ProcessSet::FromIndices()
  //
  // Returns the set of `indices`, in any order, with duplicates allowed.
  // Costs O(n) for sorted input and O(n log n) otherwise. Fails with
  // `kInvalidArgument` naming the first index outside [0, kMaxProcessIndex].
  static absl::StatusOr<ProcessSet> FromIndices(
      std::span<const int32_t> indices);
  static absl::StatusOr<ProcessSet> FromIndices(
      std::initializer_list<int32_t> indices) {
    return FromIndices(
        std::span<const int32_t>(indices.begin(), indices.size()));
  }

  // ProcessSet::FromRanges()
  //
  // Returns the union of `ranges`, in any order, overlapping or not. Costs
  // O(n) for sorted input and O(n log n) otherwise. Fails with
  // `kInvalidArgument` naming the first range that `ProcessRangeError()`
  // refuses: an empty or reversed range is a mistake, never silently nothing.
  static absl::StatusOr<ProcessSet> FromRanges(
      std::span<const ProcessRange> ranges);
  // As above, but takes `ranges` and normalises it in place, with no copy.
  static absl::StatusOr<ProcessSet> FromRanges(
      std::vector<ProcessRange>&& ranges);
  static absl::StatusOr<ProcessSet> FromRanges(
      std::initializer_list<ProcessRange> ranges) {
    return FromRanges(
        std::span<const ProcessRange>(ranges.begin(), ranges.size()));
  }

  // ProcessSet::FromIndicesAndRanges()
  //
  // Returns the union of `indices` and `ranges`, as the two lists of a
  // `v1::ProcessSet` give it; fails as the two factories above do. Memory
  // grows with the set, not with the lists: runs of indices merge as they
  // are read.
  static absl::StatusOr<ProcessSet> FromIndicesAndRanges(
      std::span<const int32_t> indices, std::vector<ProcessRange> ranges);

  // ProcessSet::contains()
  //
  // Returns whether `index` is in the set, in O(log ranges).
  bool contains(int32_t index) const;

  // ProcessSet::size()
  //
  // Returns the number of indices, which can exceed `int32_t`.
  int64_t size() const;

  // ProcessSet::empty()
  bool empty() const { return ranges_.empty(); }

  // ProcessSet::ranges()
  //
  // Returns the normalised ranges: ascending, non-empty, disjoint and never
  // adjacent (`[0,2)` and `[2,4)` are held as `[0,4)`).
  const std::vector<ProcessRange>& ranges() const { return ranges_; }

  // ProcessSet::begin(), ProcessSet::end()
  const_iterator begin() const { return const_iterator(&ranges_, 0); }
  const_iterator end() const {
    return const_iterator(&ranges_, ranges_.size());
  }

  // ProcessSet::ToString()
  //
  // Returns a short, readable form for messages, such as `{0-3, 8}`.
  std::string ToString() const;

  friend bool operator==(const ProcessSet&, const ProcessSet&) = default;

 private:
  explicit ProcessSet(std::vector<ProcessRange> ranges)
      : ranges_(std::move(ranges)) {}

  std::vector<ProcessRange> ranges_;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_PROCESS_SET_H_
