# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""to_orbax() and from_orbax() for Orbax v1's `Context` and
`training.Checkpointer` (`context.proto`) with the real Orbax
(orbax.checkpoint.experimental.v1): round trips over hundreds of random
messages (seeded), every field sometimes set and sometimes not; the empty
message against `Context()`, field by field; the runtime-only members; the
errors; an Orbax without a field, and without the v1 API. What the settings
do on disk is test_v1_save.py's."""

import dataclasses
import random
import warnings

import numpy as np
import pytest
from google.protobuf import text_format

from conftest import PACKAGE_DIR, run_python
import test_orbax_manager

import orbax_options
from orbax_options.v1 import context_pb2
from orbax.checkpoint._src.metadata import array_metadata_store
from orbax.checkpoint._src.serialization import memory_regulator
from orbax.checkpoint.experimental import v1 as ocp

SEED = 20261207
SAMPLES = 500
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

# The explicit form of Orbax's defaults: what the schema's comments say each
# unset field means, every Python None unset.
DEFAULTS = """
array {
  saving {
    storage_options {}
    use_ocdbt: true
    use_zarr3: true
    use_compression: true
    enable_post_merge_validation: true
    enable_replica_parallel_separate_folder: false
    enable_write_sharding_file: true
  }
  loading {
    enable_padding_and_truncation: false
    raise_array_data_missing_error: true
    use_load_and_broadcast: false
    load_and_broadcast_options {
      replica_axis_index: 0
      primary_replica_id: 0
      broadcast_memory_scaling_factor: 0.75
    }
  }
}
pytree {
  saving { pytree_metadata_options { support_rich_types: false } }
  loading { partial_load: false }
}
asynchronous { timeout_secs: 1200 create_directories_asynchronously: true }
multiprocessing { primary_host: 0 }
file { skip_sync_file_validations: false }
atomicity { mode: ATOMICITY_MODE_AUTO allow_legacy_atomic_rename: false }
memory { deepcopy_host_arrays: true }
deletion { gcs_deletion_options {} }
safetensors {}
checkpoint_layout: CHECKPOINT_LAYOUT_ORBAX
pathways {}
"""
REGULATOR_DEFAULTS = "target_ratio: 0.8 min_memory_limit_gib: 10 kp: 0.4 " \
    "ki: 0.05 kd: 0.1"
# Canonical names (numpy's `dtype.name`), JAX's extra types among them.
DTYPES = ["bfloat16", "float16", "float32", "float64", "int4", "int8",
          "uint32", "bool", "float8_e4m3fn", "complex64"]


class Profiler(memory_regulator.MemoryProfiler):
    """A MemoryProfiler that measures nothing."""

    def profiler_start(self):
        pass

    def profiler_end(self):
        pass


class StatusCallback:
    """The methods of a SerializationStatusCallback, doing nothing."""

    def key_priority(self, keypath):
        return None

    def on_transfer_start(self, keypath):
        pass

    def on_transfer_end(self, keypath):
        pass

    def on_write_start(self, keypath):
        pass

    def on_write_end(self, keypath):
        pass


def parse(text, cls=context_pb2.Context):
    return text_format.Parse(text, cls())


def _set(message, path, value):
    *holders, field = path.split(".")
    for name in holders:
        message = getattr(message, name)
    setattr(message, field, value)


def _maybe(rng, message, path, draw):
    """Sets `path` to `draw()` half of the time."""
    if rng.random() < 0.5:
        _set(message, path, draw())


