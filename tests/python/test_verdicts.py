# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Our verdicts are Orbax's (issue 18): on seeded random configs of both
roots, valid and invalid, `orbax_options.validate()` and the real Orbax's
constructors agree.

Each config is drawn as Orbax-level keyword arguments (a tree of `Obj`s:
one of `_orbax.py`'s `_Class`es and its kwargs, with values at and around
every boundary). From the same kwargs the test builds

  * Orbax's objects, with Orbax's own constructors (the five option classes,
    the policy classes, `CheckpointManagerOptions` and its `__post_init__`),
    catching what they raise and the absl warnings they log; and
  * the message, field by field, with `_orbax.py`'s conversion kinds (its
    private table, `_Field.kind.put()`: the code `from_orbax()` uses), but
    without `from_orbax()`'s validation and without building Orbax's objects
    first, so invalid values reach `validate()` as they are. Only values the
    schema can hold are drawn: not an int beyond its int32 or int64, nor a
    str protobuf refuses (so the UTF-8 rules are out of reach from here).

Then, per config: what Orbax refuses, we refuse, with an error of an agreed
rule (`AGREED`) at a field Orbax's exception names; what Orbax accepts, we
accept, unless each of our errors is a deliberate difference (`DELIBERATE`:
Orbax's constructor takes it, and Orbax fails later, or the schema can't
hold it); and where both accept, our warnings are at the fields whose
resets Orbax logs, plus only the deliberate extra warnings
(`EXTRA_WARNINGS`). Every row of the three tables must be met. For the rows
in `PROVED`, test_later_failure[ROW] shows with the real Orbax what the
row's reason says: that Orbax takes the value, and fails (or rewrites it)
later. docs/schema.md's "Where we differ from Orbax's constructors, on purpose"
lists the same rows.
"""

import collections
import datetime
import inspect
import logging
import os
import random
import re
from typing import Any, Dict, NamedTuple

import numpy as np
import pytest

from absl import logging as absl_logging
import orbax.checkpoint as ocp
from orbax.checkpoint import options as ocp_options
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp
from orbax.checkpoint.checkpoint_managers import save_decision_policy as sdp

import orbax_options
from orbax_options import _orbax  # private: the table and its kinds
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2
from orbax_options.v1 import options_pb2

SEED = 18
CONFIGS = 1000  # per root

INT32_MAX, INT64_MAX = 2**31 - 1, 2**63 - 1
# Values at and around the boundaries of the rules and types: permission
# bits (07777), the memory regulator's 14, int32 and int64 limits.
INT32_EDGES = (0, 1, -1, 2, 13, 14, 0o7777, 0o10000, INT32_MAX,
               INT32_MAX - 1, -INT32_MAX - 1, -INT32_MAX)
INT64_EDGES = (0, 1, -1, 2, 2**62 - 1, 2**62, INT64_MAX, -INT64_MAX - 1)
MAX_SECONDS = 315576000000  # protobuf's Duration
DURATIONS = (datetime.timedelta(0), datetime.timedelta(microseconds=1),
             datetime.timedelta(microseconds=-1), datetime.timedelta(hours=6),
             datetime.timedelta(seconds=MAX_SECONDS),
             datetime.timedelta(seconds=MAX_SECONDS, microseconds=999999),
             datetime.timedelta(seconds=MAX_SECONDS + 1),
             -datetime.timedelta(seconds=MAX_SECONDS),
             -datetime.timedelta(seconds=MAX_SECONDS + 1),
             datetime.timedelta.max, datetime.timedelta.min)
STRINGS = ("", "job", "ü", "a\x00b")
MAX_STEP = 2**62 - 1
STEP_SETS = (set(), {0}, {5, 10}, {3, 1, 2}, range(0, 100, 10), range(5, 9),
             range(40, 0, -8), range(0), [7, 7], {MAX_STEP}, {MAX_STEP + 1},
             {-1}, range(-4, 4))
HUGE_STEP_SETS = (range(0, 2_000_000, 2), range(0, 2_000_002, 2))  # 10^6, +1
PROCESS_SETS = (set(), {0}, {0, 1, 2}, {1, 3}, range(0, 4), range(2, 5),
                range(0), {INT32_MAX - 1}, {INT32_MAX}, {-1}, {0, -2})
PRIMARY_HOSTS = (0, 1, 2, 3, -1, INT32_MAX, -INT32_MAX - 1)
POLICY_DEPTH = 9  # one more than C++'s kMaxPolicyDepth
UNKNOWN_ENUM = 7  # an enum number the schema doesn't name

# Orbax's modules, as _orbax.py's table names them.
ORBAX = _orbax._Orbax("test").load_manager()


class Obj(NamedTuple):
    """An Orbax object to build: its class in _orbax.py's table, and the
    keyword arguments to build it with (left out: Orbax's default)."""
    spec: Any  # _orbax._Class
    kwargs: Dict[str, Any]

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{self.spec.name}({args})"


def metric(metrics):
    return metrics["loss"]


# --- Drawing configs ---------------------------------------------------------


def draw_int(rng, bits, nullable):
    if nullable and rng.random() < 0.15:
        return None
    edges = INT32_EDGES if bits == 32 else INT64_EDGES
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(edges)
    if roll < 0.9:
        return rng.randint(-3, 1000)
    return rng.randint(-2**(bits - 1), 2**(bits - 1) - 1)


def draw_value(rng, field, depth):
    """A value for `field` (an `_orbax._Field`), of the Python type Orbax
    takes; None only where Orbax allows it."""
    kind = field.kind
    if field.nullable and not isinstance(kind, _orbax._Int) and (
            rng.random() < 0.3):
        return None
    if isinstance(kind, _orbax._Bool):
        return rng.random() < 0.5
    if isinstance(kind, _orbax._Int):
        return draw_int(rng, kind.bits, field.nullable)
    if isinstance(kind, _orbax._PrimaryHost):
        return rng.choice(PRIMARY_HOSTS)
    if isinstance(kind, _orbax._ProcessSet):
        return rng.choice(PROCESS_SETS)
    if isinstance(kind, _orbax._String):
        return rng.choice(STRINGS)
    if isinstance(kind, _orbax._Duration):
        return rng.choice(DURATIONS)
    if isinstance(kind, _orbax._StepSet):
        if rng.random() < 0.02:
            return rng.choice(HUGE_STEP_SETS)
        return rng.choice(STEP_SETS)
    if isinstance(kind, _orbax._StrEnum):
        value = rng.choice(list(kind.values) + ["median"])
        if kind.orbax_enum and value in kind.values:
            return getattr(ocp_options, kind.orbax_enum)(value)
        return value
    if isinstance(kind, _orbax._Message):
        return draw_obj(rng, kind.cls, depth)
    if isinstance(kind, _orbax._Policy):
        return draw_policy(rng, kind, depth)
    if isinstance(kind, _orbax._PolicyList):
        count = rng.choice((0, 1, 1, 2, 3)) if depth < 2 else 1
        return [draw_policy(rng, kind.policy, depth + 1) for _ in range(count)]
    raise AssertionError(f"no values drawn for {field.attribute} "
                         f"({type(kind).__name__}); add them here")


def required(spec):
    """The arguments Orbax's class needs (no default), runtime ones aside."""
    orbax_class = ORBAX.cls(spec)
    return {
        name
        for name, p in inspect.signature(orbax_class).parameters.items()
        if p.default is inspect.Parameter.empty and name not in spec.runtime
    }


def draw_obj(rng, spec, depth=0, share=0.5):
    """An `Obj` of `spec`: each field drawn with probability `share`; a
    required one is left out (Orbax raises) now and then. A repeated field
    (`policies`) is always given: the schema can't tell [] from absent."""
    kwargs = {}
    needed = required(spec)
    for field in spec.fields:
        if isinstance(field.kind, _orbax._PolicyList):
            give = True
        elif field.attribute in needed:
            give = rng.random() < 0.95
        elif isinstance(field.kind, _orbax._Policy):
            give = rng.random() < 0.6
        else:
            give = rng.random() < share
        if give:
            kwargs[field.attribute] = draw_value(rng, field, depth)
    return Obj(spec, kwargs)


def draw_policy(rng, kind, depth):
    """A policy `Obj` of a `_orbax._Policy` kind; `any` only near the top,
    and now and then a chain of `any`s one deeper than C++'s bound."""
    members = dict(kind.members)
    if depth == 0 and rng.random() < 0.03:
        leaf = draw_obj(rng, members[rng.choice(
            [m for m in members if m != "any"])])
        for _ in range(POLICY_DEPTH):
            leaf = Obj(members["any"], {"policies": [leaf]})
        return leaf
    names = [m for m in members if depth < 2 or m != "any"]
    return draw_obj(rng, members[rng.choice(names)], depth)


def draw_checkpoint_options(rng):
    """The five option objects of a `CheckpointOptions`, by field."""
    return {
        field: draw_obj(rng, spec)
        for field, spec in _orbax._CHECKPOINT_OPTIONS if rng.random() < 0.8
    }


def draw_manager(rng):
    obj = draw_obj(rng, _orbax._CHECKPOINT_MANAGER, share=0.25)
    return {"": obj}


# --- Orbax's verdict ---------------------------------------------------------


def orbax_value(value):
    if isinstance(value, Obj):
        kwargs = {k: orbax_value(v) for k, v in value.kwargs.items()}
        if value.spec.per_object:  # BestN's get_metric_fn
            kwargs["get_metric_fn"] = metric
        return ORBAX.cls(value.spec)(**kwargs)
    if isinstance(value, list):
        return [orbax_value(v) for v in value]
    return value


class _Warnings:
    """The absl warnings Orbax logs while it runs, as the fields they name:
    `...read_only=True, setting max_to_keep=None.` names max_to_keep."""

    def __init__(self):
        self.fields = []
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = self._emit

    def _emit(self, record):
        names = re.findall(r"(\w+)=", record.getMessage())
        assert names, f"an Orbax warning that names no field: {record}"
        self.fields.append(names[-1])

    def __enter__(self):
        absl_logging.get_absl_logger().addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        absl_logging.get_absl_logger().removeHandler(self.handler)


def orbax_verdict(config):
    """What Orbax's constructors do with `config`: the exception they raise
    (or None) and the fields of the warnings they log."""
    with _Warnings() as warnings:
        try:
            for obj in config.values():
                orbax_value(obj)
        except (TypeError, ValueError) as e:
            return e, warnings.fields
    return None, warnings.fields


# --- Our verdict -------------------------------------------------------------


def put(obj, message, path, out):
    """Writes `obj`'s kwargs into `message`, field by field, with the
    table's conversion kinds (nested objects recursively, without building
    Orbax's objects)."""
    for field in obj.spec.fields:
        if field.attribute not in obj.kwargs:
            continue
        value, kind = obj.kwargs[field.attribute], field.kind
        name, field_path = field.schema_field, _orbax._join(
            path, field.attribute)
        if value is None:
            if kind.writes_none:
                kind.put(value, message, name, field_path, out)
        elif isinstance(kind, _orbax._Message):
            target = getattr(message, name)
            target.SetInParent()
            put(value, target, field_path, out)
        elif isinstance(kind, _orbax._Policy):
            put_policy(kind, value, getattr(message, name), field_path, out)
        elif isinstance(kind, _orbax._PolicyList):
            for i, policy in enumerate(value):
                put_policy(kind.policy, policy,
                           getattr(message, name).add(), f"{field_path}[{i}]",
                           out)
        elif isinstance(kind, _orbax._StrEnum) and getattr(
                value, "value", value) not in kind.values:
            # A string that Orbax's names don't include is, in the schema,
            # a number the enum doesn't name.
            setattr(message, name, UNKNOWN_ENUM)
        else:
            kind.put(value, message, name, field_path, out)


def put_policy(kind, obj, message, path, out):
    member = next(m for m, spec in kind.members if spec is obj.spec)
    target = getattr(message, member)
    target.SetInParent()
    put(obj, target, _orbax._join(path, member), out)


def message_of(config):
    out = _orbax._FromOrbax(ORBAX)
    if "" in config:
        message = cmo_pb2.CheckpointManagerOptions()
        put(config[""], message, "", out)
    else:
        message = options_pb2.CheckpointOptions()
        for field, obj in config.items():
            getattr(message, field).SetInParent()
            put(obj, getattr(message, field), field, out)
    # The draws hold only what the schema can hold.
    assert not out.diagnostics, out.diagnostics
    return message


def our_verdict(message):
    """Our errors and warnings for `message`, from `validate()`."""
    try:
        diagnostics = orbax_options.validate(message)
    except orbax_options.ConfigError as e:
        diagnostics = e.diagnostics
    return ([d for d in diagnostics if d.severity == "error"],
            [d for d in diagnostics if d.severity == "warning"])


# --- The tables --------------------------------------------------------------


class Rule(NamedTuple):
    """One of our rules, as its diagnostics show it: `path` and `message`,
    regular expressions that match the path in full and a part of the
    message; `reason`: where Orbax decides it instead (for the rules in
    `PROVED`, test_later_failure() shows it with the real Orbax)."""
    name: str
    path: str
    message: str
    reason: str

    def matches(self, d):
        return re.fullmatch(self.path, d.path) and re.search(
            self.message, d.message)


_POLICY = r"(save_decision|preservation)_policy(\.any\.policies\[\d+\])*"

# What Orbax's constructors refuse, and so do we.
AGREED = (
    Rule("best_mode", "best_mode", "unknown BestMode number",
         "CheckpointManagerOptions.__post_init__: not 'min' or 'max'"),
    Rule("max_to_keep", "max_to_keep",
         "must be >= 0 when preservation_policy is unset",
         "__post_init__, before read_only's resets"),
    Rule("todelete", "todelete_full_path",
         "must not be set together with todelete_subdir",
         "__post_init__, after read_only's resets"),
    Rule("per_process_directory", "enable_per_process_directory_creation",
         "needs multiprocessing_options.all_hosts_primary",
         "__post_init__: primary_host must be None"),
    Rule("required", _POLICY + r"\.\w+\.\w+", "must be set: ",
         "the policy class: a required argument left out (TypeError)"),
)

# What Orbax's constructors accept and we refuse, on purpose.
DELIBERATE = (
    Rule("timeout_secs", r"async_options\.timeout_secs", "must be > 0",
         "AsyncCheckpointer (so CheckpointManager, by default) raises "
         "'Timeout must be positive' when built"),
    Rule("negative_primary_host", r"multiprocessing_options\.primary_host",
         "must be >= 0",
         "no process is primary: the primary's work (e.g. creating the root "
         "directory) is skipped, silently"),
    Rule("primary_host_inactive", r"multiprocessing_options\.primary_host",
         "is not in active_processes",
         "MultiprocessingOptions documents the rule, nothing checks it; no "
         "active process is primary"),
    Rule("empty_active_processes",
         r"multiprocessing_options\.active_processes",
         "must not be empty when set",
         "Orbax's default barrier reads an empty set as all processes, the "
         "rest as none; unset is the one spelling of 'all'"),
    Rule("process_index",
         r"multiprocessing_options\.active_processes\.process_indices\[\d+\]",
         "must be ", "schema: process indices are in [0, 2^31 - 2]"),
    Rule("permission_bits", r"file_options\.path_permission_mode",
         r"must be in \[0, 07777\]",
         "mkdir keeps the low 12 bits (0o10750 makes 0750)"),
    Rule("transfer_ceiling",
         r"memory_limit_options\.max_transfer_concurrent_gb", "must be > 0",
         "the PyTree handler's memory regulator raises when built with "
         "save_device_host_concurrent_gb='auto'"),
    Rule("atomicity_mode", r"atomicity_options\.mode",
         "unknown AtomicityMode number",
         "AtomicityOptions takes any string; the first save raises "
         "'Unsupported atomicity_mode'"),
    Rule("save_interval_steps", "save_interval_steps",
         "must not be 0 when save_decision_policy",
         "the derived FixedIntervalPolicy: ZeroDivisionError at the first "
         "should_save()"),
    Rule("keep_period", "keep_period",
         "must not be 0 when preservation_policy",
         "the derived EveryNSteps raises at the first save"),
    Rule("keep_options_with_policy",
         "max_to_keep|keep_time_interval|keep_period",
         "when preservation_policy is set",
         "CheckpointManager.__init__ raises ValueError"),
    Rule("create_with_active_processes", "create",
         "must be false when multiprocessing_options.active_processes",
         "CheckpointManager.__init__ raises NotImplementedError"),
    Rule("fixed_interval", _POLICY + r"\.fixed_interval\.interval",
         "must not be 0",
         "FixedIntervalPolicy: ZeroDivisionError at the first should_save()"),
    Rule("interval_steps",
         _POLICY + r"\.every_n_steps(_closest)?\.interval_steps",
         "must not be 0",
         "EveryNSteps(Closest) raises at the first should_preserve()"),
    Rule("empty_any", _POLICY + r"\.any\.policies", "must not be empty",
         "AnyPreservationPolicy([]) gives a bool, not a list: the first save "
         "raises TypeError"),
    Rule("duration_range",
         r"keep_time_interval|" + _POLICY + r"\.latest_duration\.duration",
         "seconds must be in",
         "schema: protobuf's Duration holds +-315576000000 s; a timedelta "
         "holds more"),
    Rule("step_set",
         r"(save_on_steps|" + _POLICY +
         r"\.\w+\.steps)(\.(steps|ranges)\[\d+\])?",
         "training steps start at 0|must be <= 4611686018427387903 |"
         "more than 1000000 steps|for a whole config \\(kMaxConfigSteps\\)",
         "schema: steps in [0, 2^62 - 1], at most 10^6 in a set and in a "
         "config"),
    Rule("policy_depth", _POLICY, "policies nest more than 8 deep",
         "schema: kMaxPolicyDepth, for parsers' nesting limits"),
    Rule("step_format_fixed_length", "step_format_fixed_length",
         r"must be >= 0, got|must fit in 255 bytes",
         "the first save: ValueError from f'{step:0{n}d}', or ENAMETOOLONG "
         "(test_sweep.py shows it)"),
    Rule("timedelta_seconds",
         _POLICY + r"\.(every_n_seconds\.interval_secs|"
         r"continuous_checkpointing\.minimum_interval_secs)",
         r"\(Python's timedelta, \+-999999999 days\)",
         "timedelta(seconds=N) raises OverflowError when two checkpoints' "
         "times are first compared (test_sweep.py shows it)"),
    Rule("keep_count",
         _POLICY + r"\.(latest_n\.n|best_n\.n|"
         r"every_n_steps(_closest)?\.max_to_keep)",
         r"must be >= 0 \(unset keeps every checkpoint\)",
         "the policy takes a negative count, then deletes checkpoints it "
         "should keep"),
)

# What Orbax accepts without a log line, and we warn about.
EXTRA_WARNINGS = (
    Rule("ignored_under_policy", "save_interval_steps|save_on_steps",
         "ignored: save_decision_policy is set",
         "the manager asks save_decision_policy alone"),
    Rule("async_directories",
         r"async_options\.create_directories_asynchronously",
         "Orbax turns it off",
         "CheckpointManager.__init__ ANDs it with enable_async_checkpointing"),
    Rule("low_transfer_ceiling",
         r"memory_limit_options\.max_transfer_concurrent_gb", "is below 14",
         "the memory regulator raises for 1 to 13, when it is used "
         "(save_device_host_concurrent_gb='auto')"),
)

# Every field name of the table: what an Orbax exception may name.
ATTRIBUTES = {f.attribute for spec in _orbax._ALL_CLASSES for f in spec.fields}

# The fields whose resets CheckpointManagerOptions.__post_init__ logs under
# read_only (and should_save_fn, a runtime callable).
READ_ONLY_RESETS = {
    "save_interval_steps", "max_to_keep", "keep_time_interval", "keep_period",
    "create", "cleanup_tmp_directories", "save_on_steps", "todelete_subdir",
    "todelete_full_path"
}


def rule_of(d, rules):
    return next((r for r in rules if r.matches(d)), None)


def leaf(path):
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]


