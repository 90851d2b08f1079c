# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Real checkpoints: each example in examples/checkpoint_manager/, loaded
with load() and built with to_orbax(), drives a real Orbax CheckpointManager
on CPU that saves a pytree of numpy and JAX arrays over a run of steps and
restores the latest. The steps saved are the ones Orbax's should_save()
decided, and the steps left on disk are the ones the example's policies
keep, computed here from the policies' rules (each test says how).

The callables that to_orbax() attaches are the very objects Orbax holds,
and Orbax calls them: the post-finalization callback during an async save,
after the data is written and before the step is committed, in both
atomicity modes; barrier_sync_fn (what a single process calls, below);
should_save_fn, which decides; and best_fn and a BestN's get_metric_fn,
which choose the steps kept."""

import os
import random
import threading

import jax
import jax.numpy as jnp
import numpy as np
import orbax.checkpoint as ocp
import pytest

from conftest import EXAMPLES_DIR

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2

Manager = checkpoint_manager_options_pb2.CheckpointManagerOptions
MANAGER_EXAMPLES_DIR = os.path.join(EXAMPLES_DIR, "checkpoint_manager")
SEED = 20261218

# Orbax's names on disk (orbax/checkpoint/_src/path/atomicity_types.py): an
# atomic rename writes a step into `<step>` + TMP_SUFFIX and renames it when
# it commits; a commit file writes `<step>` itself and COMMIT_FILE into it
# when it commits (an atomic rename writes one too, just before the rename).
TMP_SUFFIX = ".orbax-checkpoint-tmp"
COMMIT_FILE = "commit_success.txt"
ITEM = "default"  # the item that StandardSave writes, in each step


def example(name):
    return os.path.join(MANAGER_EXAMPLES_DIR, name)


def to_orbax(name, *overrides, **callables):
    """Orbax's CheckpointManagerOptions of the example `name` (its
    textproto) with `overrides` (as --set / --unset)."""
    config = orbax_options.load(example(name + ".textproto"),
                                type=Manager,
                                overrides=overrides)
    return orbax_options.to_orbax(config.effective, **callables)


def state(step):
    """The pytree saved at `step`: numpy and JAX arrays, seeded values."""
    rng = np.random.default_rng([SEED, step])
    return {
        "params": {
            "w": rng.standard_normal((3, 4)).astype(np.float32),
            "b": jnp.asarray(rng.standard_normal(4), jnp.float32),
        },
        "counts": rng.integers(0, 1000, 5),
        "step": jnp.asarray(step, jnp.int32),
    }


def assert_state(restored, step):
    expected = state(step)
    assert (jax.tree_util.tree_structure(restored) ==
            jax.tree_util.tree_structure(expected))
    for got, want in zip(jax.tree_util.tree_leaves(restored),
                         jax.tree_util.tree_leaves(expected)):
        assert (got.dtype, got.shape) == (want.dtype, want.shape)
        np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def run(manager, steps, metrics=None, each=False):
    """Offers state(step) to `manager` at each of `steps`, with
    `metrics[step]` if any; returns the steps saved. Each step,
    should_save() decides first, and save() then saves exactly where it said
    yes. `each`: waits for each save to finish before the next step, so
    that no save is in progress when the next decision is made
    (ContinuousCheckpointingPolicy refuses to save while one is)."""
    saved = []
    for step in steps:
        decided = manager.should_save(step)
        # The preemption policy of the examples never fires here: one
        # process, without JAX's preemption service.
        assert not manager.reached_preemption(step)
        done = manager.save(step,
                            args=ocp.args.StandardSave(state(step)),
                            metrics=(metrics or {}).get(step))
        assert done == decided, step
        if done:
            saved.append(step)
        if each:
            manager.wait_until_finished()
    manager.wait_until_finished()
    return saved


def assert_kept(manager, directory, kept, name=str):
    """The steps `kept` are the manager's and the directories on disk (after
    close(), which waits for background deletes); the latest restores."""
    assert list(manager.all_steps()) == kept
    assert_state(
        manager.restore(manager.latest_step(),
                        args=ocp.args.StandardRestore()), kept[-1])
    manager.close()
    assert sorted(os.listdir(directory)) == sorted(name(s) for s in kept)


def eight_digits(step):
    return f"{step:08d}"  # step_format_fixed_length: 8


@pytest.mark.parametrize("name", ["evaluator", "local_per_host", "train"])
def test_each_examples_two_formats_are_one_config(name):
    # So one of each pair, the textproto, runs below.
    text, json = (orbax_options.load(example(name + extension), type=Manager)
                  for extension in (".textproto", ".json"))
    assert text.fingerprint == json.fingerprint
    assert text.effective == json.effective


def test_the_examples_are_the_ones_tested_here():
    names = {os.path.splitext(n)[0] for n in os.listdir(MANAGER_EXAMPLES_DIR)}
    assert names == {"evaluator", "local_per_host", "plan_100k", "train"}


def test_train_example(tmp_path):
    """Save: any of FixedIntervalPolicy(1000) (step % 1000 == 0) and
    preemption (never, here), so of steps 500, 1000, ..., 16000 the
    multiples of 1000. Keep: any of LatestN(5) (the last 5 saved) and
    EveryNSteps(10000) (exact_interval: the steps saved that are multiples
    of 10000; the run starts off such a step, where keeping every 10000th
    step from the first saved would keep 1000 and 11000 instead)."""
    steps = range(500, 16001, 500)
    with ocp.CheckpointManager(tmp_path,
                               options=to_orbax("train")) as manager:
        saved = run(manager, steps)
        assert saved == [s for s in steps if s % 1000 == 0]
        kept = sorted(set(saved[-5:]) | {s for s in saved if s % 10000 == 0})
        assert kept == [10000, 12000, 13000, 14000, 15000, 16000]
        assert_kept(manager, tmp_path, kept, eight_digits)
    # file_options.path_permission_mode: 0750, less the process's umask.
    umask = os.umask(0)
    os.umask(umask)
    for step in kept:
        mode = os.stat(tmp_path / eight_digits(step)).st_mode & 0o7777
        assert mode == 0o750 & ~umask


def test_plan_100k_example_keeps_what_its_plan_says(tmp_path):
    """docs/command.md's "Planning a run": a save every 1000 steps, the
    latest 3 and every 20,000th kept. The real manager, offered every 500th
    step of the 100k (the other steps decide nothing here), saves and keeps
    on disk what plan() says, after every step; after the last, the page's
    answer: 8 checkpoints."""
    steps = range(0, 100001, 500)
    config = orbax_options.load(example("plan_100k.textproto"), type=Manager)
    plan = orbax_options.plan(config, steps=steps, step_seconds=1.5)
    with ocp.CheckpointManager(tmp_path,
                               options=to_orbax("plan_100k")) as manager:
        saved = []
        for step in steps:
            if manager.save(step, args=ocp.args.StandardSave(state(step))):
                saved.append(step)
            assert tuple(manager.all_steps()) == plan.on_disk_after(step)
        assert tuple(saved) == plan.saved
        kept = [0, 20000, 40000, 60000, 80000, 98000, 99000, 100000]
        assert list(plan.kept) == kept
        assert_kept(manager, tmp_path, kept)


def test_evaluator_example_reads_a_training_run_and_never_writes(tmp_path):
    """read_only: should_save() is False at every step and save() refuses;
    the evaluator lists and restores the steps that the train example saved
    (0, 1000, 2000, 3000: LatestN(5) keeps all four), named as it names
    them (step_format_fixed_length 8)."""
    with ocp.CheckpointManager(tmp_path,
                               options=to_orbax("train")) as trainer:
        written = run(trainer, range(0, 3001, 500))
    assert written == [0, 1000, 2000, 3000]
    on_disk = sorted(os.listdir(tmp_path))
    with ocp.CheckpointManager(tmp_path,
                               options=to_orbax("evaluator")) as evaluator:
        assert run(evaluator, range(3000, 6001, 500)) == []
        assert_kept(evaluator, tmp_path, written, eight_digits)
    assert sorted(os.listdir(tmp_path)) == on_disk


def test_local_per_host_example(tmp_path):
    """Save: any of ContinuousCheckpointingPolicy(minimum_interval_secs=300)
    and preemption: the first step (nothing saved before), then nothing
    until 300 s after it, far longer than this run. Keep: LatestN(2)."""
    with ocp.CheckpointManager(tmp_path,
                               options=to_orbax("local_per_host")) as manager:
        saved = run(manager, range(6), each=True)
        assert saved == [0]
        assert_kept(manager, tmp_path, saved)


def test_local_per_host_example_without_its_time_floor(tmp_path):
    """The same example with continuous checkpointing as often as possible
    (minimum_interval_secs unset): with each save finished before the next
    step, every step saves; LatestN(2) keeps the last two."""
    options = to_orbax(
        "local_per_host", "save_decision_policy={any {"
        "policies {continuous_checkpointing {}} "
        "policies {preemption_checkpointing {}}}}")
    with ocp.CheckpointManager(tmp_path / "local", options=options) as manager:
        saved = run(manager, range(6), each=True)
        assert saved == [0, 1, 2, 3, 4, 5]
        assert_kept(manager, tmp_path / "local", saved[-2:])


@pytest.mark.parametrize("mode", ["ATOMIC_RENAME", "COMMIT_FILE"])
def test_orbax_calls_the_callbacks_it_holds(mode, tmp_path):
    """The train example (async, primary host 0) in each atomicity mode."""
    events = []
    saving = []  # the step being saved

    def barrier_sync_fn(*, key, timeout_ms):
        events.append(("barrier", key, timeout_ms))

    def post_finalization_callback():
        # What is on disk now; asserted below, as an exception here would
        # only be logged by Orbax's finalize thread.
        step = saving[-1]
        final = tmp_path / eight_digits(step)
        tmp = tmp_path / (eight_digits(step) + TMP_SUFFIX)
        written = tmp if mode == "ATOMIC_RENAME" else final
        events.append(("finalized", step))
        seen.append({
            "process": jax.process_index(),
            "main thread":
            threading.current_thread() is threading.main_thread(),
            "final": final.exists(),
            "tmp": tmp.exists(),
            "committed": (written / COMMIT_FILE).exists(),
            "restored":
            ocp.StandardCheckpointHandler().restore(written / ITEM),
        })

    def should_save_fn(step, last_saved_step):
        raise AssertionError("unused where save_decision_policy is set")

    seen = []
    options = to_orbax("train",
                       f"atomicity_options.mode=ATOMICITY_MODE_{mode}",
                       barrier_sync_fn=barrier_sync_fn,
                       post_finalization_callback=post_finalization_callback,
                       should_save_fn=should_save_fn)
    assert options.async_options.barrier_sync_fn is barrier_sync_fn
    assert (options.async_options.post_finalization_callback is
            post_finalization_callback)
    assert options.should_save_fn is should_save_fn
    assert options.enable_async_checkpointing
    assert options.atomicity_options.mode == ocp.options.AtomicityMode[mode]
    assert jax.process_count() == 1

    with ocp.CheckpointManager(tmp_path, options=options) as manager:
        for step in (0, 1000, 2000):
            saving.append(step)
            assert run(manager, [step]) == [step]  # waits until finished
            # Committed now: the final directory, with its commit file.
            final = tmp_path / eight_digits(step)
            assert (final / COMMIT_FILE).exists()
            assert not (tmp_path / (eight_digits(step) + TMP_SUFFIX)).exists()
        assert_kept(manager, tmp_path, saving, eight_digits)

    # Once per save, in Orbax's background thread, on process 0, after the
    # arrays were written (they restore from where they were written) and
    # before the commit: an atomic rename hasn't renamed the tmp directory
    # yet, a commit file hasn't been written.
    assert len(seen) == 3
    for step, observed in zip(saving, seen):
        assert_state(observed.pop("restored"), step)
        assert observed == {
            "process": 0,
            "main thread": False,
            "final": mode == "COMMIT_FILE",
            "tmp": mode == "ATOMIC_RENAME",
            "committed": False,
        }

    # barrier_sync_fn, in one process: Orbax skips its own barriers there
    # (jax.process_count() == 1: no async_write_complete barrier, nor the
    # CheckpointManager's, which don't take barrier_sync_fn), but the
    # manager's save-in-progress flag (MultihostSynchronizedValue) calls it
    # whatever the process count: twice when a save starts, twice when its
    # finalize ends, with the example's prefix and async timeout (1800 s).
    # Barriers across processes are issue 19.
    flag = [("barrier",
             f"train_state_ThreadSaveMultiHostValueHolder:set_value_{p}",
             1800 * 1000) for p in ("start", "end")]
    assert events == [
        event for step in saving
        for event in (*flag, ("finalized", step), *flag)
    ]


def test_should_save_fn_decides(tmp_path):
    """The train example without its save_decision_policy: Orbax then
    builds its own from the legacy options, and with should_save_fn that is
    any of should_save_fn and preemption (no InitialSavePolicy: step 0 is
    the function's to decide too). It is called with the step and the last
    step saved; the steps it refuses are not saved."""
    accepted = {1, 4, 5, 9}
    calls = []

    def should_save_fn(step, last_saved_step):
        calls.append((step, last_saved_step))
        return step in accepted

    options = to_orbax("train",
                       orbax_options.Unset("save_decision_policy"),
                       should_save_fn=should_save_fn)
    assert options.should_save_fn is should_save_fn
    assert options.save_decision_policy is None
    with ocp.CheckpointManager(tmp_path, options=options) as manager:
        saved = []
        for step in range(12):
            done = manager.save(step, args=ocp.args.StandardSave(state(step)))
            assert done == (step in accepted)
            if done:
                saved.append(step)
        manager.wait_until_finished()
        last = [None, None, 1, 1, 1, 4, 5, 5, 5, 5, 9, 9]
        assert calls == list(zip(range(12), last))
        # 4 saved: LatestN(5) keeps them all.
        assert saved == sorted(accepted)
        assert_kept(manager, tmp_path, saved, eight_digits)


@pytest.mark.parametrize(
    "overrides, argument",
    [
        # Orbax's legacy options: BestN(get_metric_fn=best_fn,
        # reverse=best_mode == 'min', n=max_to_keep).
        ((orbax_options.Unset("preservation_policy"), "max_to_keep=3",
          "best_mode=BEST_MODE_MIN"), "best_fn"),
        # A BestN policy: reverse sorts descending, and the last n stay.
        (("preservation_policy={best_n {n: 3 reverse: true}}", ),
         "get_metric_fns"),
    ],
    ids=["best_fn", "best_n"])
def test_the_best_steps_by_the_metric_are_kept(overrides, argument, tmp_path):
    """Saves at multiples of 1000 (the train example's interval) with a
    seeded loss each; the 3 steps of lowest loss are kept."""
    rng = random.Random(SEED)
    losses = {step: rng.random() for step in range(0, 10000, 1000)}
    ranked = []

    def loss(metrics):
        ranked.append(metrics)
        return metrics["loss"]

    if argument == "best_fn":
        options = to_orbax("train", *overrides, best_fn=loss)
        assert options.best_fn is loss
        assert options.best_mode == "min" and options.max_to_keep == 3
    else:
        options = to_orbax("train",
                           *overrides,
                           get_metric_fns={"preservation_policy.best_n": loss})
        assert options.preservation_policy.get_metric_fn is loss
    with ocp.CheckpointManager(tmp_path, options=options) as manager:
        metrics = {step: {"loss": value} for step, value in losses.items()}
        saved = run(manager, range(0, 10000, 500), metrics)
        assert saved == sorted(losses)
        kept = sorted(sorted(saved, key=losses.get)[:3])
        assert kept != saved[-3:]  # not what LatestN(3) would keep
        # Orbax ranked the metrics saved, through the function given.
        assert ranked and all(m in metrics.values() for m in ranked)
        assert_kept(manager, tmp_path, kept, eight_digits)
