# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The schema of Orbax v1's settings (proto/orbax_options/v1/context.proto:
`Context` and `CheckpointerOptions`) against the installed Orbax's
`orbax.checkpoint.experimental.v1`: the groups of a real `Context()`,
walked down through their nested dataclasses, and the parameters of
`training.Checkpointer` (and of the standard step name format). Each of
Orbax's settings is in the schema under the same dotted path, or left out on
purpose with a reason (LEFT_OUT); each schema field has a counterpart in
Orbax; and each default, as Orbax keeps it, is the one in STATED, which is
what the schema's comment says unset means. A new Orbax release that adds,
drops or moves a setting or a default fails here, naming its path."""

import dataclasses
import enum
import inspect
import re
import subprocess

import pytest

from conftest import PROTOC, SOURCE_DIR

from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from orbax_options import _orbax
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2
from orbax_options.v1 import context_pb2
import orbax.checkpoint
from orbax.checkpoint.checkpoint_managers import save_decision_policy as sdp
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp
from orbax.checkpoint.experimental import v1 as ocp
from orbax.checkpoint._src.serialization import pathways_types

VERSION = orbax.checkpoint.__version__
CHECKPOINTER = "Checkpointer"  # The path of training.Checkpointer's arguments.

# Orbax's settings that the schema leaves out on purpose, by path, and why.
# They have no wire form: each is an object of the running program.
LEFT_OUT = {
    "array.saving.array_metadata_store":
    "a Store object, which writes each host's array metadata",
    "array.saving.scoped_storage_options_creator":
    "a callable that gives each leaf its own storage options",
    "asynchronous.post_finalization_callback":
    "a callable that Orbax runs after a save is finalized",
    "file.path_class":
    "a class, which Orbax makes every path with",
    "memory.regulator_options.profiler":
    "a MemoryProfiler object, which measures host memory during saves",
    "memory.is_prioritized_key_fn":
    "a callable that picks the leaves transferred first",
    "memory.serialization_status_callback":
    "a callback object, called as each leaf is saved",
    "checkpointables.registry":
    "a registry of handler classes",
    f"{CHECKPOINTER}.directory":
    "where the run's checkpoints go, given where the run starts",
    f"{CHECKPOINTER}.custom_metadata":
    "the user's own JSON, written with the root directory",
    f"{CHECKPOINTER}.logger":
    "a logger object",
}

# Schema fields that are another spelling of an Orbax setting.
SCHEMA_ONLY = {
    "multiprocessing.all_hosts_primary":
    "primary_host=None, as in CheckpointOptions: the two are a oneof",
}

REQUIRED = type("Required", (), {"__repr__": lambda _: "required"})()
ALL_DEFAULTS = "all of its defaults"

# The default of each setting that the schema holds, as its comment says
# ("Unset means ..."): a Python value, an enum value's name in the schema,
# or REQUIRED where Python has no default. A group whose default is one of
# Orbax's dataclasses is not listed: its comment says ALL_DEFAULTS.
STATED = {
    "array.saving.storage_options.dtype": None,
    "array.saving.storage_options.chunk_byte_size": None,
    "array.saving.storage_options.shard_axes": None,
    "array.saving.use_ocdbt": True,
    "array.saving.use_zarr3": True,
    "array.saving.use_compression": True,
    "array.saving.ocdbt_target_data_file_size": None,
    "array.saving.enable_pinned_host_transfer": None,
    "array.saving.enable_post_merge_validation": True,
    "array.saving.use_replica_parallel": None,
    "array.saving.min_slice_bytes_for_replica_parallel": None,
    "array.saving.max_replicas_for_replica_parallel": None,
    "array.saving.enable_replica_parallel_separate_folder": False,
    "array.saving.enable_write_sharding_file": True,
    "array.loading.enable_padding_and_truncation": False,
    "array.loading.raise_array_data_missing_error": True,
    "array.loading.use_load_and_broadcast": False,
    "array.loading.load_and_broadcast_options.replica_axis_index": 0,
    "array.loading.load_and_broadcast_options.primary_replica_id": 0,
    "array.loading.load_and_broadcast_options.broadcast_memory_limit_bytes":
    None,
    "array.loading.load_and_broadcast_options."
    "broadcast_memory_scaling_factor": 0.75,
    "pytree.saving.pytree_metadata_options.support_rich_types": False,
    "pytree.loading.partial_load": False,
    "asynchronous.timeout_secs": 1200,
    "asynchronous.create_directories_asynchronously": True,
    "multiprocessing.primary_host": 0,
    "multiprocessing.active_processes": None,
    "multiprocessing.barrier_sync_key_prefix": None,
    "file.path_permission_mode": None,
    "file.skip_sync_file_validations": False,
    "atomicity.mode": "ATOMICITY_MODE_AUTO",
    "atomicity.allow_legacy_atomic_rename": False,
    "memory.write_concurrent_bytes": None,
    "memory.read_concurrent_bytes": None,
    "memory.transfer_concurrent_bytes": None,
    "memory.regulator_options": None,
    "memory.regulator_options.max_memory_limit_gib": REQUIRED,
    "memory.regulator_options.target_ratio": 0.8,
    "memory.regulator_options.min_memory_limit_gib": 10.0,
    "memory.regulator_options.kp": 0.4,
    "memory.regulator_options.ki": 0.05,
    "memory.regulator_options.kd": 0.1,
    "memory.expected_surge_bytes": None,
    "memory.deepcopy_host_arrays": True,
    "deletion.gcs_deletion_options.todelete_full_path": None,
    "safetensors.max_over_read_ratio": None,
    "safetensors.read_chunk_bytes": None,
    "checkpoint_layout": "CHECKPOINT_LAYOUT_ORBAX",
    "pathways.checkpointing_impl": None,
    f"{CHECKPOINTER}.context": None,
    f"{CHECKPOINTER}.save_decision_policy": None,
    f"{CHECKPOINTER}.preservation_policy": None,
    f"{CHECKPOINTER}.step_name_format": None,
    f"{CHECKPOINTER}.cleanup_tmp_directories": False,
    f"{CHECKPOINTER}.lightweight_initialize": False,
    f"{CHECKPOINTER}.step_name_format.step_prefix": None,
    f"{CHECKPOINTER}.step_name_format.step_format_fixed_length": None,
    f"{CHECKPOINTER}.step_name_format.single_host_load_and_broadcast": False,
}

# The enum of each enum setting whose default is not an enum value.
ENUMS = {"pathways.checkpointing_impl": pathways_types.CheckpointingImpl}


def _dataclass_settings(value, cls):
    """{name: default} of the dataclass `cls`'s constructor arguments: as
    `value` (an instance) holds them, else as `cls` declares them."""
    settings = {}
    for f in dataclasses.fields(cls):
        if not f.init:  # State the class makes itself (_regulator).
            continue
        if value is not None:
            settings[f.name] = getattr(value, f.name)
        elif f.default is not dataclasses.MISSING:
            settings[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            settings[f.name] = f.default_factory()
        else:
            settings[f.name] = REQUIRED
    return settings


def _signature_settings(function):
    """{name: default} of `function`'s parameters."""
    return {
        name: REQUIRED if p.default is p.empty else p.default
        for name, p in inspect.signature(function).parameters.items()
    }


