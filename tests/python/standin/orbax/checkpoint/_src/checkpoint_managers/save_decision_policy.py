# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Stand-in for Orbax's save decision policies, written for the tests from
the facts of upstream's classes: their names, bases, fields, defaults and
which are dataclasses (`PreemptionCheckpointingPolicy` and
`InitialSavePolicy` are plain classes, so they compare by identity, as in
Orbax). The policies decide nothing here."""

import dataclasses
import typing
from typing import Container, Optional, Protocol, Sequence


@typing.runtime_checkable
class SaveDecisionPolicy(Protocol):
    """Decides whether to save at a step (Orbax: `should_save`)."""

    def should_save(self, step, previous_steps, *, context) -> bool:
        ...


@dataclasses.dataclass
class FixedIntervalPolicy(SaveDecisionPolicy):
    interval: int  # saves when step % interval == 0


@dataclasses.dataclass
class SpecificStepsPolicy(SaveDecisionPolicy):
    steps: Container[int]


@dataclasses.dataclass(kw_only=True)
class ContinuousCheckpointingPolicy(SaveDecisionPolicy):
    minimum_interval_secs: Optional[int] = None  # None: no minimum


class PreemptionCheckpointingPolicy(SaveDecisionPolicy):
    """No fields."""


class InitialSavePolicy(SaveDecisionPolicy):
    """No fields."""


@dataclasses.dataclass
class AnySavePolicy(SaveDecisionPolicy):
    policies: Sequence[SaveDecisionPolicy]
