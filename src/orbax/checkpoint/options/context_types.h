// Copyright 2026 The orbax-options Authors.
// SPDX-License-Identifier: Apache-2.0
//
// -----------------------------------------------------------------------------
// File: context_types.h
// -----------------------------------------------------------------------------
//
// This header defines the plain C++ value types of Orbax's v1 API
// (`orbax.checkpoint.experimental.v1`), each field starting at Orbax's
// default:
//
//   * `Context`, the settings of `ocp.Context()`: one member per option group,
//     named as the group's attribute (`array`, `pytree`, `asynchronous`, ...)
//   * the groups that v1 adds: `ArrayOptions`, `PyTreeOptions` (with
//     `PyTreeMetadataOptions`), `MemoryOptions`, `DeletionOptions`,
//     `SafetensorsOptions`, `PathwaysOptions`, and the enums
//     `CheckpointLayout` and `CheckpointingImpl`; the groups that mean what
//     v0's do are v0's types (types.h)
//   * `CheckpointerOptions`, the value arguments of
//     `training.Checkpointer(directory, ...)`, with `StandardNameFormat`; its
//     policies are the manager's (checkpoint_manager_types.h)
//
// As in types.h: Python `None` is `std::nullopt`, the types hold serialisable
// values only, and their `==` is the compiler's. The runtime-only members of
// the Python groups (context.proto lists them) have no member here.
//
// Example:
//
//   Context context;  // Orbax's defaults everywhere.
//   context.array.saving.use_ocdbt = false;
//   context.array.saving.storage_options.dtype = "bfloat16";
//   context.file.path_permission_mode = 0750;
//   context.memory.write_concurrent_bytes = int64_t{1} << 30;

#ifndef ORBAX_CHECKPOINT_OPTIONS_CONTEXT_TYPES_H_
#define ORBAX_CHECKPOINT_OPTIONS_CONTEXT_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orbax/checkpoint/options/checkpoint_manager_types.h"
#include "orbax/checkpoint/options/types.h"

namespace orbax::checkpoint::options {

// ShardAxes
//
// Python's tuple of axis indices, `StorageOptions.shard_axes`; each >= 0.
// Empty is Python's `()`, which Orbax treats as unset.
struct ShardAxes {
  std::vector<int32_t> axes;

  friend bool operator==(const ShardAxes&, const ShardAxes&) = default;
};

// ArrayOptions
//
// How arrays are saved and loaded. Python: `ArrayOptions`, less the
// runtime-only `array_metadata_store` and `scoped_storage_options_creator`.
struct ArrayOptions {
  struct Saving {
    // Python: `ArrayOptions.Saving.StorageOptions`.
    struct StorageOptions {
      // The dtype arrays are cast to before saving, as numpy names it.
      // `std::nullopt` keeps each array's own.
      std::optional<std::string> dtype;
      // Upper bound of a storage chunk, in bytes; > 0.
      std::optional<int64_t> chunk_byte_size;
      // The axes storage sharding splits first.
      std::optional<ShardAxes> shard_axes;

      friend bool operator==(const StorageOptions&,
                             const StorageOptions&) = default;
    };

    StorageOptions storage_options;
    bool use_ocdbt = true;
    bool use_zarr3 = true;
    bool use_compression = true;
    // >= 0, 0 meaning no limit; `std::nullopt` is the backend's default.
    std::optional<int64_t> ocdbt_target_data_file_size;
    // `std::nullopt`: the platform decides.
    std::optional<bool> enable_pinned_host_transfer;
    bool enable_post_merge_validation = true;
    // `std::nullopt`: Orbax's choice from `JAX_PLATFORMS`.
    std::optional<bool> use_replica_parallel;
    std::optional<int64_t> min_slice_bytes_for_replica_parallel;
    std::optional<int64_t> max_replicas_for_replica_parallel;
    bool enable_replica_parallel_separate_folder = false;
    bool enable_write_sharding_file = true;

    friend bool operator==(const Saving&, const Saving&) = default;
  };

  struct Loading {
    // Python: `ArrayOptions.Loading.LoadAndBroadcastOptions`; read only with
    // `use_load_and_broadcast`.
    struct LoadAndBroadcastOptions {
      int32_t replica_axis_index = 0;
      int32_t primary_replica_id = 0;
      // `std::nullopt`: available memory times the scaling factor.
      std::optional<int64_t> broadcast_memory_limit_bytes;
      // At most 1.
      double broadcast_memory_scaling_factor = 0.75;

      friend bool operator==(const LoadAndBroadcastOptions&,
                             const LoadAndBroadcastOptions&) = default;
    };

    bool enable_padding_and_truncation = false;
    bool raise_array_data_missing_error = true;
    bool use_load_and_broadcast = false;
    LoadAndBroadcastOptions load_and_broadcast_options;

    friend bool operator==(const Loading&, const Loading&) = default;
  };

  Saving saving;
  Loading loading;

  friend bool operator==(const ArrayOptions&, const ArrayOptions&) = default;
};

// PyTreeMetadataOptions
//
// What a PyTree's metadata records. Python: `PyTreeMetadataOptions`.
struct PyTreeMetadataOptions {
  bool support_rich_types = false;

  friend bool operator==(const PyTreeMetadataOptions&,
                         const PyTreeMetadataOptions&) = default;
};

// PyTreeOptions
//
// How PyTrees are saved and loaded. Python: `PyTreeOptions`.
struct PyTreeOptions {
  struct Saving {
    PyTreeMetadataOptions pytree_metadata_options;