def random_context(rng):
    """A valid Context message: every field set or unset at random, values
    across their valid ranges."""
    m = context_pb2.Context()

    def bit():
        return rng.random() < 0.5

    def size(low=1):
        return rng.choice([low, 4096, rng.randint(low, INT64_MAX)])

    saving = "array.saving."
    storage = saving + "storage_options."
    _maybe(rng, m, storage + "dtype", lambda: rng.choice(DTYPES))
    _maybe(rng, m, storage + "chunk_byte_size", size)
    if bit():
        axes = m.array.saving.storage_options.shard_axes
        axes.SetInParent()  # () is a value of its own
        axes.axes.extend(rng.sample(range(8), rng.randint(0, 3)))
    for name in ("use_ocdbt", "use_zarr3", "use_compression",
                 "enable_pinned_host_transfer", "enable_post_merge_validation",
                 "use_replica_parallel",
                 "enable_replica_parallel_separate_folder",
                 "enable_write_sharding_file"):
        _maybe(rng, m, saving + name, bit)
    _maybe(rng, m, saving + "ocdbt_target_data_file_size", lambda: size(0))
    _maybe(rng, m, saving + "min_slice_bytes_for_replica_parallel",
           lambda: size(0))
    _maybe(rng, m, saving + "max_replicas_for_replica_parallel", size)
    loading = "array.loading."
    for name in ("enable_padding_and_truncation",
                 "raise_array_data_missing_error", "use_load_and_broadcast"):
        _maybe(rng, m, loading + name, bit)
    broadcast = loading + "load_and_broadcast_options."
    _maybe(rng, m, broadcast + "replica_axis_index",
           lambda: rng.randint(0, INT32_MAX))
    _maybe(rng, m, broadcast + "primary_replica_id",
           lambda: rng.randint(0, INT32_MAX))
    _maybe(rng, m, broadcast + "broadcast_memory_limit_bytes", size)
    _maybe(rng, m, broadcast + "broadcast_memory_scaling_factor",
           lambda: rng.choice([1.0, rng.uniform(1e-6, 1.0)]))
    _maybe(rng, m, "pytree.saving.pytree_metadata_options.support_rich_types",
           bit)
    _maybe(rng, m, "pytree.loading.partial_load", bit)
    _maybe(rng, m, "asynchronous.timeout_secs",
           lambda: rng.randint(1, INT32_MAX))
    _maybe(rng, m, "asynchronous.create_directories_asynchronously", bit)
    mp = m.multiprocessing
    active = None
    if bit():  # Indices two apart: the canonical form has no ranges.
        active = sorted(rng.sample(range(0, 2000, 2), rng.randint(1, 5)))
        mp.active_processes.process_indices.extend(active)
    choice = rng.random()
    if choice < 0.3:
        mp.all_hosts_primary.SetInParent()
    elif choice < 0.7 or (active is not None and 0 not in active):
        mp.primary_host = (rng.choice(active) if active is not None else
                           rng.randint(0, INT32_MAX))
    _maybe(rng, m, "multiprocessing.barrier_sync_key_prefix",
           lambda: rng.choice(["", "job", "ünïcode ✓"]))
    _maybe(rng, m, "file.path_permission_mode", lambda: rng.randint(0, 0o7777))
    _maybe(rng, m, "file.skip_sync_file_validations", bit)
    _maybe(rng, m, "atomicity.mode", lambda: rng.randint(1, 3))
    _maybe(rng, m, "atomicity.allow_legacy_atomic_rename", bit)
    for name in ("write_concurrent_bytes", "read_concurrent_bytes",
                 "transfer_concurrent_bytes"):
        _maybe(rng, m, "memory." + name, size)
    _maybe(rng, m, "memory.expected_surge_bytes", lambda: size(0))
    _maybe(rng, m, "memory.deepcopy_host_arrays", bit)
    if bit():
        regulator = m.memory.regulator_options
        regulator.max_memory_limit_gib = rng.uniform(20.0, 4096.0)
        if bit():
            regulator.target_ratio = rng.uniform(0.6, 1.0)
        limit = regulator.max_memory_limit_gib * (regulator.target_ratio
                                                  or 0.8)
        if bit():
            regulator.min_memory_limit_gib = rng.uniform(0.01, limit * 0.99)
        for name in ("kp", "ki", "kd"):
            _maybe(rng, regulator, name, lambda: rng.uniform(0.0, 2.0))
    _maybe(rng, m, "deletion.gcs_deletion_options.todelete_full_path",
           lambda: rng.choice(["trash", "to_delete/run-7"]))
    _maybe(rng, m, "safetensors.max_over_read_ratio",
           lambda: rng.uniform(1.0, 16.0))
    _maybe(rng, m, "safetensors.read_chunk_bytes", size)
    _maybe(rng, m, "checkpoint_layout", lambda: rng.randint(1, 3))
    _maybe(rng, m, "pathways.checkpointing_impl", lambda: rng.randint(1, 3))
    return m


