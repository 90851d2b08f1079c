# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The installed Orbax against the table (python/orbax_options/_orbax.py)
and the schema, class by class for every class that to_orbax() builds: each
attribute of Orbax's dataclasses is in the table, or left out on purpose
with a reason; and each default is the same in Orbax's dataclass, in what
to_orbax() gives for an unset field, and in what the schema's comment says
"unset means". A new Orbax release that adds a field or moves a default
fails here, naming the class and the field."""

import dataclasses
import datetime
import glob
import inspect
import os
import re

from conftest import SOURCE_DIR

import orbax_options
from orbax_options import _orbax
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2
from orbax_options.v1 import options_pb2
import orbax.checkpoint as ocp
from orbax.checkpoint import options as ocp_options
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp

# Orbax's attributes that the table (and so the schema) leaves out on
# purpose, and why. They are the table's runtime-only objects
# (`_Class.runtime`), which have no wire form: to_orbax() takes them as
# keyword arguments and orbax_callables() gives them back.
LEFT_OUT = {
    ("AsyncOptions", "barrier_sync_fn"):
    "a callable: the barrier that async saves sync processes with",
    ("AsyncOptions", "post_finalization_callback"):
    "a callable that Orbax runs after a save is finalized",
    ("CheckpointManagerOptions", "best_fn"):
    "a callable: the metric that ranks checkpoints",
    ("CheckpointManagerOptions", "should_save_fn"):
    "a callable that decides whether a step is saved",
    ("CheckpointManagerOptions", "step_name_format"):
    "a NameFormat object, which names steps by its methods",
    ("CheckpointManagerOptions", "temporary_path_class"):
    "a class, which commits a checkpoint by its methods",
    ("BestN", "get_metric_fn"):
    "a callable, each BestN's own: the metric that ranks checkpoints",
}

# Values for the attributes that Orbax's policies require (no default), so
# that the others can be left unset.
REQUIRED = {
    "FixedIntervalPolicy": {"interval": 5},
    "SpecificStepsPolicy": {"steps": frozenset({5})},
    "AnySavePolicy": {"policies": []},
    "EveryNSeconds": {"interval_secs": 60},
    "EveryNSteps": {"interval_steps": 10},
    "EveryNStepsClosest": {"interval_steps": 10},
    "CustomSteps": {"steps": [5]},
    "BestN": {"get_metric_fn": len},
    "LatestDuration": {"duration": datetime.timedelta(hours=1)},
    "AnyPreservationPolicy": {"policies": [pp.LatestN(1)]},
}

Manager = cmo_pb2.CheckpointManagerOptions


def _orbax_modules():
    return _orbax._Orbax("test_drift").load_manager()


def drift_problems(classes):
    """What differs between the table's `classes` and the installed Orbax's:
    an attribute on one side only, or an argument of the constructor that
    the table does not name. One line per problem, naming class and field."""
    orbax = _orbax_modules()
    problems = []
    for cls in classes:
        orbax_class = orbax.cls(cls)
        if not dataclasses.is_dataclass(orbax_class):
            # Orbax's policies without fields are plain classes.
            if cls.fields or cls.runtime:
                problems.append(f"{cls.name}: a plain class in Orbax "
                                f"{orbax.version}, with fields in the table")
            orbax_class()
            for args, kwargs in (((1, ), {}), ((), {"x": 1})):
                try:
                    orbax_class(*args, **kwargs)
                except TypeError:
                    continue
                problems.append(f"{cls.name}: takes arguments in Orbax "
                                f"{orbax.version}: {args} {kwargs}")
            continue
        declared = {f.name for f in dataclasses.fields(orbax_class)}
        held = {f.read_attribute for f in cls.fields}
        for name in sorted(declared - held):
            if name not in cls.runtime:
                problems.append(
                    f"{cls.name}.{name}: Orbax {orbax.version} has it; the "
                    f"table (and so the schema) neither holds it nor leaves "
                    f"it out with a reason")
            elif (cls.name, name) not in LEFT_OUT:
                problems.append(f"{cls.name}.{name}: runtime-only in the "
                                f"table, with no reason in LEFT_OUT")
        for name in sorted((held | set(cls.runtime)) - declared):
            problems.append(f"{cls.name}.{name}: in the table, but Orbax "
                            f"{orbax.version} has no such attribute")
        # The constructor's arguments (InitVars included) are the table's.
        arguments = set(inspect.signature(orbax_class).parameters)
        named = {f.attribute for f in cls.fields} | set(cls.runtime)
        for name in sorted(arguments ^ named):
            problems.append(f"{cls.name}({name}=...): Orbax "
                            f"{orbax.version}'s constructor and the table "
                            f"disagree")
    return problems


def test_every_attribute_of_orbaxs_classes_is_in_the_table_or_left_out():
    assert drift_problems(_orbax._ALL_CLASSES) == []
    runtime = {(cls.name, name)
               for cls in _orbax._ALL_CLASSES for name in cls.runtime}
    assert runtime == set(LEFT_OUT)


def test_a_field_that_the_table_lacks_is_named():
    # The table as it was before it gained skip_sync_file_validations.
    without = dataclasses.replace(_orbax._FILE,
                                  fields=_orbax._FILE.fields[:1])
    classes = [without if c is _orbax._FILE else c for c in _orbax._ALL_CLASSES]
    assert drift_problems(classes) == [
        "FileOptions.skip_sync_file_validations: Orbax 0.12.8 has it; the "
        "table (and so the schema) neither holds it nor leaves it out with a "
        "reason",
        "FileOptions(skip_sync_file_validations=...): Orbax 0.12.8's "
        "constructor and the table disagree",
    ]


def _schema_messages():
    """(table class, schema message descriptor) of every class the table
    has, and the `oneof policy` members by policy message."""
    pairs = [(cls, getattr(options_pb2.CheckpointOptions(), field).DESCRIPTOR)
             for field, cls in _orbax._CHECKPOINT_OPTIONS]
    pairs.append((_orbax._CHECKPOINT_MANAGER, Manager.DESCRIPTOR))
    for policy, message in ((_orbax._SAVE_POLICY, cmo_pb2.SaveDecisionPolicy),
                            (_orbax._PRESERVATION_POLICY,
                             cmo_pb2.PreservationPolicy)):
        for member, cls in policy.members:
            pairs.append(
                (cls, message.DESCRIPTOR.fields_by_name[member].message_type))
    return pairs


def test_the_table_maps_every_schema_field():
    for cls, descriptor in _schema_messages():
        # Each field mapped, the oneof `primary` of MultiprocessingOptions by
        # primary_host.
        mapped = {f.schema_field for f in cls.fields}
        fields = {f.name for f in descriptor.fields} - {"all_hosts_primary"}
        assert mapped == fields, cls.name
    for policy, message in ((_orbax._SAVE_POLICY, cmo_pb2.SaveDecisionPolicy),
                            (_orbax._PRESERVATION_POLICY,
                             cmo_pb2.PreservationPolicy)):
        assert {member for member, _ in policy.members
                } == {f.name for f in message.DESCRIPTOR.fields}


# --- Defaults ---------------------------------------------------------------


def _schema_comments():
    """{(message, field or oneof): its comment} of the schema's .proto
    files."""
    comments = {}
    for path in glob.glob(
            os.path.join(SOURCE_DIR, "proto", "orbax_options", "v1",
                         "*.proto")):
        scopes, lines = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line.startswith("//"):
                    lines.append(line[2:].strip())
                    continue
                opened = re.match(r"(message|oneof|enum)\s+(\w+)\s*\{", line)
                declared = re.match(
                    r"(?:optional\s+|repeated\s+)?[\w.]+\s+(\w+)\s*=\s*\d+;",
                    line)
                if opened:
                    if opened.group(1) == "oneof":
                        comments[(scopes[-1][1], opened.group(2))] = " ".join(
                            lines)
                    scopes.append(opened.groups())
                elif declared and scopes:
                    message = [n for k, n in scopes if k == "message"][-1]
                    comments[(message, declared.group(1))] = " ".join(lines)
                elif line.startswith("}") and scopes:
                    scopes.pop()
                lines = []
    return comments


COMMENTS = _schema_comments()
ALL_DEFAULTS = "all of its defaults"
NO_DEFAULT = "no default"


def documented(descriptor, field):
    """What the schema's comment of `field` in the message `descriptor`
    says unset means: a Python value, ALL_DEFAULTS (a message), an enum
    value's name as ("enum", name), or NO_DEFAULT where it says nothing."""
    oneof = descriptor.fields_by_name[field].containing_oneof
    comment = COMMENTS[(descriptor.name, field)]
    if oneof is not None and not oneof.name.startswith("_"):
        comment = COMMENTS[(descriptor.name, oneof.name)]
    sentence = re.search(r"\bUnset\b.*?\.(?=\s|$)", comment)
    if sentence is None:
        return NO_DEFAULT
    text = sentence.group(0)
    if ALL_DEFAULTS in text:
        return ALL_DEFAULTS
    if re.search(r"Python(?:'s)? `None`", text):
        return None
    for pattern, value in ((r"\bmeans `(\w+)`", lambda s: ("enum", s)),
                           (r"\bmeans (true|false)\b", lambda s: s == "true"),
                           (r"\bmeans\D*?(-?\d+)\b", int)):
        found = re.search(pattern, text)
        if found:
            return value(found.group(1))
    raise AssertionError(f"{descriptor.name}.{field}: can't read {text!r}")


