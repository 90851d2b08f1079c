# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Each rule and warning of the v1 roots (rules.cc, listed in
validation.h), proven both ways: validate() gives exactly its diagnostic at
the field's dotted path, naming the value, and none for the last value it
accepts; and the real Orbax, under the Context that to_orbax() makes from
the accepted message with the refused value then assigned where the
message has it, refuses that value where the rule says (at assignment,
construction, save, load or delete, with its own exception) and takes the
accepted one. A warning's value is shown to be ignored where that is cheap
to see. Where the real Orbax takes a value we refuse, DELIBERATE says so
and why. Load-and-broadcast and replica-parallel saving need two devices:
they run in one interpreter with two CPU devices."""

import dataclasses
import json
import math
import os
import struct

import numpy as np
import pytest

from conftest import PACKAGE_DIR, run_python

import orbax_options
from orbax_options.v1 import context_pb2
from orbax.checkpoint._src.serialization import memory_regulator
from orbax.checkpoint._src.serialization import pathways_types
from orbax.checkpoint.experimental import v1 as ocp
from orbax.checkpoint.experimental.v1._src.handlers import pytree_handler
from orbax.checkpoint.experimental.v1._src.serialization import registration

TREE = {"a": np.arange(4, dtype=np.float32)}


class Profiler(memory_regulator.MemoryProfiler):
    """A MemoryProfiler that measures nothing."""

    def profiler_start(self):
        pass

    def profiler_end(self):
        pass


def message(values, cls=context_pb2.Context):
    """A `cls` with each dotted path of `values` set (a tuple: the
    ShardAxes message's axes)."""
    m = cls()
    for path, value in values.items():
        *holders, field = path.split(".")
        holder = m
        for name in holders:
            holder = getattr(holder, name)
        if isinstance(value, tuple):
            getattr(holder, field).axes.extend(value)
        else:
            setattr(holder, field, value)
    return m


def diagnostics(m):
    """validate()'s diagnostics of `m`: (severity, path, message)."""
    try:
        found = orbax_options.validate(m)
    except orbax_options.ConfigError as e:
        found = e.diagnostics
    return [(d.severity, d.path, d.message) for d in found]


def converted(m):
    callables = {"profiler": Profiler()} if m.HasField("memory") and \
        m.memory.HasField("regulator_options") else {}
    return orbax_options.to_orbax(m, **callables)


def assign(obj, path, value):
    """Sets `path` of a real Orbax object as its Python user would: a frozen
    group (RegulatorOptions) is rebuilt with dataclasses.replace(), which
    runs its checks again."""
    *holders, field = path.split(".")
    parents = [obj]
    for name in holders:
        parents.append(getattr(parents[-1], name))
    try:
        setattr(parents[-1], field, value)
    except dataclasses.FrozenInstanceError:
        setattr(parents[-2], holders[-1],
                dataclasses.replace(parents[-1], **{field: value}))


def _write_safetensors(path):
    raw = np.arange(6, dtype="<f4").tobytes()
    header = json.dumps({
        "w": {"dtype": "F32", "shape": [6], "data_offsets": [0, len(raw)]}
    }).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + raw)


# What Orbax does with a context, in `directory` (made fresh for each).
def save(context, directory, tree=None):
    with context:
        ocp.save(directory / "c", TREE if tree is None else tree)


def save_int8(context, directory):
    save(context, directory, {"a": np.arange(4, dtype=np.int8)})


def save_and_load(context, directory):
    with context:
        ocp.save(directory / "c", TREE)
        ocp.load(directory / "c")


def load_safetensors(context, directory):
    _write_safetensors(directory / "m.safetensors")
    with context:
        ocp.load(directory / "m.safetensors")


def delete(context, directory):
    ocp.save(directory / "c", TREE)
    with context:
        ocp.delete(directory / "c")


def nothing(context, directory):
    """The refusal is at assignment or construction: assign() raises."""
    del context, directory


