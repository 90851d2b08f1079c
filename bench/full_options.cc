// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0

#include "full_options.h"

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

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

CheckpointManagerOptions FullManagerOptions() {
  CheckpointManagerOptions options;
  // Save every 1000 steps, at 7, 77, 777 and every 10^7th step to 10^9 (for
  // evaluation), and on preemption.
  const std::vector<int64_t> steps = {7, 77, 777};
  const std::vector<StepRange> ranges = {{0, 1000000001, 10000000}};
  absl::StatusOr<StepSet> evaluation =
      StepSet::FromStepsAndRanges(steps, ranges);
  if (!evaluation.ok()) Die(std::string(evaluation.status().message()));
  options.save_decision_policy = SaveDecisionPolicy{AnySavePolicy{{
      SaveDecisionPolicy{FixedIntervalPolicy{1000}},
      SaveDecisionPolicy{SpecificStepsPolicy{*std::move(evaluation)}},
      SaveDecisionPolicy{PreemptionCheckpointingPolicy{}},
  }}};
  // Keep the latest 5, every 10,000th (at most 100 of them), and all of the
  // last day.
  options.preservation_policy = PreservationPolicy{AnyPreservationPolicy{{
      PreservationPolicy{LatestN{5}},
      PreservationPolicy{EveryNSteps{.interval_steps = 10000,
                                     .exact_interval = true,
                                     .max_to_keep = 100}},
      PreservationPolicy{LatestDuration{absl::Hours(24)}},
  }}};
  options.keep_checkpoints_without_metrics = false;
  options.step_prefix = "ckpt";
  options.step_format_fixed_length = 10;
  options.create = false;  // Orbax refuses it with active_processes.
  options.cleanup_tmp_directories = true;
  options.todelete_subdir = "trash";
  options.enable_background_delete = true;
  options.num_deletion_threads = 8;
  const CheckpointOptions nested = FullOptions();
  options.async_options = nested.async_options;
  options.multiprocessing_options = nested.multiprocessing_options;
  options.file_options = nested.file_options;
  options.atomicity_options = nested.atomicity_options;
  std::vector<FieldError> warnings = ValidationWarnings(options);
  if (absl::Status s = Validate(options); !s.ok() || !warnings.empty()) {
    Die(s.ok() ? warnings.front().ToString() : std::string(s.message()));
  }
  return options;
}

const std::string& FullManagerOptionsBytes() {
  static const std::string* bytes =
      new std::string(ToProto(FullManagerOptions()).SerializeAsString());
  return *bytes;
}

const std::string& FullManagerOptionsText() {
  static const std::string* text =
      new std::string(PrintEffective(FullManagerOptions(), Format::kText));
  return *text;
}

const std::string& FullManagerOptionsJson() {
  static const std::string* json =
      new std::string(PrintEffective(FullManagerOptions(), Format::kJson));
  return *json;
}

}  // namespace orbax::checkpoint::options::bench
