// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "full_options.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include "orbax/checkpoint/options/format.h"
#include "orbax/checkpoint/options/options.h"
#include "orbax/checkpoint/options/printing.h"

namespace orbax::checkpoint::options::bench {
namespace {

// Aborts the benchmark run with `what`: a broken fixture would make every
// number meaningless.
[[noreturn]] void Die(const std::string& what) {
  std::cerr << "full_options: " << what << "\n";
  std::abort();
}

}  // namespace

CheckpointOptions FullOptions() {
  CheckpointOptions options;
  options.async_options.timeout_secs = 600;
  options.async_options.create_directories_asynchronously = false;
  options.multiprocessing_options.primary_host = 0;
  // 4096 hosts, less hosts 511, 1800, 1801 and 3000, which failed.
  absl::StatusOr<ProcessSet> hosts = ProcessSet::FromRanges(
      {{0, 511}, {512, 1800}, {1802, 3000}, {3001, 4096}});
  if (!hosts.ok()) Die(std::string(hosts.status().message()));
  options.multiprocessing_options.active_processes = *std::move(hosts);
  options.multiprocessing_options.barrier_sync_key_prefix = "train_run_42";
  options.file_options.path_permission_mode = 0750;
  options.memory_limit_options.max_transfer_concurrent_gb = 32;
  options.atomicity_options.mode = AtomicityMode::kCommitFile;
  options.atomicity_options.allow_legacy_atomic_rename = true;
  if (absl::Status s = Validate(options); !s.ok()) {
    Die(std::string(s.message()));
  }
  return options;
}

const std::string& FullOptionsBytes() {
  static const std::string* bytes =
      new std::string(ToProto(FullOptions()).SerializeAsString());
  return *bytes;
}

const std::string& FullOptionsText() {
  static const std::string* text =
      new std::string(PrintEffective(FullOptions(), Format::kText));
  return *text;
}

const std::string& FullOptionsJson() {
  static const std::string* json =
      new std::string(PrintEffective(FullOptions(), Format::kJson));
  return *json;
}

}  // namespace orbax::checkpoint::options::bench
