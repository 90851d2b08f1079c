# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""agree() and the multi-host helpers in real multi-process JAX jobs: 4 CPU
processes on 127.0.0.1 (agree_worker.py), the real coordination service and
the real orbax-checkpoint."""

import json
import os
import socket
import subprocess
import sys

import pytest

from conftest import HERE, PACKAGE_DIR

import orbax_options
from orbax_options import _core
from orbax_options.v1 import checkpoint_manager_options_pb2

COUNT = 4
WORKER = os.path.join(HERE, "agree_worker.py")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_job(job, directory):
    """Runs `job` on COUNT processes; returns, per process, its steps by
    name (a list of each step's JSON lines)."""
    with open(os.path.join(directory, "base.textproto"), "w") as f:
        f.write("async_options { timeout_secs: 600 }\n"
                'multiprocessing_options { barrier_sync_key_prefix: "job" }\n')
    with open(os.path.join(directory, "job.json"), "w") as f:
        f.write('{"file_options": {"path_permission_mode": 488}}\n')
    port = str(_free_port())
    env = dict(os.environ, JAX_PLATFORMS="cpu", PYTHONPATH=PACKAGE_DIR)
    processes = [
        subprocess.Popen(
            [sys.executable, WORKER, job,
             str(i),
             str(COUNT), port, directory],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True) for i in range(COUNT)
    ]
    outputs = []
    try:
        for p in processes:
            out, err = p.communicate(timeout=120)
            outputs.append((out, err))
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
                p.wait()
    steps = []
    for i, (out, err) in enumerate(outputs):
        by_step = {}
        for line in out.splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                by_step.setdefault(record.pop("step"), []).append(record)
        assert "end" not in by_step
        assert by_step, f"process {i} printed nothing; stderr:\n{err[-3000:]}"
        steps.append(by_step)
    return steps


@pytest.fixture(scope="module")
def agreement(tmp_path_factory):
    return _run_job("agreement", str(tmp_path_factory.mktemp("agreement")))


@pytest.fixture(scope="module")
def manager(tmp_path_factory):
    return _run_job("manager", str(tmp_path_factory.mktemp("manager")))


def test_same_config_files_agree_twice_in_a_row(agreement, tmp_path):
    (tmp_path / "base.textproto").write_text(
        "async_options { timeout_secs: 600 }\n"
        'multiprocessing_options { barrier_sync_key_prefix: "job" }\n')
    (tmp_path / "job.json").write_text(
        '{"file_options": {"path_permission_mode": 488}}\n')
    expected = orbax_options.load(tmp_path / "base.textproto",
                                  tmp_path / "job.json").fingerprint
    for steps in agreement:
        assert steps["same"] == [{"fingerprint": expected}] * 2


def test_every_process_names_a_different_timeout(agreement):
    for steps in agreement:
        (result, ) = steps["timeout"]
        assert result["error"] == "AgreementError"
        assert result["text"] == (
            "agree(): error: process 2 differs from process 0\n"
            "process 2: error: async_options.timeout_secs: 300, process 0 "
            "has 600")
        assert result["differ"] == [2]
        assert result["secs"] < 20  # Within the agreement timeout.


def test_every_process_names_a_different_prefix(agreement):
    for steps in agreement:
        (result, ) = steps["prefix"]
        assert result["text"] == (
            "agree(): error: process 3 differs from process 0\n"
            "process 3: error: multiprocessing_options.barrier_sync_key_prefix"
            ': "other", process 0 has "job"')
        assert result["secs"] < 20


def test_invalid_options_reach_every_process(agreement):
    own = "<message>: error: async_options.timeout_secs: must be > 0, got 0"
    for i, steps in enumerate(agreement):
        (result, ) = steps["invalid"]
        if i == 1:
            assert (result["error"], result["text"]) == ("ConfigError", own)
        else:
            assert (result["error"], result["text"],
                    result["differ"]) == ("AgreementError",
                                          f"process 1: {own}", [1])


def test_invalid_reference_reaches_every_process(agreement):
    own = "<message>: error: async_options.timeout_secs: must be > 0, got -5"
    for i, steps in enumerate(agreement):
        (result, ) = steps["invalid_reference"]
        assert result["text"] == (own if i == 0 else f"process 0: {own}")


def test_garbage_under_a_key_names_its_process(agreement):
    for i, steps in enumerate(agreement):
        if i == 2:
            assert steps["garbage"] == [{"wrote": True}]
            continue
        (result, ) = steps["garbage"]
        assert result["text"] == (
            "process 2: error: published b'\\x08\\x96\\x01 not a record' "
            "under its key, which is not an orbax_options.agree() record "
            "(another version of orbax_options, or another program writing "
            "there)")
        assert result["differ"] == [2]


def test_keys_are_deleted(agreement):
    for steps in agreement:
        assert steps["keys"] == [{"keys": []}]


def test_a_process_that_never_arrives_is_named(agreement):
    for i, steps in enumerate(agreement):
        (result, ) = steps["missing"]
        if i == 3:
            assert result == {"skipped": True}
            continue
        assert result["missing"] == [3]
        assert result["text"] == (
            "agree(): error: process 3 did not arrive within 3 s, for which "
            "process 0 waited (agree() not called there, or not as many "
            "times with this name, or their options leave them out of "
            "active_processes)")


def test_without_jax_distributed_initialized():
    with pytest.raises(RuntimeError) as e:
        orbax_options.agree(orbax_options.loads("", "textproto"))
    assert str(e.value) == (
        "orbax_options.agree() needs the JAX coordination service: call "
        "jax.distributed.initialize() first, or pass client= (with "
        "process_index= and process_count=)")


def _options(text):
    return orbax_options.loads(
        text,
        "textproto",
        type=checkpoint_manager_options_pb2.CheckpointManagerOptions)


_MANAGER = "CheckpointManagerOptions"
# The components whose barriers Orbax 0.12.8 passes to barrier_sync_fn, by
# key: MultihostSynchronizedValue (the save-progress tracker) builds its
# keys as every component but AsyncCheckpointer does.
_COMPONENT = {
    "ThreadSaveMultiHostValueHolder:set_value_start": "other",
    "ThreadSaveMultiHostValueHolder:set_value_end": "other",
    "async_write_complete": "AsyncCheckpointer",
    "async_commit_complete": "AsyncCheckpointer",
}


def _predicted(options, steps=(0, 1)):
    """The keys that the C++ helpers predict for two saves: the tracker's
    and each step's two commit barriers (suffix: the step directory)."""
    keys = {
        _core.barrier_key(options, "other", key, None)
        for key, component in _COMPONENT.items() if component == "other"
    }
    for step in steps:
        for key in ("async_write_complete", "async_commit_complete"):
            keys.add(
                _core.barrier_key(options, "AsyncCheckpointer", key,
                                  str(step)))
    return keys


@pytest.mark.parametrize("step,prefix", [("plain", ""),
                                         ("prefixed", "job")])
def test_recorded_barrier_keys_are_the_helpers(manager, step, prefix):
    options = _options("async_options { timeout_secs: 30 } max_to_keep: 3 " +
                       (f'multiprocessing_options {{ barrier_sync_key_prefix:'
                        f' "{prefix}" }}' if prefix else ""))
    limit = _core.barrier_timeout_ms(options)
    assert limit == 30000
    for steps in manager:
        (result, ) = steps[step]
        keys = [key for key, _ in result["calls"]]
        assert set(keys) == _predicted(options)
        for key, timeout_ms in result["calls"]:
            if "async_" in key:
                # The commit barriers share one deadline: what remains.
                assert 0 < timeout_ms <= limit
            else:
                assert timeout_ms == limit
        assert result["restored"] == {"a": [0, 1, 2, 3], "b": [1.0, 1.0]}


def test_primary_host_finalizes_and_writes_metadata(manager):
    options = _options("max_to_keep: 3")
    for i, steps in enumerate(manager):
        (result, ) = steps["plain"]
        primary = _core.is_primary_host(options, i)
        assert primary == (i == 0)
        # post_finalization_callback: once per save, on the primary only.
        assert result["finalized"] == (2 if primary else 0)
        assert "_CHECKPOINT_METADATA" in result["metadata"]


def test_subset_of_active_processes(manager):
    options = _options(
        'async_options { timeout_secs: 30 } max_to_keep: 3 create: false '
        'multiprocessing_options { primary_host: 1 active_processes { '
        'process_indices: [1, 2, 3] } barrier_sync_key_prefix: "subset" }')
    assert _core.active_processes(options, COUNT) == ([1, 2, 3], 3)
    for i, steps in enumerate(manager):
        (result, ) = steps["subset"]
        if i == 0:
            assert result == {"inactive": True}
            continue
        # The saves run over processes 1-3, at the keys the helpers
        # predict, and the primary host 1 alone finalizes.
        assert {key for key, _ in result["calls"]} == _predicted(options)
        assert result["finalized"] == (2 if i == 1 else 0)
        # Saved and restored over processes 1-3 alone, with the handlers that
        # agree_worker.save_and_restore() explains: each process gets back
        # its shard of "a" and all of "b"; primary host 1 wrote the metadata
        # and merged the per-process OCDBT files.
        assert result["restored"] == {
            "a": [2 * i - 2, 2 * i - 1],
            "b": [1.0, 1.0, 1.0]
        }
        assert {"_METADATA", "_sharding", "manifest.ocdbt", "ocdbt.process_1",
                "ocdbt.process_2", "ocdbt.process_3"} <= set(result["files"])
        assert "ocdbt.process_0" not in result["files"]


def test_subset_reusing_a_whole_job_key_is_refused(manager):
    # A gap that no key helper can close: the coordination service binds a
    # barrier key to the processes that first waited at it. The tracker's
    # keys carry no step, so a manager over processes 1-3 with the same
    # (unset) prefix as an earlier manager over all four conflicts there.
    for i, steps in enumerate(manager[1:], start=1):
        (result, ) = steps["subset_reused_keys"]
        assert result["refused"].startswith(
            "JaxRuntimeError: INVALID_ARGUMENT: Conflicting tasks specified "
            "by different processes for the same barrier: "
            "ThreadSaveMultiHostValueHolder:set_value_start::4.")


def test_control_without_agree_names_no_option(manager):
    # Without agree(), a process with another barrier_sync_key_prefix makes
    # Orbax fail at its first barrier, CheckpointManager's directory
    # creation (jax's sync_global_devices over all processes), with an
    # AssertionError that names the barrier and hashes of the names: no
    # option, and not which process differs.
    for i, steps in enumerate(manager):
        (result, ) = steps["control"]
        prefix = "control_other" if i == 3 else "control"
        assert result["error"].startswith(
            "AssertionError: sync_global_devices name mismatch "
            f"('{prefix}_CheckpointManager:create_directory'). Expected: [")
        assert "barrier_sync_key_prefix" not in result["error"]
