# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""to_orbax() and from_orbax() for CheckpointOptions with the real Orbax
(orbax-checkpoint): round trips both ways over hundreds of random options
(seeded), every attribute random; the command's fingerprints, None and the
callables; the errors, an older or newer Orbax than the schema (one real
class of Orbax's replaced, as such a release has it), and no Orbax at all."""

import dataclasses
import random

import pytest

from conftest import PACKAGE_DIR, run_cli, run_python

import orbax_options
from orbax_options import _orbax
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2
from orbax.checkpoint import options as ocp

SEED = 20261129
SAMPLES = 500
INT32_MAX = 2**31 - 1


def _random_process_set(rng):
    indices = set()
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.5:
            start = rng.choice([0, rng.randint(0, 5000), INT32_MAX - 41])
            indices.update(range(start, start + rng.randint(1, 40)))
        else:
            indices.add(rng.randint(0, INT32_MAX - 1))
    return indices


def barrier(key, timeout_ms):
    pass


def finalized():
    pass


def random_orbax(rng):
    """Valid Orbax option objects, every attribute random (Orbax's types),
    the callables included."""
    active = _random_process_set(rng) if rng.random() < 0.6 else None
    if rng.random() < 0.3:
        primary = None
    elif active is not None:
        primary = rng.choice(sorted(active))
    else:
        primary = rng.choice([0, rng.randint(0, INT32_MAX)])
    prefix = rng.choice([None, "", "train", "ünïcode ✓", "a\nb\"c"])
    return _orbax.OrbaxOptions(
        ocp.AsyncOptions(
            timeout_secs=rng.choice([1, 1200, rng.randint(1, INT32_MAX)]),
            barrier_sync_fn=rng.choice([None, barrier]),
            post_finalization_callback=rng.choice([None, finalized]),
            create_directories_asynchronously=rng.random() < 0.5),
        ocp.MultiprocessingOptions(primary_host=primary,
                                   active_processes=active,
                                   barrier_sync_key_prefix=prefix),
        ocp.FileOptions(
            path_permission_mode=rng.choice(
                [None, 0o750, rng.randint(0, 0o7777)]),
            skip_sync_file_validations=rng.random() < 0.5),
        ocp.MemoryLimitOptions(max_transfer_concurrent_gb=rng.choice(
            [None, 14, rng.randint(1, INT32_MAX)])),
        ocp.AtomicityOptions(mode=rng.choice(list(ocp.AtomicityMode)),
                             allow_legacy_atomic_rename=rng.random() < 0.5))


def random_message(rng):
    """A valid minimal message with random fields set or unset, and process
    sets spelled at random (overlapping ranges, repeated indices)."""
    m = options_pb2.CheckpointOptions()
    if rng.random() < 0.5:
        m.async_options.timeout_secs = rng.randint(1, INT32_MAX)
    if rng.random() < 0.5:
        m.async_options.create_directories_asynchronously = rng.random() < 0.5
    mp = m.multiprocessing_options
    active = None
    if rng.random() < 0.5:
        active = set()
        mp.active_processes.SetInParent()
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.5:
                start = rng.randint(0, 100)
                stop = start + rng.randint(1, 20)
                mp.active_processes.ranges.add(start=start, stop=stop)
                active.update(range(start, stop))
            else:
                index = rng.randint(0, 120)
                mp.active_processes.process_indices.append(index)
                active.add(index)
    choice = rng.random()
    if choice < 0.3:
        mp.all_hosts_primary.SetInParent()
    elif choice < 0.7 or (active is not None and 0 not in active):
        mp.primary_host = (rng.choice(sorted(active))
                           if active is not None else rng.randint(0, 1000))
    if rng.random() < 0.5:
        mp.barrier_sync_key_prefix = rng.choice(["", "job", "x" * 50])
    if rng.random() < 0.5:
        m.file_options.path_permission_mode = rng.randint(0, 0o7777)
    if rng.random() < 0.5:
        m.file_options.skip_sync_file_validations = rng.random() < 0.5
    if rng.random() < 0.5:
        m.memory_limit_options.max_transfer_concurrent_gb = rng.randint(1, 64)
    if rng.random() < 0.5:
        m.atomicity_options.mode = rng.randint(0, 3)
    if rng.random() < 0.5:
        m.atomicity_options.allow_legacy_atomic_rename = rng.random() < 0.5
    return m


def test_to_orbax_of_from_orbax_is_the_identity():
    rng = random.Random(SEED)
    for _ in range(SAMPLES):
        x = random_orbax(rng)
        message = orbax_options.from_orbax(*x)
        back = orbax_options.to_orbax(
            message, **orbax_options.orbax_callables(x.async_options))
        assert back == x
        assert [type(o) for o in back] == [type(o) for o in x]
        # from_orbax() gives the explicit form: loading it changes nothing.
        config = orbax_options.loads(message.SerializeToString(), "binpb")
        assert config.effective == message
        assert orbax_options.fingerprint(message) == config.fingerprint


def test_from_orbax_of_to_orbax_is_the_effective_form():
    rng = random.Random(SEED + 1)
    for _ in range(SAMPLES):
        m = random_message(rng)
        config = orbax_options.loads(m.SerializeToString(), "binpb")
        effective = config.effective
        # Config's fingerprint (SHA-256 of the C++ effective bytes) is C++'s
        # Fingerprint().
        assert config.fingerprint == orbax_options.fingerprint(m)
        back = orbax_options.from_orbax(*orbax_options.to_orbax(m))
        assert back == effective
        assert (back.SerializeToString(
            deterministic=True) == effective.SerializeToString(
                deterministic=True))
        assert orbax_options.fingerprint(back) == config.fingerprint


def test_fingerprint_of_from_orbax_equals_the_commands(tmp_path):
    rng = random.Random(SEED + 2)
    for i in range(25):
        x = random_orbax(rng)
        path = tmp_path / f"{i}.binpb"
        path.write_bytes(orbax_options.from_orbax(*x).SerializeToString())
        want = run_cli("fingerprint", str(path))
        assert want.status == 0, want.err
        assert (orbax_options.fingerprint(
            orbax_options.from_orbax(*x)) == want.out.decode().strip())


def test_a_launchers_config_and_a_training_process_agree(tmp_path):
    # The launcher loads a config file; the training process builds Orbax's
    # objects itself. Same options, same fingerprint.
    path = tmp_path / "job.textproto"
    path.write_text("""
    async_options { timeout_secs: 1800 }
    multiprocessing_options {
      active_processes { process_indices: [0, 1, 2, 3, 8] }
      barrier_sync_key_prefix: "train_state"
    }
    file_options { path_permission_mode: 0750 }
    atomicity_options { mode: ATOMICITY_MODE_COMMIT_FILE }
  """)
    launcher = run_cli("fingerprint", str(path)).out.decode().strip()
    trainer = orbax_options.from_orbax(
        async_options=ocp.AsyncOptions(timeout_secs=1800),
        multiprocessing_options=ocp.MultiprocessingOptions(
            active_processes={8, 3, 2, 1, 0},
            barrier_sync_key_prefix="train_state"),
        file_options=ocp.FileOptions(path_permission_mode=0o750),
        atomicity_options=ocp.AtomicityOptions(
            mode=ocp.AtomicityMode.COMMIT_FILE))
    assert orbax_options.fingerprint(trainer) == launcher
    # The canonical ProcessSet: a run of two or more as a range.
    assert [(r.start, r.stop)
            for r in trainer.multiprocessing_options.active_processes.ranges
            ] == [(0, 4)]
    assert list(
        trainer.multiprocessing_options.active_processes.process_indices) == [
            8
        ]


def test_defaults_are_orbaxs():
    message = orbax_options.from_orbax()
    assert message == orbax_options.loads("", "textproto").effective
    x = orbax_options.to_orbax(options_pb2.CheckpointOptions())
    assert x == (ocp.AsyncOptions(), ocp.MultiprocessingOptions(),
                 ocp.FileOptions(), ocp.MemoryLimitOptions(),
                 ocp.AtomicityOptions())
    assert type(x.atomicity_options.mode) is ocp.AtomicityMode


def test_none_and_all_hosts_primary():
    m = orbax_options.from_orbax(
        multiprocessing_options=ocp.MultiprocessingOptions(primary_host=None))
    assert m.multiprocessing_options.WhichOneof(
        "primary") == "all_hosts_primary"
    assert not m.multiprocessing_options.HasField("barrier_sync_key_prefix")
    assert orbax_options.to_orbax(
        m).multiprocessing_options.primary_host is None
    m = orbax_options.from_orbax(
        multiprocessing_options=ocp.MultiprocessingOptions(
            barrier_sync_key_prefix=""))
    assert m.multiprocessing_options.HasField("barrier_sync_key_prefix")


def test_callables_are_attached_and_never_serialised():
    calls = []

    def barrier(key, timeout_ms):
        calls.append((key, timeout_ms))

    def finalized():
        calls.append("finalized")

    x = orbax_options.to_orbax(orbax_options.loads(
        "async_options { timeout_secs: 5 }", "textproto").effective,
                               barrier_sync_fn=barrier,
                               post_finalization_callback=finalized)
    assert x.async_options.barrier_sync_fn is barrier
    assert x.async_options.post_finalization_callback is finalized
    x.async_options.barrier_sync_fn(key="k", timeout_ms=5000)
    assert calls == [("k", 5000)]
    m = orbax_options.from_orbax(*x)
    assert m == orbax_options.from_orbax(ocp.AsyncOptions(timeout_secs=5))
    with pytest.raises(TypeError, match="barrier_sync_fn"):
        orbax_options.to_orbax(m, barrier_sync_fn=3)


def test_process_sets_in_other_spellings():
    for value in ({4, 5, 6}, frozenset({4, 5, 6}), range(4, 7), [6, 5, 4, 4]):
        m = orbax_options.from_orbax(
            multiprocessing_options=ocp.MultiprocessingOptions(
                primary_host=4, active_processes=value))
        assert orbax_options.to_orbax(
            m).multiprocessing_options.active_processes == {4, 5, 6}
    huge = orbax_options.from_orbax(
        multiprocessing_options=ocp.MultiprocessingOptions(
            active_processes=range(0, 2_000_000_000)))
    assert len(huge.SerializeToString()) < 50


def test_invalid_options_are_config_errors():
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.AsyncOptions(timeout_secs=0),
            ocp.MultiprocessingOptions(primary_host=7, active_processes={0,
                                                                         1}))
    assert str(raised.value) == (
        "<from_orbax>: error: async_options.timeout_secs: must be > 0, got 0\n"
        "<from_orbax>: error: multiprocessing_options.primary_host: 7 is not "
        "in active_processes {0-1}; set primary_host to one of them, or set "
        "all_hosts_primary")
    bad = options_pb2.CheckpointOptions()
    bad.memory_limit_options.max_transfer_concurrent_gb = 0
    with pytest.raises(orbax_options.ConfigError,
                       match="<message>: error: "
                       "memory_limit_options.max_transfer_concurrent_gb"):
        orbax_options.to_orbax(bad)