def disagreements(orbax_error, orbax_warned, errors, warnings, seen):
    """What is wrong with our verdict, given Orbax's; counts in `seen` the
    rules met, Orbax's refusals (by what they name) and its warnings."""
    problems = []
    for d in errors:
        rule = rule_of(d, AGREED + DELIBERATE)
        seen[("rule", rule and rule.name)] += 1
        if rule is None:
            problems.append(f"an error in no table: {d}")
        elif orbax_error is None and rule in AGREED:
            problems.append(f"Orbax accepts what we refuse: {d}")
    if orbax_error is not None:
        named = set(re.findall(r"\w+", str(orbax_error))) & ATTRIBUTES
        seen[("refused", *sorted(named))] += 1
        if not any(
                rule_of(d, AGREED) and leaf(d.path) in named for d in errors):
            problems.append(
                f"Orbax refuses ({type(orbax_error).__name__}: {orbax_error}) "
                f"and we have no agreed error at {sorted(named)}: "
                f"{[str(d) for d in errors]}")
        return problems
    if errors:
        return problems
    ours = set()
    for d in warnings:
        rule = rule_of(d, EXTRA_WARNINGS)
        if rule is None:
            ours.add(d.path)
        else:
            seen[("rule", rule.name)] += 1
    seen.update(("warned", f) for f in orbax_warned)
    if ours != set(orbax_warned):
        problems.append(f"Orbax logs resets of {sorted(orbax_warned)}, we "
                        f"warn about {sorted(ours)}: "
                        f"{[str(d) for d in warnings]}")
    return problems


