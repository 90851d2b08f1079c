# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Options messages in and out: validate, fingerprint, diff, print, and the
policies a manager uses.

Each function takes a message of a root type, a `CheckpointOptions` or a
`CheckpointManagerOptions` (known by its descriptor's full name), serialises
it once and hands the bytes to the C++ library with the root's name, which
loads them as the command loads a binary file with that `--type` (named
`<message>` in diagnostics) into a `Config` that keeps the C++ options: the
same validation, fingerprint, diff and printing as `orbax-options`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, List, Tuple, TypeVar, cast

from google.protobuf import message as _message

from orbax_options import _config
from orbax_options import _core
from orbax_options import _errors
from orbax_options import _roots
from orbax_options.v1 import checkpoint_manager_options_pb2

__all__ = [
    "FieldDiff", "diff", "fingerprint", "policies", "to_json", "to_text",
    "validate"
]

_BINARY = _core.FORMATS["binpb"]
_MANAGER = checkpoint_manager_options_pb2.CheckpointManagerOptions
_MANAGER_NAME = _MANAGER.DESCRIPTOR.name

# The name of a message's source in diagnostics.
MESSAGE_NAME = "<message>"
# A root's name -> (name, class), as a Config's `_type` holds them.
_TYPES = {name: (name, cls) for name, cls in _roots.ROOTS.items()}

# A message of a root type.
Options = TypeVar("Options", bound=_message.Message)


def serialize(message: object, argument: str,
              function: str) -> Tuple[str, bytes]:
    """Returns the root type's name and the bytes of a message of a root
    type, or raises TypeError naming `argument`."""
    return (_roots.of_message(message, argument, function),
            cast(_message.Message, message).SerializeToString())


def load_bytes(root: str, data: bytes, name: str) -> _config.Config[Any]:
    """Loads serialised options of the root type `root` (once, in C++) into
    a `Config`, or raises ConfigError naming the source `name`."""
    result = _core.load_config(_config.Config, _TYPES[root], data, _BINARY,
                               name, False)
    if isinstance(result, list):
        raise _errors.config_error(_errors.diagnostics_from_core(result))
    return result


def loaded(message: object, argument: str, function: str,
           name: str = MESSAGE_NAME) -> _config.Config[Any]:
    """`load_bytes()` of a message of a root type, or raises TypeError
    naming `argument`."""
    return load_bytes(*serialize(message, argument, function), name)


def effective_bytes(root: str, data: bytes, name: str) -> bytes:
    """Loads serialised options of the root type `root`; returns their
    effective form, serialised deterministically (the bytes the fingerprint
    hashes), or raises ConfigError naming the source `name`."""
    return load_bytes(root, data, name)._effective_bytes


def validate(message: _message.Message) -> Tuple[_errors.Diagnostic, ...]:
    """Checks `message` as `orbax-options check --type=TYPE` would, `TYPE`
    being the message's type.

    Returns:
      The warnings: what Orbax accepts but rewrites or ignores, e.g.
      `<message>: warning: max_to_keep: read_only is true, so Orbax resets
      it to None (was 3)`, as `Diagnostic`s of severity "warning".

    Raises:
      ConfigError: naming every invalid field, e.g.
        `<message>: error: async_options.timeout_secs: must be > 0, got 0`.
      TypeError: `message` is not a `CheckpointOptions` or a
        `CheckpointManagerOptions`.
    """
    root, data = serialize(message, "message", "validate")
    minimal, raw = _core.load_string(root, data, _BINARY, MESSAGE_NAME, False)
    diagnostics = _errors.diagnostics_from_core(raw)
    if minimal is None:
        raise _errors.config_error(diagnostics)
    return diagnostics


def fingerprint(message: _message.Message) -> str:
    """Returns the fingerprint of the effective options of `message`.

    64 lowercase hex digits, equal to `orbax-options fingerprint
    --type=TYPE` and C++'s `Fingerprint()` of the same options, however they
    were spelled.

    Raises:
      ConfigError: `message` is not valid.
      TypeError: `message` is not a `CheckpointOptions` or a
        `CheckpointManagerOptions`.
    """
    return loaded(message, "message", "fingerprint")._fingerprint


@dataclasses.dataclass(frozen=True)
class FieldDiff:
    """One effective field whose value differs between two sets of options.

    `str(d)` is the command's `diff` line: `PATH: A_VALUE -> B_VALUE`.

    Attributes:
      path: The dotted field path (`async_options.timeout_secs`); the choice of
        primary host is `multiprocessing_options.primary_host`.
      a_value: The first value in text-format spelling (`600`, `true`,
        `"job"`, `ATOMICITY_MODE_AUTO`, permission bits as `0750`), a set of
        processes as `{0-3, 8}`, Python `None` (unset) as `None`, and every
        host primary as `all_hosts_primary`.
      b_value: The second value, spelled the same way.
    """

    path: str
    a_value: str
    b_value: str
    _text: str = dataclasses.field(default="", repr=False, compare=False)

    def __str__(self) -> str:
        return self._text or f"{self.path}: {self.a_value} -> {self.b_value}"


def diff(a: Options, b: Options) -> List[FieldDiff]:
    """Returns each effective field in which `a` and `b` differ, in schema
    order, as `orbax-options diff --type=TYPE` lists them; empty exactly when
    their fingerprints are equal.

    Raises:
      ConfigError: `a` or `b` is not valid (sources `<a>` and `<b>`; every
        problem of both).
      TypeError: `a` or `b` is not a `CheckpointOptions` or a
        `CheckpointManagerOptions`, or they are not of one type.
    """
    a_root = _roots.of_message(a, "a", "diff")
    b_root = _roots.of_message(b, "b", "diff")
    if a_root != b_root:
        raise TypeError(f"diff() arguments 'a' and 'b' must be of one type, "
                        f"not {a_root} and {b_root}")
    sides: List[_config.Config[Any]] = []
    diagnostics: List[_errors.Diagnostic] = []
    for argument, message in (("a", a), ("b", b)):
        try:
            sides.append(loaded(message, argument, "diff", f"<{argument}>"))
        except _errors.ConfigError as e:
            diagnostics.extend(e.diagnostics)
    if diagnostics:
        raise _errors.config_error(diagnostics)
    return [
        FieldDiff(path, a_value, b_value, text)
        for path, a_value, b_value, text in _core.diff(*sides)
    ]


def policies(
    message: checkpoint_manager_options_pb2.CheckpointManagerOptions
) -> checkpoint_manager_options_pb2.CheckpointManagerOptions:
    """Returns the save decision and preservation policies that Orbax's
    `CheckpointManager` uses with `message`, as `orbax-options show
    --policies --type=CheckpointManagerOptions` prints them: a
    `CheckpointManagerOptions` that sets only `save_decision_policy` and
    `preservation_policy`.

    A policy that `message` sets is as set (in its explicit form); one it
    leaves unset is the one Orbax derives from the legacy fields
    (`save_interval_steps` and `save_on_steps`; `max_to_keep`,
    `keep_time_interval` and `keep_period`) after `read_only`'s resets.
    Runtime-only `should_save_fn` and `best_fn`, which no message holds,
    would change the derived ones.

    Raises:
      ConfigError: `message` is not valid.
      TypeError: `message` is not a `CheckpointManagerOptions`.
    """
    if (not isinstance(message, _message.Message) or
            message.DESCRIPTOR.full_name != _MANAGER.DESCRIPTOR.full_name):
        raise TypeError(f"policies() argument 'message' must be an "
                        f"{_MANAGER.DESCRIPTOR.full_name} message, not "
                        f"{type(message).__name__}")
    return _MANAGER.FromString(
        _core.policies(loaded(message, "message", "policies")))


def _print(message: _message.Message, format_name: str, effective: bool,
           function: str) -> str:
    root, data = serialize(message, "message", function)
    if not isinstance(effective, bool):
        raise TypeError(f"{function}() argument 'effective' must be bool, not "
                        f"{type(effective).__name__}")
    if effective:
        return cast(str, _core.print_effective(load_bytes(root, data,
                                                          MESSAGE_NAME),
                                               _core.FORMATS[format_name]))
    printed = _core.print_message(root, data, _core.FORMATS[format_name],
                                  MESSAGE_NAME)
    if isinstance(printed, list):
        raise _errors.config_error(_errors.diagnostics_from_core(printed))
    return cast(str, printed)


def to_text(message: _message.Message, *, effective: bool = False) -> str:
    """Returns `message` in text format, as `orbax-options show` prints it.

    With `effective=False`, the message as it is (the minimal form when it
    came from `Config.minimal`), validated or not, if a source could hold it.
    With `effective=True`, its effective form, every effective value set, as
    `show --effective` prints it; the message must be valid.

    Raises:
      ConfigError: `effective=True` and `message` is not valid; or a message
        that no source could hold, so that its text would not load either
        (invalid UTF-8 in a string field of a message from another
        descriptor pool, nesting past 100 levels), naming the field.
      TypeError: `message` is not a `CheckpointOptions` or a
        `CheckpointManagerOptions`.
    """
    return _print(message, "textproto", effective, "to_text")


def to_json(message: _message.Message, *, effective: bool = False) -> str:
    """Returns `message` as JSON, as `orbax-options show --format=json` prints
    it: the schema's snake_case names, enums by name, int32 values as numbers.

    `effective` as in `to_text()`.

    Raises:
      ConfigError: as in `to_text()`.
      TypeError: `message` is not a `CheckpointOptions` or a
        `CheckpointManagerOptions`.
    """
    return _print(message, "json", effective, "to_json")
