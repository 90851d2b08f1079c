# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""A real Python gRPC client (grpcio from PyPI; stubs generated at test time
by grpcio-tools) sends options loaded with orbax_options to the C++
coordinator example, on 127.0.0.1 with a port the OS assigns."""

import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES_DIR, PROTOC, SOURCE_DIR, run_cli

import orbax_options
from orbax_options.v1 import options_pb2

SERVER = os.environ.get("ORBAX_OPTIONS_COORDINATOR_SERVER", "")

pytestmark = pytest.mark.skipif(
    not SERVER or not os.path.exists(SERVER),
    reason="the gRPC examples were not built (ORBAX_OPTIONS_BUILD_EXAMPLES), "
    "so there is no coordinator_server to call")


@pytest.fixture(scope="module")
def stubs(tmp_path_factory):
    import grpc
    out = tmp_path_factory.mktemp("stubs")
    command = [
        *PROTOC, f"--python_out={out}", f"--grpc_python_out={out}",
        f"-I{os.path.join(SOURCE_DIR, 'proto')}",
        f"-I{os.path.join(SOURCE_DIR, 'examples', 'rpc', 'proto')}",
        "example/coordinator/v1/coordinator.proto"
    ]
    subprocess.run(command, check=True, timeout=60)
    sys.path.insert(0, str(out))
    from example.coordinator.v1 import coordinator_pb2
    from example.coordinator.v1 import coordinator_pb2_grpc
    return grpc, coordinator_pb2, coordinator_pb2_grpc


@pytest.fixture(scope="module")
def address():
    # gRPC honours http_proxy; never send loopback calls through a proxy.
    os.environ["no_proxy"] = "127.0.0.1,localhost"
    server = subprocess.Popen([SERVER, "--address=127.0.0.1", "--port=0"],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE,
                              text=True)
    try:
        line = server.stdout.readline()  # "listening on HOST:PORT"
        assert line.startswith("listening on 127.0.0.1:"), (
            line + server.stderr.read())
        host_port = line.split()[-1]
        assert not host_port.endswith(":0")
        yield host_port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _call(stubs, address, options):
    grpc, coordinator_pb2, coordinator_pb2_grpc = stubs
    with grpc.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=20)
        stub = coordinator_pb2_grpc.CheckpointCoordinatorServiceStub(channel)
        return stub.Save(coordinator_pb2.SaveRequest(
            directory="/checkpoints/run7", step=42, options=options),
                         timeout=20)


@pytest.mark.parametrize("name", [
    "multihost_subset.textproto", "local_per_host.textproto",
    "memory_limited_strict.json"
])
def test_the_server_computes_the_same_fingerprint(stubs, address, name):
    path = os.path.join(EXAMPLES_DIR, name)
    config = orbax_options.load(
        path, overrides=["atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE"])
    want = run_cli("fingerprint", path, "--set",
                   "atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE")
    assert config.fingerprint == want.out.decode().strip()
    for options in (config.effective, config.minimal):
        response = _call(stubs, address, options)
        assert response.step_directory == "/checkpoints/run7/42"
        assert response.options_fingerprint == config.fingerprint


def test_invalid_options_are_invalid_argument_naming_each_field(
        stubs, address):
    grpc = stubs[0]
    options = options_pb2.CheckpointOptions()
    options.async_options.timeout_secs = 0
    options.file_options.path_permission_mode = 0o10000
    options.multiprocessing_options.primary_host = 7
    options.multiprocessing_options.active_processes.ranges.add(start=0,
                                                                stop=4)
    with pytest.raises(orbax_options.ConfigError) as local:
        orbax_options.validate(options)
    with pytest.raises(grpc.RpcError) as raised:
        _call(stubs, address, options)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = raised.value.details()
    for d in local.value.diagnostics:
        # The server names each field by its path from the request's root.
        assert f"options.{d.path}: {d.message}" in details, details
