// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/diagnostic.h"

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::orbax::checkpoint::options::testing::IsOk;
using ::orbax::checkpoint::options::testing::StatusIs;
using Severity = Diagnostic::Severity;

Diagnostic Error(SourceLocation at, std::string path, std::string message,
                 absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  return Diagnostic{Severity::kError, code, std::move(at), std::move(path),
                    std::move(message)};
}

Diagnostic Warning(SourceLocation at, std::string path, std::string message) {
  return Diagnostic{Severity::kWarning, absl::StatusCode::kInvalidArgument,
                    std::move(at), std::move(path), std::move(message)};
}

TEST(SourceLocation, ToStringShowsLineAndColumnWhenThereIsALine) {
  EXPECT_EQ((SourceLocation{"cfg.textproto", 3, 5}).ToString(),
            "cfg.textproto:3:5");
  EXPECT_EQ((SourceLocation{"cfg.textproto", 3, 0}).ToString(),
            "cfg.textproto:3:0");
  // No line: binary input, `--set` arguments.
  EXPECT_EQ((SourceLocation{"new.binpb", 0, 0}).ToString(), "new.binpb");
  EXPECT_EQ((SourceLocation{"--set a.b=1", 0, 7}).ToString(), "--set a.b=1");
  EXPECT_EQ(SourceLocation{}.ToString(), "");
}

TEST(Diagnostic, ToStringIsGccStyle) {
  struct Row {
    Diagnostic diagnostic;
    std::string want;
  };
  const Row rows[] = {
      {Error({"base.textproto", 2, 3}, "async_options.timeout_secs",
             "must be > 0, got 0"),
       "base.textproto:2:3: error: async_options.timeout_secs: must be > 0, "
       "got 0"},
      {Warning({"new.binpb", 0, 0}, "",
               "unknown field number 101, kept; perhaps from a newer writer"),
       "new.binpb: warning: unknown field number 101, kept; perhaps from a "
       "newer writer"},
      {Error({"missing.json", 0, 0}, "", "cannot open: No such file",
             absl::StatusCode::kNotFound),
       "missing.json: error: cannot open: No such file"},
      // No source at all: the line starts at the severity.
      {Error({}, "file_options", "bad"), "error: file_options: bad"},
      {Error({}, "", "bad"), "error: bad"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.want);
    EXPECT_EQ(row.diagnostic.ToString(), row.want);
  }
}

TEST(Diagnostic, ToStringEscapesFilePathAndMessage) {
  // Whatever the input held, the line is safe to print: C0 and C1 controls,
  // text-reordering controls and bytes that are not UTF-8 are escaped, in
  // each of the three parts; valid UTF-8 is kept.
  const Diagnostic d =
      Error({"evil\x1b[2J\xc2\x9b.textproto", 1, 2},
            "multiprocessing_options.\xe2\x80\xae"
            "xiferp",
            "got \"\xff\xfe\"\nerror: forged line\x7f; \xc3\xa9t\xc3\xa9 ok");
  EXPECT_EQ(d.ToString(), R"(evil\x1b[2J\u009b.textproto:1:2: error: )"
                          R"(multiprocessing_options.\u202exiferp: )"
                          R"(got "\xff\xfe"\nerror: forged line\x7f; )"
                          "\xc3\xa9t\xc3\xa9 ok");
}

TEST(Diagnostic, StreamsAsToString) {
  const Diagnostic d = Error({"f", 1, 1}, "p", "m");
  std::ostringstream out;
  out << d << " | " << d.location;
  EXPECT_EQ(out.str(), "f:1:1: error: p: m | f:1:1");
}

TEST(Diagnostic, HasErrorsIgnoresWarnings) {
  EXPECT_FALSE(HasErrors({}));
  EXPECT_FALSE(HasErrors({Warning({"f"}, "", "w"), Warning({"g"}, "", "w")}));
  EXPECT_TRUE(HasErrors({Warning({"f"}, "", "w"), Error({"f"}, "", "e")}));
}

TEST(Diagnostic, HasReadErrorsIsAnErrorWithACodeOtherThanInvalidArgument) {
  EXPECT_FALSE(HasReadErrors({}));
  EXPECT_FALSE(HasReadErrors({Error({"f"}, "p", "invalid content")}));
  for (absl::StatusCode code :
       {absl::StatusCode::kNotFound, absl::StatusCode::kPermissionDenied,
        absl::StatusCode::kFailedPrecondition,
        absl::StatusCode::kResourceExhausted, absl::StatusCode::kUnimplemented,
        absl::StatusCode::kUnknown}) {
    SCOPED_TRACE(absl::StatusCodeToString(code));
    EXPECT_TRUE(HasReadErrors({Error({"f"}, "", "cannot read", code)}));
    // A warning never is, whatever its code.
    Diagnostic warning = Warning({"f"}, "", "w");
    warning.code = code;
    EXPECT_FALSE(HasReadErrors({warning}));
  }
}

TEST(Diagnostic, DiagnosticsToStatusTakesTheFirstErrorsCodeAndEveryLine) {
  EXPECT_THAT(DiagnosticsToStatus({}), IsOk());
  EXPECT_THAT(DiagnosticsToStatus({Warning({"f"}, "", "only a warning")}),
              IsOk());
  const std::vector<Diagnostic> diagnostics = {
      Warning({"a.json", 1, 2}, "x", "warned"),
      Error({"b.json"}, "", "cannot open: denied",
            absl::StatusCode::kPermissionDenied),
      Error({"c.textproto", 3, 4}, "y", "bad"),
  };
  EXPECT_THAT(DiagnosticsToStatus(diagnostics),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "a.json:1:2: warning: x: warned\n"
                       "b.json: error: cannot open: denied\n"
                       "c.textproto:3:4: error: y: bad"));
}

