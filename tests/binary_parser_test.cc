// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/binary_parser.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/internal/parse_context.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax_options/testing/all_types.pb.h"

namespace orbax::checkpoint::options::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Parsed {
  bool ok = false;
  v1::CheckpointOptions message;
  FieldLocations locations;
  std::vector<std::string> diagnostics;
};

Parsed Parse(const std::string& bytes) {
  Parsed parsed;
  std::vector<Diagnostic> diagnostics;
  ParseContext context("in.binpb", false, &parsed.locations, diagnostics);
  parsed.ok = ParseBinary(bytes, parsed.message, context);
  context.Finish();
  for (const Diagnostic& d : diagnostics) {
    parsed.diagnostics.push_back(d.ToString());
  }
  return parsed;
}

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>(value | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

size_t VarintSize(uint64_t value) {
  size_t size = 1;
  for (; value >= 0x80; value >>= 7) ++size;
  return size;
}

// An AllTypes message (the test schema) whose `child` (field 19, tag 9a 01)
// holds a child, `depth` levels deep.
std::string NestedChildren(int depth) {
  std::vector<uint64_t> lengths(depth);  // Of each level's contents.
  uint64_t inner = 0;
  for (int i = depth - 1; i >= 0; --i) {
    lengths[i] = inner;
    inner += 2 + VarintSize(inner);
  }
  std::string bytes;
  for (int i = 0; i < depth; ++i) {
    bytes += "\x9a\x01";
    AppendVarint(bytes, lengths[i]);
  }
  return bytes;
}

Parsed ParseAllTypes(const std::string& bytes) {
  Parsed parsed;
  std::vector<Diagnostic> diagnostics;
  ParseContext context("in.binpb", false, &parsed.locations, diagnostics);
  orbax_options::testing::AllTypes message;
  parsed.ok = ParseBinary(bytes, message, context);
  for (const Diagnostic& d : diagnostics) {
    parsed.diagnostics.push_back(d.ToString());
  }
  return parsed;
}

TEST(ParseBinary, ReadsKnownFieldsAndLocatesThemWithoutLines) {
  v1::CheckpointOptions sent;
  sent.mutable_async_options()->set_timeout_secs(60);
  auto* set =
      sent.mutable_multiprocessing_options()->mutable_active_processes();
  set->add_process_indices(3);
  set->add_process_indices(5);
  Parsed parsed = Parse(sent.SerializeAsString());
  ASSERT_TRUE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics, IsEmpty());
  EXPECT_EQ(parsed.message.async_options().timeout_secs(), 60);
  EXPECT_EQ(parsed.locations.Find("async_options.timeout_secs"),
            SourceLocation{"in.binpb"});
  // Binary records no element places: an element is located at its field.
  EXPECT_EQ(parsed.locations.Find(
                "multiprocessing_options.active_processes.process_indices[1]"),
            SourceLocation{"in.binpb"});
}

TEST(ParseBinary, RefusesAKnownFieldSentWithAnotherWireType) {
  // async_options { field 1 (timeout_secs) as fixed32 5 }: protobuf keeps it
  // as an unknown field, and the default 1200 would silently take its place.
  Parsed parsed = Parse(std::string("\x0a\x05\x0d\x05\x00\x00\x00", 7));
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: async_options.timeout_secs: sent "
                          "as fixed32 (wire type 5) at byte 2, but this "
                          "version's int32 field is sent as varint (wire type "
                          "0): the writer's schema does not match"));
}

TEST(ParseBinary, RefusesAnInt32ThatDoesNotFit32Bits) {
  // timeout_secs = 2^40: protobuf would keep its low 32 bits, 0.
  Parsed parsed = Parse(std::string("\x0a\x07\x08\x80\x80\x80\x80\x80\x20", 9));
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: async_options.timeout_secs: value "
                          "1099511627776 at byte 2 does not fit int32: the "
                          "writer's schema does not match"));

  // -1 is sent sign-extended to ten bytes, and fits.
  v1::CheckpointOptions negative;
  negative.mutable_async_options()->set_timeout_secs(-1);
  EXPECT_TRUE(Parse(negative.SerializeAsString()).ok);
}

TEST(ParseBinary, ChecksEveryValueOfAPackedList) {
  // active_processes { process_indices: packed [1, 2^33] }.
  Parsed parsed = Parse(
      std::string("\x12\x0b\x1a\x09\x0a\x07\x01\x80\x80\x80\x80\x20\x00", 13));
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: "
                          "multiprocessing_options.active_processes."
                          "process_indices: value 8589934592 in the packed "
                          "list at byte 4 does not fit int32: the writer's "
                          "schema does not match"));
}

TEST(ParseBinary, RefusesAStringThatIsNotUtf8AtItsPath) {
  // multiprocessing_options { barrier_sync_key_prefix: "\xff\xfe" }.
  Parsed parsed = Parse(std::string("\x12\x04\x22\x02\xff\xfe", 6));
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: "
                          "multiprocessing_options.barrier_sync_key_prefix: "
                          "not valid UTF-8: \"\\xff\\xfe\"; string fields "
                          "must be UTF-8"));
}

