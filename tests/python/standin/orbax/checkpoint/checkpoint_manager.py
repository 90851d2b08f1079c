# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's `orbax.checkpoint.checkpoint_manager`:
`CheckpointManagerOptions`, written for the tests from the facts of
upstream's class: its fields, types and defaults, and what `__post_init__`
checks and rewrites (the `step_name_format` agreement, `best_mode`, a
negative `max_to_keep`, `read_only`'s resets, both `todelete_*`,
`enable_per_process_directory_creation` with a primary host, and
`save_on_steps` made a `frozenset`). Orbax logs each reset; this does not.
"""

import dataclasses
import datetime
from typing import Any, Callable, Container, Optional

from orbax.checkpoint import options as options_lib
from orbax.checkpoint._src.checkpoint_managers import preservation_policy as preservation_policy_lib
from orbax.checkpoint._src.checkpoint_managers import save_decision_policy as save_decision_policy_lib

# As Orbax, the option classes are also names of this module.
AsyncOptions = options_lib.AsyncOptions
MultiprocessingOptions = options_lib.MultiprocessingOptions
FileOptions = options_lib.FileOptions


@dataclasses.dataclass
class CheckpointManagerOptions:
    save_interval_steps: int = 1
    max_to_keep: Optional[int] = None
    keep_time_interval: Optional[datetime.timedelta] = None
    keep_period: Optional[int] = None
    best_fn: Optional[Callable[[Any], float]] = None
    best_mode: str = "max"
    keep_checkpoints_without_metrics: bool = True
    step_prefix: Optional[str] = None
    step_format_fixed_length: Optional[int] = None
    step_name_format: Optional[Any] = None  # Orbax: step_lib.NameFormat
    create: bool = True
    cleanup_tmp_directories: bool = False
    save_on_steps: Optional[Container[int]] = None
    single_host_load_and_broadcast: bool = False
    todelete_subdir: Optional[str] = None
    todelete_full_path: Optional[str] = None
    enable_background_delete: bool = False
    num_deletion_threads: Optional[int] = None
    read_only: bool = False
    enable_async_checkpointing: bool = True
    async_options: Optional[AsyncOptions] = None
    multiprocessing_options: MultiprocessingOptions = dataclasses.field(
        default_factory=MultiprocessingOptions)
    should_save_fn: Optional[Callable[[int, Optional[int]], bool]] = None
    file_options: FileOptions = dataclasses.field(default_factory=FileOptions)
    atomicity_options: Optional[options_lib.AtomicityOptions] = None
    save_root_metadata: bool = True
    temporary_path_class: Optional[type] = None
    save_decision_policy: Optional[
        save_decision_policy_lib.SaveDecisionPolicy] = None
    preservation_policy: Optional[
        preservation_policy_lib.PreservationPolicy] = None
    prevent_write_metrics: bool = False
    enable_should_save_is_saving_in_progress_check: bool = True
    enable_per_process_directory_creation: bool = False
    lightweight_initialize: bool = False

    def __post_init__(self) -> None:
        # A step_name_format that loads on a single host needs the option
        # too, and the option with a step_name_format needs it to.
        format_single_host = bool(
            getattr(self.step_name_format, "single_host_load_and_broadcast",
                    False))
        if (self.single_host_load_and_broadcast and self.step_name_format
                and not format_single_host):
            raise ValueError("single_host_load_and_broadcast needs "
                             "step_name_format.single_host_load_and_broadcast")
        if format_single_host and not self.single_host_load_and_broadcast:
            raise ValueError("step_name_format.single_host_load_and_broadcast "
                             "needs single_host_load_and_broadcast")
        if self.best_mode not in ("min", "max"):
            raise ValueError(f"best_mode must be 'min' or 'max', got "
                             f"{self.best_mode}")
        if (self.preservation_policy is None and self.max_to_keep is not None
                and self.max_to_keep < 0):
            raise ValueError("max_to_keep must be None or >= 0")
        if self.read_only:
            if self.save_interval_steps > 0:
                self.save_interval_steps = 0
            self.max_to_keep = None
            self.keep_time_interval = None
            self.keep_period = None
            self.create = False
            self.cleanup_tmp_directories = False
            if self.save_on_steps:
                self.save_on_steps = None
            self.todelete_subdir = None
            self.todelete_full_path = None
        if (self.todelete_subdir is not None
                and self.todelete_full_path is not None):
            raise ValueError(
                "todelete_subdir and todelete_full_path can't both be set")
        if (self.enable_per_process_directory_creation
                and self.multiprocessing_options.primary_host is not None):
            raise ValueError("enable_per_process_directory_creation needs "
                             "primary_host=None")
        if self.read_only:
            self.should_save_fn = None
        self.save_on_steps = frozenset(self.save_on_steps or ())
