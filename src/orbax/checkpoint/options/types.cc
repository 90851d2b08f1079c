// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/types.h"

#include <string_view>

namespace orbax::checkpoint::options {

std::string_view AtomicityModeName(AtomicityMode mode) {
  switch (mode) {
    case AtomicityMode::kAuto:
      return "ATOMICITY_MODE_AUTO";
    case AtomicityMode::kCommitFile:
      return "ATOMICITY_MODE_COMMIT_FILE";
    case AtomicityMode::kAtomicRename:
      return "ATOMICITY_MODE_ATOMIC_RENAME";
  }
  return "ATOMICITY_MODE_UNSPECIFIED";
}

}  // namespace orbax::checkpoint::options