def test_verdicts_agree_with_orbax():
    seen = collections.Counter()
    problems = []
    for root, draw in (("CheckpointOptions", draw_checkpoint_options),
                       ("CheckpointManagerOptions", draw_manager)):
        rng = random.Random(f"{SEED}:{root}")
        for n in range(CONFIGS):
            config = draw(rng)
            orbax_error, orbax_warned = orbax_verdict(config)
            errors, warnings = our_verdict(message_of(config))
            seen[("verdict", root, orbax_error is None, not errors)] += 1
            for problem in disagreements(orbax_error, orbax_warned, errors,
                                         warnings, seen):
                problems.append(f"{root} #{n}: {problem}\n  {config}")
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(
        problems[:10])
    # Every rule of the tables met; each of Orbax's refusals and resets; and
    # enough configs of each verdict.
    unmet = [
        r.name for r in AGREED + DELIBERATE + EXTRA_WARNINGS
        if not seen[("rule", r.name)]
    ]
    assert not unmet, f"rules no config met: {unmet}"
    assert {k for k in seen if k[0] == "refused"} == {
        ("refused", "best_mode"), ("refused", "max_to_keep"),
        ("refused", "todelete_full_path", "todelete_subdir"),
        ("refused", "enable_per_process_directory_creation", "primary_host"),
        ("refused", "duration"), ("refused", "interval"),
        ("refused", "interval_secs"), ("refused", "interval_steps"),
        ("refused", "steps")
    }
    assert {k[1] for k in seen if k[0] == "warned"} == READ_ONLY_RESETS
    # (Orbax's verdict, ours: whether each accepts.)
    for verdict in (("CheckpointOptions", True, True),
                    ("CheckpointOptions", True, False),
                    ("CheckpointManagerOptions", True, True),
                    ("CheckpointManagerOptions", True, False),
                    ("CheckpointManagerOptions", False, False)):
        assert seen[("verdict", *verdict)] >= CONFIGS // 10, (verdict, seen)