def explicit(m):
    """The explicit form of the valid message `m`: Orbax's defaults, then
    what `m` sets (a regulator's defaults where it sets one)."""
    out = parse(DEFAULTS)
    if m.memory.HasField("regulator_options"):
        text_format.Parse(REGULATOR_DEFAULTS, out.memory.regulator_options)
    out.MergeFrom(m)
    return out


def callables_for(m):
    """The runtime-only members that `m` needs: a regulator's profiler."""
    if m.memory.HasField("regulator_options"):
        return {"profiler": Profiler()}
    return {}


def test_from_orbax_of_to_orbax_is_the_explicit_form():
    rng = random.Random(SEED)
    for _ in range(SAMPLES):
        m = random_context(rng)
        context = orbax_options.to_orbax(m, **callables_for(m))
        assert type(context) is ocp.Context
        back = orbax_options.from_orbax(context)
        assert back == explicit(m)
        # The same as the command's effective form of `m`.
        assert back == orbax_options.loads(m.SerializeToString(), "binpb",
                                           type="Context").effective


def test_to_orbax_sets_what_the_message_says():
    m = parse("""
      array { saving { use_ocdbt: false
                       storage_options { dtype: "bfloat16"
                                         shard_axes { axes: [2, 0] } } }
              loading { load_and_broadcast_options { primary_replica_id: 3 } } }
      multiprocessing { all_hosts_primary {} active_processes {
                        process_indices: [0, 4] } }
      file { path_permission_mode: 0o750 }
      atomicity { mode: ATOMICITY_MODE_COMMIT_FILE }
      memory { write_concurrent_bytes: 1024 expected_surge_bytes: 0 }
      checkpoint_layout: CHECKPOINT_LAYOUT_SAFETENSORS
      pathways { checkpointing_impl: CHECKPOINTING_IMPL_NO_DISPATCHER }
    """)
    context = orbax_options.to_orbax(m)
    storage = context.array.saving.storage_options
    assert storage.dtype == np.dtype("bfloat16")
    assert isinstance(storage.dtype, np.dtype)
    assert storage.shard_axes == (2, 0)
    assert storage.chunk_byte_size is None
    assert context.array.saving.use_ocdbt is False
    assert context.array.saving.use_zarr3 is True
    assert context.array.loading.load_and_broadcast_options.primary_replica_id \
        == 3
    assert context.multiprocessing.primary_host is None
    assert context.multiprocessing.active_processes == {0, 4}
    assert context.file.path_permission_mode == 0o750
    assert context.atomicity.mode is ocp.options.AtomicityMode.COMMIT_FILE
    assert context.memory.write_concurrent_bytes == 1024
    assert context.memory.expected_surge_bytes == 0
    assert context.memory.read_concurrent_bytes is None
    assert context.checkpoint_layout is ocp.options.CheckpointLayout.SAFETENSORS
    impl = type(context.pathways).__dataclass_fields__
    assert impl  # a dataclass
    assert context.pathways.checkpointing_impl.name == "NO_DISPATCHER"
    # () is a value of its own: no axes.
    m = parse("array { saving { storage_options { shard_axes {} } } }")
    assert orbax_options.to_orbax(
        m).array.saving.storage_options.shard_axes == ()


