// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the binder kinds that `CheckpointManagerOptions` and its policies
// add to binders.h, each doing every job that binders.h lists:
//
//   ScalarCodec<BestMode>  the `best_mode` enum, as AtomicityMode's codec
//   DurationBinder         an `absl::Duration` (or an optional one) <->
//                          `google.protobuf.Duration`
//   StepSetBinder          a `StepSet` <-> `v1::StepSet`, required or with
//                          empty meaning unset
//   PolicyMemberBinder     one member of a policy's `oneof policy` <-> one
//                          alternative of its `std::variant`
//   PolicyListBinder       the `policies` of `AnySavePolicy` and
//                          `AnyPreservationPolicy`
//   OptionalPolicyBinder   `save_decision_policy` / `preservation_policy`
//
// Policies nest through the `Any...` lists; ValidatePolicy() counts the
// depth on the calling thread and refuses a policy past `kMaxPolicyDepth`
// without looking inside it. LoadPolicy() refuses a policy message with no
// member set, and guards the stack against a message built by hand with
// policies nested past `kMaxLoadedPolicyDepth` (a parser stops at 100
// messages, 50 policies, first). A policy it refuses is left as a stand-in
// with no rules (`PreemptionCheckpointingPolicy`, `PreserveAll`), so that
// its problem is reported once.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MANAGER_BINDERS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MANAGER_BINDERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/duration.pb.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/step_set.h"

namespace orbax::checkpoint::options::internal {

// BestMode: `BEST_MODE_UNSPECIFIED` reads as MAX; a number this version does
// not know is an error, never silently MAX.
template <>
struct ScalarCodec<BestMode> {
  static bool Read(v1::BestMode in, BestMode& out, std::string& error);
  static v1::BestMode Write(BestMode value);
};
std::string KnownBestMode(const BestMode& value);

// -----------------------------------------------------------------------------
// Durations
// -----------------------------------------------------------------------------

// The rule of every duration: finite, within protobuf's Duration range
// (+-315576000000 s, 10,000 years), and a whole number of microseconds, as
// Python's `timedelta` holds.
std::string DurationError(const absl::Duration& value);

// Reads a `google.protobuf.Duration`; returns false with `error` set if it is
// not a valid Duration or not a whole number of microseconds.
bool ReadDuration(const google::protobuf::Duration& in, absl::Duration& out,
                  std::string& error);
// Writes the explicit form: seconds and nanos of one sign, as protobuf's
// Duration holds them. (A duration that breaks the rule is written as
// something deterministic, since ToProto() does not validate.)
void SaveDuration(absl::Duration value, google::protobuf::Duration& out);
// Writes the contents of the message SaveDuration() makes.
void WriteDuration(absl::Duration value, WireWriter& out);

// A `google.protobuf.Duration` field, held as `absl::Duration` (Python
// requires it: unset is an error, and the member keeps zero as its stand-in)
// or as `std::optional<absl::Duration>` (unset is Python `None`).
template <typename Proto, typename S, typename M, typename Access,
          typename R = Rule<absl::Duration>, typename W = Rule<absl::Duration>>
class DurationBinder {
  static constexpr bool kRequired = std::is_same_v<M, absl::Duration>;

 public:
  DurationBinder(Access access, M S::*member, R rule, W warning)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        rule_(rule),
        warning_(warning) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    Clear(value);
    if (!access_.has(m)) {
      if constexpr (kRequired) sink.Add(name(), RequiredError<Proto>());
      return;
    }
    absl::Duration d;
    std::string error;
    if (ReadDuration(access_.get(m), d, error)) {
      value.*member_ = d;
    } else {
      sink.Add(name(), std::move(error));
    }
  }
  void Save(const S& value, Proto& m) const {
    if (const absl::Duration* d = Get(value)) {
      SaveDuration(*d, *access_.mutable_(m));
    }
  }
  void Write(const S& value, WireWriter& out) const {
    if (const absl::Duration* d = Get(value)) {
      const size_t mark = out.BeginDelimited(number_);
      WriteDuration(*d, out);
      out.EndDelimited(mark);
    }
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    if (const absl::Duration* d = Get(value)) {
      CheckRules(name(), rule_, warning_, *d, value, sink);
    }
  }

 private:
  const absl::Duration* Get(const S& value) const {
    if constexpr (kRequired) {
      return &(value.*member_);
    } else {
      return (value.*member_) ? &*(value.*member_) : nullptr;
    }
  }
  void Clear(S& value) const {
    if constexpr (kRequired) {
      value.*member_ = absl::ZeroDuration();
    } else {
      (value.*member_).reset();
    }
  }

  Access access_;
  int number_;
  M S::*member_;
  R rule_;
  W warning_;
};

template <typename Proto, typename S, typename M, typename Access,
          typename R = Rule<absl::Duration>, typename W = Rule<absl::Duration>>
