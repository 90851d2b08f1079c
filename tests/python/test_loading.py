# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""load(), loads(), validate(), fingerprint(), diff() and printing against
the real `orbax-options` command: the same fingerprints, the same output
byte for byte, and the same diagnostics (str(error) == the command's
stderr)."""

import errno
import re
import os
import pickle

import pytest

from conftest import (BAD_INPUTS_DIR, EXAMPLES_DIR, EXTENSION_FORMATS, FORMATS,
                      bad_input_files, example_files, run_cli, stderr_text)

import orbax_options
from orbax_options.v1 import options_pb2


def _format_of(path):
    return EXTENSION_FORMATS[os.path.splitext(path)[1]]


def _read(path):
    with open(path, "rb") as f:
        return f.read()


# --- Examples: fingerprints and printing ----------------------------------


@pytest.mark.parametrize("path", example_files(), ids=os.path.basename)
def test_example_fingerprint_equals_the_command(path):
    want = run_cli("fingerprint", path)
    assert want.status == 0, want.err
    want = want.out.decode().strip()
    assert len(want) == 64
    config = orbax_options.load(path)
    assert config.fingerprint == want
    assert config.warnings == ()
    assert orbax_options.fingerprint(config.effective) == want
    assert orbax_options.fingerprint(config.minimal) == want
    loaded = orbax_options.loads(_read(path), _format_of(path), name=path)
    assert loaded.fingerprint == want
    assert loaded.effective == config.effective
    assert loaded.minimal == config.minimal
    assert loaded.warnings == ()


@pytest.mark.parametrize("path", example_files(), ids=os.path.basename)
@pytest.mark.parametrize("effective", [False, True])
def test_example_printing_is_byte_identical_to_show(path, effective):
    config = orbax_options.load(path)
    message = config.effective if effective else config.minimal
    for output, printer in (("textproto", orbax_options.to_text),
                            ("json", orbax_options.to_json)):
        args = ["show", f"--format={output}", path]
        if effective:
            args.insert(1, "--effective")
        want = run_cli(*args)
        assert want.status == 0, want.err
        assert printer(message, effective=effective) == want.out.decode()
        if effective:  # The minimal form prints the same effective form.
            assert printer(config.minimal, effective=True) == want.out.decode()


@pytest.mark.parametrize("path", example_files(), ids=os.path.basename)
def test_every_format_loads_to_the_same_fingerprint(path):
    config = orbax_options.load(path)
    for output in FORMATS:
        shown = run_cli("show", "--effective", f"--format={output}", path).out
        data = shown if output == "binpb" else shown.decode()
        assert orbax_options.loads(data,
                                   output).fingerprint == config.fingerprint
        assert orbax_options.loads(shown, output).effective == config.effective


def test_effective_form_is_explicit():
    config = orbax_options.loads("", "textproto")
    e = config.effective
    assert e.async_options.timeout_secs == 1200
    assert e.async_options.HasField("create_directories_asynchronously")
    assert e.multiprocessing_options.WhichOneof("primary") == "primary_host"
    assert not e.multiprocessing_options.HasField("active_processes")
    assert e.HasField("file_options")
    assert not e.file_options.HasField("path_permission_mode")
    assert e.atomicity_options.mode == options_pb2.ATOMICITY_MODE_AUTO
    assert config.minimal == options_pb2.CheckpointOptions()
    # The effective form serialises to the bytes the fingerprint hashes.
    want = run_cli("fingerprint",
                   os.path.join(BAD_INPUTS_DIR, "empty.textproto"))
    assert config.fingerprint == want.out.decode().strip()


# --- Layering: files and overrides, as the command layers them -----------

LAYERING_CASES = [
    ([], []),
    (["async_options.timeout_secs=600"],
     ["--set", "async_options.timeout_secs=600"]),
    ([
        orbax_options.Unset("multiprocessing_options.active_processes"),
        "multiprocessing_options.all_hosts_primary={}"
    ], [
        "--unset", "multiprocessing_options.active_processes", "--set",
        "multiprocessing_options.all_hosts_primary={}"
    ]),
    ([
        "multiprocessing_options.active_processes={ranges {start: 0 stop: 8}}",
        "atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE",
        orbax_options.Unset("async_options")
    ], [
        "--set",
        "multiprocessing_options.active_processes={ranges {start: 0 stop: 8}}",
        "--set", "atomicity_options.mode=ATOMICITY_MODE_COMMIT_FILE",
        "--unset", "async_options"
    ]),
]


@pytest.mark.parametrize("overrides,args", LAYERING_CASES)
def test_layering_equals_the_command(overrides, args):
    files = [
        os.path.join(EXAMPLES_DIR, "multihost_subset.textproto"),
        os.path.join(EXAMPLES_DIR, "memory_limited_strict.json")
    ]
    config = orbax_options.load(*files, overrides=overrides)
    want = run_cli("fingerprint", *files, *args)
    assert want.status == 0, want.err
    assert config.fingerprint == want.out.decode().strip()
    shown = run_cli("show", *files, *args)
    assert orbax_options.to_text(config.minimal) == shown.out.decode()


@pytest.mark.parametrize("overrides,args", [
    (["async_options.timeout_secs=0"
      ], ["--set", "async_options.timeout_secs=0"]),
    (["multiprocessing_options.primary_host=9", "async_options.nope=1"], [
        "--set", "multiprocessing_options.primary_host=9", "--set",
        "async_options.nope=1"
    ]),
    ([orbax_options.Unset("async_options.nope")
      ], ["--unset", "async_options.nope"]),
])
def test_bad_overrides_give_the_commands_diagnostics(overrides, args):
    path = os.path.join(EXAMPLES_DIR, "multihost_subset.textproto")
    want = run_cli("check", path, *args)
    assert want.status == 1
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path, overrides=overrides)
    assert str(raised.value) == stderr_text(want)
    assert not isinstance(raised.value, OSError)


def test_input_format_applies_to_every_file(tmp_path):
    text = tmp_path / "job.cfg"
    text.write_text("async_options { timeout_secs: 60 }\n")
    config = orbax_options.load(str(text), input_format="textproto")
    want = run_cli("fingerprint", "--input-format=textproto", str(text))
    assert config.fingerprint == want.out.decode().strip()
    with pytest.raises(orbax_options.ConfigReadError) as raised:
        orbax_options.load(str(text))
    assert str(raised.value) == stderr_text(run_cli("check", str(text)))
    assert raised.value.errno is None


def test_unknown_fields_allowed_give_the_commands_warnings(tmp_path):
    path = os.path.join(BAD_INPUTS_DIR, "unknown_field.json")
    want = run_cli("fingerprint", "--allow-unknown-fields", path)
    assert want.status == 0
    for config in (orbax_options.load(path, allow_unknown_fields=True),
                   orbax_options.loads(_read(path),
                                       "json",
                                       name=path,
                                       allow_unknown_fields=True)):
        assert config.fingerprint == want.out.decode().strip()
        assert "\n".join(map(str, config.warnings)) == stderr_text(want)
        assert [w.severity for w in config.warnings] == ["warning"]
        assert config.warnings[0].path == "async_options.timeout_minutes"


def test_paths_may_be_pathlike_and_bytes():
    path = os.path.join(EXAMPLES_DIR, "local_per_host.textproto")
    import pathlib
    a = orbax_options.load(pathlib.Path(path))
    b = orbax_options.load(os.fsencode(path))
    assert a.fingerprint == b.fingerprint


# --- The bad-input catalogue ------------------------------------------------


@pytest.mark.parametrize("path", bad_input_files(), ids=os.path.basename)
def test_bad_input_gives_the_commands_diagnostics(path):
    want = run_cli("check", path)
    if want.status == 0:  # Empty text and binary files are valid (defaults).
        assert orbax_options.load(path).fingerprint == run_cli(
            "fingerprint", path).out.decode().strip()
        return
    assert want.status == 1, want.err
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path)
    error = raised.value
    assert str(error) == stderr_text(want)
    assert not isinstance(error, orbax_options.ConfigReadError)
    assert isinstance(error, ValueError)
    assert all(d.file == path for d in error.diagnostics)
    assert all(d.code == "INVALID_ARGUMENT" for d in error.diagnostics)
    assert "\n".join(map(str, error.diagnostics)) == str(error)
    # The same bytes in memory, named as the file: the same diagnostics.
    with pytest.raises(orbax_options.ConfigError) as in_memory:
        orbax_options.loads(_read(path), _format_of(path), name=path)
    assert str(in_memory.value) == stderr_text(want)
    assert in_memory.value.diagnostics == error.diagnostics


def test_diagnostics_carry_locations():
    path = os.path.join(BAD_INPUTS_DIR, "zero_and_negative_limits.textproto")
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path)
    first, second = raised.value.diagnostics
    assert (first.file, first.line, first.column, first.path,
            first.severity) == (path, 3, 3, "async_options.timeout_secs",
                                "error")
    assert first.message == "must be > 0, got 0"
    assert second.path == "memory_limit_options.max_transfer_concurrent_gb"
    assert str(first) == (f"{path}:3:3: error: async_options.timeout_secs: "
                          "must be > 0, got 0")
    copy = pickle.loads(pickle.dumps(raised.value))
    assert type(copy) is orbax_options.ConfigError
    assert copy.diagnostics == raised.value.diagnostics
    assert str(copy) == str(raised.value)


def test_missing_file_is_file_not_found(tmp_path):
    path = str(tmp_path / "missing.textproto")
    want = run_cli("check", path)
    assert want.status == 2
    with pytest.raises(FileNotFoundError) as raised:
        orbax_options.load(path)
    error = raised.value
    assert isinstance(error, orbax_options.ConfigReadError)
    assert isinstance(error, orbax_options.ConfigError)
    assert str(error) == stderr_text(want)
    assert error.errno == errno.ENOENT
    assert error.filename == path
    assert error.diagnostics[0].code == "NOT_FOUND"


def test_directory_is_a_directory_error(tmp_path):
    path = tmp_path / "configs.textproto"
    path.mkdir()
    want = run_cli("check", str(path))
    with pytest.raises(IsADirectoryError) as raised:
        orbax_options.load(str(path))
    assert str(raised.value) == stderr_text(want)
    assert raised.value.errno == errno.EISDIR


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.textproto"
    with open(path, "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # Sparse.
    want = run_cli("check", str(path))
    assert want.status == 2
    with pytest.raises(orbax_options.ConfigReadError) as raised:
        orbax_options.load(str(path))
    assert str(raised.value) == stderr_text(want)
    assert raised.value.errno == errno.EFBIG


def test_read_errors_and_content_errors_together(tmp_path):
    missing = str(tmp_path / "missing.json")
    bad = os.path.join(BAD_INPUTS_DIR, "unknown_field.textproto")
    want = run_cli("check", bad, missing)
    assert want.status == 2
    with pytest.raises(FileNotFoundError) as raised:
        orbax_options.load(bad, missing)
    assert str(raised.value) == stderr_text(want)
    assert [d.code for d in raised.value.diagnostics
            ] == ["INVALID_ARGUMENT", "NOT_FOUND"]
    assert raised.value.filename == missing


def test_loads_names_its_source():
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads('{"async_options": {"timeout_secs": 0}}', "json")
    assert str(raised.value) == ("<string>:1:20: error: async_options."
                                 "timeout_secs: must be > 0, got 0")


def test_hostile_input_never_crashes():
    for data in (b"\xff" * 100, "\x00\x1b[31m", "{" * 10000, "a {" * 5000,
                 b"\x0a\x80" * 1000, "\ud800", "async_options { timeout_secs: "
                 "99999999999999999999 }"):
        for output in FORMATS:
            try:
                orbax_options.loads(data, output)
            except (orbax_options.ConfigError, UnicodeEncodeError) as e:
                assert isinstance(e, ValueError)
                if isinstance(e, orbax_options.ConfigError):
                    assert "\x1b" not in str(e)


# --- Messages ---------------------------------------------------------------


def test_validate():
    ok = options_pb2.CheckpointOptions()
    ok.async_options.timeout_secs = 5
    assert orbax_options.validate(ok) == ()  # No warnings.
    low = options_pb2.CheckpointOptions()
    low.memory_limit_options.max_transfer_concurrent_gb = 13
    (warning, ) = orbax_options.validate(low)
    assert (warning.severity, warning.path) == (
        "warning", "memory_limit_options.max_transfer_concurrent_gb")
    bad = options_pb2.CheckpointOptions()
    bad.async_options.timeout_secs = 0
    bad.file_options.path_permission_mode = 0o10000
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.validate(bad)
    assert str(raised.value) == (
        "<message>: error: async_options.timeout_secs: must be > 0, got 0\n"
        "<message>: error: file_options.path_permission_mode: must be in "
        "[0, 07777], got 4096 (010000)")
    assert [d.path for d in raised.value.diagnostics] == [
        "async_options.timeout_secs", "file_options.path_permission_mode"
    ]


def test_diff_lines_equal_the_commands():
    a = os.path.join(EXAMPLES_DIR, "multihost_subset.textproto")
    b = os.path.join(EXAMPLES_DIR, "local_per_host.textproto")
    want = run_cli("diff", a, b)
    assert want.status == 1
    diffs = orbax_options.diff(
        orbax_options.load(a).effective,
        orbax_options.load(b).minimal)
    assert "".join(f"{d}\n" for d in diffs) == want.out.decode()
    assert diffs[0] == orbax_options.FieldDiff("async_options.timeout_secs",
                                               "1800", "300")
    assert orbax_options.diff(
        orbax_options.load(a).effective,
        orbax_options.load(a).minimal) == []


def test_diff_of_invalid_options_names_both_sides():
    bad = options_pb2.CheckpointOptions()
    bad.async_options.timeout_secs = -1
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.diff(bad, bad)
    assert [d.file for d in raised.value.diagnostics] == ["<a>", "<b>"]


def test_messages_keep_fields_from_a_newer_writer():
    message = options_pb2.CheckpointOptions()
    message.async_options.timeout_secs = 60
    data = message.SerializeToString() + b"\xa8\x06\x01"  # field 101 = 1
    newer = options_pb2.CheckpointOptions.FromString(data)
    assert orbax_options.fingerprint(newer) == orbax_options.fingerprint(
        message)
    config = orbax_options.loads(data, "binpb")
    assert config.minimal.SerializeToString() == data
    assert orbax_options.to_text(newer) == orbax_options.to_text(message)


# --- Wrong types ------------------------------------------------------------


@pytest.mark.parametrize("call,argument", [
    (lambda: orbax_options.load(), "path"),
    (lambda: orbax_options.load(3), "paths[0]"),
    (lambda: orbax_options.load("a.json", overrides="x=1"), "overrides"),
    (lambda: orbax_options.load("a.json", overrides=[3]), "overrides[0]"),
    (lambda: orbax_options.load("a.json", input_format=1), "input_format"),
    (lambda: orbax_options.load("a.json", allow_unknown_fields=1),
     "allow_unknown_fields"),
    (lambda: orbax_options.loads(3, "json"), "data"),
    (lambda: orbax_options.loads(bytearray(b""), "json"), "data"),
    (lambda: orbax_options.loads("", None), "format"),
    (lambda: orbax_options.loads("", "json", name=b"x"), "name"),
    (lambda: orbax_options.loads("", "json", allow_unknown_fields="yes"),
     "allow_unknown_fields"),
    (lambda: orbax_options.validate(b""), "message"),
    (lambda: orbax_options.fingerprint(options_pb2.AsyncOptions()), "message"),
    (lambda: orbax_options.diff(options_pb2.CheckpointOptions(), {}), "'b'"),
    (lambda: orbax_options.to_text("x"), "message"),
    (lambda: orbax_options.to_json(options_pb2.CheckpointOptions(),
                                   effective=1), "effective"),
    (lambda: orbax_options.Unset(3), "path"),
])
def test_wrong_types_are_type_errors_naming_the_argument(call, argument):
    with pytest.raises(TypeError, match=re.escape(argument)):
        call()


def test_unknown_format_names_are_value_errors():
    with pytest.raises(ValueError, match="'format'.*'yaml'"):
        orbax_options.loads("", "yaml")
    with pytest.raises(ValueError, match="'input_format'"):
        orbax_options.load("a.json", input_format="txt")
    with pytest.raises(ValueError, match="standard input"):
        orbax_options.load("-", "-", input_format="json")


def test_config_is_read_only_and_prints_usefully():
    config = orbax_options.loads("", "textproto")
    assert repr(config) == (
        f"<orbax_options.Config fingerprint={config.fingerprint}>")
    with pytest.raises(AttributeError):
        config.fingerprint = "x"
    with pytest.raises(TypeError):
        orbax_options.Config()


# --- loads()' common case in C (_core.LoadsFastPath) -------------------------

_SOURCES = {
    "textproto": "async_options { timeout_secs: 60 } later_field: 1",
    "json": '{"asyncOptions": {"timeoutSecs": 60}, "laterField": 1}',
}


def _same_config(a, b):
    assert a.__class__ is b.__class__ is orbax_options.Config
    assert a.type is b.type
    assert a.fingerprint == b.fingerprint
    assert a.effective == b.effective
    assert a.minimal == b.minimal
    assert [str(d) for d in a.warnings] == [str(d) for d in b.warnings]


@pytest.mark.parametrize("fmt", sorted(_SOURCES))
def test_the_c_path_and_the_python_path_give_the_same_config(fmt):
    data = _SOURCES[fmt]
    # A str subclass for `format`, or `type` given by name, takes the
    # Python function that loads() wraps; the plain call takes C.
    python_path = orbax_options.loads.__wrapped__
    fast = orbax_options.loads(data, fmt, name="job", allow_unknown_fields=True)
    slow = python_path(data, fmt, name="job", allow_unknown_fields=True)
    by_name = orbax_options.loads(data,
                                  fmt,
                                  name="job",
                                  allow_unknown_fields=True,
                                  type="CheckpointOptions")
    _same_config(fast, slow)
    _same_config(fast, by_name)
    assert [d.file for d in fast.warnings] == ["job"]
    assert fast.warnings[0].path in ("later_field", "laterField")
    assert "unknown field ignored" in fast.warnings[0].message


def test_loads_keeps_its_signature_name_and_docstring():
    import inspect
    python_path = orbax_options.loads.__wrapped__
    assert inspect.signature(orbax_options.loads) == inspect.signature(
        python_path)
    assert list(inspect.signature(orbax_options.loads).parameters) == [
        "data", "format", "name", "allow_unknown_fields", "type"
    ]
    assert orbax_options.loads.__name__ == "loads"
    assert orbax_options.loads.__doc__ == python_path.__doc__
    assert orbax_options.loads.__doc__.startswith("Loads and validates")
    import pydoc
    shown = pydoc.render_doc(orbax_options.loads, renderer=pydoc.plaintext)
    assert "\nloads(data: " in shown and "Loads and validates" in shown


@pytest.mark.parametrize("call,error,match", [
    (lambda: orbax_options.loads("", "json", nme="x"), TypeError, "'nme'"),
    (lambda: orbax_options.loads("", "json", "x"), TypeError, "positional"),
    (lambda: orbax_options.loads(""), TypeError, "format"),
    (lambda: orbax_options.loads("{", "json"), orbax_options.ConfigError,
     r"^<string>:1:2: error: "),
    (lambda: orbax_options.loads("{", "json", name="a.json"),
     orbax_options.ConfigError, r"^a\.json:1:2: error: "),
])
def test_what_the_c_path_declines_gets_the_python_paths_error(
        call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_loads_holds_no_reference_it_should_not():
    import sys
    data = b"\x0a\x02\x08\x3c"  # async_options { timeout_secs: 60 }
    name = "".join(["refcount", "-test"])  # Not interned.
    before = (sys.getrefcount(data), sys.getrefcount(name))
    configs = [orbax_options.loads(data, "binpb", name=name) for _ in range(50)]
    assert sys.getrefcount(data) == before[0] + 50  # Each keeps its source.
    assert all(c.fingerprint == configs[0].fingerprint for c in configs)
    del configs
    for _ in range(50):
        with pytest.raises(orbax_options.ConfigError):
            orbax_options.loads(data + b"\xff", "binpb", name=name)
    assert (sys.getrefcount(data), sys.getrefcount(name)) == before


@pytest.mark.parametrize("how", ["load", "loads"])
def test_configs_pickle_and_copy_whole(tmp_path, how):
    import copy
    data = _SOURCES["textproto"]
    if how == "load":
        path = tmp_path / "job.textproto"
        path.write_text(data)
        config = orbax_options.load(path, allow_unknown_fields=True)
    else:
        config = orbax_options.loads(data,
                                     "textproto",
                                     allow_unknown_fields=True)
    for copied in (pickle.loads(pickle.dumps(config)), copy.copy(config),
                   copy.deepcopy(config)):
        _same_config(copied, config)
        assert len(copied.warnings) == 1


def test_a_config_in_a_reference_cycle_is_collected():
    # The C++ base holds the Config's attributes; the garbage collector must
    # see through them (ConfigBase's tp_traverse).
    import gc
    import weakref

    class Holder:
        pass

    holder = Holder()
    config = orbax_options.loads("", "textproto")
    config._warnings = (holder,)
    holder.config = config
    gone = weakref.ref(holder)
    del holder, config
    gc.collect()
    assert gone() is None


# --- Orbax's v1 roots ----------------------------------------------------------


def test_v1_roots_load_validate_and_carry_their_multihost_options():
    from orbax_options import _core  # pylint: disable=import-outside-toplevel
    from orbax_options.v1 import context_pb2  # pylint: disable=import-outside-toplevel
    config = orbax_options.loads(
        "array { saving { use_ocdbt: false } }\n"
        "multiprocessing { primary_host: 1 active_processes { "
        "process_indices: [0, 1] } }\n"
        "asynchronous { timeout_secs: 30 }\n"
        "memory { expected_surge_bytes: 5 }", "textproto", type="Context")
    assert config.type is context_pb2.Context
    assert config.effective.array.saving.use_zarr3
    assert not config.effective.array.saving.use_ocdbt
    assert [(w.path, w.line, w.column) for w in config.warnings] == [
        ("memory.expected_surge_bytes", 4, 10)]
    assert _core.barrier_timeout_ms(config) == 30000
    assert _core.is_primary_host(config, 1)
    assert not _core.is_primary_host(config, 0)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads('{"memory": {"read_concurrent_bytes": 0}}', "json",
                            type=context_pb2.Context)
    assert str(raised.value) == (
        "<string>:1:13: error: memory.read_concurrent_bytes: must be > 0 "
        "(unset for Orbax's default), got 0: Orbax raises ValueError for it "
        "when it saves or loads")
    run = orbax_options.loads(
        "context { asynchronous { timeout_secs: 40 } }", "textproto",
        type="CheckpointerOptions")
    assert run.type is context_pb2.CheckpointerOptions
    assert _core.barrier_timeout_ms(run) == 40000
    # Unset, the Checkpointer's context is Orbax's defaults.
    empty = orbax_options.loads("", "textproto", type="CheckpointerOptions")
    assert _core.barrier_timeout_ms(empty) == 1200000