# --- Where Orbax fails later -------------------------------------------------


def manager(tmp_path, name="root", **kwargs):
    """The real CheckpointManager in `tmp_path/name`, saving synchronously
    unless told otherwise."""
    kwargs.setdefault("enable_async_checkpointing", False)
    return ocp.CheckpointManager(
        tmp_path / name, options=ocp.CheckpointManagerOptions(**kwargs))


def save(checkpoint_manager, step=0):
    checkpoint_manager.save(step,
                            args=ocp.args.StandardSave({"a": np.zeros(2)}))


def prove_timeout_secs(tmp_path):
    for timeout in (0, -1):
        with pytest.raises(ValueError, match="Timeout must be positive"):
            manager(tmp_path,
                    enable_async_checkpointing=True,
                    async_options=ocp_options.AsyncOptions(
                        timeout_secs=timeout))


def prove_negative_primary_host(tmp_path):
    for primary_host, created in ((0, True), (-1, False)):
        manager(tmp_path,
                f"primary{primary_host}",
                multiprocessing_options=ocp_options.MultiprocessingOptions(
                    primary_host=primary_host))
        assert (tmp_path / f"primary{primary_host}").exists() == created


def prove_permission_bits(tmp_path):
    umask = os.umask(0o022)
    try:
        manager(tmp_path,
                file_options=ocp_options.FileOptions(
                    path_permission_mode=0o10750))
    finally:
        os.umask(umask)
    assert os.stat(tmp_path / "root").st_mode & 0o7777 == 0o750


