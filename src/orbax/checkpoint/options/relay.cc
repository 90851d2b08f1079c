// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/relay.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/diagnostic.h"
#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/loading.h"
#include "orbax/checkpoint/options/printing.h"

namespace orbax::checkpoint::options {

template <typename Options>
absl::StatusOr<BasicRelay<Options>> BasicRelay<Options>::Parse(
    std::string_view bytes) {
  // The binary loader: it keeps unknown fields, and turns protobuf's own log
  // messages (e.g. about a string that is not UTF-8) into the error.
  std::vector<Diagnostic> diagnostics;
  std::optional<BasicLayer<Options>> layer = ParseLayer<Options>(
      bytes, Format::kBinary, "<bytes>", LoadOptions{}, diagnostics);
  if (!layer) return DiagnosticsToStatus(diagnostics);
  return FromMessage(std::move(layer->message));
}

template <typename Options>
absl::StatusOr<BasicRelay<Options>> BasicRelay<Options>::FromMessage(
    Message message) {
  absl::StatusOr<Options> options = FromProto(message);
  if (!options.ok()) return options.status();
  return BasicRelay(std::move(message), *std::move(options));
}

template <typename Options>
std::string BasicRelay<Options>::ForwardBytes() const {
  return PrintMessage(message_, Format::kBinary);
}

#define ORBAX_OPTIONS_INSTANTIATE_RELAY(Root) template class BasicRelay<Root>;
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_INSTANTIATE_RELAY)

}  // namespace orbax::checkpoint::options
