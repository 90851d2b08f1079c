# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Every public function and class of orbax_options (its `__all__`), called
with typed values: `mypy --strict` checks this file against the package's
types (scripts/checks/python_types.sh), and running it checks that the
values are of the types declared, so that a wrong annotation or stub fails
one way or the other.

  JAX_PLATFORMS=cpu PYTHONPATH=build/python .venv/bin/python \\
      tests/python/typing_usage.py
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Dict, List, Optional, Tuple

import orbax_options
from orbax_options import checkpoint_manager_options_pb2
from orbax_options import options_pb2

Manager = checkpoint_manager_options_pb2.CheckpointManagerOptions


class _Client:
    """The coordination-service calls agree() makes, for one process."""

    def __init__(self) -> None:
        self.values: Dict[str, bytes] = {}

    def key_value_set_bytes(self, key: str, value: bytes) -> None:
        self.values[key] = value

    def blocking_key_value_get_bytes(self, key: str, timeout_ms: int) -> bytes:
        return self.values[key]

    def key_value_dir_get_bytes(self, prefix: str) -> List[Tuple[str, bytes]]:
        return [(k, v) for k, v in self.values.items() if k.startswith(prefix)]

    def key_value_increment(self, key: str, by: int) -> int:
        return by

    def key_value_delete(self, key: str) -> None:
        self.values = {k: v for k, v in self.values.items()
                       if not k.startswith(key)}


def _loading() -> orbax_options.Config[options_pb2.CheckpointOptions]:
    config: orbax_options.Config[options_pb2.CheckpointOptions] = (
        orbax_options.loads("async_options { timeout_secs: 60 }",
                            "textproto"))
    effective: options_pb2.CheckpointOptions = config.effective
    minimal: options_pb2.CheckpointOptions = config.minimal
    fingerprint: str = config.fingerprint
    warnings: Tuple[orbax_options.Diagnostic, ...] = config.warnings
    root: type = config.type
    assert effective.async_options.timeout_secs == 60
    assert minimal.async_options.timeout_secs == 60
    assert len(fingerprint) == 64 and warnings == ()
    assert root is options_pb2.CheckpointOptions
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "job.textproto")
        with open(path, "w") as f:
            f.write("max_to_keep: 3\n")
        manager: orbax_options.Config[Manager] = orbax_options.load(
            path, overrides=["save_interval_steps=2",
                             orbax_options.Unset("max_to_keep")],
            input_format="textproto", allow_unknown_fields=False, type=Manager)
        by_name: orbax_options.Config[Any] = orbax_options.load(
            path, type="CheckpointManagerOptions")
    assert not manager.effective.HasField("max_to_keep")
    assert by_name.effective.max_to_keep == 3
    return config


def _messages(config: orbax_options.Config[options_pb2.CheckpointOptions]
              ) -> None:
    message = config.effective
    warnings: Tuple[orbax_options.Diagnostic, ...] = orbax_options.validate(
        message)
    fingerprint: str = orbax_options.fingerprint(message)
    other = options_pb2.CheckpointOptions()
    diffs: List[orbax_options.FieldDiff] = orbax_options.diff(message, other)
    text: str = orbax_options.to_text(message, effective=True)
    json: str = orbax_options.to_json(message)
    policies: Manager = orbax_options.policies(Manager(max_to_keep=2))
    assert warnings == () and fingerprint == config.fingerprint
    assert [d.path for d in diffs] == ["async_options.timeout_secs"]
    assert str(diffs[0]) == "async_options.timeout_secs: 60 -> 1200"
    assert "timeout_secs: 60" in text and '"timeoutSecs"' not in json
    assert policies.preservation_policy.any.policies[0].latest_n.n == 2
    try:
        orbax_options.validate(
            options_pb2.CheckpointOptions(
                async_options=options_pb2.AsyncOptions(timeout_secs=0)))
    except orbax_options.ConfigError as error:
        diagnostic: orbax_options.Diagnostic = error.diagnostics[0]
        line: int = diagnostic.line
        path: str = diagnostic.path
        assert line == 0 and path == "async_options.timeout_secs"
        assert not diagnostic.is_read_error
    try:
        orbax_options.load("/nonexistent/job.textproto")
    except orbax_options.ConfigFileNotFoundError as error:
        read: orbax_options.ConfigReadError = error
        assert isinstance(read, FileNotFoundError) and read.errno == 2
    for cls in (orbax_options.ConfigPermissionError,
                orbax_options.ConfigIsADirectoryError,
                orbax_options.ConfigNotADirectoryError):
        assert issubclass(cls, orbax_options.ConfigReadError)


def _plan() -> None:
    plan: orbax_options.Plan = orbax_options.plan(
        Manager(max_to_keep=2), steps=range(0, 5), step_seconds=1.0,
        existing_steps=[], checkpoint_bytes=10)
    kept: Tuple[int, ...] = plan.kept
    after: Tuple[int, ...] = plan.on_disk_after(2)
    deletion: orbax_options.Deletion = plan.deletions[0]
    assumption: orbax_options.Assumption = plan.assumptions[0]
    peak: Optional[int] = plan.peak_bytes
    assert kept == (3, 4) and after == (1, 2) and peak == 30
    assert deletion.step == 0 and isinstance(assumption.what, str)


def _agree(config: orbax_options.Config[options_pb2.CheckpointOptions]
           ) -> None:
    fingerprint: str = orbax_options.agree(config, client=_Client(),
                                           process_index=0, process_count=1)
    assert fingerprint == config.fingerprint
    error = orbax_options.AgreementError([], differ=[1], missing=[2])
    differ: Tuple[int, ...] = error.differ
    assert differ == (1, ) and error.missing == (2, )


def _orbax(config: orbax_options.Config[options_pb2.CheckpointOptions]
           ) -> None:
    options: orbax_options.OrbaxOptions = orbax_options.to_orbax(
        config.effective)
    back = orbax_options.from_orbax(*options)
    callables: Dict[str, Any] = orbax_options.orbax_callables(
        options.async_options)
    assert orbax_options.fingerprint(back) == config.fingerprint
    assert callables == {}
    manager = orbax_options.to_orbax(Manager(max_to_keep=2),
                                     best_fn=None)
    assert orbax_options.from_orbax(manager).max_to_keep == 2


def main() -> None:
    config = _loading()
    _messages(config)
    _plan()
    _agree(config)
    _orbax(config)
    print("typing_usage: every public function ran")


if __name__ == "__main__":
    main()
