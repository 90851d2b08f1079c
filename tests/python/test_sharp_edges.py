# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Python API's sharp edges (issue 22): paths with a NUL byte, Ctrl-C
in a blocked load(), unordered overrides, the messages a Config gives and
its equality, printing a message no source could hold, lone surrogates in
str arguments, the errno of a source that can't be read, and long chains of
the extension's own objects."""

import collections
import os
import pathlib
import pickle
import signal
import subprocess
import sys
import time

import pytest

from conftest import PACKAGE_DIR, run_cli, stderr_text

import orbax_options
from orbax_options import _core
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2
from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import message_factory
from google.protobuf import text_format

_MANAGER = checkpoint_manager_options_pb2.CheckpointManagerOptions
_TIMEOUT = "async_options.timeout_secs"

# --- 7. A path with a NUL byte ---------------------------------------------


@pytest.mark.parametrize("kind", [str, os.fsencode, pathlib.Path])
def test_a_path_with_a_nul_byte_raises_as_open_does(tmp_path, kind):
    # Not the file before the NUL, which the C library would open.
    real = tmp_path / "a.textproto"
    real.write_text(f"async_options {{ timeout_secs: 5 }}\n")
    path = kind(f"{real}\0.json")
    with pytest.raises(ValueError) as want:
        open(path, "rb")
    with pytest.raises(ValueError) as got:
        orbax_options.load(path)
    assert type(got.value) is ValueError
    assert str(got.value) == str(want.value) == "embedded null byte"


# --- 8. Ctrl-C in a load() blocked on a FIFO or standard input ------------

_BLOCKED_LOAD = """
import sys
import orbax_options
print("ready", flush=True)
try:
    orbax_options.load(sys.argv[1], input_format="textproto")
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
else:
    print("loaded", flush=True)
"""


