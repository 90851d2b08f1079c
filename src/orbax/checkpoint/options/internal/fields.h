// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Internal: the one list of fields of each value type.
//
// Conversion (conversion.cc), the effective bytes (fingerprint.cc),
// validation (validation.cc) and the round-trip tests all walk these lists, so
// adding a field to the schema means adding one line here (plus the struct
// member). Each line names the schema field, the struct member and the field's
// rule. Lines go in field-number order, the order protobuf writes and the
// wire writer follows (tests/conversion_test checks it).

#ifndef ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
#define ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "orbax/checkpoint/options/internal/binders.h"
#include "orbax/checkpoint/options/internal/error_sink.h"
#include "orbax/checkpoint/options/internal/wire_writer.h"
#include "orbax/checkpoint/options/schema.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options::internal {

// Rules (see validation.h).
std::string Positive(const int32_t& value);
std::string PermissionBits(const int32_t& value);
std::string Utf8(const std::string& value);
std::string KnownAtomicityMode(const AtomicityMode& value);
// Warnings (same shape as rules).
std::string RegulatorCeiling(const int32_t& value);

// ProcessSet <-> message. Load reports ranges that are empty or reversed, and
// indices that a half-open int32 range cannot hold; it returns std::nullopt
// if it reported anything.
std::optional<ProcessSet> LoadProcessSet(const v1::ProcessSet& m,
                                         const ErrorSink& sink);
void SaveProcessSet(const ProcessSet& set, v1::ProcessSet& m);
// Writes the contents of the message SaveProcessSet() makes.
void WriteProcessSet(const ProcessSet& set, WireWriter& out);

// The `primary` oneof: `primary_host` or `all_hosts_primary`. Replaced as a
// whole; validated against `active_processes`.
class PrimaryHostBinder {
 public:
  std::string_view name() const { return "primary_host"; }
  void Load(const v1::MultiprocessingOptions& m, MultiprocessingOptions& value,
            const ErrorSink& sink) const;
  void Save(const MultiprocessingOptions& value,
            v1::MultiprocessingOptions& m) const;
  void Write(const MultiprocessingOptions& value, WireWriter& out) const;
  void Validate(const MultiprocessingOptions& value,
                const ErrorSink& sink) const;
  bool HasUnknown(const v1::MultiprocessingOptions& m) const;
};

// `active_processes`, a `ProcessSet`; unset is Python `None`.
class ActiveProcessesBinder {
 public:
  std::string_view name() const { return "active_processes"; }
  void Load(const v1::MultiprocessingOptions& m, MultiprocessingOptions& value,
            const ErrorSink& sink) const;
  void Save(const MultiprocessingOptions& value,
            v1::MultiprocessingOptions& m) const;
  void Write(const MultiprocessingOptions& value, WireWriter& out) const;
  void Validate(const MultiprocessingOptions& value,
                const ErrorSink& sink) const;
  bool HasUnknown(const v1::MultiprocessingOptions& m) const;
};

template <>
struct Fields<AsyncOptions> {
  using Proto = v1::AsyncOptions;
  static const auto& List() {
    using S = AsyncOptions;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(timeout_secs), &S::timeout_secs,
                     Positive),
        Value<Proto>(ORBAX_OPTIONS_FIELD(create_directories_asynchronously),
                     &S::create_directories_asynchronously)));
    return *list;
  }
};

template <>
struct Fields<MultiprocessingOptions> {
  using Proto = v1::MultiprocessingOptions;
  static const auto& List() {
    using S = MultiprocessingOptions;
    static const auto* list = new auto(std::make_tuple(
        PrimaryHostBinder(), ActiveProcessesBinder(),
        Optional<Proto>(ORBAX_OPTIONS_FIELD(barrier_sync_key_prefix),
                        &S::barrier_sync_key_prefix, Utf8)));
    return *list;
  }
};

template <>
struct Fields<FileOptions> {
  using Proto = v1::FileOptions;
  static const auto& List() {
    using S = FileOptions;
    static const auto* list = new auto(std::make_tuple(
        Optional<Proto>(ORBAX_OPTIONS_FIELD(path_permission_mode),
                        &S::path_permission_mode, PermissionBits)));
    return *list;
  }
};

template <>
struct Fields<MemoryLimitOptions> {
  using Proto = v1::MemoryLimitOptions;
  static const auto& List() {
    using S = MemoryLimitOptions;
    static const auto* list = new auto(std::make_tuple(Optional<Proto>(
        ORBAX_OPTIONS_FIELD(max_transfer_concurrent_gb),
        &S::max_transfer_concurrent_gb, Positive, RegulatorCeiling)));
    return *list;
  }
};

template <>
struct Fields<AtomicityOptions> {
  using Proto = v1::AtomicityOptions;
  static const auto& List() {
    using S = AtomicityOptions;
    static const auto* list = new auto(std::make_tuple(
        Value<Proto>(ORBAX_OPTIONS_FIELD(mode), &S::mode, KnownAtomicityMode),
        Value<Proto>(ORBAX_OPTIONS_FIELD(allow_legacy_atomic_rename),
                     &S::allow_legacy_atomic_rename)));
    return *list;
  }
};

template <>
struct Fields<CheckpointOptions> {
  using Proto = v1::CheckpointOptions;
  static const auto& List() {
    using S = CheckpointOptions;
    static const auto* list = new auto(std::make_tuple(
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(async_options),
                       &S::async_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(multiprocessing_options),
                       &S::multiprocessing_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(file_options),
                       &S::file_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(memory_limit_options),
                       &S::memory_limit_options),
        Message<Proto>(ORBAX_OPTIONS_MESSAGE_FIELD(atomicity_options),
                       &S::atomicity_options)));
    return *list;
  }
};

}  // namespace orbax::checkpoint::options::internal

#endif  // ORBAX_CHECKPOINT_OPTIONS_INTERNAL_FIELDS_H_