TEST(ParseBinary, NamesTheElementOfARepeatedMessage) {
  // active_processes { ranges {stop: 1} ranges {start: <truncated>} }.
  Parsed parsed =
      Parse(std::string("\x12\x09\x1a\x07\x12\x02\x10\x01\x12\x01\x08", 11));
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: "
                          "multiprocessing_options.active_processes.ranges[1]."
                          "start: not a valid binary CheckpointOptions message "
                          "(11 bytes): the field at byte 10 is cut short "
                          "(truncated data?)"));
}

TEST(ParseBinary, RefusesMalformedData) {
  struct Case {
    std::string bytes;
    std::string diagnostic;
  };
  const Case kCases[] = {
      {std::string("\x00", 1),
       "in.binpb: error: not a valid binary CheckpointOptions message (1 "
       "bytes): malformed field tag at byte 0 (field 0, wire type 0)"},
      {"\x0f",
       "in.binpb: error: not a valid binary CheckpointOptions message (1 "
       "bytes): malformed field tag at byte 0 (field 1, wire type 7)"},
      {"\xa4\x06",
       "in.binpb: error: not a valid binary CheckpointOptions message (2 "
       "bytes): unexpected end of group 100 at byte 0"},
      {"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
       "in.binpb: error: not a valid binary CheckpointOptions message (11 "
       "bytes): malformed field tag at byte 0"},
      {"\xa0\x06\x80",
       "in.binpb: error: 100: not a valid binary CheckpointOptions message (3 "
       "bytes): the field at byte 0 is cut short (truncated data?)"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.diagnostic);
    Parsed parsed = Parse(c.bytes);
    EXPECT_FALSE(parsed.ok);
    EXPECT_THAT(parsed.diagnostics, ElementsAre(c.diagnostic));
  }
}

TEST(ParseBinary, KeepsFieldsFromANewerWriter) {
  // Field 101 (varint 7) at the root and field 15 in async_options.
  Parsed parsed = Parse(std::string("\x0a\x02\x78\x01\xa8\x06\x07", 7));
  ASSERT_TRUE(parsed.ok) << parsed.diagnostics[0];
  EXPECT_EQ(parsed.message.GetReflection()
                ->GetUnknownFields(parsed.message)
                .field(0)
                .number(),
            101);
  EXPECT_EQ(parsed.message.async_options()
                .GetReflection()
                ->GetUnknownFields(parsed.message.async_options())
                .field(0)
                .number(),
            15);
  // Unknown length-delimited data is kept as bytes, never read into.
  EXPECT_TRUE(Parse(std::string("\xaa\x06\x02\xff\xff", 5)).ok);
}

TEST(ParseBinary, HoldsAtMostAHundredThousandUnknownFields) {
  // Field 6 (unknown at the root), varint 1: two bytes each, and 16 to 80
  // bytes each in protobuf's memory.
  std::string bytes;
  for (int i = 0; i < kMaxUnknownFields; ++i) bytes += "\x30\x01";
  EXPECT_TRUE(Parse(bytes).ok);
  bytes += "\x30\x01";
  Parsed parsed = Parse(bytes);
  EXPECT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.diagnostics,
              ElementsAre("in.binpb: error: 6: more than 100000 unknown "
                          "fields (fields from a newer writer), the most one "
                          "source may hold"));
}

TEST(ParseBinary, RefusesGroups) {
  // Field 100 as a group (start-group tag a3 06), nested and not: proto2's
  // encoding, which no writer of a proto3 schema sends, and which protobuf
  // would keep at tens of bytes of memory for each byte of input.
  for (const std::string bytes :
       {std::string("\xa3\x06\xa4\x06"), std::string("\xa3\x06\xa3\x06")}) {
    Parsed parsed = Parse(bytes);
    EXPECT_FALSE(parsed.ok);
    EXPECT_THAT(parsed.diagnostics,
                ElementsAre("in.binpb: error: 100: a group (wire type 3) at "
                            "byte 0: proto2's group encoding, which no writer "
                            "of this proto3 schema sends"));
  }
}

TEST(ParseBinary, RefusesNestingPastTheLimit) {
  // A recursive test schema: `child` holds a child, as deep as the input.
  Parsed parsed = ParseAllTypes(NestedChildren(kMaxNestingDepth));
  EXPECT_TRUE(parsed.ok) << ::testing::PrintToString(parsed.diagnostics);
  // The same input, as protobuf's own parser (whose limit is the same).
  orbax_options::testing::AllTypes message;
  EXPECT_TRUE(message.ParseFromString(NestedChildren(kMaxNestingDepth)));
  EXPECT_FALSE(message.ParseFromString(NestedChildren(kMaxNestingDepth + 1)));

  std::string path = "child";
  for (int i = 1; i < kMaxNestingDepth + 1; ++i) path += ".child";
  for (int depth : {kMaxNestingDepth + 1, 1000000}) {
    SCOPED_TRACE(depth);
    parsed = ParseAllTypes(NestedChildren(depth));
    EXPECT_FALSE(parsed.ok);
    ASSERT_EQ(parsed.diagnostics.size(), 1);
    EXPECT_THAT(parsed.diagnostics[0],
                ::testing::StartsWith("in.binpb: error: " + path +
                                      ": nested more than 100 levels deep (at "
                                      "byte "));
  }
}

