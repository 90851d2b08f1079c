#!/usr/bin/env python3
# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""orbax_options.to_orbax() and from_orbax() against building the same
objects by hand, and `import orbax_options` against `import
orbax.checkpoint`.

Usage (from the repository root, with a Python that has orbax-checkpoint
and the package built into build/python):

  JAX_PLATFORMS=cpu PYTHONPATH=build/python .venv/bin/python \\
      bench/python_orbax_bench.py [--quick] [--repetitions N]
      [--min-time SECONDS] [--imports N] [--json-out FILE]

For two configs, examples/checkpoint_manager/train.textproto (a
CheckpointManagerOptions, with policies) and
examples/multihost_subset.textproto (a CheckpointOptions, 32 active
processes), times in one process:

  to_orbax     orbax_options.to_orbax(config.effective): validates the
               message in C++, writes its explicit form, and builds Orbax's
               objects from it
  validate     orbax_options.validate(config.effective) alone: about the
               C++ share of to_orbax
  by hand      the same Orbax constructors with literal arguments, every
               argument that to_orbax() passes: the baseline of to_orbax
  from_orbax   orbax_options.from_orbax(objects): the explicit message of
               Orbax's objects, validated in C++
  pb2 by hand  the same explicit message set field by field with the
               _pb2 classes, unvalidated: the baseline of from_orbax

(each pair is checked to build equal results first), and, in fresh
interpreters (--imports runs each, alternating), the wall time of `import
orbax_options` and of `import orbax.checkpoint`, measured inside the child
around the import statement alone.

Times are thread CPU time per call, as bench/python_bench.py measures them
(its helpers); each repetition runs each case for at least --min-time, the
cases interleaved in random order; the report gives medians and the ratio to
each baseline of the same run. A number, never a pass or fail: it exits
non-zero only if something breaks. --quick runs everything once, briefly (a
smoke test; its numbers are noise).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from importlib import metadata

from python_bench import calibrate, per_call

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN = os.path.join(ROOT, "examples", "checkpoint_manager",
                     "train.textproto")
MULTIHOST = os.path.join(ROOT, "examples", "multihost_subset.textproto")
IMPORTS = ("orbax_options", "orbax.checkpoint")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repetitions", type=int, default=9)
    p.add_argument("--min-time",
                   type=float,
                   default=0.2,
                   help="seconds of each case per repetition")
    p.add_argument("--imports",
                   type=int,
                   default=9,
                   help="fresh interpreters per import measured")
    p.add_argument("--quick",
                   action="store_true",
                   help="one short repetition and one import each (smoke)")
    p.add_argument("--json-out", help="also write the medians here")
    args = p.parse_args()
    if args.quick:
        args.repetitions, args.min_time, args.imports = 1, 0.001, 1
    return args


# --- The baselines: the same objects and messages, by hand -----------------


def train_by_hand(ocp, sdp, pp):
    """train.textproto's Orbax objects, as to_orbax() builds them."""
    return ocp.CheckpointManagerOptions(
        save_interval_steps=1,
        max_to_keep=None,
        keep_time_interval=None,
        keep_period=None,
        best_fn=None,
        best_mode="max",
        keep_checkpoints_without_metrics=True,
        step_prefix=None,
        step_format_fixed_length=8,
        step_name_format=None,
        create=True,
        cleanup_tmp_directories=True,
        save_on_steps=frozenset(),
        single_host_load_and_broadcast=False,
        todelete_subdir=None,
        todelete_full_path=None,
        enable_background_delete=True,
        num_deletion_threads=None,
        read_only=False,
        enable_async_checkpointing=True,
        async_options=ocp.options.AsyncOptions(
            timeout_secs=1800,
            barrier_sync_fn=None,
            post_finalization_callback=None,
            create_directories_asynchronously=True),
        multiprocessing_options=ocp.options.MultiprocessingOptions(
            primary_host=0,
            active_processes=None,
            barrier_sync_key_prefix="train_state"),
        should_save_fn=None,
        file_options=ocp.options.FileOptions(path_permission_mode=0o750,
                                             skip_sync_file_validations=False),
        atomicity_options=None,
        save_root_metadata=True,
        temporary_path_class=None,
        save_decision_policy=sdp.AnySavePolicy(policies=[
            sdp.FixedIntervalPolicy(interval=1000),
            sdp.PreemptionCheckpointingPolicy(),
        ]),
        preservation_policy=pp.AnyPreservationPolicy(policies=[
            pp.LatestN(n=5),
            pp.EveryNSteps(interval_steps=10000,
                           exact_interval=True,
                           max_to_keep=None),
        ]),
        prevent_write_metrics=False,
        enable_should_save_is_saving_in_progress_check=True,
        enable_per_process_directory_creation=False,
        lightweight_initialize=False)