def _state(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def _wait_until_asleep(child):
    # After "ready" the child's only wait is the blocked open() or read().
    assert child.stdout.readline() == "ready\n"
    deadline = time.monotonic() + 30
    while _state(child.pid) != "S":
        assert time.monotonic() < deadline, "the child never blocked"
        time.sleep(0.01)


@pytest.mark.parametrize("blocked_in", ["fifo_open", "fifo_read", "stdin"])
def test_ctrl_c_interrupts_a_blocked_load(tmp_path, blocked_in):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    source = "-" if blocked_in == "stdin" else str(fifo)
    env = dict(os.environ, PYTHONPATH=PACKAGE_DIR)
    child = subprocess.Popen([sys.executable, "-c", _BLOCKED_LOAD, source],
                             stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             text=True,
                             env=env)
    writer = None
    try:
        if blocked_in == "fifo_read":
            # Returns once the child has opened its end; it then reads.
            writer = os.open(fifo, os.O_WRONLY)
        _wait_until_asleep(child)
        child.send_signal(signal.SIGINT)
        # A guard, not a measure: a load that ignores SIGINT never returns.
        # Its input stays open meanwhile, so that only SIGINT can end it.
        child.wait(timeout=60)
        out, err = child.stdout.read(), child.stderr.read()
    finally:
        if writer is not None:
            os.close(writer)
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert (out, err, child.returncode) == ("KeyboardInterrupt\n", "", 0)


# --- 9. Overrides in an order ------------------------------------------------

_TWO = [f"{_TIMEOUT}=5", f"{_TIMEOUT}=6"]


@pytest.mark.parametrize("overrides", [
    set(_TWO),
    frozenset(_TWO),
    dict.fromkeys(_TWO),
    dict.fromkeys(_TWO).keys(),
    dict.fromkeys(_TWO).values(),
    collections.Counter(_TWO),
],
                         ids=lambda o: type(o).__name__)
def test_unordered_overrides_are_refused(overrides):
    with pytest.raises(TypeError) as raised:
        orbax_options.load("/dev/null",
                           input_format="textproto",
                           overrides=overrides)
    assert str(raised.value) == (
        "load() argument 'overrides' must be a sequence (they apply in its "
        "order) of 'PATH=VALUE' strings and Unset objects, not "
        f"{type(overrides).__name__}")


@pytest.mark.parametrize(
    "make", [list, tuple, collections.deque, iter, lambda o: (x for x in o)],
    ids=["list", "tuple", "deque", "iterator", "generator"])
def test_ordered_overrides_apply_in_order(make):
    config = orbax_options.load("/dev/null",
                                input_format="textproto",
                                overrides=make(_TWO))
    assert config.effective.async_options.timeout_secs == 6


# --- 10. What a Config gives, and its equality ------------------------------


def _configs():
    text = "async_options { timeout_secs: 5 }"
    return [
        orbax_options.loads(text, "textproto"),
        orbax_options.loads(text, "textproto", type=_MANAGER),
        orbax_options.load("/dev/null",
                           input_format="textproto",
                           overrides=[f"{_TIMEOUT}=5"]),
    ]


@pytest.mark.parametrize("config",
                         _configs(),
                         ids=["loads", "manager", "load"])
@pytest.mark.parametrize("form", ["effective", "minimal"])
def test_a_config_gives_each_reader_a_message_of_its_own(config, form):
    fingerprint = config.fingerprint
    first = getattr(config, form)
    want = first.SerializeToString()
    first.async_options.timeout_secs = 0
    first.multiprocessing_options.barrier_sync_key_prefix = "changed"
    again = getattr(config, form)
    assert again is not first
    assert again.SerializeToString() == want
    assert again.async_options.timeout_secs == 5
    assert config.fingerprint == fingerprint
    assert orbax_options.fingerprint(config.effective) == fingerprint


def test_configs_are_equal_when_their_effective_options_are():
    text = orbax_options.loads("async_options { timeout_secs: 1200 }",
                               "textproto")
    json = orbax_options.loads('{"multiprocessing_options": {}}', "json")
    empty = orbax_options.load("/dev/null", input_format="binpb")
    other = orbax_options.loads("async_options { timeout_secs: 5 }",
                                "textproto")
    manager = orbax_options.loads("", "textproto", type=_MANAGER)
    # 1200 is the default: the same effective options, spelled three ways.
    assert text == json == empty == pickle.loads(pickle.dumps(text))
    assert hash(text) == hash(json) == hash(empty)
    assert len({text, json, empty, other, manager}) == 3
    assert text != other and text != manager
    assert manager == orbax_options.loads("{}", "json", type=_MANAGER)
    assert text != text.fingerprint


# --- 11. Printing a message that no source could hold -----------------------


def _bytes_prefix_class():
    """A CheckpointOptions of another descriptor pool, whose string fields
    are bytes: a message that can hold invalid UTF-8."""
    pool = descriptor_pool.DescriptorPool()
    for file in (*options_pb2.DESCRIPTOR.dependencies, options_pb2.DESCRIPTOR):
        proto = descriptor_pb2.FileDescriptorProto()
        file.CopyToProto(proto)
        for message in proto.message_type:
            for field in message.field:
                if field.type == field.TYPE_STRING:
                    field.type = field.TYPE_BYTES
        pool.Add(proto)
    return message_factory.GetMessageClass(
        pool.FindMessageTypeByName("orbax_options.v1.CheckpointOptions"))


@pytest.mark.parametrize("print_", [orbax_options.to_text,
                                    orbax_options.to_json])
def test_printing_invalid_utf8_names_the_field_and_writes_no_stderr(
        capfd, print_):
    message = _bytes_prefix_class()()
    message.multiprocessing_options.barrier_sync_key_prefix = b"job\xff"
    with pytest.raises(orbax_options.ConfigError) as raised:
        print_(message)
    assert str(raised.value) == (
        "<message>: error: multiprocessing_options.barrier_sync_key_prefix: "
        'not valid UTF-8: "job\\xff"; string fields must be UTF-8')
    assert capfd.readouterr().err == ""


def _nested_any(depth):
    message = _MANAGER()
    policy = message.save_decision_policy
    for _ in range(depth):
        policy = policy.any.policies.add()
    policy.fixed_interval.interval = 5
    return message


def test_printing_a_message_nested_past_the_limit_says_why_not():
    # 60 `any` policies are 121 levels: no source may hold that, so its text
    # would not load either.
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_text(_nested_any(60))
    error = str(raised.value)
    assert error.startswith("<message>: error: save_decision_policy.any."
                            "policies[0].any.policies[0].")
    assert "nested more than 100 levels deep" in error


def test_printing_a_deep_message_within_the_limit_round_trips():
    # Validated or not: past 8 `any` policies, `check` refuses it.
    message = _nested_any(49)  # 99 levels
    text = orbax_options.to_text(message)
    assert text_format.Parse(text, _MANAGER()) == message


# --- 12. Lone surrogates in str arguments -----------------------------------


@pytest.mark.parametrize("argument", ["--set", "--unset"])
def test_a_lone_surrogate_in_an_override_is_the_byte_it_escapes(argument):
    # As Python's os.fsencode() gives a path the byte back; the command
    # gets it as is.
    if argument == "--set":
        text = f'multiprocessing_options.barrier_sync_key_prefix="\udcff"'
        override = text
    else:
        text = "async_options.\udcff"
        override = orbax_options.Unset(text)
    want = run_cli("show", "--input-format=textproto", "/dev/null", argument,
                   os.fsencode(text))
    assert want.status == 1
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load("/dev/null",
                           input_format="textproto",
                           overrides=[override])
    assert str(raised.value) == stderr_text(want)


@pytest.mark.parametrize("where", ["path", "override", "unset"])
def test_a_surrogate_that_escapes_no_byte_raises_as_a_path_does(where):
    text = "\ud800"
    with pytest.raises(UnicodeEncodeError) as want:
        open(text)
    kwargs = {"input_format": "textproto"}
    paths = ["/dev/null"]
    if where == "path":
        paths = [text]
    elif where == "override":
        kwargs["overrides"] = [f"{_TIMEOUT}={text}"]
    else:
        kwargs["overrides"] = [orbax_options.Unset(text)]
    with pytest.raises(UnicodeEncodeError) as got:
        orbax_options.load(*paths, **kwargs)
    assert got.value.reason == want.value.reason == "surrogates not allowed"
    assert got.value.object[got.value.start:got.value.end] == text


def test_loads_takes_a_str_with_escaped_bytes_as_those_bytes():
    data = 'multiprocessing_options { barrier_sync_key_prefix: "\udcff" }'
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads(data, "textproto", name="job\udcff.textproto")
    with pytest.raises(orbax_options.ConfigError) as want:
        orbax_options.loads(os.fsencode(data),
                            "textproto",
                            name="job\udcff.textproto")
    assert str(raised.value) == str(want.value)
    assert str(raised.value).startswith("job\\xff.textproto:1:")
    assert raised.value.diagnostics[0].file == "job\udcff.textproto"
    config = orbax_options.loads("# \udcff", "textproto", name="\udcff")
    assert config.warnings == ()


def test_a_diagnostic_made_in_python_takes_escaped_bytes():
    d = orbax_options.Diagnostic("a\udcff.textproto", 1, 2, "x\udcff", "m")
    assert str(d) == "a\\xff.textproto:1:2: error: x\\xff: m"


# --- 13. The errno of a source that can't be read ---------------------------


def _unreadable(tmp_path, kind):
    if kind == "symlink_loop":
        (tmp_path / "loop.textproto").symlink_to("loop.textproto")
        return str(tmp_path / "loop.textproto")
    if kind == "through_a_file":
        (tmp_path / "file").write_text("")
        return str(tmp_path / "file" / "x.textproto")
    return str(tmp_path / ("a" * 300 + ".textproto"))


@pytest.mark.parametrize("kind",
                         ["symlink_loop", "through_a_file", "name_too_long"])
def test_a_read_error_keeps_open_s_errno_and_class(tmp_path, kind):
    path = _unreadable(tmp_path, kind)
    with pytest.raises(OSError) as want:
        open(path)
    with pytest.raises(orbax_options.ConfigReadError) as got:
        orbax_options.load(path)
    assert got.value.errno == want.value.errno
    assert got.value.strerror.endswith(want.value.strerror)
    assert got.value.filename == path
    assert isinstance(got.value, type(want.value))
    assert got.value.errno == pickle.loads(pickle.dumps(got.value)).errno


def test_a_path_through_a_file_is_a_not_a_directory_error(tmp_path):
    with pytest.raises(orbax_options.ConfigNotADirectoryError) as raised:
        orbax_options.load(_unreadable(tmp_path, "through_a_file"))
    assert isinstance(raised.value, NotADirectoryError)


# --- 16. Long chains of the extension's objects -----------------------------

_CHAINS = """
from orbax_options import _core
head = None
for _ in range(300000):
    config = _core.ConfigBase.__new__(_core.ConfigBase)
    if head is not None:
        config._type = head
    head = config
del head, config
head = print
for _ in range(300000):
    head = _core.LoadsFastPath(head, _core.ConfigBase, ("", None), {})
del head
print("freed")
"""


def test_long_chains_of_the_extension_s_objects_free_without_a_crash():
    result = subprocess.run([sys.executable, "-c", _CHAINS],
                            capture_output=True,
                            text=True,
                            env=dict(os.environ, PYTHONPATH=PACKAGE_DIR),
                            timeout=120,
                            check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0,
                                                                 "freed\n", "")
