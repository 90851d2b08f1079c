# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Orbax's own option objects to and from the schema: `to_orbax()` and
`from_orbax()`.

The mapping is one table, `_CLASSES`: per Orbax class, the schema field that
holds it, and per attribute, the schema field and the kind of conversion.
Runtime-only callables are named apart; they are never serialised. Orbax is
imported only when one of the two functions runs.

The C++ library does everything the schema defines: `from_orbax()` builds
the message of what the objects hold and lets C++ load, validate and write
its explicit form (canonical `ProcessSet`s included); `to_orbax()` lets C++
validate and write the explicit form, then reads the values out of it.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import importlib
import operator
from typing import Any, Callable, List, NamedTuple, Optional, Tuple

from orbax_options import _errors
from orbax_options import _messages
from orbax_options.v1 import options_pb2

__all__ = ["OrbaxOptions", "from_orbax", "to_orbax"]

_ORBAX_MODULE = "orbax.checkpoint.options"
# The name of from_orbax()'s source in diagnostics.
_FROM_ORBAX = "<from_orbax>"
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


class _Problems:
    """Values that the schema can't hold, collected as diagnostics."""

    def __init__(self) -> None:
        self.diagnostics: List[_errors.Diagnostic] = []

    def add(self, path: str, message: str) -> None:
        self.diagnostics.append(
            _errors.Diagnostic(_FROM_ORBAX, 0, 0, path, message))


def _type_error(path: str, expected: str, value: object) -> TypeError:
    return TypeError(f"from_orbax(): {path} must be {expected}, not "
                     f"{type(value).__name__}")


def _int32(value: Any, path: str, problems: _Problems) -> Optional[int]:
    """`value` as an int that fits int32, or None after reporting it."""
    if isinstance(value, bool):
        raise _type_error(path, "int", value)
    try:
        number = operator.index(value)
    except TypeError:
        raise _type_error(path, "int", value) from None
    if not _INT32_MIN <= number <= _INT32_MAX:
        problems.add(
            path, f"{number} is out of the range of int32 "
            f"[{_INT32_MIN}, {_INT32_MAX}]")
        return None
    return number


# --- Kinds of conversion ----------------------------------------------------
# Each kind writes an Orbax value into a schema message (`put`), and reads
# one from the explicit form (`get`). `put` is given None only where Orbax
# allows it and the kind says that it writes None (`writes_none`); other
# fields leave None unset. `expected` names the Python type in TypeErrors.


class _Int32:
    """An `int` (or `int | None`) as an `optional int32`."""

    expected = "int"
    writes_none = False

    def put(self, value, message, field, path, problems, orbax) -> None:
        number = _int32(value, path, problems)
        if number is not None:
            setattr(message, field, number)

    def get(self, message, field, orbax):
        return getattr(message, field) if message.HasField(field) else None


class _Bool:
    """A `bool` as an `optional bool`."""

    expected = "bool"
    writes_none = False

    def put(self, value, message, field, path, problems, orbax) -> None:
        if not isinstance(value, bool):
            raise _type_error(path, self.expected, value)
        setattr(message, field, value)

    def get(self, message, field, orbax):
        return getattr(message, field)


class _String:
    """A `str | None` as an `optional string` (UTF-8)."""

    expected = "str"
    writes_none = False

    def put(self, value, message, field, path, problems, orbax) -> None:
        if not isinstance(value, str):
            raise _type_error(path, self.expected, value)
        try:
            setattr(message, field, value)
        except ValueError:
            problems.add(path, f"not valid UTF-8: {value!r}")

    def get(self, message, field, orbax):
        return getattr(message, field) if message.HasField(field) else None


class _PrimaryHost:
    """`primary_host: int | None` as the `primary` oneof: None is
    `all_hosts_primary {}`, every host primary."""

    expected = "int"
    writes_none = True

    def put(self, value, message, field, path, problems, orbax) -> None:
        if value is None:
            message.all_hosts_primary.SetInParent()
        else:
            _Int32().put(value, message, "primary_host", path, problems, orbax)

    def get(self, message, field, orbax):
        if message.WhichOneof("primary") == "all_hosts_primary":
            return None
        return message.primary_host