REGULATOR = {"memory.regulator_options.max_memory_limit_gib": 64.0}
SAFETENSORS = {"checkpoint_layout": context_pb2.CHECKPOINT_LAYOUT_SAFETENSORS}
GCS_ONLY = (NotImplementedError,
            "todelete_full_path requires a GCS checkpoint")
BAD_BUCKET_PATH = (ValueError, "todelete_full_path must be a relative bucket "
                   "path")
POSITIVE_BYTES = ("must be > 0 (unset for Orbax's default), got {}: Orbax "
                  "raises ValueError for it when it saves or loads")
CONCURRENT = (ValueError, "Must provide positive `concurrent_bytes`. Found: 0")
BUCKET_RULE = (
    "must be a path relative to the bucket root (not empty, not starting "
    "with '/', without a '..' component or '://'), got \"{}\": Orbax raises "
    "ValueError for it when it deletes")


@dataclasses.dataclass
class Rule:
    path: str
    refused: object
    accepted: object
    error: str  # {} is the refused value as the message shows it
    act: object  # one of the functions above
    raises: tuple  # Orbax's exception type and a stable part of its text
    base: dict = dataclasses.field(default_factory=dict)
    # What Orbax does with the accepted value, when that is an error of its
    # own past the rule's check (deletion outside GCS).
    accepted_raises: tuple = None


RULES = {
    "dtype":
        Rule("array.saving.storage_options.dtype", "float33", "bfloat16",
             "must be a dtype name that numpy knows, such as \"bfloat16\", "
             "\"float32\" or \"int8\", got \"{}\": Orbax casts to "
             "np.dtype(dtype) when it saves, which raises TypeError", save,
             (TypeError, "data type 'float33' not understood")),
    # Orbax's floor is the dtype's itemsize (subchunking.py:146), known only
    # at save: 1 byte holds an int8, not a float32 (see the report).
    "chunk_byte_size":
        Rule("array.saving.storage_options.chunk_byte_size", 0, 1,
             POSITIVE_BYTES, save_int8,
             (ValueError, "target_byte_size=0 must be >= 1")),
    "shard_axes":
        Rule("array.saving.storage_options.shard_axes", (-1,), (0,),
             "axes[0] must be >= 0, got {}: Orbax refuses an axis outside "
             "[0, rank) when it saves", save,
             (ValueError, "must be non-negative and less than rank=1")),
    "write_concurrent_bytes":
        Rule("memory.write_concurrent_bytes", 0, 1, POSITIVE_BYTES, save,
             CONCURRENT),
    "read_concurrent_bytes":
        Rule("memory.read_concurrent_bytes", 0, 1, POSITIVE_BYTES,
             save_and_load, CONCURRENT),
    "transfer_concurrent_bytes":
        Rule("memory.transfer_concurrent_bytes", 0, 1, POSITIVE_BYTES, save,
             CONCURRENT),
    "read_chunk_bytes":
        Rule("safetensors.read_chunk_bytes", 0, 1, POSITIVE_BYTES,
             load_safetensors,
             (ValueError, "read_chunk_bytes must be positive, got 0"),
             SAFETENSORS),
    "ocdbt_target_data_file_size":
        Rule("array.saving.ocdbt_target_data_file_size", -1, 0,
             "must be >= 0 (0 means no limit), got {}: Orbax raises "
             "ValueError for it when it saves", save,
             (ValueError, "OCDBT target_data_file_size must be >= 0")),
    "max_memory_limit_gib":
        Rule("memory.regulator_options.max_memory_limit_gib", 0.0, 1.0,
             "must be > 0, got {}: Orbax's RegulatorOptions raises "
             "ValueError for it", nothing,
             (ValueError, "max_memory_limit_gib must be positive, got 0"),
             {"memory.regulator_options.min_memory_limit_gib": 0.5}),
    "min_memory_limit_gib_positive":
        Rule("memory.regulator_options.min_memory_limit_gib", 0.0, 5e-324,
             "must be > 0, got {}: Orbax's RegulatorOptions raises "
             "ValueError for it", nothing,
             (ValueError, "min_memory_limit_gib must be positive, got 0"),
             REGULATOR),
    "min_memory_limit_gib_target":
        Rule("memory.regulator_options.min_memory_limit_gib", 8.0,
             math.nextafter(8.0, 0),
             "must be less than max_memory_limit_gib * target_ratio (10 * "
             "0.8 = 8 GiB), got {}: Orbax's RegulatorOptions raises "
             "ValueError for it", nothing,
             (ValueError, r"min_memory_limit_gib must be less than target "
              r"memory \(8.0 GiB\)"),
             {"memory.regulator_options.max_memory_limit_gib": 10.0}),
    "max_over_read_ratio":
        Rule("safetensors.max_over_read_ratio", 0.99, 1.0,
             "must be >= 1, got {}: Orbax raises ValueError for it when it "
             "loads a Safetensors checkpoint", load_safetensors,
             (ValueError, "max_over_read_ratio must be >= 1.0, got 0.99"),
             SAFETENSORS),
    # Orbax checks the path before it finds that the checkpoint is not on
    # GCS, the only place where it moves one there.
    "todelete_full_path_empty":
        Rule("deletion.gcs_deletion_options.todelete_full_path", "", "trash",
             BUCKET_RULE, delete, BAD_BUCKET_PATH, accepted_raises=GCS_ONLY),
    "todelete_full_path_absolute":
        Rule("deletion.gcs_deletion_options.todelete_full_path", "/trash",
             "trash/", BUCKET_RULE, delete, BAD_BUCKET_PATH,
             accepted_raises=GCS_ONLY),
    "todelete_full_path_dot_dot":
        Rule("deletion.gcs_deletion_options.todelete_full_path", "a/../b",
             "a..b/c", BUCKET_RULE, delete, BAD_BUCKET_PATH,
             accepted_raises=GCS_ONLY),
    "todelete_full_path_scheme":
        Rule("deletion.gcs_deletion_options.todelete_full_path", "gs://b/t",
             "gs:/b/t", BUCKET_RULE, delete, BAD_BUCKET_PATH,
             accepted_raises=GCS_ONLY),
}


