# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""orbax_options.plan(): its API, its errors (the command's messages), and
that it equals `orbax-options plan --format=json` on a few configs.
test_plan_differential.py checks it against the real Orbax."""

import dataclasses
import json
import math
import os
import random

import pytest
from google.protobuf import text_format

from conftest import run_cli

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2

Manager = checkpoint_manager_options_pb2.CheckpointManagerOptions


def manager(text):
    return text_format.Parse(text, Manager())


def as_json(plan):
    """The plan as the command's JSON has it."""
    return {
        "saved": list(plan.saved),
        "kept": list(plan.kept),
        "deletions": [{
            "step": d.step,
            "at_step": d.at_step
        } for d in plan.deletions],
        "peak": {
            "checkpoints": plan.peak_checkpoints,
            "bytes": plan.peak_bytes,
            "at_step": plan.peak_step
        },
        "assumptions": [{
            "what": a.what,
            "treatment": a.treatment
        } for a in plan.assumptions],
    }


def test_plan_of_a_message():
    plan = orbax_options.plan(manager("save_interval_steps: 10 max_to_keep: 2"),
                              steps=range(0, 50),
                              step_seconds=1.0,
                              checkpoint_bytes=7)
    assert plan.saved == (0, 10, 20, 30, 40)
    assert plan.kept == (30, 40)
    assert plan.deletions == (orbax_options.Deletion(0, 20),
                              orbax_options.Deletion(10, 30),
                              orbax_options.Deletion(20, 40))
    assert (plan.peak_checkpoints, plan.peak_bytes, plan.peak_step) == (3, 21,
                                                                        20)
    assert plan.on_disk_after(25) == (10, 20)
    assert plan.on_disk_after(20) == (10, 20)
    assert plan.on_disk_after(-1) == ()
    assert orbax_options.Assumption(
        "preemption",
        "none: PreemptionCheckpointingPolicy never saves") in plan.assumptions
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.kept = ()


def test_plan_of_a_config_with_existing_steps_and_metrics(tmp_path):
    path = tmp_path / "m.textproto"
    path.write_text("max_to_keep: 1\nbest_mode: BEST_MODE_MIN\n")
    config = orbax_options.load(str(path), type=Manager)
    plan = orbax_options.plan(config,
                              steps=range(10, 31, 10),
                              step_times={5: 0, 10: 1, 20: 2, 30: 3.5},
                              metrics={10: {"loss": 3}, 20: {"loss": 1.0},
                                       30: {"loss": 2}},
                              existing_steps=[5])
    assert plan.kept == (5, 20)
    assert plan.on_disk_after(10) == (5, 10)
    assert plan.existing_steps == (5,)


@pytest.mark.parametrize("kwargs,error,message", [
    (dict(steps=range(5, 5)), ValueError,
     "steps: range(5, 5, 1) is empty; start must be < stop"),
    (dict(steps=range(9, 5)), ValueError,
     "steps: range(9, 5, 1) is reversed; start must be < stop"),
    (dict(steps=range(0, 5, -1)), ValueError,
     "steps: STRIDE must be > 0, got -1"),
    (dict(steps=range(0, 2**63)), ValueError,
     "steps: STOP \"9223372036854775808\" overflows int64"),
    (dict(steps=[0, 1]), TypeError,
     "plan() argument 'steps' must be a range, not list"),
    (dict(steps=range(2), step_seconds=None), ValueError,
     "give exactly one time model: step_seconds or step_times"),
    (dict(steps=range(2), step_seconds=None, step_times={0: 1, 1: 0}),
     ValueError, "step_times[1]: step 1 at 0 s is earlier than step 0 at 1 s "
     "(step_times[0]); times may not go backwards as steps increase"),
    (dict(steps=range(3), step_seconds=None, step_times={0: 1, 1: 2}),
     ValueError, "step_times: no time for step 2, which the run reaches or "
     "has on disk"),
    (dict(steps=range(2), metrics={1: {"loss": math.nan}}), ValueError,
     "metrics[1]: \"loss\" must be a finite number, got nan"),
    (dict(steps=range(2), metrics={1: {"loss": "low"}}), TypeError,
     "plan() argument 'metrics' must hold numbers, not str"),
    (dict(steps=range(2), metrics={1: {"loss": 1}}, metric="acc"), ValueError,
     "metric: \"acc\" is not a metric of metrics, which has \"loss\""),
    (dict(steps=range(2), metrics={1: {"a": 1, "b": 2}}), ValueError,
     "metric: metrics has several metrics, \"a\", \"b\"; name the one to "
     "rank by"),
    (dict(steps=range(2), existing_steps=[1.5]), TypeError,
     "plan() argument 'existing_steps' must hold int steps, not float"),
    (dict(steps=range(2), existing_steps=[-1]), ValueError,
     "existing_steps: training steps start at 0, got -1"),
    (dict(steps=range(2), existing_steps=[3, 3]), ValueError,
     "existing_steps: step 3 is given twice"),
    (dict(steps=range(2), checkpoint_bytes=-1), ValueError,
     "checkpoint_bytes: must be >= 0, got -1"),
])
def test_bad_arguments(kwargs, error, message):
    kwargs.setdefault("step_seconds", 1.0)
    with pytest.raises(error) as raised:
        orbax_options.plan(Manager(), **kwargs)
    assert str(raised.value) == message