def test_unspecified_enums_are_unset():
    m = parse("checkpoint_layout: CHECKPOINT_LAYOUT_UNSPECIFIED "
              "pathways { checkpointing_impl: CHECKPOINTING_IMPL_UNSPECIFIED }")
    context = orbax_options.to_orbax(m)
    assert context.checkpoint_layout is ocp.options.CheckpointLayout.ORBAX
    assert context.pathways.checkpointing_impl is None
    # A number the schema does not know (C++ says so first once it
    # validates a Context).
    m = parse("checkpoint_layout: 7")
    with pytest.raises(orbax_options.ConfigError,
                       match=r"^<message>: error: checkpoint_layout: .*7"):
        orbax_options.to_orbax(m)


def _walk(a, b, path=""):
    """The paths at which the dataclass trees `a` and `b` differ."""
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return [
            p for f in dataclasses.fields(a) if f.compare
            for p in _walk(getattr(a, f.name), getattr(b, f.name),
                           f"{path}.{f.name}")
        ]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


# Context's groups (C:303-356 in the survey), the scalar layout among them.
GROUPS = ("array", "pytree", "asynchronous", "multiprocessing", "file",
          "atomicity", "memory", "deletion", "safetensors", "pathways",
          "checkpoint_layout")


def test_no_deprecated_construction(caplog):
    # Orbax logs (absl) that option objects given to Context(...) are
    # deprecated; to_orbax() sets the tree by dot notation instead.
    m = parse(TRAINING, context_pb2.CheckpointerOptions).context
    m.MergeFrom(random_context(random.Random(SEED)))
    with caplog.at_level("WARNING"):
        orbax_options.to_orbax(m, **callables_for(m))
    assert [r for r in caplog.records if "deprecated" in r.getMessage()] == []
    with caplog.at_level("WARNING"):  # Which this test would see:
        ocp.Context(file_options=ocp.options.FileOptions())
    assert [r for r in caplog.records if "deprecated" in r.getMessage()]


def test_the_empty_message_is_context():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # No deprecation on the way.
        context = orbax_options.to_orbax(context_pb2.Context())
    default = ocp.Context()
    assert type(context) is ocp.Context
    problems = [
        p for group in GROUPS
        for p in _walk(getattr(context, group), getattr(default, group), group)
    ]
    assert problems == []
    # The one group the schema leaves to Python: the handler registry.
    assert (type(context.checkpointables.registry) is type(
        default.checkpointables.registry))
    assert (context.checkpointables.registry.get_all_entries() ==
            default.checkpointables.registry.get_all_entries())
    assert orbax_options.from_orbax(default) == parse(DEFAULTS)


def test_the_walk_sees_a_difference():
    # _walk() above is what test_the_empty_message_is_context() trusts.
    context = ocp.Context()
    context.array.loading.load_and_broadcast_options.replica_axis_index = 1
    assert _walk(context.array, ocp.Context().array, "array") == [
        "array.loading.load_and_broadcast_options.replica_axis_index: 1 != 0"
    ]


def finalized():
    pass


def creator(key, value):
    return None


def prioritized(keypath):
    return None


class PathClass(type(ocp.Context().file.path_class())):
    pass


# Each runtime-only member: where it lands in the Context, and a value.
RUNTIME = {
    "post_finalization_callback": ("asynchronous", finalized),
    "path_class": ("file", PathClass),
    "array_metadata_store": ("array.saving", array_metadata_store.Store()),
    "scoped_storage_options_creator": ("array.saving", creator),
    "profiler": ("memory.regulator_options", Profiler()),
    "is_prioritized_key_fn": ("memory", prioritized),
    "serialization_status_callback": ("memory", StatusCallback()),
    # Read-only on a Context: its settings are assigned to the Context's.
    "checkpointables": ("", ocp.options.CheckpointablesOptions(
        registry=ocp.handlers.local_registry())),
}
REGULATED = "memory { regulator_options { max_memory_limit_gib: 64 } }"


def _at(obj, path):
    for name in path.split(".") if path else ():
        obj = getattr(obj, name)
    return obj


def _is(a, b):
    """Whether `a` is `b`, or a group whose settings are `b`'s objects."""
    return a is b or dataclasses.is_dataclass(b) and _walk(a, b) == []


