# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""What the configs of examples/v1/ do, converted by to_orbax(), in real
saves and loads of Orbax's v1 API on CPU: each setting where the disk shows
it (an OCDBT manifest or not, Zarr 3 or 2, compressed bytes or not, the
permission bits, the layout read, the storage dtype), against the same save
under Orbax's defaults; and a `training.Checkpointer` run that keeps the
steps its policies say, under the step names it says."""

import json
import os
import struct

import numpy as np
import pytest
from google.protobuf import text_format

from conftest import SOURCE_DIR

import orbax_options
from orbax_options.v1 import context_pb2
from orbax.checkpoint.experimental import v1 as ocp

EXAMPLES = os.path.join(SOURCE_DIR, "examples", "v1")
TREE = {"a": np.arange(8, dtype=np.float32), "b": {"c": np.ones((2, 3))}}


def example(name):
    """examples/v1/`name` as a training process gets it: loaded as the type
    its `proto-message` header names, in its effective (explicit) form."""
    path = os.path.join(EXAMPLES, name)
    with open(path, encoding="utf-8") as f:
        header = "# proto-message: orbax_options.v1."
        type_name = next(line[len(header):].strip() for line in f
                         if line.startswith(header))
    return orbax_options.load(path, type=type_name).effective


def save(path, context, tree=None):
    """Saves `tree` (TREE) at `path` under `context`; returns what loads."""
    tree = TREE if tree is None else tree
    with context:
        ocp.save(path, tree)
        return ocp.load(path)


def files(path):
    """The names of the files under `path`, with how many bytes they hold
    in all."""
    names, size = set(), 0
    for root, _, found in os.walk(path):
        for name in found:
            names.add(name)
            size += os.path.getsize(os.path.join(root, name))
    return names, size


def mode(path):
    return os.stat(path).st_mode & 0o7777


def test_every_example_is_tested():
    assert sorted(os.listdir(EXAMPLES)) == sorted([
        "per_array_zarr2.textproto", "safetensors_import.textproto",
        "training_run.textproto", "uncompressed_group_readable.textproto"
    ])


def test_per_array_zarr2(tmp_path):
    context = orbax_options.to_orbax(example("per_array_zarr2.textproto"))
    loaded = save(tmp_path / "zarr2", context)
    np.testing.assert_array_equal(loaded["a"], TREE["a"])
    np.testing.assert_array_equal(loaded["b"]["c"], TREE["b"]["c"])
    names, _ = files(tmp_path / "zarr2")
    assert "manifest.ocdbt" not in names
    assert ".zarray" in names and "zarr.json" not in names
    # An array directory each.
    state = tmp_path / "zarr2" / "state"
    assert {"a", "b.c"} <= set(os.listdir(state))
    # Orbax's defaults: one OCDBT database, Zarr 3.
    save(tmp_path / "default", ocp.Context())
    names, _ = files(tmp_path / "default")
    assert "manifest.ocdbt" in names
    assert not {"a", "b.c"} & set(os.listdir(tmp_path / "default" / "state"))


def test_uncompressed_group_readable(tmp_path):
    m = example("uncompressed_group_readable.textproto")
    context = orbax_options.to_orbax(m)
    zeros = {"z": np.zeros(2**18, dtype=np.float32)}  # 1 MiB, compressible
    loaded = save(tmp_path / "raw", context, zeros)
    np.testing.assert_array_equal(loaded["z"], zeros["z"])
    assert mode(tmp_path / "raw") == 0o750
    _, size = files(tmp_path / "raw")
    assert size >= zeros["z"].nbytes
    # Orbax's defaults: zstd makes a MiB of zeros a few bytes; the mode is
    # the umask's.
    save(tmp_path / "default", ocp.Context(), zeros)
    _, size = files(tmp_path / "default")
    assert size < zeros["z"].nbytes // 10
    assert mode(tmp_path / "default") != 0o750


def _write_safetensors(path, arrays):
    """A .safetensors file of float32 `arrays`, as its format says: the
    length of the JSON header (8 bytes, little-endian), the header, data."""
    header, data = {}, b""
    for name, array in arrays.items():
        raw = array.astype("<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(array.shape),
            "data_offsets": [len(data), len(data) + len(raw)]
        }
        data += raw
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def test_safetensors_import(tmp_path):
    context = orbax_options.to_orbax(example("safetensors_import.textproto"))
    path = tmp_path / "model.safetensors"
    weights = {"w": np.arange(6, dtype=np.float32).reshape(2, 3),
               "b": np.full(4, 0.5, dtype=np.float32)}
    _write_safetensors(path, weights)
    with context:
        loaded = ocp.load(path)
    assert sorted(loaded) == ["b", "w"]
    for name, array in weights.items():
        np.testing.assert_array_equal(loaded[name], array)
    # Orbax's default layout is its own, which the file is not.
    with pytest.raises(Exception, match="ctx.checkpoint_layout"):
        with ocp.Context():
            ocp.load(path)


def test_storage_dtype(tmp_path):
    # Not an example's: the dtype is numpy's name, which Orbax casts to.
    m = text_format.Parse(
        'array { saving { storage_options { dtype: "bfloat16" } } }',
        context_pb2.Context())
    weights = {"w": np.linspace(0, 1, 5, dtype=np.float32)}
    loaded = save(tmp_path / "cast", orbax_options.to_orbax(m), weights)
    assert loaded["w"].dtype == np.dtype("bfloat16")
    np.testing.assert_array_equal(loaded["w"].astype(np.float32),
                                  weights["w"])  # exact in bfloat16
    assert save(tmp_path / "default", ocp.Context(),
                weights)["w"].dtype == np.float32


def test_training_run(tmp_path):
    arguments = orbax_options.to_orbax(example("training_run.textproto"))
    directory = tmp_path / "run"
    with ocp.training.Checkpointer(directory, **arguments._asdict()) as ckptr:
        saved = [step for step in range(10) if ckptr.save(step, TREE)]
        kept = [c.step for c in ckptr.checkpoints]
    # Every 2nd step saved; the latest 2 (6, 8) and every 4th (0, 4, 8) kept.
    assert saved == [0, 2, 4, 6, 8]
    assert kept == [0, 4, 6, 8]
    assert sorted(os.listdir(directory)) == [
        "step_0000", "step_0004", "step_0006", "step_0008"
    ]
    assert {mode(directory / name) for name in os.listdir(directory)} == {
        0o750
    }
