# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Options messages in and out: validate, fingerprint, diff and print.

Each function serialises the `CheckpointOptions` it is given and hands the
bytes to the C++ library, which loads them as the command loads a binary
file (named `<message>` in diagnostics): the same validation, fingerprint,
diff and printing as `orbax-options`.
"""

from __future__ import annotations

import dataclasses
from typing import List, Sequence, Union, cast

from google.protobuf import message as _message

from orbax_options import _core
from orbax_options import _errors
from orbax_options.v1 import options_pb2

__all__ = [
    "FieldDiff", "diff", "fingerprint", "to_json", "to_text", "validate"
]

_FULL_NAME = options_pb2.CheckpointOptions.DESCRIPTOR.full_name
_BINARY = _core.FORMATS["binpb"]

# The name of a message's source in diagnostics.
MESSAGE_NAME = "<message>"


def serialize(message: object, argument: str, function: str) -> bytes:
    """Returns the bytes of a `CheckpointOptions`, or raises TypeError."""
    if not isinstance(message, options_pb2.CheckpointOptions):
        # Also take a CheckpointOptions made by another message factory.
        if (not isinstance(message, _message.Message)
                or message.DESCRIPTOR.full_name != _FULL_NAME):
            raise TypeError(
                f"{function}() argument '{argument}' must be an "
                f"{_FULL_NAME} message, not {type(message).__name__}")
    return message.SerializeToString()


def _check(result: Union[bytes, Sequence[tuple]]) -> bytes:
    # _core returns bytes, or the diagnostics (a list) of options that don't
    # load.
    if isinstance(result, bytes):
        return result
    raise _errors.config_error(_errors.diagnostics_from_core(result))


def effective_bytes(data: bytes, name: str) -> bytes:
    """Loads serialised options; returns their effective form, serialised
    deterministically (the bytes the fingerprint hashes), or raises
    ConfigError naming the source `name`."""
    return _check(_core.effective_bytes(data, _BINARY, name, False))


def fingerprint_of(data: bytes, name: str) -> str:
    """Loads serialised options; returns their fingerprint, or raises
    ConfigError naming the source `name`."""
    return _check(_core.fingerprint(data, _BINARY, name,
                                    False)).decode("ascii")


def validate(message: options_pb2.CheckpointOptions) -> None:
    """Checks `message` as `orbax-options check` would.

    Raises:
      ConfigError: naming every invalid field, e.g.
        `<message>: error: async_options.timeout_secs: must be > 0, got 0`.
      TypeError: `message` is not a `CheckpointOptions`.
    """
    effective_bytes(serialize(message, "message", "validate"), MESSAGE_NAME)


def fingerprint(message: options_pb2.CheckpointOptions) -> str:
    """Returns the fingerprint of the effective options of `message`.

    64 lowercase hex digits, equal to `orbax-options fingerprint` and C++'s
    `Fingerprint()` of the same options, however they were spelled.

    Raises:
      ConfigError: `message` is not valid.
      TypeError: `message` is not a `CheckpointOptions`.
    """
    data = serialize(message, "message", "fingerprint")
    return fingerprint_of(data, MESSAGE_NAME)


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


def diff(a: options_pb2.CheckpointOptions,
         b: options_pb2.CheckpointOptions) -> List[FieldDiff]:
    """Returns each effective field in which `a` and `b` differ, in schema
    order, as `orbax-options diff` lists them; empty exactly when their
    fingerprints are equal.

    Raises:
      ConfigError: `a` or `b` is not valid (sources `<a>` and `<b>`; every
        problem of both).
      TypeError: `a` or `b` is not a `CheckpointOptions`.
    """
    sides: List[bytes] = []
    diagnostics: List[_errors.Diagnostic] = []
    for argument, value in (("a", a), ("b", b)):
        data = serialize(value, argument, "diff")
        result = _core.effective_bytes(data, _BINARY, f"<{argument}>", False)
        if isinstance(result, bytes):
            sides.append(result)
        else:
            diagnostics.extend(_errors.diagnostics_from_core(result))
    if diagnostics:
        raise _errors.config_error(diagnostics)
    return [
        FieldDiff(path, a_value, b_value, text)
        for path, a_value, b_value, text in _core.diff(sides[0], sides[1])
    ]


def _print(message: options_pb2.CheckpointOptions, format_name: str,
           effective: bool, function: str) -> str:
    data = serialize(message, "message", function)
    if not isinstance(effective, bool):
        raise TypeError(f"{function}() argument 'effective' must be bool, not "
                        f"{type(effective).__name__}")
    if effective:
        data = effective_bytes(data, MESSAGE_NAME)
    return cast(str, _core.print_message(data, _core.FORMATS[format_name]))


def to_text(message: options_pb2.CheckpointOptions,
            *,
            effective: bool = False) -> str:
    """Returns `message` in text format, as `orbax-options show` prints it.

    With `effective=False`, the message as it is (the minimal form when it
    came from `Config.minimal`), validated or not. With `effective=True`, its
    effective form, every effective value set, as `show --effective` prints
    it; the message must be valid.

    Raises:
      ConfigError: `effective=True` and `message` is not valid.
      TypeError: `message` is not a `CheckpointOptions`.
    """
    return _print(message, "textproto", effective, "to_text")


def to_json(message: options_pb2.CheckpointOptions,
            *,
            effective: bool = False) -> str:
    """Returns `message` as JSON, as `orbax-options show --format=json` prints
    it: the schema's snake_case names, enums by name, int32 values as numbers.

    `effective` as in `to_text()`.

    Raises:
      ConfigError: `effective=True` and `message` is not valid.
      TypeError: `message` is not a `CheckpointOptions`.
    """
    return _print(message, "json", effective, "to_json")