class _ProcessSet:
    """`Set[int] | None` as a `ProcessSet` (None: unset, all processes).

    The indices go into `process_indices` as they are, and C++ writes the
    canonical form; a `range` with step 1 goes in as one `ProcessRange`.
    """

    expected = "a set of int"
    writes_none = False

    def put(self, value, message, field, path, problems, orbax) -> None:
        if isinstance(
                value,
            (str, bytes)) or not isinstance(value, collections.abc.Iterable):
            raise _type_error(path, self.expected, value)
        target = getattr(message, field)
        target.SetInParent()
        if isinstance(value, range) and value.step == 1 and len(value) > 0:
            start = _int32(value.start, f"{path}.start", problems)
            stop = _int32(value.stop, f"{path}.stop", problems)
            if start is not None and stop is not None:
                target.ranges.add(start=start, stop=stop)
            return
        indices = [
            _int32(i, f"{path}[{n}]", problems)
            for n, i in enumerate(sorted(value, key=_sort_key))
        ]
        target.process_indices.extend(i for i in indices if i is not None)

    def get(self, message, field, orbax):
        if not message.HasField(field):
            return None
        process_set = getattr(message, field)
        indices = set(process_set.process_indices)
        for r in process_set.ranges:
            indices.update(range(r.start, r.stop))
        return indices


def _sort_key(value: Any) -> Tuple[int, int]:
    # Sorting gives errors in index order; a non-int fails in _int32 instead.
    try:
        return (0, operator.index(value))
    except TypeError:
        return (1, 0)


# Orbax's AtomicityMode values (a `str` enum) <-> the schema's enum.
_ATOMICITY_MODES = {
    "auto": options_pb2.ATOMICITY_MODE_AUTO,
    "commit_file": options_pb2.ATOMICITY_MODE_COMMIT_FILE,
    "atomic_rename": options_pb2.ATOMICITY_MODE_ATOMIC_RENAME,
}
_ATOMICITY_MODE_NAMES = {
    number: value
    for value, number in _ATOMICITY_MODES.items()
}


class _AtomicityMode:
    """`AtomicityMode` (or its string value) as the `AtomicityMode` enum."""

    expected = "AtomicityMode"
    writes_none = False

    def put(self, value, message, field, path, problems, orbax) -> None:
        if isinstance(value, enum.Enum):
            value = value.value
        if not isinstance(value, str):
            raise _type_error(path, self.expected, value)
        number = _ATOMICITY_MODES.get(value)
        if number is None:
            expected = ", ".join(repr(v) for v in _ATOMICITY_MODES)
            problems.add(
                path, f"unknown AtomicityMode {value!r}; expected one of "
                f"{expected}")
            return
        setattr(message, field, number)

    def get(self, message, field, orbax):
        return orbax.AtomicityMode(_ATOMICITY_MODE_NAMES[getattr(
            message, field)])


# --- The table --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Field:
    attribute: str  # Orbax's attribute
    kind: Any  # the conversion
    nullable: bool = False  # whether Orbax allows None
    field: str = ""  # the schema field, if named otherwise than `attribute`

    @property
    def schema_field(self) -> str:
        return self.field or self.attribute


@dataclasses.dataclass(frozen=True)
class _Class:
    name: str  # the class in orbax.checkpoint.options
    field: str  # its field of CheckpointOptions (and from_orbax's argument)
    fields: Tuple[_Field, ...]
    runtime: Tuple[str, ...] = ()  # runtime-only callables, never serialised


# yapf: disable
_CLASSES = (
    _Class("AsyncOptions", "async_options", fields=(
        _Field("timeout_secs", _Int32()),
        _Field("create_directories_asynchronously", _Bool()),
    ), runtime=("barrier_sync_fn", "post_finalization_callback")),
    _Class("MultiprocessingOptions", "multiprocessing_options", fields=(
        _Field("primary_host", _PrimaryHost(), nullable=True),
        _Field("active_processes", _ProcessSet(), nullable=True),
        _Field("barrier_sync_key_prefix", _String(), nullable=True),
    )),
    _Class("FileOptions", "file_options", fields=(
        _Field("path_permission_mode", _Int32(), nullable=True),
    )),
    _Class("MemoryLimitOptions", "memory_limit_options", fields=(
        _Field("max_transfer_concurrent_gb", _Int32(), nullable=True),
    )),
    _Class("AtomicityOptions", "atomicity_options", fields=(
        _Field("mode", _AtomicityMode()),
        _Field("allow_legacy_atomic_rename", _Bool()),
    )),
)
# yapf: enable


class OrbaxOptions(NamedTuple):
    """Orbax's five option objects, as `to_orbax()` returns them.

    The fields are named as `from_orbax()`'s arguments, in the same order, so
    `from_orbax(*options)` and `from_orbax(**options._asdict())` work.
    """

    async_options: Any  # orbax.checkpoint.options.AsyncOptions
    multiprocessing_options: Any  # ...MultiprocessingOptions
    file_options: Any  # ...FileOptions
    memory_limit_options: Any  # ...MemoryLimitOptions
    atomicity_options: Any  # ...AtomicityOptions


