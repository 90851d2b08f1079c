// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: reads a config source whole, but never more than a size limit.
//
// A regular file is refused by its size (fstat) before any byte is read; a
// pipe or terminal is read in chunks and abandoned as soon as it passes the
// limit. Failures are `absl::Status`es in the codes diagnostic.h lists:
// `kNotFound`, `kPermissionDenied`, `kFailedPrecondition` (a directory),
// `kResourceExhausted` (over the limit), `kUnknown` (other I/O errors).

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace orbax::checkpoint::options::internal {

// Returns the message for a source of `size` bytes over `limit`.
std::string TooLargeMessage(int64_t size, int64_t limit);

// Returns the contents of the file at `path`, or of standard input if `path`
// is "-", if they are at most `max_bytes` long.
absl::StatusOr<std::string> ReadBounded(const std::string& path,
                                        int64_t max_bytes);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_
