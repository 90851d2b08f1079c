// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/printing.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/fingerprint.h"
#include "orbax/checkpoint/options/loading.h"

namespace orbax::checkpoint::options {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CheckpointOptions Sample() {
  CheckpointOptions o;
  o.async_options.timeout_secs = 600;
  o.multiprocessing_options.active_processes =
      ProcessSet::FromIndices({0, 1, 2, 3, 8}).value();
  o.multiprocessing_options.barrier_sync_key_prefix = "train";
  o.file_options.path_permission_mode = 0750;
  o.memory_limit_options.max_transfer_concurrent_gb = 16;
  o.atomicity_options.mode = AtomicityMode::kCommitFile;
  return o;
}

TEST(PrintMessage, MinimalFormHoldsOnlyWhatWasSet) {
  v1::CheckpointOptions minimal;
  minimal.mutable_async_options()->set_timeout_secs(1200);  // The default.
  EXPECT_EQ(PrintMessage(minimal, Format::kText),
            "async_options {\n  timeout_secs: 1200\n}\n");
  EXPECT_EQ(PrintMessage(minimal, Format::kJson),
            "{\n \"async_options\": {\n  \"timeout_secs\": 1200\n }\n}\n");
}

TEST(PrintEffective, TextHoldsEveryEffectiveValue) {
  EXPECT_EQ(PrintEffective(CheckpointOptions{}, Format::kText),
            "async_options {\n"
            "  timeout_secs: 1200\n"
            "  create_directories_asynchronously: true\n"
            "}\n"
            "multiprocessing_options {\n"
            "  primary_host: 0\n"
            "}\n"
            "file_options {\n"
            "  skip_sync_file_validations: false\n"
            "}\n"
            "memory_limit_options {\n"
            "}\n"
            "atomicity_options {\n"
            "  mode: ATOMICITY_MODE_AUTO\n"
            "  allow_legacy_atomic_rename: false\n"
            "}\n");
}

TEST(PrintMessage, TextPrintsPermissionBitsInOctalThatLoadsBack) {
  for (int32_t mode : {0750, 0700, 07777, 01, 0}) {
    SCOPED_TRACE(mode);
    CheckpointOptions options;
    options.file_options.path_permission_mode = mode;
    const std::string text = PrintEffective(options, Format::kText);
    EXPECT_THAT(text, HasSubstr(mode == 0 ? "  path_permission_mode: 0\n"
                                          : absl::StrFormat(
                                                "  path_permission_mode: 0%o\n",
                                                mode)));
    absl::StatusOr<CheckpointOptions> back =
        LoadFromString(text, Format::kText);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->file_options.path_permission_mode, mode);
  }
}

TEST(PrintMessage, TextAndJsonLeaveOutUnknownFieldsSoTheOutputLoadsAgain) {
  // Field 101 (varint 1) from a newer writer, and async_options field 15.
  v1::CheckpointOptions message;
  ASSERT_TRUE(message.ParseFromString(
      std::string("\x0a\x04\x08\x3c\x78\x01\xa8\x06\x01", 9)));
  const std::string text = PrintMessage(message, Format::kText);
  EXPECT_EQ(text, "async_options {\n  timeout_secs: 60\n}\n");
  EXPECT_EQ(PrintMessage(message, Format::kJson),
            "{\n \"async_options\": {\n  \"timeout_secs\": 60\n }\n}\n");
  EXPECT_TRUE(LoadFromString(text, Format::kText).ok());
  // Binary keeps them.
  v1::CheckpointOptions back;
  ASSERT_TRUE(back.ParseFromString(PrintMessage(message, Format::kBinary)));
  EXPECT_EQ(back.GetReflection()->GetUnknownFields(back).field_count(), 1);
}

TEST(PrintEffective, JsonUsesSnakeCaseEnumNamesAndNumbers) {
  const std::string json = PrintEffective(Sample(), Format::kJson);
  EXPECT_THAT(json, HasSubstr("\"timeout_secs\": 600,"));
  EXPECT_THAT(json, HasSubstr("\"path_permission_mode\": 488"));
  EXPECT_THAT(json, HasSubstr("\"max_transfer_concurrent_gb\": 16"));
  EXPECT_THAT(json, HasSubstr("\"mode\": \"ATOMICITY_MODE_COMMIT_FILE\""));
  EXPECT_THAT(json, HasSubstr("\"allow_legacy_atomic_rename\": false"));
  EXPECT_THAT(json, HasSubstr("\"primary_host\": 0"));
  EXPECT_THAT(json, Not(HasSubstr("timeoutSecs")));
  EXPECT_THAT(json, Not(HasSubstr("\"600\"")));  // int32 is not a string.

  CheckpointOptions all_hosts;
  all_hosts.multiprocessing_options.primary_host = std::nullopt;
  EXPECT_THAT(PrintEffective(all_hosts, Format::kJson),
              HasSubstr("\"all_hosts_primary\": {}"));
}

TEST(PrintEffective, BinaryIsTheDeterministicEffectiveBytes) {
  EXPECT_EQ(PrintEffective(Sample(), Format::kBinary),
            EffectiveBytes(Sample()));
  v1::CheckpointOptions parsed;
  ASSERT_TRUE(
      parsed.ParseFromString(PrintEffective(Sample(), Format::kBinary)));
  EXPECT_EQ(FromProto(parsed).value(), Sample());
}

TEST(PrintEffective, EveryFormatReadsBackToTheSameOptions) {
  for (Format format : {Format::kText, Format::kJson, Format::kBinary}) {
    SCOPED_TRACE(FormatName(format));
    const std::string printed = PrintEffective(Sample(), format);
    absl::StatusOr<CheckpointOptions> back = LoadFromString(printed, format);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, Sample());
    EXPECT_EQ(Fingerprint(*back), Fingerprint(Sample()));
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options
