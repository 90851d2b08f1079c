# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""`plan()`: which checkpoints a run saves, deletes and keeps, as Orbax's
`CheckpointManager` (or v1's `training.Checkpointer`) decides it; the code
of `orbax-options plan`.

    plan = orbax_options.plan(config, steps=range(0, 100_001),
                              step_seconds=0.5)
    plan.kept                  # on disk after the last step
    plan.on_disk_after(50_000)
    plan.peak_checkpoints, plan.peak_step
"""

from __future__ import annotations

import bisect
import dataclasses
import numbers
from typing import Any, Mapping, Optional, Sequence, Tuple, Union

from google.protobuf import message as _message

from orbax_options import _config
from orbax_options import _core
from orbax_options import _messages
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import context_pb2

__all__ = ["Assumption", "Deletion", "Plan", "plan"]

_MANAGER = checkpoint_manager_options_pb2.CheckpointManagerOptions
_CHECKPOINTER = context_pb2.CheckpointerOptions
_ROOTS = (_MANAGER, _CHECKPOINTER)


@dataclasses.dataclass(frozen=True)
class Deletion:
    """A checkpoint deleted (`step`), and the step whose save deleted it."""

    step: int
    at_step: int


@dataclasses.dataclass(frozen=True)
class Assumption:
    """Something the plan cannot know (`what`), and how it treats it."""

    what: str
    treatment: str


@dataclasses.dataclass(frozen=True)
class Plan:
    """What a run does, as `orbax-options plan --format=json` prints it.

    Attributes:
      saved: The steps saved, ascending.
      kept: The checkpoints on disk after the last step, ascending.
      deletions: Each checkpoint deleted, in order.
      peak_checkpoints: The most checkpoints on disk at once, counted right
        after a save and before the deletions it causes.
      peak_bytes: That times `checkpoint_bytes`, or None without it.
      peak_step: The first step at which the peak is reached (the run's first
        step if the checkpoints at the start are the most).
      assumptions: What the plan could not know, and how it treats it.
      existing_steps: The checkpoints on disk at the start, ascending.
    """

    saved: Tuple[int, ...]
    kept: Tuple[int, ...]
    deletions: Tuple[Deletion, ...]
    peak_checkpoints: int
    peak_bytes: Optional[int]
    peak_step: int
    assumptions: Tuple[Assumption, ...]
    existing_steps: Tuple[int, ...] = ()

    def on_disk_after(self, step: int) -> Tuple[int, ...]:
        """The checkpoints on disk after `step` (and its deletions):
        existing ∪ saved(<= step) − deleted(at_step <= step), ascending."""
        if isinstance(step, bool) or not isinstance(step, numbers.Integral):
            raise TypeError(f"on_disk_after() argument 'step' must be int, "
                            f"not {type(step).__name__}")
        saved = self.saved[:bisect.bisect_right(self.saved, step)]
        gone = {d.step for d in self.deletions if d.at_step <= step}
        return tuple(
            sorted(s for s in (*self.existing_steps, *saved)
                   if s not in gone))


def _int(value: object, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"plan() argument '{argument}' must hold int steps, "
                        f"not {type(value).__name__}")
    value = int(value)
    if not -2**63 <= value < 2**63:
        raise ValueError(f"{argument}: step {value} overflows int64")
    return value


def _float(value: object, argument: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"plan() argument '{argument}' must hold numbers, "
                        f"not {type(value).__name__}")
    return float(value)


def _options_config(options: object) -> "_config.Config[Any]":
    """`options` as a Config, which C++ reads: itself, or a message loaded."""
    if isinstance(options, _config.Config):
        if options.type in _ROOTS:
            return options
        shown = options.type.__name__
    elif (isinstance(options, _message.Message) and
          options.DESCRIPTOR.full_name in
          (root.DESCRIPTOR.full_name for root in _ROOTS)):
        return _messages.loaded(options, "options", "plan")
    else:
        shown = type(options).__name__
    raise TypeError(f"plan() argument 'options' must be an "
                    f"{_MANAGER.DESCRIPTOR.full_name} or "
                    f"{_CHECKPOINTER.DESCRIPTOR.full_name} message or a "
                    f"Config of one, not {shown}")


def plan(options: Union[_MANAGER, _CHECKPOINTER, "_config.Config[Any]"],
         *,
         steps: range,
         step_seconds: Optional[float] = None,
         step_times: Optional[Mapping[int, float]] = None,
         metrics: Optional[Mapping[int, Mapping[str, float]]] = None,
         metric: Optional[str] = None,
         existing_steps: Sequence[int] = (),
         checkpoint_bytes: Optional[int] = None) -> Plan:
    """Plays a run as Orbax's `CheckpointManager` (or v1's
    `training.Checkpointer`) decides it, saving at each step of `steps`, as
    `orbax-options plan` does.

    Args:
      options: A `CheckpointManagerOptions` or a v1 `CheckpointerOptions`
        message, or a `Config` of one.
      steps: The steps the run reaches, a `range` with a positive step.
      step_seconds: Step `s` is at `s * step_seconds` seconds.
      step_times: Or: the time of every step reached and every existing
        step, in seconds, not going backwards as the step increases.
      metrics: The metrics each step reports, by step. Given, the legacy
        fields assume a `best_fn` returning `metric` (BestN where LatestN
        would be), and every BestN ranks by it; a step left out has none.
      metric: The metric to rank by; by default the only one `metrics` has.
      existing_steps: The checkpoints on disk at the start.
      checkpoint_bytes: The size of one checkpoint, for `peak_bytes`.

    Raises:
      ConfigError: `options` is not valid.
      TypeError: an argument of the wrong type.
      ValueError: an argument or a value the command refuses, with its
        message, e.g. `steps: range(5, 5, 1) is empty; start must be < stop`.
    """
    config = _options_config(options)
    if not isinstance(steps, range):
        raise TypeError(f"plan() argument 'steps' must be a range, not "
                        f"{type(steps).__name__}")
    if (step_seconds is None) == (step_times is None):
        raise ValueError("give exactly one time model: step_seconds or "
                         "step_times")
    times = None
    if step_times is not None:
        times = [(_int(s, "step_times"), _float(t, "step_times"),
                  f"step_times[{s}]") for s, t in step_times.items()]
    rows = None
    if metrics is not None:
        rows = [(_int(s, "metrics"),
                 [(str(name), _float(value, "metrics"))
                  for name, value in values.items()], f"metrics[{s}]")
                for s, values in metrics.items()]
    if step_seconds is not None:
        step_seconds = _float(step_seconds, "step_seconds")
    existing = [_int(s, "existing_steps") for s in existing_steps]
    if checkpoint_bytes is not None:
        checkpoint_bytes = _int(checkpoint_bytes, "checkpoint_bytes")
    saved, kept, deletions, peak, peak_bytes, peak_step, assumptions = (
        _core.plan(config, f"{steps.start}:{steps.stop}:{steps.step}",
                   step_seconds, times, rows, metric,
                   ",".join(str(s) for s in existing), checkpoint_bytes))
    return Plan(tuple(saved), tuple(kept),
                tuple(Deletion(s, a) for s, a in deletions), peak, peak_bytes,
                peak_step,
                tuple(Assumption(w, t) for w, t in assumptions),
                tuple(sorted(existing)))