TEST(ParseBinary, ChecksOnlyWhenNotRecording) {
  // Without locations, errors carry no path (they are not shown).
  std::vector<Diagnostic> diagnostics;
  ParseContext context("in.binpb", false, nullptr, diagnostics);
  v1::CheckpointOptions message;
  EXPECT_FALSE(ParseBinary(std::string("\x0a\x05\x0d\x05\x00\x00\x00", 7),
                           message, context));
  ASSERT_EQ(diagnostics.size(), 1);
  EXPECT_EQ(diagnostics[0].path, "");
  EXPECT_TRUE(
      ParseBinary(std::string("\x0a\x02\x08\x05", 4), message, context));
}

// The loader's fast path: what ParseBinary refuses, and any unknown field at
// all, in whichever message it stands.
TEST(PassesWireCheck, TurnsAwayWhatParseBinaryRefusesAndEveryUnknownField) {
  const google::protobuf::Descriptor* options =
      v1::CheckpointOptions::descriptor();
  EXPECT_TRUE(PassesWireCheck("", options));
  EXPECT_TRUE(PassesWireCheck(std::string("\x0a\x02\x08\x05", 4), options));
  EXPECT_FALSE(
      PassesWireCheck(std::string("\x0a\x05\x0d\x05\x00\x00\x00", 7), options));
  EXPECT_FALSE(PassesWireCheck("\x0a\x05\x08", options));
  EXPECT_FALSE(PassesWireCheck(std::string("\x0a\x02\x78\x01", 4), options));
  // preservation_policy { best_n { reverse sent as a string } } then
  // preservation_policy { latest_n { n: 2 } }: protobuf's parser would
  // discard the mismatch as latest_n replaces best_n in the oneof.
  EXPECT_FALSE(PassesWireCheck(
      std::string("\xca\x01\x04\x3a\x02\x0a\x00\xca\x01\x04\x12\x02\x08\x02",
                  14),
      v1::CheckpointManagerOptions::descriptor()));

  v1::CheckpointManagerOptions base;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "keep_time_interval { seconds: 1 } save_on_steps { ranges { stop: 9 } } "
      "async_options {} preservation_policy { any { policies { latest_n {} } "
      "} } save_decision_policy { specific_steps { steps {} } } "
      "multiprocessing_options { all_hosts_primary {} }",
      &base));
  const google::protobuf::Descriptor* manager = base.GetDescriptor();
  EXPECT_TRUE(PassesWireCheck(base.SerializeAsString(), manager));
  using Place =
      std::function<google::protobuf::Message&(v1::CheckpointManagerOptions&)>;
  const std::vector<Place> places = {
      [](auto& m) -> google::protobuf::Message& { return m; },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_keep_time_interval();
      },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_save_on_steps()->mutable_ranges(0);
      },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_async_options();
      },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_multiprocessing_options()
                    ->mutable_all_hosts_primary();
      },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_preservation_policy()
                    ->mutable_any()
                    ->mutable_policies(0)
                    ->mutable_latest_n();
      },
      [](auto& m) -> google::protobuf::Message& {
        return *m.mutable_save_decision_policy()
                    ->mutable_specific_steps()
                    ->mutable_steps();
      },
  };
  for (size_t i = 0; i < places.size(); ++i) {
    SCOPED_TRACE(i);
    v1::CheckpointManagerOptions m = base;
    google::protobuf::Message& place = places[i](m);
    place.GetReflection()->MutableUnknownFields(&place)->AddVarint(999, 1);
    EXPECT_FALSE(PassesWireCheck(m.SerializeAsString(), manager));
  }
}

TEST(PassesWireCheck, LeavesUtf8ToProtobufsParser) {
  // multiprocessing_options { barrier_sync_key_prefix: "\xff\xfe" }.
  const std::string bytes("\x12\x04\x22\x02\xff\xfe", 6);
  EXPECT_TRUE(PassesWireCheck(bytes, v1::CheckpointOptions::descriptor()));
  v1::CheckpointOptions message;
  EXPECT_FALSE(message.ParseFromString(bytes));
  // So the loader's fast path declines it, and the located path says where.
  EXPECT_THAT(LoadFromString(bytes, Format::kBinary).status().message(),
              ::testing::HasSubstr(
                  "multiprocessing_options.barrier_sync_key_prefix: not valid "
                  "UTF-8: \"\\xff\\xfe\"; string fields must be UTF-8"));
}

}  // namespace
}  // namespace orbax::checkpoint::options::internal
