// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/relay.h"

#include <climits>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/internal/serialize.h"

namespace orbax::checkpoint::options {

absl::StatusOr<Relay> Relay::Parse(std::string_view bytes) {
  v1::CheckpointOptions message;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError(
        "not a binary CheckpointOptions message: truncated, malformed, or a "
        "string field is not UTF-8");
  }
  return FromMessage(std::move(message));
}

absl::StatusOr<Relay> Relay::FromMessage(v1::CheckpointOptions message) {
  absl::StatusOr<CheckpointOptions> options = FromProto(message);
  if (!options.ok()) return options.status();
  return Relay(std::move(message), *std::move(options));
}

std::string Relay::ForwardBytes() const {
  return internal::SerializeDeterministically(message_);
}

}  // namespace orbax::checkpoint::options
