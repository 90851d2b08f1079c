#!/usr/bin/env python3
# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""orbax_options.loads() from Python against C++'s LoadFromString().

Usage (from the repository root, with the project venv's Python, which
scripts/setup.sh makes):

  .venv/bin/python bench/python_bench.py [--no-build] [--build-dir DIR]
      [--repetitions N] [--min-time SECONDS] [--json-out FILE]

Builds the Python package in a Release tree (build-bench/, the tree that
bench/report.py uses; targets orbax_options_python and the benchmark's own
module orbax_options_bench_core), imports it, and times in one process (the
C++ baseline in a worker process of its own), on the same input bytes, in
text format, JSON and binary:

  cpp        LoadFromString(data, format) in C++, in a loop inside the
             benchmark's module (bench/python_bench_core.cc,
             _bench_core.time_load_from_string), in a worker process of its
             own (see CppWorker): the C++ baseline
  loads      orbax_options.loads(data, format): what a Python user calls
  loads (Python)
             the Python function that orbax_options.loads wraps (its
             __wrapped__), without the C fast path of its common case
  breakdown  _core.load_config() alone (the binding: LoadFromString and
             the Config that holds its options, no Python layer); loads()
             then .fingerprint; loads() then .effective (the message parsed
             into Python); .effective again on one Config (each read parses
             a new message)
  diy        what a Python user would otherwise write: protobuf's Python
             parser (text_format.Parse, json_format.Parse, FromString) plus
             hand-written validation of the schema's rules, without
             locations, defaults or fingerprint

The input is the benchmark suite's options (bench/full_options.cc): every
field set, and the 4096-host process set without four failed hosts.

