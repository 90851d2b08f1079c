// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: diff.h
// -----------------------------------------------------------------------------
//
// This header lists the effective fields in which two sets of options differ:
// what `orbax-options diff` prints, and what a coordinator reports when
// processes disagree on their fingerprints.
//
// Values are compared in their effective form (`ToProto()`), so spelling
// never matters: indices or ranges, implicit or explicit defaults. Each
// `active_processes` set and the primary-host choice compare as a whole.
//
// Example:
//
//   for (const FieldDiff& d : DiffOptions(mine, primary)) {
//     LOG(ERROR) << d.ToString();
//     // async_options.timeout_secs: 1200 -> 600
//   }

#ifndef ORBAX_CHECKPOINT_OPTIONS_DIFF_H_
#define ORBAX_CHECKPOINT_OPTIONS_DIFF_H_

#include <string>
#include <vector>

#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// FieldDiff
//
// One effective field whose value differs.
struct FieldDiff {
  // The dotted field path from the root, e.g. `async_options.timeout_secs`.
  // The primary-host choice is `multiprocessing_options.primary_host`.
  std::string path;
  // The two values in text-format spelling (`600`, `true`, `"job"`,
  // `ATOMICITY_MODE_AUTO`, permission bits in octal as `0750`); a set of
  // processes as `{0-3, 8}`; a Python `None` (unset) as `None`; every host
  // primary as `all_hosts_primary`.
  std::string a_value;
  std::string b_value;

  // Returns "path: a_value -> b_value".
  std::string ToString() const;

  friend bool operator==(const FieldDiff&, const FieldDiff&) = default;
};

// DiffOptions()
//
// Returns every effective field whose value differs between `a` and `b`, in
// schema order; empty if and only if `Fingerprint(a) == Fingerprint(b)`.
[[nodiscard]] std::vector<FieldDiff> DiffOptions(const CheckpointOptions& a,
                                                 const CheckpointOptions& b);

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_DIFF_H_