TEST(FieldLocations, SetAndFind) {
  FieldLocations locations;
  EXPECT_TRUE(locations.empty());
  locations.Set("async_options", {"f", 1, 1});
  locations.Set("async_options.timeout_secs", {"f", 2, 3});
  EXPECT_EQ(locations.size(), 2u);
  EXPECT_EQ(locations.Find("async_options.timeout_secs"),
            (SourceLocation{"f", 2, 3}));
  EXPECT_EQ(locations.Find("async_options"), (SourceLocation{"f", 1, 1}));
  EXPECT_EQ(locations.Find("file_options"), std::nullopt);
  EXPECT_EQ(locations.Find("async_options.timeout"), std::nullopt);

  // Set() again replaces the entry, element places included.
  locations.Set("async_options.timeout_secs", {"g", 9, 9});
  EXPECT_EQ(locations.Find("async_options.timeout_secs"),
            (SourceLocation{"g", 9, 9}));
  EXPECT_EQ(locations.size(), 2u);
}

TEST(FieldLocations, AddElementLocatesElementsAndWhatIsInsideThem) {
  FieldLocations locations;
  const std::string ranges = "multiprocessing_options.active_processes.ranges";
  locations.Set(ranges, {"f.textproto", 4, 5});
  locations.AddElement(ranges, 4, 14);
  locations.AddElement(ranges, 5, 14);

  EXPECT_EQ(locations.Find(ranges + "[0]"),
            (SourceLocation{"f.textproto", 4, 14}));
  EXPECT_EQ(locations.Find(ranges + "[1]"),
            (SourceLocation{"f.textproto", 5, 14}));
  // Inside an element: the element's place.
  EXPECT_EQ(locations.Find(ranges + "[1].stop"),
            (SourceLocation{"f.textproto", 5, 14}));
  // An element with no recorded place, or a malformed index: the field's.
  EXPECT_EQ(locations.Find(ranges + "[2]"),
            (SourceLocation{"f.textproto", 4, 5}));
  EXPECT_EQ(locations.Find(ranges + "[x]"),
            (SourceLocation{"f.textproto", 4, 5}));
  EXPECT_EQ(locations.Find(ranges), (SourceLocation{"f.textproto", 4, 5}));
  // Elements are not fields.
  EXPECT_EQ(locations.size(), 1u);

  // An element of a field that was never set is not recorded.
  locations.AddElement("other", 1, 1);
  EXPECT_EQ(locations.Find("other[0]"), std::nullopt);
  EXPECT_EQ(locations.size(), 1u);

  // Set() again forgets the elements.
  locations.Set(ranges, {"g.textproto", 1, 1});
  EXPECT_EQ(locations.Find(ranges + "[0]"),
            (SourceLocation{"g.textproto", 1, 1}));
}

TEST(FieldLocations, FindNearestWalksUpToTheNearestRecordedAncestor) {
  FieldLocations locations;
  locations.Set("multiprocessing_options", {"f", 2, 1});
  locations.Set("multiprocessing_options.active_processes", {"f", 3, 3});
  EXPECT_EQ(locations.FindNearest("multiprocessing_options.primary_host"),
            (SourceLocation{"f", 2, 1}));
  EXPECT_EQ(locations.FindNearest(
                "multiprocessing_options.active_processes.process_indices[2]"),
            (SourceLocation{"f", 3, 3}));
  EXPECT_EQ(locations.FindNearest("multiprocessing_options.active_processes"),
            (SourceLocation{"f", 3, 3}));
  EXPECT_EQ(locations.FindNearest("async_options.timeout_secs"), std::nullopt);
  EXPECT_EQ(locations.FindNearest(""), std::nullopt);
}

TEST(FieldLocations, EraseWithinErasesTheRootAndWhatIsInsideIt) {
  FieldLocations locations;
  for (const char* path :
       {"multiprocessing_options", "multiprocessing_options.active_processes",
        "multiprocessing_options.active_processes.ranges",
        "multiprocessing_options.active_processes_extra",
        "multiprocessing_options.primary_host"}) {
    locations.Set(path, {"f", 1, 1});
  }
  locations.EraseWithin("multiprocessing_options.active_processes");

  FieldLocations want;
  want.Set("multiprocessing_options", {"f", 1, 1});
  // A sibling whose name merely starts the same way stays.
  want.Set("multiprocessing_options.active_processes_extra", {"f", 1, 1});
  want.Set("multiprocessing_options.primary_host", {"f", 1, 1});
  EXPECT_EQ(locations, want);

  locations.EraseWithin("nothing_here");
  EXPECT_EQ(locations, want);
}

TEST(FieldLocations, UpdateReplacesTheSamePathsAndKeepsTheRest) {
  FieldLocations earlier;
  earlier.Set("a", {"base", 1, 1});
  earlier.Set("a.b", {"base", 2, 1});
  earlier.Set("a.r", {"base", 3, 1});
  earlier.AddElement("a.r", 3, 5);

  FieldLocations later;
  later.Set("a.b", {"job", 7, 1});
  later.Set("a.c", {"job", 8, 1});
  earlier.Update(later);

  EXPECT_EQ(earlier.size(), 4u);
  EXPECT_EQ(earlier.Find("a"), (SourceLocation{"base", 1, 1}));
  EXPECT_EQ(earlier.Find("a.b"), (SourceLocation{"job", 7, 1}));
  EXPECT_EQ(earlier.Find("a.c"), (SourceLocation{"job", 8, 1}));
  EXPECT_EQ(earlier.Find("a.r[0]"), (SourceLocation{"base", 3, 5}));
}

}  // namespace
}  // namespace orbax::checkpoint::options
