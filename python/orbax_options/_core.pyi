# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
# Stub of the private extension module (_core.cc). Diagnostics are
# (severity, code, file, line, column, path, message, text, errno) tuples.
# `type` is a root type's name, one of TYPES ("CheckpointOptions",
# "CheckpointManagerOptions"); any other raises ValueError.

from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union

_Diagnostic = Tuple[str, str, str, int, int, str, str, str, int]
_Loaded = Tuple[Optional[bytes], Optional[bytes], Optional[str],
                List[_Diagnostic]]

FORMATS: Dict[str, int]
TYPES: Tuple[str, ...]


def load_files(type: str, paths: List[bytes],
               overrides: List[Tuple[bool, str]], input_format: Optional[int],
               allow_unknown_fields: bool) -> _Loaded:
    ...


def load_string(type: str, data: Union[str, bytes], format: int, name: str,
                allow_unknown_fields: bool) -> _Loaded:
    ...


_F = TypeVar("_F", bound=Callable[..., Any])


# The C++ half of Config, which holds all its attributes: `_effective_bytes`
# and `_fingerprint` are computed from the options that load_config() keeps
# (or set), the others set.
class ConfigBase:
    _type: Tuple[str, type]
    _effective_bytes: bytes
    _fingerprint: str
    _minimal_bytes: bytes
    _warnings: Tuple[Any, ...]
    @property
    def _source(self) -> Tuple[Union[str, bytes], int, str, bool]:
        ...


_C = TypeVar("_C", bound=ConfigBase)


# A new `cls` holding the options of one source, or its diagnostics.
def load_config(cls: type[_C], root: Tuple[str, type], data: Union[str, bytes],
                format: int, name: str,
                allow_unknown_fields: bool) -> Union[_C, List[_Diagnostic]]:
    ...


# `slow` (loads()) with its common case in C; a class, typed as what it
# stands for.
def LoadsFastPath(slow: _F, cls: type, default_root: Tuple[str, type],
                  formats: Dict[str, int]) -> _F:
    ...


def effective_bytes(
        type: str, data: Union[str, bytes], format: int, name: str,
        allow_unknown_fields: bool) -> Union[bytes, List[_Diagnostic]]:
    ...


def fingerprint(type: str, data: Union[str, bytes], format: int, name: str,
                allow_unknown_fields: bool) -> Union[bytes, List[_Diagnostic]]:
    ...


# The message printed, or the diagnostics of one that no source could hold.
def print_message(type: str, message: bytes, format: int,
                  name: str) -> Union[str, bytes, List[_Diagnostic]]:
    ...


def diff(type: str, a: bytes, b: bytes) -> List[Tuple[str, str, str, str]]:
    ...


# A CheckpointManagerOptions that loaded -> the one that sets only the
# policies Orbax uses (DerivedPolicies()), serialised.
def policies(data: bytes) -> bytes:
    ...


# A CheckpointManagerOptions that loaded -> BestNPaths().
def best_n_paths(data: bytes) -> List[str]:
    ...


def plan(
    data: bytes, steps: str, step_seconds: Optional[float],
    step_times: Optional[List[Tuple[int, float, str]]],
    metrics: Optional[List[Tuple[int, List[Tuple[str, float]], str]]],
    metric: Optional[str], existing_steps: str,
    checkpoint_bytes: Optional[int]
) -> Tuple[List[int], List[int], List[Tuple[int, int]], int, Optional[int],
           int, List[Tuple[str, str]]]:
    ...


# The multi-host helpers (multihost.h) on effective bytes of the root `type`
# (a manager's unset async_options is Orbax's default). `component` is
# "AsyncCheckpointer" or "other" (BarrierKeyOwner).
def barrier_key(type: str, data: bytes, component: str, key: str,
                suffix: Optional[str]) -> str:
    ...


def barrier_timeout_ms(type: str, data: bytes) -> int:
    ...


def is_primary_host(type: str, data: bytes, process_index: int) -> bool:
    ...


# None if active_processes is unset; else (its members below `limit`, its
# size).
def active_processes(type: str, data: bytes,
                     limit: int) -> Optional[Tuple[List[int], int]]:
    ...


# ProcessSet::ToString() of `indices`: "{3, 17-19}".
def process_set_text(indices: List[int]) -> str:
    ...


def diagnostic_text(severity: str, file: str, line: int, column: int,
                    path: str, message: str) -> str:
    ...


def time_load_from_string(type: str, data: Union[str, bytes], format: int,
                          iterations: int) -> float:
    ...