def _handler(max_transfer_concurrent_gb):
    return ocp.PyTreeCheckpointHandler(
        save_device_host_concurrent_gb="auto",
        memory_limit_options=ocp_options.MemoryLimitOptions(
            max_transfer_concurrent_gb))


def prove_transfer_ceiling(tmp_path):
    for gb in (0, -1):
        with pytest.raises(ValueError, match="must be positive"):
            _handler(gb)


def prove_low_transfer_ceiling(tmp_path):
    for gb in (1, 13):
        with pytest.raises(ValueError, match="must be less than target"):
            _handler(gb)
    _handler(14)
    ocp.PyTreeCheckpointHandler(
        memory_limit_options=ocp_options.MemoryLimitOptions(1))


def prove_atomicity_mode(tmp_path):
    checkpoint_manager = manager(
        tmp_path,
        atomicity_options=ocp_options.AtomicityOptions(mode="median"))
    with pytest.raises(ValueError, match="Unsupported atomicity_mode"):
        save(checkpoint_manager)


def prove_save_interval_steps(tmp_path):
    with pytest.raises(ZeroDivisionError):
        manager(tmp_path, save_interval_steps=0).should_save(1)


def prove_keep_period(tmp_path):
    with pytest.raises(ValueError, match="interval_steps must not be 0"):
        save(manager(tmp_path, keep_period=0))


