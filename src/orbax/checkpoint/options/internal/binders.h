// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the binder kinds that fields.h lists fields with, after
// TensorStore's json_binding. A binder knows one field's schema name, its
// struct member and its rule, and does every job below for it:
//
//   Load(message, value, sink)   message -> value; unset keeps the default
//   Save(value, message)         value -> message, explicit form
//   Write(value, out)            value -> wire bytes of that explicit form,
//                                without building the message (wire_writer.h)
//   Validate(value, sink)        the field's rules: errors, and warnings
//                                (what Orbax accepts but rewrites or
//                                ignores, or fails on only when it runs)
//   HasUnknown(message)          whether the field's sub-messages hold
//                                unknown fields (LoadFromString's fast path
//                                leaves those to the located path)
//   name()                       the schema field name, for paths and tests
//
// Binders reach a field through the generated accessors (`has_x()`, `x()`,
// `set_x()`, `mutable_x()`), which `ORBAX_OPTIONS_FIELD(x)` and
// `ORBAX_OPTIONS_MESSAGE_FIELD(x)` spell from the one schema name: a name
// missing from the schema fails to compile, and the name in paths can't
// drift from the field. (Reflection did the same job at about three times
// the cost of parsing the message; see docs/PERFORMANCE.md.)

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// A field rule: returns "" if `value` is fine, and otherwise what is wrong,
// with the value (e.g. "must be > 0, got 0").
template <typename T>
using Rule = std::string (*)(const T& value);

// How one C++ type maps to its proto field's value. The primary template is
// the identity, for `int32_t`, `bool` and `std::string`; `Read` may refuse a
// value with an error.
template <typename T>
struct ScalarCodec {
  template <typename P>
  static bool Read(const P& in, T& out, std::string&) {
    out = in;
    return true;
  }
  static const T& Write(const T& value) { return value; }
};

// AtomicityMode: `ATOMICITY_MODE_UNSPECIFIED` reads as AUTO; a number this
// version does not know is an error, never silently AUTO.
template <>
struct ScalarCodec<AtomicityMode> {
  static bool Read(v1::AtomicityMode in, AtomicityMode& out,
                   std::string& error);
  static v1::AtomicityMode Write(AtomicityMode value);
};

// FieldAccess / MessageFieldAccess
//
// A schema field name and the generated accessors of that field, made by the
// macros below.
template <typename Has, typename Get, typename Set>
struct FieldAccess {
  std::string_view name;
  Has has;  // (const Proto&) -> bool
  Get get;  // (const Proto&) -> value
  Set set;  // (Proto&, value)
};
template <typename Get, typename Mutable>
struct MessageFieldAccess {
  std::string_view name;
  Get get;           // (const Proto&) -> const Sub&
  Mutable mutable_;  // (Proto&) -> Sub*
};
// Deduction guides: clang 14 does not deduce aggregates' arguments itself.
template <typename Has, typename Get, typename Set>
FieldAccess(std::string_view, Has, Get, Set) -> FieldAccess<Has, Get, Set>;
template <typename Get, typename Mutable>
MessageFieldAccess(std::string_view, Get, Mutable)
    -> MessageFieldAccess<Get, Mutable>;

