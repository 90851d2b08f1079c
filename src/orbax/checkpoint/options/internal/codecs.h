// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the codecs (binders.h) of the value types that are not a plain
// scalar or a message with a field list: the enums, durations, the sets of
// steps and processes, and a storage's shard axes.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_CODECS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_CODECS_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/context_types.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/process_set.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// An enum: `..._UNSPECIFIED` reads as the default (AUTO, MAX); a number this
// version does not know is an error, never silently the default. `Check()`
// refuses a value cast from outside the C++ enum, which `Encode()` writes as
// the default.
template <typename T, typename P>
struct EnumCodec {
  static constexpr bool kMessage = false;
  static constexpr bool kWhole = false;
  static bool Decode(P in, T& out, std::string& error);
  static P Encode(T value);
  static std::string Check(const T& value);
};
template <>
struct Codec<AtomicityMode> : EnumCodec<AtomicityMode, v1::AtomicityMode> {};
template <>
struct Codec<BestMode> : EnumCodec<BestMode, v1::BestMode> {};
template <>
struct Codec<CheckpointLayout>
    : EnumCodec<CheckpointLayout, v1::CheckpointLayout> {};
// Its `..._UNSPECIFIED` is Python's `None`, as unset is.
template <>
struct Codec<CheckpointingImpl>
    : EnumCodec<CheckpointingImpl, v1::CheckpointingImpl> {
  static bool IsUnset(v1::CheckpointingImpl in) {
    return in == v1::CHECKPOINTING_IMPL_UNSPECIFIED;
  }
};

// A message codec of a type that is one value (binders.h's `kWhole`).
struct WholeValueCodec {
  static constexpr bool kMessage = true;
  static constexpr bool kWhole = true;
};

// `google.protobuf.Duration` <-> `absl::Duration`. Load refuses what is not
// a valid Duration or not a whole number of microseconds, as Python's
// `timedelta` holds; Save writes seconds and nanos of one sign (a duration
// that breaks `DurationError()` is written as something deterministic, since
// ToProto() does not validate).
template <>
struct Codec<absl::Duration> : WholeValueCodec {
  static bool Load(const google::protobuf::Duration& in, absl::Duration& out,
                   const ErrorSink& sink);
  static void Save(absl::Duration value, google::protobuf::Duration& out);
  static void Write(absl::Duration value, WireWriter& out);
  static void Validate(absl::Duration, const ErrorSink&) {}
  static absl::Duration StandIn() { return absl::ZeroDuration(); }
};

// The rule of every duration: finite, within protobuf's Duration range
// (+-315576000000 s, 10,000 years), and a whole number of microseconds.
std::string DurationError(const absl::Duration& value);

// `v1::StepSet` <-> `StepSet`. Load reports every step and range that is not
// valid, and a set past the limits of step_set.h or past `kMaxConfigSteps`
// for the steps of the whole config (counted in the sink's root);
// LoadStepSet() returns std::nullopt if it reported anything.
std::optional<StepSet> LoadStepSet(const v1::StepSet& m, const ErrorSink& sink);
void SaveStepSet(const StepSet& set, v1::StepSet& m);
template <>
struct Codec<StepSet> : WholeValueCodec {
  static bool Load(const v1::StepSet& in, StepSet& out, const ErrorSink& sink);
  static void Save(const StepSet& set, v1::StepSet& out) {
    SaveStepSet(set, out);
  }
  static void Write(const StepSet& set, WireWriter& out);
  static void Validate(const StepSet&, const ErrorSink&) {}
  static StepSet StandIn() { return StepSet(); }
};

// `StorageOptions.ShardAxes` <-> `ShardAxes`: a tuple, replaced whole.
template <>
struct Codec<ShardAxes> : WholeValueCodec {
  using Proto = v1::ArrayOptions::Saving::StorageOptions::ShardAxes;
  static bool Load(const Proto& in, ShardAxes& out, const ErrorSink&) {
    out.axes.assign(in.axes().begin(), in.axes().end());
    return true;
  }
  static void Save(const ShardAxes& value, Proto& out) {
    out.mutable_axes()->Add(value.axes.begin(), value.axes.end());
  }
  static void Write(const ShardAxes& value, WireWriter& out);
  static void Validate(const ShardAxes&, const ErrorSink&) {}
  static ShardAxes StandIn() { return ShardAxes(); }
};

// `v1::ProcessSet` <-> `ProcessSet`. Load reports ranges that are empty or
// reversed, and indices that a half-open int32 range cannot hold
// (LoadProcessSet() returns std::nullopt if it reported any). Save
// writes the canonical form: runs of two or more in `ranges`, single indices
// in `process_indices`.
std::optional<ProcessSet> LoadProcessSet(const v1::ProcessSet& m,
                                         const ErrorSink& sink);
void SaveProcessSet(const ProcessSet& set, v1::ProcessSet& m);
template <>
struct Codec<ProcessSet> : WholeValueCodec {
  static bool Load(const v1::ProcessSet& in, ProcessSet& out,
                   const ErrorSink& sink);
  static void Save(const ProcessSet& set, v1::ProcessSet& out) {
    SaveProcessSet(set, out);
  }
  static void Write(const ProcessSet& set, WireWriter& out);
  static void Validate(const ProcessSet&, const ErrorSink&) {}
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_CODECS_H_
