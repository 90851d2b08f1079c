# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""The CheckpointManagerOptions root through load(), loads(), validate(),
fingerprint(), diff(), printing and policies(), against the real command
run with --type=CheckpointManagerOptions: the same fingerprints, output and
diagnostics (warnings included)."""

import os

import pytest
from google.protobuf import text_format

from conftest import EXAMPLES_DIR, EXTENSION_FORMATS, run_cli, stderr_text

import orbax_options
from orbax_options import _core
from orbax_options.v1 import checkpoint_manager_options_pb2
from orbax_options.v1 import options_pb2

Manager = checkpoint_manager_options_pb2.CheckpointManagerOptions
TYPE = "--type=CheckpointManagerOptions"
MANAGER_EXAMPLES_DIR = os.path.join(EXAMPLES_DIR, "checkpoint_manager")


def manager_examples():
    return sorted(
        os.path.join(MANAGER_EXAMPLES_DIR, name)
        for name in os.listdir(MANAGER_EXAMPLES_DIR)
        if os.path.splitext(name)[1] in (".textproto", ".json"))


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _format_of(path):
    return EXTENSION_FORMATS[os.path.splitext(path)[1]]


def _command_fingerprint(*args):
    result = run_cli("fingerprint", TYPE, *args)
    assert result.status == 0, result.err
    return result.out.decode().strip()


def test_there_are_manager_examples_in_both_formats():
    names = [os.path.basename(p) for p in manager_examples()]
    assert len(names) >= 4
    for name in names:
        stem, extension = os.path.splitext(name)
        other = ".json" if extension == ".textproto" else ".textproto"
        assert stem + other in names


# --- Examples: fingerprints, printing, policies ---------------------------


@pytest.mark.parametrize("path", manager_examples(), ids=os.path.basename)
def test_example_fingerprint_equals_the_command(path, tmp_path):
    want = _command_fingerprint(path)
    config = orbax_options.load(path, type=Manager)
    assert config.type is Manager
    assert isinstance(config.effective, Manager)
    assert isinstance(config.minimal, Manager)
    assert config.fingerprint == want
    assert config.warnings == ()
    # The name, as --type spells it, chooses the same root.
    assert orbax_options.load(
        path, type="CheckpointManagerOptions").fingerprint == want
    loaded = orbax_options.loads(_read(path),
                                 _format_of(path),
                                 name=path,
                                 type=Manager)
    assert loaded.fingerprint == want
    assert loaded.effective == config.effective
    assert loaded.minimal == config.minimal
    assert loaded.warnings == ()
    # The message's own fingerprint, and C++ on the binary bytes (the
    # command reads a .binpb file of them).
    assert orbax_options.fingerprint(config.minimal) == want
    assert orbax_options.fingerprint(config.effective) == want
    binary = tmp_path / "options.binpb"
    binary.write_bytes(config.minimal.SerializeToString())
    assert _command_fingerprint(str(binary)) == want
    assert orbax_options.loads(binary.read_bytes(), "binpb",
                               type=Manager).fingerprint == want
    assert orbax_options.validate(config.minimal) == ()


@pytest.mark.parametrize("path", manager_examples(), ids=os.path.basename)
def test_example_printing_is_byte_identical_to_show(path):
    config = orbax_options.load(path, type=Manager)
    for output, printer in (("textproto", orbax_options.to_text),
                            ("json", orbax_options.to_json)):
        for effective, message in ((False, config.minimal),
                                   (True, config.effective)):
            args = ["show", TYPE, f"--format={output}", path]
            if effective:
                args.insert(1, "--effective")
            want = run_cli(*args)
            assert want.status == 0, want.err
            assert printer(message,
                           effective=effective) == want.out.decode()


@pytest.mark.parametrize("path", manager_examples(), ids=os.path.basename)
def test_policies_equal_show_policies(path):
    config = orbax_options.load(path, type=Manager)
    policies = orbax_options.policies(config.effective)
    assert isinstance(policies, Manager)
    assert [f.name for f, _ in policies.ListFields()
            ] == ["save_decision_policy", "preservation_policy"]
    assert orbax_options.policies(config.minimal) == policies
    shown = run_cli("show", "--policies", TYPE, "--format=json", path)
    assert shown.status == 0, shown.err
    assert orbax_options.to_json(policies) == shown.out.decode()
    # Text format: the command's comment lines first, then the message.
    shown = run_cli("show", "--policies", TYPE, path).out.decode()
    assert shown.endswith(orbax_options.to_text(policies))
    assert all(
        line.startswith("#")
        for line in shown[:-len(orbax_options.to_text(policies))].splitlines())


def test_derived_policies_are_orbaxs():
    # With the policy fields unset, Orbax derives them from the legacy ones.
    config = orbax_options.loads(
        "save_interval_steps: 100 save_on_steps { steps: [7] } "
        "max_to_keep: 3 keep_period: 1000", "textproto", type=Manager)
    assert orbax_options.policies(config.effective) == text_format.Parse(
        """
        save_decision_policy { any {
          policies { fixed_interval { interval: 100 } }
          policies { specific_steps { steps { steps: [7] } } }
          policies { preemption_checkpointing {} }
          policies { initial_save {} } } }
        preservation_policy { any {
          policies { every_n_steps { interval_steps: 1000
                                     exact_interval: true } }
          policies { latest_n { n: 3 } } } }""", Manager())


@pytest.mark.parametrize("path", manager_examples(), ids=os.path.basename)
def test_every_format_loads_to_the_same_fingerprint(path):
    config = orbax_options.load(path, type=Manager)
    for output in ("textproto", "json", "binpb"):
        shown = run_cli("show", TYPE, "--effective", f"--format={output}",
                        path).out
        data = shown if output == "binpb" else shown.decode()
        assert orbax_options.loads(data, output,
                                   type=Manager).effective == config.effective


def test_diff_equals_the_commands():
    a = os.path.join(MANAGER_EXAMPLES_DIR, "train.textproto")
    b = os.path.join(MANAGER_EXAMPLES_DIR, "local_per_host.json")
    want = run_cli("diff", TYPE, a, b)
    assert want.status == 1
    diffs = orbax_options.diff(
        orbax_options.load(a, type=Manager).minimal,
        orbax_options.load(b, type=Manager).effective)
    assert "".join(f"{d}\n" for d in diffs) == want.out.decode()
    assert diffs[0].path == "step_format_fixed_length"
    assert (diffs[0].a_value, diffs[0].b_value) == ("8", "None")


def test_layering_and_overrides_equal_the_command():
    files = [
        os.path.join(MANAGER_EXAMPLES_DIR, "train.textproto"),
        os.path.join(MANAGER_EXAMPLES_DIR, "local_per_host.json")
    ]
    overrides = [
        "preservation_policy.latest_n.n=3",
        orbax_options.Unset("atomicity_options"), "max_to_keep=0"
    ]
    args = [
        "--set", "preservation_policy.latest_n.n=3", "--unset",
        "atomicity_options", "--set", "max_to_keep=0"
    ]
    config = orbax_options.load(*files, overrides=overrides, type=Manager)
    assert config.fingerprint == _command_fingerprint(*files, *args)
    assert config.minimal.preservation_policy.latest_n.n == 3
    assert not config.minimal.HasField("atomicity_options")
    shown = run_cli("show", TYPE, *files, *args)
    assert orbax_options.to_text(config.minimal) == shown.out.decode()


# --- Diagnostics -----------------------------------------------------------


def _diagnostic_lines(result):
    """The command's stderr without its own notes (`orbax-options: note:
    ...`, such as which --type reads a file), which are not diagnostics and
    which the package doesn't give."""
    return "\n".join(line for line in stderr_text(result).splitlines()
                     if not line.startswith("orbax-options: note: "))


def test_a_checkpoint_options_config_is_not_a_managers(tmp_path):
    # Each field CheckpointManagerOptions lacks is an unknown field, at its
    # file:line:col, as the command says.
    path = os.path.join(EXAMPLES_DIR, "memory_limited_strict.json")
    want = run_cli("check", TYPE, path)
    assert want.status == 1
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path, type=Manager)
    assert str(raised.value) == _diagnostic_lines(want)
    (d, ) = raised.value.diagnostics
    assert (d.file, d.line, d.column, d.path, d.severity) == (
        path, 2, 3, "memory_limit_options", "error")
    assert d.message == ("unknown field: CheckpointManagerOptions has no "
                         "field named \"memory_limit_options\"")
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads(_read(path), "json", name=path, type=Manager)
    assert str(raised.value) == _diagnostic_lines(want)


def test_a_managers_config_is_not_checkpoint_options():
    path = os.path.join(MANAGER_EXAMPLES_DIR, "evaluator.json")
    want = run_cli("check", path)  # --type's default: CheckpointOptions
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path)
    assert str(raised.value) == _diagnostic_lines(want)
    first = raised.value.diagnostics[0]
    assert (first.line, first.column, first.path) == (2, 3, "read_only")
    assert first.message == ("unknown field: CheckpointOptions has no field "
                             "named \"read_only\"")
    assert len(raised.value.diagnostics) == 7


def test_invalid_manager_options_name_each_field(tmp_path):
    path = tmp_path / "bad.textproto"
    path.write_text('todelete_subdir: "trash"\n'
                    'todelete_full_path: "t/"\n'
                    'max_to_keep: -1\n'
                    'preservation_policy { every_n_steps {\n'
                    '  interval_steps: 0 } }\n')
    want = run_cli("check", TYPE, str(path))
    assert want.status == 1
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.load(path, type=Manager)
    assert str(raised.value) == stderr_text(want)
    assert [(d.line, d.column, d.path, d.message)
            for d in raised.value.diagnostics] == [
                (2, 1, "todelete_full_path",
                 'must not be set together with todelete_subdir ("trash"), '
                 'got "t/": Orbax refuses both'),
                (3, 1, "max_to_keep",
                 "must be unset (or 0, which Python reads as unset) when "
                 "preservation_policy is set, got -1: Orbax's "
                 "CheckpointManager refuses max_to_keep, keep_time_interval "
                 "and keep_period beside a preservation policy"),
                (5, 3, "preservation_policy.every_n_steps.interval_steps",
                 'must not be 0: Orbax raises "interval_steps must not be 0" '
                 "when it first decides which checkpoints to keep"),
            ]
    # The same message, validated: the same problems, at <message>, in
    # schema order (a message has no lines to sort them by).
    message = text_format.Parse(path.read_text(), Manager())
    with pytest.raises(orbax_options.ConfigError) as validated:
        orbax_options.validate(message)
    assert sorted((d.file, d.path, d.message)
                  for d in validated.value.diagnostics) == sorted(
                      ("<message>", d.path, d.message)
                      for d in raised.value.diagnostics)


def test_invalid_messages_are_config_errors():
    m = Manager(max_to_keep=-1)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.validate(m)
    assert str(raised.value) == (
        "<message>: error: max_to_keep: must be >= 0 when preservation_policy "
        "is unset (unset keeps every checkpoint), got -1")
    for function in (orbax_options.fingerprint, orbax_options.policies,
                     lambda m: orbax_options.to_text(m, effective=True)):
        with pytest.raises(orbax_options.ConfigError,
                           match="<message>: error: max_to_keep"):
            function(m)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.diff(Manager(), m)
    assert str(raised.value).startswith("<b>: error: max_to_keep")


def test_read_only_resets_are_warnings(tmp_path):
    path = tmp_path / "eval.textproto"
    path.write_text("read_only: true\n"
                    "max_to_keep: 3\n"
                    "save_on_steps { steps: [5] }\n")
    want = run_cli("check", TYPE, str(path))
    assert want.status == 0
    config = orbax_options.load(path, type=Manager)
    assert "\n".join(str(w) for w in config.warnings) == stderr_text(want)
    assert [(w.severity, w.line, w.path, w.message)
            for w in config.warnings] == [
                ("warning", 1, "save_interval_steps",
                 "read_only is true, so Orbax resets it to 0 (was 1)"),
                ("warning", 1, "create",
                 "read_only is true, so Orbax resets it to false"),
                ("warning", 2, "max_to_keep",
                 "read_only is true, so Orbax resets it to None (was 3)"),
                ("warning", 3, "save_on_steps",
                 "read_only is true, so Orbax resets it to None (was a set "
                 "of 1 steps)"),
            ]
    # loads() finds them too; the effective form holds the reset values.
    loaded = orbax_options.loads(path.read_text(),
                                 "textproto",
                                 name=str(path),
                                 type=Manager)
    assert loaded.warnings == config.warnings
    effective = loaded.effective
    assert effective.save_interval_steps == 0
    assert not effective.HasField("max_to_keep")
    assert not effective.HasField("save_on_steps")
    assert effective.create is False
    # validate() returns them, at <message>.
    warnings = orbax_options.validate(config.minimal)
    assert {(w.path, w.severity, w.file) for w in warnings} == {
        (w.path, "warning", "<message>") for w in config.warnings
    }


def test_a_policy_beside_legacy_options_warns(tmp_path):
    path = tmp_path / "p.textproto"
    path.write_text("save_decision_policy { initial_save {} }\n"
                    "save_interval_steps: 5\n")
    want = run_cli("check", TYPE, str(path))
    assert want.status == 0
    (w, ) = orbax_options.load(path, type=Manager).warnings
    assert str(w) == stderr_text(want)
    assert (w.severity, w.path) == ("warning", "save_interval_steps")


# --- The type argument -----------------------------------------------------


def test_type_names_the_same_roots_as_the_command():
    assert _core.TYPES == ("CheckpointOptions", "CheckpointManagerOptions",
                           "Context", "CheckpointerOptions")
    for type_ in (options_pb2.CheckpointOptions, "CheckpointOptions"):
        config = orbax_options.loads("", "textproto", type=type_)
        assert config.type is options_pb2.CheckpointOptions
        assert isinstance(config.effective, options_pb2.CheckpointOptions)
    assert repr(orbax_options.loads("", "textproto", type=Manager)) == (
        "<orbax_options.Config CheckpointManagerOptions fingerprint="
        f"{orbax_options.fingerprint(Manager())}>")


@pytest.mark.parametrize("type_,error,match", [
    ("Manager", ValueError,
     "loads() argument 'type' must be one of CheckpointOptions, "
     "CheckpointManagerOptions, Context, CheckpointerOptions (the message "
     "class or its name), not "
     "'Manager'"),
    (options_pb2.AsyncOptions, ValueError,
     "not orbax_options.v1.AsyncOptions"),
    (Manager(), TypeError,
     "loads() argument 'type' must be a message class or str, not "
     "CheckpointManagerOptions"),
    (None, TypeError, "must be a message class or str, not NoneType"),
])
def test_bad_types(type_, error, match):
    with pytest.raises(error) as raised:
        orbax_options.loads("", "textproto", type=type_)
    assert match in str(raised.value)
    with pytest.raises(error):
        orbax_options.load(os.path.join(EXAMPLES_DIR,
                                        "local_per_host.textproto"),
                           type=type_)


def test_core_dispatches_by_name():
    # TYPES' own objects (known by identity) and equal strings made at run
    # time (compared by text) name the same roots.
    made = "".join(["Checkpoint", "Manager", "Options"])
    assert made is not _core.TYPES[1]
    data = Manager(max_to_keep=3).SerializeToString()  # Not options'.
    for name in (_core.TYPES[1], made):
        assert _core.load_string(name, data, 2, "<string>", False) == (data,
                                                                       [])
    with pytest.raises(ValueError) as raised:
        _core.load_string("Nope", b"", 0, "<string>", False)
    assert str(raised.value) == ("unknown type 'Nope'; expected one of "
                                 "CheckpointOptions, CheckpointManagerOptions, "
                                 "Context, CheckpointerOptions")
    with pytest.raises(TypeError, match="argument 'type' must be str"):
        _core.load_string(b"CheckpointOptions", b"", 0, "<string>", False)


def test_functions_of_messages_take_either_root_and_nothing_else():
    for function in (orbax_options.validate, orbax_options.fingerprint,
                     orbax_options.to_text, orbax_options.to_json):
        with pytest.raises(TypeError) as raised:
            function(options_pb2.AsyncOptions())
        assert str(raised.value).endswith(
            "argument 'message' must be an orbax_options.v1.CheckpointOptions, "
            "orbax_options.v1.CheckpointManagerOptions, "
            "orbax_options.v1.Context or orbax_options.v1.CheckpointerOptions "
            "message, not AsyncOptions")
    with pytest.raises(TypeError) as raised:
        orbax_options.diff(options_pb2.CheckpointOptions(), Manager())
    assert str(raised.value) == (
        "diff() arguments 'a' and 'b' must be of one type, not "
        "CheckpointOptions and CheckpointManagerOptions")
    with pytest.raises(TypeError) as raised:
        orbax_options.policies(options_pb2.CheckpointOptions())
    assert str(raised.value) == (
        "policies() argument 'message' must be an "
        "orbax_options.v1.CheckpointManagerOptions message, not "
        "CheckpointOptions")
