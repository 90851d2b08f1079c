# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The package from many threads at once, and the GIL released during C++
work."""

import concurrent.futures
import os
import subprocess
import sys
import textwrap
import threading

from conftest import PACKAGE_DIR, example_files

import orbax_options


def test_concurrent_loads_and_fingerprints_agree():
    paths = example_files()
    want = {path: orbax_options.load(path) for path in paths}
    sources = {}
    for path in paths:
        with open(path, "rb") as f:
            fmt = "json" if path.endswith(".json") else "textproto"
            sources[path] = (f.read(), fmt)
    bad = b"async_options { timeout_secs: 0 }"

    def work(i):
        path = paths[i % len(paths)]
        kind = i % 5
        if kind == 0:
            return path, orbax_options.load(path).fingerprint
        if kind == 1:
            data, fmt = sources[path]
            return path, orbax_options.loads(data, fmt).fingerprint
        if kind == 2:
            return path, orbax_options.fingerprint(want[path].minimal)
        if kind == 3:
            return path, orbax_options.fingerprint(
                orbax_options.loads(want[path].effective.SerializeToString(),
                                    "binpb").effective)
        try:
            orbax_options.loads(bad, "textproto", name=f"bad{i}")
        except orbax_options.ConfigError as e:
            return path, str(e)
        return path, "no error"

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(2000)))
    for i, (path, got) in enumerate(results):
        if i % 5 == 4:
            assert got == (f"bad{i}:1:17: error: async_options.timeout_secs: "
                           "must be > 0, got 0")
        else:
            assert got == want[path].fingerprint


def test_threads_reading_one_fresh_config_agree():
    # loads() computes `.fingerprint` and the effective bytes when first
    # read, with the GIL released: threads that race to be first all get
    # the same values, and the losers' copies are not kept.
    paths = example_files()
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        fmt = "json" if path.endswith(".json") else "textproto"
        want = orbax_options.load(path)
        for _ in range(20):
            config = orbax_options.loads(data, fmt)
            start = threading.Barrier(8)

            def read(_, config=config, start=start):
                start.wait()
                return config.fingerprint, config.effective

            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                results = list(pool.map(read, range(8)))
            assert {fingerprint for fingerprint, _ in results
                    } == {want.fingerprint}, path
            assert all(effective == want.effective
                       for _, effective in results), path
            assert len({id(config.fingerprint) for _ in range(3)}) == 1


def test_the_gil_is_released_while_cpp_reads():
    # A thread loads "-" (standard input, a pipe the parent fills after a
    # while) inside C++; meanwhile the main thread must keep running Python.
    code = textwrap.dedent("""
      import threading, time
      import orbax_options
      result = []
      t = threading.Thread(target=lambda: result.append(
          orbax_options.load("-", input_format="textproto").fingerprint))
      t.start()
      time.sleep(0.05)
      ticks = 0
      end = time.monotonic() + 0.3
      while time.monotonic() < end:
        ticks += 1
      print("ticks", ticks, flush=True)
      t.join()
      print("fingerprint", result[0])
  """)
    env = dict(os.environ, PYTHONPATH=PACKAGE_DIR)
    child = subprocess.Popen([sys.executable, "-c", code],
                             env=env,
                             stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             text=True)
    fed = threading.Event()

    def feed():
        if not fed.is_set():
            fed.set()
            child.stdin.write("async_options { timeout_secs: 60 }\n")
            child.stdin.close()

    # Were the GIL held during the read, the child would print nothing until
    # fed: feed it anyway after 10 s, and fail rather than hang.
    timer = threading.Timer(10, feed)
    timer.start()
    try:
        line = child.stdout.readline()  # Printed while C++ still waits...
        assert not fed.is_set(), "Python stopped while C++ waited for input"
        timer.cancel()
        feed()
        out = child.stdout.read()
        err = child.stderr.read()
        child.wait(timeout=60)
    finally:
        timer.cancel()
        child.kill()
    assert line.startswith("ticks "), err
    assert int(line.split()[1]) > 1000
    want = orbax_options.loads("async_options { timeout_secs: 60 }",
                               "textproto").fingerprint
    assert out == f"fingerprint {want}\n"