DurationBinder<Proto, S, M, Access, R, W> Duration(Access access, M S::*member,
                                                   R rule = nullptr,
                                                   W warning = nullptr) {
  return {std::move(access), member, rule, warning};
}

// -----------------------------------------------------------------------------
// Step sets
// -----------------------------------------------------------------------------

// StepSet <-> message. Load reports every step and range that is not valid,
// or a set past the limits of step_set.h; it returns std::nullopt if it
// reported anything.
std::optional<StepSet> LoadStepSet(const v1::StepSet& m, const ErrorSink& sink);
void SaveStepSet(const StepSet& set, v1::StepSet& m);
// Writes the contents of the message SaveStepSet() makes.
void WriteStepSet(const StepSet& set, WireWriter& out);
// Whether a `StepSet` field is required (unset is an error; an empty set is
// written), or reads unset as the empty set and writes the empty set unset.
enum class StepSetPresence { kRequired, kEmptyIsUnset };

template <typename Proto, typename S, typename Access,
          typename R = Rule<StepSet>, typename W = Rule<StepSet>>
class StepSetBinder {
 public:
  StepSetBinder(Access access, StepSet S::*member, StepSetPresence presence,
                R rule, W warning)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        presence_(presence),
        rule_(rule),
        warning_(warning) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    value.*member_ = StepSet();  // Also the stand-in for a set with errors.
    if (!access_.has(m)) {
      if (presence_ == StepSetPresence::kRequired) {
        sink.Add(name(), RequiredError<Proto>());
      }
      return;
    }
    if (std::optional<StepSet> set =
            LoadStepSet(access_.get(m), sink.Child(name()))) {
      value.*member_ = *std::move(set);
    }
  }
  void Save(const S& value, Proto& m) const {
    if (Written(value)) SaveStepSet(value.*member_, *access_.mutable_(m));
  }
  void Write(const S& value, WireWriter& out) const {
    if (!Written(value)) return;
    const size_t mark = out.BeginDelimited(number_);
    WriteStepSet(value.*member_, out);
    out.EndDelimited(mark);
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    CheckRules(name(), rule_, warning_, value.*member_, value, sink);
  }

 private:
  bool Written(const S& value) const {
    return presence_ == StepSetPresence::kRequired || !(value.*member_).empty();
  }

  Access access_;
  int number_;
  StepSet S::*member_;
  StepSetPresence presence_;
  R rule_;
  W warning_;
};

template <typename Proto, typename S, typename Access,
          typename R = Rule<StepSet>, typename W = Rule<StepSet>>
StepSetBinder<Proto, S, Access, R, W> Steps(Access access, StepSet S::*member,
                                            StepSetPresence presence,
                                            R rule = nullptr,
                                            W warning = nullptr) {
  return {std::move(access), member, presence, rule, warning};
}

// -----------------------------------------------------------------------------
// Policies
// -----------------------------------------------------------------------------

// PolicyDepth
//
// Counts, on the calling thread, the policies being loaded or validated one
// inside another: one is made for each policy, for as long as its members
// are worked on.
class PolicyDepth {
 public:
  PolicyDepth() { ++Current(); }
  ~PolicyDepth() { --Current(); }
  PolicyDepth(const PolicyDepth&) = delete;
  PolicyDepth& operator=(const PolicyDepth&) = delete;

  // Whether this policy is nested past `bound`.
  bool exceeded(int bound) const { return Current() > bound; }

 private:
  static int& Current();
};

// How deeply LoadPolicy() follows policies before it stops: far past
// `kMaxPolicyDepth`, which validation reports, and only a guard of the stack.
inline constexpr int kMaxLoadedPolicyDepth = 64;

// The errors for a policy nested too deeply, and for one with no member set.
std::string PolicyTooDeep();
std::string SetOnePolicy(const google::protobuf::Descriptor* policy);

// The stand-in for a policy that failed to load: one without fields or rules.
template <typename P>
P PolicyStandIn();
template <>
inline SaveDecisionPolicy PolicyStandIn<SaveDecisionPolicy>() {
  return {PreemptionCheckpointingPolicy{}};
}
template <>
inline PreservationPolicy PolicyStandIn<PreservationPolicy>() {
  return {PreserveAll{}};
}

// LoadPolicy() / ValidatePolicy()
//
// Load or validate one policy (a `SaveDecisionPolicy` or a
// `PreservationPolicy`), through its field list, with the depth and
// one-member checks of the file comment.
template <typename P>
void LoadPolicy(const typename Fields<P>::Proto& m, P& value,
                const ErrorSink& sink) {
  const PolicyDepth depth;
  if (depth.exceeded(kMaxLoadedPolicyDepth)) {
    sink.Add("", PolicyTooDeep());
    value = PolicyStandIn<P>();
    return;
  }
  if (m.policy_case() == Fields<P>::Proto::POLICY_NOT_SET) {
    sink.Add("", SetOnePolicy(Fields<P>::Proto::descriptor()));
    value = PolicyStandIn<P>();
    return;
  }
  LoadFields(m, value, sink);
}
template <typename P>
void ValidatePolicy(const P& value, const ErrorSink& sink) {
  const PolicyDepth depth;
  if (depth.exceeded(kMaxPolicyDepth)) {
    sink.Add("", PolicyTooDeep());
    return;
  }
  ValidateFields(value, sink);
}

