// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/diff.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "orbax/checkpoint/options/conversion.h"
#include "orbax/checkpoint/options/internal/field_kinds.h"
#include "orbax/checkpoint/options/internal/field_path.h"

namespace orbax::checkpoint::options {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;

constexpr char kUnset[] = "None";

// A set of processes or steps as its `ToString()` spelling, e.g. `{0-3, 8}`.
template <typename Set>
std::string SetText(const Message& set) {
  const auto value = FromProto(static_cast<const Set&>(set));
  return value.ok() ? value->ToString() : set.ShortDebugString();
}

// The text-format spelling of a field's value; a set of processes or steps
// as `{0-3, 8}`; a policy as its member, e.g. `fixed_interval {interval:
// 1000}`; a repeated field as `[a, b]`; unset as `None` (but an unset set of
// steps is the empty set, `{}`, as in Orbax).
std::string ValueText(const Message& m, const FieldDescriptor* field) {
  const auto* reflection = m.GetReflection();
  if (field->message_type() == v1::StepSet::descriptor()) {
    return SetText<v1::StepSet>(reflection->GetMessage(m, field));
  }
  if (field->message_type() == v1::ProcessSet::descriptor()) {
    if (!reflection->HasField(m, field)) return kUnset;
    return SetText<v1::ProcessSet>(reflection->GetMessage(m, field));
  }
  if (field->message_type() == v1::SaveDecisionPolicy::descriptor() ||
      field->message_type() == v1::PreservationPolicy::descriptor()) {
    if (!reflection->HasField(m, field)) return kUnset;
    std::string text =
        reflection->GetMessage(m, field).ShortDebugString();
    return text.empty() ? "{}" : text;
  }
  std::string out;
  if (field->is_repeated()) {
    std::vector<std::string> items;
    for (int i = 0; i < reflection->FieldSize(m, field); ++i) {
      std::string item;
      google::protobuf::TextFormat::PrintFieldValueToString(m, field, i, &item);
      items.push_back(std::move(item));
    }
    return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
  }
  if (!reflection->HasField(m, field)) return kUnset;
  if (internal::IsPermissionBits(field)) {
    return internal::PermissionBitsText(reflection->GetInt32(m, field));
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return absl::StrCat(
        "{", reflection->GetMessage(m, field).ShortDebugString(), "}");
  }
  google::protobuf::TextFormat::PrintFieldValueToString(m, field, -1, &out);
  return out;
}

// The value of a `oneof`: its first member's value when that is set (e.g.
// `3` for `primary_host`), otherwise the set member's name, and its value
// unless it is an empty message (`all_hosts_primary`).
std::string OneofText(const Message& m, const OneofDescriptor* oneof) {
  const FieldDescriptor* set =
      m.GetReflection()->GetOneofFieldDescriptor(m, oneof);
  if (set == nullptr) return kUnset;
  if (set == oneof->field(0)) return ValueText(m, set);
  if (set->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      set->message_type()->field_count() == 0) {
    return set->name();
  }
  return absl::StrCat(set->name(), ": ", ValueText(m, set));
}

void DiffMessages(const Message& a, const Message& b, const std::string& prefix,
                  std::vector<FieldDiff>& out) {
  const auto* descriptor = a.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (const OneofDescriptor* oneof = field->real_containing_oneof()) {
      // The whole oneof, once, under its first member's name.
      if (field != oneof->field(0)) continue;
      std::string a_text = OneofText(a, oneof);
      std::string b_text = OneofText(b, oneof);
      if (a_text != b_text) {
        out.push_back({internal::JoinPath(prefix, field->name()),
                       std::move(a_text), std::move(b_text)});
      }
      continue;
    }
    const std::string path = internal::JoinPath(prefix, field->name());
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_repeated() &&
        !internal::IsWholeValue(field->message_type()) &&
        a.GetReflection()->HasField(a, field) ==
            b.GetReflection()->HasField(b, field)) {
      // Options on both sides (or on neither): field by field. Options on
      // one side only (Python's `None` on the other) differ as a whole.
      DiffMessages(a.GetReflection()->GetMessage(a, field),
                   b.GetReflection()->GetMessage(b, field), path, out);
      continue;
    }
    std::string a_text = ValueText(a, field);
    std::string b_text = ValueText(b, field);
    if (a_text != b_text) {
      out.push_back({path, std::move(a_text), std::move(b_text)});
    }
  }
}

template <typename Options>
std::vector<FieldDiff> DiffEffective(const Options& a, const Options& b) {
  std::vector<FieldDiff> out;
  DiffMessages(ToProto(a), ToProto(b), "", out);
  return out;
}

}  // namespace

std::string FieldDiff::ToString() const {
  return absl::StrCat(path, ": ", a_value, " -> ", b_value);
}

#define ORBAX_OPTIONS_DEFINE_DIFF(Root)                               \
  std::vector<FieldDiff> DiffOptions(const Root& a, const Root& b) { \
    return DiffEffective(a, b);                                      \
  }
ORBAX_OPTIONS_ROOTS(ORBAX_OPTIONS_DEFINE_DIFF)

}  // namespace orbax::checkpoint::options