Times are thread CPU time per call; each repetition runs each case for at
least --min-time, the cases interleaved in random order so that a change of
load hits all of them; the report gives medians and their ratio to cpp. A
number, never a pass or fail: it exits non-zero only if something breaks.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = 1.5  # loads() against LoadFromString(), issue 11
ROOT_TYPE = "CheckpointOptions"  # _core's name of the inputs' root type


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir",
                   default=os.path.join(ROOT, "build-bench"),
                   help="Release build tree (default: build-bench/)")
    p.add_argument("--no-build",
                   action="store_true",
                   help="use the package already built in --build-dir")
    p.add_argument("--repetitions", type=int, default=9)
    p.add_argument("--min-time",
                   type=float,
                   default=0.2,
                   help="seconds of each case per repetition")
    p.add_argument("--json-out", help="also write the medians here")
    p.add_argument("--cpp-worker", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args()


def build(build_dir):
    command = [
        "cmake", "-S", ROOT, "-B", build_dir, "-G", "Ninja",
        "-DCMAKE_BUILD_TYPE=Release", "-DORBAX_OPTIONS_BUILD_TESTS=OFF",
        "-DORBAX_OPTIONS_BUILD_PYTHON=ON",
        f"-DPython_EXECUTABLE={sys.executable}"
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["cmake", "--build", build_dir, "--target", "orbax_options_python",
         "orbax_options_bench_core"],
        check=True,
        stdout=subprocess.DEVNULL)


def full_options(options_pb2):
    """bench/full_options.cc's FullOptions(), as a message."""
    m = options_pb2.CheckpointOptions()
    m.async_options.timeout_secs = 600
    m.async_options.create_directories_asynchronously = False
    mp = m.multiprocessing_options
    mp.primary_host = 0
    for start, stop in ((0, 511), (512, 1800), (1802, 3000), (3001, 4096)):
        mp.active_processes.ranges.add(start=start, stop=stop)
    mp.barrier_sync_key_prefix = "train_run_42"
    m.file_options.path_permission_mode = 0o750
    m.memory_limit_options.max_transfer_concurrent_gb = 32
    m.atomicity_options.mode = options_pb2.ATOMICITY_MODE_COMMIT_FILE
    m.atomicity_options.allow_legacy_atomic_rename = True
    return m


def hand_validate(m):
    """The schema's rules, as a Python user would check them by hand."""
    errors = []
    a, mp = m.async_options, m.multiprocessing_options
    if a.HasField("timeout_secs") and a.timeout_secs <= 0:
        errors.append("timeout_secs")
    active = None
    if mp.HasField("active_processes"):
        ps = mp.active_processes
        if not ps.process_indices and not ps.ranges:
            errors.append("active_processes empty")
        if any(i < 0 for i in ps.process_indices):
            errors.append("negative index")
        for r in ps.ranges:
            if r.start < 0 or r.start >= r.stop:
                errors.append("range")
        active = ps
    if mp.WhichOneof("primary") != "all_hosts_primary":
        primary = mp.primary_host
        if primary < 0:
            errors.append("primary_host")
        elif active is not None and not (primary in active.process_indices
                                         or any(r.start <= primary < r.stop
                                                for r in active.ranges)):
            errors.append("primary_host not active")
    f = m.file_options
    if f.HasField("path_permission_mode") and not (0 <= f.path_permission_mode
                                                   <= 0o7777):
        errors.append("path_permission_mode")
    g = m.memory_limit_options
    if g.HasField("max_transfer_concurrent_gb") and (
            g.max_transfer_concurrent_gb <= 0):
        errors.append("max_transfer_concurrent_gb")
    if errors:
        raise ValueError(errors)


def _seconds(fn, n):
    """The thread CPU seconds of fn(n): its own figure if it returns one (a
    float: a loop timed where it ran), else the time around it."""
    start = time.thread_time()
    measured = fn(n)
    if isinstance(measured, float):
        return measured
    return time.thread_time() - start


def per_call(fn, n):
    return _seconds(fn, n) / n


def calibrate(fn, min_time):
    n = 1
    while True:
        elapsed = _seconds(fn, n)
        if elapsed >= min_time / 4:
            return max(1, int(n * min_time / elapsed))
        n *= 4


class CppWorker:
    """_bench_core in a process of its own, which runs the C++ loops on
    request: it links the schema's generated C++ as _core does, and
    protobuf refuses a second registration of the same .proto in one
    process. The loop times itself (thread CPU time inside the module)."""

    def __init__(self, build_dir):
        self.process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--cpp-worker",
             "--build-dir", build_dir],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True)

    def seconds(self, data, fmt, n):
        self.process.stdin.write(f"{fmt} {n} {data.hex()}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())


def cpp_worker(build_dir):
    sys.path.insert(0, os.path.join(build_dir, "python", "bench_core"))
    import _bench_core
    for line in sys.stdin:
        fmt, n, data = line.split()
        print(_bench_core.time_load_from_string(ROOT_TYPE,
                                                bytes.fromhex(data), fmt,
                                                int(n)),
              flush=True)


def main():
    args = parse_args()
    if args.cpp_worker:
        return cpp_worker(args.build_dir)
    if not args.no_build:
        build(args.build_dir)
    worker = CppWorker(args.build_dir)
    sys.path.insert(0, os.path.join(args.build_dir, "python"))
    import orbax_options
    from orbax_options.v1 import options_pb2
    from google.protobuf import json_format
    from google.protobuf import text_format
    from google.protobuf.internal import api_implementation

    effective = orbax_options.loads(
        full_options(options_pb2).SerializeToString(), "binpb").effective
    inputs = {
        "textproto": orbax_options.to_text(effective).encode(),
        "json": orbax_options.to_json(effective).encode(),
        "binpb": effective.SerializeToString(),
    }
    diy_parse = {
        "textproto":
        lambda d: text_format.Parse(d, options_pb2.CheckpointOptions()),
        "json":
        lambda d: json_format.Parse(d, options_pb2.CheckpointOptions()),
        "binpb":
        options_pb2.CheckpointOptions.FromString,
    }

    cases = {}  # (format, name) -> fn(n)
    for fmt, data in inputs.items():
        number = orbax_options._config._FORMATS[fmt]
        loads = orbax_options.loads
        parse = diy_parse[fmt]

        def cpp(n, data=data, fmt=fmt):
            return worker.seconds(data, fmt, n)

        def ours(n, data=data, fmt=fmt, loads=loads):
            for _ in range(n):
                loads(data, fmt)

        def python_loads(n, data=data, fmt=fmt,
                         loads=getattr(loads, "__wrapped__", loads)):
            for _ in range(n):
                loads(data, fmt)

        def binding(n, data=data, number=number):
            load_config = orbax_options._core.load_config
            config = orbax_options.Config
            root = (ROOT_TYPE, options_pb2.CheckpointOptions)
            for _ in range(n):
                load_config(config, root, data, number, "<string>", False)

        def with_fingerprint(n, data=data, fmt=fmt, loads=loads):
            for _ in range(n):
                loads(data, fmt).fingerprint

        def with_effective(n, data=data, fmt=fmt, loads=loads):
            for _ in range(n):
                loads(data, fmt).effective

        def effective_again(n, config=loads(data, fmt)):
            config.effective  # The first read parses.
            for _ in range(n):
                config.effective

        def diy(n, data=data, parse=parse):
            for _ in range(n):
                hand_validate(parse(data))

        for name, fn in (("cpp", cpp), ("loads", ours),
                         ("loads (Python)", python_loads), ("binding", binding),
                         ("loads+fingerprint", with_fingerprint),
                         ("loads+effective", with_effective),
                         ("effective again", effective_again), ("diy", diy)):
            cases[(fmt, name)] = fn

    # The C++ loop times itself (thread CPU time inside the worker); the
    # Python cases are timed around the loop. Both count the same clock.
    def run(key, n):
        return per_call(cases[key], n)

    counts = {key: calibrate(fn, args.min_time) for key, fn in cases.items()}
    times = {key: [] for key in cases}
    order = list(cases)
    rng = random.Random(11)
    for _ in range(args.repetitions):
        rng.shuffle(order)
        for key in order:
            times[key].append(run(key, counts[key]))
    medians = {key: statistics.median(v) for key, v in times.items()}

    load = os.getloadavg()
    print("# orbax_options.loads() against C++ LoadFromString()")
    print(
        f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; "
        f"Python {sys.version.split()[0]}, protobuf "
        f"{api_implementation.Type()} implementation; median thread CPU time "
        f"of {args.repetitions} interleaved repetitions")
    print()
    print(f"{'format':10} {'case':18} {'per call':>10} {'vs cpp':>7}")
    for fmt in inputs:
        base = medians[(fmt, "cpp")]
        for name in ("cpp", "loads", "loads (Python)", "binding",
                     "loads+fingerprint",
                     "loads+effective", "effective again", "diy"):
            t = medians[(fmt, name)]
            note = ""
            if name == "loads":
                met = "met" if t / base <= TARGET else "NOT met"
                note = f"  target <= {TARGET}x: {met}"
            unit = f"{t * 1e9:.0f} ns" if t < 1e-5 else f"{t * 1e6:.2f} us"
            print(f"{fmt:10} {name:18} {unit:>10} {t / base:6.2f}x{note}")
    print()
    print("input sizes: " + ", ".join(f"{fmt} {len(d)} bytes"
                                      for fmt, d in inputs.items()))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(
                {f"{fmt}/{name}": t
                 for (fmt, name), t in medians.items()},
                f,
                indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
