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
#include <type_traits>
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

// A field rule that also reads the other fields of the value that holds the
// field (`whole`), for rules between fields, such as Orbax's rules that
// depend on `read_only`. Returns what a `Rule` returns. A binder takes either
// kind wherever it takes a rule.
template <typename T, typename S>
using FieldRule = std::string (*)(const T& value, const S& whole);

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
template <typename Has, typename Get, typename Mutable>
struct OptionalMessageFieldAccess {
  std::string_view name;
  Has has;           // (const Proto&) -> bool
  Get get;           // (const Proto&) -> const Sub&
  Mutable mutable_;  // (Proto&) -> Sub*
};
// Deduction guides: clang 14 does not deduce aggregates' arguments itself.
template <typename Has, typename Get, typename Set>
FieldAccess(std::string_view, Has, Get, Set) -> FieldAccess<Has, Get, Set>;
template <typename Get, typename Mutable>
MessageFieldAccess(std::string_view, Get, Mutable)
    -> MessageFieldAccess<Get, Mutable>;
template <typename Has, typename Get, typename Mutable>
OptionalMessageFieldAccess(std::string_view, Has, Get, Mutable)
    -> OptionalMessageFieldAccess<Has, Get, Mutable>;

// ORBAX_OPTIONS_FIELD(x) / ORBAX_OPTIONS_MESSAGE_FIELD(x) /
// ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(x)
//
// The access to scalar field `x` (with presence), to sub-message field `x`,
// or to sub-message field `x` whose presence matters (a Python `None`, or a
// member of a `oneof`), of whichever message the binder is for.
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
#define ORBAX_OPTIONS_OPTIONAL_MESSAGE_FIELD(x)                   \
  ::orbax::checkpoint::options::internal::OptionalMessageFieldAccess{ \
      #x,                                                         \
      [](const auto& m) { return m.has_##x(); },                  \
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

// Runs `rule` (a `Rule`, a `FieldRule` or null) on `value`, a field of
// `whole`; returns what the rule returns, a message or a `Finding`.
template <typename R, typename T, typename S>
auto RunRule(R rule, const T& value, const S& whole) {
  if constexpr (std::is_null_pointer_v<R>) {
    return std::string();
  } else if constexpr (std::is_invocable_v<R, const T&>) {
    using Result = std::invoke_result_t<R, const T&>;
    return rule == nullptr ? Result() : rule(value);
  } else {
    using Result = std::invoke_result_t<R, const T&, const S&>;
    return rule == nullptr ? Result() : rule(value, whole);
  }
}

// What a rule returned: its message, and the field it names as the cause.
inline std::string& MessageOf(std::string& message) { return message; }
inline std::string& MessageOf(Finding& finding) { return finding.message; }
inline std::string_view CauseOf(const std::string&) { return {}; }
inline std::string_view CauseOf(const Finding& finding) {
  return finding.cause;
}

// Runs a field's error rule and warning rule on `value`, a field of `whole`,
// for `name`.
template <typename R, typename W, typename T, typename S>
void CheckRules(std::string_view name, R rule, W warning, const T& value,
                const S& whole, const ErrorSink& sink) {
  if (auto error = RunRule(rule, value, whole); !MessageOf(error).empty()) {
    sink.Add(name, std::move(MessageOf(error)), CauseOf(error));
    return;  // A value that breaks a rule needs no warning too.
  }
  if (auto text = RunRule(warning, value, whole); !MessageOf(text).empty()) {
    sink.Warn(name, std::move(MessageOf(text)), CauseOf(text));
  }
}

// A field with a value in every state: unset in the message means the
// member's in-class default (e.g. `timeout_secs`).
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
class ValueBinder {
 public:
  ValueBinder(Access access, T S::*member, R rule, W warning)
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
    CheckRules(name(), rule_, warning_, value.*member_, value, sink);
  }

 private:
  Access access_;
  int number_;
  T S::*member_;
  R rule_;
  W warning_;
};

// A field that may be Python `None`, held as `std::optional<T>`: unset in the
// message is `std::nullopt`, and `std::nullopt` is written as unset.
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
class OptionalBinder {
 public:
  OptionalBinder(Access access, std::optional<T> S::*member, R rule, W warning)
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
      CheckRules(name(), rule_, warning_, *(value.*member_), value, sink);
    }
  }

 private:
  Access access_;
  int number_;
  std::optional<T> S::*member_;
  R rule_;
  W warning_;
};

