// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/plan_input.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "orbax/checkpoint/options/internal/escaping.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace orbax::checkpoint::options {
namespace {

using internal::Quote;

// This Abseil's `string_view` is its own type.
absl::string_view A(std::string_view s) { return {s.data(), s.size()}; }
std::string_view S(absl::string_view s) { return {s.data(), s.size()}; }

absl::Status Error(std::string_view where, std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(A(where), ": ", A(message)));
}

// Reads an optional '-' and ASCII digits as an int64; `what` names the value.
absl::StatusOr<int64_t> ParseInteger(std::string_view text,
                                     std::string_view name) {
  const absl::string_view what = A(name);
  const std::string_view digits =
      !text.empty() && text[0] == '-' ? text.substr(1) : text;
  const bool all_digits =
      !digits.empty() && digits.find_first_not_of("0123456789") ==
                             std::string_view::npos;
  int64_t value = 0;
  if (!all_digits) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be an integer, got ", Quote(text)));
  }
  if (!absl::SimpleAtoi(A(text), &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", Quote(text), " overflows int64"));
  }
  return value;
}

std::string Names(const std::vector<std::string>& names) {
  return absl::StrJoin(names, ", ", [](std::string* out, const std::string& n) {
    out->append(Quote(n));
  });
}

// What a JSON value that is not a number is, for "got ...".
std::string Describe(const rapidjson::Value& value) {
  if (value.IsString()) {
    return Quote(std::string_view(value.GetString(), value.GetStringLength()));
  }
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsNull()) return "null";
  if (value.IsArray()) return "a list";
  if (value.IsObject()) return "an object";
  return absl::StrCat(value.GetDouble());
}

absl::StatusOr<MetricsRow> ParseMetricsLine(std::string_view line,
                                            std::string where) {
  rapidjson::Document doc;
  constexpr unsigned kFlags =
      rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag;
  doc.Parse<kFlags>(line.data(), line.size());
  if (doc.HasParseError()) {
    return Error(where,
                 absl::StrCat("malformed JSON at column ",
                              doc.GetErrorOffset() + 1, ": ",
                              GetParseError_En(doc.GetParseError())));
  }
  if (!doc.IsObject()) {
    return Error(where, absl::StrCat("expected a JSON object, got ",
                                     Describe(doc)));
  }
  MetricsRow row{.where = std::move(where)};
  bool has_step = false;
  absl::flat_hash_set<std::string> seen;
  for (const auto& member : doc.GetObject()) {
    const std::string name(member.name.GetString(),
                           member.name.GetStringLength());
    const rapidjson::Value& value = member.value;
    if (!seen.insert(name).second) {
      return Error(row.where, absl::StrCat(Quote(name), " is given twice"));
    }
    if (name == "step") {
      if (!value.IsInt64()) {
        return Error(row.where,
                     absl::StrCat("\"step\" must be an integer, got ",
                                  Describe(value)));
      }
      row.step = value.GetInt64();
      has_step = true;
    } else if (!value.IsNumber()) {
      return Error(row.where, absl::StrCat(Quote(name),
                                           " must be a number, got ",
                                           Describe(value)));
    } else {
      row.values.emplace_back(name, value.GetDouble());
    }
  }
  if (!has_step) return Error(row.where, "no \"step\" field");
  return row;
}

}  // namespace

absl::StatusOr<StepRange> ParseStepRange(std::string_view text,
                                         std::string_view argument) {
  const std::vector<absl::string_view> parts = absl::StrSplit(A(text), ':');
  if (parts.size() < 2 || parts.size() > 3) {
    return Error(argument, absl::StrCat("expected START:STOP[:STRIDE], got ",
                                        Quote(text)));
  }
  constexpr std::string_view kNames[] = {"START", "STOP", "STRIDE"};
  int64_t values[3] = {0, 0, 1};
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StatusOr<int64_t> value = ParseInteger(S(parts[i]), kNames[i]);
    if (!value.ok()) return Error(argument, S(value.status().message()));
    values[i] = *value;
  }
  const StepRange range{values[0], values[1], values[2]};
  if (range.step <= 0) {
    return Error(argument,
                 absl::StrCat("STRIDE must be > 0, got ", range.step));
  }
  if (std::string error = StepRangeError(range); !error.empty()) {
    return Error(argument, error);
  }
  return range;
}