def _import_orbax(function: str):
    try:
        return importlib.import_module(_ORBAX_MODULE)
    except ImportError as e:
        raise ImportError(
            f"orbax_options.{function}() needs Orbax's {_ORBAX_MODULE} "
            f"(pip install orbax-checkpoint): {e}",
            name=_ORBAX_MODULE) from e


def to_orbax(
    message: options_pb2.CheckpointOptions,
    *,
    barrier_sync_fn: Optional[Callable[..., Any]] = None,
    post_finalization_callback: Optional[Callable[[], None]] = None
) -> OrbaxOptions:
    """Returns Orbax's option objects for the options in `message`.

    `message` is validated first, as `validate()` does; unset fields take
    Orbax's defaults. `primary_host=None` stands for `all_hosts_primary`, an
    unset `active_processes` for None, and a `ProcessSet` becomes a `set` of
    ints. The callables go into `AsyncOptions`, where Orbax reads them.

    Raises:
      ConfigError: `message` is not valid.
      ImportError: Orbax is not installed.
      TypeError: `message` is not a `CheckpointOptions`, or a callable is not
        callable.
    """
    root, data = _messages.serialize(message, "message", "to_orbax")
    if root != options_pb2.CheckpointOptions.DESCRIPTOR.name:
        raise TypeError(
            "to_orbax() argument 'message' must be an "
            f"{options_pb2.CheckpointOptions.DESCRIPTOR.full_name} message, "
            f"not {type(message).__name__}")
    runtime = {
        "barrier_sync_fn": barrier_sync_fn,
        "post_finalization_callback": post_finalization_callback
    }
    for argument, value in runtime.items():
        if value is not None and not callable(value):
            raise TypeError(
                f"to_orbax() argument '{argument}' must be callable or "
                f"None, not {type(value).__name__}")
    orbax = _import_orbax("to_orbax")
    explicit = options_pb2.CheckpointOptions.FromString(
        _messages.effective_bytes(root, data, _messages.MESSAGE_NAME))
    objects = []
    for cls in _CLASSES:
        sub = getattr(explicit, cls.field)
        kwargs = {
            f.attribute: f.kind.get(sub, f.schema_field, orbax)
            for f in cls.fields
        }
        kwargs.update((name, runtime[name]) for name in cls.runtime)
        objects.append(getattr(orbax, cls.name)(**kwargs))
    return OrbaxOptions(*objects)


def from_orbax(async_options: Any = None,
               multiprocessing_options: Any = None,
               file_options: Any = None,
               memory_limit_options: Any = None,
               atomicity_options: Any = None) -> options_pb2.CheckpointOptions:
    """Returns the explicit form of Orbax's option objects.

    Each argument is the Orbax object of that name from
    `orbax.checkpoint.options`, or None for that class's defaults. The
    callables are left out (they are never serialised); `primary_host=None`
    becomes `all_hosts_primary`; a set of process indices becomes a canonical
    `ProcessSet`; `AtomicityMode` maps by its value (`'auto'`, `'commit_file'`,
    `'atomic_rename'`). The result is what `Config.effective` holds for the
    same options, so its `fingerprint()` equals the command's for them.

    Raises:
      ConfigError: a value the schema can't hold (an int beyond int32, an
        unknown mode), or options that are not valid (source `<from_orbax>`).
      ImportError: Orbax is not installed.
      TypeError: an argument, or an attribute of one, of the wrong type.
    """
    arguments = (async_options, multiprocessing_options, file_options,
                 memory_limit_options, atomicity_options)
    orbax = _import_orbax("from_orbax")
    message = options_pb2.CheckpointOptions()
    problems = _Problems()
    for cls, value in zip(_CLASSES, arguments):
        orbax_class = getattr(orbax, cls.name)
        if value is None:
            value = orbax_class()
        elif not isinstance(value, orbax_class):
            raise TypeError(
                f"from_orbax() argument '{cls.field}' must be {_ORBAX_MODULE}."
                f"{cls.name} or None, not {type(value).__name__}")
        sub = getattr(message, cls.field)
        sub.SetInParent()
        for f in cls.fields:
            path = f"{cls.field}.{f.attribute}"
            attribute = getattr(value, f.attribute)
            if attribute is None:
                if not f.nullable:
                    raise _type_error(path, f.kind.expected, attribute)
                if not f.kind.writes_none:
                    continue  # None is unset.
            f.kind.put(attribute, sub, f.schema_field, path, problems, orbax)
    if problems.diagnostics:
        raise _errors.ConfigError(problems.diagnostics)
    root = options_pb2.CheckpointOptions.DESCRIPTOR.name
    return options_pb2.CheckpointOptions.FromString(
        _messages.effective_bytes(root, message.SerializeToString(),
                                  _FROM_ORBAX))
