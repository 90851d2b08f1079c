// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The `orbax-options` command; see command.h.

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "cli/command.h"

namespace {

// Standard output, buffered, keeping the errno of the first write that
// failed (a stream keeps only that something failed). Writes nothing after
// a failure.
class StdoutBuffer : public std::streambuf {
 public:
  StdoutBuffer() { setp(buffer_, buffer_ + sizeof(buffer_)); }

  // 0, or the errno of the write that failed.
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    const char* next = pbase();
    while (error_ == 0 && next < pptr()) {
      const ssize_t n = ::write(STDOUT_FILENO, next, pptr() - next);
      if (n >= 0) {
        next += n;
      } else if (errno != EINTR) {
        error_ = errno;
      }
    }
    setp(buffer_, buffer_ + sizeof(buffer_));
    return error_ == 0 ? 0 : -1;
  }

 private:
  char buffer_[1 << 16];
  int error_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  StdoutBuffer buffer;
  std::ostream out(&buffer);
  const int status =
      orbax::checkpoint::options::cli::RunCommand(args, out, std::cerr);
  out.flush();
  if (buffer.error() != 0) {
    std::cerr << "orbax-options: error: cannot write to standard output: "
              << std::strerror(buffer.error()) << "\n";
    return orbax::checkpoint::options::cli::kExitUsage;
  }
  return status;
}
