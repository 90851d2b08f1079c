# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's preservation policies, written for the tests from
the facts of upstream's classes: their names, bases, fields, defaults,
keyword-only constructors (`BestN`), and `CustomSteps`, whose `steps` is an
init-only argument kept as the set `_steps_set`. The policies decide nothing
here."""

import dataclasses
import datetime
from typing import Any, Callable, Optional, Protocol, Sequence, Set


class PreservationPolicy(Protocol):
    """Decides which checkpoints to keep (Orbax: `should_preserve`)."""

    def should_preserve(self, checkpoints, *, context) -> Sequence[bool]:
        ...


@dataclasses.dataclass
class PreserveAll(PreservationPolicy):
    pass


@dataclasses.dataclass
class LatestN(PreservationPolicy):
    n: Optional[int] = None  # None: keep all


@dataclasses.dataclass
class EveryNSeconds(PreservationPolicy):
    interval_secs: int


@dataclasses.dataclass
class EveryNSteps(PreservationPolicy):
    interval_steps: int
    exact_interval: bool = True
    max_to_keep: Optional[int] = None


@dataclasses.dataclass
class EveryNStepsClosest(PreservationPolicy):
    interval_steps: int
    max_to_keep: Optional[int] = None


@dataclasses.dataclass
class CustomSteps(PreservationPolicy):
    steps: dataclasses.InitVar[Sequence[int]]
    _steps_set: Set[int] = dataclasses.field(init=False)

    def __post_init__(self, steps: Sequence[int]) -> None:
        self._steps_set = set(steps)


@dataclasses.dataclass
class AnyPreservationPolicy(PreservationPolicy):
    policies: Sequence[PreservationPolicy]


@dataclasses.dataclass(kw_only=True)
class BestN(PreservationPolicy):
    get_metric_fn: Callable[[Any], float]  # required: no default
    reverse: bool = False
    n: Optional[int] = None  # None: keep all; 0: keep none
    keep_checkpoints_without_metrics: bool = True


@dataclasses.dataclass
class LatestDuration(PreservationPolicy):
    duration: datetime.timedelta
