# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
# Stub of the private extension module (_core.cc). Diagnostics are
# (severity, code, file, line, column, path, message, text, errno) tuples.
# `type` is a root type's name, one of TYPES ("CheckpointOptions",
# "CheckpointManagerOptions", "Context", "CheckpointerOptions"); any other
# raises ValueError.

from typing import (Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union,
                    final)

from typing_extensions import disjoint_base

_Diagnostic = Tuple[str, str, str, int, int, str, str, str, int]
_Loaded = Tuple[Optional[bytes], Optional[bytes], Optional[str],
                List[_Diagnostic]]

FORMATS: Dict[str, int]
TYPES: Tuple[str, ...]


def load_files(type: str, paths: List[bytes],
               overrides: List[Tuple[bool, bytes]],
               input_format: Optional[int],
               allow_unknown_fields: bool) -> _Loaded:
    ...


# The located path: (minimal, diagnostics); minimal is None on an error.
def load_string(type: str, data: Union[str, bytes], format: int, name: str,
                allow_unknown_fields: bool
                ) -> Tuple[Optional[bytes], List[_Diagnostic]]:
    ...


# The C++ half of Config, which holds all its attributes: `_effective_bytes`
# and `_fingerprint` are computed from the options that load_config() keeps
# (or set), the others set.
@disjoint_base
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
                format: int, name: Union[str, bytes],
                allow_unknown_fields: bool) -> Union[_C, List[_Diagnostic]]:
    ...


# `slow` (loads()) with its common case in C: a callable that stands for
# it, with its name and docstring (_config.py copies them on).
@final
class LoadsFastPath:
    def __new__(cls, slow: Callable[..., Any], config_class: type,
                default_root: Tuple[str, type],
                formats: Dict[str, int]) -> LoadsFastPath:
        ...

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ...


# The message printed, or the diagnostics of one that no source could hold.
def print_message(type: str, message: bytes, format: int,
                  name: str) -> Union[str, bytes, List[_Diagnostic]]:
    ...


# The functions of options take a Config (load_config()'s), whose C++
# options they read.
def print_effective(config: ConfigBase, format: int) -> Union[str, bytes]:
    ...


def diff(a: ConfigBase, b: ConfigBase) -> List[Tuple[str, str, str, str]]:
    ...


# A Config of CheckpointManagerOptions -> the message that sets only the
# policies Orbax uses (DerivedPolicies()), serialised.
def policies(config: ConfigBase) -> bytes:
    ...


# A CheckpointManagerOptions that loaded -> BestNPaths().
def best_n_paths(data: bytes) -> List[str]:
    ...


def plan(
    config: ConfigBase, steps: str, step_seconds: Optional[float],
    step_times: Optional[List[Tuple[int, float, str]]],
    metrics: Optional[List[Tuple[int, List[Tuple[str, float]], str]]],
    metric: Optional[str], existing_steps: str,
    checkpoint_bytes: Optional[int]
) -> Tuple[List[int], List[int], List[Tuple[int, int]], int, Optional[int],
           int, List[Tuple[str, str]]]:
    ...


# The multi-host helpers (multihost.h) on a Config's options (a manager's
# unset async_options is Orbax's default). `component` is
# "AsyncCheckpointer" or "other" (BarrierKeyOwner).
def barrier_key(config: ConfigBase, component: str, key: str,
                suffix: Optional[str]) -> str:
    ...


def barrier_timeout_ms(config: ConfigBase) -> int:
    ...


def is_primary_host(config: ConfigBase, process_index: int) -> bool:
    ...


# None if active_processes is unset; else (its members below `limit`, its
# size).
def active_processes(config: ConfigBase,
                     limit: int) -> Optional[Tuple[List[int], int]]:
    ...


# ProcessSet::ToString() of `indices`: "{3, 17-19}".
def process_set_text(indices: List[int]) -> str:
    ...


# Each str argument also as its UTF-8 bytes (lone surrogates escaped).
def diagnostic_text(severity: Union[str, bytes], file: Union[str, bytes],
                    line: int, column: int, path: Union[str, bytes],
                    message: Union[str, bytes]) -> str:
    ...
