// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the binder kinds that fields.h lists fields with, after
// TensorStore's json_binding. A binder knows one field's schema name, its
// struct member and its rule, and does all four jobs for it:
//
//   Load(message, value, sink)   message -> value; unset keeps the default
//   Save(value, message)         value -> message, explicit form
//   Validate(value, sink)        the field's rule
//   name()                       the schema field name, for paths and tests
//
// Scalar fields go through protobuf reflection, with the field descriptor
// resolved once by name; a name missing from the schema aborts at start-up
// and fails fields_test.

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// A field rule: returns "" if `value` is fine, and otherwise what is wrong,
// with the value (e.g. "must be > 0, got 0").
template <typename T>
using Rule = std::string (*)(const T& value);

// How one C++ scalar type reads and writes a singular proto field.
template <typename T>
struct ScalarCodec;

template <>
struct ScalarCodec<int32_t> {
  static bool Read(const google::protobuf::Message& m,
                   const google::protobuf::FieldDescriptor* f, int32_t& out,
                   std::string&) {
    out = m.GetReflection()->GetInt32(m, f);
    return true;
  }
  static void Write(google::protobuf::Message& m,
                    const google::protobuf::FieldDescriptor* f, int32_t v) {
    m.GetReflection()->SetInt32(&m, f, v);
  }
};

template <>
struct ScalarCodec<bool> {
  static bool Read(const google::protobuf::Message& m,
                   const google::protobuf::FieldDescriptor* f, bool& out,
                   std::string&) {
    out = m.GetReflection()->GetBool(m, f);
    return true;
  }
  static void Write(google::protobuf::Message& m,
                    const google::protobuf::FieldDescriptor* f, bool v) {
    m.GetReflection()->SetBool(&m, f, v);
  }
};

template <>
struct ScalarCodec<std::string> {
  static bool Read(const google::protobuf::Message& m,
                   const google::protobuf::FieldDescriptor* f, std::string& out,
                   std::string&) {
    out = m.GetReflection()->GetString(m, f);
    return true;
  }
  static void Write(google::protobuf::Message& m,
                    const google::protobuf::FieldDescriptor* f,
                    const std::string& v) {
    m.GetReflection()->SetString(&m, f, v);
  }
};

// AtomicityMode: `ATOMICITY_MODE_UNSPECIFIED` reads as AUTO; a number this
// version does not know is an error, never silently AUTO.
template <>
struct ScalarCodec<AtomicityMode> {
  static bool Read(const google::protobuf::Message& m,
                   const google::protobuf::FieldDescriptor* f,
                   AtomicityMode& out, std::string& error);
  static void Write(google::protobuf::Message& m,
                    const google::protobuf::FieldDescriptor* f,
                    AtomicityMode v);
};

inline const google::protobuf::FieldDescriptor* FindField(
    const google::protobuf::Descriptor* descriptor, std::string_view name) {
  const google::protobuf::FieldDescriptor* field =
      descriptor->FindFieldByName(std::string(name));
  if (field == nullptr) std::abort();  // fields.h names a field not in schema.
  return field;
}

// A field with a value in every state: unset in the message means the
// member's in-class default (e.g. `timeout_secs`).
template <typename Proto, typename S, typename T>
class ValueBinder {
 public:
  ValueBinder(std::string_view name, T S::*member, Rule<T> rule)
      : name_(name),
        member_(member),
        rule_(rule),
        field_(FindField(Proto::descriptor(), name)) {}

  std::string_view name() const { return name_; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!m.GetReflection()->HasField(m, field_)) return;
    std::string error;
    if (!ScalarCodec<T>::Read(m, field_, value.*member_, error)) {
      sink.Add(name_, std::move(error));
    }
  }
  void Save(const S& value, Proto& m) const {
    ScalarCodec<T>::Write(m, field_, value.*member_);
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    if (rule_ == nullptr) return;
    if (std::string error = rule_(value.*member_); !error.empty()) {
      sink.Add(name_, std::move(error));
    }
  }

 private:
  std::string_view name_;
  T S::*member_;
  Rule<T> rule_;
  const google::protobuf::FieldDescriptor* field_;
};

