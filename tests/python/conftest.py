# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Shared set-up of the orbax_options pytest tests (tests/python/test_*.py).

ctest runs them with the interpreter the extension was built for and says
where things are through the environment:

  ORBAX_OPTIONS_PACKAGE_DIR  the directory that holds the built package
                             (build/python), put first on sys.path
  ORBAX_OPTIONS_CLI          the real `orbax-options` command
  ORBAX_OPTIONS_SOURCE_DIR   the source tree (examples/, tests/bad_inputs/,
                             proto/, examples/rpc/proto/)
  ORBAX_OPTIONS_COORDINATOR_SERVER   the C++ coordinator example (gRPC test;
                             empty when the examples were not built)

The interpreter is the project's venv (.venv, scripts/setup.sh), with the
real orbax-checkpoint, jax and grpcio from PyPI; PROTOC is grpcio-tools'
protoc, which generates Python (and gRPC stubs) for that protobuf runtime.
"""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def _env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise RuntimeError(f"{name} is not set; run the tests through ctest")
    return value


PACKAGE_DIR = _env("ORBAX_OPTIONS_PACKAGE_DIR")
SOURCE_DIR = _env("ORBAX_OPTIONS_SOURCE_DIR",
                  os.path.dirname(os.path.dirname(HERE)))
CLI = _env("ORBAX_OPTIONS_CLI")
PROTOC = [sys.executable, "-m", "grpc_tools.protoc"]
EXAMPLES_DIR = os.path.join(SOURCE_DIR, "examples")
BAD_INPUTS_DIR = os.path.join(SOURCE_DIR, "tests", "bad_inputs")

if PACKAGE_DIR not in sys.path:
    sys.path.insert(0, PACKAGE_DIR)

FORMATS = ("textproto", "json", "binpb")
EXTENSION_FORMATS = {
    ".textproto": "textproto",
    ".json": "json",
    ".binpb": "binpb"
}


class CommandResult:

    def __init__(self, status, out, err):
        self.status = status
        self.out = out
        self.err = err


def run_cli(*args, cwd=None):
    """Runs the real `orbax-options` command; returns status, stdout, stderr
    (bytes)."""
    result = subprocess.run([CLI, *args],
                            capture_output=True,
                            timeout=60,
                            check=False,
                            cwd=cwd)
    return CommandResult(result.returncode, result.stdout, result.stderr)


def run_python(code, *args, path=(), cwd="/"):
    """Runs `code` in a fresh interpreter (this one's executable) with
    `path` as its PYTHONPATH; returns the CompletedProcess (text)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
    return subprocess.run([sys.executable, "-c", code, *args],
                          capture_output=True,
                          text=True,
                          env=env,
                          timeout=60,
                          check=False,
                          cwd=cwd)


def example_files():
    return sorted(
        os.path.join(EXAMPLES_DIR, name) for name in os.listdir(EXAMPLES_DIR)
        if os.path.splitext(name)[1] in (".textproto", ".json"))


def bad_input_files():
    """The bad CheckpointOptions inputs (checkpoint_manager/ holds others)."""
    return sorted(
        os.path.join(BAD_INPUTS_DIR, name)
        for name in os.listdir(BAD_INPUTS_DIR)
        if os.path.isfile(os.path.join(BAD_INPUTS_DIR, name)))


def stderr_text(result):
    """The command's stderr as `str(ConfigError)` has it: no final newline."""
    return result.err.decode("utf-8").rstrip("\n")


@pytest.fixture
def oo():
    import orbax_options
    return orbax_options
