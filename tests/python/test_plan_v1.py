# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""`orbax_options.plan()` of a v1 `CheckpointerOptions` against the real
`training.Checkpointer` of Orbax's v1 API (CPU, a tiny numpy pytree, a
temporary directory), under the plan's time model (plan_oracle's clock):
`save()` at every step, as the Checkpointer's docs do, and the steps saved,
the checkpoints after each step and at the end must be the plan's; where
the Checkpointer raises, the plan fails at that step, naming what Orbax
raises. Besides the cases by hand, seeded random Checkpointers (the
policies of test_plan_differential.py's generators, each unset one time in
five) over short runs, some with checkpoints on disk."""

import os
import random

import numpy as np
import pytest
from google.protobuf import text_format

from conftest import SOURCE_DIR

import orbax_options
from orbax_options.v1 import context_pb2
from orbax.checkpoint.experimental import v1 as ocp

import plan_oracle
import test_plan_differential

TREE = {"a": np.arange(2, dtype=np.int32)}
METRIC = "loss"


def checkpointer_options(text):
    return text_format.Parse(text, context_pb2.CheckpointerOptions())


def checkpointer(directory, message, **overrides):
    arguments = orbax_options.to_orbax(
        message, get_metric_fns=lambda metrics: metrics[METRIC])._asdict()
    arguments.update(overrides)
    return ocp.training.Checkpointer(directory, **arguments)


def run(tmp_path, message, *, steps, step_seconds, metrics=None,
        existing_steps=()):
    """The real Checkpointer's run: the steps `save()` saved and the
    checkpoints after each step. Existing steps are saved first by a
    Checkpointer that keeps them all."""
    metrics = metrics or {}
    clock = plan_oracle._Clock()  # pylint: disable=protected-access
    directory = tmp_path / "run"
    with plan_oracle._orbax_clock(clock):  # pylint: disable=protected-access
        if existing_steps:
            keep_all = ocp.training.preservation_policies.PreserveAll()
            with ocp.training.Checkpointer(
                    directory, preservation_policy=keep_all) as ckptr:
                for step in existing_steps:
                    clock.seconds = step * step_seconds
                    assert ckptr.save(step, TREE, force=True,
                                      metrics=metrics.get(step))
        saved, after = [], {}
        with checkpointer(directory, message) as ckptr:
            for step in steps:
                clock.seconds = step * step_seconds
                if ckptr.save(step, TREE, metrics=metrics.get(step)):
                    saved.append(step)
                after[step] = tuple(c.step for c in ckptr.checkpoints)
        on_disk = sorted(int(name) for name in os.listdir(directory)
                         if name.isdigit())
        assert tuple(on_disk) == after[steps[-1]]
    return saved, after


def assert_plans(tmp_path, text, *, steps, step_seconds, metrics=None,
                 existing_steps=()):
    message = checkpointer_options(text)
    plan = orbax_options.plan(
        message, steps=steps, step_seconds=step_seconds,
        metrics=metrics and {s: {METRIC: v} for s, v in metrics.items()},
        existing_steps=existing_steps)
    saved, after = run(tmp_path, message, steps=steps,
                       step_seconds=step_seconds,
                       metrics=metrics and {s: {METRIC: v}
                                            for s, v in metrics.items()},
                       existing_steps=existing_steps)
    assert list(plan.saved) == saved
    for step in steps:
        assert plan.on_disk_after(step) == after[step], step
    assert plan.kept == after[steps[-1]]
    return plan


def test_fixed_interval_and_latest_n(tmp_path):
    plan = assert_plans(tmp_path,
                        "save_decision_policy { fixed_interval { interval: 2 } }"
                        " preservation_policy { latest_n { n: 2 } }",
                        steps=range(0, 10), step_seconds=1)
    assert plan.saved == (0, 2, 4, 6, 8)
    assert plan.kept == (6, 8)


def test_defaults_save_every_step_and_keep_all(tmp_path):
    # Unset: AnySavePolicy[InitialSave, ContinuousCheckpointing,
    # Preemption] and PreserveAll (the Checkpointer's, not the manager's).
    plan = assert_plans(tmp_path, "", steps=range(0, 5), step_seconds=1)
    assert plan.saved == (0, 1, 2, 3, 4)
    assert plan.kept == (0, 1, 2, 3, 4)
    assert [a.what for a in plan.assumptions] == [
        "save duration", "preemption", "save_decision_policy",
        "preservation_policy", "wall clock"
    ]


def test_continuous_with_minimum_interval_and_every_n_seconds(tmp_path):
    plan = assert_plans(
        tmp_path, "save_decision_policy { continuous_checkpointing {"
        " minimum_interval_secs: 10 } }"
        " preservation_policy { every_n_seconds { interval_secs: 20 } }",
        steps=range(0, 40, 3), step_seconds=1)
    # A save 10 s after the latest kept; kept if 20 s after the one before.
    assert plan.saved == (0, 12, 15, 18, 21, 33, 36, 39)
    assert plan.kept == (0, 21)


def test_existing_checkpoints_keep_their_metrics(tmp_path):
    # The Checkpointer writes each step's metrics itself and reads them
    # back: step 0's 5.0 stays the best.
    plan = assert_plans(tmp_path,
                        "preservation_policy { best_n { n: 1 } }",
                        steps=range(1, 4), step_seconds=1,
                        metrics={0: 5.0, 1: 1.0, 2: 2.0, 3: 3.0},
                        existing_steps=[0])
    assert plan.kept == (0,)


def test_steps_below_the_latest_are_refused(tmp_path):
    plan = assert_plans(tmp_path, "", steps=range(0, 3), step_seconds=1,
                        existing_steps=[4])
    assert plan.saved == ()
    assert plan.kept == (4,)


@pytest.mark.parametrize("text, steps, raised", [
    ("", range(0, 5), ocp.training.errors.StepAlreadyExistsError),
    ("lightweight_initialize: true", range(4, 6), ValueError),
])
def test_where_the_checkpointer_raises_the_plan_fails(tmp_path, text, steps,
                                                      raised):
    message = checkpointer_options(text)
    first = 3 if raised is not ValueError else 4
    with pytest.raises(ValueError) as planned:
        orbax_options.plan(message, steps=steps, step_seconds=1,
                           existing_steps=[3])
    assert str(planned.value).startswith(
        f"existing_steps: at step {first}, Orbax's Checkpointer.save() "
        f"raises {raised.__name__} (")
    with pytest.raises(raised) as real:
        run(tmp_path, message, steps=steps, step_seconds=1,
            existing_steps=[3])
    assert f"({real.value})" in str(planned.value)


def test_a_config_plans_as_its_message():
    # docs/python.md: the training run's example, loaded as a process does.
    path = os.path.join(SOURCE_DIR, "examples", "v1", "training_run.textproto")
    config = orbax_options.load(path, type=context_pb2.CheckpointerOptions)
    plan = orbax_options.plan(config, steps=range(0, 10), step_seconds=1)
    assert plan.saved == (0, 2, 4, 6, 8)
    assert plan.kept == (0, 4, 6, 8)
    assert plan == orbax_options.plan(config.effective, steps=range(0, 10),
                                      step_seconds=1)


def test_a_context_is_refused():
    with pytest.raises(TypeError,
                       match="must be an orbax_options.v1."
                       "CheckpointManagerOptions or orbax_options.v1."
                       "CheckpointerOptions message or a Config of one, not "
                       "Context"):
        orbax_options.plan(context_pb2.Context(), steps=range(2),
                           step_seconds=1)


SEED = 20261208
SAMPLES = 60


def random_case(rng):
    """A random CheckpointerOptions (each policy unset one time in five, so
    that the Checkpointer's defaults play too) and a run: steps, step
    seconds, metrics for most steps, sometimes checkpoints on disk before
    the run's first step."""
    start = rng.randint(0, 3)
    steps = range(start, start + rng.randint(4, 12), rng.choice((1, 1, 2)))
    step_seconds = rng.choice((0.5, 1, 3))
    shape = test_plan_differential.Shape(steps.stop, 2 * step_seconds)
    message = context_pb2.CheckpointerOptions()
    if rng.random() < 0.8:
        test_plan_differential.save_policy(rng, message.save_decision_policy,
                                           shape)
    if rng.random() < 0.8:
        test_plan_differential.preservation_policy(
            rng, message.preservation_policy, shape)
    metrics = {s: round(rng.uniform(0, 1), 2)
               for s in range(steps.stop) if rng.random() < 0.8}
    existing = sorted(rng.sample(range(start), rng.randint(0, start)))
    return message, dict(steps=steps, step_seconds=step_seconds,
                         metrics=metrics, existing_steps=existing)


def test_random_checkpointers_agree_with_orbax(tmp_path):
    rng = random.Random(SEED)
    for index in range(SAMPLES):
        message, case = random_case(rng)
        try:
            assert_plans(tmp_path / str(index), text_format.MessageToString(
                message), **case)
        except AssertionError as error:
            raise AssertionError(
                f"sample {index}: {text_format.MessageToString(message)!r} "
                f"{case}") from error
