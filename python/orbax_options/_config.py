# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Loading configs: `load()` (files, layered as the command layers them),
`loads()` (one source in memory), and the `Config` they return."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Collection, Iterable, Sequence
from typing import (TYPE_CHECKING, Any, Generic, List, Optional, Tuple,
                    Type, TypeVar, Union, overload)

from google.protobuf import message as _message

from orbax_options import _core
from orbax_options import _errors
from orbax_options import _roots
from orbax_options.v1 import options_pb2

__all__ = ["Config", "Unset", "load", "loads"]

_FORMATS = dict(_core.FORMATS)  # "textproto", "json", "binpb" -> number
_FORMAT_NAMES = ", ".join(repr(name) for name in _FORMATS)


@dataclasses.dataclass(frozen=True)
class Unset:
    """An override that restores the field at `path` to unset: `--unset PATH`.

    Unset means Orbax's default (Python `None` where that is the default), as
    if no earlier source had set the field. Unsetting either member of the
    primary-host `oneof` (`primary_host`, `all_hosts_primary`) unsets it.

      orbax_options.load("job.textproto", overrides=[
          "async_options.timeout_secs=600",
          orbax_options.Unset("multiprocessing_options.active_processes"),
      ])
    """

    path: str

    def __post_init__(self) -> None:
        if not isinstance(self.path, str):
            raise TypeError("Unset() argument 'path' must be str, not "
                            f"{type(self.path).__name__}")


# The message class of a root type, for type checkers: Config[Options].
Options = TypeVar("Options", bound=_message.Message)
_Path = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Config(_core.ConfigBase, Generic[Options]):
    """Loaded, merged and validated options.

    Made by `load()` and `loads()`; read-only: each read of `effective` or
    `minimal` gives a fresh message, the caller's to change. Configs are
    equal (and hash alike) when their types and fingerprints are: when their
    effective options are, however the sources spelled them.

    Attributes:
      type: The root type, the message class that `type=` chose:
        `options_pb2.CheckpointOptions` (the default) or
        `checkpoint_manager_options_pb2.CheckpointManagerOptions`.
      effective: The effective options in their explicit form (every effective
        value set, as `orbax-options show --effective` prints them): a new
        message of `type`.
      minimal: What the sources set, merged (as `orbax-options show` prints
        it): a new message of `type`.
      fingerprint: 64 lowercase hex digits, equal to `orbax-options
        fingerprint --type=TYPE` of the same sources.
      warnings: The warnings of loading (e.g. each unknown field ignored with
        `allow_unknown_fields=True`, or each field that `read_only` resets),
        as `Diagnostic`s of severity "warning".
    """

    # Every attribute lives in the C++ base (`ConfigBase`, _core_config.cc),
    # which loads() fills in one call: it keeps the options as C++ values,
    # and their bytes and fingerprint are made when first asked for. load()
    # sets them all; for loads(), `_resolve()` sets `_minimal_bytes` and
    # `_warnings` from `_source`, (data, format, name, allow_unknown_fields).
    # `_type` is (name, class). Each read of `effective` or `minimal` parses
    # their bytes anew: as fast as a copy of a kept message would be
    # (bench/python_bench.py, "effective again"), and nothing to share.
    __slots__ = ()
    _type: Tuple[str, Type[Options]]
    _effective_bytes: bytes
    _source: Tuple[Union[str, bytes], int, str, bool]
    _fingerprint: str
    _minimal_bytes: bytes
    _warnings: Tuple[_errors.Diagnostic, ...]

    def __init__(self) -> None:
        raise TypeError(
            "Config objects come from orbax_options.load() or loads()")

    def _resolve(self) -> None:
        # loads() takes LoadFromString()'s fast path, which records no
        # locations; the located path gives the minimal form and the warnings.
        data, format_number, name, allow_unknown_fields = self._source
        minimal, diagnostics = _core.load_string(self._type[0], data,
                                                 format_number, name,
                                                 allow_unknown_fields)
        assert minimal is not None  # The same source loaded before.
        self._warnings = _errors.diagnostics_from_core(diagnostics)
        self._minimal_bytes = minimal

    @property
    def type(self) -> Type[Options]:
        return self._type[1]

    @property
    def effective(self) -> Options:
        return self._type[1].FromString(self._effective_bytes)

    @property
    def minimal(self) -> Options:
        try:
            data = self._minimal_bytes
        except AttributeError:
            self._resolve()
            data = self._minimal_bytes
        return self._type[1].FromString(data)

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def warnings(self) -> Tuple[_errors.Diagnostic, ...]:
        try:
            return self._warnings
        except AttributeError:
            self._resolve()
            return self._warnings

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return (self._type[0] == other._type[0] and
                self.fingerprint == other.fingerprint)

    def __hash__(self) -> int:
        return hash((self._type[0], self.fingerprint))

    def __repr__(self) -> str:
        shown = "" if self._type[1] is _roots.DEFAULT else f" {self._type[0]}"
        return f"<orbax_options.Config{shown} fingerprint={self.fingerprint}>"

    def __reduce__(self) -> Tuple[Any, ...]:
        # Pickled (and copied) as what it gives: the C++ options that
        # loads() keeps in the base stay behind.
        warnings = self.warnings  # Resolves `_minimal_bytes` too.
        return (_restored, (self._type[0], self._effective_bytes,
                            self._minimal_bytes, self._fingerprint, warnings))