def test_values_the_schema_cant_hold_are_config_errors():
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.AsyncOptions(timeout_secs=2**31),
            ocp.MultiprocessingOptions(active_processes={1, 2**40}),
            atomicity_options=ocp.AtomicityOptions(mode="fast"))
    assert [d.path for d in raised.value.diagnostics] == [
        "async_options.timeout_secs",
        "multiprocessing_options.active_processes[1]", "atomicity_options.mode"
    ]
    assert str(raised.value).splitlines()[0] == (
        "<from_orbax>: error: async_options.timeout_secs: 2147483648 is out "
        "of the range of int32 [-2147483648, 2147483647]")
    # The mode's plain string value works as the enum does.
    m = orbax_options.from_orbax(atomicity_options=ocp.AtomicityOptions(
        mode="commit_file"))
    assert m.atomicity_options.mode == options_pb2.ATOMICITY_MODE_COMMIT_FILE


@pytest.mark.parametrize("kwargs,match", [
    ({
        "async_options": {
            "timeout_secs": 5
        }
    }, "'async_options'"),
    ({
        "file_options": ocp.MemoryLimitOptions()
    }, "'file_options'"),
    ({
        "async_options": ocp.AsyncOptions(timeout_secs="60")
    }, "async_options.timeout_secs must be int, not str"),
    ({
        "async_options": ocp.AsyncOptions(timeout_secs=None)
    }, "async_options.timeout_secs must be int, not NoneType"),
    ({
        "async_options": ocp.AsyncOptions(timeout_secs=True)
    }, "async_options.timeout_secs must be int"),
    ({
        "async_options": ocp.AsyncOptions(create_directories_asynchronously=1)
    }, "create_directories_asynchronously must be bool"),
    ({
        "multiprocessing_options":
        ocp.MultiprocessingOptions(active_processes="0-3")
    }, "active_processes must be a set of int"),
    ({
        "multiprocessing_options":
        ocp.MultiprocessingOptions(active_processes={"a"})
    }, r"active_processes\[0\] must be int"),
    ({
        "multiprocessing_options":
        ocp.MultiprocessingOptions(barrier_sync_key_prefix=b"x")
    }, "barrier_sync_key_prefix must be str"),
    ({
        "atomicity_options": ocp.AtomicityOptions(mode=1)
    }, "mode must be AtomicityMode"),
])
def test_wrong_types_are_type_errors(kwargs, match):
    with pytest.raises(TypeError, match=match):
        orbax_options.from_orbax(**kwargs)