@pytest.mark.parametrize("name", sorted(RUNTIME))
def test_each_runtime_member_reaches_the_context(name):
    holder, value = RUNTIME[name]
    m = parse(REGULATED)
    kwargs = {name: value}
    if name != "profiler":
        kwargs["profiler"] = RUNTIME["profiler"][1]
    context = orbax_options.to_orbax(m, **kwargs)
    assert _is(getattr(_at(context, holder), name), value)
    found = orbax_options.orbax_callables(context)
    assert _is(found[name], value)
    # Never serialised: the message is as without it.
    assert orbax_options.from_orbax(context) == explicit(m)


def test_orbax_callables_gives_only_what_is_not_orbaxs_default():
    assert orbax_options.orbax_callables(ocp.Context()) == {}
    context = orbax_options.to_orbax(parse(REGULATED),
                                     **{n: v for n, (_, v) in RUNTIME.items()})
    found = orbax_options.orbax_callables(context)
    assert sorted(found) == sorted(RUNTIME)
    assert all(_is(found[n], v) for n, (_, v) in RUNTIME.items())
    again = orbax_options.to_orbax(orbax_options.from_orbax(context), **found)
    assert _walk(again.array, context.array) == []
    assert again.memory.regulator_options.profiler is found["profiler"]


def test_a_regulator_needs_its_profiler_and_a_profiler_its_regulator():
    with pytest.raises(TypeError) as raised:
        orbax_options.to_orbax(parse(REGULATED))
    assert str(raised.value) == (
        "to_orbax(): memory.regulator_options needs its profiler, which "
        "Orbax requires and no message holds: pass profiler=...")
    with pytest.raises(ValueError) as raised:
        orbax_options.to_orbax(context_pb2.Context(), profiler=Profiler())
    assert str(raised.value) == (
        "to_orbax() argument 'profiler' goes into memory.regulator_options, "
        "which the message leaves unset (Python None, not an object to "
        "attach it to); set memory.regulator_options")


@pytest.mark.parametrize("kwargs,message", [
    ({"path_class": "epath"},
     "to_orbax() argument 'path_class' must be a class or None, not str"),
    ({"post_finalization_callback": 3},
     "to_orbax() argument 'post_finalization_callback' must be callable or "
     "None, not int"),
    ({"scoped_storage_options_creator": "x"},
     "to_orbax() argument 'scoped_storage_options_creator' must be callable "
     "or None, not str"),
    ({"is_prioritized_key_fn": 1.5},
     "to_orbax() argument 'is_prioritized_key_fn' must be callable or None, "
     "not float"),
    ({"profiler": object()},
     "to_orbax() argument 'profiler' must be "
     "orbax.checkpoint._src.serialization.memory_regulator.MemoryProfiler or "
     "None, not object"),
    ({"array_metadata_store": {}},
     "to_orbax() argument 'array_metadata_store' must be "
     "orbax.checkpoint._src.metadata.array_metadata_store.Store or None, not "
     "dict"),
    ({"checkpointables": ocp.handlers.local_registry()},
     "to_orbax() argument 'checkpointables' must be "
     "orbax.checkpoint.experimental.v1.options.CheckpointablesOptions or "
     "None, not _DefaultCheckpointableHandlerRegistry"),
    ({"serialization_status_callback": finalized},
     "to_orbax() argument 'serialization_status_callback' must have the "
     "methods of orbax.checkpoint._src.serialization.types."
     "SerializationStatusCallback (key_priority, on_transfer_end, "
     "on_transfer_start, on_write_end, on_write_start), not function, which "
     "lacks key_priority, on_transfer_end, on_transfer_start, on_write_end, "
     "on_write_start"),
    ({"best_fn": finalized},
     "to_orbax() argument 'best_fn' is for a CheckpointManagerOptions, not a "
     "Context"),
    ({"barrier_sync_fn": finalized},
     "to_orbax() argument 'barrier_sync_fn' is for a CheckpointOptions or a "
     "CheckpointManagerOptions, not a Context"),
])
def test_wrong_arguments_are_type_errors(kwargs, message):
    with pytest.raises(TypeError) as raised:
        orbax_options.to_orbax(context_pb2.Context(), **kwargs)
    assert str(raised.value) == message


