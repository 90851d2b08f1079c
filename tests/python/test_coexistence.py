# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The real Orbax (with jax, and protobuf modules of its own), orbax_options,
and the Python generated from a user's .proto that imports the schema (the
RPC example's coordinator.proto) import and work in one interpreter, in
every import order: each order in a fresh subprocess."""

import itertools
import os
import subprocess

import pytest

from conftest import PACKAGE_DIR, PROTOC, SOURCE_DIR, run_cli, run_python

MODULES = ("orbax.checkpoint.options", "orbax_options",
           "example.coordinator.v1.coordinator_pb2")

# Imports MODULES in the order given in argv, then uses all three together.
SCRIPT = """
import importlib
import sys

for name in sys.argv[1:]:
  importlib.import_module(name)

from example.coordinator.v1 import coordinator_pb2
from orbax.checkpoint import options as ocp
import orbax_options
from orbax_options.v1 import options_pb2

options = orbax_options.from_orbax(
    ocp.AsyncOptions(timeout_secs=600),
    ocp.MultiprocessingOptions(primary_host=None, active_processes={0, 1, 2}))
request = coordinator_pb2.SaveRequest(directory="/ckpt", step=7,
                                      options=options)
received = coordinator_pb2.SaveRequest.FromString(request.SerializeToString())
assert isinstance(received.options, options_pb2.CheckpointOptions)
assert received.options == options
x = orbax_options.to_orbax(received.options)
assert x.async_options == ocp.AsyncOptions(timeout_secs=600)
assert x.multiprocessing_options.primary_host is None
config = orbax_options.loads(request.options.SerializeToString(), "binpb")
assert config.effective == options
print(orbax_options.fingerprint(received.options))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The Python of coordinator.proto, generated with the real protoc. Only
    the user's file: its import of the schema resolves to the package."""
    out = tmp_path_factory.mktemp("generated")
    command = [
        *PROTOC, f"--python_out={out}",
        f"-I{os.path.join(SOURCE_DIR, 'proto')}",
        f"-I{os.path.join(SOURCE_DIR, 'examples', 'rpc', 'proto')}",
        "example/coordinator/v1/coordinator.proto"
    ]
    subprocess.run(command, check=True, timeout=60)
    generated_file = (out / "example" / "coordinator" / "v1" /
                      "coordinator_pb2.py")
    generated_text = generated_file.read_text()
    assert "from orbax_options.v1 import options_pb2" in generated_text
    return str(out)


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations(MODULES)),
    ids=lambda order: ",".join(m.split(".")[0] for m in order))
def test_every_import_order_works(generated, order, tmp_path):
    result = run_python(SCRIPT,
                        *order,
                        path=[generated, PACKAGE_DIR],
                        cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "same.textproto"
    path.write_text("async_options { timeout_secs: 600 }\n"
                    "multiprocessing_options { all_hosts_primary {}\n"
                    "  active_processes { ranges { start: 0 stop: 3 } } }\n")
    want = run_cli("fingerprint", str(path)).out.decode()
    assert result.stdout == want