def test_to_orbax_takes_only_messages():
    with pytest.raises(TypeError, match="'message'"):
        orbax_options.to_orbax(ocp.AsyncOptions())


def test_without_orbax_a_clear_import_error():
    # A fresh interpreter where importing orbax fails, as it does where
    # orbax-checkpoint is not installed: orbax_options imports, and Orbax is
    # imported only inside to_orbax(), from_orbax() and orbax_callables().
    code = """
import sys
class NoOrbax:
    def find_spec(self, name, path=None, target=None):
        if name == "orbax" or name.startswith("orbax."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoOrbax())
import orbax_options
assert "orbax" not in sys.modules
config = orbax_options.loads("", "textproto")
for call in (lambda: orbax_options.to_orbax(config.effective),
             lambda: orbax_options.from_orbax(),
             lambda: orbax_options.orbax_callables(None)):
    try:
        call()
    except ImportError as e:
        print(e)
    else:
        raise AssertionError("no ImportError")
"""
    result = run_python(code, path=[PACKAGE_DIR])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"orbax_options.{function}() needs Orbax's orbax.checkpoint.options "
        "(pip install 'orbax-options[orbax]'): No module named 'orbax'"
        for function in ("to_orbax", "from_orbax", "orbax_callables")
    ]


# --- An Orbax older or newer than the schema --------------------------------