@pytest.mark.parametrize("name", RULES)
def test_rule(name, tmp_path):
    rule = RULES[name]
    refused = message({**rule.base, rule.path: rule.refused})
    shown = rule.refused[0] if isinstance(rule.refused, tuple) else \
        rule.refused
    if isinstance(shown, float):
        shown = f"{shown:g}"  # as C++ shows a double
    assert ("error", rule.path, rule.error.format(shown)) in \
        diagnostics(refused)
    accepted = message({**rule.base, rule.path: rule.accepted})
    assert [d for d in diagnostics(accepted) if d[0] == "error"] == []
    # The real Orbax takes the accepted value...
    (tmp_path / "accepted").mkdir()
    context = converted(accepted)
    if rule.accepted_raises:
        kind, text = rule.accepted_raises
        with pytest.raises(kind, match=text):
            rule.act(context, tmp_path / "accepted")
    else:
        rule.act(context, tmp_path / "accepted")
    # ... and refuses the other.
    (tmp_path / "refused").mkdir()
    kind, text = rule.raises
    with pytest.raises(kind, match=text):
        assign(context, rule.path, rule.refused)
        rule.act(context, tmp_path / "refused")


def test_max_memory_limit_gib_is_required():
    m = message({"memory.regulator_options.target_ratio": 0.5})
    assert diagnostics(m) == [
        ("error", "memory.regulator_options.max_memory_limit_gib",
         "must be set: RegulatorOptions has no default for it")
    ]
    with pytest.raises(TypeError, match="missing 1 required keyword-only "
                       "argument: 'max_memory_limit_gib'"):
        ocp.options.MemoryOptions.RegulatorOptions(target_ratio=0.5,
                                                   profiler=Profiler())


