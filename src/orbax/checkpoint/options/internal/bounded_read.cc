// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace orbax::checkpoint::options::internal {
namespace {

absl::Status IoError(int error, const char* what, int* error_number) {
  if (error_number != nullptr) *error_number = error;
  const absl::StatusCode code = error == ENOENT ? absl::StatusCode::kNotFound
                                : error == EACCES || error == EPERM
                                    ? absl::StatusCode::kPermissionDenied
                                    : absl::StatusCode::kUnknown;
  return absl::Status(code, absl::StrCat(what, ": ", std::strerror(error)));
}

// Runs `call()` (a system call: -1 and `errno` on failure) until no signal
// interrupts it, or until `interrupted` asks to stop; then returns its
// result, or -1 with `*stopped` set.
template <typename Call>
auto Retried(const std::function<bool()>& interrupted, bool* stopped,
             Call call) {
  while (true) {
    const auto result = call();
    if (result >= 0 || errno != EINTR) return result;
    if (interrupted && interrupted()) {
      *stopped = true;
      return decltype(result){-1};
    }
  }
}

absl::Status Interrupted() {
  return absl::CancelledError("interrupted by a signal; stopped reading");
}

}  // namespace

std::string TooLargeMessage(int64_t size, int64_t limit) {
  return absl::StrCat("input is ", size, " bytes, over the limit of ", limit,
                      " bytes; refusing to read it");
}

absl::StatusOr<std::string> ReadBounded(
    const std::string& path, int64_t max_bytes,
    const std::function<bool()>& interrupted, int* error_number) {
  if (path.find('\0') != std::string::npos) {
    return absl::NotFoundError("cannot open: the path holds a NUL byte");
  }
  const bool is_stdin = path == "-";
  bool stopped = false;
  const int fd = is_stdin ? STDIN_FILENO : Retried(interrupted, &stopped, [&] {
    return open(path.c_str(), O_RDONLY);
  });
  if (stopped) return Interrupted();
  if (fd < 0) return IoError(errno, "cannot open", error_number);
  struct Closer {
    int fd;
    bool close_it;
    ~Closer() {
      if (close_it) close(fd);
    }
  } closer{fd, !is_stdin};

  struct stat info;
  if (fstat(fd, &info) != 0) {
    return IoError(errno, "cannot stat", error_number);
  }
  if (S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError("is a directory, not a config file");
  }
  if (S_ISREG(info.st_mode) && info.st_size > max_bytes) {
    return absl::ResourceExhaustedError(
        TooLargeMessage(info.st_size, max_bytes));
  }

  // Bounded read: a pipe, or a file that grew, may hold more than fstat said.
  std::string bytes;
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = Retried(interrupted, &stopped, [&] {
      return read(fd, buffer, sizeof(buffer));
    });
    if (stopped) return Interrupted();
    if (n < 0) return IoError(errno, "cannot read", error_number);
    if (n == 0) return bytes;
    if (static_cast<int64_t>(bytes.size()) + n > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("input is over the limit of ", max_bytes,
                       " bytes; stopped reading it"));
    }
    bytes.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace orbax::checkpoint::options::internal