def prove_keep_options_with_policy(tmp_path):
    for keep in ({"max_to_keep": 1}, {"max_to_keep": -1}, {"keep_period": 1},
                 {"keep_time_interval": datetime.timedelta(seconds=1)}):
        with pytest.raises(ValueError, match="mutually exclusive"):
            manager(tmp_path, preservation_policy=pp.LatestN(n=1), **keep)


def prove_create_with_active_processes(tmp_path):
    with pytest.raises(NotImplementedError, match="active_processes"):
        manager(tmp_path,
                multiprocessing_options=ocp_options.MultiprocessingOptions(
                    active_processes={0}))


def prove_fixed_interval(tmp_path):
    with pytest.raises(ZeroDivisionError):
        manager(tmp_path, save_decision_policy=sdp.FixedIntervalPolicy(
            interval=0)).should_save(1)


def prove_interval_steps(tmp_path):
    for policy in (pp.EveryNSteps(interval_steps=0),
                   pp.EveryNStepsClosest(interval_steps=0)):
        with pytest.raises(ValueError, match="interval_steps must not be 0"):
            policy.should_preserve([], context=pp.PreservationContext())


def prove_empty_any(tmp_path):
    checkpoint_manager = manager(
        tmp_path, preservation_policy=pp.AnyPreservationPolicy(policies=[]))
    with pytest.raises(TypeError, match="'bool' object is not iterable"):
        save(checkpoint_manager)


