// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the config loader in one format, chosen at build time
// by ORBAX_FUZZ_FORMAT ("textproto", "json" or "binpb"), for one root type,
// chosen by ORBAX_FUZZ_ROOT (a root of roots.h); fuzz/CMakeLists.txt builds
// one target per format and root. For each input it:
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
//   4. for binary, also relays it (`BasicRelay`) and checks that its unknown
//      fields are the input's, that it forwards the input as protobuf reads
//      it, and that forwarding again changes nothing;
//   5. for text, whenever our parser accepts the input (`ParseLayer()`),
//      checks that protobuf's `TextFormat::Parser` accepts it too and gives
//      an equal message, but for the differences kept on purpose (see
//      `CheckTextAgreesWithProtobuf()`).
//   6. for JSON, checks our parser against protobuf's own: whenever
//      `ParseLayer()` accepts the input, `JsonStringToMessage()` (with
//      `ignore_unknown_fields` matching) must accept it too, with an equal
//      message. Our parser is stricter, never more lenient.
//   7. computes the warnings; for a `CheckpointManagerOptions`, derives the
//      policies Orbax uses (which must be the policies set, where they are)
//      and lists the `BestN` policies; for a `CheckpointerOptions`, checks
//      that its policies and its `Context` are valid on their own, that the
//      `Context`'s warnings are among its own (under `context.`) and that
//      the `Context` alone round-trips as a root.
//
// For text and JSON, the parity of the input's bytes picks whether unknown
// fields are allowed, so that both strictnesses are fuzzed.
//
// A broken invariant aborts with a message, which libFuzzer records as a
// crash. ASan and UBSan (scripts/build_sanitized.sh) catch memory errors,
// leaks and undefined behaviour.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
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

using Root = ORBAX_FUZZ_ROOT;
using RootMessage = MessageOf<Root>;

// What only some roots have. A manager: the policies Orbax derives and where
// the `BestN`s are, computed without a crash.
template <typename Options>
void CheckRootViews(const Options&) {}
void CheckRootViews(const CheckpointManagerOptions& loaded) {
  const ManagerPolicies policies = DerivedPolicies(loaded);
  if (loaded.save_decision_policy &&
      !(policies.save_decision_policy == *loaded.save_decision_policy)) {
    Fail("DerivedPolicies() changes a save decision policy that is set", "");
  }
  if (loaded.preservation_policy &&
      !(policies.preservation_policy == *loaded.preservation_policy)) {
    Fail("DerivedPolicies() changes a preservation policy that is set", "");
  }
  (void)BestNPaths(loaded);
}

template <typename Options>
void CheckRoundTrip(const Options& loaded);

// What a `CheckpointerOptions` holds of the other roots: its policies (a
// manager's) and its `Context`, each valid alone, the `Context` with its
// warnings among the checkpointer's and round-tripping as a root.
void CheckRootViews(const CheckpointerOptions& loaded) {
  if (loaded.save_decision_policy) {
    if (absl::Status status = Validate(*loaded.save_decision_policy);
        !status.ok()) {
      Fail("a valid checkpointer's save decision policy is invalid",
           status.ToString());
    }
  }
  if (loaded.preservation_policy) {
    if (absl::Status status = Validate(*loaded.preservation_policy);
        !status.ok()) {
      Fail("a valid checkpointer's preservation policy is invalid",
           status.ToString());
    }
  }
  if (!loaded.context) return;
  const std::vector<FieldError> warnings = ValidationWarnings(loaded);
  for (FieldError warning : ValidationWarnings(*loaded.context)) {
    warning.path = "context." + warning.path;
    if (!warning.cause.empty()) warning.cause = "context." + warning.cause;
    if (std::find(warnings.begin(), warnings.end(), warning) ==
        warnings.end()) {
      Fail("a Context's warning is not its checkpointer's", warning.ToString());
    }
  }
  CheckRoundTrip(*loaded.context);
}

template <typename Options>
void CheckRoundTrip(const Options& loaded) {
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
    absl::StatusOr<Options> again = LoadFromString<Options>(effective, format);
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
  (void)ValidationWarnings(loaded);
  CheckRootViews(loaded);
}

// For JSON, whether to allow unknown fields: the middle byte's low bit.
// Text and JSON: the parity of the input's bytes picks whether unknown
// fields are allowed. (Binary always keeps them.)
LoadOptions FuzzedOptions(std::string_view input, Format format) {
  unsigned parity = 0;
  for (const char c : input) parity ^= static_cast<unsigned char>(c);
  LoadOptions options;
  options.allow_unknown_fields =
      format != Format::kBinary && (parity & 1) != 0;
  return options;
}

void CheckLocatedPathAgrees(std::string_view input, Format format,
                            const LoadOptions& options,
                            const absl::StatusOr<Root>& loaded) {
  std::vector<Diagnostic> diagnostics;
  std::optional<BasicResolvedConfig<Root>> located;
  if (std::optional<BasicLayer<Root>> layer =
          ParseLayer<Root>(input, format, "<fuzz>", options, diagnostics)) {
    located = Resolve<Root>({*std::move(layer)}, diagnostics);
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

// protobuf's first text-format error.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (found) return;
    found = true;
    first_line = line;
    first_column = column;
    first_message = message;
  }
  bool found = false;
  int first_line = 0;
  int first_column = 0;
  std::string first_message;
};

class NoErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
};

// The token before, and the byte offset of, the token at a 0-based position.
struct TokenAt {
  bool found = false;
  size_t offset = 0;
  std::string previous;  // "" at the start.
};

