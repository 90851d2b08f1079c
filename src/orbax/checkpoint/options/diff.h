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
// never matters: indices or ranges, implicit or explicit defaults. Values
// that are one thing compare as a whole: each set of processes or steps, the
// primary-host choice, each policy, each duration, and options present on
// one side only (Python's `None` on the other).
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

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/roots.h"
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
  // primary as `all_hosts_primary`; a set of steps as `{0-9000 every 1000}`;
  // a policy as its member, e.g. `latest_n { n: 5 }`; a duration or options
  // as a message, e.g. `{seconds: 3600}`.
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
//
// Declared for every root type (roots.h).
#define ORBAX_OPTIONS_DECLARE_DIFF(Root)                \
  [[nodiscard]] std::vector<FieldDiff> DiffOptions(const Root& a, \
                                                   const Root& b);
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_DIFF)
#undef ORBAX_OPTIONS_DECLARE_DIFF

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_DIFF_H_