def _made(root: Tuple[str, type], effective: bytes, minimal: bytes,
          fingerprint: str,
          warnings: Tuple[_errors.Diagnostic, ...]) -> Config[Any]:
    """A `Config` of what a load gave (load()'s, or a pickled one)."""
    config = _core.ConfigBase.__new__(Config)
    config._type = root
    config._effective_bytes = effective
    config._minimal_bytes = minimal
    config._fingerprint = fingerprint
    config._warnings = warnings
    return config


def _restored(type_name: str, *made: Any) -> Config[Any]:
    """A pickled `Config` (`Config.__reduce__`)."""
    return _made(_roots.of_type(type_name, "pickle.loads"), *made)


# `type=`'s default as (name, class), for loads()' C path (see below).
_DEFAULT_TYPE = next(iter(_roots.ROOTS.items()))


def _type_name(value: object) -> str:
    return type(value).__name__


def _format_number(value: object, function: str, argument: str) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{function}() argument '{argument}' must be str, not "
                        f"{_type_name(value)}")
    number = _FORMATS.get(value)
    if number is None:
        raise ValueError(f"{function}() argument '{argument}' must be one of "
                         f"{_FORMAT_NAMES}, not {value!r}")
    return number


def _check_bool(value: object, function: str, argument: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(
            f"{function}() argument '{argument}' must be bool, not "
            f"{_type_name(value)}")


def _overrides(overrides: object) -> List[Tuple[bool, bytes]]:
    """`(is_set, argument)` pairs for the C++ `Override`s, in the order given:
    a sequence or an iterator, never a set, a dict or another collection
    whose order is not its meaning."""
    if (isinstance(overrides, (str, bytes)) or
            not isinstance(overrides, Iterable) or
            isinstance(overrides, Collection) and
            not isinstance(overrides, Sequence)):
        raise TypeError("load() argument 'overrides' must be a sequence (they "
                        "apply in its order) of 'PATH=VALUE' strings and "
                        f"Unset objects, not {_type_name(overrides)}")
    pairs: List[Tuple[bool, bytes]] = []
    for i, item in enumerate(overrides):
        if isinstance(item, str):
            pairs.append((True, _errors.encode(item)))
        elif isinstance(item, Unset):
            pairs.append((False, _errors.encode(item.path)))
        else:
            raise TypeError(f"load() argument 'overrides[{i}]' must be a "
                            "'PATH=VALUE' string or an Unset, not "
                            f"{_type_name(item)}")
    return pairs


# For type checkers: load() and loads() give a Config of the `type` given.
@overload
def load(*paths: _Path,
         overrides: Sequence[Union[str, Unset]] = ...,
         input_format: Optional[str] = ...,
         allow_unknown_fields: bool = ...
         ) -> Config[options_pb2.CheckpointOptions]:
    ...


@overload
def load(*paths: _Path,
         overrides: Sequence[Union[str, Unset]] = ...,
         input_format: Optional[str] = ...,
         allow_unknown_fields: bool = ...,
         type: Type[Options]) -> Config[Options]:
    ...


@overload
def load(*paths: _Path,
         overrides: Sequence[Union[str, Unset]] = ...,
         input_format: Optional[str] = ...,
         allow_unknown_fields: bool = ...,
         type: str) -> Config[Any]:
    ...


def load(*paths: _Path,
         overrides: Sequence[Union[str, Unset]] = (),
         input_format: Optional[str] = None,
         allow_unknown_fields: bool = False,
         type: Union[Type[_message.Message], str] = _roots.DEFAULT
         ) -> Config[Any]:
    """Loads config files as `orbax-options show --type=TYPE FILE... --set
    ...` does.

    Files merge in order (a later file wins field by field; sub-messages
    merge; `active_processes` and the primary host are replaced whole), then
    each override applies in order, and the result is validated once.

    Args:
      *paths: Config files; the extension gives the format (`.textproto`,
        `.txtpb`, `.pbtxt`, `.json`, `.binpb`, `.pb`). `-` reads the process's
        standard input (file descriptor 0) and needs `input_format`.
      overrides: `--set` arguments, `"PATH=VALUE"` with VALUE in text format
        (`"async_options.timeout_secs=600"`), and `Unset("PATH")` for
        `--unset PATH`, applied in order after every file.
      input_format: "textproto", "json" or "binpb": the format of every file,
        whatever its extension.
      allow_unknown_fields: Ignore unknown fields in text and JSON, with a
        warning each, instead of refusing them.
      type: The root type of the config, as the command's `--type`: the
        message class (`options_pb2.CheckpointOptions`, the default, or
        `checkpoint_manager_options_pb2.CheckpointManagerOptions`) or its
        name (`"CheckpointManagerOptions"`). A config of another type fails
        on its first field that this one lacks, as an unknown field.

    Returns:
      The `Config`, whose messages are of `type`.

    Raises:
      ConfigError: the options don't load or aren't valid; `str(error)` is the
        command's stderr. A source that can't be read raises a
        `ConfigReadError` (also an `OSError`; e.g. `FileNotFoundError`).
      TypeError: an argument of the wrong type.
      ValueError: no such `input_format` or `type`, `-` given twice, or a
        path with a NUL byte (`embedded null byte`, as `open()`).
      UnicodeEncodeError: a path or override with a lone surrogate that
        stands for no byte (as `open()`).
    """
    if not paths:
        raise TypeError("load() needs at least one path")
    encoded = []
    for i, path in enumerate(paths):
        try:
            encoded.append(os.fsencode(path))
        except TypeError:
            raise TypeError(
                f"load() argument 'paths[{i}]' must be str, bytes or "
                f"os.PathLike, not {_type_name(path)}") from None
        if b"\0" in encoded[-1]:
            raise ValueError("embedded null byte")  # As open() says.
    if encoded.count(b"-") > 1:
        raise ValueError("load(): '-' (standard input) given more than once")
    pairs = _overrides(overrides)
    format_number = None
    if input_format is not None:
        format_number = _format_number(input_format, "load", "input_format")
    _check_bool(allow_unknown_fields, "load", "allow_unknown_fields")
    root = _roots.of_type(type, "load")
    effective, minimal, fingerprint, raw = _core.load_files(
        root[0], encoded, pairs, format_number, allow_unknown_fields)
    diagnostics = _errors.diagnostics_from_core(raw)
    if effective is None or minimal is None or fingerprint is None:
        raise _errors.config_error(diagnostics)
    return _made(root, effective, minimal, fingerprint, diagnostics)


@overload
def loads(data: Union[str, bytes],
          format: str,
          *,
          name: str = ...,
          allow_unknown_fields: bool = ...
          ) -> Config[options_pb2.CheckpointOptions]:
    ...


@overload
def loads(data: Union[str, bytes],
          format: str,
          *,
          name: str = ...,
          allow_unknown_fields: bool = ...,
          type: Type[Options]) -> Config[Options]:
    ...


@overload
def loads(data: Union[str, bytes],
          format: str,
          *,
          name: str = ...,
          allow_unknown_fields: bool = ...,
          type: str) -> Config[Any]:
    ...


def loads(data: Union[str, bytes],
          format: str,
          *,
          name: str = "<string>",
          allow_unknown_fields: bool = False,
          type: Union[Type[_message.Message], str] = _roots.DEFAULT
          ) -> Config[Any]:
    """Loads and validates options from one source in memory.

    Args:
      data: The config: `str` (text format, JSON) or `bytes` (any format; text
        and JSON as UTF-8).
      format: "textproto", "json" or "binpb".
      name: The source's name in diagnostics.
      allow_unknown_fields: As in `load()`.
      type: As in `load()`.

    Returns:
      The `Config`, whose messages are of `type`.

    Raises:
      ConfigError: the options don't load or aren't valid; `str(error)` is what
        the command prints for a file called `name` with the same content.
      TypeError: an argument of the wrong type.
      ValueError: no such `format` or `type`.
    """
    # The common case runs in C and does not come here (see below). _core
    # checks that `data` is str or bytes.
    format_number = _format_number(format, "loads", "format")
    if not isinstance(name, str):
        raise TypeError(
            f"loads() argument 'name' must be str, not {_type_name(name)}")
    _check_bool(allow_unknown_fields, "loads", "allow_unknown_fields")
    root = _roots.of_type(type, "loads")
    if isinstance(data, str):
        data = _errors.encode(data)
    result = _core.load_config(Config, root, data, format_number,
                               _errors.encode(name), allow_unknown_fields)
    if isinstance(result, list):
        raise _errors.config_error(_errors.diagnostics_from_core(result))
    return result


if not TYPE_CHECKING:
    # loads() is measured against C++'s LoadFromString() (docs/
    # PERFORMANCE.md), and a Python frame with its checks costs a fifth of a
    # small binary load: the common case runs in C, with no Python frame,
    # and anything else (any error included) runs the function above.
    loads = functools.update_wrapper(
        _core.LoadsFastPath(loads, Config, _DEFAULT_TYPE, _FORMATS), loads)