def test_unknown_checkpoint_layout():
    m = message({"checkpoint_layout": 4})  # the first unknown number
    assert diagnostics(m) == [(
        "error", "checkpoint_layout",
        "unknown CheckpointLayout number 4, perhaps from a newer sender; this "
        "version knows 0 to 3 (Orbax's CheckpointLayout is 'orbax', "
        "'safetensors' or 'auto')")]
    context = converted(message(
        {"checkpoint_layout": context_pb2.CHECKPOINT_LAYOUT_AUTO}))
    assert context.checkpoint_layout == ocp.options.CheckpointLayout.AUTO
    # Orbax takes only the names of its enum, at assignment
    # (context.py:356) as at construction (context.py:269).
    with pytest.raises(ValueError, match="'newer' is not a valid "
                       "CheckpointLayout"):
        context.checkpoint_layout = "newer"
    with pytest.raises(ValueError, match="'newer' is not a valid "
                       "CheckpointLayout"):
        ocp.Context(checkpoint_layout="newer")


def test_unknown_checkpointing_impl():
    m = message({"pathways.checkpointing_impl": 4})
    assert diagnostics(m) == [(
        "error", "pathways.checkpointing_impl",
        "unknown CheckpointingImpl number 4, perhaps from a newer sender; "
        "this version knows 0 to 3")]
    context = converted(message({
        "pathways.checkpointing_impl":
            context_pb2.CHECKPOINTING_IMPL_NO_DISPATCHER}))
    assert context.pathways.checkpointing_impl is \
        pathways_types.CheckpointingImpl.NO_DISPATCHER
    # Orbax's enum has the three members our 1 to 3 name, and no other.
    assert [i.name for i in pathways_types.CheckpointingImpl] == [
        "COLOCATED_PYTHON", "PERSISTENCE", "NO_DISPATCHER"]
    with pytest.raises(KeyError):
        pathways_types.CheckpointingImpl["NEWER"]  # pylint: disable=pointless-statement


def test_step_format_fixed_length(tmp_path):
    path = "step_name_format.step_format_fixed_length"
    m = message({path: -1}, context_pb2.CheckpointerOptions)
    assert diagnostics(m) == [(
        "error", path,
        "must be >= 0, got -1: Orbax names step directories with "
        "f'{step:0{n}d}', which raises ValueError for a negative width at "
        "the first save")]
    arguments = orbax_options.to_orbax(
        message({path: 0, "step_name_format.step_prefix": "s"},
                context_pb2.CheckpointerOptions))
    with ocp.training.Checkpointer(tmp_path / "run",
                                   **arguments._asdict()) as checkpointer:
        checkpointer.save(3, TREE)
    assert os.listdir(tmp_path / "run") == ["s_3"]
    # The format is a plain object: made anew, as to_orbax() makes it.
    bad = ocp.path.step.standard_name_format(step_prefix="s",
                                             step_format_fixed_length=-1)
    with pytest.raises(ValueError, match="Invalid format specifier '0-1d'"):
        with ocp.training.Checkpointer(
                tmp_path / "bad",
                **arguments._replace(step_name_format=bad)._asdict()) as c:
            c.save(3, TREE)


def test_checkpointer_context_without_active_processes(tmp_path):
    m = context_pb2.CheckpointerOptions()
    m.context.multiprocessing.active_processes.process_indices.append(0)
    assert diagnostics(m) == [(
        "error", "context.multiprocessing.active_processes",
        "must be unset in a Checkpointer's context, got {0}: Orbax's "
        "training.Checkpointer makes a CheckpointManager with create=True, "
        "which raises NotImplementedError for create with active_processes")]
    arguments = orbax_options.to_orbax(context_pb2.CheckpointerOptions(
        context=context_pb2.Context()))
    with ocp.training.Checkpointer(tmp_path / "run", **arguments._asdict()):
        pass
    # training/checkpointer.py:199.
    arguments.context.multiprocessing.active_processes = {0}
    with pytest.raises(NotImplementedError, match="Option `create=True` "
                       "with `active_processes` set is not supported"):
        ocp.training.Checkpointer(tmp_path / "bad", **arguments._asdict())