def _file_options_without(name):
    """Orbax's FileOptions as a release without the attribute `name` has it:
    the same frozen dataclass, less that field."""
    fields = [(f.name, f.type, f) for f in dataclasses.fields(ocp.FileOptions)
              if f.name != name]
    return dataclasses.make_dataclass("FileOptions", fields, frozen=True)


def _file_options_with(name, default):
    """Orbax's FileOptions as a newer release might have it: one more
    field, `name`, with `default`."""
    return dataclasses.make_dataclass("FileOptions",
                                      [(name, int, default)],
                                      bases=(ocp.FileOptions, ),
                                      frozen=True)


def test_a_field_an_older_orbax_lacks_converts_only_at_its_default(
        monkeypatch):
    monkeypatch.setattr(ocp, "FileOptions",
                        _file_options_without("skip_sync_file_validations"))
    version = orbax_options._orbax._Orbax("test").version
    assert version == "0.12.8"
    # Unset or false, the default: not passed, which is what that Orbax does.
    for text in ("", "file_options { skip_sync_file_validations: false }",
                 "file_options { path_permission_mode: 0750 }"):
        m = orbax_options.loads(text, "textproto").effective
        x = orbax_options.to_orbax(m)
        assert type(x.file_options) is ocp.FileOptions
        assert not hasattr(x.file_options, "skip_sync_file_validations")
        # And back: that Orbax's FileOptions has the default's behaviour.
        assert orbax_options.from_orbax(*x) == m
    m = options_pb2.CheckpointOptions()
    m.file_options.skip_sync_file_validations = True
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(m)
    assert str(raised.value) == (
        "<message>: error: file_options.skip_sync_file_validations: True "
        "needs orbax.checkpoint.options.FileOptions."
        "skip_sync_file_validations, which the installed Orbax 0.12.8 does "
        "not have; leave it unset, or install an Orbax that has it (pip "
        "install 'orbax-options[orbax]')")
    # The same in a CheckpointManagerOptions, whose file_options is one.
    with pytest.raises(orbax_options.ConfigError,
                       match="^<message>: error: file_options.skip_sync_file_"
                       "validations: True needs"):
        orbax_options.to_orbax(
            checkpoint_manager_options_pb2.CheckpointManagerOptions(
                file_options=m.file_options))
    # A callable for an attribute that the installed Orbax lacks.
    fields = [(f.name, f.type, f) for f in dataclasses.fields(ocp.AsyncOptions)
              if f.name != "post_finalization_callback"]
    monkeypatch.setattr(ocp, "AsyncOptions",
                        dataclasses.make_dataclass("AsyncOptions", fields))
    assert orbax_options.to_orbax(
        options_pb2.CheckpointOptions()).async_options == ocp.AsyncOptions()
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(options_pb2.CheckpointOptions(),
                               post_finalization_callback=print)
    assert str(raised.value) == (
        "<message>: error: async_options.post_finalization_callback: the "
        "installed Orbax 0.12.8's orbax.checkpoint.options.AsyncOptions has "
        "no post_finalization_callback")
    monkeypatch.undo()
    assert "skip_sync_file_validations" in {
        f.name for f in dataclasses.fields(ocp.FileOptions)
    }
    assert orbax_options.to_orbax(m).file_options.skip_sync_file_validations


