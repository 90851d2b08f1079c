// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the pieces that fields.h describes each value type with, after
// TensorStore's json_binding. A field line combines them:
//
//   Field(ORBAX_OPTIONS_FIELD(timeout_secs), Error(Positive))
//
// names the schema field and struct member once (the macro spells the
// generated accessors and `&S::timeout_secs` from one name, so a name missing
// from either fails to compile); the member's type picks the presence (a
// `std::optional` is Python `None` when unset) and the `Codec` (how one C++
// type maps to its proto field); options passed by name add the rest:
//
//   Error(rule)      the field's rule: "" if fine, else what is wrong
//   Warning(rule)    what Orbax accepts but rewrites, ignores or fails on
//                    only when it runs
//   Check(check)     a check of a sub-message with the value that holds it
//   kRequired        Python has no default: unset is an error
//   kEmptyIsUnset    a set read unset as empty, and written unset when empty
//   kOctal           permission bits, printed in octal
//
// A rule takes the value, or the value and the whole value that holds the
// field (for rules between fields), and returns a message or a `Finding`.
//
// Every binder does every job, so every walk follows the one list:
//
//   Load(message, value, sink)   message -> value; unset keeps the default
//   Save(value, message)         value -> message, explicit form
//   Write(value, out)            value -> wire bytes of that explicit form,
//                                without building the message (wire_writer.h)
//   Validate(value, sink)        the field's rules: errors and warnings
//   name()                       the schema field name, for paths and tests

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"

