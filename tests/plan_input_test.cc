// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/plan_input.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_matchers.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::StatusIs;

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;

TEST(ParseStepRange, Reads) {
  absl::StatusOr<StepRange> range = ParseStepRange("5:100:10", "--steps");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(*range, (StepRange{5, 100, 10}));
  EXPECT_EQ(ParseStepRange("0:3", "--steps").value(), (StepRange{0, 3, 1}));
}

TEST(ParseStepRange, Errors) {
  struct Row {
    std::string text;
    std::string message;
  };
  const Row rows[] = {
      {"5", "--steps: expected START:STOP[:STRIDE], got \"5\""},
      {"a:5", "--steps: START must be an integer, got \"a\""},
      {"0:1.5", "--steps: STOP must be an integer, got \"1.5\""},
      {"0:99999999999999999999",
       "--steps: STOP \"99999999999999999999\" overflows int64"},
      {"5:5", "--steps: range(5, 5, 1) is empty; start must be < stop"},
      {"9:5", "--steps: range(9, 5, 1) is reversed; start must be < stop"},
      {"0:5:0", "--steps: STRIDE must be > 0, got 0"},
      {"0:5:-1", "--steps: STRIDE must be > 0, got -1"},
      {"-2:5", "--steps: start: training steps start at 0, got -2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_THAT(ParseStepRange(row.text, "--steps").status(),
                StatusIs(kInvalid, row.message));
  }
}

TEST(ParseStepList, ReadsAndRefuses) {
  EXPECT_THAT(ParseStepList("0,1000,20", "--existing-steps").value(),
              ElementsAre(0, 1000, 20));
  EXPECT_THAT(ParseStepList("", "--existing-steps").value(), IsEmpty());
  EXPECT_THAT(ParseStepList("0,1.5", "--existing-steps").status(),
              StatusIs(kInvalid,
                       "--existing-steps: a step must be an integer, got "
                       "\"1.5\""));
  EXPECT_THAT(ParseStepList("3,-1", "--existing-steps").status(),
              StatusIs(kInvalid,
                       "--existing-steps: training steps start at 0, got -1"));
  EXPECT_THAT(ParseStepList("3,3", "--existing-steps").status(),
              StatusIs(kInvalid, "--existing-steps: step 3 is given twice"));
}

TEST(ParseStepTimes, ReadsLinesWithComments) {
  absl::StatusOr<std::vector<StepTime>> times =
      ParseStepTimes("# step seconds\n0 0\n\n1\t2.5  # slow\n", "t.txt");
  ASSERT_TRUE(times.ok()) << times.status();
  ASSERT_EQ(times->size(), 2);
  EXPECT_EQ((*times)[1].step, 1);
  EXPECT_EQ((*times)[1].seconds, 2.5);
  EXPECT_EQ((*times)[1].where, "t.txt:4");
}

TEST(ParseStepTimes, Errors) {
  EXPECT_THAT(ParseStepTimes("0 0\n1 2 3\n", "t.txt").status(),
              StatusIs(kInvalid, "t.txt:2: expected STEP SECONDS, got "
                                 "\"1 2 3\""));
  EXPECT_THAT(ParseStepTimes("x 0\n", "t.txt").status(),
              StatusIs(kInvalid, "t.txt:1: STEP must be an integer, got "
                                 "\"x\""));
  EXPECT_THAT(ParseStepTimes("0 nan\n", "t.txt").status(),
              StatusIs(kInvalid, "t.txt:1: SECONDS must be a finite number, "
                                 "got \"nan\""));
}

TEST(ParseMetricsJsonl, Reads) {
  absl::StatusOr<std::vector<MetricsRow>> rows = ParseMetricsJsonl(
      "{\"step\": 100, \"loss\": 0.25, \"acc\": 1}\n\n{\"step\": 200, "
      "\"loss\": 0.5, \"acc\": 2}\n",
      "m.jsonl");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2);
  EXPECT_EQ((*rows)[1].where, "m.jsonl:3");
  std::string chosen;
  absl::StatusOr<std::vector<StepMetric>> loss =
      SelectMetric(*rows, "loss", "m.jsonl", "--metric", chosen);
  ASSERT_TRUE(loss.ok()) << loss.status();
  EXPECT_EQ(chosen, "loss");
  EXPECT_EQ((*loss)[1].step, 200);
  EXPECT_EQ((*loss)[1].value, 0.5);
}

TEST(ParseMetricsJsonl, Errors) {
  struct Row {
    std::string contents;
    std::string message;
  };
  const Row rows[] = {
      {"{\"loss\": 1}", "m:1: no \"step\" field"},
      {"{\"step\": 1.5, \"loss\": 1}",
       "m:1: \"step\" must be an integer, got 1.5"},
      {"{\"step\": \"1\", \"loss\": 1}",
       "m:1: \"step\" must be an integer, got \"1\""},
      {"{\"step\": 1, \"loss\": \"low\"}",
       "m:1: \"loss\" must be a number, got \"low\""},
      {"{\"step\": 1, \"loss\": 1, \"loss\": 2}",
       "m:1: \"loss\" is given twice"},
      {"{\"step\": 1,", "m:1: malformed JSON at column 12: Missing a name "
                        "for object member."},
      {"[1]", "m:1: expected a JSON object, got a list"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.contents);
    EXPECT_THAT(ParseMetricsJsonl(row.contents, "m").status(),
                StatusIs(kInvalid, row.message));
  }
}

absl::Status Select(const std::string& contents,
                    std::optional<std::string> name) {
  absl::StatusOr<std::vector<MetricsRow>> rows =
      ParseMetricsJsonl(contents, "m");
  if (!rows.ok()) return rows.status();
  std::string chosen;
  return SelectMetric(*rows, name, "m", "--metric", chosen).status();
}

TEST(SelectMetric, Errors) {
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": NaN}", std::nullopt),
              StatusIs(kInvalid,
                       "m:1: \"loss\" must be a finite number, got nan"));
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": -Infinity}", std::nullopt),
              StatusIs(kInvalid,
                       "m:1: \"loss\" must be a finite number, got -inf"));
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": 1}\n{\"step\": 1, \"loss\": 2}",
                     std::nullopt),
              StatusIs(kInvalid, "m:2: step 1 is given twice (first at m:1)"));
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": 1}", "acc"),
              StatusIs(kInvalid, "--metric: \"acc\" is not a metric of m, "
                                 "which has \"loss\""));
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": 1, \"acc\": 2}", std::nullopt),
              StatusIs(kInvalid, "--metric: m has several metrics, \"loss\", "
                                 "\"acc\"; name the one to rank by"));
  EXPECT_THAT(Select("{\"step\": 1}", std::nullopt),
              StatusIs(kInvalid, "--metric: m has no metric"));
  EXPECT_THAT(Select("{\"step\": 1, \"loss\": 1}\n{\"step\": 2, \"acc\": 2}",
                     "loss"),
              StatusIs(kInvalid, "m:2: step 2 has no \"loss\""));
}

}  // namespace
}  // namespace orbax::checkpoint::options
