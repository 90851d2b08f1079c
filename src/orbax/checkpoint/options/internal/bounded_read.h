// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: reads a config source whole, but never more than a size limit.
//
// A regular file is refused by its size (fstat) before any byte is read; a
// pipe or terminal is read in chunks and abandoned as soon as it passes the
// limit. Failures are `absl::Status`es in the codes diagnostic.h lists:
// `kNotFound`, `kPermissionDenied`, `kFailedPrecondition` (a directory),
// `kResourceExhausted` (over the limit), `kUnknown` (other I/O errors) and
// `kCancelled` (a signal, when the caller asks to stop). A path that holds a
// NUL byte names no file: `kNotFound`, never a shorter path.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"

namespace orbax::checkpoint::options::internal {

// Returns the message for a source of `size` bytes over `limit`.
std::string TooLargeMessage(int64_t size, int64_t limit);

// Returns the contents of the file at `path`, or of standard input if `path`
// is "-", if they are at most `max_bytes` long.
//
// A system call that a signal interrupts (EINTR) is retried; first
// `interrupted` is called, if set, and if it returns true reading stops with
// `kCancelled`. When a system call fails, `*error_number` (if not null) is
// set to its errno (`ELOOP`, `ENOTDIR`, ...); it is left alone otherwise.
absl::StatusOr<std::string> ReadBounded(
    const std::string& path, int64_t max_bytes,
    const std::function<bool()>& interrupted = {},
    int* error_number = nullptr);

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BOUNDED_READ_H_
