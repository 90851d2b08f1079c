// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/bounded_read.h"

#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "as_nobody.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options::internal {
namespace {

namespace fs = std::filesystem;
using ::orbax::checkpoint::options::testing::StatusIs;

// A fresh directory that any user may enter, for this test only.
fs::path ScratchDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::path(::testing::TempDir()) /
                       (std::string("bounded_read_") + info->name() + "_" +
                        std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec);
  return dir;
}

fs::path WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string CannotOpen(int error) {
  return std::string("cannot open: ") + std::strerror(error);
}

TEST(BoundedRead, ReadsARegularFileWhole) {
  const fs::path dir = ScratchDir();
  const std::string bytes("any\0bytes\xff\n", 12);
  const fs::path file = WriteFile(dir / "a.binpb", bytes);
  EXPECT_EQ(ReadBounded(file.string(), 100).value(), bytes);
  // Exactly at the limit is within it.
  EXPECT_EQ(ReadBounded(file.string(), 12).value(), bytes);
  // An empty file is empty contents, not an error.
  EXPECT_EQ(ReadBounded(WriteFile(dir / "empty", "").string(), 0).value(), "");
}

TEST(BoundedRead, RefusesAFileOverTheLimitByItsSize) {
  // The message that names the size comes only from fstat(), before any
  // read; a read that passed the limit would say "stopped reading it".
  const fs::path dir = ScratchDir();
  const fs::path file = WriteFile(dir / "big.textproto", std::string(13, '#'));
  EXPECT_THAT(ReadBounded(file.string(), 12),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       "input is 13 bytes, over the limit of 12 bytes; "
                       "refusing to read it"));
  EXPECT_EQ(TooLargeMessage(13, 12),
            "input is 13 bytes, over the limit of 12 bytes; refusing to read "
            "it");

  // A sparse file of a terabyte on paper is refused as fast.
  const fs::path huge = WriteFile(dir / "huge.textproto", "#");
  std::error_code error;
  fs::resize_file(huge, int64_t{1} << 40, error);
  if (!error) {
    EXPECT_THAT(ReadBounded(huge.string(), 64 << 20),
                StatusIs(absl::StatusCode::kResourceExhausted,
                         "input is 1099511627776 bytes, over the limit of "
                         "67108864 bytes; refusing to read it"));
  }
  fs::remove(huge);
}

TEST(BoundedRead, StopsReadingAPipeAsSoonAsItPassesTheLimit) {
  // The writer never ends on its own: it writes until the reader goes away,
  // or gives up after 10 seconds. ReadBounded() must return, having read
  // past the limit, while the writer is still writing.
  const fs::path dir = ScratchDir();
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  std::signal(SIGPIPE, SIG_IGN);  // The writer gets EPIPE instead.

  std::atomic<bool> writer_gave_up = false;
  std::atomic<long long> written = 0;
  std::thread writer([&] {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    // Opened without blocking (ENXIO until the reader has opened its end),
    // so that the test can't hang here if the reader never comes.
    int fd = -1;
    while (fd < 0 && std::chrono::steady_clock::now() < deadline) {
      fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (fd < 0) return;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const std::string chunk(4096, 'x');
    while (true) {
      if (std::chrono::steady_clock::now() > deadline) {
        writer_gave_up = true;
        break;
      }
      const ssize_t n = write(fd, chunk.data(), chunk.size());
      if (n < 0) break;  // EPIPE: the reader closed its end.
      written += n;
    }
    close(fd);
  });
  const absl::StatusOr<std::string> read = ReadBounded(fifo.string(), 100000);
  writer.join();

  EXPECT_THAT(read, StatusIs(absl::StatusCode::kResourceExhausted,
                             "input is over the limit of 100000 bytes; "
                             "stopped reading it"));
  EXPECT_FALSE(writer_gave_up) << "ReadBounded() waited for the end";
  EXPECT_GT(written.load(), 100000);
}

TEST(BoundedRead, StopsAnEndlessDeviceAtTheLimit) {
  EXPECT_THAT(ReadBounded("/dev/zero", 1000),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       "input is over the limit of 1000 bytes; stopped "
                       "reading it"));
}