absl::StatusOr<std::vector<int64_t>> ParseStepList(std::string_view text,
                                                   std::string_view argument) {
  std::vector<int64_t> steps;
  if (text.empty()) return steps;
  absl::flat_hash_set<int64_t> seen;
  for (absl::string_view piece : absl::StrSplit(A(text), ',')) {
    const std::string_view item = S(piece);
    absl::StatusOr<int64_t> step = ParseInteger(item, "a step");
    if (!step.ok()) return Error(argument, S(step.status().message()));
    if (std::string error = StepError(*step); !error.empty()) {
      return Error(argument, error);
    }
    if (!seen.insert(*step).second) {
      return Error(argument, absl::StrCat("step ", *step, " is given twice"));
    }
    steps.push_back(*step);
  }
  return steps;
}

absl::StatusOr<std::vector<StepTime>> ParseStepTimes(std::string_view contents,
                                                     std::string_view file) {
  std::vector<StepTime> times;
  int line_number = 0;
  for (absl::string_view piece : absl::StrSplit(A(contents), '\n')) {
    std::string_view line = S(piece);
    ++line_number;
    const std::string where = absl::StrCat(A(file), ":", line_number);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const std::vector<absl::string_view> fields =
        absl::StrSplit(A(line), absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    if (fields.size() != 2) {
      const absl::string_view text = absl::StripAsciiWhitespace(A(line));
      return Error(where, absl::StrCat("expected STEP SECONDS, got ",
                                       Quote(S(text))));
    }
    absl::StatusOr<int64_t> step = ParseInteger(S(fields[0]), "STEP");
    if (!step.ok()) return Error(where, S(step.status().message()));
    double seconds = 0;
    if (!absl::SimpleAtod(fields[1], &seconds) || !std::isfinite(seconds)) {
      return Error(where, absl::StrCat("SECONDS must be a finite number, got ",
                                       Quote(S(fields[1]))));
    }
    times.push_back({*step, seconds, where});
  }
  return times;
}

absl::StatusOr<std::vector<MetricsRow>> ParseMetricsJsonl(
    std::string_view contents, std::string_view file) {
  std::vector<MetricsRow> rows;
  int line_number = 0;
  for (absl::string_view piece : absl::StrSplit(A(contents), '\n')) {
    std::string_view line = S(piece);
    ++line_number;
    if (absl::StripAsciiWhitespace(A(line)).empty()) continue;
    absl::StatusOr<MetricsRow> row =
        ParseMetricsLine(line, absl::StrCat(A(file), ":", line_number));
    if (!row.ok()) return row.status();
    rows.push_back(*std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<StepMetric>> SelectMetric(
    const std::vector<MetricsRow>& rows, const std::optional<std::string>& name,
    std::string_view source, std::string_view argument, std::string& chosen) {
  std::vector<std::string> names;
  absl::flat_hash_set<std::string> known;
  absl::flat_hash_map<int64_t, const MetricsRow*> by_step;
  for (const MetricsRow& row : rows) {
    if (auto [it, added] = by_step.try_emplace(row.step, &row); !added) {
      return Error(row.where, absl::StrCat("step ", row.step,
                                           " is given twice (first at ",
                                           it->second->where, ")"));
    }
    for (const auto& [metric, value] : row.values) {
      if (!std::isfinite(value)) {
        return Error(row.where, absl::StrCat(Quote(metric),
                                             " must be a finite number, got ",
                                             value));
      }
      if (known.insert(metric).second) names.push_back(metric);
    }
  }
  if (name) {
    if (!known.contains(*name)) {
      return Error(argument,
                   absl::StrCat(Quote(*name), " is not a metric of ", A(source),
                                names.empty() ? ", which has none"
                                              : absl::StrCat(", which has ",
                                                             Names(names))));
    }
    chosen = *name;
  } else if (names.size() != 1) {
    return Error(argument,
                 names.empty()
                     ? absl::StrCat(A(source), " has no metric")
                     : absl::StrCat(A(source), " has several metrics, ",
                                    Names(names), "; name the one to rank by"));
  } else {
    chosen = names[0];
  }
  std::vector<StepMetric> metrics;
  for (const MetricsRow& row : rows) {
    auto it = std::find_if(row.values.begin(), row.values.end(),
                           [&](const auto& v) { return v.first == chosen; });
    if (it == row.values.end()) {
      return Error(row.where, absl::StrCat("step ", row.step, " has no ",
                                           Quote(chosen)));
    }
    metrics.push_back({row.step, it->second, row.where});
  }
  return metrics;
}

}  // namespace orbax::checkpoint::options
