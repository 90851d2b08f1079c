# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The real Orbax CheckpointManager as the oracle of `orbax_options.plan()`:
`run()` drives `ocp.CheckpointManager` (orbax-checkpoint, CPU, synchronous
saves, a temporary directory, a one-leaf JSON item: what a step holds
does not change Orbax's decisions, and JSON saves several times faster than
a numpy pytree, which goes through TensorStore) through a training
loop's steps, calling `save()` at every step as Orbax's docs do, and records
after each step whether `save()` saved and `all_steps()`, and, for a save,
how many step directories were on disk when its deletions began.

Orbax's clock is replaced by the plan's time model, so that "now" at step
`s` is `step_time(s)` seconds after the epoch. Orbax reads three clocks in
the save-decision and preservation paths, each patched while `run()` runs:

  checkpoint_manager.datetime.datetime.now   the time of `should_save()`'s
      step (ContinuousCheckpointingPolicy) and of a new checkpoint's
      CheckpointInfo (EveryNSeconds, LatestDuration, the continuous policy's
      last save);
  preservation_policy.datetime.datetime.now  LatestDuration's "now";
  atomicity.time.time_ns                     the commit timestamp written in
      a step's metadata, which is the time of an existing step when a
      manager starts on a directory.

(`time.time()` elsewhere in the manager feeds only statistics and logs.)

Existing steps are saved first by a previous run of the same options, under
the same clock, that saves exactly those steps and deletes none; then the
manager under test starts on that directory.
"""

import contextlib
import dataclasses
import datetime
import os
import tempfile
import time
import types
from unittest import mock

import orbax.checkpoint as ocp
from orbax.checkpoint import checkpoint_manager as _manager_module
from orbax.checkpoint._src.checkpoint_managers import (preservation_policy as
                                                        _preservation_module)
from orbax.checkpoint._src.path import atomicity as _atomicity_module
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp
from orbax.checkpoint.checkpoint_managers import save_decision_policy as sdp

import orbax_options

_UTC = datetime.timezone.utc


class OrbaxRaised(Exception):
    """Orbax's `save()` raised `error` at `step` of the loop."""

    def __init__(self, step, error):
        super().__init__(f"at step {step}: {type(error).__name__}: {error}")
        self.step = step
        self.error = error


@dataclasses.dataclass(frozen=True)
class Record:
    """What Orbax did at one step of the loop: whether `save()` saved,
    `all_steps()` after it, and the step directories on disk right after the
    save and before its deletions (None when it did not save)."""
    step: int
    saved: bool
    all_steps: tuple
    on_disk_before_deletions: int | None


class _Clock:
    """The replaced clock: `seconds` since the epoch, set by the loop."""

    def __init__(self):
        self.seconds = 0.0

    def datetime_module(self):
        clock = self

        class FakeDatetime(datetime.datetime):

            @classmethod
            def now(cls, tz=None):
                return datetime.datetime.fromtimestamp(clock.seconds, tz=tz)

        module = types.SimpleNamespace(**vars(datetime))
        module.datetime = FakeDatetime
        return module

    def time_module(self):
        module = types.SimpleNamespace(**vars(time))
        module.time_ns = lambda: round(self.seconds * 1e9)
        return module


@contextlib.contextmanager
def _orbax_clock(clock):
    datetime_module = clock.datetime_module()
    with mock.patch.object(_manager_module, "datetime", datetime_module), \
         mock.patch.object(_preservation_module, "datetime",
                           datetime_module), \
         mock.patch.object(_atomicity_module, "time", clock.time_module()):
        yield


_ITEM = {"w": 0}
# A memory file system where there is one: saving and deleting are faster.
_TEMPORARY_ROOT = "/dev/shm" if os.path.isdir("/dev/shm") else None


def _step_directories(directory):
    """The steps of the finished step directories in `directory` (named by
    their step: the oracle's configs leave `step_prefix` unset); none if
    it does not exist (`read_only`)."""
    names = os.listdir(directory) if os.path.isdir(directory) else ()
    return tuple(sorted(int(name) for name in names if name.isdigit()))


@contextlib.contextmanager
def _counting_deletions(manager, counts):
    """Appends to `counts` the step directories on disk each time `manager`
    starts deleting (once per save, after the new step is written)."""
    deleter = manager._checkpoint_deleter  # pylint: disable=protected-access
    delete_steps = deleter.delete_steps

    def counted(steps):
        counts.append(len(_step_directories(manager.directory)))
        return delete_steps(steps)

    with mock.patch.object(deleter, "delete_steps", counted):
        yield


def _options(message, metric):
    """Orbax's options for `message`, saving synchronously."""
    callables = {}
    if metric is not None:
        rank = lambda metrics: metrics[metric]
        callables = {"best_fn": rank, "get_metric_fns": rank}
    options = orbax_options.to_orbax(message, **callables)
    return dataclasses.replace(options, enable_async_checkpointing=False)


def _previous_run(directory, options, existing_steps, clock, step_time,
                  metrics):
    """Saves `existing_steps` as a run of `options` would have, keeping them
    all."""
    previous = dataclasses.replace(
        options,
        save_decision_policy=sdp.SpecificStepsPolicy(frozenset()),
        preservation_policy=pp.PreserveAll(),
        max_to_keep=None,
        keep_period=None,
        keep_time_interval=None,
        read_only=False)
    with ocp.CheckpointManager(directory, options=previous) as manager:
        for step in sorted(existing_steps):
            clock.seconds = step_time(step)
            manager.save(step,
                         args=ocp.args.JsonSave(_ITEM),
                         metrics=metrics.get(step),
                         force=True)
        assert tuple(manager.all_steps()) == tuple(sorted(existing_steps))


def _loop(manager, steps, clock, step_time, metrics):
    """The training loop: `save()` at every step; a Record per step."""
    records = []
    with _counting_deletions(manager, counts := []):
        for step in steps:
            clock.seconds = step_time(step)
            try:
                saved = manager.save(step,
                                     args=ocp.args.JsonSave(_ITEM),
                                     metrics=metrics.get(step))
            except Exception as error:  # pylint: disable=broad-except
                raise OrbaxRaised(step, error) from error
            assert len(counts) == bool(saved)
            all_steps = tuple(manager.all_steps())
            # Saves are synchronous: the disk holds what the manager says.
            assert _step_directories(manager.directory) == all_steps, step
            records.append(
                Record(step, bool(saved), all_steps,
                       counts.pop() if saved else None))
    return records


def run(message,
        *,
        steps,
        step_time,
        metrics=None,
        metric=None,
        existing_steps=()):
    """Runs the real CheckpointManager with the options in `message` (a
    `CheckpointManagerOptions`) through `steps`, calling `save()` at each
    one with that step's metrics (`metrics.get(step)`, None if missing);
    returns a Record per step, or raises OrbaxRaised if a `save()` raises.
    `step_time(step)` is the step's time in seconds; `metric` names the
    metric `best_fn` and every `BestN` rank by (None: no `best_fn`)."""
    metrics = metrics or {}
    options = _options(message, metric)
    clock = _Clock()
    with tempfile.TemporaryDirectory(dir=_TEMPORARY_ROOT) as root, \
         _orbax_clock(clock):
        directory = os.path.join(root, "run")
        if existing_steps:
            _previous_run(directory, options, existing_steps, clock,
                          step_time, metrics)
        with ocp.CheckpointManager(directory, options=options) as manager:
            return _loop(manager, steps, clock, step_time, metrics)