def context_settings():
    """{group: its value} of a real `Context()`: its properties, less the
    legacy aliases (`array_options` for `array`, ...), which return the
    same objects as the groups."""
    ctx = ocp.Context()
    values = {
        name: getattr(ctx, name)
        for name, member in vars(type(ctx)).items()
        if isinstance(member, property)
    }
    return {
        name: value
        for name, value in values.items()
        if not (name.endswith("_options") and any(
            value is other for n, other in values.items()
            if not n.endswith("_options")))
    }


# Settings that are groups although their default is None: what they hold.
NESTED = {
    "memory.regulator_options":
    lambda: _dataclass_settings(None, ocp.options.MemoryOptions.
                                RegulatorOptions),
    f"{CHECKPOINTER}.step_name_format":
    lambda: _signature_settings(ocp.path.step.standard_name_format),
}


def _members(where, default):
    """The settings inside the setting `where`, or None for a leaf."""
    if where in NESTED:
        return NESTED[where]()
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        return _dataclass_settings(default, type(default))
    return None


def walk(settings, descriptor, path, found):
    """Compares Orbax's `settings` at `path` with the schema message
    `descriptor` (None where the schema has none). Appends problems to
    found["problems"], (path, default, field) of each held setting to
    found["held"], and each path walked to found["seen"]."""
    fields = {} if descriptor is None else {
        f.name: f
        for f in descriptor.fields
    }
    for name, default in settings.items():
        where = f"{path}.{name}" if path else name
        found["seen"].add(where)
        field = fields.get(name)
        members = _members(where, default)
        if field is not None:
            found["held"].append((where, default, field))
        if members is not None:
            if field is not None and field.message_type is None:
                found["problems"].append(
                    f"{where}: a group in Orbax {VERSION}, a scalar in the "
                    f"schema")
                field = None
            walk(members, field and field.message_type, where, found)
        elif field is None and where not in LEFT_OUT:
            found["problems"].append(
                f"{where}: Orbax {VERSION} has it; the schema neither holds "
                f"it nor leaves it out with a reason")
        elif field is not None and where in LEFT_OUT:
            found["problems"].append(
                f"{where}: in the schema, and left out in LEFT_OUT")
    for name in sorted(set(fields) - set(settings)):
        where = f"{path}.{name}" if path else name
        if where not in SCHEMA_ONLY:
            found["problems"].append(
                f"{where}: in the schema, but Orbax {VERSION} has no such "
                f"setting")