// The error for a required field of `Proto` that is unset.
template <typename Proto>
std::string RequiredError() {
  return "must be set: " + Proto::descriptor()->name() +
         " has no default for it";
}

// A field that Python requires (it has no default), held as a plain `T`:
// unset in the message is an error naming the class ("must be set:
// FixedIntervalPolicy has no default for it"), and the member then holds a
// stand-in that the field's rules accept (1 for a number), so that the field
// is reported once, as missing. The value is always written.
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
class RequiredBinder {
 public:
  RequiredBinder(Access access, T S::*member, R rule, W warning)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        rule_(rule),
        warning_(warning) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!access_.has(m)) {
      sink.Add(name(), RequiredError<Proto>());
      value.*member_ = T{1};
      return;
    }
    std::string error;
    if (!ScalarCodec<T>::Read(access_.get(m), value.*member_, error)) {
      sink.Add(name(), std::move(error));
      value.*member_ = T{1};
    }
  }
  void Save(const S& value, Proto& m) const {
    access_.set(m, ScalarCodec<T>::Write(value.*member_));
  }
  void Write(const S& value, WireWriter& out) const {
    out.Scalar(number_, ScalarCodec<T>::Write(value.*member_));
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    CheckRules(name(), rule_, warning_, value.*member_, value, sink);
  }

 private:
  Access access_;
  int number_;
  T S::*member_;
  R rule_;
  W warning_;
};

// Value() / Optional() / Required(): deduce the binder from the member's
// type. `rule` finds errors; `warning` finds what Orbax accepts but
// rewrites, ignores or fails on only when it runs. Either is a `Rule`, a
// `FieldRule` or nullptr.
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
ValueBinder<Proto, S, T, Access, R, W> Value(Access access, T S::*member,
                                             R rule = nullptr,
                                             W warning = nullptr) {
  return {std::move(access), member, rule, warning};
}
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
OptionalBinder<Proto, S, T, Access, R, W> Optional(Access access,
                                                   std::optional<T> S::*member,
                                                   R rule = nullptr,
                                                   W warning = nullptr) {
  return {std::move(access), member, rule, warning};
}
template <typename Proto, typename S, typename T, typename Access,
          typename R = Rule<T>, typename W = Rule<T>>
RequiredBinder<Proto, S, T, Access, R, W> Required(Access access, T S::*member,
                                                   R rule = nullptr,
                                                   W warning = nullptr) {
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

 private:
  Access access_;
  int number_;
  Sub S::*member_;
};

template <typename Proto, typename S, typename Sub, typename Access>
MessageBinder<Proto, S, Sub, Access> Message(Access access, Sub S::*member) {
  return {std::move(access), member};
}

// A check that a binder runs on a sub-message's value, with the whole value
// that holds it, reporting into the sub-message's sink: for warnings about a
// nested field that depend on a field outside it.
template <typename S, typename Sub>
using SubCheck = void (*)(const Sub& sub, const S& whole,
                          const ErrorSink& sink);

// A sub-message field that may be Python `None`, held as
// `std::optional<Sub>` (e.g. `CheckpointManagerOptions::async_options`):
// unset in the message is `std::nullopt`, and a set value is written in
// full, even if all its fields are defaults, so that it stays set.
template <typename Proto, typename S, typename Sub, typename Access>
class OptionalMessageBinder {
 public:
  using SubProto = typename Fields<Sub>::Proto;

  OptionalMessageBinder(Access access, std::optional<Sub> S::*member,
                        SubCheck<S, Sub> check)
      : access_(std::move(access)),
        number_(FieldNumber<Proto>(access_.name)),
        member_(member),
        check_(check) {}

  std::string_view name() const { return access_.name; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!access_.has(m)) {
      (value.*member_).reset();
      return;
    }
    LoadFields(access_.get(m), (value.*member_).emplace(), sink.Child(name()));
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
    if (!(value.*member_)) return;
    const ErrorSink child = sink.Child(name());
    ValidateFields(*(value.*member_), child);
    if (check_ != nullptr) check_(*(value.*member_), value, child);
  }

 private:
  Access access_;
  int number_;
  std::optional<Sub> S::*member_;
  SubCheck<S, Sub> check_;
};

template <typename Proto, typename S, typename Sub, typename Access>
OptionalMessageBinder<Proto, S, Sub, Access> OptionalMessage(
    Access access, std::optional<Sub> S::*member,
    SubCheck<S, Sub> check = nullptr) {
  return {std::move(access), member, check};
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