TEST(BoundedRead, ReadsStandardInputForADashAndLeavesItOpen) {
  const fs::path dir = ScratchDir();
  const fs::path file = WriteFile(dir / "in.textproto", "timeout: 1\n");
  const int saved = dup(STDIN_FILENO);
  ASSERT_GE(saved, 0);
  const int fd = open(file.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  close(fd);

  const absl::StatusOr<std::string> read = ReadBounded("-", 100);
  const bool stdin_open = fcntl(STDIN_FILENO, F_GETFD) != -1;
  dup2(saved, STDIN_FILENO);
  close(saved);

  EXPECT_EQ(read.value(), "timeout: 1\n");
  EXPECT_TRUE(stdin_open);
}

TEST(BoundedRead, ADirectoryIsAFailedPrecondition) {
  EXPECT_THAT(ReadBounded(ScratchDir().string(), 100),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "is a directory, not a config file"));
}

TEST(BoundedRead, AMissingFileIsNotFound) {
  EXPECT_THAT(ReadBounded((ScratchDir() / "missing.json").string(), 100),
              StatusIs(absl::StatusCode::kNotFound, CannotOpen(ENOENT)));
}

TEST(BoundedRead, AnUnreadableFileIsPermissionDenied) {
  // Root reads any file, and CI runs as root: then the read runs in a child
  // process that has dropped to `nobody` (privileges can't be regained).
  const fs::path dir = ScratchDir();
  const fs::path file = WriteFile(dir / "secret.textproto", "# secret\n");
  fs::permissions(file, fs::perms::none);
  const std::optional<std::string> report = testing::RunAsNobodyIfRoot([&] {
    const absl::StatusOr<std::string> read = ReadBounded(file.string(), 100);
    return std::to_string(static_cast<int>(read.status().code())) + " " +
           std::string(read.status().message());
  });
  if (!report) GTEST_SKIP() << "cannot drop to uid " << testing::kNobody;
  EXPECT_EQ(
      *report,
      std::to_string(static_cast<int>(absl::StatusCode::kPermissionDenied)) +
          " " + CannotOpen(EACCES));
}

TEST(BoundedRead, APathWithANulByteNamesNoFile) {
  // Not the shorter path before the NUL, which open() would take.
  const fs::path dir = ScratchDir();
  const fs::path file = WriteFile(dir / "a.textproto", "# a\n");
  const std::string path = file.string() + std::string("\0.json", 6);
  int error_number = -1;
  EXPECT_THAT(ReadBounded(path, 100, {}, &error_number),
              StatusIs(absl::StatusCode::kNotFound,
                       "cannot open: the path holds a NUL byte"));
  EXPECT_EQ(error_number, -1);  // No system call failed.
}

TEST(BoundedRead, KeepsTheErrnoOfTheCallThatFailed) {
  const fs::path dir = ScratchDir();
  fs::create_symlink("loop", dir / "loop");
  const fs::path file = WriteFile(dir / "file", "");
  const struct {
    std::string path;
    int error;
    absl::StatusCode code;
  } cases[] = {
      {(dir / "loop").string(), ELOOP, absl::StatusCode::kUnknown},
      {(file / "x.textproto").string(), ENOTDIR, absl::StatusCode::kUnknown},
      {(dir / (std::string(300, 'a') + ".textproto")).string(), ENAMETOOLONG,
       absl::StatusCode::kUnknown},
      {(dir / "missing.textproto").string(), ENOENT,
       absl::StatusCode::kNotFound},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    int error_number = 0;
    EXPECT_THAT(ReadBounded(c.path, 100, {}, &error_number),
                StatusIs(c.code, CannotOpen(c.error)));
    EXPECT_EQ(error_number, c.error);
  }
}

// The read of a FIFO that no writer opens blocks in open(); a signal whose
// handler has no SA_RESTART (as Python installs its own) interrupts it.
// `interrupted` decides: here it asks to stop at its third call.
TEST(BoundedRead, StopsWhenInterruptedSaysSo) {
  const fs::path dir = ScratchDir();
  const fs::path fifo = dir / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  struct sigaction action = {};
  action.sa_handler = [](int) {};
  sigemptyset(&action.sa_mask);
  struct sigaction saved;
  ASSERT_EQ(sigaction(SIGUSR1, &action, &saved), 0);

  const pthread_t reader = pthread_self();
  std::atomic<bool> done = false;
  std::thread signaller([&] {
    // Until the read returns, or for 10 seconds, so the test can't hang.
    for (int i = 0; i < 1000 && !done; ++i) {
      pthread_kill(reader, SIGUSR1);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  int calls = 0;
  const absl::StatusOr<std::string> read =
      ReadBounded(fifo.string(), 100, [&] { return ++calls == 3; });
  done = true;
  signaller.join();
  sigaction(SIGUSR1, &saved, nullptr);

  EXPECT_THAT(read, StatusIs(absl::StatusCode::kCancelled,
                             "interrupted by a signal; stopped reading"));
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