// A field that may be Python `None`, held as `std::optional<T>`: unset in the
// message is `std::nullopt`, and `std::nullopt` is written as unset.
template <typename Proto, typename S, typename T>
class OptionalBinder {
 public:
  OptionalBinder(std::string_view name, std::optional<T> S::*member,
                 Rule<T> rule)
      : name_(name),
        member_(member),
        rule_(rule),
        field_(FindField(Proto::descriptor(), name)) {}

  std::string_view name() const { return name_; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    if (!m.GetReflection()->HasField(m, field_)) {
      (value.*member_).reset();
      return;
    }
    std::string error;
    T v;
    if (ScalarCodec<T>::Read(m, field_, v, error)) {
      value.*member_ = std::move(v);
    } else {
      sink.Add(name_, std::move(error));
    }
  }
  void Save(const S& value, Proto& m) const {
    if (value.*member_) ScalarCodec<T>::Write(m, field_, *(value.*member_));
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    if (rule_ == nullptr || !(value.*member_)) return;
    if (std::string error = rule_(*(value.*member_)); !error.empty()) {
      sink.Add(name_, std::move(error));
    }
  }

 private:
  std::string_view name_;
  std::optional<T> S::*member_;
  Rule<T> rule_;
  const google::protobuf::FieldDescriptor* field_;
};

// Value() / Optional(): deduce the binder from the member's type.
template <typename Proto, typename S, typename T>
ValueBinder<Proto, S, T> Value(std::string_view name, T S::*member,
                               Rule<T> rule = nullptr) {
  return {name, member, rule};
}
template <typename Proto, typename S, typename T>
OptionalBinder<Proto, S, T> Optional(std::string_view name,
                                     std::optional<T> S::*member,
                                     Rule<T> rule = nullptr) {
  return {name, member, rule};
}

// Fields<S>
//
// Specialised in fields.h for each value type: `Proto` is its message, and
// `List()` returns a tuple of its binders, in schema order.
template <typename S>
struct Fields;

// LoadFields() / SaveFields() / ValidateFields()
//
// Run every binder of `S` in order.
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
void ValidateFields(const S& value, const ErrorSink& sink) {
  std::apply([&](const auto&... f) { (f.Validate(value, sink), ...); },
             Fields<S>::List());
}

// A sub-message field whose value type has its own `Fields<Sub>` list (e.g.
// `CheckpointOptions::async_options`). An unset sub-message is all defaults.
template <typename Proto, typename S, typename Sub>
class MessageBinder {
 public:
  using SubProto = typename Fields<Sub>::Proto;

  MessageBinder(std::string_view name, Sub S::*member)
      : name_(name),
        member_(member),
        field_(FindField(Proto::descriptor(), name)) {}

  std::string_view name() const { return name_; }

  void Load(const Proto& m, S& value, const ErrorSink& sink) const {
    const auto& sub =
        static_cast<const SubProto&>(m.GetReflection()->GetMessage(m, field_));
    LoadFields(sub, value.*member_, sink.Child(name_));
  }
  void Save(const S& value, Proto& m) const {
    auto* sub =
        static_cast<SubProto*>(m.GetReflection()->MutableMessage(&m, field_));
    SaveFields(value.*member_, *sub);
  }
  void Validate(const S& value, const ErrorSink& sink) const {
    ValidateFields(value.*member_, sink.Child(name_));
  }

 private:
  std::string_view name_;
  Sub S::*member_;
  const google::protobuf::FieldDescriptor* field_;
};

template <typename Proto, typename S, typename Sub>
MessageBinder<Proto, S, Sub> Message(std::string_view name, Sub S::*member) {
  return {name, member};
}

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_BINDERS_H_
