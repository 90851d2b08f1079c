// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// RunAsNobodyIfRoot(), shared by the tests of unreadable files: root reads
// any file, and CI runs as root, so such a test reads in a child process that
// has dropped to the user `nobody` (privileges can't be regained).
//
//   const std::optional<std::string> report =
//       RunAsNobodyIfRoot([&] { return Describe(ReadBounded(path, 100)); });
//   if (!report) GTEST_SKIP() << "cannot drop to uid " << kNobody;

#ifndef ORBAX_OPTIONS_TESTS_AS_NOBODY_H_
#define ORBAX_OPTIONS_TESTS_AS_NOBODY_H_

#include <grp.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <string>

namespace orbax::checkpoint::options::testing {

inline constexpr uid_t kNobody = 65534;

// Runs `body` in a forked child, as `nobody` if this process is root, and
// returns the string it returned, or a description of how the child ended
// if it did not return (which no expectation matches); std::nullopt only if
// the child could not be made or could not drop its privileges.
inline std::optional<std::string> RunAsNobodyIfRoot(
    const std::function<std::string()>& body) {
  const bool root = geteuid() == 0;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    close(pipe_fds[0]);
    if (root && (setgroups(0, nullptr) != 0 || setgid(kNobody) != 0 ||
                 setuid(kNobody) != 0)) {
      _exit(127);
    }
    const std::string report = body();
    (void)!write(pipe_fds[1], report.data(), report.size());
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string report;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof(buffer))) > 0;) {
    report.append(buffer, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int raw = 0;
  if (waitpid(pid, &raw, 0) != pid) return std::nullopt;
  if (WIFEXITED(raw) && WEXITSTATUS(raw) == 127) return std::nullopt;
  if (!WIFEXITED(raw) || WEXITSTATUS(raw) != 0) {
    return "the child ended abnormally (wait status " + std::to_string(raw) +
           ") after writing: " + report;
  }
  return report;
}

}  // namespace orbax::checkpoint::options::testing

#endif  // ORBAX_OPTIONS_TESTS_AS_NOBODY_H_
