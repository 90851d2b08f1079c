// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/field_path.h"

#include <string>

#include "gtest/gtest.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/schema.h"

namespace orbax::checkpoint::options::internal {
namespace {

TEST(FieldPath, JoinPath) {
  EXPECT_EQ(JoinPath("", "async_options"), "async_options");
  EXPECT_EQ(JoinPath("async_options", "timeout_secs"),
            "async_options.timeout_secs");
  EXPECT_EQ(JoinPath("a.ranges[2]", "stop"), "a.ranges[2].stop");
}

TEST(FieldPath, IndexPath) {
  EXPECT_EQ(IndexPath("a.process_indices", 0), "a.process_indices[0]");
  EXPECT_EQ(IndexPath("ranges", 12), "ranges[12]");
}

TEST(FieldPath, ParentPathGoesUpOneStepAtATime) {
  std::string path = "a.ranges[2].stop";
  const char* const want[] = {"a.ranges[2]", "a.ranges", "a", ""};
  for (const char* parent : want) {
    path = ParentPath(path);
    EXPECT_EQ(path, parent);
  }
  EXPECT_EQ(ParentPath(""), "");
  EXPECT_EQ(ParentPath("a"), "");
}

TEST(FieldPath, IsWithin) {
  struct Row {
    std::string path, root;
    bool want;
  };
  const Row rows[] = {
      {"a", "a", true},
      {"a.b", "a", true},
      {"a[3]", "a", true},
      {"a[3].c", "a", true},
      {"a.b.c", "a.b", true},
      // A name that merely starts with the root's is not inside it.
      {"ab", "a", false},
      {"a_b.c", "a", false},
      {"a", "a.b", false},
      {"b.a", "a", false},
      {"", "a", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.path + " in " + row.root);
    EXPECT_EQ(IsWithin(row.path, row.root), row.want);
  }
}

TEST(FieldPath, LocateSetFieldsRecordsEverySetFieldButNotInsideElements) {
  v1::CheckpointOptions message;
  message.mutable_async_options()->set_timeout_secs(60);
  message.mutable_multiprocessing_options()->mutable_all_hosts_primary();
  v1::ProcessRange* range = message.mutable_multiprocessing_options()
                                ->mutable_active_processes()
                                ->add_ranges();
  range->set_start(0);
  range->set_stop(4);
  // A set sub-message with nothing set in it still counts.
  message.mutable_file_options();
  const SourceLocation where{"--set x=1", 0, 0};

  FieldLocations locations;
  LocateSetFields(message, "", where, locations);

  FieldLocations want;
  for (const char* path :
       {"async_options", "async_options.timeout_secs",
        "multiprocessing_options", "multiprocessing_options.all_hosts_primary",
        "multiprocessing_options.active_processes",
        "multiprocessing_options.active_processes.ranges", "file_options"}) {
    want.Set(path, where);
  }
  EXPECT_EQ(locations, want);
  // Inside an element: located at the repeated field, which has no element
  // places from a source without lines.
  EXPECT_EQ(
      locations.Find("multiprocessing_options.active_processes.ranges[0].stop"),
      where);
}

TEST(FieldPath, LocateSetFieldsPutsPathsUnderThePrefix) {
  v1::AsyncOptions message;
  message.set_create_directories_asynchronously(false);
  const SourceLocation where{"b.binpb", 0, 0};
  FieldLocations locations;
  LocateSetFields(message, "async_options", where, locations);

  FieldLocations want;
  want.Set("async_options.create_directories_asynchronously", where);
  EXPECT_EQ(locations, want);

  // An empty message records nothing.
  FieldLocations none;
  LocateSetFields(v1::CheckpointOptions(), "", where, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