def prove_ignored_under_policy(tmp_path):
    # save_interval_steps=1 and save_on_steps would save at 3 and 4.
    checkpoint_manager = manager(
        tmp_path,
        save_decision_policy=sdp.SpecificStepsPolicy(steps={5}),
        save_interval_steps=1,
        save_on_steps={3})
    assert [checkpoint_manager.should_save(s) for s in (3, 4, 5)] == [
        False, False, True
    ]


def prove_async_directories(tmp_path):
    async_options = ocp_options.AsyncOptions(
        create_directories_asynchronously=True)
    manager(tmp_path, async_options=async_options)
    assert async_options.create_directories_asynchronously is False


PROVED = {
    name[len("prove_"):]: function
    for name, function in globals().items() if name.startswith("prove_")
}


def test_proofs_are_of_table_rules():
    assert set(PROVED) <= {r.name for r in DELIBERATE + EXTRA_WARNINGS}


# An AsyncCheckpointer that raises in its constructor fails again in its
# __del__ (Orbax's _AsyncManager), which pytest reports as a warning.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("name", sorted(PROVED))
def test_later_failure(name, tmp_path):
    """Orbax's constructors take what the rule `name` refuses (or warns
    about), and Orbax fails (or rewrites) later, as the table says."""
    PROVED[name](tmp_path)
