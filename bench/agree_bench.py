# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""agree()'s latency and coordination-service calls in real JAX jobs of N
CPU processes on 127.0.0.1 (docs/PERFORMANCE.md records the figures).

  PYTHONPATH=build/python JAX_PLATFORMS=cpu .venv/bin/python \\
      bench/agree_bench.py [N ...]     (default: 2 4 8 16)

Each process agrees REPEATS times on one config, between barriers; the
figures are each call's wall time on the reference (process 0) and on the
slowest member, medians over the repeats, and the calls each process made,
counted by a proxy of jax.distributed's client.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import time

REPEATS = 20


def worker(process, count, port):
    import jax  # pylint: disable=g-import-not-at-top
    jax.distributed.initialize(f"127.0.0.1:{port}",
                               num_processes=count,
                               process_id=process,
                               cluster_detection_method="deactivate",
                               initialization_timeout=120,
                               heartbeat_timeout_seconds=30,
                               shutdown_timeout_seconds=30)
    from jax._src import distributed  # pylint: disable=g-import-not-at-top
    import orbax_options  # pylint: disable=g-import-not-at-top
    client = distributed.global_state.client

    class Counting:
        calls = 0

        def __getattr__(self, name):
            method = getattr(client, name)

            def call(*args, **kwargs):
                Counting.calls += 1
                return method(*args, **kwargs)

            return call

    counting = Counting()
    config = orbax_options.loads("async_options { timeout_secs: 600 }",
                                 "textproto")
    times = []
    for i in range(REPEATS):
        client.wait_at_barrier(f"bench/{i}", 120000)
        start = time.perf_counter()
        orbax_options.agree(config, client=counting, timeout_secs=120)
        times.append(time.perf_counter() - start)
    client.wait_at_barrier("bench/end", 120000)
    print(json.dumps({"process": process, "times": times,
                      "calls": Counting.calls / REPEATS}), flush=True)
    os._exit(0)


def run(count):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, JAX_PLATFORMS="cpu")
    procs = [
        subprocess.Popen([sys.executable, __file__, "--worker", str(i),
                          str(count), str(port)],
                         stdout=subprocess.PIPE, env=env, text=True)
        for i in range(count)
    ]
    try:
        results = [json.loads(p.communicate(timeout=600)[0]) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    reference = statistics.median(results[0]["times"]) * 1e3
    slowest = statistics.median(
        max(r["times"][i] for r in results) for i in range(REPEATS)) * 1e3
    calls = sum(r["calls"] for r in results)
    print(f"N={count:3d}  reference {reference:7.2f} ms  slowest "
          f"{slowest:7.2f} ms  calls: reference {results[0]['calls']:.0f}, "
          f"member {results[1]['calls']:.0f}-"
          f"{max(r['calls'] for r in results[1:]):.0f}, total {calls:.0f}",
          flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(*map(int, sys.argv[2:5]))
    else:
        for n in map(int, sys.argv[1:] or ["2", "4", "8", "16"]):
            run(n)
