# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Orbax's own option objects to and from the schema: `to_orbax()`,
`from_orbax()` and `orbax_callables()`, for v0's option classes and
`CheckpointManagerOptions`, and for v1's `Context` and
`training.Checkpointer` (whose nested classes are the nested messages).

The table is derived from the `_pb2` descriptors: per message an Orbax class
of the same name (`_Class`), per field an attribute of the same name, its
conversion chosen by the field's type (`_kind()`). `_ONLY` holds what only
Orbax knows: which attributes take None, the runtime-only callables (never
serialised: to_orbax()'s keyword arguments), the modules, the enum classes.
C++ validates and writes the explicit form both ways; Python only says what
the schema can't hold (an int beyond its type, an unknown enum string), and
where the installed Orbax and the schema differ: an attribute that one side
lacks converts only at its default, and is an error otherwise.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import functools
import importlib
import inspect
import operator
import sys
from typing import (Any, Callable, Dict, List, Mapping, NamedTuple, Optional,
                    Set, Tuple, Union)

from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message

from orbax_options import _core
from orbax_options import _errors
from orbax_options import _messages
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import context_pb2
from orbax_options.v1 import options_pb2

__all__ = [
    "CheckpointerArguments", "OrbaxOptions", "from_orbax", "orbax_callables",
    "to_orbax"
]

# Where Orbax keeps what the table names; `_Class.module` is a key here.
_OPTIONS_MODULE = "orbax.checkpoint.options"  # the five option classes
_CHECKPOINT_MODULE = "orbax.checkpoint"  # CheckpointManagerOptions
# The policies' modules, as attributes of this package (Orbax defines them
# in orbax.checkpoint._src.checkpoint_managers and exports them here).
_MANAGERS_MODULE = "orbax.checkpoint.checkpoint_managers"
_SAVE_MODULE = "save_decision_policy"
_PRESERVE_MODULE = "preservation_policy"
# Orbax's v1 API (experimental upstream): `Context` here, its groups in
# `.options`, the step names of `training.Checkpointer` in `._src.path.step`.
_V1_MODULE = "orbax.checkpoint.experimental.v1"
_V1_MODULES = {
    "v1": _V1_MODULE,
    "v1options": f"{_V1_MODULE}.options",
    "v1step": f"{_V1_MODULE}._src.path.step",
    # Where v1's groups take two classes from.
    "metadata": "orbax.checkpoint._src.metadata.pytree_metadata_options",
    "pathways": "orbax.checkpoint._src.serialization.pathways_types",
    # CheckpointerArguments: to_orbax()'s own, for Checkpointer(...).
    "arguments": __name__,
}
_MODULE_NAMES = {
    "options": _OPTIONS_MODULE,
    "checkpoint": _CHECKPOINT_MODULE,
    "save": f"{_MANAGERS_MODULE}.{_SAVE_MODULE}",
    "preserve": f"{_MANAGERS_MODULE}.{_PRESERVE_MODULE}",
    **_V1_MODULES,
}

# The name of from_orbax()'s source in diagnostics.
_FROM_ORBAX = "<from_orbax>"
_OPTIONS = options_pb2.CheckpointOptions
_MANAGER = checkpoint_manager_options_pb2.CheckpointManagerOptions
_MANAGER_NAME = _MANAGER.DESCRIPTOR.name
_CONTEXT = context_pb2.Context
_CHECKPOINTER = context_pb2.CheckpointerOptions
# The roots of Orbax's v1 API, by name.
_V1_ROOTS = {cls.DESCRIPTOR.name: cls for cls in (_CONTEXT, _CHECKPOINTER)}

# from_orbax() stops following `Any*Policy.policies` this deep (a policy
# that holds itself is refused as such, see _FromOrbax.enter()). C++ refuses
# anything nested deeper than its bound (8, kMaxPolicyDepth), so a message
# cut off here is refused there, with C++'s own error.
_MAX_POLICY_DEPTH = 16

# from_orbax() walks at most this many policy objects in all: a policy held
# many times over (`p.policies = [q] * 10`, `q.policies = [r] * 10`, ...) is
# walked once per place, so depth alone does not bound the walk. Real
# configs hold a handful; each costs about 10 us here.
_MAX_POLICIES = 100_000

# The most processes to_orbax() puts in Orbax's `active_processes`, a Python
# set of ints: C++'s kMaxOrbaxProcesses (process_set.h says why 2^20), about
# which `check` warns.
_MAX_ORBAX_PROCESSES = 2**20

# The most steps a config's step sets may name together: C++'s
# kMaxConfigSteps (step_set.h), which C++ checks. from_orbax() counts them
# too, only to stop reading sets that C++ will refuse.
_MAX_CONFIG_STEPS = 10**6

# What an ImportError says to install: the package's extra, which pins the
# Orbax versions it is tested with.
_INSTALL = "pip install 'orbax-options[orbax]'"
# The orbax-checkpoint whose experimental v1 API the conversion is tested
# with (tests/python/test_v1_orbax.py); v1 may change in any release.
_V1_ORBAX = "0.12.8"


class _Orbax:
    """Orbax's modules that the table names (`_Class.module`), imported on
    first use: `options` always; `checkpoint`, `save` and `preserve` for a
    `CheckpointManagerOptions`."""

    def __init__(self, function: str) -> None:
        self.function = function
        self.options = self._import(_OPTIONS_MODULE)

    def _import(self, name: str, attribute: str = "") -> Any:
        shown = f"{name}.{attribute}" if attribute else name
        try:
            module = importlib.import_module(name)
            return getattr(module, attribute) if attribute else module
        except (ImportError, AttributeError) as e:
            raise ImportError(
                f"orbax_options.{self.function}() needs Orbax's {shown} "
                f"({_INSTALL}): {e}",
                name=name) from e

    @property
    def version(self) -> str:
        """The installed Orbax's version, as diagnostics name it."""
        import importlib.metadata  # pylint: disable=import-outside-toplevel
        try:
            return importlib.metadata.version("orbax-checkpoint")
        except importlib.metadata.PackageNotFoundError:
            checkpoint = importlib.import_module(_CHECKPOINT_MODULE)
            return getattr(checkpoint, "__version__", "of unknown version")

    def is_manager(self, value: Any) -> bool:
        """Whether `value` is Orbax's CheckpointManagerOptions (if Orbax has
        that class)."""
        checkpoint = importlib.import_module(_CHECKPOINT_MODULE)
        manager = getattr(checkpoint, "CheckpointManagerOptions", None)
        return manager is not None and isinstance(value, manager)

    def load_manager(self) -> "_Orbax":
        self.checkpoint = self._import(_CHECKPOINT_MODULE)
        self._import(_CHECKPOINT_MODULE, "CheckpointManagerOptions")
        self.save = self._import(_MANAGERS_MODULE, _SAVE_MODULE)
        self.preserve = self._import(_MANAGERS_MODULE, _PRESERVE_MODULE)
        return self

    def load_v1(self) -> "_Orbax":
        """Imports Orbax's v1 API (and the policies of a Checkpointer), or
        raises the ImportError naming the installed version."""
        self.load_manager()
        for key, name in _V1_MODULES.items():
            try:
                setattr(self, key, importlib.import_module(name))
            except ImportError as e:
                raise ImportError(
                    f"orbax_options.{self.function}() needs Orbax's v1 API, "
                    f"{name}, which the installed Orbax {self.version} lacks "
                    f"(orbax-options converts it for orbax-checkpoint "
                    f"{_V1_ORBAX}; {_INSTALL}): {e}",
                    name=name) from e
        return self

    def v1_root(self, value: Any) -> Optional["_Class"]:
        """The table's class of `value` if it is a v1 `Context` or a
        `CheckpointerArguments` (importing the v1 API then), else None."""
        if isinstance(value, CheckpointerArguments):
            self.load_v1()
            return _CHECKPOINTER_CLASS
        v1 = sys.modules.get(_V1_MODULE)  # Not imported: not one of its.
        if v1 is not None and isinstance(value, v1.Context):
            self.load_v1()
            return _CONTEXT_CLASS
        return None

    def cls(self, spec: "_Class") -> type:
        # A nested class by its dotted name (`ArrayOptions.Saving`).
        return functools.reduce(getattr, spec.name.split("."),
                                getattr(self, spec.module))


class _Walk:
    """One conversion's walk: Orbax's modules, and what it finds that the
    other side can't take, as diagnostics of `source`."""

    def __init__(self, orbax: _Orbax, source: str) -> None:
        self.orbax = orbax
        self.source = source
        self.diagnostics: List[_errors.Diagnostic] = []

    def add(self, path: str, message: str) -> None:
        self.diagnostics.append(
            _errors.Diagnostic(self.source, 0, 0, path, message))

    def check(self) -> None:
        if self.diagnostics:
            raise _errors.ConfigError(self.diagnostics)


class _FromOrbax(_Walk):
    """What from_orbax() gathers while it walks Orbax's objects: values the
    schema can't hold, and the callables it passes by."""

    def __init__(self, orbax: _Orbax) -> None:
        super().__init__(orbax, _FROM_ORBAX)
        self.callables: Dict[str, Any] = {}
        self.get_metric_fns: Dict[str, Any] = {}
        self.depth = 0
        self.policies = 0  # walked, against _MAX_POLICIES
        self.holders: Dict[int, str] = {}  # id -> path, of the policies open
        self.steps_named = 0  # against _MAX_CONFIG_STEPS

    def enter(self, policy: Any, path: str) -> bool:
        """Whether to walk `policy` at `path`: not if one of the policies
        that hold it is `policy` itself (a cycle), or past _MAX_POLICIES;
        either is reported. Each True needs its `leave()`."""
        held_at = self.holders.get(id(policy))
        if held_at is not None:
            self.add(
                path, f"{type(policy).__name__} holds itself: it is the "
                f"policy at {held_at or '(the root)'}; a policy that holds "
                f"itself has no schema form (it would nest without end)")
            return False
        self.policies += 1
        if self.policies > _MAX_POLICIES:
            if self.policies == _MAX_POLICIES + 1:
                self.add(
                    path, f"more than {_MAX_POLICIES} policies in all "
                    f"(a policy counts once in each place that holds it)")
            return False
        self.holders[id(policy)] = path
        return True

    def leave(self, policy: Any) -> None:
        del self.holders[id(policy)]

    def found(self, cls: "_Class", name: str, path: str, value: Any) -> None:
        if value is None:
            return
        if cls.per_object:
            self.get_metric_fns[path] = value
        else:
            self.callables[name] = value


class _ToOrbax(_Walk):
    """What to_orbax() builds Orbax's objects with: the callables to attach
    (`per_path`: BestN's, by path), and the explicit form they come from
    (`explicit`, of the root type named `root`)."""

    def __init__(self, orbax: _Orbax, callables: Mapping[str, Any],
                 per_path: Mapping[str, Any], root: str,
                 explicit: _message.Message) -> None:
        super().__init__(orbax, _messages.MESSAGE_NAME)
        self.callables = callables
        self.per_path = per_path
        self.root = root
        self.explicit = explicit
        # v1's roots: only the fields that the explicit form sets are
        # passed (None is Orbax's default there), and only the callables
        # given.
        self.given_only = root in _V1_ROOTS
        self.used: Set[str] = set()  # the callables attached

    def is_default(self, path: str, field: str) -> bool:
        """Whether the schema field `field` of the message at `path` holds
        its default: C++'s explicit form is the same with it cleared."""
        trial = type(self.explicit)()
        trial.CopyFrom(self.explicit)
        _clear(_at(trial, path), field)
        try:
            data = _messages.effective_bytes(self.root,
                                             trial.SerializeToString(),
                                             _messages.MESSAGE_NAME)
        except _errors.ConfigError:  # Cleared, it is not valid: required.
            return False
        return type(self.explicit).FromString(data) == self.explicit

    def holds_given(self, kind: Any) -> bool:
        """Whether the objects of `kind` hold a callable given."""
        return isinstance(kind, _Message) and any(
            self.callables.get(name) is not None
            for name in _runtime_paths(kind.cls))

    def runtime(self, cls: "_Class", name: str, path: str) -> Any:
        if cls.per_object:
            return self.per_path[path]
        value = self.callables.get(name)
        if value is None and name in cls.required:
            raise TypeError(
                f"to_orbax(): {path} needs its {name}, which Orbax requires "
                f"and no message holds: pass {name}=...")
        if value is not None:
            self.used.add(name)
        return value


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _at(message: _message.Message, path: str) -> _message.Message:
    """The sub-message of `message` at `path` (`a.b[2].c`, or "")."""
    for part in path.split(".") if path else ():
        name, _, index = part.partition("[")
        message = getattr(message, name)
        if index:
            message = message[int(index[:-1])]
    return message


def _clear(message: _message.Message, field: str) -> None:
    """Clears `field`, or the oneof that holds it (`primary`)."""
    oneof = message.DESCRIPTOR.fields_by_name[field].containing_oneof
    message.ClearField(oneof.name if oneof else field)


def _shown(value: Any) -> str:
    """`repr(value)`, cut to a short line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# _declared() and _arguments() depend on the class alone, and
# inspect.signature() is slow (hundreds of microseconds for
# CheckpointManagerOptions): each is computed once per class. Their results
# are only read.
@functools.lru_cache(maxsize=None)
def _declared(orbax_class: type) -> Dict[str, Any]:
    """The attributes that the Orbax class declares (a dataclass's fields),
    each with its default (`dataclasses.MISSING` if it has none)."""
    if not dataclasses.is_dataclass(orbax_class):
        return {}
    return {
        f.name: (f.default_factory() if f.default_factory is not
                 dataclasses.MISSING else f.default)
        for f in dataclasses.fields(orbax_class)
    }


@functools.lru_cache(maxsize=None)
def _arguments(orbax_class: type) -> Optional[frozenset]:
    """The names that the Orbax class's constructor takes, or None if it
    takes any keyword."""
    parameters = inspect.signature(orbax_class).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters)


def _type_error(path: str, expected: str, value: object) -> TypeError:
    return TypeError(f"from_orbax(): {path} must be {expected}, not "
                     f"{type(value).__name__}")


def _int(value: Any, path: str, out: _FromOrbax, bits: int) -> Optional[int]:
    """`value` as an int that fits a signed `bits`-bit int, or None after
    reporting it."""
    if isinstance(value, bool):
        raise _type_error(path, "int", value)
    try:
        number = operator.index(value)
    except TypeError:
        raise _type_error(path, "int", value) from None
    low, high = -(2**(bits - 1)), 2**(bits - 1) - 1
    if not low <= number <= high:
        out.add(path,
                f"{number} is out of the range of int{bits} [{low}, {high}]")
        return None
    return number


def _sort_key(value: Any) -> Tuple[int, int]:
    # Sorting gives errors in index order; a non-int fails in _int instead.
    try:
        return (0, operator.index(value))
    except TypeError:
        return (1, 0)


def _check_container(value: Any, path: str, expected: str) -> None:
    """Raises the TypeError naming `expected` for a `value` that is no
    container (a str or bytes counts as none)."""
    if isinstance(value, (str, bytes)) or not isinstance(
            value, collections.abc.Iterable):
        raise _type_error(path, expected, value)


def _ints(value: Any, path: str, out: _FromOrbax, bits: int) -> List[int]:
    """The elements of the container `value`, sorted, each as `_int()`
    takes it (`path[n]`); those out of range are reported and left out."""
    ints = [
        _int(i, f"{path}[{n}]", out, bits)
        for n, i in enumerate(sorted(value, key=_sort_key))
    ]
    return [i for i in ints if i is not None]


# --- Kinds of conversion ----------------------------------------------------
# Each kind writes an Orbax value into a schema message (`put`, for
# from_orbax()), and reads one from the explicit form (`get`, for
# to_orbax()). `put` is given None only where Orbax allows it and the kind
# says that it writes None (`writes_none`); other fields leave None unset.
# `path` is the field's path (`async_options.timeout_secs`); `expected`
# names the Python type in TypeErrors.


class _Kind:
    """What kinds share: unset in the explicit form is None, and `read()`
    converts a value that is set."""

    expected = ""
    writes_none = False

    def is_set(self, message, field) -> bool:
        """Whether `message` sets `field` (v1's roots pass only those)."""
        return message.HasField(field)

    def get(self, message, field, path, into):
        if not message.HasField(field):
            return None
        return self.read(getattr(message, field), path, into)

    def read(self, value, path, into):
        return value


class _Scalar(_Kind):
    """A value of the Python type `type` as an `optional` scalar field."""

    type: type = object

    def put(self, value, message, field, path, out) -> None:
        if not isinstance(value, self.type):
            raise _type_error(path, self.expected, value)
        try:
            setattr(message, field, value)
        except ValueError:  # A str that is not valid UTF-8.
            out.add(path, f"not valid UTF-8: {value!r}")


class _Bool(_Scalar):
    type, expected = bool, "bool"


class _String(_Scalar):
    type, expected = str, "str"


class _Float(_Scalar):
    """A `float` (or an int, as Python takes one) as a `double`."""

    expected = "float"

    def put(self, value, message, field, path, out) -> None:
        if isinstance(value, bool) or not isinstance(value, (float, int)):
            raise _type_error(path, self.expected, value)
        setattr(message, field, float(value))


class _Int(_Scalar):
    """An `int` as an `int32` or `int64` (`bits`)."""

    expected = "int"

    def __init__(self, bits: int, whole: bool = False) -> None:
        self.bits = bits
        self.whole = whole  # Orbax also takes a float, if it is whole

    def put(self, value, message, field, path, out) -> None:
        if self.whole and isinstance(value, float):
            if not value.is_integer():
                out.add(path, f"{value!r} is not a whole number, which is all "
                        f"the schema holds")
                return
            value = int(value)
        number = _int(value, path, out, self.bits)
        if number is not None:
            setattr(message, field, number)


class _PrimaryHost(_Kind):
    """An `int | None` as a oneof (`primary`) of an int (`primary_host`)
    and an `Empty` (`all_hosts_primary {}`: None, every host primary)."""

    expected = "int"
    writes_none = True

    def __init__(self, oneof: _descriptor.OneofDescriptor) -> None:
        self.oneof = oneof.name
        self.none = next(f.name for f in oneof.fields if _is_none_member(f))
        self.int = _Int(_BITS[next(f.type for f in oneof.fields
                                   if not _is_none_member(f))])

    def put(self, value, message, field, path, out) -> None:
        if value is None:
            getattr(message, self.none).SetInParent()
        else:
            self.int.put(value, message, field, path, out)

    def is_set(self, message, field) -> bool:
        return message.WhichOneof(self.oneof) is not None

    def get(self, message, field, path, into):
        if message.WhichOneof(self.oneof) == self.none:
            return None
        return getattr(message, field)


class _ProcessSet(_Kind):
    """`Set[int] | None` as a `ProcessSet` (None: unset, all processes).
    The indices go in as they are (C++ writes the canonical form); a `range`
    with step 1 as one `ProcessRange`."""

    expected = "a set of int"

    def put(self, value, message, field, path, out) -> None:
        _check_container(value, path, self.expected)
        target = getattr(message, field)
        target.SetInParent()
        if isinstance(value, range) and value.step == 1 and value:
            start = _int(value.start, f"{path}.start", out, 32)
            stop = _int(value.stop, f"{path}.stop", out, 32)
            if start is not None and stop is not None:
                target.ranges.add(start=start, stop=stop)
            return
        target.process_indices.extend(_ints(value, path, out, 32))

    def read(self, process_set, path, into):
        # The explicit form is canonical: indices and ranges are disjoint.
        size = len(process_set.process_indices) + sum(
            r.stop - r.start for r in process_set.ranges)
        if size > _MAX_ORBAX_PROCESSES:
            into.add(
                path, f"a set of {size} processes, over the "
                f"{_MAX_ORBAX_PROCESSES} (kMaxOrbaxProcesses) that to_orbax() "
                f"converts: Orbax holds active_processes as a Python set of "
                f"ints")
            return None
        indices = set(process_set.process_indices)
        for r in process_set.ranges:
            indices.update(range(r.start, r.stop))
        return indices


class _StepSet(_Kind):
    """A container of steps (a set, list, `range`, ...) as a `StepSet`; to
    Orbax, a `frozenset`, or a sorted list (`sequence`). Steps go in as they
    are (C++ writes the canonical form); a `range` as one `StepRange`, so a
    huge one is never enumerated here (C++ bounds the steps of a set)."""

    expected = "a container of int"

    def __init__(self, sequence: bool = False) -> None:
        self.sequence = sequence

    def put(self, value, message, field, path, out) -> None:
        _check_container(value, path, self.expected)
        target = getattr(message, field)
        target.SetInParent()
        value = _over_budget(value, out)
        if isinstance(value, range):
            if value:  # An empty range is an empty set.
                # Ascending, whatever the range's direction.
                first, last = sorted((value[0], value[-1]))
                start = _int(first, f"{path}.start", out, 64)
                stop = _int(last + 1, f"{path}.stop", out, 64)
                step = _int(abs(value.step), f"{path}.step", out, 64)
                if None not in (start, stop, step):
                    target.ranges.add(start=start, stop=stop, step=step)
            return
        target.steps.extend(_ints(value, path, out, 64))

    def get(self, message, field, path, into):
        # Unset is the empty set (`save_on_steps`: Orbax turns None into
        # frozenset() itself).
        return self.read(getattr(message, field), path, into)

    def read(self, step_set, path, into):
        steps = set(step_set.steps)
        for r in step_set.ranges:
            steps.update(range(r.start, r.stop, r.step or 1))
        return sorted(steps) if self.sequence else frozenset(steps)


def _over_budget(value: Any, out: _FromOrbax) -> Any:
    """The container of steps `value`, counted against _MAX_CONFIG_STEPS.
    Once sets before it count and it takes the config past the bound, a
    container of steps is given as a `range` of as many steps instead: C++
    refuses that with the same count and the bound, and the steps are never
    sorted here."""
    if isinstance(value, range):
        try:
            out.steps_named += len(value)
        except OverflowError:  # Over sys.maxsize: C++ refuses it.
            out.steps_named += _MAX_CONFIG_STEPS + 1
        return value
    if not isinstance(value, collections.abc.Sized):
        value = list(value)
    before = out.steps_named
    out.steps_named += len(value)
    if before and out.steps_named > _MAX_CONFIG_STEPS:
        return range(len(value))
    return value


class _Duration(_Kind):
    """A `datetime.timedelta` as a `google.protobuf.Duration`: whole
    microseconds, which is all a timedelta holds."""

    expected = "datetime.timedelta"

    def put(self, value, message, field, path, out) -> None:
        if not isinstance(value, datetime.timedelta):
            raise _type_error(path, self.expected, value)
        micros = (value.days * 86400 + value.seconds) * 10**6
        micros += value.microseconds
        # Duration's seconds and nanos share the sign.
        seconds, rest = divmod(abs(micros), 10**6)
        sign = -1 if micros < 0 else 1
        duration = getattr(message, field)
        duration.seconds = sign * seconds
        duration.nanos = sign * rest * 1000

    def read(self, duration, path, into):
        return datetime.timedelta(seconds=duration.seconds,
                                  microseconds=duration.nanos // 1000)


class _StrEnum(_Kind):
    """A string (`values`) as a schema enum: each value's name without the
    enum's prefix, in lower case (`ATOMICITY_MODE_COMMIT_FILE`,
    'commit_file'). `orbax_enum` is the module (a key of _MODULE_NAMES) and
    name of Orbax's enum class that to_orbax() gives (`AtomicityMode`), whose
    members map by name (`COMMIT_FILE`); without one, Orbax's type is a plain
    `str` (`best_mode`), and errors name the field (`label`)."""

    def __init__(self, enum_type: _descriptor.EnumDescriptor, field: str,
                 orbax_enum: Tuple[str, str]) -> None:
        prefix = len(enum_type.values_by_number[0].name) - len("UNSPECIFIED")
        self.values = {
            v.name[prefix:].lower(): v.number
            for v in enum_type.values if v.number
        }
        self.names = {number: value for value, number in self.values.items()}
        self.orbax_module, self.orbax_enum = orbax_enum or ("", "")
        self.label = self.orbax_enum or field
        self.expected = self.orbax_enum or "str"

    def put(self, value, message, field, path, out) -> None:
        if isinstance(value, enum.Enum):
            value = value.name.lower()
        if not isinstance(value, str):
            raise _type_error(path, self.expected, value)
        number = self.values.get(value)
        if number is None:
            expected = ", ".join(repr(v) for v in self.values)
            out.add(
                path, f"unknown {self.label} {value!r}; expected one of "
                f"{expected}")
            return
        setattr(message, field, number)

    def is_set(self, message, field) -> bool:
        # `*_UNSPECIFIED` (0) is unset, as the schema says.
        return message.HasField(field) and getattr(message, field) != 0

    def get(self, message, field, path, into):  # Always set when explicit.
        number = getattr(message, field)
        value = self.names.get(number)
        if value is None:  # C++ refuses it first where it validates.
            into.add(path, f"unknown {self.label} number {number}")
            return None
        if self.orbax_enum:
            orbax_enum = getattr(getattr(into.orbax, self.orbax_module),
                                 self.orbax_enum)
            return orbax_enum[value.upper()]
        return value


class _Dtype(_Kind):
    """A numpy dtype (any spelling `numpy.dtype()` takes) as its name
    (`bfloat16`); to Orbax, the `numpy.dtype` of the name. JAX's extra
    types (`bfloat16`, `int4`, the float8s) are known once `ml_dtypes` is
    imported, as Orbax imports it."""

    expected = "a numpy dtype"

    def put(self, value, message, field, path, out) -> None:
        dtype = _numpy_dtype(value)
        if dtype is None:
            out.add(path, f"numpy knows no dtype {_shown(value)}")
        else:
            setattr(message, field, dtype.name)

    def read(self, value, path, into):
        dtype = _numpy_dtype(value)
        if dtype is None:
            into.add(path, f"numpy knows no dtype {value!r}")
        return dtype


def _numpy_dtype(value: Any) -> Any:
    """`numpy.dtype(value)`, with ml_dtypes' types known, or None."""
    import numpy  # pylint: disable=import-outside-toplevel
    try:
        # pylint: disable-next=import-outside-toplevel,unused-import
        import ml_dtypes
    except ImportError:
        pass
    try:
        return numpy.dtype(value)
    except (TypeError, ValueError):
        return None


class _Axes(_Kind):
    """A tuple of axis indices as a message of their list (`ShardAxes`), in
    order; `()` is a set message with none."""

    expected = "a tuple of int"

    def put(self, value, message, field, path, out) -> None:
        _check_container(value, path, self.expected)
        target = getattr(message, field)
        target.SetInParent()
        axes = [_int(a, f"{path}[{n}]", out, 32) for n, a in enumerate(value)]
        target.axes.extend(a for a in axes if a is not None)

    def read(self, value, path, into):
        return tuple(value.axes)


class _Message(_Kind):
    """One of Orbax's option objects as a sub-message, by its `_Class`."""

    def __init__(self, cls: "_Class") -> None:
        self.cls = cls
        self.expected = f"{_MODULE_NAMES[cls.module]}.{cls.name}"

    def put(self, value, message, field, path, out) -> None:
        if not isinstance(value, out.orbax.cls(self.cls)):
            raise _type_error(path, self.expected, value)
        target = getattr(message, field)
        target.SetInParent()
        _put_object(self.cls, value, target, path, out)

    def read(self, value, path, into):
        return _get_object(self.cls, value, path, into)


class _Policy(_Kind):
    """A policy object as a policy message (`SaveDecisionPolicy`,
    `PreservationPolicy`): the member of its oneof that is the object's
    class, by `members` (filled in by _policy_of()). Only Orbax's own
    classes have a schema form: a custom policy, or a subclass, is a
    TypeError."""

    def __init__(self, descriptor: _descriptor.Descriptor,
                 module: str) -> None:
        self.expected = f"one of Orbax's {descriptor.name} classes"
        self.module = module
        self.oneof = descriptor.oneofs[0].name
        self.members: Tuple[Tuple[str, _Class], ...] = ()

    def put(self, value, message, field, path, out) -> None:
        self.put_into(value, getattr(message, field), path, out)

    def put_into(self, value, policy, path, out) -> None:
        if not out.enter(value, path):
            return
        try:
            for member, cls in self.members:
                if type(value) is out.orbax.cls(cls):
                    getattr(policy, member).SetInParent()
                    _put_object(cls, value, getattr(policy, member),
                                _join(path, member), out)
                    return
            names = ", ".join(cls.name for _, cls in self.members)
            raise TypeError(
                f"from_orbax(): {path} must be {self.expected} ({names}; a "
                f"custom policy has no schema form), not "
                f"{type(value).__name__}")
        finally:
            out.leave(value)

    def read(self, policy, path, into):
        member = policy.WhichOneof(self.oneof)
        cls = dict(self.members)[member]
        return _get_object(cls, getattr(policy, member), _join(path, member),
                           into)


class _PolicyList(_Kind):
    """`Any*Policy.policies`, a sequence of policies, as a repeated policy
    message; to Orbax, a list."""

    expected = "a sequence of policies"

    def __init__(self, policy: _Policy) -> None:
        self.policy = policy

    def put(self, value, message, field, path, out) -> None:
        _check_container(value, path, self.expected)
        if out.depth >= _MAX_POLICY_DEPTH:
            return  # Too deep; C++ says so (see _MAX_POLICY_DEPTH).
        target = getattr(message, field)
        out.depth += 1
        try:
            for i, policy in enumerate(value):
                self.policy.put_into(policy, target.add(), f"{path}[{i}]", out)
        finally:
            out.depth -= 1

    def is_set(self, message, field) -> bool:
        return True  # An empty list is Orbax's too.

    def get(self, message, field, path, into):
        return [
            self.policy.read(policy, f"{path}[{i}]", into)
            for i, policy in enumerate(getattr(message, field))
        ]


# --- The table, derived from the descriptors --------------------------------


@dataclasses.dataclass(frozen=True)
class _Field:
    attribute: str  # Orbax's attribute (and argument of its constructor)
    kind: Any  # the conversion
    nullable: bool = False  # whether Orbax allows None
    read: str = ""  # where Orbax keeps the value, if not in `attribute`
    # Whether Orbax's type allows a None that the schema has no form for.
    none_unheld: bool = False

    @property
    def schema_field(self) -> str:  # The schema's name is Orbax's.
        return self.attribute

    @property
    def read_attribute(self) -> str:
        return self.read or self.attribute


@dataclasses.dataclass(frozen=True)
class _Class:
    name: str  # the class's name in its module: the schema message's
    module: str  # where Orbax defines it: a key of _MODULE_NAMES
    fields: Tuple[_Field, ...]
    runtime: Tuple[str, ...] = ()  # runtime-only callables, never serialised
    # Whether each object's callables are its own, keyed by its path
    # (BestN's `get_metric_fn`), rather than one per keyword argument.
    per_object: bool = False
    required: Tuple[str, ...] = ()  # runtime-only ones Orbax requires
    # Whether to_orbax() builds the object as `Context` is built: made with
    # no arguments, then each group's settings assigned by dot notation.
    assign: bool = False
    unwrap: str = ""  # the attribute whose object holds the settings
    v1: bool = False  # whether it is one of v1's (_ONLY_V1)


class _Only(NamedTuple):
    """What only Orbax knows of the class of one schema message."""
    none: str = ""  # the attributes that take None (Orbax's Optional[...])
    runtime: str = ""  # `_Class.runtime`
    per_object: bool = False  # `_Class.per_object`
    read: Tuple[Tuple[str, str], ...] = ()  # (field, `_Field.read`)
    sequence: str = ""  # the StepSets that Orbax holds as a sorted list
    module: str = ""  # the class's module, if not its holder's
    name: str = ""  # the class's name, if not the message's
    required: str = ""  # `_Class.required`
    assign: bool = False  # `_Class.assign`
    unwrap: str = ""  # `_Class.unwrap`
    dtype: str = ""  # the numpy dtypes, as their names (_Dtype)
    whole: str = ""  # the ints that Orbax also takes as floats
    unheld: str = ""  # `_Field.none_unheld`


# yapf: disable
_ONLY = {
    "AsyncOptions": _Only(
        runtime="barrier_sync_fn post_finalization_callback"),
    "MultiprocessingOptions": _Only(
        none="primary_host active_processes barrier_sync_key_prefix"),
    "FileOptions": _Only(none="path_permission_mode"),
    "MemoryLimitOptions": _Only(none="max_transfer_concurrent_gb"),
    "CheckpointManagerOptions": _Only(
        none="max_to_keep keep_time_interval keep_period step_prefix "
        "step_format_fixed_length save_on_steps todelete_subdir "
        "todelete_full_path num_deletion_threads async_options "
        "atomicity_options save_decision_policy preservation_policy",
        runtime="best_fn should_save_fn step_name_format temporary_path_class"),
    "ContinuousCheckpointingPolicy": _Only(none="minimum_interval_secs"),
    "LatestN": _Only(none="n"),
    "EveryNSteps": _Only(none="max_to_keep"),
    "EveryNStepsClosest": _Only(none="max_to_keep"),
    "BestN": _Only(none="n", runtime="get_metric_fn", per_object=True),
    # `steps` is an InitVar: Orbax keeps the set in `_steps_set`, a list.
    "CustomSteps": _Only(read=(("steps", "_steps_set"),), sequence="steps"),
}
# The v1 API's classes (`_V1_MODULES`), by the message's name in its file
# (`ArrayOptions.Saving`): Orbax's nested classes are the nested messages.
# A message of the v0 file (AsyncOptions) is here v1's class of that name.
_ONLY_V1 = {
    # `checkpointables` is a registry of handler classes.
    "Context": _Only(module="v1", assign=True, runtime="checkpointables"),
    "ArrayOptions.Saving": _Only(
        none="ocdbt_target_data_file_size enable_pinned_host_transfer "
        "use_replica_parallel min_slice_bytes_for_replica_parallel "
        "max_replicas_for_replica_parallel",
        runtime="array_metadata_store scoped_storage_options_creator"),
    "ArrayOptions.Saving.StorageOptions": _Only(
        none="dtype chunk_byte_size shard_axes", dtype="dtype"),
    "ArrayOptions.Loading.LoadAndBroadcastOptions": _Only(
        none="broadcast_memory_limit_bytes",
        unheld="replica_axis_index primary_replica_id "
        "broadcast_memory_scaling_factor"),
    "PyTreeMetadataOptions": _Only(module="metadata"),
    "AsyncOptions": _Only(runtime="post_finalization_callback"),
    "MultiprocessingOptions": _ONLY["MultiprocessingOptions"],
    "FileOptions": _Only(none="path_permission_mode", runtime="path_class"),
    "MemoryOptions": _Only(
        none="write_concurrent_bytes read_concurrent_bytes "
        "transfer_concurrent_bytes regulator_options expected_surge_bytes",
        runtime="is_prioritized_key_fn serialization_status_callback",
        whole="expected_surge_bytes"),
    "MemoryOptions.RegulatorOptions": _Only(runtime="profiler",
                                            required="profiler"),
    "DeletionOptions.GcsDeletionOptions": _Only(none="todelete_full_path"),
    "SafetensorsOptions": _Only(none="max_over_read_ratio read_chunk_bytes"),
    "PathwaysOptions": _Only(none="checkpointing_impl"),
    "CheckpointerOptions": _Only(
        module="arguments", name="CheckpointerArguments",
        none="context save_decision_policy preservation_policy "
        "step_name_format"),
    # v1's standard name format keeps the settings in v0's.
    "StandardNameFormat": _Only(
        module="v1step", name="_StandardNameFormat", unwrap="_delegate",
        none="step_prefix step_format_fixed_length"),
}
# yapf: enable
# Orbax's enum class (its module, a key of _MODULE_NAMES, and name) of each
# schema enum that has one; the others are plain strings in Orbax
# (best_mode).
_ENUM_CLASSES = {
    "AtomicityMode": ("options", "AtomicityMode"),
    "CheckpointLayout": ("v1options", "CheckpointLayout"),
    "CheckpointingImpl": ("pathways", "CheckpointingImpl"),
}
# The module of each policy message's classes.
_POLICY_MODULES = {"SaveDecisionPolicy": "save", "PreservationPolicy": "preserve"}

_BITS = {
    _descriptor.FieldDescriptor.TYPE_INT32: 32,
    _descriptor.FieldDescriptor.TYPE_INT64: 64
}
_SCALARS = {
    **{number: _Int(bits) for number, bits in _BITS.items()},
    _descriptor.FieldDescriptor.TYPE_BOOL: _Bool(),
    _descriptor.FieldDescriptor.TYPE_STRING: _String(),
    _descriptor.FieldDescriptor.TYPE_DOUBLE: _Float(),
}
_CLASSES: Dict[str, _Class] = {}  # by message name, as _class_of() makes them
_POLICIES: Dict[str, _Policy] = {}  # by message name


def _kind(field: _descriptor.FieldDescriptor, module: str,
          only: _Only) -> Any:
    """The conversion of the schema field `field`, by its type; nested
    option classes in `module`."""
    oneof = field.containing_oneof
    if oneof is not None and not oneof.name.startswith("_"):  # Not optional.
        return _PrimaryHost(oneof)
    if field.enum_type is not None:
        return _StrEnum(field.enum_type, field.name,
                        _ENUM_CLASSES.get(field.enum_type.name, ()))
    message = field.message_type
    if message is None:
        if field.name in only.dtype.split():
            return _Dtype()
        if field.name in only.whole.split():
            return _Int(_BITS[field.type], whole=True)
        return _SCALARS[field.type]
    if message.name in _POLICY_MODULES:
        policy = _policy_of(message)
        return _PolicyList(policy) if field.is_repeated else policy
    if message.full_name == "google.protobuf.Duration":
        return _Duration()
    if message.name == "StepSet":
        return _StepSet(sequence=field.name in only.sequence.split())
    if message.name == "ProcessSet":
        return _ProcessSet()
    if message.name == "ShardAxes":
        return _Axes()
    return _Message(_class_of(message, module))


def _is_none_member(field: _descriptor.FieldDescriptor) -> bool:
    return (field.message_type is not None
            and field.message_type.full_name == "google.protobuf.Empty")


def _class_of(message: _descriptor.Descriptor, module: str) -> _Class:
    """The table's class of the schema message `message`, an Orbax class of
    the same name in `module`: a field per schema field (an `Empty` member
    of a oneof aside: it is None, see _PrimaryHost). Under v1's `module`
    ("v1options"), `_ONLY_V1` says, and the name is the message's in its
    file (`ArrayOptions.Saving`), a nested class for a nested message."""
    v1 = module == "v1options"
    name = message.full_name[len(message.file.package) + 1:]
    key = f"v1:{name}" if v1 else name
    if key not in _CLASSES:
        only = (_ONLY_V1 if v1 else _ONLY).get(name, _Only())
        fields = tuple(
            _Field(f.name,
                   _kind(f, module, only),
                   nullable=f.name in only.none.split(),
                   read=dict(only.read).get(f.name, ""),
                   none_unheld=f.name in only.unheld.split())
            for f in message.fields if not _is_none_member(f))
        _CLASSES[key] = _Class(only.name or name, only.module or module,
                               fields, tuple(only.runtime.split()),
                               only.per_object, tuple(only.required.split()),
                               only.assign, only.unwrap, v1)
    return _CLASSES[key]


def _policy_of(message: _descriptor.Descriptor) -> _Policy:
    """The policy kind of the policy message `message`: a member per field
    of its oneof, each an Orbax class of the member's message."""
    if message.name not in _POLICIES:
        module = _POLICY_MODULES[message.name]
        policy = _POLICIES[message.name] = _Policy(message, module)
        policy.members = tuple((f.name, _class_of(f.message_type, module))
                               for f in message.oneofs[0].fields)
    return _POLICIES[message.name]


# CheckpointOptions: its fields (from_orbax()'s arguments, in order) and the
# class each holds.
_CHECKPOINT_OPTIONS = tuple(
    (f.name, _class_of(f.message_type, "options"))
    for f in _OPTIONS.DESCRIPTOR.fields)
_CHECKPOINT_MANAGER = _class_of(_MANAGER.DESCRIPTOR, "checkpoint")
_SAVE_POLICY = _POLICIES["SaveDecisionPolicy"]
_PRESERVATION_POLICY = _POLICIES["PreservationPolicy"]
_ASYNC = _CLASSES["AsyncOptions"]
_FILE = _CLASSES["FileOptions"]
# The v1 roots; their policies are the manager's.
_CONTEXT_CLASS = _class_of(_CONTEXT.DESCRIPTOR, "v1options")
_CHECKPOINTER_CLASS = _class_of(_CHECKPOINTER.DESCRIPTOR, "v1options")
# Every class of the table: v0's, and the v1 API's.
_ALL_CLASSES = tuple(c for c in _CLASSES.values() if not c.v1)
_V1_CLASSES = tuple(c for c in _CLASSES.values() if c.v1)
# The message of each v1 root, by its Orbax class's name.
_V1_MESSAGES = {
    _CONTEXT_CLASS.name: _CONTEXT,
    _CHECKPOINTER_CLASS.name: _CHECKPOINTER
}


def _default_checkpointables(options: Any) -> bool:
    """Whether a Context's `checkpointables` is as Orbax makes it: a
    read-only registry of the global handlers."""
    registry, default = options.registry, type(options)().registry
    return (type(registry) is type(default)
            and registry.get_all_entries() == default.get_all_entries())


# How from_orbax() knows the runtime-only members that are Orbax's default
# objects, and so not the caller's, where `is` the dataclass's default does
# not tell.
_RUNTIME_DEFAULTS = {"checkpointables": _default_checkpointables}


def _put_object(cls: _Class, value: Any, message: _message.Message, path: str,
                out: _FromOrbax) -> None:
    """Writes the attributes of the Orbax object `value` into `message`,
    recording its callables in `out`.

    An attribute that `value`'s class does not declare (an older Orbax) is
    left unset: that Orbax behaves as the default does. One that it declares
    and the table lacks (a newer Orbax) is reported unless it holds its
    default. Private attributes (`_regulator`) are Orbax's state, not
    settings."""
    if cls.unwrap:
        value = getattr(value, cls.unwrap)
    declared = _declared(type(value))
    known = {f.read_attribute for f in cls.fields} | set(cls.runtime)
    for name, default in declared.items():
        if name in known or name.startswith("_"):
            continue
        attribute = getattr(value, name)
        if default is not dataclasses.MISSING and attribute == default:
            continue
        keep = ("" if default is dataclasses.MISSING else
                f"; only its default, {_shown(default)}, may be left out")
        out.add(
            _join(path, name),
            f"Orbax {out.orbax.version}'s {type(value).__name__}.{name} has "
            f"no field in the schema, so {_shown(attribute)} would be "
            f"lost{keep}")
    for f in cls.fields:
        field_path = _join(path, f.attribute)
        if declared and f.read_attribute not in declared:
            continue  # An older Orbax: unset is its behaviour.
        attribute = getattr(value, f.read_attribute)
        if attribute is None:
            if f.none_unheld:
                out.add(
                    field_path, "None, which Orbax's type allows here, has no "
                    "form in the schema (Orbax fails with it when it reads "
                    "it): set a value")
                continue
            if not f.nullable:
                raise _type_error(field_path, f.kind.expected, attribute)
            if not f.kind.writes_none:
                continue  # None is unset.
        f.kind.put(attribute, message, f.schema_field, field_path, out)
    for name in cls.runtime:
        attribute = getattr(value, name)
        is_default = _RUNTIME_DEFAULTS.get(name)
        if not (is_default(attribute) if is_default else
                attribute is declared.get(name)):  # Orbax's own default
            out.found(cls, name, path, attribute)


def _get_object(cls: _Class, message: _message.Message, path: str,
                into: _ToOrbax) -> Any:
    """Returns the Orbax object of the explicit-form `message`, with its
    callables from `into` attached.

    A field that the installed Orbax's class does not take (an older Orbax)
    is not passed if it holds its default (and None for a callable), and is
    reported to `into` otherwise."""
    orbax_class = into.orbax.cls(cls)
    if cls.assign:  # Its groups are its attributes.
        arguments = frozenset(dir(orbax_class))
    else:
        arguments = (_arguments(orbax_class)
                     if cls.fields or cls.runtime else None)
    kwargs = {}
    for f in cls.fields:
        field_path = _join(path, f.attribute)
        if into.given_only and not f.kind.is_set(message, f.schema_field):
            if f.nullable or not into.holds_given(f.kind):
                continue  # Orbax's default.
            # Orbax's default group, to attach a callable to.
            value = f.kind.read(getattr(message, f.schema_field), field_path,
                                into)
        else:
            value = f.kind.get(message, f.schema_field, field_path, into)
        if arguments is None or f.attribute in arguments:
            kwargs[f.attribute] = value
        elif not into.is_default(path, f.schema_field):
            into.add(
                field_path,
                f"{_shown(value)} needs {_MODULE_NAMES[cls.module]}."
                f"{cls.name}.{f.attribute}, which the installed Orbax "
                f"{into.orbax.version} does not have; leave it unset, or "
                f"install an Orbax that has it ({_INSTALL})")
    for name in cls.runtime:
        value = into.runtime(cls, name, path)
        if value is None and into.given_only:
            continue  # Orbax's default.
        if arguments is None or name in arguments:
            kwargs[name] = value
        elif value is not None:
            into.add(
                _join(path, name),
                f"the installed Orbax {into.orbax.version}'s "
                f"{_MODULE_NAMES[cls.module]}.{cls.name} has no {name}")
    if into.diagnostics:
        return None  # Not made: into.check() raises.
    if not cls.assign:
        return orbax_class(**kwargs)
    # As Orbax prefers (its constructor's arguments are deprecated): made
    # with none, each group's settings then assigned by dot notation.
    made = orbax_class()
    for name, value in kwargs.items():
        if dataclasses.is_dataclass(value):  # A group, read-only: its fields.
            group = getattr(made, name)
            for f in dataclasses.fields(value):
                if f.init:
                    setattr(group, f.name, getattr(value, f.name))
        else:
            setattr(made, name, value)
    return made


class OrbaxOptions(NamedTuple):
    """Orbax's five option objects, as `to_orbax()` returns them for a
    `CheckpointOptions`.

    The fields are named as `from_orbax()`'s arguments, in the same order, so
    `from_orbax(*options)` and `from_orbax(**options._asdict())` work.
    """

    async_options: Any  # orbax.checkpoint.options.AsyncOptions
    multiprocessing_options: Any  # ...MultiprocessingOptions
    file_options: Any  # ...FileOptions
    memory_limit_options: Any  # ...MemoryLimitOptions
    atomicity_options: Any  # ...AtomicityOptions


class CheckpointerArguments(NamedTuple):
    """The keyword arguments of Orbax v1's `training.Checkpointer`, as
    `to_orbax()` returns them for a `CheckpointerOptions`:

        training.Checkpointer(directory, **arguments._asdict())

    Named as the Checkpointer's parameters; each default is the
    Checkpointer's own (None for its default policies, a copy of the active
    `Context`, and the standard step names). `from_orbax(arguments)` takes
    it back.
    """

    context: Any = None  # orbax.checkpoint.experimental.v1.Context
    save_decision_policy: Any = None  # ...training.save_decision_policies
    preservation_policy: Any = None  # ...training.preservation_policies
    step_name_format: Any = None  # ...v1.path.step.standard_name_format()
    cleanup_tmp_directories: bool = False
    lightweight_initialize: bool = False


@functools.lru_cache(maxsize=None)
def _runtime_paths(cls: _Class, path: str = "") -> Dict[str, str]:
    """Each runtime-only callable of `cls` and the classes it holds, by the
    path of the object that holds it (BestN's, each its own, aside)."""
    paths = {} if cls.per_object else dict.fromkeys(cls.runtime, path)
    for f in cls.fields:
        if isinstance(f.kind, _Message):
            paths.update(_runtime_paths(f.kind.cls, _join(path, f.attribute)))
    return paths


# to_orbax()'s keyword arguments that only a CheckpointManagerOptions takes.
_MANAGER_ARGUMENTS = _CHECKPOINT_MANAGER.runtime + ("get_metric_fns", )
# The keyword arguments that to_orbax() takes for each root.
_ROOT_ARGUMENTS = {
    _OPTIONS.DESCRIPTOR.name: frozenset(_ASYNC.runtime),
    _MANAGER_NAME: frozenset(_ASYNC.runtime + _MANAGER_ARGUMENTS),
    _CONTEXT.DESCRIPTOR.name: frozenset(_runtime_paths(_CONTEXT_CLASS)),
    _CHECKPOINTER.DESCRIPTOR.name:
    frozenset(_runtime_paths(_CHECKPOINTER_CLASS)) | {"get_metric_fns"},
}
# What v1's runtime-only arguments that are Orbax's objects must be: a
# class (its module and name), or a protocol's methods (the class's own).
_V1_ARGUMENT_CLASSES = {
    "profiler": ("orbax.checkpoint._src.serialization.memory_regulator",
                 "MemoryProfiler"),
    "array_metadata_store":
    ("orbax.checkpoint._src.metadata.array_metadata_store", "Store"),
    "serialization_status_callback":
    ("orbax.checkpoint._src.serialization.types",
     "SerializationStatusCallback"),
    "checkpointables": (_MODULE_NAMES["v1options"], "CheckpointablesOptions"),
}


def _check_callable(function: str, argument: str, value: object) -> None:
    if value is not None and not callable(value):
        raise TypeError(f"{function}() argument '{argument}' must be callable "
                        f"or None, not {type(value).__name__}")


def _check_arguments(root: str, callables: Mapping[str, Any],
                     get_metric_fns: Any) -> None:
    """Raises to_orbax()'s TypeError for a keyword argument of the wrong
    type, or one that only a CheckpointManagerOptions takes for a `root`
    that is not one."""
    for argument in ("barrier_sync_fn", "post_finalization_callback",
                     "best_fn", "should_save_fn",
                     "scoped_storage_options_creator",
                     "is_prioritized_key_fn"):
        _check_callable("to_orbax", argument, callables[argument])
    for argument in ("temporary_path_class", "path_class"):
        path_class = callables[argument]
        if path_class is not None and not isinstance(path_class, type):
            raise TypeError(
                f"to_orbax() argument '{argument}' must be a class or "
                f"None, not {type(path_class).__name__}")
    if (get_metric_fns is not None and not callable(get_metric_fns)
            and not isinstance(get_metric_fns, collections.abc.Mapping)):
        raise TypeError(
            "to_orbax() argument 'get_metric_fns' must be callable, a "
            "mapping from BestN paths to callables, or None, not "
            f"{type(get_metric_fns).__name__}")
    given = {**callables, "get_metric_fns": get_metric_fns}
    for argument, value in given.items():
        if value is not None and argument not in _ROOT_ARGUMENTS[root]:
            # The roots that take it, of the same API as `root` if any.
            roots = [r for r, a in _ROOT_ARGUMENTS.items() if argument in a]
            roots = [r for r in roots
                     if (r in _V1_ROOTS) == (root in _V1_ROOTS)] or roots
            raise TypeError(f"to_orbax() argument '{argument}' is for a "
                            f"{' or a '.join(roots)}, not a {root}")


def _check_v1_arguments(callables: Mapping[str, Any]) -> None:
    """Raises to_orbax()'s TypeError for a v1 argument that is not Orbax's
    object (`_V1_ARGUMENT_CLASSES`)."""
    for argument, (module, name) in _V1_ARGUMENT_CLASSES.items():
        value = callables[argument]
        if value is None:
            continue
        cls = getattr(importlib.import_module(module), name)
        if getattr(cls, "_is_protocol", False):
            methods = sorted(m for m, f in vars(cls).items()
                             if not m.startswith("_") and callable(f))
            missing = [
                m for m in methods if not callable(getattr(value, m, None))
            ]
            if missing:
                raise TypeError(
                    f"to_orbax() argument '{argument}' must have the methods "
                    f"of {module}.{name} ({', '.join(methods)}), not "
                    f"{type(value).__name__}, which lacks "
                    f"{', '.join(missing)}")
        elif not isinstance(value, cls):
            raise TypeError(f"to_orbax() argument '{argument}' must be "
                            f"{module}.{name} or None, not "
                            f"{type(value).__name__}")


def _metric_fns(get_metric_fns: Any, paths: List[str]) -> Dict[str, Any]:
    """The `get_metric_fn` of each BestN, by the paths that C++'s
    `BestNPaths()` gives, from to_orbax()'s `get_metric_fns`."""
    if get_metric_fns is None or callable(get_metric_fns):
        fns = {path: get_metric_fns for path in paths}
    else:
        fns = dict(get_metric_fns)
        unknown = sorted(set(fns) - set(paths))
        if unknown:
            where = (f"its BestN policies are at {', '.join(paths)}"
                     if paths else "it has none")
            raise ValueError(
                f"to_orbax() argument 'get_metric_fns' names "
                f"{', '.join(repr(p) for p in unknown)}, where the message has "
                f"no BestN policy; {where}")
        for path, fn in fns.items():
            _check_callable("to_orbax", f"get_metric_fns[{path!r}]", fn)
    missing = [path for path in paths if fns.get(path) is None]
    if missing:
        shown = ", ".join(f"{p!r}: fn" for p in missing)
        raise TypeError(
            f"to_orbax(): each BestN policy needs its get_metric_fn, which "
            f"Orbax has no default for; missing at {', '.join(missing)}: pass "
            f"get_metric_fns={{{shown}}}, or one callable for every BestN")
    return fns


def _to_manager(data: bytes, orbax: _Orbax, callables: Mapping[str, Any],
                get_metric_fns: Any) -> Tuple[Any, _ToOrbax]:
    """Orbax's CheckpointManagerOptions of the explicit form `data`, and
    what the walk found."""
    explicit = _MANAGER.FromString(data)
    if not explicit.HasField("async_options"):
        for argument in ("barrier_sync_fn", "post_finalization_callback"):
            if callables[argument] is not None:
                raise ValueError(
                    f"to_orbax() argument '{argument}' goes into "
                    f"async_options, which the message leaves unset (Python "
                    f"None, not an AsyncOptions to attach it to); set "
                    f"async_options (`async_options {{}}` for Orbax's "
                    f"defaults)")
    per_path = _metric_fns(get_metric_fns, _core.best_n_paths(data))
    into = _ToOrbax(orbax, callables, per_path, _MANAGER_NAME, explicit)
    return _get_object(_CHECKPOINT_MANAGER, explicit, "", into), into


def _v1_root_name(message: object) -> Optional[str]:
    """The name of the v1 root whose message `message` is, or None."""
    if isinstance(message, _message.Message):
        for name, cls in _V1_ROOTS.items():
            if message.DESCRIPTOR.full_name == cls.DESCRIPTOR.full_name:
                return name
    return None


def _to_v1(message: _message.Message, root: str, orbax: _Orbax,
           callables: Mapping[str, Any], get_metric_fns: Any) -> Any:
    """to_orbax() of a v1 root: a `Context`, or a Checkpointer's
    `CheckpointerArguments`, from the explicit form of `message`. Only the
    fields set there (not None) are given to Orbax, and only the callables
    given; the others keep Orbax's defaults."""
    _check_v1_arguments(callables)
    explicit = _V1_ROOTS[root].FromString(
        _messages.effective_bytes(root, message.SerializeToString(),
                                  _messages.MESSAGE_NAME))
    per_path = {}
    cls = _CONTEXT_CLASS
    if root == _CHECKPOINTER.DESCRIPTOR.name:
        cls = _CHECKPOINTER_CLASS
        # BestN's paths, as C++ finds them in a manager's policies.
        policies = _MANAGER()
        if explicit.HasField("preservation_policy"):
            policies.preservation_policy.CopyFrom(explicit.preservation_policy)
        per_path = _metric_fns(
            get_metric_fns, _core.best_n_paths(policies.SerializeToString()))
    into = _ToOrbax(orbax, callables, per_path, root, explicit)
    made = _get_object(cls, explicit, "", into)
    into.check()
    holders = _runtime_paths(cls)
    for argument, value in callables.items():
        if value is not None and argument not in into.used:
            raise ValueError(
                f"to_orbax() argument '{argument}' goes into "
                f"{holders[argument]}, which the message leaves unset "
                f"(Python None, not an object to attach it to); set "
                f"{holders[argument]}")
    return made


def to_orbax(message: _message.Message,
             *,
             barrier_sync_fn: Optional[Callable[..., Any]] = None,
             post_finalization_callback: Optional[Callable[[], None]] = None,
             best_fn: Optional[Callable[[Any], float]] = None,
             should_save_fn: Optional[Callable[[int, Optional[int]],
                                               bool]] = None,
             step_name_format: Any = None,
             temporary_path_class: Optional[type] = None,
             get_metric_fns: Union[Callable[[Any], float],
                                   Mapping[str, Callable[[Any], float]],
                                   None] = None,
             path_class: Optional[type] = None,
             array_metadata_store: Any = None,
             scoped_storage_options_creator: Optional[Callable[...,
                                                               Any]] = None,
             profiler: Any = None,
             is_prioritized_key_fn: Optional[Callable[..., Any]] = None,
             serialization_status_callback: Any = None,
             checkpointables: Any = None) -> Any:
    """Returns Orbax's option objects for the options in `message`.

    `message` is validated first, as `validate()` does; unset fields take
    Orbax's defaults. `primary_host=None` stands for `all_hosts_primary`, an
    unset `active_processes` for None, and a `ProcessSet` becomes a `set` of
    ints.

    For a `CheckpointOptions`, returns an `OrbaxOptions`: the five objects of
    `orbax.checkpoint.options`, with `barrier_sync_fn` and
    `post_finalization_callback` in `AsyncOptions`, where Orbax reads them.

    For a `CheckpointManagerOptions`, returns an
    `orbax.checkpoint.CheckpointManagerOptions`, its policies the classes of
    `orbax.checkpoint.checkpoint_managers.save_decision_policy` and
    `.preservation_policy`: `best_mode` as `'max'` or `'min'`, durations as
    `datetime.timedelta`, a `StepSet` as a `frozenset` (a sorted list for
    `CustomSteps`), and `read_only`'s resets applied, as Orbax would. The
    callables attach where Orbax reads them: `best_fn`, `should_save_fn`,
    `step_name_format` and `temporary_path_class` on the manager's options;
    `barrier_sync_fn` and `post_finalization_callback` on its
    `async_options`, which must then be set (Python None there is not an
    `AsyncOptions` to attach them to); and each `BestN`'s `get_metric_fn`
    from `get_metric_fns`: one callable for every `BestN`, or a mapping from
    each `BestN`'s path (`"preservation_policy.best_n"`,
    `"preservation_policy.any.policies[1].best_n"`) to its own.

    For a v1 `Context` (orbax_options.v1.context_pb2), returns a real
    `orbax.checkpoint.experimental.v1.Context`: made with no arguments,
    then each group's settings assigned by dot notation, as Orbax prefers;
    unset fields keep Orbax's defaults. A storage `dtype` becomes its
    `numpy.dtype`. Its
    runtime-only members attach from `post_finalization_callback`
    (`asynchronous`), `path_class` (`file`), `array_metadata_store` and
    `scoped_storage_options_creator` (`array.saving`), `profiler`
    (`memory.regulator_options`, which Orbax requires there),
    `is_prioritized_key_fn` and `serialization_status_callback` (`memory`),
    and `checkpointables` (an `ocp.options.CheckpointablesOptions`, the
    handler registry, whose settings are assigned to the Context's).
    For a `CheckpointerOptions`, returns the `CheckpointerArguments` of
    `training.Checkpointer(directory, **arguments._asdict())`: its
    `context`, policies (and `get_metric_fns`, as for a manager) and step
    name format as above; each one unset is the Checkpointer's default.

    A field that the installed Orbax lacks (an older release) is not passed
    when it holds its default, which is what that Orbax does; set to
    anything else, it is a `ConfigError` that names the field's path and
    the installed Orbax's version. So is a callable for an attribute that
    the installed Orbax lacks.

    Raises:
      ConfigError: `message` is not valid, sets a field that the installed
        Orbax lacks, or a dtype numpy does not know (source `<message>`).
      ImportError: Orbax is not installed (`pip install
        'orbax-options[orbax]'`), or has no v1 API for a v1 root.
      TypeError: `message` is not of a root type; a callable is not
        callable, a class not a class, or an object not of Orbax's class or
        protocol; a keyword that `message`'s root does not take; a `BestN`
        without its `get_metric_fn`, or `regulator_options` without its
        `profiler`.
      ValueError: a callable for an object that the message leaves None
        (`async_options` of a manager, `regulator_options`, the `context`
        of a Checkpointer), or a `get_metric_fns` path where there is no
        `BestN`.
    """
    root = _v1_root_name(message)
    if root is None:
        root, data = _messages.serialize(message, "message", "to_orbax")
    callables = dict(
        barrier_sync_fn=barrier_sync_fn,
        post_finalization_callback=post_finalization_callback,
        best_fn=best_fn,
        should_save_fn=should_save_fn,
        step_name_format=step_name_format,
        temporary_path_class=temporary_path_class,
        path_class=path_class,
        array_metadata_store=array_metadata_store,
        scoped_storage_options_creator=scoped_storage_options_creator,
        profiler=profiler,
        is_prioritized_key_fn=is_prioritized_key_fn,
        serialization_status_callback=serialization_status_callback,
        checkpointables=checkpointables)
    _check_arguments(root, callables, get_metric_fns)
    orbax = _Orbax("to_orbax")
    if root in _V1_ROOTS:
        return _to_v1(message, root, orbax.load_v1(), callables,
                      get_metric_fns)
    if root == _MANAGER_NAME:
        orbax.load_manager()
    data = _messages.effective_bytes(root, data, _messages.MESSAGE_NAME)
    if root == _MANAGER_NAME:
        options, into = _to_manager(data, orbax, callables, get_metric_fns)
    else:
        explicit = _OPTIONS.FromString(data)
        into = _ToOrbax(orbax, callables, {}, root, explicit)
        options = OrbaxOptions(*(_get_object(cls, getattr(explicit, field),
                                             field, into)
                                 for field, cls in _CHECKPOINT_OPTIONS))
    into.check()
    return options


def _from_objects(orbax: _Orbax, arguments: Tuple[Any, ...]
                  ) -> Tuple[_message.Message, _FromOrbax]:
    """The message of Orbax's objects `arguments` (not yet validated), and
    what the walk gathered: one CheckpointManagerOptions, or the five
    option objects of from_orbax()."""
    out = _FromOrbax(orbax)
    v1 = orbax.v1_root(arguments[0])
    if v1 is not None:
        if any(a is not None for a in arguments[1:]):
            raise TypeError(f"from_orbax() takes a {v1.name} alone, with no "
                            f"other argument")
        message = _V1_MESSAGES[v1.name]()
        _put_object(v1, arguments[0], message, "", out)
        return message, out
    if orbax.is_manager(arguments[0]):
        if any(a is not None for a in arguments[1:]):
            raise TypeError("from_orbax() takes a CheckpointManagerOptions "
                            "alone, with no other argument")
        orbax.load_manager()
        message = _MANAGER()
        _put_object(_CHECKPOINT_MANAGER, arguments[0], message, "", out)
        return message, out
    message = _OPTIONS()
    for (field, cls), value in zip(_CHECKPOINT_OPTIONS, arguments):
        orbax_class = orbax.cls(cls)
        if value is None:
            value = orbax_class()
        elif not isinstance(value, orbax_class):
            also = (f", {_CHECKPOINT_MODULE}.CheckpointManagerOptions"
                    if field == "async_options" else "")
            raise TypeError(f"from_orbax() argument '{field}' must be "
                            f"{_OPTIONS_MODULE}.{cls.name}{also} or None, "
                            f"not {type(value).__name__}")
        target = getattr(message, field)
        target.SetInParent()
        _put_object(cls, value, target, field, out)
    return message, out


def from_orbax(async_options: Any = None,
               multiprocessing_options: Any = None,
               file_options: Any = None,
               memory_limit_options: Any = None,
               atomicity_options: Any = None) -> Any:
    """Returns the explicit form of Orbax's option objects: what
    `Config.effective` holds for the same options, so its `fingerprint()`
    equals the command's for them.

    Either Orbax's five option objects (each argument the object of that
    name from `orbax.checkpoint.options`, or None for that class's defaults),
    giving a `CheckpointOptions`; or one
    `orbax.checkpoint.CheckpointManagerOptions`, alone and first, giving a
    `CheckpointManagerOptions`, its policies from Orbax's policy classes
    (`best_mode` `'max'` or `'min'`, a `timedelta` a `Duration`, any
    container of steps, `range` included, a canonical `StepSet`); or,
    alone, an `orbax.checkpoint.experimental.v1.Context`, giving a
    `Context` (a dtype by numpy's name), or a `CheckpointerArguments`,
    giving a `CheckpointerOptions`.

    The callables are left out (they are never serialised; see
    `orbax_callables()`); `primary_host=None` becomes `all_hosts_primary`; a
    set of process indices becomes a canonical `ProcessSet`;
    `AtomicityMode` maps by its value (`'auto'`, `'commit_file'`,
    `'atomic_rename'`).

    Orbax and the schema may differ by release. An attribute that a newer
    Orbax has and the schema lacks converts only while it holds its
    dataclass default, which nothing is lost by leaving out; holding
    anything else, it is a `ConfigError` naming the class, the attribute
    and the installed Orbax's version. A schema field that an older Orbax's
    class lacks is left unset, its default, which is what that Orbax does.

    Raises:
      ConfigError: a value the schema can't hold (an int beyond its int32 or
        int64, an unknown mode or `best_mode`, an attribute the schema lacks
        that is not at its default), or options that are not valid (source
        `<from_orbax>`).
      ImportError: Orbax is not installed (`pip install
        'orbax-options[orbax]'`).
      TypeError: an argument, or an attribute of one, of the wrong type; a
        policy that is not one of Orbax's classes.
    """
    message, out = _from_objects(
        _Orbax("from_orbax"),
        (async_options, multiprocessing_options, file_options,
         memory_limit_options, atomicity_options))
    out.check()
    return type(message).FromString(
        _messages.effective_bytes(message.DESCRIPTOR.name,
                                  message.SerializeToString(), _FROM_ORBAX))


def orbax_callables(options: Any) -> Dict[str, Any]:
    """Returns the runtime-only callables that Orbax's `options` holds, as
    `to_orbax()`'s keyword arguments: those `from_orbax()` leaves out.

    `options` is an `orbax.checkpoint.CheckpointManagerOptions` (giving any
    of `best_fn`, `should_save_fn`, `step_name_format`,
    `temporary_path_class`, `barrier_sync_fn` and
    `post_finalization_callback` of its `async_options`, and
    `get_metric_fns`, each `BestN`'s `get_metric_fn` by its path), an
    `orbax.checkpoint.options.AsyncOptions` (its two callables), or a v1
    `Context` or `CheckpointerArguments` (the runtime-only members of its
    groups, `profiler` and the rest; a Checkpointer's `get_metric_fns`).
    Only those that are set (not None, and not the object that is Orbax's
    default: `path_class`'s `epath.Path`, the shared metadata `Store`) are
    there, so

        to_orbax(from_orbax(x), **orbax_callables(x)) == x

    Raises:
      ImportError: Orbax is not installed (`pip install
        'orbax-options[orbax]'`).
      TypeError: `options` is none of these, or an attribute of the wrong
        type.
    """
    orbax = _Orbax("orbax_callables")
    if not (orbax.is_manager(options) or orbax.v1_root(options) is not None
            or isinstance(options, orbax.cls(_ASYNC))):
        raise TypeError(
            f"orbax_callables() argument 'options' must be "
            f"{_CHECKPOINT_MODULE}.CheckpointManagerOptions, "
            f"{_OPTIONS_MODULE}.AsyncOptions, {_V1_MODULE}.Context or "
            f"orbax_options.CheckpointerArguments, not "
            f"{type(options).__name__}")
    _, out = _from_objects(orbax, (options, None, None, None, None))
    found = dict(out.callables)
    if out.get_metric_fns:
        found["get_metric_fns"] = dict(out.get_metric_fns)
    return found