def test_a_v1_argument_is_not_for_a_v0_root():
    with pytest.raises(TypeError) as raised:
        orbax_options.to_orbax(orbax_options.options_pb2.CheckpointOptions(),
                               path_class=PathClass)
    assert str(raised.value) == (
        "to_orbax() argument 'path_class' is for a Context or a "
        "CheckpointerOptions, not a CheckpointOptions")


def test_a_dtype_numpy_does_not_know():
    m = parse('array { saving { storage_options { dtype: "float33" } } }')
    # C++ says it first once it validates a Context, in its own words.
    with pytest.raises(orbax_options.ConfigError,
                       match=r'^<message>: error: array\.saving\.'
                       r'storage_options\.dtype: .*["\']float33["\']'):
        orbax_options.to_orbax(m)
    context = ocp.Context()
    context.array.saving.storage_options.dtype = "float33"
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(context)
    assert str(raised.value) == (
        "<from_orbax>: error: array.saving.storage_options.dtype: numpy knows "
        "no dtype 'float33'")
    # Any spelling numpy takes is its canonical name.
    context.array.saving.storage_options.dtype = np.float16
    assert orbax_options.from_orbax(
        context).array.saving.storage_options.dtype == "float16"


def test_values_the_schema_cant_hold_are_config_errors():
    context = ocp.Context()
    context.asynchronous.timeout_secs = 2**31
    context.array.saving.storage_options.shard_axes = (0, 2**40)
    context.memory.expected_surge_bytes = 1.5
    context.multiprocessing.active_processes = {1, -2**40}
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(context)
    assert str(raised.value).splitlines() == [
        "<from_orbax>: error: array.saving.storage_options.shard_axes[1]: "
        "1099511627776 is out of the range of int32 [-2147483648, 2147483647]",
        "<from_orbax>: error: asynchronous.timeout_secs: 2147483648 is out of "
        "the range of int32 [-2147483648, 2147483647]",
        "<from_orbax>: error: multiprocessing.active_processes[0]: "
        "-1099511627776 is out of the range of int32 [-2147483648, "
        "2147483647]",
        "<from_orbax>: error: memory.expected_surge_bytes: 1.5 is not a whole "
        "number, which is all the schema holds",
    ]
    # Orbax's types allow None here; the schema has no form for it.
    context = ocp.Context()
    context.array.loading.load_and_broadcast_options.primary_replica_id = None
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(context)
    assert str(raised.value) == (
        "<from_orbax>: error: array.loading.load_and_broadcast_options."
        "primary_replica_id: None, which Orbax's type allows here, has no "
        "form in the schema (Orbax fails with it when it reads it): set a "
        "value")
    # A whole float is whole bytes.
    context = ocp.Context()
    context.memory.expected_surge_bytes = 2.0**40
    assert orbax_options.from_orbax(
        context).memory.expected_surge_bytes == 2**40


def test_wrong_types_are_type_errors():
    context = ocp.Context()
    context.array.saving.use_ocdbt = None  # Orbax's type says bool.
    with pytest.raises(TypeError) as raised:
        orbax_options.from_orbax(context)
    assert str(raised.value) == (
        "from_orbax(): array.saving.use_ocdbt must be bool, not NoneType")
    with pytest.raises(TypeError) as raised:
        orbax_options.from_orbax(ocp.Context(), ocp.options.FileOptions())
    assert str(raised.value) == (
        "from_orbax() takes a Context alone, with no other argument")


# --- training.Checkpointer ---------------------------------------------------

TRAINING = """
context { file { path_permission_mode: 0o750 } }
save_decision_policy { fixed_interval { interval: 2 } }
preservation_policy { any { policies { latest_n { n: 2 } }
                            policies { best_n { n: 1 } } } }
step_name_format { step_prefix: "step" step_format_fixed_length: 4 }
cleanup_tmp_directories: true
"""


