#!/usr/bin/env python3
# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""C++ <-> Python interoperability of the orbax-options schema.

Real peers on both sides: Python code generated at test time by
grpcio-tools' protoc from the same options.proto, the protobuf runtime from
PyPI that python/requirements.lock pins (the project's venv), and the real
`orbax-options` command, on Debian's C++ libprotobuf.

  * C++ -> Python: `orbax-options show --effective` writes binary, text and
    JSON; Python reads each and checks every effective value.
  * Python -> C++: Python writes binary, text and JSON; `orbax-options` reads
    each, and Python checks the values it printed.
  * Fingerprint: Python computes it with hashlib from the effective bytes,
    following the documented definition, and it equals the C++ one.
  * Defaults: C++'s effective defaults equal Orbax's documented defaults.

Usage: .venv/bin/python interop_test.py --proto-dir DIR
           --out-dir DIR --cli ORBAX_OPTIONS [unittest args...]
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import unittest

ARGS = None
pb = None  # orbax_options.v1.options_pb2, generated in setUpModule
text_format = None
json_format = None

SCHEMA = "orbax_options/v1/options.proto"

# Orbax's defaults, as the dataclasses of `orbax.checkpoint.options` declare
# them (e.g. `AsyncOptions.timeout_secs: int = 1200`,
# `MultiprocessingOptions.primary_host: Optional[int] = 0`; docs/schema.md,
# "The fields"), keyed by the schema's field path. `None` is Python `None`:
# in the schema, an unset field (for primary_host: every host is primary).
ORBAX_DEFAULTS = {
    "async_options.timeout_secs": 1200,
    "async_options.create_directories_asynchronously": True,
    "multiprocessing_options.primary_host": 0,
    "multiprocessing_options.active_processes": None,
    "multiprocessing_options.barrier_sync_key_prefix": None,
    "file_options.path_permission_mode": None,
    "file_options.skip_sync_file_validations": False,
    "memory_limit_options.max_transfer_concurrent_gb": None,
    "atomicity_options.mode": "AUTO",
    "atomicity_options.allow_legacy_atomic_rename": False,
}

# Cases: a config as a person writes it (text format, read by C++), and the
# effective values it means (differences from ORBAX_DEFAULTS).
CASES = [
    ("defaults", "", {}),
    (
        "multihost",
        """
        async_options { timeout_secs: 600 create_directories_asynchronously: false }
        multiprocessing_options {
          primary_host: 3
          active_processes { ranges { start: 0 stop: 8 } process_indices: 12 }
          barrier_sync_key_prefix: "run7"
        }
        file_options { path_permission_mode: 0750 }
        memory_limit_options { max_transfer_concurrent_gb: 16 }
        atomicity_options { mode: ATOMICITY_MODE_COMMIT_FILE
                            allow_legacy_atomic_rename: true }
        """,
        {
            "async_options.timeout_secs": 600,
            "async_options.create_directories_asynchronously": False,
            "multiprocessing_options.primary_host": 3,
            "multiprocessing_options.active_processes": {0, 1, 2, 3, 4, 5, 6, 7, 12},
            "multiprocessing_options.barrier_sync_key_prefix": "run7",
            "file_options.path_permission_mode": 0o750,
            "memory_limit_options.max_transfer_concurrent_gb": 16,
            "atomicity_options.mode": "COMMIT_FILE",
            "atomicity_options.allow_legacy_atomic_rename": True,
        },
    ),
    (
        "local_all_hosts_primary",
        """
        multiprocessing_options {
          all_hosts_primary {}
          active_processes { process_indices: [4, 2, 3, 9] }
          barrier_sync_key_prefix: ""
        }
        atomicity_options { mode: ATOMICITY_MODE_ATOMIC_RENAME }
        """,
        {
            "multiprocessing_options.primary_host": None,
            "multiprocessing_options.active_processes": {2, 3, 4, 9},
            "multiprocessing_options.barrier_sync_key_prefix": "",
            "atomicity_options.mode": "ATOMIC_RENAME",
        },
    ),
]

FORMATS = ("binpb", "textproto", "json")


def expected_values(overrides):
    values = dict(ORBAX_DEFAULTS)
    values.update(overrides)
    return values


def process_set(message):
    """The set of indices a ProcessSet message holds."""
    indices = set(message.process_indices)
    for r in message.ranges:
        indices.update(range(r.start, r.stop))
    return indices


def effective_values(options):
    """Maps an explicit-form CheckpointOptions to {path: Python value}."""
    a = options.async_options
    m = options.multiprocessing_options
    f = options.file_options
    mem = options.memory_limit_options
    at = options.atomicity_options
    primary = m.WhichOneof("primary")
    return {
        "async_options.timeout_secs":
            a.timeout_secs if a.HasField("timeout_secs") else "UNSET",
        "async_options.create_directories_asynchronously":
            a.create_directories_asynchronously
            if a.HasField("create_directories_asynchronously") else "UNSET",
        "multiprocessing_options.primary_host":
            m.primary_host if primary == "primary_host"
            else None if primary == "all_hosts_primary" else "UNSET",
        "multiprocessing_options.active_processes":
            process_set(m.active_processes)
            if m.HasField("active_processes") else None,
        "multiprocessing_options.barrier_sync_key_prefix":
            m.barrier_sync_key_prefix
            if m.HasField("barrier_sync_key_prefix") else None,
        "file_options.path_permission_mode":
            f.path_permission_mode if f.HasField("path_permission_mode")
            else None,
        "file_options.skip_sync_file_validations":
            f.skip_sync_file_validations
            if f.HasField("skip_sync_file_validations") else "UNSET",
        "memory_limit_options.max_transfer_concurrent_gb":
            mem.max_transfer_concurrent_gb
            if mem.HasField("max_transfer_concurrent_gb") else None,
        "atomicity_options.mode":
            pb.AtomicityMode.Name(at.mode).removeprefix("ATOMICITY_MODE_")
            if at.HasField("mode") else "UNSET",
        "atomicity_options.allow_legacy_atomic_rename":
            at.allow_legacy_atomic_rename
            if at.HasField("allow_legacy_atomic_rename") else "UNSET",
    }


def set_process_set(message, indices):
    """Writes `indices` canonically: runs of >= 2 as ranges, the rest singly."""
    message.SetInParent()
    ordered = sorted(indices)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j > i:
            message.ranges.add(start=ordered[i], stop=ordered[j] + 1)
        else:
            message.process_indices.append(ordered[i])
        i = j + 1


def message_from_values(values, explicit):
    """Builds a CheckpointOptions from {path: value}.

    explicit=False gives the minimal form (only values that differ from
    Orbax's defaults are set); explicit=True gives the explicit form of the
    fingerprint definition (every effective value set; `None` stays unset).
    """
    options = pb.CheckpointOptions()
    if explicit:
        # The explicit form has every sub-message present, even one whose
        # fields are all `None` (e.g. `file_options {}`): presence is part of
        # the bytes.
        for sub in options.DESCRIPTOR.fields:
            getattr(options, sub.name).SetInParent()
    for path, value in values.items():
        if not explicit and value == ORBAX_DEFAULTS[path]:
            continue
        parent_name, field = path.split(".")
        parent = getattr(options, parent_name)
        if path == "multiprocessing_options.primary_host":
            if value is None:
                parent.all_hosts_primary.SetInParent()
            else:
                parent.primary_host = value
        elif path == "multiprocessing_options.active_processes":
            if value is not None:
                set_process_set(parent.active_processes, value)
        elif path == "atomicity_options.mode":
            parent.mode = pb.AtomicityMode.Value("ATOMICITY_MODE_" + value)
        elif value is not None:
            setattr(parent, field, value)
    return options


def python_fingerprint(values):
    """The documented fingerprint, computed in Python."""
    explicit = message_from_values(values, explicit=True)
    return hashlib.sha256(
        explicit.SerializeToString(deterministic=True)).hexdigest()


def run_cli(*args, expect_exit=0):
    result = subprocess.run([ARGS.cli, *args], capture_output=True,
                            timeout=60, check=False)
    if result.returncode != expect_exit:
        raise AssertionError(
            f"orbax-options {' '.join(args)}: exit {result.returncode}, "
            f"want {expect_exit}; stderr: {result.stderr.decode()}")
    return result


def parse(data, fmt):
    """Parses bytes in `fmt` as a CheckpointOptions."""
    options = pb.CheckpointOptions()
    if fmt == "binpb":
        options.ParseFromString(data)
    elif fmt == "textproto":
        text_format.Parse(data.decode(), options)
    else:
        json_format.Parse(data.decode(), options)
    return options


def setUpModule():
    global pb, text_format, json_format
    os.makedirs(ARGS.out_dir, exist_ok=True)
    subprocess.run([sys.executable, "-m", "grpc_tools.protoc",
                    f"--python_out={ARGS.out_dir}",
                    f"-I{ARGS.proto_dir}",
                    os.path.join(ARGS.proto_dir, SCHEMA)], check=True)
    sys.path.insert(0, ARGS.out_dir)
    from google.protobuf import json_format as jf
    from google.protobuf import text_format as tf
    from orbax_options.v1 import options_pb2
    pb, text_format, json_format = options_pb2, tf, jf


class InteropTest(unittest.TestCase):

    def write(self, name, data):
        path = os.path.join(ARGS.out_dir, name)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(path, mode) as f:
            f.write(data)
        return path

    def test_defaults_are_orbaxs(self):
        path = self.write("empty.textproto", "")
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                out = run_cli("show", "--effective", f"--format={fmt}",
                              path).stdout
                self.assertEqual(effective_values(parse(out, fmt)),
                                 ORBAX_DEFAULTS)

    def test_cpp_writes_python_reads(self):
        for name, text, overrides in CASES:
            want = expected_values(overrides)
            path = self.write(f"cpp_{name}.textproto", text)
            fingerprint = run_cli("fingerprint", path).stdout.decode().strip()
            self.assertRegex(fingerprint, "^[0-9a-f]{64}$")
            for fmt in FORMATS:
                with self.subTest(case=name, format=fmt):
                    out = run_cli("show", "--effective", f"--format={fmt}",
                                  path).stdout
                    options = parse(out, fmt)
                    self.assertEqual(effective_values(options), want)
                    # The fingerprint of what Python read, re-serialised.
                    self.assertEqual(
                        hashlib.sha256(options.SerializeToString(
                            deterministic=True)).hexdigest(), fingerprint)
                    if fmt == "binpb":
                        # The effective bytes themselves.
                        self.assertEqual(hashlib.sha256(out).hexdigest(),
                                         fingerprint)
            with self.subTest(case=name, check="python fingerprint"):
                self.assertEqual(python_fingerprint(want), fingerprint)

    def test_python_writes_cpp_reads(self):
        for name, _, overrides in CASES:
            want = expected_values(overrides)
            minimal = message_from_values(want, explicit=False)
            files = {
                "binpb": minimal.SerializeToString(),
                "textproto": text_format.MessageToString(minimal),
                "json": json_format.MessageToJson(
                    minimal, preserving_proto_field_name=True),
            }
            for fmt, data in files.items():
                with self.subTest(case=name, format=fmt):
                    path = self.write(f"py_{name}.{fmt}", data)
                    out = run_cli("show", "--effective", "--format=json",
                                  path).stdout
                    self.assertEqual(effective_values(parse(out, "json")),
                                     want)
                    self.assertEqual(
                        run_cli("fingerprint", path).stdout.decode().strip(),
                        python_fingerprint(want))

    def test_python_camel_case_json_is_read(self):
        # protobuf's default JSON spelling (lowerCamelCase) is accepted too.
        _, _, overrides = CASES[1]
        want = expected_values(overrides)
        minimal = message_from_values(want, explicit=False)
        path = self.write("py_camel.json", json_format.MessageToJson(minimal))
        with open(path) as f:
            self.assertIn("timeoutSecs", json.load(f)["asyncOptions"])
        out = run_cli("show", "--effective", "--format=json", path).stdout
        self.assertEqual(effective_values(parse(out, "json")), want)

    def test_invalid_python_options_are_rejected_by_cpp(self):
        options = pb.CheckpointOptions()
        options.async_options.timeout_secs = 0
        path = self.write("py_invalid.binpb", options.SerializeToString())
        result = run_cli("check", path, expect_exit=1)
        self.assertIn("async_options.timeout_secs", result.stderr.decode())
        self.assertEqual(result.stdout, b"")

    def test_cpp_json_spelling(self):
        # snake_case names, enums by name, int32 as JSON numbers.
        path = self.write("cpp_json.textproto", CASES[1][1])
        out = json.loads(run_cli("show", "--effective", "--format=json",
                                 path).stdout)
        self.assertEqual(out["async_options"]["timeout_secs"], 600)
        self.assertEqual(out["file_options"]["path_permission_mode"], 0o750)
        self.assertEqual(out["atomicity_options"]["mode"],
                         "ATOMICITY_MODE_COMMIT_FILE")


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proto-dir", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--cli", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], "-v", *rest])


if __name__ == "__main__":
    main()