def test_bad_options():
    with pytest.raises(orbax_options.ConfigError, match="save_interval_steps"):
        orbax_options.plan(manager("save_interval_steps: 0"),
                           steps=range(2),
                           step_seconds=1)
    with pytest.raises(TypeError, match="must be an orbax_options.v1."
                       "CheckpointManagerOptions or orbax_options.v1."
                       "CheckpointerOptions message or a Config of one, not "
                       "CheckpointOptions"):
        orbax_options.plan(orbax_options.options_pb2.CheckpointOptions(),
                           steps=range(2),
                           step_seconds=1)


CONFIGS = [
    "save_interval_steps: 7 max_to_keep: 3 keep_period: 20",
    "max_to_keep: 2 keep_time_interval { seconds: 5 }",
    "save_decision_policy { continuous_checkpointing { "
    "minimum_interval_secs: 4 } } preservation_policy { latest_n { n: 2 } }",
    "preservation_policy { any { policies { best_n { n: 2 } } policies { "
    "every_n_steps_closest { interval_steps: 10 } } } }",
    "max_to_keep: 2 best_mode: BEST_MODE_MAX "
    "keep_checkpoints_without_metrics: false",
]


@pytest.mark.parametrize("text", CONFIGS)
def test_equals_the_command(text, tmp_path):
    rng = random.Random(20)
    config = tmp_path / "m.textproto"
    config.write_text(text)
    metrics = {s: {"acc": rng.random()} for s in range(0, 60, 3)}
    (tmp_path / "metrics.jsonl").write_text("".join(
        json.dumps({"step": s, **m}) + "\n" for s, m in metrics.items()))
    result = run_cli("plan", "--steps", "0:60", "--step-seconds", "1.5",
                     "--metrics", str(tmp_path / "metrics.jsonl"),
                     "--existing-steps", "0", "--format=json", str(config))
    assert result.status == 0, result.err
    plan = orbax_options.plan(manager(text),
                              steps=range(0, 60),
                              step_seconds=1.5,
                              metrics=metrics,
                              existing_steps=[0])
    assert as_json(plan) == json.loads(result.out)


def test_the_readmes_restart_example():
    # docs/command.md, "Planning a run": the Python example, as written.
    config = orbax_options.load(
        os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                     "checkpoint_manager", "plan_100k.textproto"),
        type=Manager)
    plan = orbax_options.plan(config,
                              steps=range(40_000, 100_001),
                              step_seconds=1.5,
                              existing_steps=[20_000, 40_000, 41_000])
    assert plan.saved[0] == 42000
    assert plan.on_disk_after(50_000) == (20000, 40000, 48000, 49000, 50000)
    assert plan.kept == (20000, 40000, 60000, 80000, 98000, 99000, 100000)
