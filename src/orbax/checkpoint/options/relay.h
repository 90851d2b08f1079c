// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: relay.h
// -----------------------------------------------------------------------------
//
// This header defines `Relay`, for a process that receives options bytes,
// uses them, and forwards them to other processes: a coordinator, a launcher,
// a proxy. The sender may be built from a newer version of the schema, with
// fields this version does not know. A relay forwards them intact.
//
// The C++ value types (types.h) hold only the fields this version knows:
// `FromProto()` ignores unknown fields, and `ToProto()` of the value cannot
// write them. Forwarding `ToProto(FromProto(received))` therefore drops every
// field from the future. A `Relay` keeps the received message itself, whose
// unknown fields protobuf's binary parser preserves, next to the validated
// value, and forwards the message.
//
// Only the binary encoding carries unknown fields: JSON and text format have
// no names for them, so forward binary.
//
// Example:
//
//   absl::StatusOr<Relay> relay = Relay::Parse(bytes_from_upstream);
//   if (!relay.ok()) return relay.status();
//   UseOptions(relay->options());            // the fields this version knows
//   for (const UnknownField& f : relay->unknown_fields()) {
//     LOG(INFO) << "relaying unknown field " << f.ToString();
//   }
//   SendDownstream(relay->ForwardBytes());   // every field, unknown ones too

#ifndef ORBAX_CHECKPOINT_OPTIONS_RELAY_H_
#define ORBAX_CHECKPOINT_OPTIONS_RELAY_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"
#include "orbax/checkpoint/options/unknown_fields.h"

namespace orbax::checkpoint::options {

// BasicRelay<Options>
//
// Received options of a root type (roots.h): the message as it arrived,
// unknown fields included, and its validated value. Immutable once made; safe
// to read from many threads. `Relay` relays a `CheckpointOptions`;
// `BasicRelay<CheckpointManagerOptions>` a `CheckpointManagerOptions`.
template <typename Options>
class BasicRelay {
 public:
  using Message = MessageOf<Options>;

  // BasicRelay::Parse()
  //
  // Parses `bytes` in the binary encoding, as the config loader does
  // (loading.h), and validates the fields this version knows. Fails with
  // `kInvalidArgument` if `bytes` is not a valid binary `Message`
  // (truncated, malformed, or with a string that is not UTF-8) or if a known
  // field is invalid, and with `kResourceExhausted` for more than
  // `kDefaultMaxInputBytes` bytes.
  [[nodiscard]] static absl::StatusOr<BasicRelay> Parse(std::string_view bytes);

  // BasicRelay::FromMessage()
  //
  // As `Parse()`, for a message the caller has parsed already (for example
  // one that arrived inside an RPC request).
  [[nodiscard]] static absl::StatusOr<BasicRelay> FromMessage(Message message);

  // BasicRelay::options()
  //
  // The value of the fields this version knows, with Orbax's defaults for
  // unset fields.
  const Options& options() const { return options_; }

  // BasicRelay::message()
  //
  // The message as received, unknown fields included. Copy it into an
  // outgoing RPC to forward it.
  const Message& message() const { return message_; }

  // BasicRelay::unknown_fields()
  //
  // The fields the sender set that this version does not know.
  [[nodiscard]] std::vector<UnknownField> unknown_fields() const {
    return ListUnknownFields(message_);
  }

  // BasicRelay::ForwardBytes()
  //
  // Returns the message to forward in the binary encoding: every field as
  // received, unknown fields included. Known fields are written
  // deterministically in field-number order, then each message's unknown
  // fields in the order they arrived.
  [[nodiscard]] std::string ForwardBytes() const;

 private:
  BasicRelay(Message message, Options options)
      : message_(std::move(message)), options_(std::move(options)) {}

  Message message_;
  Options options_;
};

// Relay
//
// Received `CheckpointOptions`.
using Relay = BasicRelay<CheckpointOptions>;

// The roots this is built for (relay.cc).
#define ORBAX_OPTIONS_DECLARE_RELAY(Root) extern template class BasicRelay<Root>;
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DECLARE_RELAY)
#undef ORBAX_OPTIONS_DECLARE_RELAY

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_RELAY_H_