TokenAt FindToken(const std::string& text, int line, int column) {
  TokenAt at;
  // The offset of (line, column), counting tabs as the tokenizer does.
  int l = 0;
  int c = 0;
  size_t i = 0;
  for (; i < text.size() && !(l == line && c == column); ++i) {
    if (text[i] == '\n') {
      ++l, c = 0;
    } else if (text[i] == '\t') {
      c += 8 - c % 8;
    } else {
      ++c;
    }
  }
  at.offset = i;
  google::protobuf::io::ArrayInputStream stream(text.data(),
                                                static_cast<int>(text.size()));
  NoErrors errors;
  google::protobuf::io::Tokenizer tokenizer(&stream, &errors);
  tokenizer.set_allow_f_after_float(true);
  tokenizer.set_comment_style(
      google::protobuf::io::Tokenizer::SH_COMMENT_STYLE);
  while (tokenizer.Next()) {
    const auto& token = tokenizer.current();
    if (token.line == line && token.column == column) {
      at.found = true;
      return at;
    }
    at.previous = token.text;
  }
  return at;
}

// Checks that protobuf's parser accepts `input`, which ours accepted as
// `ours`, with an equal message. Our parser accepts two things more, on
// purpose (tests/text_parser_test.cc): an empty list in an unknown field's
// value (`x: []`, which Python accepts) and a `;` or `,` after an unknown
// field (which protobuf 22 and Python accept). Where protobuf refuses one of
// those, the input is mended (`[]` becomes `[0]`, the separator a space)
// and given to it again.
void CheckTextAgreesWithProtobuf(std::string_view input,
                                 const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  const std::optional<BasicLayer<Root>> layer =
      ParseLayer<Root>(input, Format::kText, "<fuzz>", options, diagnostics);
  if (!layer) return;
  const RootMessage& ours = layer->message;
  const bool allow_unknown = options.allow_unknown_fields;
  std::string text(input);
  for (int attempt = 0; attempt < 256; ++attempt) {
    RootMessage theirs;
    google::protobuf::TextFormat::Parser parser;
    FirstError error;
    parser.RecordErrorsTo(&error);
    parser.AllowUnknownField(allow_unknown);
    if (parser.ParseFromString(text, &theirs)) {
      if (theirs.SerializeAsString() != ours.SerializeAsString()) {
        Fail("our text parser and protobuf's give different messages",
             ours.ShortDebugString() + "\nvs\n" + theirs.ShortDebugString());
      }
      return;
    }
    const TokenAt at = FindToken(text, error.first_line, error.first_column);
    const bool after_a_value = !at.previous.empty() && at.previous != ";" &&
                               at.previous != "," && at.previous != "{" &&
                               at.previous != "<" && at.previous != "[" &&
                               at.previous != ":";
    if (allow_unknown && at.found &&
        error.first_message == "Cannot skip field value, unexpected token: ]" &&
        at.previous == "[") {
      text.insert(at.offset, "0");
    } else if (allow_unknown && at.found && after_a_value &&
               (error.first_message == "Expected identifier, got: ;" ||
                error.first_message == "Expected identifier, got: ,")) {
      text[at.offset] = ' ';
    } else {
      Fail("our text parser accepts what protobuf's refuses",
           error.first_message + " at " + std::to_string(error.first_line + 1) +
               ":" + std::to_string(error.first_column + 1) + " of\n" + text);
    }
  }
}

void CheckJsonAgreesWithProtobuf(std::string_view input,
                                 const LoadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  const std::optional<BasicLayer<Root>> layer =
      ParseLayer<Root>(input, Format::kJson, "<fuzz>", options, diagnostics);
  if (!layer) return;
  RootMessage theirs;
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

void CheckRelay(std::string_view input, const absl::StatusOr<Root>& loaded) {
  absl::StatusOr<BasicRelay<Root>> relay = BasicRelay<Root>::Parse(input);
  if (relay.ok() != loaded.ok()) {
    Fail("the relay and the loader disagree",
         relay.ok() ? loaded.status().ToString() : relay.status().ToString());
  }
  if (!relay.ok()) return;
  if (!(relay->options() == *loaded)) Fail("relay options differ", "");
  // The first hop: what the relay holds and forwards is the input as
  // protobuf reads it, unknown fields included.
  RootMessage input_message;
  if (!input_message.ParseFromArray(input.data(),
                                    static_cast<int>(input.size()))) {
    Fail("the relay accepts bytes protobuf does not parse", "");
  }
  if (relay->unknown_fields() != ListUnknownFields(input_message)) {
    Fail("the relay's unknown fields are not the input's", "");
  }
  const std::string forwarded = relay->ForwardBytes();
  if (forwarded != PrintMessage(input_message, Format::kBinary)) {
    Fail("the relay forwards something other than the input", "");
  }
  absl::StatusOr<BasicRelay<Root>> next = BasicRelay<Root>::Parse(forwarded);
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
  const absl::StatusOr<opts::Root> loaded =
      opts::LoadFromString<opts::Root>(input, format, options);
  if (loaded.ok()) {
    opts::CheckRoundTrip(*loaded);
  } else if (loaded.status().message().empty()) {
    opts::Fail("an error without a message", loaded.status().ToString());
  }
  opts::CheckLocatedPathAgrees(input, format, options, loaded);
  if (format == opts::Format::kBinary) opts::CheckRelay(input, loaded);
  if (format == opts::Format::kText) {
    opts::CheckTextAgreesWithProtobuf(input, options);
  } else if (format == opts::Format::kJson) {
    opts::CheckJsonAgreesWithProtobuf(input, options);
  }
  return 0;
}