# --- Warnings: Orbax ignores the value ---------------------------------------


def test_ocdbt_target_without_ocdbt(tmp_path):
    path = "array.saving.ocdbt_target_data_file_size"
    m = message({path: 5, "array.saving.use_ocdbt": False})
    assert diagnostics(m) == [(
        "warning", path, "ignored: use_ocdbt is false, and Orbax gives the "
        "target only to OCDBT (got 5)")]
    assert diagnostics(message({path: 5})) == []
    # Unread without OCDBT: even a target OCDBT refuses saves
    # (tensorstore_utils.py:429 passes it to the OCDBT spec only).
    context = converted(m)
    context.array.saving.ocdbt_target_data_file_size = -1
    save(context, tmp_path)
    # Which we refuse all the same: DELIBERATE.
    assert path + "@use_ocdbt=false" in DELIBERATE
    assert ("error", path, "must be >= 0 (0 means no limit), got -1: Orbax "
            "raises ValueError for it when it saves") in diagnostics(
                message({path: -1, "array.saving.use_ocdbt": False}))


def test_load_and_broadcast_options_without_it():
    path = "array.loading.load_and_broadcast_options"
    m = message({path + ".replica_axis_index": 1})
    assert diagnostics(m) == [(
        "warning", path, "ignored: use_load_and_broadcast is false, and Orbax "
        "reads these options only with it")]
    on = message({path + ".replica_axis_index": 1,
                  "array.loading.use_load_and_broadcast": True})
    assert diagnostics(on) == []
    # registration.py:81: only the load-and-broadcast handler gets them.
    handler = registration.get_array_handler(converted(m))
    assert not hasattr(handler, "replica_axis_index")
    assert registration.get_array_handler(
        converted(on)).replica_axis_index == 1


def test_transfer_bytes_beside_a_regulator():
    path = "memory.transfer_concurrent_bytes"
    m = message({**REGULATOR, "memory.regulator_options.min_memory_limit_gib":
                 2.0, path: 5})
    assert diagnostics(m) == [(
        "warning", path, "ignored: regulator_options is set, and Orbax's "
        "regulator sets the transfer limit instead (got 5)")]
    assert diagnostics(message({path: 5})) == []
    # pytree_handler.py:98: the limit the handler gets is the regulator's.
    assert pytree_handler._get_transfer_concurrent_bytes(  # pylint: disable=protected-access
        converted(m)) == 2 * 2**30
    assert pytree_handler._get_transfer_concurrent_bytes(  # pylint: disable=protected-access
        converted(message({path: 5}))) == 5


def test_surge_bytes_without_a_regulator(tmp_path):
    path = "memory.expected_surge_bytes"
    m = message({path: 5})
    assert diagnostics(m) == [(
        "warning", path, "ignored: Orbax reads it only with "
        "regulator_options, which is unset (got 5)")]
    assert diagnostics(message({**REGULATOR, path: 5})) == []
    # execution.py:292 reads it only inside the regulator: a value it
    # cannot divide saves without one and fails with one.
    context = converted(m)
    context.memory.expected_surge_bytes = "unread"
    save(context, tmp_path / "without")
    context = converted(message({**REGULATOR, path: 5}))
    context.memory.expected_surge_bytes = "unread"
    with pytest.raises(TypeError, match="unsupported operand type"):
        save(context, tmp_path / "with")


# --- Two devices: load-and-broadcast, replica-parallel saving ---------------