def _declared_defaults(orbax_class):
    return {
        f.name: (f.default_factory() if f.default_factory is not
                 dataclasses.MISSING else f.default)
        for f in dataclasses.fields(orbax_class)
    }


def _unset_objects():
    """(table class, schema message, what to_orbax() gives with the
    fields that have a default unset, what Orbax's constructor gives with
    them left out) for every dataclass of the table."""
    orbax = _orbax_modules()
    x = orbax_options.to_orbax(options_pb2.CheckpointOptions())
    found = [(cls, descriptor, getattr(x, field), orbax.cls(cls)())
             for (field, cls), (_, descriptor) in zip(
                 _orbax._CHECKPOINT_OPTIONS, _schema_messages())]
    found.append((_orbax._CHECKPOINT_MANAGER, Manager.DESCRIPTOR,
                  orbax_options.to_orbax(Manager()),
                  ocp.CheckpointManagerOptions()))
    for field, policy in (("save_decision_policy", _orbax._SAVE_POLICY),
                          ("preservation_policy", _orbax._PRESERVATION_POLICY)):
        for member, cls in policy.members:
            orbax_class = orbax.cls(cls)
            if not dataclasses.is_dataclass(orbax_class):
                continue
            required = REQUIRED.get(cls.name, {})
            made = orbax_class(**required)
            m = orbax_options.from_orbax(
                ocp.CheckpointManagerOptions(**{field: made}))
            sub = getattr(getattr(m, field), member)
            for f in cls.fields:
                if f.attribute not in required:
                    sub.ClearField(f.schema_field)
            back = orbax_options.to_orbax(m, get_metric_fns=len)
            found.append((cls, sub.DESCRIPTOR, getattr(back, field), made))
    return found


