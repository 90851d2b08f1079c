# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The sweep: every integer and duration field of both roots, found in the
schema's descriptors (a new field is swept without a change here), at 0,
-1, 1, its type's limits and the values just past Orbax's own limits,
judged twice: by orbax_options' validate() and by the real Orbax, its
constructors and a real CheckpointManager on CPU that saves a tiny pytree
at steps 0 and 1 (two, so that time-based decisions compare two times).

For a value that validate() refuses, Orbax's objects are built from a
valid stand-in through to_orbax(), then rebuilt with the value through
dataclasses.replace(), so that Orbax's own constructors judge it.

A value that Orbax refuses (or fails on) and validate() accepts is a
defect. A value that validate() refuses and Orbax accepts must be one of
the deliberate differences of docs/schema.md's "Where we differ from Orbax's
constructors, on purpose" (DELIBERATE below names the words it says).

Not swept: the bounds of a set's ranges (`ranges.start` and the like),
which are an encoding of a set, not values Orbax sees (step_set_test,
process_set_test and limits_test cover them); a set's elements are swept,
as a set of one.
"""

import contextlib
import dataclasses
import datetime
import os
import re
import resource
import shutil

import numpy as np
import orbax.checkpoint as ocp
import pytest
from google.protobuf.descriptor import FieldDescriptor

from conftest import SOURCE_DIR

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2

ROOTS = (options_pb2.CheckpointOptions,
         checkpoint_manager_options_pb2.CheckpointManagerOptions)
BITS = {FieldDescriptor.TYPE_INT32: 32, FieldDescriptor.TYPE_INT64: 64}
DURATION = "google.protobuf.Duration"
SET_MESSAGES = ("orbax_options.v1.StepSet", "orbax_options.v1.ProcessSet")

# Orbax's own limits, each with the value just past it (and the type's
# limits, 0, -1 and 1, below): the name of a step directory (NAME_MAX less
# the atomic rename's suffix, or not), the memory regulator's smallest
# ceiling, and Python's timedelta in seconds.
ORBAX_EDGES = (13, 14, 234, 235, 255, 256, 86399999999999, 86400000000000,
               -86399999913600, -86399999913601)
# protobuf's Duration range, which a Duration field holds (parsing refuses
# past it: not a value Orbax could be given through the schema).
DURATION_EDGES = (315576000000, -315576000000)

# The deliberate differences: (field path pattern, the values, the start of
# its row in docs/schema.md's table).
DELIBERATE = (
    (r"primary_host$", lambda v: v < 0,
     "| `multiprocessing_options.primary_host` | < 0 |"),
    (r"process_indices$", lambda v: v != 0,  # primary_host 0 not in {v}
     "| `multiprocessing_options.primary_host` | not in `active_processes` |"),
    (r"process_indices$", lambda v: v < 0 or v > 2**31 - 2,
     "| `multiprocessing_options.active_processes` | an index outside"),
    (r"path_permission_mode$", lambda v: not 0 <= v <= 0o7777,
     "| `file_options.path_permission_mode` | outside [0, 07777] |"),
    (r"max_transfer_concurrent_gb$", lambda v: v <= 0,
     "| `memory_limit_options.max_transfer_concurrent_gb` | ≤ 0 |"),
    (r"(latest_n|best_n)\.n$|every_n_steps(_closest)?\.max_to_keep$",
     lambda v: v < 0,
     "| `latest_n.n`, `best_n.n`, `every_n_steps(_closest).max_to_keep` | "
     "< 0 |"),
    (r"steps$", lambda v: v < 0 or v > 2**62 - 1,
     "| durations, step sets, policies |"),
)
# Headroom for one case's allocations: Orbax builds what it is given (a
# step name of 2**31 digits), and a MemoryError is its verdict.
MEMORY_HEADROOM = 1 << 30
TREE = {"a": np.zeros(2, np.float32)}


def swept_fields(descriptor, prefix="", seen=()):
    """(path, kind) of every integer and duration field under `descriptor`,
    kind being 32, 64 or "duration"; a policy list (`any.policies`) is not
    followed, its policies being swept at the top."""
    for field in descriptor.fields:
        path = prefix + field.name
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            sub = field.message_type
            if sub.full_name == DURATION:
                yield path, "duration"
            elif sub.full_name in SET_MESSAGES:
                for element in sub.fields:
                    if element.type in BITS:
                        yield (f"{path}.{element.name}", BITS[element.type])
            elif sub not in seen:
                yield from swept_fields(sub, path + ".", seen + (descriptor, ))
        elif field.type in BITS:
            yield path, BITS[field.type]


def values(kind):
    if kind == "duration":
        return sorted({0, -1, 1, *DURATION_EDGES})
    low, high = -2**(kind - 1), 2**(kind - 1) - 1
    return sorted({0, -1, 1, low, high} |
                  {v for v in ORBAX_EDGES if low <= v <= high})


CASES = [(root, path, kind, value) for root in ROOTS
         for path, kind in swept_fields(root.DESCRIPTOR)
         for value in values(kind)]


def message_with(root, path, value):
    """A `root` message with `path` set to `value` (a set of one for a
    set's element), and the fields that its messages require set to 1."""
    message = root()
    names = path.split(".")
    target = message
    for name in names[:-1]:
        target = getattr(target, name)
        target.SetInParent()
        for field in target.DESCRIPTOR.fields:
            if (target.DESCRIPTOR.name in REQUIRES_ONE
                    and field.type in BITS and field.name != names[-1]):
                setattr(target, field.name, 1)
    if "active_processes" in path and root is ROOTS[1]:
        message.create = False  # Orbax refuses create with them.
    last = target.DESCRIPTOR.fields_by_name[names[-1]]
    if last.type == FieldDescriptor.TYPE_MESSAGE:
        getattr(target, names[-1]).seconds = value
    elif last.is_repeated:
        getattr(target, names[-1]).append(value)
    else:
        setattr(target, names[-1], value)
    return message


# Policies whose integer fields Orbax requires (set to 1 beside the one
# swept): what validate() calls "must be set".
REQUIRES_ONE = ("FixedIntervalPolicy", "EveryNSeconds", "EveryNSteps",
                "EveryNStepsClosest")


def to_orbax(message):
    callables = {}
    if "best_n" in str(message):
        callables["get_metric_fns"] = lambda metrics: 0.0
    return orbax_options.to_orbax(message, **callables)


def orbax_value(old, kind, value):
    """`value` as Orbax holds the field whose stand-in was `old`."""
    if kind == "duration":
        return datetime.timedelta(seconds=value)
    if isinstance(old, (set, frozenset)):
        return type(old)([value])
    if isinstance(old, list):
        return [value]
    return value


def rebuilt(objects, path, kind, value):
    """Orbax's objects `objects` (from to_orbax() of a stand-in) with the
    field at `path` given `value`, each object on the way rebuilt by its
    own constructor."""
    chain, names = [objects], []
    message = ROOT_OF[type(objects)]().DESCRIPTOR
    for name in path.split("."):
        field = message.fields_by_name[name]
        message = field.message_type
        if field.containing_oneof and field.containing_oneof.name == "policy":
            continue  # The policy's member: the object is the member.
        if not dataclasses.is_dataclass(chain[-1]) and not hasattr(
                chain[-1], "_replace"):
            break  # Inside a set: the set is the value.
        # An InitVar (CustomSteps' steps) is no attribute: given as a list.
        chain.append(getattr(chain[-1], name, []))
        names.append(name)
    new = orbax_value(chain[-1], kind, value)
    for holder, name in zip(reversed(chain[:-1]), reversed(names)):
        if hasattr(holder, "_replace"):
            new = holder._replace(**{name: new})
        else:
            new = dataclasses.replace(holder, **{name: new})
    return new


ROOT_OF = {}


def orbax_objects(root, path, kind, value):
    """Orbax's objects for the case, built by Orbax's constructors."""
    message = message_with(root, path, value)
    try:
        return to_orbax(message)
    except orbax_options.ConfigError:
        pass
    for stand_in in (1, 0, 14, 2, 100):
        try:
            objects = to_orbax(message_with(root, path, stand_in))
        except orbax_options.ConfigError:
            continue
        ROOT_OF[type(objects)] = root
        return rebuilt(objects, path, kind, value)
    raise AssertionError(f"{path}: no valid stand-in")


@contextlib.contextmanager
def memory_cap():
    """Caps the process's data at what it uses now plus MEMORY_HEADROOM."""
    with open("/proc/self/status", encoding="ascii") as status:
        used = next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmData:"))
    old = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA,
                       (used + MEMORY_HEADROOM, old[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, old)


def run_orbax(objects, directory, asynchronous):
    """Saves TREE at steps 0 and 1 with a real CheckpointManager; the root
    directory made first (Orbax does not create it for active_processes).
    Saves asynchronously only for `asynchronous`: a failed asynchronous save
    leaves threads waiting out the timeout, at exit too."""
    shutil.rmtree(directory, ignore_errors=True)
    os.mkdir(directory)
    handler = None
    if isinstance(objects, orbax_options.OrbaxOptions):
        handler = ocp.PyTreeCheckpointHandler(
            multiprocessing_options=objects.multiprocessing_options,
            memory_limit_options=objects.memory_limit_options)
        objects = ocp.CheckpointManagerOptions(
            async_options=objects.async_options,
            multiprocessing_options=objects.multiprocessing_options,
            file_options=objects.file_options,
            create=objects.multiprocessing_options.active_processes is None)
    objects = dataclasses.replace(objects,
                                  enable_async_checkpointing=asynchronous)
    save = ocp.args.PyTreeSave if handler else ocp.args.StandardSave
    with ocp.CheckpointManager(directory, options=objects,
                               item_handlers=handler) as manager:
        for step in (0, 1):
            manager.save(step, args=save(TREE))
            manager.wait_until_finished()


def orbax_verdict(root, path, kind, value, directory):
    """None if Orbax takes the value and saves, else its reason."""
    try:
        with memory_cap():
            run_orbax(orbax_objects(root, path, kind, value), directory,
                      path.startswith("async_options."))
    except Exception as error:  # Orbax's verdict, whatever it raises.
        return f"{type(error).__name__}: {str(error)[:100]}"
    return None


def our_verdict(root, path, value):
    try:
        orbax_options.validate(message_with(root, path, value))
    except orbax_options.ConfigError as error:
        return str(error)
    except ValueError as error:  # Out of the field's type's range.
        return str(error)
    return None


def deliberate(path, value):
    for pattern, applies, words in DELIBERATE:
        if re.search(pattern, path) and applies(value):
            return words
    return None


def test_every_integer_field_is_swept():
    paths = {path for root, path, _, _ in CASES}
    assert "step_format_fixed_length" in paths
    assert "preservation_policy.every_n_seconds.interval_secs" in paths
    assert "preservation_policy.latest_duration.duration" in paths
    assert "memory_limit_options.max_transfer_concurrent_gb" in paths
    assert "save_on_steps.steps" in paths


def test_sweep_agrees_with_orbax(tmp_path):
    readme = open(os.path.join(SOURCE_DIR, "docs", "schema.md"),
                  encoding="utf-8").read()
    defects, undocumented = [], []
    for root, path, kind, value in CASES:
        ours = our_verdict(root, path, value)
        theirs = orbax_verdict(root, path, kind, value, tmp_path / "c")
        where = f"{root.DESCRIPTOR.name}.{path} = {value}"
        if ours is None and theirs is not None:
            defects.append(f"{where}: Orbax: {theirs}")
        elif ours is not None and theirs is None:
            words = deliberate(path, value)
            if words is None or words not in readme:
                undocumented.append(f"{where}: we refuse: {ours}")
    assert defects == []
    assert undocumented == []