def test_a_field_a_newer_orbax_has_converts_only_at_its_default(monkeypatch):
    newer = _file_options_with("fsync_every", 0)
    monkeypatch.setattr(ocp, "FileOptions", newer)
    # At its default nothing is lost: the options convert.
    m = orbax_options.from_orbax(file_options=newer(path_permission_mode=0o700))
    assert m.file_options.path_permission_mode == 0o700
    assert orbax_options.to_orbax(m).file_options == newer(
        path_permission_mode=0o700)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            file_options=newer(fsync_every=3, skip_sync_file_validations=True),
            async_options=ocp.AsyncOptions(timeout_secs=2**31))
    assert [(d.path, d.message) for d in raised.value.diagnostics] == [
        ("async_options.timeout_secs",
         "2147483648 is out of the range of int32 [-2147483648, 2147483647]"),
        ("file_options.fsync_every",
         "Orbax 0.12.8's FileOptions.fsync_every has no field in the schema, "
         "so 3 would be lost; only its default, 0, may be left out"),
    ]
    # A field without a default is never at it.
    required = dataclasses.make_dataclass(
        "FileOptions", [("tier", str, dataclasses.field(kw_only=True))],
        bases=(ocp.FileOptions, ),
        frozen=True)
    monkeypatch.setattr(ocp, "FileOptions", required)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(file_options=required(tier="ssd"))
    assert str(raised.value) == (
        "<from_orbax>: error: file_options.tier: Orbax 0.12.8's "
        "FileOptions.tier has no field in the schema, so 'ssd' would be lost")
