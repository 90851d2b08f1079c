// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/format.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace orbax::checkpoint::options {
namespace {

TEST(Format, NamesRoundTrip) {
  struct Row {
    Format format;
    std::string name;
  };
  const Row rows[] = {{Format::kText, "textproto"},
                      {Format::kJson, "json"},
                      {Format::kBinary, "binpb"}};
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(FormatName(row.format), row.name);
    EXPECT_EQ(ParseFormatName(row.name), row.format);
  }
}

TEST(Format, ParseFormatNameRefusesOtherNames) {
  for (const char* name : {"", "text", "txtpb", "JSON", "Json", "binary", "pb",
                           "textproto ", "unknown"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(ParseFormatName(name), std::nullopt);
  }
}

TEST(Format, FormatFromPathByExtension) {
  struct Row {
    std::string path;
    std::optional<Format> want;
  };
  const Row rows[] = {
      {"job.textproto", Format::kText},
      {"job.txtpb", Format::kText},
      {"job.pbtxt", Format::kText},
      {"configs/job.json", Format::kJson},
      {"/abs/job.binpb", Format::kBinary},
      {"job.pb", Format::kBinary},
      // Only the last extension counts.
      {"job.textproto.json", Format::kJson},
      {"job.json.bak", std::nullopt},
      // Case matters, as on the command line.
      {"job.JSON", std::nullopt},
      // Standard input, no extension, an empty one, a hidden file's name.
      {"-", std::nullopt},
      {"job", std::nullopt},
      {"job.", std::nullopt},
      {".json", std::nullopt},
      {"configs/.binpb", std::nullopt},
      // A dot in a directory name is not an extension.
      {"configs.json/job", std::nullopt},
      {"", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.path);
    EXPECT_EQ(FormatFromPath(row.path), row.want);
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options