    friend bool operator==(const Saving&, const Saving&) = default;
  };
  struct Loading {
    bool partial_load = false;

    friend bool operator==(const Loading&, const Loading&) = default;
  };

  Saving saving;
  Loading loading;

  friend bool operator==(const PyTreeOptions&, const PyTreeOptions&) = default;
};

// MemoryOptions
//
// Memory limits of save and load. Python: `MemoryOptions`, less the
// runtime-only `is_prioritized_key_fn` and `serialization_status_callback`.
struct MemoryOptions {
  // Python: `MemoryOptions.RegulatorOptions`, less its runtime-only
  // `profiler`. Orbax refuses, as it builds the regulator, limits that are
  // not positive and `min_memory_limit_gib >= max_memory_limit_gib *
  // target_ratio`.
  struct RegulatorOptions {
    // Required: Python has no default.
    double max_memory_limit_gib = 0;
    double target_ratio = 0.8;
    double min_memory_limit_gib = 10.0;
    double kp = 0.4;
    double ki = 0.05;
    double kd = 0.1;

    friend bool operator==(const RegulatorOptions&,
                           const RegulatorOptions&) = default;
  };

  // Each > 0; `std::nullopt` is no limit.
  std::optional<int64_t> write_concurrent_bytes;
  std::optional<int64_t> read_concurrent_bytes;
  std::optional<int64_t> transfer_concurrent_bytes;
  std::optional<RegulatorOptions> regulator_options;
  std::optional<int64_t> expected_surge_bytes;
  bool deepcopy_host_arrays = true;

  friend bool operator==(const MemoryOptions&, const MemoryOptions&) = default;
};

// DeletionOptions
//
// How checkpoints are deleted. Python: `DeletionOptions`.
struct DeletionOptions {
  struct GcsDeletionOptions {
    // A path relative to the bucket root; `std::nullopt` deletes.
    std::optional<std::string> todelete_full_path;

    friend bool operator==(const GcsDeletionOptions&,
                           const GcsDeletionOptions&) = default;
  };

  GcsDeletionOptions gcs_deletion_options;

  friend bool operator==(const DeletionOptions&,
                         const DeletionOptions&) = default;
};

// SafetensorsOptions
//
// How Safetensors checkpoints are read. Python: `SafetensorsOptions`.
struct SafetensorsOptions {
  // >= 1; `std::nullopt` is a ratio chosen per file.
  std::optional<double> max_over_read_ratio;
  // > 0; `std::nullopt` is 128 MiB.
  std::optional<int64_t> read_chunk_bytes;

  friend bool operator==(const SafetensorsOptions&,
                         const SafetensorsOptions&) = default;
};

// CheckpointingImpl
//
// How Pathways checkpoints. Python: `CheckpointingImpl`.
enum class CheckpointingImpl {
  kColocatedPython,
  kPersistence,
  kNoDispatcher,
};

// PathwaysOptions
//
// Checkpointing on a Pathways backend. Python: `PathwaysOptions`.
struct PathwaysOptions {
  // `std::nullopt`: Orbax's choice.
  std::optional<CheckpointingImpl> checkpointing_impl;

  friend bool operator==(const PathwaysOptions&,
                         const PathwaysOptions&) = default;
};

// CheckpointLayout
//
// The layout of a checkpoint on disk. Python: `CheckpointLayout`.
enum class CheckpointLayout {
  kOrbax,
  kSafetensors,
  kAuto,
};

// Context
//
// The settings of Orbax's v1 `Context`, by group. Python: `Context`, less the
// runtime-only `checkpointables` group.
struct Context {
  ArrayOptions array;
  PyTreeOptions pytree;
  // v0's, but v1 has no `barrier_sync_fn`.
  AsyncOptions asynchronous;
  MultiprocessingOptions multiprocessing;
  FileOptions file;
  AtomicityOptions atomicity;
  MemoryOptions memory;
  DeletionOptions deletion;
  SafetensorsOptions safetensors;
  CheckpointLayout checkpoint_layout = CheckpointLayout::kOrbax;
  PathwaysOptions pathways;

  friend bool operator==(const Context&, const Context&) = default;
};

// StandardNameFormat
//
// Orbax's standard step names: the arguments of v1's
// `standard_name_format(...)`.
struct StandardNameFormat {
  // `<step_prefix>_<step>`; `std::nullopt` is plain `<step>`.
  std::optional<std::string> step_prefix;
  // >= 0; `std::nullopt` is no padding.
  std::optional<int32_t> step_format_fixed_length;
  bool single_host_load_and_broadcast = false;

  friend bool operator==(const StandardNameFormat&,
                         const StandardNameFormat&) = default;
};

// CheckpointerOptions
//
// The value arguments of v1's `training.Checkpointer(directory, ...)`.
struct CheckpointerOptions {
  // `std::nullopt`: a copy of the Context active where it is made.
  std::optional<Context> context;
  // `std::nullopt`: Orbax's default policies.
  std::optional<SaveDecisionPolicy> save_decision_policy;
  std::optional<PreservationPolicy> preservation_policy;
  // `std::nullopt`: `standard_name_format()` with its defaults.
  std::optional<StandardNameFormat> step_name_format;
  bool cleanup_tmp_directories = false;
  bool lightweight_initialize = false;

  friend bool operator==(const CheckpointerOptions&,
                         const CheckpointerOptions&) = default;
};

}  // namespace orbax::checkpoint::options

#endif  // ORBAX_CHECKPOINT_OPTIONS_CONTEXT_TYPES_H_