def _schema(name, pool=None):
    pool = pool or descriptor_pool.Default()
    return pool.FindMessageTypeByName(f"orbax_options.v1.{name}")


def drift(pool=None):
    """What differs between the installed Orbax and the schema (in `pool`,
    the generated one by default): problems, and the held settings."""
    found = {"problems": [], "held": [], "seen": set()}
    walk(context_settings(), _schema("Context", pool), "", found)
    walk(_signature_settings(ocp.training.Checkpointer),
         _schema("CheckpointerOptions", pool), CHECKPOINTER, found)
    for where in sorted(set(LEFT_OUT) - found["seen"]):
        found["problems"].append(f"{where}: left out in LEFT_OUT, but Orbax "
                                 f"{VERSION} has no such setting")
    return found


def test_every_setting_of_orbax_is_in_the_schema_or_left_out():
    assert drift()["problems"] == []


# --- Defaults ---------------------------------------------------------------


def _schema_comments():
    """{full name of a field or oneof: its comment} of context.proto and
    the files it imports, from protoc's source info."""
    result = subprocess.run([
        *PROTOC, f"-I{SOURCE_DIR}/proto", "--include_imports",
        "--include_source_info", "--descriptor_set_out=/dev/stdout",
        "orbax_options/v1/context.proto"
    ],
                            capture_output=True,
                            check=True)
    files = descriptor_pb2.FileDescriptorSet.FromString(result.stdout).file
    comments = {}
    for file in files:
        located = {
            tuple(location.path): " ".join(location.leading_comments.split())
            for location in file.source_code_info.location
        }

        def visit(messages, scope, path):
            for i, message in enumerate(messages):
                name, at = f"{scope}.{message.name}", path + (i, )
                for kind, members in ((2, message.field),
                                      (8, message.oneof_decl)):
                    for k, member in enumerate(members):
                        comments[f"{name}.{member.name}"] = located.get(
                            at + (kind, k), "")
                visit(message.nested_type, name, at + (3, ))

        visit(file.message_type, file.package, (4, ))
    return comments


COMMENTS = _schema_comments()


def _comment(field):
    """The comment that says what unset means for `field`: its own, or that
    of its oneof (`primary`)."""
    oneof = field.containing_oneof
    if oneof is not None and not oneof.name.startswith("_"):
        return COMMENTS[oneof.full_name]
    return COMMENTS[field.full_name]


def says(comment, stated):
    """Whether `comment`'s "Unset ..." (or "Required ...") sentence says
    `stated`."""
    sentence = re.search(r"\b(Unset|Required)\b.*?\.(?=\s|$)", comment)
    if sentence is None:
        return False
    if stated is REQUIRED:
        return sentence.group(1) == "Required"
    words = {
        None: "`None`",
        True: "true",
        False: "false",
        ALL_DEFAULTS: ALL_DEFAULTS
    }
    if isinstance(stated, str) and stated != ALL_DEFAULTS:
        words = f"`{stated}`"  # An enum value's name.
    elif isinstance(stated, (int, float)) and not isinstance(stated, bool):
        words = repr(stated)
    else:
        words = words[stated]
    return re.search(r"(?<![\w.])" + re.escape(words) + r"(?!\w|\.\d)",
                     sentence.group(0)) is not None


