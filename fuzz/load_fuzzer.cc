// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the config loader in one format, chosen at build time
// by ORBAX_FUZZ_FORMAT ("textproto", "json" or "binpb"); fuzz/CMakeLists.txt
// builds one target per format. For each input it:
//
//   1. loads and validates it (`LoadFromString()`), as the command does;
//   2. if that succeeds, prints what it loaded, in every format, and checks
//      the round trip: load the effective form again, in each format, and the
//      options and fingerprints must be equal, and the bytes the fingerprint
//      hashes (written from the values) must be protobuf's serialisation of
//      `ToProto()`;
//   3. loads it again through the located path (`ParseLayer()` and
//      `Resolve()`, as files are loaded), which `LoadFromString()` skips for
//      valid input: both must accept it or both refuse it, with equal options;
//   4. for binary, also relays it (`Relay`) and checks that forwarding loses
//      nothing and changes nothing the second time;
//   5. for JSON, checks our parser against protobuf's own: whenever
//      `ParseLayer()` accepts the input, `JsonStringToMessage()` (with
//      `ignore_unknown_fields` matching) must accept it too, with an equal
//      message. Our parser is stricter, never more lenient.
//
// For JSON, a byte of the input (the middle one) picks whether unknown fields
// are allowed, so that both ways are fuzzed.
//
// A broken invariant aborts with a message, which libFuzzer records as a
// crash. ASan and UBSan (scripts/build_sanitized.sh) catch memory errors,
// leaks and undefined behaviour.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/util/json_util.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/layering.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/options.h"
#include "orbax/checkpoint/options/printing.h"

namespace orbax::checkpoint::options {
namespace {

constexpr Format kAllFormats[] = {Format::kText, Format::kJson,
                                  Format::kBinary};

[[noreturn]] void Fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "INVARIANT BROKEN: %.*s\n%.*s\n",
               static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

Format FuzzedFormat() {
  static const Format format = [] {
    std::optional<Format> f = ParseFormatName(ORBAX_FUZZ_FORMAT);
    if (!f) Fail("unknown ORBAX_FUZZ_FORMAT", ORBAX_FUZZ_FORMAT);
    return *f;
  }();
  return format;
}

void Print(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void CheckRoundTrip(const CheckpointOptions& loaded) {
  if (absl::Status status = Validate(loaded); !status.ok()) {
    Fail("loaded options are invalid", status.ToString());
  }
  const std::string fingerprint = Fingerprint(loaded);
  if (EffectiveBytes(loaded) != PrintEffective(loaded, Format::kBinary)) {
    Fail("EffectiveBytes() differ from protobuf's serialisation of ToProto()",
         PrintEffective(loaded, Format::kText));
  }
  for (Format format : kAllFormats) {
    const std::string effective = PrintEffective(loaded, format);
    Print(effective);
    absl::StatusOr<CheckpointOptions> again = LoadFromString(effective, format);
    if (!again.ok()) {
      Fail("the effective form does not load", again.status().ToString());
    }
    if (!(*again == loaded)) {
      Fail("options differ after a round trip", PrintEffective(*again, format));
    }
    if (Fingerprint(*again) != fingerprint) {
      Fail("fingerprint differs after a round trip", effective);
    }
  }
}

// For JSON, whether to allow unknown fields: the middle byte's low bit.
LoadOptions FuzzedOptions(std::string_view input, Format format) {
  LoadOptions options;
  options.allow_unknown_fields = format == Format::kJson && !input.empty() &&
                                 (input[input.size() / 2] & 1) != 0;
  return options;
}

void CheckLocatedPathAgrees(std::string_view input, Format format,
                            const LoadOptions& options,
                            const absl::StatusOr<CheckpointOptions>& loaded) {
  std::vector<Diagnostic> diagnostics;
  std::optional<ResolvedConfig> located;
  if (std::optional<Layer> layer =
          ParseLayer(input, format, "<fuzz>", options, diagnostics)) {
    located = Resolve({*std::move(layer)}, diagnostics);
  }
  if (located.has_value() != loaded.ok()) {
    Fail("LoadFromString() and the located path disagree",
         loaded.ok() ? "only LoadFromString() accepts the input"
                     : loaded.status().ToString());
  }
  if (located && !(located->options == *loaded)) {
    Fail("LoadFromString() and the located path load different options",
         PrintEffective(located->options, Format::kText));
  }
}

void CheckJsonAgreesWithProtobuf(std::string_view input,
                                 const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  const std::optional<Layer> layer =
      ParseLayer(input, Format::kJson, "<fuzz>", options, diagnostics);
  if (!layer) return;
  v1::CheckpointOptions theirs;
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = options.allow_unknown_fields;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(input.data(), input.size()), &theirs,
      parse_options);
  if (!status.ok()) {
    Fail("ParseLayer() accepts JSON that JsonStringToMessage() refuses",
         status.ToString());
  }
  if (PrintMessage(theirs, Format::kBinary) !=
      PrintMessage(layer->message, Format::kBinary)) {
    Fail("ParseLayer() and JsonStringToMessage() read different messages",
         PrintMessage(layer->message, Format::kText) + "\nprotobuf:\n" +
             PrintMessage(theirs, Format::kText));
  }
}

void CheckRelay(std::string_view input,
                const absl::StatusOr<CheckpointOptions>& loaded) {
  absl::StatusOr<Relay> relay = Relay::Parse(input);
  if (relay.ok() != loaded.ok()) {
    Fail("the relay and the loader disagree",
         relay.ok() ? loaded.status().ToString() : relay.status().ToString());
  }
  if (!relay.ok()) return;
  if (!(relay->options() == *loaded)) Fail("relay options differ", "");
  const std::string forwarded = relay->ForwardBytes();
  absl::StatusOr<Relay> next = Relay::Parse(forwarded);
  if (!next.ok())
    Fail("forwarded bytes do not parse", next.status().ToString());
  if (!(next->options() == relay->options())) {
    Fail("options differ after forwarding", "");
  }
  if (next->unknown_fields() != relay->unknown_fields()) {
    Fail("unknown fields differ after forwarding", "");
  }
  if (next->ForwardBytes() != forwarded) {
    Fail("forwarding twice changes the bytes", "");
  }
}

}  // namespace
}  // namespace orbax::checkpoint::options

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace opts = orbax::checkpoint::options;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const opts::Format format = opts::FuzzedFormat();
  const opts::LoadOptions options = opts::FuzzedOptions(input, format);
  const absl::StatusOr<opts::CheckpointOptions> loaded =
      opts::LoadFromString(input, format, options);
  if (loaded.ok()) {
    opts::CheckRoundTrip(*loaded);
  } else if (loaded.status().message().empty()) {
    opts::Fail("an error without a message", loaded.status().ToString());
  }
  opts::CheckLocatedPathAgrees(input, format, options, loaded);
  if (format == opts::Format::kBinary) opts::CheckRelay(input, loaded);
  if (format == opts::Format::kJson) {
    opts::CheckJsonAgreesWithProtobuf(input, options);
  }
  return 0;
}