// One member `A` of the `oneof policy` of a policy message, bound to the
// alternative `A` of the policy's `std::variant`. At most one member of a
// oneof is set, so at most one of a policy's member binders acts.
template <typename Proto, typename P, typename A, typename Access>
class PolicyMemberBinder {
 public:
  explicit PolicyMemberBinder(Access access)
      : access_(std::move(access)), number_(FieldNumber<Proto>(access_.name)) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, P& value, const ErrorSink& sink) const {
    if (!access_.has(m)) return;
    LoadFields(access_.get(m), value.policy.template emplace<A>(),
               sink.Child(name()));
  }
  void Save(const P& value, Proto& m) const {
    if (const A* a = std::get_if<A>(&value.policy)) {
      SaveFields(*a, *access_.mutable_(m));
    }
  }
  void Write(const P& value, WireWriter& out) const {
    if (const A* a = std::get_if<A>(&value.policy)) {
      const size_t mark = out.BeginDelimited(number_);
      WriteFields(*a, out);
      out.EndDelimited(mark);
    }
  }
  void Validate(const P& value, const ErrorSink& sink) const {
    if (const A* a = std::get_if<A>(&value.policy)) {
      ValidateFields(*a, sink.Child(name()));
    }
  }

 private:
  Access access_;
  int number_;
};

template <typename Proto, typename P, typename A, typename Access>
PolicyMemberBinder<Proto, P, A, Access> Member(Access access) {
  return PolicyMemberBinder<Proto, P, A, Access>(std::move(access));
}

// The repeated `policies` of an `Any...` policy `S`, each a policy `P`.
template <typename Proto, typename S, typename P, typename Access>
class PolicyListBinder {
 public:
  PolicyListBinder(Access access, std::vector<P> S::*member,
                   Rule<std::vector<P>> rule)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        rule_(rule) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    const auto& list = access_.get(m);
    std::vector<P>& policies = value.*member_;
    policies.clear();
    policies.resize(list.size());
    const ErrorSink child = sink.Child(name());
    for (int i = 0; i < list.size(); ++i) {
      LoadPolicy(list.Get(i), policies[i], child.Element(i));
    }
  }
  void Save(const S& value, Proto& m) const {
    auto* list = access_.mutable_(m);
    for (const P& policy : value.*member_) SaveFields(policy, *list->Add());
  }
  void Write(const S& value, WireWriter& out) const {
    for (const P& policy : value.*member_) {
      const size_t mark = out.BeginDelimited(number_);
      WriteFields(policy, out);
      out.EndDelimited(mark);
    }
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    const std::vector<P>& policies = value.*member_;
    if (rule_ != nullptr) {
      if (std::string error = rule_(policies); !error.empty()) {
        sink.Add(name(), std::move(error));
      }
    }
    const ErrorSink child = sink.Child(name());
    for (size_t i = 0; i < policies.size(); ++i) {
      ValidatePolicy(policies[i], child.Element(static_cast<int>(i)));
    }
  }

 private:
  Access access_;
  int number_;
  std::vector<P> S::*member_;
  Rule<std::vector<P>> rule_;
};

template <typename Proto, typename S, typename P, typename Access>
PolicyListBinder<Proto, S, P, Access> Policies(
    Access access, std::vector<P> S::*member,
    Rule<std::vector<P>> rule = nullptr) {
  return {std::move(access), member, rule};
}

// A policy field of `CheckpointManagerOptions`, `std::optional<P>`: unset is
// Python `None`.
template <typename Proto, typename S, typename P, typename Access>
class OptionalPolicyBinder {
 public:
  OptionalPolicyBinder(Access access, std::optional<P> S::*member)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!access_.has(m)) {
      (value.*member_).reset();
      return;
    }
    LoadPolicy(access_.get(m), (value.*member_).emplace(), sink.Child(name()));
  }
  void Save(const S& value, Proto& m) const {
    if (value.*member_) SaveFields(*(value.*member_), *access_.mutable_(m));
  }
  void Write(const S& value, WireWriter& out) const {
    if (!(value.*member_)) return;
    const size_t mark = out.BeginDelimited(number_);
    WriteFields(*(value.*member_), out);
    out.EndDelimited(mark);
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    if (value.*member_) ValidatePolicy(*(value.*member_), sink.Child(name()));
  }

 private:
  Access access_;
  int number_;
  std::optional<P> S::*member_;
};

template <typename Proto, typename S, typename P, typename Access>
OptionalPolicyBinder<Proto, S, P, Access> OptionalPolicy(
    Access access, std::optional<P> S::*member) {
  return {std::move(access), member};
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_MANAGER_BINDERS_H_