def multihost_by_hand(ocp):
    """multihost_subset.textproto's five Orbax objects."""
    options = ocp.options
    return (options.AsyncOptions(timeout_secs=1800,
                                 barrier_sync_fn=None,
                                 post_finalization_callback=None,
                                 create_directories_asynchronously=True),
            options.MultiprocessingOptions(
                primary_host=0,
                active_processes=set(range(32)),
                barrier_sync_key_prefix="train_state"),
            options.FileOptions(path_permission_mode=None,
                                skip_sync_file_validations=False),
            options.MemoryLimitOptions(max_transfer_concurrent_gb=None),
            options.AtomicityOptions(mode=options.AtomicityMode.AUTO,
                                     allow_legacy_atomic_rename=False))


def train_message_by_hand(cm_pb2):
    """train.textproto's explicit form, as from_orbax() returns it."""
    m = cm_pb2.CheckpointManagerOptions()
    m.save_interval_steps = 1
    m.best_mode = cm_pb2.BEST_MODE_MAX
    m.keep_checkpoints_without_metrics = True
    m.step_format_fixed_length = 8
    m.create = True
    m.cleanup_tmp_directories = True
    m.single_host_load_and_broadcast = False
    m.enable_background_delete = True
    m.read_only = False
    m.enable_async_checkpointing = True
    m.async_options.timeout_secs = 1800
    m.async_options.create_directories_asynchronously = True
    m.multiprocessing_options.primary_host = 0
    m.multiprocessing_options.barrier_sync_key_prefix = "train_state"
    m.file_options.path_permission_mode = 0o750
    m.file_options.skip_sync_file_validations = False
    m.save_root_metadata = True
    save = m.save_decision_policy.any.policies
    save.add().fixed_interval.interval = 1000
    save.add().preemption_checkpointing.SetInParent()
    keep = m.preservation_policy.any.policies
    keep.add().latest_n.n = 5
    every = keep.add().every_n_steps
    every.interval_steps = 10000
    every.exact_interval = True
    m.prevent_write_metrics = False
    m.enable_should_save_is_saving_in_progress_check = True
    m.enable_per_process_directory_creation = False
    m.lightweight_initialize = False
    return m


def multihost_message_by_hand(options_pb2):
    """multihost_subset.textproto's explicit form."""
    m = options_pb2.CheckpointOptions()
    m.async_options.timeout_secs = 1800
    m.async_options.create_directories_asynchronously = True
    mp = m.multiprocessing_options
    mp.primary_host = 0
    mp.active_processes.ranges.add(start=0, stop=32)
    mp.barrier_sync_key_prefix = "train_state"
    m.file_options.skip_sync_file_validations = False
    m.memory_limit_options.SetInParent()
    m.atomicity_options.mode = options_pb2.ATOMICITY_MODE_AUTO
    m.atomicity_options.allow_legacy_atomic_rename = False
    return m


# --- Imports in fresh interpreters ----------------------------------------


def import_seconds(module):
    """The wall time of `import module` in a fresh interpreter."""
    code = ("import time; start = time.perf_counter(); "
            f"import {module}; print(time.perf_counter() - start)")
    path = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env = dict(os.environ,
               PYTHONPATH=os.pathsep.join(os.path.abspath(p) for p in path))
    result = subprocess.run([sys.executable, "-c", code],
                            capture_output=True,
                            text=True,
                            check=True,
                            env=env,
                            cwd="/")
    return float(result.stdout.split()[-1])