TWO_DEVICES = r"""
import json, math, sys, tempfile
import jax, numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec
import orbax_options
from orbax_options.v1 import context_pb2
from orbax.checkpoint._src.serialization import replica_slices
from orbax.checkpoint.experimental import v1 as ocp

def context(text):
    from google.protobuf import text_format
    return orbax_options.to_orbax(text_format.Parse(text, context_pb2.Context()))

mesh = Mesh(np.array(jax.devices()).reshape(2, 1), ("replica", "data"))
sharding = NamedSharding(mesh, PartitionSpec(None, "data"))
array = jax.device_put(np.arange(8, dtype=np.float32).reshape(2, 4), sharding)
path = tempfile.mkdtemp() + "/c"
ocp.save(path, {"x": array})
target = {"x": jax.ShapeDtypeStruct(array.shape, array.dtype,
                                    sharding=sharding)}
out = {}
for name, text, field, value in json.loads(sys.argv[1]):
    ctx = context(text)
    if field:
        setattr(ctx.array.loading.load_and_broadcast_options, field, value)
    try:
        with ctx:
            loaded = ocp.load(path, target)
        out[name] = np.asarray(loaded["x"]).tolist() == array.tolist()
    except Exception as e:  # pylint: disable=broad-except
        out[name] = [type(e).__name__, str(e)]
replicated = jax.device_put(np.arange(8, dtype=np.float32),
                            NamedSharding(Mesh(jax.devices(), ("r",)),
                                          PartitionSpec()))
for n in (1, 2):
    ctx = context(f"array {{ saving {{ max_replicas_for_replica_parallel: {n} }} }}")
    out[f"replica_parallel_{n}"] = list(map(str, replica_slices.
        calculate_replica_parallel_axis_and_local_shape(
            replicated, ctx.array.saving.max_replicas_for_replica_parallel)))
print(json.dumps(out))
"""

BROADCAST = "array { loading { use_load_and_broadcast: true " \
    "load_and_broadcast_options { %s } } }"
LOADS = [
    ("scaling_accepted", BROADCAST % "broadcast_memory_scaling_factor: 1.0",
     None, None),
    ("scaling_refused", BROADCAST % "broadcast_memory_scaling_factor: 1.0",
     "broadcast_memory_scaling_factor", 1.01),
    ("scaling_with_limit", BROADCAST % "broadcast_memory_limit_bytes: 4096",
     "broadcast_memory_scaling_factor", 1.01),
    ("replica_axis_index_negative", BROADCAST % "replica_axis_index: 0",
     "replica_axis_index", -2),
    ("primary_replica_id_negative", BROADCAST % "primary_replica_id: 0",
     "primary_replica_id", -1),
]

# Values we refuse that the real Orbax takes. Python indexes from the end,
# so -2 is the mesh's axis 0 of 2 and -1 the last replica; both load here.
# Ours is stricter on purpose (a negative index in a config is almost surely
# a mistake, and means another axis on a mesh of another rank), or wrong:
# reported.
DELIBERATE = {
    "array.saving.ocdbt_target_data_file_size@use_ocdbt=false":
        "unread without OCDBT, so a negative one saves; refused (and warned "
        "of) all the same, so that turning OCDBT on cannot break the config",
    "array.loading.load_and_broadcast_options.replica_axis_index":
        "Orbax takes -k as Python's k-th axis from the end",
    "array.loading.load_and_broadcast_options.primary_replica_id":
        "Orbax takes -k as Python's k-th replica from the end",
}


