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

Context FullContext() {
  Context context;
  ArrayOptions::Saving& saving = context.array.saving;
  saving.storage_options.dtype = "bfloat16";
  saving.storage_options.chunk_byte_size = int64_t{64} << 20;
  saving.storage_options.shard_axes = ShardAxes{{0, 2}};
  saving.use_zarr3 = false;
  saving.use_compression = false;
  saving.ocdbt_target_data_file_size = int64_t{2} << 30;
  saving.enable_pinned_host_transfer = true;
  saving.enable_post_merge_validation = false;
  saving.use_replica_parallel = true;
  saving.min_slice_bytes_for_replica_parallel = int64_t{1} << 20;
  saving.max_replicas_for_replica_parallel = 4;
  saving.enable_replica_parallel_separate_folder = true;
  saving.enable_write_sharding_file = false;
  ArrayOptions::Loading& loading = context.array.loading;
  loading.enable_padding_and_truncation = true;
  loading.raise_array_data_missing_error = false;
  loading.use_load_and_broadcast = true;
  loading.load_and_broadcast_options = {
      .replica_axis_index = 1,
      .primary_replica_id = 2,
      .broadcast_memory_limit_bytes = int64_t{16} << 30,
      .broadcast_memory_scaling_factor = 0.5};
  context.pytree.saving.pytree_metadata_options.support_rich_types = true;
  context.pytree.loading.partial_load = true;
  const CheckpointOptions v0 = FullOptions();
  context.asynchronous = v0.async_options;
  context.multiprocessing = v0.multiprocessing_options;
  context.file = v0.file_options;
  context.file.skip_sync_file_validations = true;
  context.atomicity = v0.atomicity_options;
  context.memory.write_concurrent_bytes = int64_t{8} << 30;
  context.memory.read_concurrent_bytes = int64_t{12} << 30;
  context.memory.transfer_concurrent_bytes = int64_t{32} << 30;
  context.memory.regulator_options = MemoryOptions::RegulatorOptions{
      .max_memory_limit_gib = 64,
      .target_ratio = 0.75,
      .min_memory_limit_gib = 16,
      .kp = 0.5,
      .ki = 0.1,
      .kd = 0.2};
  context.memory.expected_surge_bytes = int64_t{4} << 30;
  context.memory.deepcopy_host_arrays = false;
  context.deletion.gcs_deletion_options.todelete_full_path = "trash/run_42";
  context.safetensors.max_over_read_ratio = 2.5;
  context.safetensors.read_chunk_bytes = int64_t{256} << 20;
  context.checkpoint_layout = CheckpointLayout::kAuto;
  context.pathways.checkpointing_impl = CheckpointingImpl::kPersistence;
  // Every field is set, so the regulator's warning (it sets the transfer
  // limit itself) is the one warning.
  std::vector<FieldError> warnings = ValidationWarnings(context);
  if (absl::Status s = Validate(context); !s.ok() || warnings.size() != 1 ||
                                          !warnings[0].path.ends_with(
                                              "transfer_concurrent_bytes")) {
    Die(!s.ok()          ? std::string(s.message())
        : warnings.empty() ? "no warning"
                           : warnings.back().ToString());
  }
  return context;
}

const std::string& FullContextBytes() {
  static const std::string* bytes =
      new std::string(ToProto(FullContext()).SerializeAsString());
  return *bytes;
}

const std::string& FullContextText() {
  static const std::string* text =
      new std::string(PrintEffective(FullContext(), Format::kText));
  return *text;
}

const std::string& FullContextJson() {
  static const std::string* json =
      new std::string(PrintEffective(FullContext(), Format::kJson));
  return *json;
}

CheckpointerOptions FullCheckpointerOptions() {
  const CheckpointManagerOptions manager = FullManagerOptions();
  CheckpointerOptions options;
  options.context = FullContext();
  // Orbax refuses a subset of processes here: its manager creates the
  // directory.
  options.context->multiprocessing.active_processes.reset();
  options.save_decision_policy = manager.save_decision_policy;
  options.preservation_policy = manager.preservation_policy;
  options.step_name_format = StandardNameFormat{
      .step_prefix = manager.step_prefix,
      .step_format_fixed_length = manager.step_format_fixed_length,
      .single_host_load_and_broadcast = true};
  options.cleanup_tmp_directories = true;
  options.lightweight_initialize = true;
  // The one warning is the full Context's.
  std::vector<FieldError> warnings = ValidationWarnings(options);
  if (absl::Status s = Validate(options); !s.ok() || warnings.size() != 1) {
    Die(!s.ok()          ? std::string(s.message())
        : warnings.empty() ? "no warning"
                           : warnings.back().ToString());
  }
  return options;
}

const std::string& FullCheckpointerOptionsBytes() {
  static const std::string* bytes =
      new std::string(ToProto(FullCheckpointerOptions()).SerializeAsString());
  return *bytes;
}

const std::string& FullCheckpointerOptionsText() {
  static const std::string* text =
      new std::string(PrintEffective(FullCheckpointerOptions(), Format::kText));
  return *text;
}

const std::string& FullCheckpointerOptionsJson() {
  static const std::string* json =
      new std::string(PrintEffective(FullCheckpointerOptions(), Format::kJson));
  return *json;
}

}  // namespace orbax::checkpoint::options::bench
