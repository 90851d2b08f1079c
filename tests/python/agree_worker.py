# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""One process of a real multi-process JAX job on CPU, for test_agree.py
and bench/agree_bench.py:

  agree_worker.py JOB PROCESS_ID PROCESS_COUNT PORT DIR

joins the job with `jax.distributed.initialize()` on 127.0.0.1:PORT, runs
the steps of JOB (one of `JOBS`), and prints one JSON line per step,
`{"step": ..., ...}`, each flushed at once. DIR holds the config files
(base.textproto, job.json) and receives the checkpoints.
"""

import json
import os
import sys
import time
import traceback

JOB, PROCESS, COUNT, PORT, DIR = (sys.argv[1], int(sys.argv[2]),
                                  int(sys.argv[3]), sys.argv[4], sys.argv[5])

import jax  # pylint: disable=g-import-not-at-top

jax.distributed.initialize(f"127.0.0.1:{PORT}",
                           num_processes=COUNT,
                           process_id=PROCESS,
                           cluster_detection_method="deactivate",
                           initialization_timeout=60,
                           heartbeat_timeout_seconds=10,
                           shutdown_timeout_seconds=10)

import numpy as np  # pylint: disable=g-import-not-at-top
from jax._src import distributed  # pylint: disable=g-import-not-at-top

import orbax_options  # pylint: disable=g-import-not-at-top
from orbax_options.v1 import checkpoint_manager_options_pb2  # pylint: disable=g-import-not-at-top

CLIENT = distributed.global_state.client
FILES = [os.path.join(DIR, "base.textproto"), os.path.join(DIR, "job.json")]
AGREE_TIMEOUT_SECS = 20


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def barrier(name, timeout_secs=60):
    CLIENT.wait_at_barrier(f"agree_worker/{name}", timeout_secs * 1000)


def agree_step(step, options, **kwargs):
    """agree() once; emits its fingerprint, or its error and how long it
    took to come (the test reads the time only to print it)."""
    start = time.monotonic()
    try:
        fingerprint = orbax_options.agree(options,
                                          name=step,
                                          timeout_secs=kwargs.pop(
                                              "timeout_secs",
                                              AGREE_TIMEOUT_SECS),
                                          **kwargs)
        emit(step, fingerprint=fingerprint)
    except orbax_options.ConfigError as e:
        emit(step,
             error=type(e).__name__,
             text=str(e),
             differ=list(getattr(e, "differ", ())),
             missing=list(getattr(e, "missing", ())),
             secs=time.monotonic() - start)


def load(*overrides):
    return orbax_options.load(*FILES, overrides=list(overrides))


def agreement():
    """agree() with all the ways it can end."""
    agree_step("same", load())
    agree_step("same", load())  # A second generation of one name.
    agree_step("timeout", load(*(["async_options.timeout_secs=300"]
                                 if PROCESS == 2 else [])))
    agree_step("prefix", load(*(['multiprocessing_options.'
                                 'barrier_sync_key_prefix="other"']
                                if PROCESS == 3 else [])))
    invalid = load().effective
    if PROCESS == 1:
        invalid.async_options.timeout_secs = 0
    agree_step("invalid", invalid)
    invalid_reference = load().effective
    if PROCESS == 0:
        invalid_reference.async_options.timeout_secs = -5
    agree_step("invalid_reference", invalid_reference)
    if PROCESS == 2:
        # What another program (or version) might write under this
        # process's key of the first generation of "garbage".
        CLIENT.key_value_set_bytes("orbax_options/agree/garbage/0/2",
                                   b"\x08\x96\x01 not a record")
        emit("garbage", wrote=True)
    else:
        agree_step("garbage", load())
    # Every key of the steps above is deleted once all have read.
    barrier("cleaned")
    emit("keys", keys=[k for k, _ in CLIENT.key_value_dir_get("orbax_options")])
    # Every process has listed the keys before the next agreement adds some.
    barrier("listed")
    if PROCESS == 3:
        emit("missing", skipped=True)
    else:
        agree_step("missing", load(), timeout_secs=3)
    barrier("missing_done")


def manager_options(text):
    return orbax_options.loads(
        text,
        "textproto",
        type=checkpoint_manager_options_pb2.CheckpointManagerOptions)


def save_and_restore(step, config, processes=None):
    """A real CheckpointManager over the job (or `processes`), its options
    from to_orbax(), saving two steps and restoring one. Emits every key and
    timeout that Orbax gave the barrier function, the number of
    post-finalization callbacks, and what came back.

    Over the job the leaves are numpy arrays. Over `processes` (which leave
    out process 0) Orbax 0.12.8 needs three things that no option gives:
    - jax.Arrays on those processes' devices: NumpyHandler (and
      ScalarHandler) write only where `multihost.process_index() == 0`
      (_src/serialization/type_handlers.py, `_background_serialize`), so
      numpy leaves saved over the subset are never written;
    - the item's handler built with the manager's MultiprocessingOptions:
      CompositeCheckpointHandler._get_or_set_handler default-constructs the
      handler of StandardSave, whose primary_host is 0, so nobody in the
      subset writes _METADATA or merges the per-process OCDBT files;
    - an ArrayHandler with the same primary_host: the global registry's has
      primary_host 0, and writes the arrays' .zarray (tensorstore metadata,
      _src/serialization/serialization.py) and _sharding there only.
    (Without them the saves pass and the restore fails: FileNotFoundError
    "Individual parameter subdirectory not found at path: .../default/a".)
    """
    import orbax.checkpoint as ocp  # pylint: disable=g-import-not-at-top
    calls = []
    finalized = []

    def barrier_sync_fn(*, key, timeout_ms):
        calls.append([key, timeout_ms])
        if processes is None:
            CLIENT.wait_at_barrier(key, timeout_ms)
        else:
            CLIENT.wait_at_barrier(key, timeout_ms, process_ids=processes)

    options = orbax_options.to_orbax(
        config.effective,
        barrier_sync_fn=barrier_sync_fn,
        post_finalization_callback=lambda: finalized.append(True))
    directory = os.path.join(DIR, step)
    if processes is None:
        tree = {
            "a": np.arange(4, dtype=np.int32),
            "b": np.ones((2, ), np.float32)
        }
        handler, save, restore = (None, ocp.args.StandardSave,
                                  ocp.args.StandardRestore)
    else:
        # "a" sharded over the subset's devices, "b" replicated on them.
        mesh = jax.sharding.Mesh(
            np.array(
                [d for d in jax.devices() if d.process_index in processes]),
            ("x", ))
        values = {
            "a": np.arange(2 * len(processes), dtype=np.int32),
            "b": np.ones((3, ), np.float32)
        }
        tree = {
            name: jax.make_array_from_callback(
                value.shape,
                jax.sharding.NamedSharding(
                    mesh, jax.sharding.PartitionSpec(*spec)),
                value.__getitem__)
            for (name, value), spec in zip(values.items(), (["x"], []))
        }
        multiprocessing = options.multiprocessing_options
        handler = ocp.PyTreeCheckpointHandler(
            multiprocessing_options=multiprocessing,
            type_handler_registry=ocp.type_handlers.
            create_type_handler_registry(
                (jax.Array,
                 ocp.type_handlers.ArrayHandler(
                     primary_host=multiprocessing.primary_host))))
        save, restore = ocp.args.PyTreeSave, ocp.args.PyTreeRestore
    with ocp.CheckpointManager(directory, options=options,
                               item_handlers=handler) as manager:
        for saved in (0, 1):
            manager.save(saved, args=save(tree))
            manager.wait_until_finished()
        try:
            restored = manager.restore(1, args=restore(tree))
            # Of a jax.Array, what this process holds.
            restored = {
                k: np.asarray(v.addressable_data(0) if isinstance(
                    v, jax.Array) else v).tolist()
                for k, v in restored.items()
            }
        except Exception as e:  # pylint: disable=broad-exception-caught
            restored = f"{type(e).__name__}: {e}"
    emit(step,
         calls=calls,
         finalized=len(finalized),
         restored=restored,
         metadata=sorted(os.listdir(os.path.join(directory, "1"))),
         files=sorted(os.listdir(os.path.join(directory, "1", "default"))))


def manager():
    """Real saves and restores, with and without a prefix, on every process
    and on a subset; then the control run: a prefix that differs, without
    agree()."""
    import orbax.checkpoint as ocp  # pylint: disable=g-import-not-at-top
    base = "async_options { timeout_secs: 30 } max_to_keep: 3 "
    save_and_restore("plain", manager_options(base))
    save_and_restore(
        "prefixed",
        manager_options(base + 'multiprocessing_options { '
                        'barrier_sync_key_prefix: "job" }'))
    barrier("subset_start")
    # create: false, as Orbax requires with active_processes.
    os.makedirs(os.path.join(DIR, "subset"), exist_ok=True)
    os.makedirs(os.path.join(DIR, "subset_reused_keys"), exist_ok=True)
    subset = ("create: false multiprocessing_options { primary_host: 1 "
              "active_processes { process_indices: [1, 2, 3] } %s }")
    for step, prefix in (("subset", 'barrier_sync_key_prefix: "subset"'),
                         ("subset_reused_keys", "")):
        if PROCESS == 0:
            emit(step, inactive=True)
        else:
            try:
                save_and_restore(step,
                                 manager_options(base + subset % prefix),
                                 processes=[1, 2, 3])
            except Exception as e:  # pylint: disable=broad-exception-caught
                emit(step, refused=f"{type(e).__name__}: {e}")
        barrier(f"{step}_done", 120)
    # The control run: process 3 holds another barrier_sync_key_prefix and
    # nobody calls agree(); Orbax's own barrier function (none is passed).
    # (With active_processes set, the first barrier would instead be a
    # coordination-service barrier of sync_global_processes' own 300 s,
    # timing out naming no option: too long for a test.)
    prefix = "control_other" if PROCESS == 3 else "control"
    control = manager_options(
        "async_options { timeout_secs: 3 } multiprocessing_options { "
        f'barrier_sync_key_prefix: "{prefix}" }}')
    try:
        with ocp.CheckpointManager(os.path.join(DIR, "control"),
                                   options=orbax_options.to_orbax(
                                       control.effective)) as m:
            m.save(0, args=ocp.args.StandardSave({"a": np.arange(2)}))
            m.wait_until_finished()
        emit("control", saved=True)
    except Exception as e:  # pylint: disable=broad-exception-caught
        emit("control", error=f"{type(e).__name__}: {e}")


JOBS = {"agreement": agreement, "manager": manager}

if __name__ == "__main__":
    JOBS[JOB]()
    barrier("end")
    # Leave at once: the test reads what was printed, and a process that
    # waits in the coordination service's shutdown barrier after a failed
    # save gains nothing.
    os._exit(0)