namespace orbax::checkpoint::options::internal {

// Fields<S>
//
// Specialised in fields.h for each value type: `Proto` is its message, and
// `List()` returns a tuple of its binders, in field-number order.
template <typename S>
struct Fields;

// -----------------------------------------------------------------------------
// Codecs
// -----------------------------------------------------------------------------

// Codec<T>
//
// How a C++ type maps to its proto field. A scalar codec (`kMessage` false)
// has `Decode(in, out, error) -> bool` and `Encode(value)`, and may have
// `Check(value)`, the rule every value of the type has (an enum's known
// values). A message codec has `Load(in, out, sink) -> bool` (errors under
// the field's sink), `Save(value, out)`, `Write(value, out)` (the contents)
// and `Validate(value, sink)`; `kWhole` says whether the message means one
// value (a set, a duration, a policy), which a layer replaces whole and
// `diff` compares whole. Either has `StandIn()`, what a required field holds
// when unset or unreadable: a value its rules accept, so that the field is
// reported once.
//
// The primary template is the message of a value type with a `Fields<T>`
// list; scalars and the value types of codecs.h are specialisations.
template <typename T>
struct Codec;

template <typename T>
struct IdentityCodec {
  static constexpr bool kMessage = false;
  static constexpr bool kWhole = false;
  template <typename P>
  static bool Decode(const P& in, T& out, std::string&) {
    out = in;
    return true;
  }
  static const T& Encode(const T& value) { return value; }
  static T StandIn() { return T{1}; }
};
template <>
struct Codec<bool> : IdentityCodec<bool> {};
template <>
struct Codec<int32_t> : IdentityCodec<int32_t> {};
template <>
struct Codec<int64_t> : IdentityCodec<int64_t> {};
template <>
struct Codec<std::string> : IdentityCodec<std::string> {};
// The stand-in is the largest double: the one required double,
// `RegulatorOptions.max_memory_limit_gib`, is an upper bound, which its
// rules accept at that. NaN is refused: it equals nothing, itself included,
// so a config holding one would not equal itself after a round trip (nor
// have one fingerprint: text's `nan` reads back with other bits), and every
// bound of Orbax's compares false with it, so no rule would see it.
template <>
struct Codec<double> : IdentityCodec<double> {
  static double StandIn() { return std::numeric_limits<double>::max(); }
  static std::string Check(const double& value) {
    return std::isnan(value) ? "must be a number, got NaN" : "";
  }
};

// A policy: one `oneof policy` of a message, one `std::variant` of a value.
template <typename T>
concept Policy = requires(T t) { t.policy.index(); };

// LoadFields() / SaveFields() / WriteFields() / ValidateFields()
//
// Run every binder of `S` in order. WriteFields() relies on that order being
// field-number order, as protobuf serialises (tests/conversion_test checks).
template <typename S>
void LoadFields(const typename Fields<S>::Proto& m, S& value,
                const ErrorSink& sink) {
  std::apply([&](const auto&... f) { (f.Load(m, value, sink), ...); },
             Fields<S>::List());
}
template <typename S>
void SaveFields(const S& value, typename Fields<S>::Proto& m) {
  std::apply([&](const auto&... f) { (f.Save(value, m), ...); },
             Fields<S>::List());
}
template <typename S>
void WriteFields(const S& value, WireWriter& out) {
  std::apply([&](const auto&... f) { (f.Write(value, out), ...); },
             Fields<S>::List());
}
template <typename S>
void ValidateFields(const S& value, const ErrorSink& sink) {
  std::apply([&](const auto&... f) { (f.Validate(value, sink), ...); },
             Fields<S>::List());
}

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
// `kMaxPolicyDepth` (which validation reports, and a parser reaches first),
// and only a guard of the stack against a message built by hand.
inline constexpr int kMaxLoadedPolicyDepth = 64;

// The stand-in for a policy that failed to load: one without fields or rules
// (fields.h).
template <typename P>
P PolicyStandIn();

// The errors for a policy nested too deeply, and for one with no member set.
std::string PolicyTooDeep();
std::string SetOnePolicy(const google::protobuf::Descriptor* policy);

// LoadPolicy() / ValidatePolicy()
//
// Load or validate one policy through its field list. LoadPolicy() refuses a
// policy with no member set and one nested past `kMaxLoadedPolicyDepth`;
// ValidatePolicy() refuses one past `kMaxPolicyDepth` without looking
// inside. A refused policy is left as its `PolicyStandIn()`, so that its
// problem is reported once.
template <Policy P>
void LoadPolicy(const typename Fields<P>::Proto& m, P& value,
                const ErrorSink& sink) {
  using Proto = typename Fields<P>::Proto;
  const PolicyDepth depth;
  if (depth.exceeded(kMaxLoadedPolicyDepth)) {
    sink.Add("", PolicyTooDeep());
    value = PolicyStandIn<P>();
  } else if (m.policy_case() == Proto::POLICY_NOT_SET) {
    sink.Add("", SetOnePolicy(Proto::descriptor()));
    value = PolicyStandIn<P>();
  } else {
    LoadFields(m, value, sink);
  }
}
template <Policy P>
void ValidatePolicy(const P& value, const ErrorSink& sink) {
  const PolicyDepth depth;
  if (depth.exceeded(kMaxPolicyDepth)) {
    sink.Add("", PolicyTooDeep());
    return;
  }
  ValidateFields(value, sink);
}

template <typename T>
struct Codec {
  static constexpr bool kMessage = true;
  static constexpr bool kWhole = Policy<T>;
  static bool Load(const auto& in, T& out, const ErrorSink& sink) {
    if constexpr (Policy<T>) {
      LoadPolicy(in, out, sink);
    } else {
      LoadFields(in, out, sink);
    }
    return true;
  }
  static void Save(const T& value, auto& out) { SaveFields(value, out); }
  static void Write(const T& value, WireWriter& out) {
    WriteFields(value, out);
  }
  static void Validate(const T& value, const ErrorSink& sink) {
    if constexpr (Policy<T>) {
      ValidatePolicy(value, sink);
    } else {
      ValidateFields(value, sink);
    }
  }
  static T StandIn() { return T(); }
};

// A repeated message field, each element in its own codec, reported as
// `field[i]`.
template <typename E>
struct Codec<std::vector<E>> {
  static constexpr bool kMessage = true;
  static constexpr bool kWhole = false;
  static bool Load(const auto& in, std::vector<E>& out, const ErrorSink& sink) {
    out.clear();
    out.resize(in.size());
    for (int i = 0; i < in.size(); ++i) {
      Codec<E>::Load(in.Get(i), out[i], sink.Element(i));
    }
    return true;
  }
  static void Save(const std::vector<E>& value, auto& out) {
    for (const E& e : value) Codec<E>::Save(e, *out.Add());
  }
  static void Validate(const std::vector<E>& value, const ErrorSink& sink) {
    for (size_t i = 0; i < value.size(); ++i) {
      Codec<E>::Validate(value[i], sink.Element(static_cast<int>(i)));
    }
  }
};

template <typename T>
inline constexpr bool kRepeated = false;
template <typename E>
inline constexpr bool kRepeated<std::vector<E>> = true;

// Writes `value`, whose codec is a message codec, as field `number`.
template <typename T>
void WriteMessage(int number, const T& value, WireWriter& out) {
  if constexpr (kRepeated<T>) {
    for (const auto& e : value) WriteMessage(number, e, out);
  } else {
    const size_t mark = out.BeginDelimited(number);
    Codec<T>::Write(value, out);
    out.EndDelimited(mark);
  }
}

// -----------------------------------------------------------------------------
// Field options
// -----------------------------------------------------------------------------

template <typename R>
struct ErrorOption {
  R rule;
};
template <typename R>
struct WarningOption {
  R rule;
};
template <typename C>
struct CheckOption {
  C check;
};
template <typename R>
ErrorOption<R> Error(R rule) {
  return {rule};
}
template <typename R>
WarningOption<R> Warning(R rule) {
  return {rule};
}
template <typename C>
CheckOption<C> Check(C check) {
  return {check};
}

enum class Presence { kValue, kOptional, kRequired, kEmptyIsUnset };
struct RequiredOption {};
inline constexpr RequiredOption kRequired;
struct EmptyIsUnsetOption {};
inline constexpr EmptyIsUnsetOption kEmptyIsUnset;
struct OctalOption {};
inline constexpr OctalOption kOctal;

template <typename O, template <typename> class Kind>
inline constexpr bool kIsKind = false;
template <typename R, template <typename> class Kind>
inline constexpr bool kIsKind<Kind<R>, Kind> = true;

// Pick<Kind>(options...): the option of that kind, or nullptr.
template <template <typename> class Kind>
std::nullptr_t Pick() {
  return nullptr;
}
template <template <typename> class Kind, typename O, typename... Rest>
auto Pick(const O& option, const Rest&... rest) {
  if constexpr (kIsKind<O, Kind>) {
    return option;
  } else {
    return Pick<Kind>(rest...);
  }
}

// Runs `rule` (a rule of either kind, not nullptr) on `value`, a field of
// `whole`; returns what the rule returns, a message or a `Finding`.
template <typename R, typename T, typename S>
auto RunRule(R rule, const T& value, const S& whole) {
  if constexpr (std::is_invocable_v<decltype(rule.rule), const T&>) {
    return rule.rule(value);
  } else {
    return rule.rule(value, whole);
  }
}

inline const std::string& MessageOf(const std::string& message) {
  return message;
}
inline const std::string& MessageOf(const Finding& finding) {
  return finding.message;
}

// Runs a field's codec check, error rule and warning rule on `value`, a
// field of `whole`, for `name`. A value that breaks a rule gets no warning.
// What a rule returns is moved only when it found something: validation
// runs on every load, and most values break no rule.
template <typename C, typename R, typename W, typename T, typename S>
void CheckRules(std::string_view name, R error, W warning, const T& value,
                const S& whole, const ErrorSink& sink) {
  if constexpr (requires { C::Check(value); }) {
    if (std::string e = C::Check(value); !e.empty()) {
      sink.Add(name, std::move(e));
      return;
    }
  }
  if constexpr (!std::is_null_pointer_v<R>) {
    if (auto e = RunRule(error, value, whole); !MessageOf(e).empty()) {
      Finding found(std::move(e));
      sink.Add(name, std::move(found.message), found.cause);
      return;
    }
  }
  if constexpr (!std::is_null_pointer_v<W>) {
    if (auto w = RunRule(warning, value, whole); !MessageOf(w).empty()) {
      Finding found(std::move(w));
      sink.Warn(name, std::move(found.message), found.cause);
    }
  }
}

// -----------------------------------------------------------------------------
// Binders
// -----------------------------------------------------------------------------

// Access
//
// A schema field name, the generated accessors of that field, and the struct
// member it binds (or, for a member of a oneof, the type whose variant
// holds it), as ORBAX_OPTIONS_FIELD(x) / ORBAX_OPTIONS_ALTERNATIVE(x) spell
// them.
template <typename Has, typename Get, typename Set, typename Mutable,
          typename Member>
struct Access {
  std::string_view name;
  Has has;           // (const Proto&) -> bool
  Get get;           // (const Proto&) -> value or const Sub&
  Set set;           // (Proto&, value)
  Mutable mutable_;  // (Proto&) -> Sub*
  Member member;     // T S::*, or std::type_identity<S>
};
// clang 14 does not deduce aggregates' arguments itself.
template <typename Has, typename Get, typename Set, typename Mutable,
          typename Member>
Access(std::string_view, Has, Get, Set, Mutable, Member)
    -> Access<Has, Get, Set, Mutable, Member>;

// clang-format off
#define ORBAX_OPTIONS_ACCESSORS_(x)                                   \
  #x,                                                                 \
  [](const auto& m) { return m.has_##x(); },                          \
  [](const auto& m) -> decltype(auto) { return m.x(); },              \
  [](auto& m, const auto& v) { m.set_##x(v); },                       \
  [](auto& m) { return m.mutable_##x(); }
// Field `x` of the message of `S` (in scope), bound to the member `S::x`.
#define ORBAX_OPTIONS_FIELD(x)                                        \
  ::orbax::checkpoint::options::internal::Access{                     \
      ORBAX_OPTIONS_ACCESSORS_(x), &S::x}
// Member `x` of the `oneof policy` of the message of `S` (in scope).
#define ORBAX_OPTIONS_ALTERNATIVE(x)                                  \
  ::orbax::checkpoint::options::internal::Access{                     \
      ORBAX_OPTIONS_ACCESSORS_(x), std::type_identity<S>{}}
// clang-format on

// The number of field `name` of `Proto`, for the wire writer; looked up once,
// when the field lists are made.
template <typename Proto>
int FieldNumber(std::string_view name) {
  const google::protobuf::FieldDescriptor* field =
      Proto::descriptor()->FindFieldByName(std::string(name));
  if (field == nullptr) std::abort();  // Unreachable: its accessors compiled.
  return field->number();
}

// The error for a required field of `Proto` that is unset.
template <typename Proto>
std::string RequiredError() {
  return "must be set: " + Proto::descriptor()->name() +
         " has no default for it";
}

template <typename M>
struct MemberOf;
template <typename S_, typename M_>
struct MemberOf<M_ S_::*> {
  using S = S_;
  using M = M_;
};
template <typename T>
struct Unwrapped {
  using type = T;
};
template <typename T>
struct Unwrapped<std::optional<T>> {
  using type = T;
};

// A field bound to a struct member of type `M`: `T`, or `std::optional<T>`.
template <typename A, typename R, typename W, typename K, Presence kPresence,
          bool kOctalBits>
class FieldBinder {
  using S = typename MemberOf<decltype(A::member)>::S;
  using M = typename MemberOf<decltype(A::member)>::M;
  using T = typename Unwrapped<M>::type;
  using C = Codec<T>;
  using Proto = typename Fields<S>::Proto;

 public:
  static constexpr bool kWhole = C::kWhole;
  static constexpr bool kOctal = kOctalBits;
  using Value = T;

  FieldBinder(A access, R error, W warning, K check)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        error_(error),
        warning_(warning),
        check_(check) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    M& member = value.*access_.member;
    if constexpr (kPresence == Presence::kOptional) {
      member.reset();
    } else if constexpr (kPresence != Presence::kValue) {
      member = C::StandIn();
    }
    if constexpr (!kRepeated<T>) {
      if (!access_.has(m)) {
        if (kPresence == Presence::kRequired) {
          sink.Add(name(), RequiredError<Proto>());
        }
        return;
      }
    }
    if constexpr (kPresence == Presence::kOptional &&
                  requires { C::IsUnset(access_.get(m)); }) {
      if (C::IsUnset(access_.get(m))) return;  // An enum's `..._UNSPECIFIED`.
    }
    T v;
    bool ok;
    if constexpr (C::kMessage) {
      ok = C::Load(access_.get(m), v, sink.Child(name()));
    } else {
      std::string error;
      ok = C::Decode(access_.get(m), v, error);
      if (!ok) sink.Add(name(), std::move(error));
    }
    if (ok) member = std::move(v);
  }
  void Save(const S& value, Proto& m) const {
    if (const T* v = Present(value)) {
      if constexpr (C::kMessage) {
        C::Save(*v, *access_.mutable_(m));
      } else {
        access_.set(m, C::Encode(*v));
      }
    }
  }
  void Write(const S& value, WireWriter& out) const {
    if (const T* v = Present(value)) {
      if constexpr (C::kMessage) {
        WriteMessage(number_, *v, out);
      } else {
        out.Scalar(number_, C::Encode(*v));
      }
    }
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    const T* v = Present(value);
    if (v == nullptr) return;
    CheckRules<C>(name(), error_, warning_, *v, value, sink);
    if constexpr (C::kMessage) {
      const ErrorSink child = sink.Child(name());
      C::Validate(*v, child);
      if constexpr (!std::is_null_pointer_v<K>) check_.check(*v, value, child);
    }
  }

 private:
  // The value to write and check, or null where nothing is written.
  const T* Present(const S& value) const {
    const M& member = value.*access_.member;
    if constexpr (kPresence == Presence::kOptional) {
      return member ? &*member : nullptr;
    } else if constexpr (kPresence == Presence::kEmptyIsUnset) {
      return member.empty() ? nullptr : &member;
    } else {
      return &member;
    }
  }

  A access_;
  int number_;
  R error_;
  W warning_;
  K check_;
};

// Field(access, options...): the binder of one field; see the file comment.
template <typename A, typename... O>
auto Field(A access, O... options) {
  using M = typename MemberOf<decltype(A::member)>::M;
  constexpr Presence kPresence =
      (std::is_same_v<O, RequiredOption> || ...)       ? Presence::kRequired
      : (std::is_same_v<O, EmptyIsUnsetOption> || ...) ? Presence::kEmptyIsUnset
      : std::is_same_v<M, typename Unwrapped<M>::type> ? Presence::kValue
                                                       : Presence::kOptional;
  constexpr bool kOctalBits = (std::is_same_v<O, OctalOption> || ...);
  auto error = Pick<ErrorOption>(options...);
  auto warning = Pick<WarningOption>(options...);
  auto check = Pick<CheckOption>(options...);
  return FieldBinder<A, decltype(error), decltype(warning), decltype(check),
                     kPresence, kOctalBits>(std::move(access), error, warning,
                                            check);
}

// One member of the `oneof policy` of a policy `P`'s message, bound to the
// alternative `T` of its `std::variant`. At most one member of a oneof is
// set, so at most one of a policy's alternative binders acts.
template <typename T, typename A>
class AlternativeBinder {
  using P = typename decltype(A::member)::type;
  using Proto = typename Fields<P>::Proto;

 public:
  static constexpr bool kWhole = false;
  static constexpr bool kOctal = false;
  using Value = T;

  explicit AlternativeBinder(A access)
      : access_(std::move(access)), number_(FieldNumber<Proto>(access_.name)) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, P& value, const ErrorSink& sink) const {
    if (!access_.has(m)) return;
    Codec<T>::Load(access_.get(m), value.policy.template emplace<T>(),
                   sink.Child(name()));
  }
  void Save(const P& value, Proto& m) const {
    if (const T* a = std::get_if<T>(&value.policy)) {
      Codec<T>::Save(*a, *access_.mutable_(m));
    }
  }
  void Write(const P& value, WireWriter& out) const {
    if (const T* a = std::get_if<T>(&value.policy)) {
      WriteMessage(number_, *a, out);
    }
  }
  void Validate(const P& value, const ErrorSink& sink) const {
    if (const T* a = std::get_if<T>(&value.policy)) {
      Codec<T>::Validate(*a, sink.Child(name()));
    }
  }

 private:
  A access_;
  int number_;
};

template <typename T, typename A>
AlternativeBinder<T, A> Alternative(A access) {
  return AlternativeBinder<T, A>(std::move(access));
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