def _same_default(declared, said, f, descriptor):
    """Whether Orbax's `declared` default of the table's field `f` (of the
    schema message `descriptor`) is what the schema `said`."""
    if said is ALL_DEFAULTS:
        return (dataclasses.is_dataclass(declared)
                and declared == type(declared)())
    if isinstance(said, tuple):  # An enum value's name, as Orbax's value.
        enum_type = descriptor.fields_by_name[f.schema_field].enum_type
        return f.kind.names[enum_type.values_by_name[said[1]].number] == (
            declared)
    return type(declared) is type(said) and declared == said


def default_problems():
    """Where Orbax's default of an attribute, what to_orbax() gives for it
    unset, and what the schema says unset means disagree. One line per
    problem, naming class and field."""
    version = _orbax_modules().version
    problems = []
    for field, _ in _orbax._CHECKPOINT_OPTIONS:
        if documented(options_pb2.CheckpointOptions.DESCRIPTOR,
                      field) is not ALL_DEFAULTS:
            problems.append(f"CheckpointOptions.{field}: the schema does not "
                            f"say that unset means all of its defaults")
    for cls, descriptor, unset, made in _unset_objects():
        declared = _declared_defaults(type(made))
        fields = {f.read_attribute: f for f in cls.fields}
        for name in list(fields) + list(cls.runtime):
            where = f"{cls.name}.{name}"
            f = fields.get(name)
            said = documented(descriptor, f.schema_field) if f else None
            if declared[name] is dataclasses.MISSING:
                if f and said is not NO_DEFAULT:
                    problems.append(f"{where}: no default in Orbax {version}"
                                    f", but the schema says unset means "
                                    f"{said!r}")
                continue
            # As Orbax's constructor keeps it (its __post_init__ turns
            # save_on_steps' None into frozenset()).
            want, got = getattr(made, name), getattr(unset, name)
            if type(got) is not type(want) or got != want:
                problems.append(f"{where}: Orbax {version}'s default is "
                                f"{declared[name]!r} ({want!r} as Orbax keeps "
                                f"it), to_orbax() of an unset field gives "
                                f"{got!r}")
            if f and not _same_default(declared[name], said, f, descriptor):
                problems.append(f"{where}: Orbax {version}'s default is "
                                f"{declared[name]!r}, the schema says unset "
                                f"means {said!r}")
    return problems