@pytest.fixture(scope="module")
def two_devices():
    old = os.environ.get("XLA_FLAGS")
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"
    try:
        result = run_python(TWO_DEVICES, json.dumps(LOADS),
                            path=(PACKAGE_DIR,))
    finally:
        if old is None:
            del os.environ["XLA_FLAGS"]
        else:
            os.environ["XLA_FLAGS"] = old
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_scaling_factor(two_devices):
    path = "array.loading.load_and_broadcast_options." \
        "broadcast_memory_scaling_factor"
    on = {"array.loading.use_load_and_broadcast": True}
    assert ("error", path, "must be <= 1 when broadcast_memory_limit_bytes "
            "is unset, got 1.01: Orbax raises ValueError for it when it "
            "loads with load-and-broadcast") in diagnostics(
                message({**on, path: 1.01}))
    assert diagnostics(message({**on, path: 1.0})) == []
    limited = message({**on, path: 1.01, path.replace(
        "scaling_factor", "limit_bytes"): 4096})
    assert diagnostics(limited) == []
    # multislice.py:188, reached only without a byte limit.
    assert two_devices["scaling_accepted"] is True
    assert two_devices["scaling_refused"] == [
        "ValueError", "scaling_factorshould be less than 1."]
    assert two_devices["scaling_with_limit"] is True


@pytest.mark.parametrize("path,refused", [
    ("array.loading.load_and_broadcast_options.replica_axis_index", -2),
    ("array.loading.load_and_broadcast_options.primary_replica_id", -1),
])
def test_deliberate_negative_indices(path, refused, two_devices):
    on = {"array.loading.use_load_and_broadcast": True}
    assert diagnostics(message({**on, path: refused})) == [(
        "error", path, f"must be >= 0, got {refused}: Orbax indexes the "
        "replicas of the mesh with it")]
    assert diagnostics(message({**on, path: 0})) == []
    assert path in DELIBERATE
    # The real Orbax loads under it, and loads right.
    assert two_devices[path.rsplit(".", 1)[1] + "_negative"] is True


def test_max_replicas_for_replica_parallel(two_devices):
    path = "array.saving.max_replicas_for_replica_parallel"
    assert diagnostics(message({path: 1})) == [(
        "warning", path, "1 is at most 1: Orbax then saves each array from "
        "one replica, as if use_replica_parallel were false")]
    assert diagnostics(message({path: 2})) == []
    # replica_slices.py:217: at most 1 replica, no axis to split the writes
    # along; 2, the array's axis 0 split in halves.
    assert two_devices["replica_parallel_1"] == ["None", "None", "None"]
    assert two_devices["replica_parallel_2"][:2] == ["0", "(4,)"]


def test_every_rule_is_here():
    """Every Error(...), Warning(...) and Check(...) of the v1 field lists
    (fields.h, from StorageOptions on) has a case above, but Utf8
    (step_prefix), the v0 roots' rule, with its bad input there
    (tests/bad_inputs/invalid_utf8_step_prefix.binpb)."""
    from conftest import SOURCE_DIR  # pylint: disable=import-outside-toplevel
    with open(os.path.join(SOURCE_DIR, "src", "orbax", "checkpoint",
                           "options", "internal", "fields.h"),
              encoding="utf-8") as f:
        text = f.read()
    v1 = text[text.index("ORBAX_OPTIONS_FIELDS(ArrayOptions::Saving::"
                         "StorageOptions"):]
    import re  # pylint: disable=import-outside-toplevel
    found = sorted(set(re.findall(r"(?:Error|Warning|Check)\((\w+)\)", v1)))
    assert found == [
        "CheckpointerContextCheck", "GcsTodeleteFullPathRule",
        "LoadAndBroadcastOnlyWarning", "MinMemoryLimitRule",
        "NonNegativeAxes", "NonNegativeBytes", "NonNegativeIndex",
        "NumpyDtypeName", "OcdbtOnlyWarning", "OverReadRatioRule",
        "PositiveBytes", "PositiveGib", "ReplicaParallelOffWarning",
        "ScalingFactorRule", "StepFormatLengthRule",
        "SurgeBytesIgnoredWarning", "TransferBytesIgnoredWarning", "Utf8"
    ]
