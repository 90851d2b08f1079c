// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "orbax/checkpoint/options/internal/fields.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

void PrimaryHostBinder::Load(const v1::MultiprocessingOptions& m,
                             MultiprocessingOptions& value,
                             const ErrorSink&) const {
  switch (m.primary_case()) {
    case v1::MultiprocessingOptions::kPrimaryHost:
      value.primary_host = m.primary_host();
      break;
    case v1::MultiprocessingOptions::kAllHostsPrimary:
      value.primary_host = std::nullopt;
      break;
    case v1::MultiprocessingOptions::PRIMARY_NOT_SET:
      break;  // Keeps the default, process 0.
  }
}

void PrimaryHostBinder::Save(const MultiprocessingOptions& value,
                             v1::MultiprocessingOptions& m) const {
  if (value.primary_host) {
    m.set_primary_host(*value.primary_host);
  } else {
    m.mutable_all_hosts_primary();
  }
}

void PrimaryHostBinder::Write(const MultiprocessingOptions& value,
                              WireWriter& out) const {
  using M = v1::MultiprocessingOptions;
  if (value.primary_host) {
    out.Scalar(M::kPrimaryHostFieldNumber, *value.primary_host);
  } else {
    out.EndDelimited(out.BeginDelimited(M::kAllHostsPrimaryFieldNumber));
  }
}

void PrimaryHostBinder::Validate(const MultiprocessingOptions& value,
                                 const ErrorSink& sink) const {
  if (!value.primary_host) return;
  const int32_t primary = *value.primary_host;
  if (primary < 0) {
    sink.Add(name(), absl::StrCat("must be >= 0, got ", primary));
  } else if (value.active_processes && !value.active_processes->empty() &&
             !value.active_processes->contains(primary)) {
    sink.Add(name(), absl::StrCat(primary, " is not in active_processes ",
                                  value.active_processes->ToString(),
                                  "; set primary_host to one of them, or set "
                                  "all_hosts_primary"));
  }
}

int& PolicyDepth::Current() {
  thread_local int depth = 0;
  return depth;
}

std::string PolicyTooDeep() {
  return absl::StrCat(
      "policies nest more than ", kMaxPolicyDepth,
      " deep (kMaxPolicyDepth); every level is two messages, and Python's "
      "protobuf parser refuses JSON nested more than 100 messages deep");
}

std::string SetOnePolicy(const google::protobuf::Descriptor* policy) {
  std::string members;
  const google::protobuf::OneofDescriptor* oneof = policy->oneof_decl(0);
  for (int i = 0; i < oneof->field_count(); ++i) {
    absl::StrAppend(&members, i == 0 ? "" : ", ", oneof->field(i)->name());
  }
  return absl::StrCat("set one policy (", members, "); a ", policy->name(),
                      " with none set, or only one this version does not "
                      "know, means nothing");
}

}  // namespace orbax::checkpoint::options::internal
