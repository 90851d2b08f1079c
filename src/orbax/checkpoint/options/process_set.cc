// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/process_set.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace orbax::checkpoint::options {
namespace {

constexpr auto kByStart = [](const ProcessRange& a, const ProcessRange& b) {
  return a.start < b.start;
};

// The rule that ProcessRangeError() explains: non-empty, not reversed, and
// starting at 0 or later.
bool IsValidRange(const ProcessRange& range) {
  return range.start >= 0 && range.start < range.stop;
}

// Sorts non-empty ranges (skipped if already sorted, so sorted input costs
// O(n)) and merges overlapping and adjacent ones in place.
std::vector<ProcessRange> Normalize(std::vector<ProcessRange> ranges) {
  if (!std::is_sorted(ranges.begin(), ranges.end(), kByStart)) {
    std::sort(ranges.begin(), ranges.end(), kByStart);
  }
  size_t out = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (out > 0 && ranges[i].start <= ranges[out - 1].stop) {
      ranges[out - 1].stop = std::max(ranges[out - 1].stop, ranges[i].stop);
    } else {
      ranges[out++] = ranges[i];
    }
  }
  ranges.resize(out);
  // Give back memory only when much is spare: a reallocation costs as much
  // as the rest of a small set's normalisation.
  if (ranges.capacity() > 2 * ranges.size() + 8) ranges.shrink_to_fit();
  return ranges;
}

}  // namespace

ProcessSet::const_iterator::const_iterator(
    const std::vector<ProcessRange>* ranges, size_t range)
    : ranges_(ranges),
      range_(range),
      value_(range < ranges->size() ? (*ranges)[range].start : 0) {}

ProcessSet::const_iterator& ProcessSet::const_iterator::operator++() {
  if (++value_ == (*ranges_)[range_].stop) {
    ++range_;
    value_ = range_ < ranges_->size() ? (*ranges_)[range_].start : 0;
  }
  return *this;
}

std::string ProcessIndexError(int32_t index) {
  if (IsValidProcessIndex(index)) return "";
  if (index < 0) return absl::StrCat("must be >= 0, got ", index);
  return absl::StrCat("must be <= ", kMaxProcessIndex, ", got ", index);
}

std::string ProcessRangeError(const ProcessRange& range) {
  if (IsValidRange(range)) return "";
  if (range.start >= range.stop) {
    return absl::StrCat("[", range.start, ", ", range.stop, ") is ",
                        range.start == range.stop ? "empty" : "reversed",
                        "; start must be < stop");
  }
  if (range.start < 0) {
    return absl::StrCat("start must be >= 0, got ", range.start);
  }
  return "";
}

absl::StatusOr<ProcessSet> ProcessSet::FromIndices(
    std::span<const int32_t> indices) {
  return FromIndicesAndRanges(indices, {});
}

absl::StatusOr<ProcessSet> ProcessSet::FromIndicesAndRanges(
    std::span<const int32_t> indices, std::vector<ProcessRange> ranges) {
  for (size_t i = 0; i < indices.size(); ++i) {
    if (!IsValidProcessIndex(indices[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("indices[", i, "]: ", ProcessIndexError(indices[i])));
    }
  }
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (!IsValidRange(ranges[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("ranges[", i, "]: ", ProcessRangeError(ranges[i])));
    }
  }
  // Sorted indices (the canonical form, a run, repeats of one index) are
  // read as they are; others are sorted in a copy of 4 bytes an index.
  // Either way, runs merge as they are read, so a million copies of one
  // index take one range, not a million: a first pass counts the runs, so
  // that the second appends exactly their number.
  std::vector<int32_t> sorted;
  if (!std::is_sorted(indices.begin(), indices.end())) {
    sorted.assign(indices.begin(), indices.end());
    std::sort(sorted.begin(), sorted.end());
    indices = sorted;
  }
  size_t runs = 0;
  for (size_t i = 0; i < indices.size(); ++i) {
    runs += i == 0 || indices[i] > indices[i - 1] + 1;
  }
  const size_t given = ranges.size();
  ranges.reserve(given + runs);
  for (const int32_t index : indices) {
    if (ranges.size() > given && index <= ranges.back().stop) {
      ranges.back().stop = std::max(ranges.back().stop, index + 1);
    } else {
      ranges.push_back({index, index + 1});
    }
  }
  return ProcessSet(Normalize(std::move(ranges)));
}

absl::StatusOr<ProcessSet> ProcessSet::FromRanges(
    std::span<const ProcessRange> ranges) {
  return FromRanges(std::vector<ProcessRange>(ranges.begin(), ranges.end()));
}

absl::StatusOr<ProcessSet> ProcessSet::FromRanges(
    std::vector<ProcessRange>&& ranges) {
  return FromIndicesAndRanges({}, std::move(ranges));
}

bool ProcessSet::contains(int32_t index) const {
  // Binary search for the last range that starts at or before `index`; only
  // that range may hold it. Branch-free, prefetching both halves' midpoints:
  // with a million ranges most probes miss the cache, and this overlaps the
  // misses instead of mispredicting between them (bench/, PERFORMANCE.md).
  if (ranges_.empty()) return false;
  const ProcessRange* base = ranges_.data();
  size_t n = ranges_.size();
  while (n > 1) {
    const size_t half = n / 2;
    __builtin_prefetch(base + half / 2);
    __builtin_prefetch(base + half + half / 2);
    base = base[half].start <= index ? base + half : base;
    n -= half;
  }
  return base->start <= index && index < base->stop;
}

int64_t ProcessSet::size() const {
  int64_t n = 0;
  for (const ProcessRange& r : ranges_) {
    n += static_cast<int64_t>(r.stop) - r.start;
  }
  return n;
}

std::string ProcessSet::ToString() const {
  std::string out = "{";
  for (size_t i = 0; i < ranges_.size(); ++i) {
    if (i > 0) out += ", ";
    const ProcessRange& r = ranges_[i];
    if (r.stop - r.start == 1) {
      absl::StrAppend(&out, r.start);
    } else {
      absl::StrAppend(&out, r.start, "-", r.stop - 1);
    }
  }
  out += "}";
  return out;
}

}  // namespace orbax::checkpoint::options
