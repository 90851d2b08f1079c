# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The package on the protobuf runtime from PyPI: the one the lock pins, or
(python_protobuf_oldest_test) the oldest that pyproject.toml claims.

The generated *_pb2.py import without a warning; the runtime is upb; and
bytes written by the C++ command (Debian's C++ libprotobuf) parse in this
runtime, equal what the package loads, and go back to the command with the
same fingerprint, for both roots."""

import os
import re
import subprocess
import sys
import tomllib

import pytest

from conftest import EXAMPLES_DIR, PACKAGE_DIR, SOURCE_DIR, run_cli

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2


REQUIREMENTS_LOCK = os.path.join(SOURCE_DIR, "python", "requirements.lock")
OLDEST_LOCK = os.path.join(SOURCE_DIR, "python", "protobuf-oldest.lock")


def _pins(lock):
    """Package -> version, as the lock file pins them."""
    with open(lock) as f:
        return dict(re.findall(r"^([a-z0-9_.-]+)==(\S+)", f.read(), re.M))


def test_the_runtime_is_the_one_under_test():
    # python_protobuf_oldest_test names the oldest's lock; else the venv's.
    lock = os.environ.get("ORBAX_OPTIONS_PROTOBUF_LOCK") or REQUIREMENTS_LOCK
    from google.protobuf import __version__
    from google.protobuf.internal import api_implementation
    assert __version__ == _pins(lock)["protobuf"]
    assert api_implementation.Type() == "upb"


def test_pyproject_claims_what_the_locks_test():
    with open(os.path.join(SOURCE_DIR, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)
    locked = _pins(REQUIREMENTS_LOCK)
    # The build runs with the versions the venv's build of the tests has.
    for requirement in project["build-system"]["requires"]:
        name, version = requirement.split("==")
        assert locked[name] == version, requirement
    # The protobuf range: its floor is the oldest lock's, the venv's newest
    # is inside it.
    oldest = _pins(OLDEST_LOCK)["protobuf"]
    assert project["project"]["dependencies"] == [f"protobuf>={oldest},<8"]
    assert locked["protobuf"].split(".")[0] == "7"
    # The orbax extra's floor is the Orbax the tests run.
    assert project["project"]["optional-dependencies"]["orbax"] == [
        f"orbax-checkpoint>={locked['orbax-checkpoint']},<0.13"
    ]


def test_the_generated_modules_import_without_a_warning():
    # A fresh interpreter, warnings as errors: protobuf warns (or raises) on
    # gencode from a protoc it does not support.
    result = subprocess.run(
        [
            sys.executable, "-W", "error", "-c",
            "import orbax_options\n"
            "from orbax_options.v1 import options_pb2\n"
            "from orbax_options.v1 import checkpoint_manager_options_pb2\n"
            "print(options_pb2.DESCRIPTOR.name)"
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd="/",
        env=dict(os.environ,
                 PYTHONPATH=os.pathsep.join(
                     p for p in (os.environ.get("PYTHONPATH"), PACKAGE_DIR)
                     if p)))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "orbax_options/v1/options.proto\n"


ROOTS = [
    ("CheckpointOptions", options_pb2.CheckpointOptions,
     ["multihost_subset.textproto", "local_per_host.textproto",
      "memory_limited_strict.json", "single_host_defaults.textproto"]),
    ("CheckpointManagerOptions",
     checkpoint_manager_options_pb2.CheckpointManagerOptions, [
         "checkpoint_manager/train.textproto",
         "checkpoint_manager/evaluator.textproto",
         "checkpoint_manager/local_per_host.json"
     ]),
]
CASES = [(name, cls, example) for name, cls, examples in ROOTS
         for example in examples]


@pytest.mark.parametrize("root,cls,example",
                         CASES,
                         ids=[c[2] for c in CASES])
def test_cpp_bytes_parse_here_and_back(root, cls, example, tmp_path):
    path = os.path.join(EXAMPLES_DIR, example)
    for form in ("", "--effective"):
        shown = run_cli("show", f"--type={root}", "--format=binpb",
                        *([form] if form else []), path)
        assert shown.status == 0, shown.err
        # C++ -> Python: the upb runtime parses what C++ wrote...
        message = cls.FromString(shown.out)
        config = orbax_options.load(path, type=cls)
        assert message == (config.effective if form else config.minimal)
        # ...and writes it back byte for byte (both deterministic).
        assert message.SerializeToString(deterministic=True) == shown.out
    # Python -> C++: the command reads what Python wrote, to the same
    # fingerprint.
    written = tmp_path / "from_python.binpb"
    written.write_bytes(config.minimal.SerializeToString())
    fingerprint = run_cli("fingerprint", f"--type={root}", str(written))
    assert fingerprint.status == 0, fingerprint.err
    assert fingerprint.out.decode().strip() == config.fingerprint
    assert config.fingerprint == run_cli(
        "fingerprint", f"--type={root}", path).out.decode().strip()
