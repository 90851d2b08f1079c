// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/fields.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/stubs/common.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

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

namespace {

// The one mapping between `AtomicityMode` and the schema's enum, used by the
// codec both ways and by the rule. (`ATOMICITY_MODE_UNSPECIFIED` is not in
// it: it reads as AUTO, and is never written.)
struct AtomicityModeNumber {
  AtomicityMode value;
  v1::AtomicityMode number;
};
constexpr AtomicityModeNumber kAtomicityModes[] = {
    {AtomicityMode::kAuto, v1::ATOMICITY_MODE_AUTO},
    {AtomicityMode::kCommitFile, v1::ATOMICITY_MODE_COMMIT_FILE},
    {AtomicityMode::kAtomicRename, v1::ATOMICITY_MODE_ATOMIC_RENAME},
};

const AtomicityModeNumber* FindMode(AtomicityMode value) {
  for (const AtomicityModeNumber& m : kAtomicityModes) {
    if (m.value == value) return &m;
  }
  return nullptr;
}

}  // namespace

std::string KnownAtomicityMode(const AtomicityMode& value) {
  if (FindMode(value) != nullptr) return "";
  return absl::StrCat("unknown AtomicityMode value ", static_cast<int>(value));
}

bool ScalarCodec<AtomicityMode>::Read(v1::AtomicityMode in, AtomicityMode& out,
                                      std::string& error) {
  // An open enum: `in` may hold a number this version does not know.
  if (in == v1::ATOMICITY_MODE_UNSPECIFIED) {
    out = AtomicityMode::kAuto;
    return true;
  }
  for (const AtomicityModeNumber& m : kAtomicityModes) {
    if (m.number == in) {
      out = m.value;
      return true;
    }
  }
  error = absl::StrCat("unknown AtomicityMode number ", static_cast<int>(in),
                       ", perhaps from a newer sender; this version knows "
                       "0 to 3");
  return false;
}

v1::AtomicityMode ScalarCodec<AtomicityMode>::Write(AtomicityMode value) {
  // Only a value cast from outside the enum is missing; `ToProto()` does not
  // validate, and `Validate()` reports it.
  const AtomicityModeNumber* m = FindMode(value);
  return m != nullptr ? m->number : v1::ATOMICITY_MODE_AUTO;
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

void WriteProcessSet(const ProcessSet& set, WireWriter& out) {
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

void PrimaryHostBinder::Load(const v1::MultiprocessingOptions& m,
                             MultiprocessingOptions& value,
                             const ErrorSink&) const {
  switch (m.primary_case()) {
    case v1::MultiprocessingOptions::kPrimaryHost:
      value.primary_host = m.primary_host();
      break;
    case v1::MultiprocessingOptions::kAllHostsPrimary:
      value.primary_host = std::nullopt;
      break;
    case v1::MultiprocessingOptions::PRIMARY_NOT_SET:
      break;  // Keeps the default, process 0.
  }
}

void PrimaryHostBinder::Save(const MultiprocessingOptions& value,
                             v1::MultiprocessingOptions& m) const {
  if (value.primary_host) {
    m.set_primary_host(*value.primary_host);
  } else {
    m.mutable_all_hosts_primary();
  }
}

void PrimaryHostBinder::Write(const MultiprocessingOptions& value,
                              WireWriter& out) const {
  using M = v1::MultiprocessingOptions;
  if (value.primary_host) {
    out.Scalar(M::kPrimaryHostFieldNumber, *value.primary_host);
  } else {
    out.EndDelimited(out.BeginDelimited(M::kAllHostsPrimaryFieldNumber));
  }
}

void PrimaryHostBinder::Validate(const MultiprocessingOptions& value,
                                 const ErrorSink& sink) const {
  if (!value.primary_host) return;
  const int32_t primary = *value.primary_host;
  if (primary < 0) {
    sink.Add(name(), absl::StrCat("must be >= 0, got ", primary));
  } else if (value.active_processes && !value.active_processes->empty() &&
             !value.active_processes->contains(primary)) {
    sink.Add(name(), absl::StrCat(primary, " is not in active_processes ",
                                  value.active_processes->ToString(),
                                  "; set primary_host to one of them, or set "
                                  "all_hosts_primary"));
  }
}

void ActiveProcessesBinder::Load(const v1::MultiprocessingOptions& m,
                                 MultiprocessingOptions& value,
                                 const ErrorSink& sink) const {
  if (!m.has_active_processes()) {
    value.active_processes.reset();
    return;
  }
  value.active_processes =
      LoadProcessSet(m.active_processes(), sink.Child(name()));
}

void ActiveProcessesBinder::Save(const MultiprocessingOptions& value,
                                 v1::MultiprocessingOptions& m) const {
  if (value.active_processes) {
    SaveProcessSet(*value.active_processes, *m.mutable_active_processes());
  }
}

void ActiveProcessesBinder::Write(const MultiprocessingOptions& value,
                                  WireWriter& out) const {
  if (value.active_processes) {
    const size_t mark = out.BeginDelimited(
        v1::MultiprocessingOptions::kActiveProcessesFieldNumber);
    WriteProcessSet(*value.active_processes, out);
    out.EndDelimited(mark);
  }
}

void ActiveProcessesBinder::Validate(const MultiprocessingOptions& value,
                                     const ErrorSink& sink) const {
  if (value.active_processes && value.active_processes->empty()) {
    sink.Add(name(),
             "must not be empty when set; leave it unset for all processes");
  }
  if (value.active_processes &&
      value.active_processes->size() > kMaxOrbaxProcesses) {
    sink.Warn(name(),
              absl::StrCat("a set of ", value.active_processes->size(),
                           " processes, over the ", kMaxOrbaxProcesses,
                           " (kMaxOrbaxProcesses) that to_orbax() converts: "
                           "Orbax holds active_processes as a Python set of "
                           "ints"));
  }
}

}  // namespace orbax::checkpoint::options::internal