def _enum_prefix(field):
    """The prefix of the values of `field`'s enum, e.g. `ATOMICITY_MODE_`."""
    return field.enum_type.values[0].name[:-len("UNSPECIFIED")]


def _enum_names(field):
    """The names of the schema enum of `field`, less its prefix and its
    UNSPECIFIED value."""
    prefix = _enum_prefix(field)
    return {v.name[len(prefix):] for v in field.enum_type.values if v.number}


def _same(default, stated, field):
    if stated is ALL_DEFAULTS:
        return dataclasses.is_dataclass(default)
    if stated is None or stated is REQUIRED:
        return default is stated
    if isinstance(default, enum.Enum):
        return (field.enum_type is not None
                and stated == f"{_enum_prefix(field)}{default.name}")
    return type(default) is type(stated) and default == stated


def default_problems(stated=STATED, pool=None):
    """Where Orbax's default of a setting, the `stated` table and the
    schema's comment disagree, and where Orbax's enum and the schema's have
    different values. One line per problem, naming the path."""
    problems = []
    held = drift(pool)["held"]
    for where in sorted(set(stated) - {w for w, _, _ in held}):
        problems.append(f"{where}: in STATED, but not a setting that the "
                        f"schema holds")
    for where, default, field in held:
        want = (ALL_DEFAULTS if dataclasses.is_dataclass(default)
                and where not in NESTED else stated.get(where, "missing"))
        if want == "missing":
            problems.append(f"{where}: no default in STATED")
            continue
        if not _same(default, want, field):
            problems.append(f"{where}: Orbax {VERSION}'s default is "
                            f"{default!r}, STATED says {want!r}")
        if not says(_comment(field), want):
            problems.append(f"{where}: the schema's comment does not say "
                            f"that unset means {want!r}")
        enum_class = (type(default) if isinstance(default, enum.Enum) else
                      ENUMS.get(where))
        if (field.enum_type is None) != (enum_class is None):
            problems.append(f"{where}: an enum on one side only")
        elif enum_class is not None:
            names = {m.name for m in enum_class}
            for name in sorted(names ^ _enum_names(field)):
                side = "Orbax's" if name in names else "the schema's"
                problems.append(f"{where}: {name} is only in {side} enum")
    return problems


def test_defaults_agree_in_orbax_the_table_and_the_schema():
    assert default_problems() == []


# --- The checks catch what they are for ------------------------------------


def _pool(edit):
    """A descriptor pool holding the schema with context.proto's
    FileDescriptorProto changed by `edit`."""
    pool, added = descriptor_pool.DescriptorPool(), set()

    def add(file):
        for dependency in file.dependencies:
            add(dependency)
        if file.name not in added:
            proto = descriptor_pb2.FileDescriptorProto()
            file.CopyToProto(proto)
            if file is context_pb2.DESCRIPTOR:
                edit(proto)
            pool.Add(proto)
            added.add(file.name)

    add(context_pb2.DESCRIPTOR)
    return pool


def _message(proto, *names):
    """The message `names` (a nesting path) of the FileDescriptorProto."""
    messages, message = proto.message_type, None
    for name in names:
        message = next(m for m in messages if m.name == name)
        messages = message.nested_type
    return message


def _remove(proto, names, field):
    """Removes `field`, and its synthetic oneof, from the message `names`."""
    message = _message(proto, *names)
    removed = message.field[[f.name for f in message.field].index(field)]
    if removed.proto3_optional:
        oneof = removed.oneof_index
        del message.oneof_decl[oneof]
        for f in message.field:
            if f.HasField("oneof_index") and f.oneof_index > oneof:
                f.oneof_index -= 1
    message.field.remove(removed)


def test_a_setting_that_the_schema_lacks_is_named():
    pool = _pool(lambda p: _remove(p, ("ArrayOptions", "Saving"), "use_zarr3"))
    assert drift(pool)["problems"] == [
        f"array.saving.use_zarr3: Orbax {VERSION} has it; the schema neither "
        f"holds it nor leaves it out with a reason"
    ]
    # And in a group that the schema reuses from CheckpointOptions: the
    # Checkpointer's own fields, then one of a nested message.
    pool = _pool(
        lambda p: (_remove(p, ("CheckpointerOptions", ),
                           "lightweight_initialize"),
                   _remove(p, ("StandardNameFormat", ), "step_prefix")))
    assert drift(pool)["problems"] == [
        f"{CHECKPOINTER}.step_name_format.step_prefix: Orbax {VERSION} has "
        f"it; the schema neither holds it nor leaves it out with a reason",
        f"{CHECKPOINTER}.lightweight_initialize: Orbax {VERSION} has it; the "
        f"schema neither holds it nor leaves it out with a reason",
    ]


