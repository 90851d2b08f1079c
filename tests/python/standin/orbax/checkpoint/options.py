# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's `orbax.checkpoint.options` module (a module, not a
package, as in Orbax), written for the tests from the facts of the five
option classes: the same names, fields, types, defaults and frozenness, and
`AtomicityMode` a `str` enum with Orbax's values. Nothing else of Orbax.
"""

import dataclasses
import enum
from typing import Callable, Optional, Set

# Orbax: multihost.BarrierSyncFn, called as fn(key=str, timeout_ms=int).
BarrierSyncFn = Callable[..., None]


@dataclasses.dataclass
class AsyncOptions:
    timeout_secs: int = 1200
    barrier_sync_fn: Optional[BarrierSyncFn] = None
    post_finalization_callback: Optional[Callable[[], None]] = None
    create_directories_asynchronously: bool = True


@dataclasses.dataclass
class MultiprocessingOptions:
    primary_host: Optional[int] = 0  # None: every host is primary
    active_processes: Optional[Set[int]] = None  # None: all processes
    barrier_sync_key_prefix: Optional[str] = None


class AtomicityMode(str, enum.Enum):
    AUTO = "auto"
    COMMIT_FILE = "commit_file"
    ATOMIC_RENAME = "atomic_rename"


@dataclasses.dataclass(frozen=True)
class AtomicityOptions:
    mode: AtomicityMode = AtomicityMode.AUTO
    allow_legacy_atomic_rename: bool = False


@dataclasses.dataclass(frozen=True)
class FileOptions:
    path_permission_mode: Optional[int] = None


@dataclasses.dataclass
class MemoryLimitOptions:
    max_transfer_concurrent_gb: Optional[int] = None