def main():
    args = parse_args()
    import orbax.checkpoint as ocp
    from orbax.checkpoint import checkpoint_managers
    pp = checkpoint_managers.preservation_policy
    sdp = checkpoint_managers.save_decision_policy
    import orbax_options
    from orbax_options.v1 import checkpoint_manager_options_pb2 as cm_pb2
    from orbax_options.v1 import options_pb2
    from google.protobuf.internal import api_implementation

    train = orbax_options.load(
        TRAIN, type=cm_pb2.CheckpointManagerOptions).effective
    multihost = orbax_options.load(MULTIHOST).effective
    to_orbax, from_orbax = orbax_options.to_orbax, orbax_options.from_orbax
    validate = orbax_options.validate
    train_objects = to_orbax(train)
    multihost_objects = tuple(to_orbax(multihost))

    # Each pair builds equal results (Orbax's objects compared through
    # their explicit messages: a PreemptionCheckpointingPolicy has no ==).
    checks = {
        "train by hand": (from_orbax(train_by_hand(ocp, sdp, pp)), train),
        "multihost by hand": (from_orbax(*multihost_by_hand(ocp)), multihost),
        "train pb2 by hand": (train_message_by_hand(cm_pb2), train),
        "multihost pb2 by hand": (multihost_message_by_hand(options_pb2),
                                  multihost),
    }
    for name, (got, want) in checks.items():
        if got != want:
            sys.exit(f"{name} differs from the config:\n{got}\nvs\n{want}")

    cases = {  # (config, case) -> fn(n)
        ("train", "to_orbax"):
        lambda n: [to_orbax(train) for _ in range(n)],
        ("train", "validate"):
        lambda n: [validate(train) for _ in range(n)],
        ("train", "by hand"):
        lambda n: [train_by_hand(ocp, sdp, pp) for _ in range(n)],
        ("train", "from_orbax"):
        lambda n: [from_orbax(train_objects) for _ in range(n)],
        ("train", "pb2 by hand"):
        lambda n: [train_message_by_hand(cm_pb2) for _ in range(n)],
        ("multihost_subset", "to_orbax"):
        lambda n: [to_orbax(multihost) for _ in range(n)],
        ("multihost_subset", "validate"):
        lambda n: [validate(multihost) for _ in range(n)],
        ("multihost_subset", "by hand"):
        lambda n: [multihost_by_hand(ocp) for _ in range(n)],
        ("multihost_subset", "from_orbax"):
        lambda n: [from_orbax(*multihost_objects) for _ in range(n)],
        ("multihost_subset", "pb2 by hand"):
        lambda n: [multihost_message_by_hand(options_pb2) for _ in range(n)],
    }
    baseline = {
        "to_orbax": "by hand",
        "validate": "by hand",
        "from_orbax": "pb2 by hand"
    }

    counts = {key: calibrate(fn, args.min_time) for key, fn in cases.items()}
    times = {key: [] for key in cases}
    order = list(cases)
    rng = random.Random(18)
    for _ in range(args.repetitions):
        rng.shuffle(order)
        for key in order:
            times[key].append(per_call(cases[key], counts[key]))
    medians = {key: statistics.median(v) for key, v in times.items()}

    imports = {module: [] for module in IMPORTS}
    for _ in range(args.imports):
        for module in IMPORTS:
            imports[module].append(import_seconds(module))
    import_medians = {m: statistics.median(v) for m, v in imports.items()}

    load = os.getloadavg()
    versions = ", ".join(f"{name} {metadata.version(name)}"
                         for name in ("orbax-checkpoint", "jax", "protobuf"))
    now = datetime.datetime.now(datetime.timezone.utc)
    print("# to_orbax() and from_orbax() against building by hand; imports")
    print(f"{now:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, load average "
          f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; Python "
          f"{sys.version.split()[0]}, {versions} "
          f"({api_implementation.Type()} protobuf); median thread CPU time "
          f"of {args.repetitions} interleaved repetitions")
    print()
    print(f"{'config':17} {'case':12} {'per call':>10} {'vs base':>8}")
    for config, case in cases:
        t = medians[(config, case)]
        base = medians[(config, baseline.get(case, case))]
        print(f"{config:17} {case:12} {t * 1e6:7.1f} us {t / base:7.2f}x")
    print()
    first, second = IMPORTS
    print(f"import, median wall time of {args.imports} fresh interpreters:")
    for module in IMPORTS:
        t = import_medians[module]
        print(f"  import {module:17} {t * 1e3:7.1f} ms "
              f"{t / import_medians[second]:5.2f}x")
    if args.json_out:
        out = {f"{c}/{n}": t for (c, n), t in medians.items()}
        out.update({f"import/{m}": t for m, t in import_medians.items()})
        with open(args.json_out, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
