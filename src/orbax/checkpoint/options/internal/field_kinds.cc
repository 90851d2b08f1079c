// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/field_kinds.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/fields.h"
#include "orbax/checkpoint/options/roots.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {
namespace {

// What the field lists say of the fields, gathered once from every root: a
// handful each, so a scan beats a hash.
struct Kinds {
  std::vector<const google::protobuf::Descriptor*> seen;
  std::vector<const google::protobuf::Descriptor*> whole;
  std::vector<const google::protobuf::FieldDescriptor*> octal;
};

template <typename T>
bool Contains(const std::vector<T>& list, T item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

template <typename S>
void Gather(Kinds& kinds) {
  const google::protobuf::Descriptor* type = Fields<S>::Proto::descriptor();
  if (Contains(kinds.seen, type)) return;
  kinds.seen.push_back(type);
  std::apply(
      [&](const auto&... binder) {
        (
            [&](const auto& b) {
              using B = std::decay_t<decltype(b)>;
              const google::protobuf::FieldDescriptor* field =
                  type->FindFieldByName(std::string(b.name()));
              if (B::kOctal) kinds.octal.push_back(field);
              if (B::kWhole) kinds.whole.push_back(field->message_type());
              using V = typename B::Value;
              if constexpr (kRepeated<V>) {
                Gather<typename V::value_type>(kinds);
              } else if constexpr (requires { Fields<V>::List(); }) {
                Gather<V>(kinds);
              }
            }(binder),
            ...);
      },
      Fields<S>::List());
}

const Kinds& AllKinds() {
  static const Kinds* const kinds = [] {
    auto* k = new Kinds;
    std::apply(
        [&](auto... root) { (Gather<typename decltype(root)::type>(*k), ...); },
        Roots{});
    return k;
  }();
  return *kinds;
}

}  // namespace

bool IsPermissionBits(const google::protobuf::FieldDescriptor* field) {
  return Contains(AllKinds().octal, field);
}

bool IsWholeValue(const google::protobuf::Descriptor* type) {
  return Contains(AllKinds().whole, type);
}

std::string PermissionBitsText(int32_t value) {
  if (value <= 0) return absl::StrCat(value);
  return absl::StrFormat("0%o", value);
}

}  // namespace orbax::checkpoint::options::internal