// ORBAX_OPTIONS_FIELD(x) / ORBAX_OPTIONS_MESSAGE_FIELD(x)
//
// The access to scalar field `x` (with presence) or sub-message field `x` of
// whichever message the binder is for.
// clang-format off
#define ORBAX_OPTIONS_FIELD(x)                                    \
  ::orbax::checkpoint::options::internal::FieldAccess{            \
      #x,                                                         \
      [](const auto& m) { return m.has_##x(); },                  \
      [](const auto& m) -> decltype(auto) { return m.x(); },      \
      [](auto& m, const auto& v) { m.set_##x(v); }}
#define ORBAX_OPTIONS_MESSAGE_FIELD(x)                            \
  ::orbax::checkpoint::options::internal::MessageFieldAccess{     \
      #x,                                                         \
      [](const auto& m) -> const auto& { return m.x(); },         \
      [](auto& m) { return m.mutable_##x(); }}
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

// Runs a field's error rule and warning rule on `value`, for `name`.
template <typename T>
void CheckRules(std::string_view name, Rule<T> rule, Rule<T> warning,
                const T& value, const ErrorSink& sink) {
  if (rule != nullptr) {
    if (std::string error = rule(value); !error.empty()) {
      sink.Add(name, std::move(error));
      return;  // A value that breaks a rule needs no warning too.
    }
  }
  if (warning != nullptr) {
    if (std::string text = warning(value); !text.empty()) {
      sink.Warn(name, std::move(text));
    }
  }
}

// A field with a value in every state: unset in the message means the
// member's in-class default (e.g. `timeout_secs`).
template <typename Proto, typename S, typename T, typename Access>
class ValueBinder {
 public:
  ValueBinder(Access access, T S::*member, Rule<T> rule, Rule<T> warning)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        rule_(rule),
        warning_(warning) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!access_.has(m)) return;
    std::string error;
    if (!ScalarCodec<T>::Read(access_.get(m), value.*member_, error)) {
      sink.Add(name(), std::move(error));
    }
  }
  void Save(const S& value, Proto& m) const {
    access_.set(m, ScalarCodec<T>::Write(value.*member_));
  }
  void Write(const S& value, WireWriter& out) const {
    out.Scalar(number_, ScalarCodec<T>::Write(value.*member_));
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    CheckRules(name(), rule_, warning_, value.*member_, sink);
  }
  bool HasUnknown(const Proto&) const { return false; }

 private:
  Access access_;
  int number_;
  T S::*member_;
  Rule<T> rule_;
  Rule<T> warning_;
};

// A field that may be Python `None`, held as `std::optional<T>`: unset in the
// message is `std::nullopt`, and `std::nullopt` is written as unset.
template <typename Proto, typename S, typename T, typename Access>
class OptionalBinder {
 public:
  OptionalBinder(Access access, std::optional<T> S::*member, Rule<T> rule,
                 Rule<T> warning)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        rule_(rule),
        warning_(warning) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!access_.has(m)) {
      (value.*member_).reset();
      return;
    }
    std::string error;
    T v;
    if (ScalarCodec<T>::Read(access_.get(m), v, error)) {
      value.*member_ = std::move(v);
    } else {
      sink.Add(name(), std::move(error));
    }
  }
  void Save(const S& value, Proto& m) const {
    if (value.*member_) {
      access_.set(m, ScalarCodec<T>::Write(*(value.*member_)));
    }
  }
  void Write(const S& value, WireWriter& out) const {
    if (value.*member_) {
      out.Scalar(number_, ScalarCodec<T>::Write(*(value.*member_)));
    }
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    if (value.*member_) {
      CheckRules(name(), rule_, warning_, *(value.*member_), sink);
    }
  }
  bool HasUnknown(const Proto&) const { return false; }

 private:
  Access access_;
  int number_;
  std::optional<T> S::*member_;
  Rule<T> rule_;
  Rule<T> warning_;
};

// Value() / Optional(): deduce the binder from the member's type. `rule`
// finds errors; `warning` finds what Orbax accepts but rewrites, ignores or
// fails on only when it runs.
template <typename Proto, typename S, typename T, typename Access>
ValueBinder<Proto, S, T, Access> Value(Access access, T S::*member,
                                       Rule<T> rule = nullptr,
                                       Rule<T> warning = nullptr) {
  return {std::move(access), member, rule, warning};
}
template <typename Proto, typename S, typename T, typename Access>
OptionalBinder<Proto, S, T, Access> Optional(Access access,
                                             std::optional<T> S::*member,
                                             Rule<T> rule = nullptr,
                                             Rule<T> warning = nullptr) {
  return {std::move(access), member, rule, warning};
}

// Fields<S>
//
// Specialised in fields.h for each value type: `Proto` is its message, and
// `List()` returns a tuple of its binders, in field-number order.
template <typename S>
struct Fields;

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

// HasUnknownFields()
//
// Returns whether `m`, or a sub-message of it that the fields of `S` reach,
// holds unknown fields (fields from a newer writer, or a known field sent
// with another wire type). It reaches the sub-messages through the generated
// accessors, which costs a fraction of a walk by reflection.
// Whether `m` itself holds unknown fields: the flag that generated code keeps
// in every message (`MessageLite::_internal_metadata_`, protected for the
// generated subclasses; named here through one). Reflection's
// `GetUnknownFields()` answers the same at about ten times the cost, which
// mattered on LoadFromString's fast path (docs/PERFORMANCE.md);
// binary_parser_test checks that the two agree.
struct UnknownFieldsFlag : google::protobuf::MessageLite {
  using google::protobuf::MessageLite::_internal_metadata_;
};
inline bool HoldsUnknownFields(const google::protobuf::MessageLite& m) {
  return (m.*(&UnknownFieldsFlag::_internal_metadata_)).have_unknown_fields();
}
template <typename S>
bool HasUnknownFields(const typename Fields<S>::Proto& m) {
  return HoldsUnknownFields(m) ||
         std::apply([&](const auto&... f) { return (f.HasUnknown(m) || ...); },
                    Fields<S>::List());
}

// A sub-message field whose value type has its own `Fields<Sub>` list (e.g.
// `CheckpointOptions::async_options`). An unset sub-message is all defaults.
template <typename Proto, typename S, typename Sub, typename Access>
class MessageBinder {
 public:
  using SubProto = typename Fields<Sub>::Proto;

  MessageBinder(Access access, Sub S::*member)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    const SubProto& sub = access_.get(m);
    LoadFields(sub, value.*member_, sink.Child(name()));
  }
  void Save(const S& value, Proto& m) const {
    SubProto* sub = access_.mutable_(m);
    SaveFields(value.*member_, *sub);
  }
  void Write(const S& value, WireWriter& out) const {
    const size_t mark = out.BeginDelimited(number_);
    WriteFields(value.*member_, out);
    out.EndDelimited(mark);
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    ValidateFields(value.*member_, sink.Child(name()));
  }
  bool HasUnknown(const Proto& m) const {
    return HasUnknownFields<Sub>(access_.get(m));
  }

 private:
  Access access_;
  int number_;
  Sub S::*member_;
};

template <typename Proto, typename S, typename Sub, typename Access>
MessageBinder<Proto, S, Sub, Access> Message(Access access, Sub S::*member) {
  return {std::move(access), member};
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