def metric(metrics):
    return metrics["loss"]


def test_checkpointer_arguments():
    m = parse(TRAINING, context_pb2.CheckpointerOptions)
    arguments = orbax_options.to_orbax(m, get_metric_fns=metric)
    assert isinstance(arguments, orbax_options.CheckpointerArguments)
    assert arguments.context.file.path_permission_mode == 0o750
    policies = ocp.training.save_decision_policies
    assert arguments.save_decision_policy == policies.FixedIntervalPolicy(2)
    preservation = ocp.training.preservation_policies
    best = arguments.preservation_policy.policies[1]
    assert arguments.preservation_policy.policies[0] == \
        preservation.LatestN(n=2)
    assert type(best) is preservation.BestN and best.n == 1
    assert best.get_metric_fn is metric
    assert best.reverse is False  # BestN's default, from C++'s explicit form
    assert arguments.step_name_format.build_name(7) == "step_0007"
    assert arguments.cleanup_tmp_directories is True
    assert arguments.lightweight_initialize is False
    back = orbax_options.from_orbax(arguments)
    assert back.context == explicit(m.context)
    assert back.step_name_format == parse(
        'step_prefix: "step" step_format_fixed_length: 4 '
        'single_host_load_and_broadcast: false',
        context_pb2.StandardNameFormat)
    assert back.preservation_policy == orbax_options.policies(
        orbax_options.checkpoint_manager_options_pb2.CheckpointManagerOptions(
            preservation_policy=m.preservation_policy)).preservation_policy
    assert orbax_options.orbax_callables(arguments) == {
        "get_metric_fns": {"preservation_policy.any.policies[1].best_n": metric}
    }
    # Unset is the Checkpointer's own default: None, False.
    empty = orbax_options.to_orbax(context_pb2.CheckpointerOptions())
    assert empty == orbax_options.CheckpointerArguments()
    assert orbax_options.from_orbax(empty) == context_pb2.CheckpointerOptions(
        cleanup_tmp_directories=False, lightweight_initialize=False)


def random_arguments(rng):
    """CheckpointerArguments of Orbax's objects, every one random: a
    Context, the policies of test_orbax_manager.py (nested, BestN's
    get_metric_fn among them), the standard step names, the two flags."""
    context = None
    if rng.random() < 0.7:
        m = random_context(rng)
        # Orbax's Checkpointer refuses a context with active processes
        # (its manager's create=True), and so do we.
        m.multiprocessing.ClearField("active_processes")
        context = orbax_options.to_orbax(m, **callables_for(m))
    name_format = None
    if rng.random() < 0.7:
        name_format = ocp.path.step.standard_name_format(
            step_prefix=rng.choice([None, "", "step"]),
            step_format_fixed_length=rng.choice([None, 1, 8]),
            single_host_load_and_broadcast=rng.random() < 0.5)
    return orbax_options.CheckpointerArguments(
        context=context,
        save_decision_policy=rng.choice(
            [None, test_orbax_manager._random_save_policy(rng)]),
        preservation_policy=rng.choice(
            [None, test_orbax_manager._random_preservation_policy(rng)]),
        step_name_format=name_format,
        cleanup_tmp_directories=rng.random() < 0.5,
        lightweight_initialize=rng.random() < 0.5)


def test_to_orbax_of_from_orbax_is_the_identity_for_a_checkpointer():
    rng = random.Random(SEED + 1)
    for _ in range(200):
        x = random_arguments(rng)
        message = orbax_options.from_orbax(x)
        back = orbax_options.to_orbax(message,
                                      **orbax_options.orbax_callables(x))
        assert test_orbax_manager.same(
            (back.save_decision_policy, back.preservation_policy,
             back.cleanup_tmp_directories, back.lightweight_initialize),
            (x.save_decision_policy, x.preservation_policy,
             x.cleanup_tmp_directories, x.lightweight_initialize))
        assert (back.context is None) == (x.context is None)
        if x.context is not None:
            assert [
                p for group in GROUPS for p in _walk(
                    getattr(back.context, group), getattr(x.context, group),
                    group)
            ] == []
        assert test_orbax_manager.same(back.step_name_format,
                                       x.step_name_format)


