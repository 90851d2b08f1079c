// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Runs the real `orbax-options` binary as a subprocess, in a scratch
// directory, and checks its stdout, stderr and exit status.

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           (std::string("cli_test_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  void Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
  }

  // Runs `orbax-options ARGS... [< stdin_file]` in the scratch directory.
  Result Run(const std::vector<std::string>& args,
             const std::string& stdin_file = "") {
    return RunAfter(
        "", args,
        stdin_file.empty() ? std::string("/dev/null") : Quote(stdin_file));
  }

  // Runs `PIPE orbax-options ARGS... <STDIN` (PIPE is a shell command ending
  // in '|', or empty) in the scratch directory.
  Result RunAfter(const std::string& pipe, const std::vector<std::string>& args,
                  const std::string& stdin_redirect = "/dev/null") {
    std::string command = "cd " + Quote(dir_.string()) + " && " + pipe + " " +
                          Quote(ORBAX_OPTIONS_COMMAND);
    for (const std::string& a : args) command += " " + Quote(a);
    command += " >stdout.txt 2>stderr.txt";
    if (pipe.empty()) command += " <" + stdin_redirect;
    const int raw = std::system(command.c_str());
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = ReadAll(dir_ / "stdout.txt");
    r.err = ReadAll(dir_ / "stderr.txt");
    return r;
  }

  // Runs `orbax-options ARGS...` with stdout the write end of a pipe whose
  // read end is closed, and SIGPIPE ignored (so a write fails with EPIPE);
  // stderr goes to `r.err`.
  Result RunIntoClosedPipe(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    close(fds[0]);
    const fs::path err = dir_ / "stderr.txt";
    const pid_t pid = fork();
    if (pid == 0) {
      signal(SIGPIPE, SIG_IGN);
      const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (dup2(fds[1], STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0 ||
          chdir(dir_.c_str()) != 0) {
        _exit(127);
      }
      std::vector<char*> argv = {const_cast<char*>(ORBAX_OPTIONS_COMMAND)};
      for (const std::string& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
      }
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    int raw = 0;
    waitpid(pid, &raw, 0);
    Result r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.err = ReadAll(err);
    return r;
  }

  // Runs `args`, which must succeed with nothing on stderr; returns stdout.
  std::string Succeeds(const std::vector<std::string>& args,
                       const std::string& stdin_file = "") {
    Result r = Run(args, stdin_file);
    EXPECT_EQ(r.status, 0) << ::testing::PrintToString(args) << "\n" << r.err;
    EXPECT_EQ(r.err, "") << ::testing::PrintToString(args);
    return r.out;
  }

  fs::path dir_;
};

constexpr char kDefaultsFingerprint[] =
    "e2f84a5d60f9fcfce5f0cafac2ad17c787fb8d6db27fb2c9aeaed42dced60f8c\n";

TEST_F(Cli, HelpForTheCommandAndEachSubcommand) {
  Result r = Run({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("Usage: orbax-options COMMAND"));
  EXPECT_EQ(r.err, "");
  for (const std::string sub :
       {"check", "show", "fingerprint", "diff", "plan"}) {
    SCOPED_TRACE(sub);
    r = Run({sub, "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.out, StartsWith("Usage: orbax-options " + sub));
    EXPECT_THAT(r.out, HasSubstr("--set PATH=VALUE"));
    EXPECT_EQ(r.err, "");
  }
  r = Run({"help", "show"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("--effective"));
}

TEST_F(Cli, UsageErrorsExitTwoWithAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  Write("a.textproto", "");
  const std::vector<Case> cases = {
      {{},
       "orbax-options: error: missing command (check, show, fingerprint, "
       "diff, plan)\nTry 'orbax-options --help'.\n"},
      {{"lint", "a.textproto"},
       "orbax-options: error: unknown command 'lint'; expected check, show, "
       "fingerprint, diff or plan\nTry 'orbax-options --help'.\n"},
      {{"check", "--strictly", "a.textproto"},
       "orbax-options: error: unknown option '--strictly'\nTry "
       "'orbax-options check --help'.\n"},
      {{"check"},
       "orbax-options: error: no FILE given\nTry 'orbax-options check "
       "--help'.\n"},
      {{"check", "--effective", "a.textproto"},
       "orbax-options: error: unknown option '--effective'\nTry "
       "'orbax-options check --help'.\n"},
      {{"show", "--format=yaml", "a.textproto"},
       "orbax-options: error: unknown output format 'yaml'; expected "
       "textproto, json or binpb\nTry 'orbax-options show --help'.\n"},
      {{"show", "--input-format", "xml", "a.textproto"},
       "orbax-options: error: unknown input format 'xml'; expected textproto, "
       "json or binpb\nTry 'orbax-options show --help'.\n"},
      {{"check", "a.textproto", "--set"},
       "orbax-options: error: --set needs a value\nTry 'orbax-options check "
       "--help'.\n"},
      // A malformed override is a usage error, named as it was typed.
      {{"check", "a.textproto", "--set", "foo"},
       "orbax-options: error: --set foo: expected PATH=VALUE, e.g. --set "
       "async_options.timeout_secs=600\nTry 'orbax-options check --help'.\n"},
      {{"check", "a.textproto", "--set="},
       "orbax-options: error: --set=: expected PATH=VALUE, e.g. --set "
       "async_options.timeout_secs=600\nTry 'orbax-options check --help'.\n"},
      {{"show", "a.textproto", "--set==3"},
       "orbax-options: error: --set==3: expected PATH=VALUE, e.g. --set "
       "async_options.timeout_secs=600\nTry 'orbax-options show --help'.\n"},
      {{"check", "a.textproto", "--unset"},
       "orbax-options: error: --unset needs a value\nTry 'orbax-options "
       "check --help'.\n"},
      {{"check", "a.textproto", "--unset=a.b=1"},
       "orbax-options: error: --unset=a.b=1: expected a field PATH, e.g. "
       "--unset multiprocessing_options.active_processes\nTry "
       "'orbax-options check --help'.\n"},
      {{"diff", "a.textproto", "a.textproto", "--unset", ""},
       "orbax-options: error: --unset : expected a field PATH, e.g. --unset "
       "multiprocessing_options.active_processes\nTry 'orbax-options diff "
       "--help'.\n"},
      {{"diff", "a.textproto"},
       "orbax-options: error: diff needs exactly two files, FILE_A and "
       "FILE_B\nTry 'orbax-options diff --help'.\n"},
      {{"check", "-", "-", "--input-format=json"},
       "orbax-options: error: '-' (standard input) given more than once\nTry "
       "'orbax-options check --help'.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    Result r = Run(c.args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
}

TEST_F(Cli, UnreadableOrUnrecognisedFilesExitTwo) {
  Write("job.yaml", "async_options: {}");
  Result r = Run({"check", "missing.textproto"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "missing.textproto: error: cannot open: No such file or "
            "directory\n");
  r = Run({"show", "job.yaml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("job.yaml: error: cannot tell the format from "
                                "the file name"));
  r = Run({"check", "-"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("-: error: standard input needs its format "
                                "given explicitly"));
}

// Every command that writes to stdout: a failed write (a full disk, a pipe
// closed by its reader) exits 2, with the system's reason.
TEST_F(Cli, AFailedWriteToStdoutExitsTwoWithTheReason) {
  Write("a.textproto", "async_options { timeout_secs: 60 }\n");
  Write("b.textproto", "async_options { timeout_secs: 90 }\n");
  const std::vector<std::vector<std::string>> commands = {
      {"check", "a.textproto"},
      {"show", "a.textproto"},
      {"fingerprint", "a.textproto"},
      {"diff", "a.textproto", "b.textproto"},
      {"--help"},
  };
  for (const std::vector<std::string>& args : commands) {
    SCOPED_TRACE(args[0]);
    Result r = RunAfter("", args, "/dev/null");
    ASSERT_EQ(r.status, args[0] == "diff" ? 1 : 0) << r.err;
    std::string command = "cd " + Quote(dir_.string()) + " && " +
                          Quote(ORBAX_OPTIONS_COMMAND);
    for (const std::string& a : args) command += " " + Quote(a);
    const int raw =
        std::system((command + " >/dev/full 2>stderr.txt").c_str());
    EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 2);
    EXPECT_EQ(ReadAll(dir_ / "stderr.txt"),
              "orbax-options: error: cannot write to standard output: No "
              "space left on device\n");
    r = RunIntoClosedPipe(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err,
              "orbax-options: error: cannot write to standard output: "
              "Broken pipe\n");
  }
}

TEST_F(Cli, CheckShowAndFingerprintAValidConfig) {
  Write("job.textproto",
        "# A job.\nasync_options {\n  timeout_secs: 600\n}\n"
        "multiprocessing_options { all_hosts_primary {} }\n");
  Result r = Run({"check", "job.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err, "");

  r = Run({"show", "job.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "async_options {\n  timeout_secs: 600\n}\nmultiprocessing_options "
            "{\n  all_hosts_primary {\n  }\n}\n");

  r = Run({"show", "--effective", "--format=json", "job.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "{\n"
            " \"async_options\": {\n"
            "  \"timeout_secs\": 600,\n"
            "  \"create_directories_asynchronously\": true\n"
            " },\n"
            " \"multiprocessing_options\": {\n"
            "  \"all_hosts_primary\": {}\n"
            " },\n"
            " \"file_options\": {\n"
            "  \"skip_sync_file_validations\": false\n"
            " },\n"
            " \"memory_limit_options\": {},\n"
            " \"atomicity_options\": {\n"
            "  \"mode\": \"ATOMICITY_MODE_AUTO\",\n"
            "  \"allow_legacy_atomic_rename\": false\n"
            " }\n"
            "}\n");

  r = Run({"fingerprint", "job.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, MatchesRegex("[0-9a-f]{64}\n"));
  EXPECT_NE(r.out, kDefaultsFingerprint);
}

TEST_F(Cli, InvalidConfigsExitOneWithFileLineColumnAndPath) {
  Write("broken.textproto", "async_options {\n  timeout_secs: abc\n}\n");
  Result r = Run({"show", "broken.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "broken.textproto:2:17: error: async_options.timeout_secs: "
            "expected int32 (a whole number; 0x for hex, 0 for octal), got "
            "\"abc\"\n");

  Write("broken.json", "{\n  \"async_options\": {\n    \"timeout_secs\": 5,\n");
  r = Run({"check", "broken.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "broken.json:4:1: error: async_options: unexpected end of input; "
            "expected a field name\n");

  Write("rules.textproto",
        "async_options {\n  timeout_secs: 0\n}\nfile_options {\n"
        "  path_permission_mode: 0750\n}\n");
  r = Run({"fingerprint", "rules.textproto", "--set",
           "memory_limit_options.max_transfer_concurrent_gb=0"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "rules.textproto:2:3: error: async_options.timeout_secs: must be > "
            "0, got 0\n"
            "--set memory_limit_options.max_transfer_concurrent_gb=0: error: "
            "memory_limit_options.max_transfer_concurrent_gb: must be > 0, got "
            "0\n");
}

TEST_F(Cli, UnknownFieldsAreErrorsUnlessAllowed) {
  Write("new.textproto",
        "async_options {\n  timeout_secs: 60\n  turbo: true\n}\n");
  Write("new.json",
        "{\"async_options\": {\"timeout_secs\": 60,\n  \"turbo\": true}}");
  Result r = Run({"check", "new.textproto", "new.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "new.textproto:3:3: error: async_options.turbo: unknown field: "
            "AsyncOptions has no field named \"turbo\"\n"
            "new.json:2:3: error: async_options.turbo: unknown field: "
            "AsyncOptions has no field named \"turbo\"\n");

  r = Run({"check", "--allow-unknown-fields", "new.textproto", "new.json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err,
            "new.textproto:3:3: warning: async_options.turbo: unknown field "
            "ignored: AsyncOptions has no field named \"turbo\"\n"
            "new.json:2:3: warning: async_options.turbo: unknown field "
            "ignored: AsyncOptions has no field named \"turbo\"\n");
}

// protobuf's parser overflowed the stack on these (SIGSEGV), and took
// quadratic time over many unknown fields.
TEST_F(Cli, DeepOrManyUnknownFieldsAreReadSafely) {
  std::string deep;
  for (int i = 0; i < 15000; ++i) deep += "x {";
  deep += std::string(15000, '}');
  Write("deep.textproto", deep);
  Write("lists.textproto",
        "x: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
  for (const bool allow : {false, true}) {
    SCOPED_TRACE(allow);
    Result r = allow
                   ? Run({"check", "--allow-unknown-fields", "deep.textproto"})
                   : Run({"check", "deep.textproto"});
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.err, StartsWith("deep.textproto:1:303: error: x.x.x."));
    EXPECT_THAT(r.err, HasSubstr(".x: nested more than 100 levels deep\n"));
  }
  Result r = Run({"check", "--allow-unknown-fields", "lists.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "lists.textproto:1:104: error: x: nested more than 100 levels "
            "deep\n");

  std::string many;
  for (int i = 0; i < 100000; ++i)
    many += "turbo_" + std::to_string(i) + ": 1\n";
  Write("many.textproto", many);
  r = Run({"check", "--allow-unknown-fields", "many.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_THAT(r.err, StartsWith("many.textproto:1:1: warning: turbo_0: "
                                "unknown field ignored: CheckpointOptions has "
                                "no field named \"turbo_0\"\n"));
  EXPECT_THAT(r.err, HasSubstr("many.textproto: warning: 99900 more warnings "
                               "not shown (the first 100 are)\n"));
}

TEST_F(Cli, BinaryUnknownFieldsAreKeptAndReportedOnRequest) {
  // async_options { timeout_secs: 5 }, then field 101 = 7 from a newer writer.
  Write("new.binpb", std::string("\x0a\x02\x08\x05\xa8\x06\x07", 7));
  Result r = Run({"fingerprint", "new.binpb"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  const std::string fingerprint = r.out;

  r = Run({"fingerprint", "--report-unknown-fields", "new.binpb"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, fingerprint);
  EXPECT_EQ(r.err,
            "new.binpb: warning: unknown field number 101, kept; perhaps "
            "from a newer writer\n");

  Write("same.textproto", "async_options { timeout_secs: 5 }");
  EXPECT_EQ(Succeeds({"fingerprint", "same.textproto"}), fingerprint);
}

TEST_F(Cli, RefusesAnOversizedFile) {
  const std::string path = (dir_ / "huge.json").string();
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, (int64_t{64} << 20) + 1), 0);
  close(fd);
  Result r = Run({"check", "huge.json"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "huge.json: error: input is 67108865 bytes, over the limit of "
            "67108864 bytes; refusing to read it\n");
}

TEST_F(Cli, StopsReadingStandardInputAtTheSizeLimit) {
  // A pipe has no size to check first: reading stops past 64 MiB.
  Result r = RunAfter("head -c 67108865 /dev/zero |",
                      {"check", "--input-format=binpb", "-"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "-: error: input is over the limit of 67108864 bytes; stopped "
            "reading it\n");
}

TEST_F(Cli, ReadsStandardInputInTheGivenFormat) {
  Write("in.json", "{\"async_options\": {\"timeout_secs\": 0}}");
  Result r = Run({"check", "--input-format=json", "-"}, "in.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "-:1:20: error: async_options.timeout_secs: must be > 0, got 0\n");
  Write("in.txt", "async_options { timeout_secs: 7 }");
  r = Run({"show", "-", "--input-format", "textproto"}, "in.txt");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "async_options {\n  timeout_secs: 7\n}\n");
}

TEST_F(Cli, LayersMergeInOrderAndALaterDefaultCounts) {
  Write("base.textproto",
        "async_options { timeout_secs: 600 "
        "create_directories_asynchronously: false }\n"
        "multiprocessing_options { primary_host: 2 }\n");
  Write("reset.json",
        "{\"async_options\": {\"timeout_secs\": 1200, "
        "\"create_directories_asynchronously\": true},\n"
        " \"multiprocessing_options\": {\"primary_host\": 0}}");
  Result r = Run({"fingerprint", "base.textproto", "reset.json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, kDefaultsFingerprint);

  r = Run({"show", "base.textproto", "--set", "async_options.timeout_secs=30",
           "--set=multiprocessing_options.active_processes={ranges {start: 0 "
           "stop: 4}}"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "async_options {\n"
            "  timeout_secs: 30\n"
            "  create_directories_asynchronously: false\n"
            "}\n"
            "multiprocessing_options {\n"
            "  primary_host: 2\n"
            "  active_processes {\n"
            "    ranges {\n"
            "      stop: 4\n"  // proto3: a plain int32 of 0 is not printed.
            "    }\n"
            "  }\n"
            "}\n");
}

TEST_F(Cli, ValidationErrorsPointAtTheFileOrSetThatSetTheValue) {
  Write("base.textproto", "multiprocessing_options {\n  primary_host: 5\n}\n");
  Write("job.json",
        "{\n  \"multiprocessing_options\": {\n    \"active_processes\": "
        "{\"ranges\": [{\"start\": 0, \"stop\": 4}]}\n  }\n}\n");
  Result r = Run({"check", "base.textproto", "job.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "base.textproto:2:3: error: multiprocessing_options.primary_host: "
            "5 is not in active_processes {0-3}; set primary_host to one of "
            "them, or set all_hosts_primary\n");

  r = Run({"check", "base.textproto", "job.json", "--set",
           "multiprocessing_options.primary_host=9"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "--set multiprocessing_options.primary_host=9: error: "
            "multiprocessing_options.primary_host: 9 is not in "
            "active_processes {0-3}; set primary_host to one of them, or set "
            "all_hosts_primary\n");

  r = Run({"check", "base.textproto", "job.json", "--set",
           "multiprocessing_options.primary_host=3"});
  EXPECT_EQ(r.status, 0);

  Write("bad_range.json",
        "{\n  \"multiprocessing_options\": {\n    \"active_processes\": "
        "{\"ranges\": [\n      {\"start\": 0, \"stop\": 4},\n      "
        "{\"start\": 9, \"stop\": 2}]}\n  }\n}\n");
  r = Run({"check", "bad_range.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "bad_range.json:5:7: error: "
            "multiprocessing_options.active_processes.ranges[1]: [9, 2) is "
            "reversed; start must be < stop\n");
}

// JSON is read as strictly as Python's json_format reads it, so that a
// config that passes `check` also loads in Orbax; and what the user wrote
// reaches the terminal escaped.
TEST_F(Cli, JsonIsReadAsStrictlyAsPythonReadsIt) {
  Write(
      "strict.json",
      "{\"async_options\": {\"create_directories_asynchronously\": \"yes\"},\n"
      " \"multiprocessing_options\": {\"active_processes\": "
      "{\"process_indices\": 0}}}\n");
  Result r = Run({"check", "strict.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "strict.json:1:57: error: "
            "async_options.create_directories_asynchronously: expected bool "
            "(true or false), got \"yes\"\n"
            "strict.json:2:70: error: "
            "multiprocessing_options.active_processes.process_indices: "
            "expected a list of int32 ([...]), got 0\n");

  Write("evil.json",
        "{\"\\u001b[31mEVIL\": 1, \"async_options\": {\"timeout_secs\": "
        "\"\\u001b]0;pwned\\u0007\\u0000\"}}");
  r = Run({"check", "evil.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "evil.json:1:2: error: \"\\x1b[31mEVIL\": unknown field: "
            "CheckpointOptions has no field named \"\\x1b[31mEVIL\"\n"
            "evil.json:1:57: error: async_options.timeout_secs: expected int32 "
            "(a whole number, or a string of digits), got "
            "\"\\x1b]0;pwned\\a\\x00\"\n");
  EXPECT_EQ(r.err.find_first_of(std::string("\x1b\x07\0", 3)),
            std::string::npos);

  Write("bom.json", "\xEF\xBB\xBF{}");
  r = Run({"check", "bom.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "bom.json:1:1: error: starts with a UTF-8 byte order mark (bytes "
            "EF BB BF); save it as UTF-8 without one\n");

  Write("mode.json",
        "{\"file_options\": {\"path_permission_mode\": \"0750\"}}");
  r = Run({"show", "--format=json", "mode.json"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err,
            "mode.json:1:43: warning: file_options.path_permission_mode: "
            "\"0750\" is read as decimal 750 (01356 in octal: sticky bit, "
            "world-writable), while text format and --set read 0750 as "
            "octal; to mean 0750, write 488 (a number)\n");
}

TEST_F(Cli, FingerprintIsTheSameForEverySpellingAndFormat) {
  Write("indices.textproto",
        "multiprocessing_options {\n  active_processes { process_indices: "
        "[3, 0, 2, 1] }\n  primary_host: 0\n}\nasync_options { timeout_secs: "
        "600 }\nfile_options { path_permission_mode: 0750 }\n");
  Write("ranges.json",
        "{\"fileOptions\": {\"pathPermissionMode\": 488},\n"
        " \"multiprocessingOptions\": {\"activeProcesses\": {\"ranges\": "
        "[{\"start\": 0, \"stop\": 2}, {\"start\": 2, \"stop\": 4}]}},\n"
        " \"async_options\": {\"timeout_secs\": \"600\", "
        "\"create_directories_asynchronously\": true}}");
  Write("split_a.textproto", "async_options { timeout_secs: 600 }");
  Write("split_b.textproto",
        "multiprocessing_options { active_processes { ranges { start: 0 stop: "
        "4 } } }");
  Result text = Run({"fingerprint", "indices.textproto"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(Succeeds({"fingerprint", "ranges.json"}), text.out);
  EXPECT_EQ(Succeeds({"fingerprint", "split_a.textproto", "split_b.textproto",
                      "--set", "file_options.path_permission_mode=488"}),
            text.out);
  // The binary effective form, read back from a pipe.
  Result binary =
      Run({"show", "--effective", "--format=binpb", "indices.textproto"});
  ASSERT_EQ(binary.status, 0);
  Write("effective.binpb", binary.out);
  EXPECT_EQ(Succeeds({"fingerprint", "effective.binpb"}), text.out);
  EXPECT_EQ(
      Succeeds({"fingerprint", "--input-format=binpb", "-"}, "effective.binpb"),
      text.out);
  // Minimal JSON, printed and read back.
  Write("minimal.json",
        Succeeds({"show", "--format=json", "indices.textproto"}));
  EXPECT_EQ(Succeeds({"fingerprint", "minimal.json"}), text.out);
}

TEST_F(Cli, AnyChangeToAnEffectiveValueChangesTheFingerprint) {
  Write("empty.textproto", "");
  const std::vector<std::string> changes = {
      "async_options.timeout_secs=1201",
      "async_options.create_directories_asynchronously=false",
      "multiprocessing_options.primary_host=1",
      "multiprocessing_options.all_hosts_primary={}",
      "multiprocessing_options.active_processes={ranges {start: 0 stop: 2}}",
      "multiprocessing_options.barrier_sync_key_prefix=\"\"",
      "file_options.path_permission_mode=0",
      "file_options.skip_sync_file_validations=true",
      "memory_limit_options.max_transfer_concurrent_gb=1",
      "atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE",
      "atomicity_options.allow_legacy_atomic_rename=true",
  };
  std::set<std::string> seen = {kDefaultsFingerprint};
  EXPECT_EQ(Succeeds({"fingerprint", "empty.textproto"}), kDefaultsFingerprint);
  for (const std::string& change : changes) {
    SCOPED_TRACE(change);
    Result r = Run({"fingerprint", "empty.textproto", "--set", change});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(seen.insert(r.out).second) << "fingerprint seen before";
  }
}

TEST_F(Cli, DiffListsTheEffectiveFieldsThatDiffer) {
  Write("a.textproto", "async_options { timeout_secs: 1200 }");
  Write("b.json", "{\"multiprocessing_options\": {\"primary_host\": 0}}");
  Write("c.textproto",
        "async_options { timeout_secs: 60 }\n"
        "multiprocessing_options { all_hosts_primary {} }\n");
  Result same = Run({"diff", "a.textproto", "b.json"});
  EXPECT_EQ(same.status, 0);
  EXPECT_EQ(same.out, "");
  EXPECT_EQ(same.err, "");

  Result differ = Run({"diff", "a.textproto", "c.textproto"});
  EXPECT_EQ(differ.status, 1);
  EXPECT_EQ(differ.out,
            "async_options.timeout_secs: 1200 -> 60\n"
            "multiprocessing_options.primary_host: 0 -> all_hosts_primary\n");
  EXPECT_EQ(differ.err, "");

  Write("bad.textproto", "async_options { timeout_secs: -1 }");
  Result bad = Run({"diff", "a.textproto", "bad.textproto"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err,
            "bad.textproto:1:17: error: async_options.timeout_secs: must be > "
            "0, got -1\n");
}

TEST_F(Cli, UnsetRestoresAFieldToOrbaxsDefaultInOrderWithSet) {
  Write("job.textproto",
        "async_options { timeout_secs: 60 }\n"
        "multiprocessing_options {\n"
        "  all_hosts_primary {}\n"
        "  active_processes { ranges { stop: 4 } }\n"
        "  barrier_sync_key_prefix: \"\"\n"
        "}\n");
  Result r = Run({"show", "job.textproto", "--unset",
                  "multiprocessing_options.active_processes",
                  "--unset=multiprocessing_options.primary_host", "--unset",
                  "multiprocessing_options.barrier_sync_key_prefix"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  // Unsetting either member of the primary oneof unsets it: process 0.
  EXPECT_EQ(r.out,
            "async_options {\n  timeout_secs: 60\n}\n"
            "multiprocessing_options {\n}\n");

  // Applied in the order given, with --set.
  r = Run({"show", "job.textproto", "--set", "async_options.timeout_secs=5",
           "--unset", "async_options.timeout_secs", "--unset",
           "multiprocessing_options"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "async_options {\n}\n");
  r = Run({"show", "job.textproto", "--unset", "async_options", "--set",
           "async_options.timeout_secs=5", "--unset",
           "multiprocessing_options"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "async_options {\n  timeout_secs: 5\n}\n");

  r = Run({"check", "job.textproto", "--unset", "async_options.turbo"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "--unset async_options.turbo: error: async_options.turbo: unknown "
            "field: AsyncOptions has no field named \"turbo\"\n");
}

TEST_F(Cli, DiffReportsAProblemOfTheOverridesOnceAndSaysWhichSide) {
  Write("a.textproto",
        "multiprocessing_options { active_processes { ranges { stop: 4 } } "
        "}\n");
  Write("b.textproto", "file_options { path_permission_mode: 0750 }\n");

  // A bad override is reported once, before either file is loaded.
  Result r = Run(
      {"diff", "a.textproto", "b.textproto", "--unset", "async_options.turbo"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "--unset async_options.turbo: error: async_options.turbo: unknown "
            "field: AsyncOptions has no field named \"turbo\"\n");

  // Invalid on both sides: once, with no side.
  r = Run({"diff", "a.textproto", "b.textproto", "--set",
           "async_options.timeout_secs=0"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "--set async_options.timeout_secs=0: error: "
            "async_options.timeout_secs: must be > 0, got 0\n");

  // Invalid on one side only: says which.
  r = Run({"diff", "a.textproto", "b.textproto", "--set",
           "multiprocessing_options.primary_host=6"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "--set multiprocessing_options.primary_host=6: error: "
            "multiprocessing_options.primary_host: 6 is not in "
            "active_processes {0-3}; set primary_host to one of them, or set "
            "all_hosts_primary (with a.textproto)\n");

  // Permission bits differ in octal, as people write them.
  r = Run({"diff", "a.textproto", "b.textproto", "--unset",
           "multiprocessing_options.active_processes"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "file_options.path_permission_mode: None -> 0750\n");
}

TEST_F(Cli, ShowSaysWhichUnknownFieldsTextAndJsonLeaveOut) {
  // async_options { timeout_secs: 5, field 15 = 1 }, then field 101 = 7.
  Write("new.binpb", std::string("\x0a\x04\x08\x05\x78\x01\xa8\x06\x07", 9));
  for (const std::string format : {"textproto", "json"}) {
    SCOPED_TRACE(format);
    Result r = Run({"show", "--format=" + format, "new.binpb"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err,
              "orbax-options: warning: 2 unknown field(s) not printed, "
              "as " +
                  format +
                  " has no names for them: 101, "
                  "async_options.15; --format=binpb keeps them\n");
  }
  Result text = Run({"show", "new.binpb"});
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(text.out, "async_options {\n  timeout_secs: 5\n}\n");
  Result binary = Run({"show", "--format=binpb", "new.binpb"});
  EXPECT_EQ(binary.status, 0);
  EXPECT_EQ(binary.err, "");
  EXPECT_EQ(binary.out.size(), 9);
}

TEST_F(Cli, WarningsGoToStderrAndFailOnlyWithStrict) {
  Write("job.textproto",
        "memory_limit_options {\n  max_transfer_concurrent_gb: 13\n}\n");
  const std::string warning =
      "job.textproto:2:3: warning: "
      "memory_limit_options.max_transfer_concurrent_gb: 13 is below 14: when "
      "the PyTree handler's save_device_host_concurrent_bytes is 'auto', "
      "Orbax's memory regulator refuses a ceiling this low when it runs\n";
  Result r = Run({"check", "job.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err, warning);

  r = Run({"check", "--strict", "job.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "job.textproto:2:3: error: " +
                       warning.substr(warning.find("memory_limit_options.")));

  r = Run({"check", "--strict", "job.textproto", "--set",
           "memory_limit_options.max_transfer_concurrent_gb=14"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
}

// docs/command.md: the diff example, output exactly.
TEST_F(Cli, TheReadmesDiffExample) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  Result r = Run({"diff", dir + "/multihost_subset.textproto",
                  dir + "/local_per_host.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "async_options.timeout_secs: 1800 -> 300\n"
            "async_options.create_directories_asynchronously: true -> false\n"
            "multiprocessing_options.primary_host: 0 -> all_hosts_primary\n"
            "multiprocessing_options.active_processes: {0-31} -> None\n"
            "multiprocessing_options.barrier_sync_key_prefix: "
            "\"train_state\" -> \"local\"\n"
            "atomicity_options.mode: ATOMICITY_MODE_AUTO -> "
            "ATOMICITY_MODE_ATOMIC_RENAME\n");
}

TEST_F(Cli, InputFormatAppliesToEveryFile) {
  Write("a.conf", "async_options { timeout_secs: 5 }");
  Write("b.txt", "file_options { path_permission_mode: 0700 }");
  EXPECT_EQ(Succeeds({"show", "--input-format=textproto", "a.conf", "b.txt"}),
            "async_options {\n  timeout_secs: 5\n}\n"
            "file_options {\n  path_permission_mode: 0700\n}\n");
  // JSON in a .textproto file, read as JSON because it was told so.
  Write("c.textproto", "{\"async_options\": {\"timeout_secs\": 6}}");
  EXPECT_EQ(Succeeds({"show", "--input-format=json", "c.textproto"}),
            "async_options {\n  timeout_secs: 6\n}\n");
  Result r = Run({"check", "--input-format=json", "a.conf", "c.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "a.conf:1:1: error: expected a JSON object, got 'a'\n");
}

TEST_F(Cli, EnumNumbersZeroToThreeLoadAndOthersAreLocatedErrors) {
  // docs/schema.md, "The fields": 0-3 name the values (0 means AUTO); another
  // number is an error at its place, in text and JSON alike.
  const std::pair<int, std::string> kKnown[] = {
      {0, "ATOMICITY_MODE_AUTO"},
      {1, "ATOMICITY_MODE_AUTO"},
      {2, "ATOMICITY_MODE_COMMIT_FILE"},
      {3, "ATOMICITY_MODE_ATOMIC_RENAME"}};
  for (const auto& [number, name] : kKnown) {
    SCOPED_TRACE(number);
    Write("m.textproto",
          absl::StrCat("atomicity_options { mode: ", number, " }\n"));
    Write("m.json",
          absl::StrCat("{\"atomicity_options\": {\"mode\": ", number, "}}"));
    for (const std::string file : {"m.textproto", "m.json"}) {
      EXPECT_THAT(Succeeds({"show", "--effective", file}),
                  HasSubstr("  mode: " + name + "\n"));
    }
  }
  Write("m.textproto", "atomicity_options { mode: 7 }\n");
  Write("m.json", "{\"atomicity_options\": {\"mode\": 7}}");
  const std::pair<std::string, std::string> kUnknown[] = {
      {"m.textproto", "m.textproto:1:21"}, {"m.json", "m.json:1:24"}};
  for (const auto& [file, at] : kUnknown) {
    Result r = Run({"check", file});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, at + ": error: atomicity_options.mode: unknown "
                          "AtomicityMode number 7, perhaps from a newer "
                          "sender; this version knows 0 to 3\n");
  }
}

TEST_F(Cli, APrefixThatIsNotUtf8IsRefusedFromEverySource) {
  Write("u.textproto",
        "multiprocessing_options { barrier_sync_key_prefix: \"\\xff\" }\n");
  Write("u.json",
        "{\"multiprocessing_options\": {\"barrier_sync_key_prefix\": "
        "\"\xff\"}}");
  Write("ok.textproto", "");
  const std::pair<std::vector<std::string>, std::string> kCases[] = {
      {{"check", "u.textproto"},
       "u.textproto:1:52: error: "
       "multiprocessing_options.barrier_sync_key_prefix: not valid UTF-8: "
       "\"\\xff\"; string fields must be UTF-8\n"},
      {{"check", "u.json"},
       "u.json:1:58: error: multiprocessing_options.barrier_sync_key_prefix: "
       "not valid UTF-8 (byte 0xff); JSON text must be UTF-8\n"},
      {{"check", "ok.textproto", "--set",
        "multiprocessing_options.barrier_sync_key_prefix=\"\\xfe\""},
       "--set multiprocessing_options.barrier_sync_key_prefix=\"\\xfe\": "
       "error: multiprocessing_options.barrier_sync_key_prefix: not valid "
       "UTF-8: \"\\xfe\"; string fields must be UTF-8\n"},
  };
  for (const auto& [args, err] : kCases) {
    SCOPED_TRACE(::testing::PrintToString(args));
    Result r = Run(args);
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, err);
  }
}

TEST_F(Cli, AHugeBadValueMakesAShortLine) {
  // A megabyte of ESC characters (written as JSON escapes) as a timeout:
  // one short, escaped line.
  std::string escapes;
  for (int i = 0; i < (1 << 20); ++i) escapes += "\\u001b";
  Write("big.json",
        "{\"async_options\": {\"timeout_secs\": \"" + escapes + "\"}}");
  Result r = Run({"check", "big.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(
      r.err,
      "big.json:1:36: error: async_options.timeout_secs: expected int32 "
      "(a whole number, or a string of digits), got \"" +
          [] {
            std::string shown;
            for (int i = 0; i < 64; ++i) shown += "\\x1b";
            return shown;
          }() +
          "...\" (1048576 bytes)\n");
}

TEST_F(Cli, EveryExampleChecks) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  int checked = 0;
  for (const auto& [subdirectory, type] :
       {std::pair<std::string, std::string>{"", "CheckpointOptions"},
        {"/checkpoint_manager", "CheckpointManagerOptions"}}) {
    for (const auto& entry : fs::directory_iterator(dir + subdirectory)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".textproto" && ext != ".json") continue;
      SCOPED_TRACE(entry.path().string());
      ++checked;
      Result r = Run({"check", "--strict", "--type=" + type,
                      entry.path().string()});
      EXPECT_EQ(r.status, 0);
      EXPECT_EQ(r.out, "ok\n");
      EXPECT_EQ(r.err, "");
    }
  }
  EXPECT_EQ(checked, 13);
}


// --- CheckpointManagerOptions (--type) --------------------------------------

constexpr char kManagerType[] = "--type=CheckpointManagerOptions";

TEST_F(Cli, AnUnknownTypeIsAUsageErrorNamingTheTypes) {
  Write("empty.textproto", "");
  Result r = Run({"check", "--type=CheckpointManager", "empty.textproto"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "orbax-options: error: unknown type 'CheckpointManager'; expected "
            "CheckpointOptions, CheckpointManagerOptions, Context, "
            "CheckpointerOptions\n"
            "Try 'orbax-options check --help'.\n");
}

TEST_F(Cli, TheTypeChangesWhatAnEmptyFileMeans) {
  Write("empty.textproto", "");
  EXPECT_EQ(Succeeds({"fingerprint", "empty.textproto"}), kDefaultsFingerprint);
  EXPECT_EQ(Succeeds({"fingerprint", "--type", "CheckpointOptions",
                      "empty.textproto"}),
            kDefaultsFingerprint);
  const std::string manager =
      Succeeds({"fingerprint", kManagerType, "empty.textproto"});
  EXPECT_THAT(manager, MatchesRegex("[0-9a-f]{64}\n"));
  EXPECT_NE(manager, kDefaultsFingerprint);
  // Orbax's defaults, written out, are the same options.
  const std::string effective =
      Succeeds({"show", "--effective", kManagerType, "empty.textproto"});
  EXPECT_THAT(effective, HasSubstr("save_interval_steps: 1\n"));
  EXPECT_THAT(effective, HasSubstr("best_mode: BEST_MODE_MAX\n"));
  EXPECT_THAT(effective, HasSubstr("create: true\n"));
  Write("effective.textproto", effective);
  EXPECT_EQ(Succeeds({"fingerprint", kManagerType, "effective.textproto"}),
            manager);
}

// Orbax's v1 roots work in every command: check, show (minimal and
// effective, every format), fingerprint and diff, with --set and --unset.
TEST_F(Cli, ContextAndCheckpointerRootsWorkInEveryCommand) {
  Write("ctx.textproto",
        "array { saving { use_ocdbt: false storage_options { dtype: "
        "\"bfloat16\" } } }\nfile { path_permission_mode: 0750 }\n");
  EXPECT_EQ(Succeeds({"check", "--type=Context", "ctx.textproto"}), "ok\n");
  EXPECT_EQ(Succeeds({"show", "--type=Context", "ctx.textproto"}),
            "array {\n  saving {\n    storage_options {\n      dtype: "
            "\"bfloat16\"\n    }\n    use_ocdbt: false\n  }\n}\nfile {\n  "
            "path_permission_mode: 0750\n}\n");
  const std::string fingerprint =
      Succeeds({"fingerprint", "--type=Context", "ctx.textproto"});
  EXPECT_THAT(fingerprint, MatchesRegex("[0-9a-f]{64}\n"));
  // The same options in JSON and binary, and their effective form, have the
  // same fingerprint.
  Write("ctx.json",
        Succeeds({"show", "--type=Context", "--format=json", "ctx.textproto"}));
  Write("ctx.binpb", Succeeds({"show", "--type=Context", "--effective",
                               "--format=binpb", "ctx.textproto"}));
  for (const std::string file : {"ctx.json", "ctx.binpb"}) {
    EXPECT_EQ(Succeeds({"fingerprint", "--type=Context", file}), fingerprint);
  }
  // --set and --unset on a Context path; diff names the fields.
  Result r = Run({"diff", "--type=Context", "ctx.textproto", "ctx.json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  Write("other.textproto", "array { saving { use_ocdbt: false } }\n");
  r = Run({"diff", "--type=Context", "--set", "memory.read_concurrent_bytes=64",
           "--unset", "file.path_permission_mode", "ctx.textproto",
           "other.textproto"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out,
            "array.saving.storage_options.dtype: \"bfloat16\" -> None\n");
  EXPECT_EQ(Succeeds({"show", "--type=Context", "--set",
                      "memory.read_concurrent_bytes=64", "--unset",
                      "file.path_permission_mode", "ctx.textproto"}),
            "array {\n  saving {\n    storage_options {\n      dtype: "
            "\"bfloat16\"\n    }\n    use_ocdbt: false\n  }\n}\nfile {\n}\n"
            "memory {\n  read_concurrent_bytes: 64\n}\n");
  r = Run({"check", "--type=Context", "--set",
           "memory.read_concurrent_bytes=0", "ctx.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "--set memory.read_concurrent_bytes=0: error: "
            "memory.read_concurrent_bytes: must be > 0 "
            "(unset for Orbax's default), got 0: Orbax raises ValueError for "
            "it when it saves or loads\n");
  // A Checkpointer's context is a Context.
  Write("run.textproto",
        "context { asynchronous { timeout_secs: 60 } }\n"
        "preservation_policy { latest_n { n: 2 } }\n");
  EXPECT_EQ(Succeeds({"check", "--type=CheckpointerOptions", "run.textproto"}),
            "ok\n");
  r = Run({"diff", "--type=CheckpointerOptions", "--set",
           "context.checkpoint_layout=CHECKPOINT_LAYOUT_AUTO", "run.textproto",
           "run.textproto"});
  EXPECT_EQ(r.status, 0) << r.err;
  Write("run2.textproto", "context { asynchronous { timeout_secs: 30 } }\n");
  r = Run({"diff", "--type=CheckpointerOptions", "run.textproto",
           "run2.textproto"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out,
            "context.asynchronous.timeout_secs: 60 -> 30\n"
            "preservation_policy: latest_n { n: 2 } -> None\n");
  // Given as a Context, a Checkpointer's file is named by its type.
  r = Run({"check", "--type=Context", "run.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("orbax-options: note: run.textproto parses as "
                               "CheckpointerOptions; to read it as that, give "
                               "--type=CheckpointerOptions\n"));
}

TEST_F(Cli, AConfigOfTheOtherTypeNamesTheUnknownFieldAndTheTypeItParsesAs) {
  const std::string manager =
      std::string(ORBAX_OPTIONS_EXAMPLES_DIR) + "/checkpoint_manager";
  Write("manager.json", ReadAll(manager + "/evaluator.json"));
  Result r = Run({"check", "manager.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "manager.json:2:3: error: read_only: unknown field: CheckpointOptions "
      "has no field named \"read_only\"\n"
      "manager.json:3:3: error: save_interval_steps: unknown field: "
      "CheckpointOptions has no field named \"save_interval_steps\"\n"
      "manager.json:4:3: error: create: unknown field: CheckpointOptions has "
      "no field named \"create\"\n"
      "manager.json:5:3: error: single_host_load_and_broadcast: unknown "
      "field: CheckpointOptions has no field named "
      "\"single_host_load_and_broadcast\"\n"
      "manager.json:6:3: error: lightweight_initialize: unknown field: "
      "CheckpointOptions has no field named \"lightweight_initialize\"\n"
      "manager.json:7:3: error: step_format_fixed_length: unknown field: "
      "CheckpointOptions has no field named \"step_format_fixed_length\"\n"
      "manager.json:8:3: error: enable_async_checkpointing: unknown field: "
      "CheckpointOptions has no field named \"enable_async_checkpointing\"\n"
      "orbax-options: note: manager.json parses as CheckpointManagerOptions; "
      "to read it as that, give --type=CheckpointManagerOptions\n");

  Write("options.json", "{\"memory_limit_options\": {}}");
  r = Run({"check", kManagerType, "options.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "options.json:1:2: error: memory_limit_options: unknown field: "
            "CheckpointManagerOptions has no field named "
            "\"memory_limit_options\"\n"
            "orbax-options: note: options.json parses as CheckpointOptions; "
            "to read it as that, give --type=CheckpointOptions\n");
  // A file named twice gets the note once.
  r = Run({"diff", kManagerType, "options.json", "options.json"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "options.json:1:2: error: memory_limit_options: unknown field: "
            "CheckpointManagerOptions has no field named "
            "\"memory_limit_options\"\n"
            "orbax-options: note: options.json parses as CheckpointOptions; "
            "to read it as that, give --type=CheckpointOptions\n");

  // Binary input of the other type: a field whose number means another type
  // here is an error; fields this type doesn't know are kept (for relays),
  // so such input loads, with the note.
  Write("manager.binpb", Succeeds({"show", "--format=binpb", kManagerType,
                                   "manager.json"}));
  r = Run({"check", "manager.binpb"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "manager.binpb: error: async_options: sent as varint (wire type "
            "0) at byte 0, but this version's AsyncOptions field is sent as "
            "length-delimited (wire type 2): the writer's schema does not "
            "match\n"
            "orbax-options: note: manager.binpb parses as "
            "CheckpointManagerOptions; to read it as that, give "
            "--type=CheckpointManagerOptions\n");
  EXPECT_EQ(Succeeds({"check", kManagerType, "manager.binpb"}), "ok\n");
  Write("light.textproto",
        "lightweight_initialize: true\nprevent_write_metrics: true\n");
  Write("light.binpb", Succeeds({"show", "--format=binpb", kManagerType,
                                 "light.textproto"}));
  r = Run({"check", "light.binpb"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err,
            "orbax-options: note: light.binpb parses as "
            "CheckpointManagerOptions; to read it as that, give "
            "--type=CheckpointManagerOptions\n");

  // No note when the file is invalid as either type.
  Write("neither.textproto", "no_such_field: 1\n");
  r = Run({"check", kManagerType, "neither.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "neither.textproto:1:1: error: no_such_field: unknown field: "
            "CheckpointManagerOptions has no field named \"no_such_field\"\n");
}

// Orbax's rules, located: a problem with a field the file leaves at its
// default points at the field it comes from.
TEST_F(Cli, ManagerRulesAreErrorsAtTheLineThatBreaksThem) {
  Write("subset.textproto",
        "max_to_keep: -1\n"
        "multiprocessing_options {\n"
        "  active_processes { ranges { start: 0 stop: 8 } }\n"
        "}\n"
        "todelete_subdir: \"trash\"\n"
        "todelete_full_path: \"bucket/trash\"\n");
  Result r = Run({"check", kManagerType, "subset.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "subset.textproto:1:1: error: max_to_keep: must be >= 0 when "
      "preservation_policy is unset (unset keeps every checkpoint), got -1\n"
      "subset.textproto:3:3: error: create: must be false when "
      "multiprocessing_options.active_processes is set ({0-7}): Orbax's "
      "CheckpointManager raises NotImplementedError for create with "
      "active_processes; create the root directory beforehand\n"
      "subset.textproto:6:1: error: todelete_full_path: must not be set "
      "together with todelete_subdir (\"trash\"), got \"bucket/trash\": "
      "Orbax refuses both\n");
}

TEST_F(Cli, ReadOnlyResetsAreWarningsAtReadOnlyAndStrictMakesThemErrors) {
  Write("ro.textproto",
        "read_only: true\n"
        "max_to_keep: 3\n"
        "save_on_steps { ranges { start: 0 stop: 10000 step: 100 } }\n");
  const std::string warnings =
      "ro.textproto:1:1: warning: save_interval_steps: read_only is true, so "
      "Orbax resets it to 0 (was 1)\n"
      "ro.textproto:1:1: warning: create: read_only is true, so Orbax resets "
      "it to false\n"
      "ro.textproto:2:1: warning: max_to_keep: read_only is true, so Orbax "
      "resets it to None (was 3)\n"
      "ro.textproto:3:1: warning: save_on_steps: read_only is true, so Orbax "
      "resets it to None (was a set of 100 steps)\n";
  Result r = Run({"check", kManagerType, "ro.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ok\n");
  EXPECT_EQ(r.err, warnings);

  // The effective form holds what Orbax runs with.
  r = Run({"show", "--effective", kManagerType, "ro.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, warnings);
  EXPECT_THAT(r.out, StartsWith("save_interval_steps: 0\n"
                                "best_mode: BEST_MODE_MAX\n"
                                "keep_checkpoints_without_metrics: true\n"
                                "create: false\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("max_to_keep")));
  EXPECT_THAT(r.out, Not(HasSubstr("save_on_steps")));

  r = Run({"check", "--strict", kManagerType, "ro.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  std::string errors = warnings;
  for (size_t at; (at = errors.find(": warning: ")) != std::string::npos;) {
    errors.replace(at, 11, ": error: ");
  }
  EXPECT_EQ(r.err, errors);

  // Written out as Orbax runs it, a read-only config has nothing to warn of.
  Write("clean.textproto",
        "read_only: true\nsave_interval_steps: 0\ncreate: false\n");
  EXPECT_EQ(Succeeds({"check", "--strict", kManagerType, "clean.textproto"}),
            "ok\n");
}

TEST_F(Cli, ShowPoliciesPrintsThePoliciesTheManagerWillUse) {
  Write("legacy.textproto",
        "save_interval_steps: 500\n"
        "max_to_keep: 3\n"
        "keep_period: 10000\n");
  EXPECT_EQ(Succeeds({"show", "--policies", kManagerType, "legacy.textproto"}),
            "# The policies Orbax's CheckpointManager will use. Runtime-only\n"
            "# should_save_fn and best_fn, if given, change derived ones.\n"
            "# save_decision_policy: derived from save_interval_steps and "
            "save_on_steps\n"
            "# preservation_policy: derived from max_to_keep, "
            "keep_time_interval and keep_period\n"
            "save_decision_policy {\n"
            "  any {\n"
            "    policies {\n"
            "      fixed_interval {\n"
            "        interval: 500\n"
            "      }\n"
            "    }\n"
            "    policies {\n"
            "      specific_steps {\n"
            "        steps {\n"
            "        }\n"
            "      }\n"
            "    }\n"
            "    policies {\n"
            "      preemption_checkpointing {\n"
            "      }\n"
            "    }\n"
            "    policies {\n"
            "      initial_save {\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n"
            "preservation_policy {\n"
            "  any {\n"
            "    policies {\n"
            "      every_n_steps {\n"
            "        interval_steps: 10000\n"
            "        exact_interval: true\n"
            "      }\n"
            "    }\n"
            "    policies {\n"
            "      latest_n {\n"
            "        n: 3\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}\n");
  // What it prints loads again, as the policies themselves.
  const std::string json = Succeeds(
      {"show", "--policies", "--format=json", kManagerType, "legacy.textproto"});
  Write("policies.json", json);
  Write("policies.textproto",
        Succeeds({"show", "--policies", kManagerType, "legacy.textproto"}));
  EXPECT_EQ(Succeeds({"fingerprint", kManagerType, "policies.json"}),
            Succeeds({"fingerprint", kManagerType, "policies.textproto"}));
  // Set policies are shown as set.
  const std::string train = std::string(ORBAX_OPTIONS_EXAMPLES_DIR) +
                            "/checkpoint_manager/train.textproto";
  EXPECT_THAT(Succeeds({"show", "--policies", kManagerType, train}),
              StartsWith("# The policies Orbax's CheckpointManager will use. "
                         "Runtime-only\n"
                         "# should_save_fn and best_fn, if given, change "
                         "derived ones.\n"
                         "# save_decision_policy: as set\n"
                         "# preservation_policy: as set\n"
                         "save_decision_policy {\n  any {\n"));

  Result r = Run({"show", "--policies", "legacy.textproto"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "orbax-options: error: --policies needs "
            "--type=CheckpointManagerOptions\n"
            "Try 'orbax-options show --help'.\n");
  r = Run({"show", "--policies", "--effective", kManagerType,
           "legacy.textproto"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "orbax-options: error: --policies and --effective are two views; "
            "give one\n"
            "Try 'orbax-options show --help'.\n");
}

TEST_F(Cli, SetAndUnsetReplacePoliciesStepSetsAndDurationsWhole) {
  Write("base.textproto",
        "keep_time_interval { seconds: 3600 nanos: 500000000 }\n"
        "save_on_steps { steps: [7, 9] }\n"
        "save_decision_policy { fixed_interval { interval: 1000 } }\n");
  // Each replaces what the file set, rather than merging into it: no nanos
  // left over, no steps 7 and 9, no fixed_interval beside initial_save.
  EXPECT_EQ(
      Succeeds({"show", kManagerType, "base.textproto",
                "--set", "keep_time_interval={seconds: 60}",
                "--set", "save_on_steps={steps: [1]}",
                "--set", "save_decision_policy={initial_save {}}",
                "--unset", "save_on_steps"}),
      "keep_time_interval {\n"
      "  seconds: 60\n"
      "}\n"
      "save_decision_policy {\n"
      "  initial_save {\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(
      Succeeds({"show", kManagerType, "base.textproto",
                "--unset", "save_decision_policy",
                "--set", "save_on_steps={ranges {start: 10 stop: 50 step: 10}}"}),
      "keep_time_interval {\n"
      "  seconds: 3600\n"
      "  nanos: 500000000\n"
      "}\n"
      "save_on_steps {\n"
      "  ranges {\n"
      "    start: 10\n"
      "    stop: 50\n"
      "    step: 10\n"
      "  }\n"
      "}\n");
}

TEST_F(Cli, DiffComparesPoliciesAndSetsWhole) {
  Write("a.textproto",
        "save_on_steps { steps: [0, 100, 200, 300] }\n"
        "preservation_policy { latest_n { n: 5 } }\n"
        "keep_checkpoints_without_metrics: false\n");
  Write("b.json",
        "{\"save_on_steps\": {\"ranges\": [{\"start\": 0, \"stop\": 400, "
        "\"step\": 100}]},\n"
        " \"preservation_policy\": {\"latest_n\": {\"n\": 3}},\n"
        " \"async_options\": {\"timeout_secs\": 600}}\n");
  Result r = Run({"diff", kManagerType, "a.textproto", "b.json"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "keep_checkpoints_without_metrics: false -> true\n"
            "async_options: None -> {timeout_secs: 600 "
            "create_directories_asynchronously: true}\n"
            "preservation_policy: latest_n { n: 5 } -> latest_n { n: 3 }\n");
  // The same steps, spelt differently, are no difference.
  Write("c.textproto", "save_on_steps { steps: [0, 300, 200, 100] }\n");
  Write("d.textproto", "save_on_steps { ranges { start: 0 stop: 301 step: 100 } }\n");
  r = Run({"diff", kManagerType, "c.textproto", "d.textproto"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");
  Write("e.textproto", "save_on_steps { steps: [7] }\n");
  r = Run({"diff", kManagerType, "c.textproto", "e.textproto"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "save_on_steps: {0-300 every 100} -> {7}\n");
}

// `plan`: the run played as Orbax decides it (plan_test.cc has the rules).
constexpr char kPlanConfig[] =
    "save_interval_steps: 10\nmax_to_keep: 2\nkeep_period: 20\n";

TEST_F(Cli, PlanPrintsATable) {
  Write("m.textproto", kPlanConfig);
  EXPECT_EQ(
      Succeeds({"plan", "--steps", "0:51", "--step-seconds=2",
                "--checkpoint-bytes", "1000", "m.textproto"}),
      "Run:         steps 0 to 50\n"
      "Saved:       6: 0-50 every 10\n"
      "Kept at end: 4: 0-40 every 20, 50\n"
      "Deleted:     2: 10, 30\n"
      "             10 at step 30\n"
      "             30 at step 50\n"
      "Peak:        5 checkpoints (5000 bytes) at step 50\n"
      "Assumptions:\n"
      "  - save duration: each save takes no time and finalises before the "
      "next step: no save is in progress when a policy asks, and its "
      "deletions happen right after it\n"
      "  - preemption: none: PreemptionCheckpointingPolicy never saves\n"
      "  - should_save_fn: none: the save decision is derived from "
      "save_interval_steps and save_on_steps\n"
      "  - best_fn: none: max_to_keep keeps the latest (LatestN)\n");
}

TEST_F(Cli, PlanPrintsJsonWithExistingStepsAndMetrics) {
  Write("m.textproto", kPlanConfig);
  Write("metrics.jsonl",
        "{\"step\": 10, \"loss\": 3}\n{\"step\": 20, \"loss\": 1}\n"
        "{\"step\": 30, \"loss\": 2}\n");
  Write("times.txt", "# step seconds\n5 0\n10 1\n20 2\n30 3\n");
  EXPECT_EQ(
      Succeeds({"plan", "--steps", "10:31:10", "--step-times", "times.txt",
                "--metrics", "metrics.jsonl", "--set", "max_to_keep=1",
                "--set", "best_mode=BEST_MODE_MIN", "--existing-steps", "5",
                "--format=json", "m.textproto"}),
      // 5 has no metrics, so BestN keeps it.
      "{\"saved\": [10, 20, 30], \"kept\": [5, 20], \"deletions\": "
      "[{\"step\": 10, \"at_step\": 20}, {\"step\": 30, \"at_step\": 30}], "
      "\"peak\": {\"checkpoints\": 3, \"bytes\": null, \"at_step\": 20}, \"assumptions\": [{\"what\": \"save duration\", "
      "\"treatment\": \"each save takes no time and finalises before the "
      "next step: no save is in progress when a policy asks, and its "
      "deletions happen right after it\"}, {\"what\": \"preemption\", "
      "\"treatment\": \"none: PreemptionCheckpointingPolicy never saves\"}, "
      "{\"what\": \"should_save_fn\", \"treatment\": \"none: the save "
      "decision is derived from save_interval_steps and save_on_steps\"}, "
      "{\"what\": \"best_fn\", \"treatment\": \"the metric \\\"loss\\\": "
      "max_to_keep keeps the best by best_mode (BestN), as with a best_fn "
      "that returns it\"}, {\"what\": \"missing metrics\", \"treatment\": "
      "\"a step the metrics leave out has none; BestN keeps it only with "
      "keep_checkpoints_without_metrics\"}, {\"what\": \"existing "
      "checkpoints\", \"treatment\": \"saved at their step's time in the "
      "model, with the metric the metrics give them (Orbax reads it back "
      "from the checkpoint, written with a best_fn)\"}]}\n");
}

TEST_F(Cli, PlanBadInputExitsTwoNamingTheArgument) {
  Write("m.textproto", kPlanConfig);
  Write("back.txt", "0 5\n1 4\n");
  Write("nostep.jsonl", "{\"loss\": 1}\n");
  Write("fracstep.jsonl", "{\"step\": 1.5, \"loss\": 1}\n");
  Write("twice.jsonl", "{\"step\": 1, \"loss\": 1}\n{\"step\": 1, \"loss\": 2}\n");
  Write("nan.jsonl", "{\"step\": 1, \"loss\": NaN}\n");
  Write("word.jsonl", "{\"step\": 1, \"loss\": \"low\"}\n");
  Write("bad.jsonl", "{\"step\": 1\n");
  Write("ok.jsonl", "{\"step\": 1, \"loss\": 1}\n");
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"--steps", "5:5"},
       "--steps: range(5, 5, 1) is empty; start must be < stop"},
      {{"--steps", "9:5"},
       "--steps: range(9, 5, 1) is reversed; start must be < stop"},
      {{"--steps", "0:9223372036854775808"},
       "--steps: STOP \"9223372036854775808\" overflows int64"},
      {{"--steps", "0:2", "--step-times", "back.txt", "--step-seconds", "1"},
       ""},
      {{"--steps", "0:2", "--step-times", "back.txt"},
       "back.txt:2: step 1 at 4 s is earlier than step 0 at 5 s "
       "(back.txt:1); times may not go backwards as steps increase"},
      {{"--steps", "0:2", "--metrics", "nostep.jsonl"},
       "nostep.jsonl:1: no \"step\" field"},
      {{"--steps", "0:2", "--metrics", "fracstep.jsonl"},
       "fracstep.jsonl:1: \"step\" must be an integer, got 1.5"},
      {{"--steps", "0:2", "--metrics", "twice.jsonl"},
       "twice.jsonl:2: step 1 is given twice (first at twice.jsonl:1)"},
      {{"--steps", "0:2", "--metrics", "nan.jsonl"},
       "nan.jsonl:1: \"loss\" must be a finite number, got nan"},
      {{"--steps", "0:2", "--metrics", "word.jsonl"},
       "word.jsonl:1: \"loss\" must be a number, got \"low\""},
      {{"--steps", "0:2", "--metrics", "bad.jsonl"},
       "bad.jsonl:1: malformed JSON at column 11: Missing a comma or '}' "
       "after an object member."},
      {{"--steps", "0:2", "--metrics", "ok.jsonl", "--metric", "acc"},
       "--metric: \"acc\" is not a metric of ok.jsonl, which has \"loss\""},
      {{"--steps", "0:2", "--existing-steps", "0,x"},
       "--existing-steps: a step must be an integer, got \"x\""},
      {{"--steps", "0:2", "--metrics", "missing.jsonl"},
       "--metrics: missing.jsonl: cannot open: No such file or directory"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"plan"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    if (std::find(args.begin(), args.end(), "--step-times") == args.end()) {
      args.push_back("--step-seconds=1");
    }
    args.push_back("m.textproto");
    SCOPED_TRACE(::testing::PrintToString(args));
    const Result r = Run(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    if (c.err.empty()) {
      EXPECT_EQ(r.err,
                "orbax-options: error: plan needs exactly one of "
                "--step-seconds S and --step-times FILE\nTry 'orbax-options "
                "plan --help'.\n");
    } else {
      EXPECT_EQ(r.err, "orbax-options: error: " + c.err + "\n");
    }
  }
}

TEST_F(Cli, PlanReadsExistingStepsFromAFile) {
  Write("m.textproto", kPlanConfig);
  Write("existing.txt", "60\n70,80\n");
  EXPECT_THAT(Succeeds({"plan", "--steps", "0:91", "--step-seconds", "1",
                        "--existing-steps-file", "existing.txt",
                        "--format=json", "m.textproto"}),
              StartsWith("{\"saved\": [90], \"kept\": [60, 80, 90], "
                         "\"deletions\": [{\"step\": 70, \"at_step\": 90}], "
                         "\"peak\": "));
  Write("bad.txt", "60\n6x\n");
  const Result r = Run({"plan", "--steps", "0:91", "--step-seconds", "1",
                        "--existing-steps-file", "bad.txt", "m.textproto"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "orbax-options: error: --existing-steps-file bad.txt: a step must "
            "be an integer, got \"6x\"\n");
}

TEST_F(Cli, PlanRefusesAnotherRootAsCheckDoes) {
  Write("o.textproto", "memory_limit_options { }\n");
  const Result check = Run({"check", "--type=CheckpointManagerOptions",
                            "o.textproto"});
  const Result plan = Run({"plan", "--steps", "0:2", "--step-seconds", "1",
                           "o.textproto"});
  EXPECT_EQ(check.status, 1);
  EXPECT_EQ(plan.status, check.status);
  EXPECT_EQ(plan.err, check.err);
  EXPECT_THAT(plan.err, HasSubstr("unknown field"));
  EXPECT_EQ(plan.out, "");
  const Result typed = Run({"plan", "--type=CheckpointOptions", "--steps",
                            "0:2", "--step-seconds", "1", "o.textproto"});
  EXPECT_EQ(typed.status, 2);
  EXPECT_EQ(typed.err,
            "orbax-options: error: plan needs --type=CheckpointManagerOptions"
            " or --type=CheckpointerOptions"
            "\nTry 'orbax-options plan --help'.\n");
}

// docs/command.md, "Planning a run": the worked example, output exactly.
TEST_F(Cli, TheReadmesPlanExample) {
  const std::string dir = ORBAX_OPTIONS_EXAMPLES_DIR;
  EXPECT_EQ(
      Succeeds({"plan", "--steps", "0:100001", "--step-seconds", "1.5",
                "--checkpoint-bytes", "12000000000",
                dir + "/checkpoint_manager/plan_100k.textproto"}),
      "Run:         steps 0 to 100000\n"
      "Saved:       101: 0-100000 every 1000\n"
      "Kept at end: 8: 0-80000 every 20000, 98000-100000 every 1000\n"
      "Deleted:     93: 1000-19000 every 1000, 21000-39000 every 1000, "
      "41000-59000 every 1000, 61000-79000 every 1000, 81000-97000 every "
      "1000\n"
      "             1000 at step 4000\n"
      "             2000 at step 5000\n"
      "             3000 at step 6000\n"
      "             4000 at step 7000\n"
      "             5000 at step 8000\n"
      "             ... (--format=json lists every deletion)\n"
      "Peak:        9 checkpoints (108000000000 bytes) at step 84000\n"
      "Assumptions:\n"
      "  - save duration: each save takes no time and finalises before the "
      "next step: no save is in progress when a policy asks, and its "
      "deletions happen right after it\n"
      "  - preemption: none: PreemptionCheckpointingPolicy never saves\n"
      "  - should_save_fn: none: the save decision is derived from "
      "save_interval_steps and save_on_steps\n"
      "  - best_fn: none: max_to_keep keeps the latest (LatestN)\n");
}

}  // namespace