def test_a_group_that_the_schema_lacks_names_each_setting():
    pool = _pool(lambda p: _remove(p, ("Context", ), "safetensors"))
    assert drift(pool)["problems"] == [
        f"safetensors.{name}: Orbax {VERSION} has it; the schema neither "
        f"holds it nor leaves it out with a reason"
        for name in ("max_over_read_ratio", "read_chunk_bytes")
    ]


def test_a_schema_field_without_a_setting_is_named():

    def add(proto):
        field = _message(proto, "MemoryOptions").field.add()
        field.CopyFrom(_message(proto, "MemoryOptions").field[0])
        field.name, field.json_name, field.number = "spare_bytes", "", 99
        field.ClearField("proto3_optional")
        field.ClearField("oneof_index")

    assert drift(_pool(add))["problems"] == [
        f"memory.spare_bytes: in the schema, but Orbax {VERSION} has no such "
        f"setting"
    ]


def test_a_default_that_differs_is_named():
    stated = dict(STATED)
    stated["array.saving.use_ocdbt"] = False
    stated["memory.regulator_options.kp"] = 0.5
    assert default_problems(stated) == [
        f"array.saving.use_ocdbt: Orbax {VERSION}'s default is True, STATED "
        f"says False",
        "array.saving.use_ocdbt: the schema's comment does not say that "
        "unset means False",
        f"memory.regulator_options.kp: Orbax {VERSION}'s default is 0.4, "
        f"STATED says 0.5",
        "memory.regulator_options.kp: the schema's comment does not say that "
        "unset means 0.5",
    ]


def test_an_enum_value_on_one_side_only_is_named():

    def drop_auto(proto):
        values = next(e for e in proto.enum_type
                      if e.name == "CheckpointLayout").value
        del values[[v.name for v in values].index("CHECKPOINT_LAYOUT_AUTO")]

    assert default_problems(pool=_pool(drop_auto)) == [
        "checkpoint_layout: AUTO is only in Orbax's enum"
    ]


@pytest.mark.parametrize("comment, stated, want", [
    ("Unset means 1200. Must be positive.", 1200, True),
    ("Unset means 1200. Must be positive.", 120, False),
    ("Unset means 0.75. Must be at most 1.", 0.75, True),
    ("Unset means 0.75.", 0.7, False),
    ("Unset means process 0 is primary.", 0, True),
    ("Unset means no limit (Python `None`). Must be positive.", None, True),
    ("Unset means true. Python: `x`.", True, True),
    ("Unset means true.", False, False),
    ("Unset, or `A_UNSPECIFIED`, means `A_AUTO`.", "A_AUTO", True),
    ("Unset, or `A_UNSPECIFIED`, means `A_AUTO`.", "A_ORBAX", False),
    ("Unset means all of its defaults.", ALL_DEFAULTS, True),
    ("Required: Python has no default.", REQUIRED, True),
    ("Unset means 10.0.", REQUIRED, False),
    ("No default here.", None, False),
])
def test_what_a_comment_says_is_read_as_written(comment, stated, want):
    assert says(comment, stated) is want


# --- Reused messages --------------------------------------------------------


def test_the_checkpointer_takes_a_context_and_v0s_policies():
    fields = context_pb2.CheckpointerOptions.DESCRIPTOR.fields_by_name
    assert fields["context"].message_type is context_pb2.Context.DESCRIPTOR
    # The policy messages are CheckpointManagerOptions', whose classes
    # test_drift.py checks: v1's policies must be those same classes.
    for field, table, v1, v0, message in (
        ("save_decision_policy", _orbax._SAVE_POLICY,
         ocp.training.save_decision_policies, sdp, cmo_pb2.SaveDecisionPolicy),
        ("preservation_policy", _orbax._PRESERVATION_POLICY,
         ocp.training.preservation_policies, pp, cmo_pb2.PreservationPolicy),
    ):
        assert fields[field].message_type is message.DESCRIPTOR
        for _, cls in table.members:
            assert getattr(v1, cls.name) is getattr(v0, cls.name), cls.name