def test_checkpointer_errors():
    m = parse(TRAINING, context_pb2.CheckpointerOptions)
    with pytest.raises(TypeError, match="each BestN policy needs its "
                       "get_metric_fn"):
        orbax_options.to_orbax(m)
    with pytest.raises(ValueError) as raised:
        orbax_options.to_orbax(context_pb2.CheckpointerOptions(),
                               path_class=PathClass)
    assert str(raised.value) == (
        "to_orbax() argument 'path_class' goes into context.file, which the "
        "message leaves unset (Python None, not an object to attach it to); "
        "set context.file")
    bad = parse("preservation_policy { latest_n { n: -1 } }",
                context_pb2.CheckpointerOptions)
    with pytest.raises(orbax_options.ConfigError,
                       match=r"^<message>: error: "
                       r"preservation_policy\.latest_n\.n: "):
        orbax_options.to_orbax(bad)


# --- An Orbax without a field, or without the v1 API ------------------------


def test_a_field_the_installed_orbax_lacks(monkeypatch):
    saving = ocp.options.ArrayOptions.Saving
    fields = [(f.name, f.type, f) for f in dataclasses.fields(saving)
              if f.name != "use_compression"]
    older = dataclasses.make_dataclass("Saving", fields, kw_only=True)
    older.StorageOptions = saving.StorageOptions
    monkeypatch.setattr(ocp.options.ArrayOptions, "Saving", older)
    # Unset, it converts: that Orbax's behaviour is the default.
    assert type(orbax_options.to_orbax(context_pb2.Context())) is ocp.Context
    m = parse("array { saving { use_compression: false } }")
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(m)
    assert str(raised.value) == (
        "<message>: error: array.saving.use_compression: False needs "
        "orbax.checkpoint.experimental.v1.options.ArrayOptions.Saving."
        "use_compression, which the installed Orbax 0.12.8 does not have; "
        "leave it unset, or install an Orbax that has it (pip install "
        "'orbax-options[orbax]')")


def test_a_field_a_newer_orbax_has_converts_only_at_its_default():
    newer = dataclasses.make_dataclass(
        "Saving", [("use_quantum_storage", int, 0)],
        bases=(ocp.options.ArrayOptions.Saving, ), kw_only=True)
    context = ocp.Context()
    context.array.saving = newer()
    assert orbax_options.from_orbax(context) == parse(DEFAULTS)
    context.array.saving = newer(use_quantum_storage=3, use_ocdbt=False)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(context)
    assert str(raised.value) == (
        "<from_orbax>: error: array.saving.use_quantum_storage: Orbax "
        "0.12.8's Saving.use_quantum_storage has no field in the schema, so 3 "
        "would be lost; only its default, 0, may be left out")


def test_without_the_v1_api_a_clear_import_error():
    # A fresh interpreter whose Orbax has no experimental.v1, as an older
    # Orbax: orbax.checkpoint imported, then its v1 taken away.
    code = """
import sys
import orbax.checkpoint.experimental
del orbax.checkpoint.experimental.v1
for name in list(sys.modules):
    if name.startswith("orbax.checkpoint.experimental.v1"):
        del sys.modules[name]
class NoV1:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("orbax.checkpoint.experimental.v1"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoV1())
import orbax_options
from orbax_options.v1 import context_pb2
try:
    orbax_options.to_orbax(context_pb2.Context())
except ImportError as e:
    print(e)
"""
    result = run_python(code, path=[PACKAGE_DIR])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "orbax_options.to_orbax() needs Orbax's v1 API, "
        "orbax.checkpoint.experimental.v1, which the installed Orbax 0.12.8 "
        "lacks (orbax-options converts it for orbax-checkpoint 0.12.8; pip "
        "install 'orbax-options[orbax]'): No module named "
        "'orbax.checkpoint.experimental.v1'"
    ]
