// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The catalogue of bad inputs: one test per class of mistake. Each input is a
// real file in tests/bad_inputs/ (the fuzz corpora start from them too), or,
// for the classes about files themselves, one made by the test. Each test
// checks both the library (`LoadConfig()`: the status code, file:line:col and
// field path of every error) and the real `orbax-options check` command (its
// exit status and the GCC-style lines on stderr, nothing on stdout).

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "as_nobody.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/options.h"

namespace orbax::checkpoint::options {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// One error an input must produce.
struct Expected {
  absl::StatusCode code;
  std::string location;  // "FILE:LINE:COL", or "FILE" where there are no lines.
  std::string path;      // The field path; "" if no field is involved.
  std::string message;   // Part of our own wording; "" where it is protobuf's.
};

// One class of bad input.
struct BadInput {
  std::string name;     // The test's name.
  std::string file;     // In tests/bad_inputs/.
  int exit_status = 1;  // Of `orbax-options check FILE`.
  std::vector<Expected> errors;
};

// Names the row in test output, instead of printing its bytes.
void PrintTo(const BadInput& input, std::ostream* os) { *os << input.file; }

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `binary args...` in `cwd`, as user `as_user` if given (the caller must
// be root then), with stdin from /dev/null.
CommandResult RunCommand(const std::string& binary,
                         const std::vector<std::string>& args,
                         const fs::path& cwd,
                         std::optional<uid_t> as_user = std::nullopt) {
  const fs::path out = fs::path(::testing::TempDir()) /
                       ("bad_input_out_" + std::to_string(getpid()));
  const fs::path err = out.string() + ".err";
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open("/dev/null", O_RDONLY);
    const int out_fd = open(out.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    const int err_fd = open(err.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(125);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    if (as_user && (setgroups(0, nullptr) != 0 || setgid(*as_user) != 0 ||
                    setuid(*as_user) != 0)) {
      _exit(127);
    }
    std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(124);
  }
  CommandResult result;
  int raw = 0;
  if (pid > 0 && waitpid(pid, &raw, 0) == pid && WIFEXITED(raw)) {
    result.status = WEXITSTATUS(raw);
  }
  result.out = ReadAll(out);
  result.err = ReadAll(err);
  fs::remove(out);
  fs::remove(err);
  return result;
}

// Loads `file` (in `dir`) as the command does, as an `Options`, and returns
// the diagnostics, with file names relative to `dir`.
template <typename Options = CheckpointOptions>
std::vector<Diagnostic> LoadDiagnostics(const fs::path& dir,
                                        const std::string& file) {
  std::vector<Diagnostic> diagnostics;
  const auto config = LoadConfig<Options>({(dir / file).string()}, {},
                                          std::nullopt, {}, diagnostics);
  EXPECT_FALSE(config.has_value()) << file << " loaded";
  for (Diagnostic& d : diagnostics) {
    d.location.file = fs::path(d.location.file).filename().string();
  }
  return diagnostics;
}

// Checks one input, an `Options`, against its expected errors, in the
// library and in the command (`--type`).
template <typename Options = CheckpointOptions>
void CheckBadInput(const fs::path& dir, const std::string& file,
                   int exit_status, const std::vector<Expected>& errors) {
  const std::vector<Diagnostic> diagnostics =
      LoadDiagnostics<Options>(dir, file);
  EXPECT_TRUE(HasErrors(diagnostics));
  for (const Expected& e : errors) {
    SCOPED_TRACE(e.location + ": " + e.path);
    bool found = false;
    for (const Diagnostic& d : diagnostics) {
      if (d.severity != Diagnostic::Severity::kError ||
          d.location.ToString() != e.location || d.path != e.path) {
        continue;
      }
      found = true;
      EXPECT_EQ(d.code, e.code) << d.ToString();
      EXPECT_EQ(d.message, e.message);
    }
    EXPECT_TRUE(found) << "no error at " << e.location << " for '" << e.path
                       << "'; got:\n"
                       << DiagnosticsToStatus(diagnostics).message();
  }

  const CommandResult run = RunCommand(
      ORBAX_OPTIONS_COMMAND,
      {"check", "--type=" + std::string(RootName<Options>()), file}, dir);
  EXPECT_EQ(run.status, exit_status) << run.err;
  EXPECT_THAT(run.out, IsEmpty());
  const std::vector<std::string> lines = Lines(run.err);
  for (const Expected& e : errors) {
    const std::string prefix =
        e.location + ": error: " + (e.path.empty() ? "" : e.path + ": ");
    EXPECT_THAT(lines, Contains(prefix + e.message)) << run.err;
  }
}

using absl::StatusCode::kInvalidArgument;

std::vector<BadInput> Catalogue() {
  return {
      {"UnknownFieldText",
       "unknown_field.textproto",
       1,
       {{kInvalidArgument, "unknown_field.textproto:4:3",
         "async_options.timeout_minutes",
         "unknown field: AsyncOptions has no field named "
         "\"timeout_minutes\""}}},
      {"UnknownFieldJson",
       "unknown_field.json",
       1,
       {{kInvalidArgument, "unknown_field.json:4:5",
         "async_options.timeout_minutes",
         "unknown field: AsyncOptions has no field named "
         "\"timeout_minutes\""}}},
      {"TypeMismatchText",
       "type_mismatch.textproto",
       1,
       {{kInvalidArgument, "type_mismatch.textproto:3:17",
         "async_options.timeout_secs",
         "expected int32 (a whole number; 0x for hex, 0 for octal), got the "
         "string \"sixty\""}}},
      {"TypeMismatchJson",
       "type_mismatch.json",
       1,
       {{kInvalidArgument, "type_mismatch.json:3:21",
         "async_options.timeout_secs",
         "expected int32 (a whole number, or a string of digits), got "
         "\"sixty\""}}},
      {"IntegerOutOfRangeText",
       "int_out_of_range.textproto",
       1,
       {{kInvalidArgument, "int_out_of_range.textproto:3:17",
         "async_options.timeout_secs",
         "2147483648 is out of range for int32 (-2147483648 to "
         "2147483647)"}}},
      {"IntegerOutOfRangeJson",
       "int_out_of_range.json",
       1,
       {{kInvalidArgument, "int_out_of_range.json:3:21",
         "async_options.timeout_secs",
         "4294967296 is out of range for int32 (-2147483648 to "
         "2147483647)"}}},
      {"DuplicateScalarText",
       "duplicate_scalar.textproto",
       1,
       {{kInvalidArgument, "duplicate_scalar.textproto:4:3",
         "async_options.timeout_secs", "given more than once; first at 3:3"}}},
      {"DuplicateScalarJson",
       "duplicate_scalar.json",
       1,
       {{kInvalidArgument, "duplicate_scalar.json:4:5",
         "async_options.timeout_secs", "given more than once; first at 3:5"}}},
      {"BothOneofMembersText",
       "both_oneof_members.textproto",
       1,
       {{kInvalidArgument, "both_oneof_members.textproto:4:3",
         "multiprocessing_options.all_hosts_primary",
         "conflicts with primary_host: both are members of oneof "
         "\"primary\"; set only one"}}},
      {"BothOneofMembersJson",
       "both_oneof_members.json",
       1,
       {{kInvalidArgument, "both_oneof_members.json:4:5",
         "multiprocessing_options.all_hosts_primary",
         "conflicts with primary_host: both are members of oneof "
         "\"primary\"; set only one"}}},
      {"UnknownEnumNameText",
       "unknown_enum_name.textproto",
       1,
       {{kInvalidArgument, "unknown_enum_name.textproto:3:9",
         "atomicity_options.mode",
         "unknown AtomicityMode name \"ATOMICITY_MODE_SOMETIMES\"; this "
         "version knows ATOMICITY_MODE_UNSPECIFIED, ATOMICITY_MODE_AUTO, "
         "ATOMICITY_MODE_COMMIT_FILE, ATOMICITY_MODE_ATOMIC_RENAME"}}},
      {"UnknownEnumNameJson",
       "unknown_enum_name.json",
       1,
       {{kInvalidArgument, "unknown_enum_name.json:3:13",
         "atomicity_options.mode",
         "unknown AtomicityMode name \"ATOMICITY_MODE_SOMETIMES\"; this "
         "version knows ATOMICITY_MODE_UNSPECIFIED, ATOMICITY_MODE_AUTO, "
         "ATOMICITY_MODE_COMMIT_FILE, ATOMICITY_MODE_ATOMIC_RENAME"}}},
      {"UnknownEnumNumberBinary",
       "unknown_enum_number.binpb",
       1,
       {{kInvalidArgument, "unknown_enum_number.binpb",
         "atomicity_options.mode",
         "unknown AtomicityMode number 9, perhaps from a newer sender; this "
         "version knows 0 to 3"}}},
      {"ReversedRange",
       "reversed_range.textproto",
       1,
       {{kInvalidArgument, "reversed_range.textproto:4:5",
         "multiprocessing_options.active_processes.ranges[0]",
         "[8, 4) is reversed; start must be < stop"}}},
      {"EmptyRange",
       "empty_range.textproto",
       1,
       {{kInvalidArgument, "empty_range.textproto:5:5",
         "multiprocessing_options.active_processes.ranges[1]",
         "[4, 4) is empty; start must be < stop"}}},
      {"NegativeIndex",
       "negative_index.textproto",
       1,
       {{kInvalidArgument, "negative_index.textproto:5:5",
         "multiprocessing_options.active_processes.process_indices[1]",
         "must be >= 0, got -1"}}},
      {"PrimaryNotActive",
       "primary_not_active.textproto",
       1,
       {{kInvalidArgument, "primary_not_active.textproto:3:3",
         "multiprocessing_options.primary_host",
         "7 is not in active_processes {0-3}; set primary_host to one of them, "
         "or set all_hosts_primary"}}},
      // Nothing set primary_host: the error points at the message that
      // holds it, which the file did set.
      {"DefaultPrimaryNotActive",
       "default_primary_not_active.textproto",
       1,
       {{kInvalidArgument, "default_primary_not_active.textproto:2:1",
         "multiprocessing_options.primary_host",
         "0 is not in active_processes {1-3}; set primary_host to one of them, "
         "or set all_hosts_primary"}}},
      {"EmptyActiveSet",
       "empty_active_set.textproto",
       1,
       {{kInvalidArgument, "empty_active_set.textproto:3:3",
         "multiprocessing_options.active_processes",
         "must not be empty when set; leave it unset for all processes"}}},
      {"ModeBeyond7777",
       "mode_too_large.textproto",
       1,
       {{kInvalidArgument, "mode_too_large.textproto:3:3",
         "file_options.path_permission_mode",
         "must be in [0, 07777], got 4096 (010000)"}}},
      {"ZeroAndNegativeLimits",
       "zero_and_negative_limits.textproto",
       1,
       {{kInvalidArgument, "zero_and_negative_limits.textproto:3:3",
         "async_options.timeout_secs", "must be > 0, got 0"},
        {kInvalidArgument, "zero_and_negative_limits.textproto:6:3",
         "memory_limit_options.max_transfer_concurrent_gb",
         "must be > 0, got -1"}}},
      {"InvalidUtf8PrefixBinary",
       "invalid_utf8_prefix.binpb",
       1,
       {{kInvalidArgument, "invalid_utf8_prefix.binpb",
         "multiprocessing_options.barrier_sync_key_prefix",
         "not valid UTF-8: \"\\xff\\xfe\"; string fields must be UTF-8"}}},
      {"TruncatedBinary",
       "truncated.binpb",
       1,
       {{kInvalidArgument, "truncated.binpb", "async_options",
         "not a valid binary CheckpointOptions message (4 bytes): the field "
         "at byte 0 is cut short (truncated data?)"}}},
      {"RandomBytes",
       "random.binpb",
       1,
       {{kInvalidArgument, "random.binpb", "",
         "not a valid binary CheckpointOptions message (32 bytes): malformed "
         "field tag at byte 0 (field 945, wire type 7)"}}},
      // JSON that protobuf's C++ parser accepted and Python's json_format
      // (Orbax's side) refuses.
      {"QuotedBoolJson",
       "quoted_bool.json",
       1,
       {{kInvalidArgument, "quoted_bool.json:3:42",
         "async_options.create_directories_asynchronously",
         "expected bool (true or false), got \"false\""}}},
      {"ScalarForListJson",
       "scalar_for_list.json",
       1,
       {{kInvalidArgument, "scalar_for_list.json:4:26",
         "multiprocessing_options.active_processes.process_indices",
         "expected a list of int32 ([...]), got 3"}}},
      {"NullListElementJson",
       "null_list_element.json",
       1,
       {{kInvalidArgument, "null_list_element.json:4:30",
         "multiprocessing_options.active_processes.process_indices[1]",
         "null is not allowed as an element of a list of int32 ([...]); "
         "leave the element out"}}},
      {"NestedListJson",
       "nested_list.json",
       1,
       {{kInvalidArgument, "nested_list.json:4:27",
         "multiprocessing_options.active_processes.process_indices[0]",
         "expected int32 (a whole number, or a string of digits), got a list "
         "(lists do not nest)"}}},
      // A known field sent with another wire type: no compatible writer
      // sends it, and protobuf would let the default take its place.
      {"WireTypeMismatchBinary",
       "wire_type_mismatch.binpb",
       1,
       {{kInvalidArgument, "wire_type_mismatch.binpb",
         "async_options.timeout_secs",
         "sent as fixed32 (wire type 5) at byte 2, but this version's int32 "
         "field is sent as varint (wire type 0): the writer's schema does "
         "not match"}}},
      {"GroupBinary",
       "group.binpb",
       1,
       {{kInvalidArgument, "group.binpb", "100",
         "a group (wire type 3) at byte 0: proto2's group encoding, which no "
         "writer of this proto3 schema sends"}}},
      // A group inside a oneof member that a later field replaces: protobuf
      // would parse the group and then discard it; refused all the same, as
      // every group is, on every path (found by fuzzing).
      {"GroupInAReplacedOneofMemberBinary",
       "oneof_switch_hides_group.binpb",
       1,
       {{kInvalidArgument, "oneof_switch_hides_group.binpb",
         "multiprocessing_options.all_hosts_primary.5",
         "a group (wire type 3) at byte 4: proto2's group encoding, which no "
         "writer of this proto3 schema sends"}}},
      {"ByteOrderMarkText",
       "byte_order_mark.textproto",
       1,
       {{kInvalidArgument, "byte_order_mark.textproto:1:1", "",
         "starts with a UTF-8 byte order mark (bytes EF BB BF); save it as "
         "UTF-8 without one"}}},
      {"ByteOrderMarkJson",
       "byte_order_mark.json",
       1,
       {{kInvalidArgument, "byte_order_mark.json:1:1", "",
         "starts with a UTF-8 byte order mark (bytes EF BB BF); save it as "
         "UTF-8 without one"}}},
      // Terminal escapes in a key and a value are echoed escaped, never raw.
      {"TerminalEscapesJson",
       "terminal_escapes.json",
       1,
       {{kInvalidArgument, "terminal_escapes.json:2:3", "\"\\x1b[31mEVIL\"",
         "unknown field: CheckpointOptions has no field named "
         "\"\\x1b[31mEVIL\""},
        {kInvalidArgument, "terminal_escapes.json:3:37",
         "async_options.timeout_secs",
         "expected int32 (a whole number, or a string of digits), got "
         "\"\\x1b]0;pwned\\a\""}}},
      // Located at the character, not at the field before it.
      {"ControlCharacterText",
       "control_character.textproto",
       1,
       {{kInvalidArgument, "control_character.textproto:5:3",
         "atomicity_options",
         "control character 0x01 outside a string; remove it"}}},
      {"StringAcrossLinesText",
       "string_across_lines.textproto",
       1,
       {{kInvalidArgument, "string_across_lines.textproto:2:12", "turbo",
         "string not closed on its line; a string cannot cross lines (write "
         "\\n for a line break)"}}},
      {"TextThatIsNotJson",
       "not_json.json",
       1,
       {{kInvalidArgument, "not_json.json:1:1", "",
         "expected a JSON object, got '#'"}}},
      {"EmptyJson",
       "empty.json",
       1,
       {{kInvalidArgument, "empty.json:1:1", "",
         "empty input; expected a JSON object"}}},
  };
}

// Bad `CheckpointManagerOptions`, in tests/bad_inputs/checkpoint_manager/:
// one row for each of Orbax's rules, and for each way the manager's own
// values (policies, sets of steps, durations, int64s) can be malformed.
std::vector<BadInput> ManagerCatalogue() {
  constexpr char kKeepBesidePolicy[] = " when preservation_policy is set, got ";
  const auto keep_beside_policy = [&](std::string value) {
    return absl::StrCat(
        "must be unset (or 0, which Python reads as unset)", kKeepBesidePolicy,
        value,
        ": Orbax's CheckpointManager refuses max_to_keep, keep_time_interval "
        "and keep_period beside a preservation policy");
  };
  return {
      {"BestModeName",
       "best_mode.textproto",
       1,
       {{kInvalidArgument, "best_mode.textproto:2:12", "best_mode",
         "unknown BestMode name \"BEST_MODE_MEDIAN\"; this version knows "
         "BEST_MODE_UNSPECIFIED, BEST_MODE_MAX, BEST_MODE_MIN"}}},
      {"BestModeNumber",
       "best_mode_number.json",
       1,
       {{kInvalidArgument, "best_mode_number.json:2:3", "best_mode",
         "unknown BestMode number 3, perhaps from a newer sender; this "
         "version knows 0 to 2 (Orbax's best_mode is 'max' or 'min')"}}},
      {"NegativeMaxToKeep",
       "negative_max_to_keep.textproto",
       1,
       {{kInvalidArgument, "negative_max_to_keep.textproto:2:1", "max_to_keep",
         "must be >= 0 when preservation_policy is unset (unset keeps every "
         "checkpoint), got -1"}}},
      {"NegativeStepFormatFixedLength",
       "step_format_fixed_length.textproto",
       1,
       {{kInvalidArgument, "step_format_fixed_length.textproto:2:1",
         "step_format_fixed_length",
         "must be >= 0, got -5: Orbax names step directories with "
         "f'{step:0{n}d}', which raises ValueError for a negative width at "
         "the first save"}}},
      {"StepNameTooLong",
       "step_name_too_long.textproto",
       1,
       {{kInvalidArgument, "step_name_too_long.textproto:3:1",
         "step_format_fixed_length",
         "must be <= 229, got 230: a step directory's name (5 bytes of "
         "step_prefix and \"_\", the padded step and the atomic rename's "
         "\".orbax-checkpoint-tmp\") must fit in 255 bytes, or Orbax's first "
         "save fails with ENAMETOOLONG"}}},
      {"SecondsPastTimedelta",
       "timedelta_overflow.textproto",
       1,
       {{kInvalidArgument, "timedelta_overflow.textproto:3:30",
         "save_decision_policy.continuous_checkpointing.minimum_interval_secs",
         "must be in [-86399999913600, 86399999999999] (Python's timedelta, "
         "+-999999999 days), got -9223372036854775808: Orbax's "
         "timedelta(seconds=-9223372036854775808) raises OverflowError when "
         "it first compares the times of two checkpoints"},
        {kInvalidArgument, "timedelta_overflow.textproto:6:21",
         "preservation_policy.every_n_seconds.interval_secs",
         "must be in [-86399999913600, 86399999999999] (Python's timedelta, "
         "+-999999999 days), got 86400000000000: Orbax's "
         "timedelta(seconds=86400000000000) raises OverflowError when it "
         "first compares the times of two checkpoints"}}},
      {"NegativeKeepCounts",
       "negative_keep_counts.textproto",
       1,
       {{kInvalidArgument, "negative_keep_counts.textproto:4:5",
         "preservation_policy.any.policies[0].latest_n.n",
         "must be >= 0 (unset keeps every checkpoint), got -5: Orbax takes "
         "it and then deletes checkpoints it should keep, up to every one"},
        {kInvalidArgument, "negative_keep_counts.textproto:5:5",
         "preservation_policy.any.policies[1].best_n.n",
         "must be >= 0 (unset keeps every checkpoint), got -1: Orbax takes "
         "it and then deletes checkpoints it should keep, up to every one"},
        {kInvalidArgument, "negative_keep_counts.textproto:6:5",
         "preservation_policy.any.policies[2].every_n_steps.max_to_keep",
         "must be >= 0 (unset keeps every checkpoint), got -1: Orbax takes "
         "it and then deletes checkpoints it should keep, up to every one"},
        {kInvalidArgument, "negative_keep_counts.textproto:7:5",
         "preservation_policy.any.policies[3].every_n_steps_closest."
         "max_to_keep",
         "must be >= 0 (unset keeps every checkpoint), got -1: Orbax takes "
         "it and then deletes checkpoints it should keep, up to every one"}}},
      {"BothTodeletePaths",
       "both_todelete.textproto",
       1,
       {{kInvalidArgument, "both_todelete.textproto:2:1", "todelete_full_path",
         "must not be set together with todelete_subdir (\"trash\"), got "
         "\"bucket/trash\": Orbax refuses both"}}},
      {"PerProcessDirectoriesWithAPrimaryHost",
       "per_process_with_primary.textproto",
       1,
       {{kInvalidArgument, "per_process_with_primary.textproto:2:1",
         "enable_per_process_directory_creation",
         "needs multiprocessing_options.all_hosts_primary (Python "
         "primary_host=None), but primary_host is 0"}}},
      // `create` is left at its default (true): located at its cause.
      {"CreateWithActiveProcesses",
       "create_with_active_processes.json",
       1,
       {{kInvalidArgument, "create_with_active_processes.json:3:5", "create",
         "must be false when multiprocessing_options.active_processes is set "
         "({0-7}): Orbax's CheckpointManager raises NotImplementedError for "
         "create with active_processes; create the root directory "
         "beforehand"}}},
      {"LegacyKeepOptionsBesideAPreservationPolicy",
       "policy_with_legacy_keep.textproto",
       1,
       {{kInvalidArgument, "policy_with_legacy_keep.textproto:4:1",
         "max_to_keep", keep_beside_policy("5")},
        {kInvalidArgument, "policy_with_legacy_keep.textproto:5:1",
         "keep_time_interval", keep_beside_policy("1h")},
        {kInvalidArgument, "policy_with_legacy_keep.textproto:6:1",
         "keep_period", keep_beside_policy("1000")}}},
      // Errors inside an element of a repeated field are located at the
      // element.
      {"ZeroIntervalsInPolicies",
       "zero_intervals.textproto",
       1,
       {{kInvalidArgument, "zero_intervals.textproto:3:5",
         "save_decision_policy.any.policies[0].fixed_interval.interval",
         "must not be 0: Orbax saves at the steps where step % interval == "
         "0, a division by zero"},
        {kInvalidArgument, "zero_intervals.textproto:8:5",
         "preservation_policy.any.policies[0].every_n_steps.interval_steps",
         "must not be 0: Orbax raises \"interval_steps must not be 0\" when "
         "it first decides which checkpoints to keep"},
        {kInvalidArgument, "zero_intervals.textproto:9:5",
         "preservation_policy.any.policies[1].every_n_steps_closest."
         "interval_steps",
         "must not be 0: Orbax raises \"interval_steps must not be 0\" when "
         "it first decides which checkpoints to keep"}}},
      {"ZeroLegacyIntervals",
       "zero_legacy_intervals.textproto",
       1,
       {{kInvalidArgument, "zero_legacy_intervals.textproto:1:1",
         "save_interval_steps",
         "must not be 0 when save_decision_policy is unset: Orbax then saves "
         "at the steps where step % save_interval_steps == 0, a division by "
         "zero at its first save decision"},
        {kInvalidArgument, "zero_legacy_intervals.textproto:2:1", "keep_period",
         "must not be 0 when preservation_policy is unset: Orbax derives "
         "EveryNSteps(interval_steps=0) from it, which raises when it first "
         "decides which checkpoints to keep"}}},
      {"NestedOptionsKeepTheirRules",
       "nested_options.textproto",
       1,
       {{kInvalidArgument, "nested_options.textproto:2:3",
         "async_options.timeout_secs", "must be > 0, got 0"}}},
      {"PolicyWithNoMemberAndRequiredFieldUnset",
       "policies_missing.textproto",
       1,
       {{kInvalidArgument, "policies_missing.textproto:1:1",
         "save_decision_policy",
         "set one policy (fixed_interval, specific_steps, "
         "continuous_checkpointing, preemption_checkpointing, initial_save, "
         "any); a SaveDecisionPolicy with none set, or only one this version "
         "does not know, means nothing"},
        {kInvalidArgument, "policies_missing.textproto:5:5",
         "preservation_policy.any.policies[0].every_n_seconds.interval_secs",
         "must be set: EveryNSeconds has no default for it"}}},
      {"EmptyAnyPreservationPolicy",
       "empty_any_preservation.json",
       1,
       {{kInvalidArgument, "empty_any_preservation.json:2:35",
         "preservation_policy.any.policies",
         "must not be empty: Orbax fails on an empty list the first time it "
         "decides which checkpoints to keep"}}},
      {"PoliciesNestedTooDeep",
       "policies_too_deep.textproto",
       1,
       {{kInvalidArgument, "policies_too_deep.textproto:2:30",
         "save_decision_policy.any.policies[0].any.policies[0].any."
         "policies[0].any.policies[0].any.policies[0].any.policies[0].any."
         "policies[0].any.policies[0]",
         "policies nest more than 8 deep (kMaxPolicyDepth); every level is "
         "two messages, and Python's protobuf parser refuses JSON nested "
         "more than 100 messages deep"}}},
      {"BadStepSets",
       "bad_step_sets.textproto",
       1,
       {{kInvalidArgument, "bad_step_sets.textproto:2:3",
         "save_on_steps.steps[0]", "training steps start at 0, got -5"},
        {kInvalidArgument, "bad_step_sets.textproto:3:3",
         "save_on_steps.ranges[0]",
         "range(100, 10, 1) is reversed; start must be < stop"},
        {kInvalidArgument, "bad_step_sets.textproto:4:3",
         "save_on_steps.ranges[1]",
         "step must be positive (or 0, which means 1), got -1"}}},
      {"TooManySteps",
       "too_many_steps.textproto",
       1,
       {{kInvalidArgument, "too_many_steps.textproto:2:1", "save_on_steps",
         "the ranges name more than 1000000 steps together, a step that two "
         "ranges share counting twice: Orbax keeps every step of the set in "
         "a Python frozenset, so a set is limited to 1000000 steps "
         "(kMaxSteps)"}}},
      {"TooManyStepsInConfig",
       "too_many_steps_in_config.textproto",
       1,
       {{kInvalidArgument, "too_many_steps_in_config.textproto:5:18",
         "preservation_policy.custom_steps.steps",
         "names 600000 steps, after 600000 in the config's step sets before "
         "it: over the limit of 1000000 for a whole config (kMaxConfigSteps), "
         "as Orbax keeps every step of every set in a Python frozenset "
         "(repeats count again)"}}},
      {"DurationJsonSpelling",
       "bad_durations.json",
       1,
       {{kInvalidArgument, "bad_durations.json:2:59",
         "preservation_policy.latest_duration.duration",
         "expected google.protobuf.Duration (a string such as \"1.5s\"), got "
         "\"1h\"; seconds with up to 9 fractional digits, within "
         "+-315576000000, then \"s\""}}},
      {"SubMicrosecondDuration",
       "sub_microsecond_duration.textproto",
       1,
       {{kInvalidArgument, "sub_microsecond_duration.textproto:2:1",
         "keep_time_interval",
         "must be a whole number of microseconds (Python's timedelta holds "
         "no finer), got 100ns"}}},
      {"Int64OutOfRange",
       "int64_out_of_range.json",
       1,
       {{kInvalidArgument, "int64_out_of_range.json:2:18", "max_to_keep",
         "\"9223372036854775808\" is out of range for int64 "
         "(-9223372036854775808 to 9223372036854775807)"}}},
      // best_n's bool sent as a string, in a policy that a later
      // preservation_policy replaces: protobuf would discard it; refused all
      // the same, as every wire type mismatch is (found by fuzzing).
      {"WireTypeMismatchInAReplacedPolicyBinary",
       "oneof_switch_hides_wire_type.binpb",
       1,
       {{kInvalidArgument, "oneof_switch_hides_wire_type.binpb",
         "preservation_policy.best_n.reverse",
         "sent as length-delimited (wire type 2) at byte 5, but this "
         "version's bool field is sent as varint (wire type 0): the writer's "
         "schema does not match"}}},
      {"InvalidUtf8StepPrefixBinary",
       "invalid_utf8_step_prefix.binpb",
       1,
       {{kInvalidArgument, "invalid_utf8_step_prefix.binpb", "step_prefix",
         "not valid UTF-8: \"\\xff\\xfe\"; string fields must be UTF-8"}}},
      {"ContextFile",
       "context_file.textproto",
       1,
       {{kInvalidArgument, "context_file.textproto:2:1", "array",
         "unknown field: CheckpointManagerOptions has no field named "
         "\"array\""}}},
  };
}

// Bad `Context`s (Orbax's v1 API), in tests/bad_inputs/context/: one row for
// each of Orbax v1's rules that a file can break alone, and for each way its
// values can be malformed.
std::vector<BadInput> ContextCatalogue() {
  const std::string positive =
      ": Orbax raises ValueError for it when it saves or loads";
  return {
      {"UnknownDtype",
       "unknown_dtype.textproto",
       1,
       {{kInvalidArgument, "unknown_dtype.textproto:3:23",
         "array.saving.storage_options.dtype",
         "must be a dtype name that numpy knows, such as \"bfloat16\", "
         "\"float32\" or \"int8\", got \"float33\": Orbax casts to "
         "np.dtype(dtype) when it saves, which raises TypeError"}}},
      {"ByteSizes",
       "byte_sizes.textproto",
       1,
       {{kInvalidArgument, "byte_sizes.textproto:1:18",
         "array.saving.ocdbt_target_data_file_size",
         "must be >= 0 (0 means no limit), got -5: Orbax raises ValueError "
         "for it when it saves"},
        {kInvalidArgument, "byte_sizes.textproto:3:3",
         "memory.write_concurrent_bytes",
         "must be > 0 (unset for Orbax's default), got -1" + positive},
        {kInvalidArgument, "byte_sizes.textproto:4:3",
         "memory.read_concurrent_bytes",
         "must be > 0 (unset for Orbax's default), got 0" + positive},
        {kInvalidArgument, "byte_sizes.textproto:6:15",
         "safetensors.read_chunk_bytes",
         "must be > 0 (unset for Orbax's default), got 0" + positive}}},
      {"ByteSizePastInt64Json",
       "int64_out_of_range.json",
       1,
       {{kInvalidArgument, "int64_out_of_range.json:3:31",
         "memory.write_concurrent_bytes",
         "\"9223372036854775808\" is out of range for int64 "
         "(-9223372036854775808 to 9223372036854775807)"}}},
      {"ByteSizePastInt64Text",
       "int64_out_of_range.textproto",
       1,
       {{kInvalidArgument, "int64_out_of_range.textproto:1:37",
         "memory.transfer_concurrent_bytes",
         "9223372036854775808 is out of range for int64 "
         "(-9223372036854775808 to 9223372036854775807)"}}},
      {"NotANumber",
       "nan.textproto",
       1,
       {{kInvalidArgument, "nan.textproto:2:48",
         "memory.regulator_options.kp", "must be a number, got NaN"},
        {kInvalidArgument, "nan.textproto:9:7",
         "array.loading.load_and_broadcast_options."
         "broadcast_memory_scaling_factor",
         "must be a number, got NaN"}}},
      {"LayoutName",
       "layout_name.textproto",
       1,
       {{kInvalidArgument, "layout_name.textproto:1:20", "checkpoint_layout",
         "unknown CheckpointLayout name \"CHECKPOINT_LAYOUT_ZARR\"; this "
         "version knows CHECKPOINT_LAYOUT_UNSPECIFIED, "
         "CHECKPOINT_LAYOUT_ORBAX, CHECKPOINT_LAYOUT_SAFETENSORS, "
         "CHECKPOINT_LAYOUT_AUTO"}}},
      {"LayoutNumber",
       "layout_number.json",
       1,
       {{kInvalidArgument, "layout_number.json:2:3", "checkpoint_layout",
         "unknown CheckpointLayout number 9, perhaps from a newer sender; "
         "this version knows 0 to 3 (Orbax's CheckpointLayout is 'orbax', "
         "'safetensors' or 'auto')"}}},
      {"LayoutNumberBinary",
       "layout_number.binpb",
       1,
       {{kInvalidArgument, "layout_number.binpb", "checkpoint_layout",
         "unknown CheckpointLayout number 9, perhaps from a newer sender; "
         "this version knows 0 to 3 (Orbax's CheckpointLayout is 'orbax', "
         "'safetensors' or 'auto')"}}},
      {"RegulatorWithoutMax",
       "regulator_without_max.textproto",
       1,
       {{kInvalidArgument, "regulator_without_max.textproto:2:3",
         "memory.regulator_options.max_memory_limit_gib",
         "must be set: RegulatorOptions has no default for it"}}},
      {"ManagerFile",
       "manager_file.textproto",
       1,
       {{kInvalidArgument, "manager_file.textproto:2:1", "max_to_keep",
         "unknown field: Context has no field named \"max_to_keep\""},
        {kInvalidArgument, "manager_file.textproto:3:1",
         "enable_async_checkpointing",
         "unknown field: Context has no field named "
         "\"enable_async_checkpointing\""}}},
  };
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};
class BadContextInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadContextInputTest, IsRefusedWithLocationAndFieldPath) {
  CheckBadInput<Context>(
      std::string(ORBAX_OPTIONS_BAD_INPUTS_DIR) + "/context", GetParam().file,
      GetParam().exit_status, GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(ContextCatalogue, BadContextInputTest,
                         ::testing::ValuesIn(ContextCatalogue()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInput, EveryContextFileInTheCatalogueIsUsed) {
  std::set<std::string> listed;
  for (const BadInput& input : ContextCatalogue()) listed.insert(input.file);
  for (const auto& entry : fs::directory_iterator(
           std::string(ORBAX_OPTIONS_BAD_INPUTS_DIR) + "/context")) {
    EXPECT_TRUE(listed.contains(entry.path().filename().string()))
        << entry.path() << " is not in the catalogue";
  }
}

// A file of one root given as another: the command says which --type reads
// it.
TEST(BadInput, AFileOfAnotherRootIsNamedByTheNote) {
  const std::string dir = ORBAX_OPTIONS_BAD_INPUTS_DIR;
  const CommandResult as_context =
      RunCommand(ORBAX_OPTIONS_COMMAND,
                 {"check", "--type=Context", "manager_file.textproto"},
                 dir + "/context");
  EXPECT_EQ(as_context.status, 1);
  EXPECT_THAT(Lines(as_context.err),
              Contains("orbax-options: note: manager_file.textproto parses as "
                       "CheckpointManagerOptions; to read it as that, give "
                       "--type=CheckpointManagerOptions"));
  const CommandResult as_manager = RunCommand(
      ORBAX_OPTIONS_COMMAND,
      {"check", "--type=CheckpointManagerOptions", "context_file.textproto"},
      dir + "/checkpoint_manager");
  EXPECT_EQ(as_manager.status, 1);
  EXPECT_THAT(Lines(as_manager.err),
              Contains("orbax-options: note: context_file.textproto parses as "
                       "Context; to read it as that, give --type=Context"));
}
class BadManagerInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadManagerInputTest, IsRefusedWithLocationAndFieldPath) {
  CheckBadInput<CheckpointManagerOptions>(
      std::string(ORBAX_OPTIONS_BAD_INPUTS_DIR) + "/checkpoint_manager",
      GetParam().file, GetParam().exit_status, GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(ManagerCatalogue, BadManagerInputTest,
                         ::testing::ValuesIn(ManagerCatalogue()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInput, EveryManagerFileInTheCatalogueIsUsed) {
  std::set<std::string> listed;
  for (const BadInput& input : ManagerCatalogue()) listed.insert(input.file);
  for (const auto& entry : fs::directory_iterator(
           std::string(ORBAX_OPTIONS_BAD_INPUTS_DIR) + "/checkpoint_manager")) {
    EXPECT_TRUE(listed.contains(entry.path().filename().string()))
        << entry.path() << " is not in the catalogue";
  }
}

TEST_P(BadInputTest, IsRefusedWithLocationAndFieldPath) {
  CheckBadInput(ORBAX_OPTIONS_BAD_INPUTS_DIR, GetParam().file,
                GetParam().exit_status, GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest,
                         ::testing::ValuesIn(Catalogue()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInput, EveryFileInTheCatalogueIsUsed) {
  std::set<std::string> listed = {"empty.textproto", "empty.binpb"};
  for (const BadInput& input : Catalogue()) listed.insert(input.file);
  for (const auto& entry :
       fs::directory_iterator(ORBAX_OPTIONS_BAD_INPUTS_DIR)) {
    if (entry.is_directory()) continue;  // checkpoint_manager/, context/.
    EXPECT_TRUE(listed.contains(entry.path().filename().string()))
        << entry.path() << " is not in the catalogue";
  }
}

// An empty text-format or binary file is a valid config that sets nothing:
// Orbax's defaults. (An empty message is the empty string in both
// encodings.) An empty JSON file is not valid JSON: see EmptyJson above.
TEST(BadInput, EmptyTextAndBinaryFilesMeanAllDefaults) {
  for (const std::string file : {"empty.textproto", "empty.binpb"}) {
    SCOPED_TRACE(file);
    std::vector<Diagnostic> diagnostics;
    const std::optional<ResolvedConfig> config =
        LoadConfig({std::string(ORBAX_OPTIONS_BAD_INPUTS_DIR) + "/" + file}, {},
                   std::nullopt, {}, diagnostics);
    ASSERT_TRUE(config.has_value());
    EXPECT_THAT(diagnostics, IsEmpty());
    EXPECT_EQ(config->options, CheckpointOptions{});

    const CommandResult run =
        RunCommand(ORBAX_OPTIONS_COMMAND, {"show", "--effective", file},
                   ORBAX_OPTIONS_BAD_INPUTS_DIR);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, PrintEffective(CheckpointOptions{}, Format::kText));
    EXPECT_THAT(run.err, IsEmpty());
  }
}

// A scratch directory, readable by everyone (for the permission test).
fs::path ScratchDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path dir = fs::path(::testing::TempDir()) /
                       (std::string("bad_input_") + info->name() + "_" +
                        std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec);
  return dir;
}

TEST(BadInput, FileOverTheSizeLimit) {
  // Sparse: 64 MiB + 1 byte on paper, no blocks on disk. It is refused by its
  // size, before it is read (limits_test shows the same for a pipe).
  const fs::path dir = ScratchDir();
  const fs::path file = dir / "huge.textproto";
  { std::ofstream(file).put('#'); }
  fs::resize_file(file, kDefaultMaxInputBytes + 1);
  CheckBadInput(dir, "huge.textproto", 2,
                {{absl::StatusCode::kResourceExhausted, "huge.textproto", "",
                  "input is 67108865 bytes, over the limit of 67108864 "
                  "bytes; refusing to read it"}});
  fs::remove_all(dir);
}

TEST(BadInput, DirectoryGivenAsAFile) {
  const fs::path dir = ScratchDir();
  fs::create_directory(dir / "configs.textproto");
  CheckBadInput(dir, "configs.textproto", 2,
                {{absl::StatusCode::kFailedPrecondition, "configs.textproto",
                  "", "is a directory, not a config file"}});
  fs::remove_all(dir);
}

TEST(BadInput, MissingFile) {
  const fs::path dir = ScratchDir();
  CheckBadInput(dir, "missing.textproto", 2,
                {{absl::StatusCode::kNotFound, "missing.textproto", "",
                  "cannot open: No such file or directory"}});
  fs::remove_all(dir);
}

TEST(BadInput, FileWithoutReadPermission) {
  // Root reads any file, and CI runs as root: then the command and the
  // library run in a child process that has dropped to `nobody`.
  const fs::path dir = ScratchDir();
  const fs::path file = dir / "secret.textproto";
  { std::ofstream(file) << "async_options { timeout_secs: 60 }\n"; }
  fs::permissions(file, fs::perms::none);
  const bool root = geteuid() == 0;
  const std::optional<uid_t> as_user =
      root ? std::optional<uid_t>(testing::kNobody) : std::nullopt;

  // The library, in a child process (privileges can't be regained).
  const std::optional<std::string> report = testing::RunAsNobodyIfRoot([&] {
    std::vector<Diagnostic> diagnostics;
    (void)ReadLayer(file.string(), std::nullopt, {}, diagnostics);
    std::string out;
    for (const Diagnostic& d : diagnostics) {
      out +=
          std::to_string(static_cast<int>(d.code)) + " " + d.ToString() + "\n";
    }
    return out;
  });
  if (!report) GTEST_SKIP() << "cannot drop to uid " << testing::kNobody;
  EXPECT_THAT(*report,
              StartsWith(std::to_string(static_cast<int>(
                             absl::StatusCode::kPermissionDenied)) +
                         " " + file.string() + ": error: cannot open: "));

  // The command. It is copied into the scratch directory, so that `nobody`
  // can run it wherever the build tree is.
  const fs::path binary = dir / "orbax-options";
  fs::copy_file(ORBAX_OPTIONS_COMMAND, binary);
  fs::permissions(binary, fs::perms::owner_all | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read |
                              fs::perms::others_exec);
  const CommandResult run =
      RunCommand(binary.string(), {"check", "secret.textproto"}, dir, as_user);
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_THAT(run.out, IsEmpty());
  EXPECT_THAT(run.err, StartsWith("secret.textproto: error: cannot open: "));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace orbax::checkpoint::options