def test_defaults_agree_in_orbax_to_orbax_and_the_schema():
    assert default_problems() == []


def test_a_default_that_differs_is_named(monkeypatch):
    # An Orbax whose FileOptions skips the checks by default, and whose
    # CheckpointManagerOptions holds one of those by default.
    fields = [(f.name, f.type,
               dataclasses.field(default=True)
               if f.name == "skip_sync_file_validations" else f)
              for f in dataclasses.fields(ocp_options.FileOptions)]
    file_options = dataclasses.make_dataclass("FileOptions",
                                              fields,
                                              frozen=True)
    manager = dataclasses.make_dataclass(
        "CheckpointManagerOptions",
        [("file_options", file_options,
          dataclasses.field(default_factory=file_options))],
        bases=(ocp.CheckpointManagerOptions, ))
    monkeypatch.setattr(ocp_options, "FileOptions", file_options)
    monkeypatch.setattr(ocp, "CheckpointManagerOptions", manager)
    assert default_problems() == [
        "FileOptions.skip_sync_file_validations: Orbax 0.12.8's default is "
        "True (True as Orbax keeps it), to_orbax() of an unset field gives "
        "False",
        "FileOptions.skip_sync_file_validations: Orbax 0.12.8's default is "
        "True, the schema says unset means False",
        "CheckpointManagerOptions.file_options: Orbax 0.12.8's default is "
        "FileOptions(path_permission_mode=None, "
        "skip_sync_file_validations=True) (FileOptions(path_permission_mode="
        "None, skip_sync_file_validations=True) as Orbax keeps it), "
        "to_orbax() of an unset field gives FileOptions(path_permission_mode="
        "None, skip_sync_file_validations=False)",
    ]


def test_the_schemas_unset_means_reads_as_written():
    # The reader of "unset means", on comments of each kind.
    read = {
        ("AsyncOptions", "timeout_secs"): 1200,
        ("AsyncOptions", "create_directories_asynchronously"): True,
        ("MultiprocessingOptions", "primary_host"): 0,
        ("MultiprocessingOptions", "barrier_sync_key_prefix"): None,
        ("FileOptions", "skip_sync_file_validations"): False,
        ("AtomicityOptions", "mode"): ("enum", "ATOMICITY_MODE_AUTO"),
        ("CheckpointManagerOptions", "save_on_steps"): None,
        ("CheckpointManagerOptions", "file_options"): ALL_DEFAULTS,
        ("FixedIntervalPolicy", "interval"): NO_DEFAULT,
    }
    messages = {d.name: d for _, d in _schema_messages()}
    for (message, field), want in read.items():
        assert documented(messages[message], field) == want, (message, field)
