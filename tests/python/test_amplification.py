# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Inputs that cost out of proportion to their size (issue 22, items 1-3):
step sets that multiply, a process range that to_orbax() would expand, and a
policy that holds itself. Each is refused with its field, count and bound,
or converts, against the real Orbax. Time and memory are measured in
bench/ and bounded in tests/limits_test.cc, not here."""

import pytest
from google.protobuf import text_format

from conftest import run_cli

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2
from orbax_options.v1 import options_pb2
import orbax.checkpoint as ocp
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp
from orbax.checkpoint.checkpoint_managers import save_decision_policy as sdp

Manager = cmo_pb2.CheckpointManagerOptions

# A set of 10^6 steps, the most one set may hold, in 24 bytes of text.
_MILLION = "policies { specific_steps { steps { ranges { stop: 1000000 } } } }"


def _over_config_limit(before):
    return (f"names 1000000 steps, after {before} in the config's step sets "
            f"before it: over the limit of 1000000 for a whole config "
            f"(kMaxConfigSteps), as Orbax keeps every step of every set in a "
            f"Python frozenset (repeats count again)")


def _sets(count):
    """`count` specific_steps policies of 10^6 steps each, in text format."""
    return "save_decision_policy { any { " + _MILLION * count + " } }"


def _binary_sets(count):
    message = Manager()
    for _ in range(count):
        policy = message.save_decision_policy.any.policies.add()
        policy.specific_steps.steps.ranges.add(stop=10**6)
    return message.SerializeToString()


def _refused_sets(error, count):
    """The sets after the first are refused, each with the count before it
    (the first's 10^6) and the bound; the rest are counted."""
    diagnostics = error.diagnostics
    shown = [d for d in diagnostics if d.path]
    assert [d.path for d in shown] == [
        f"save_decision_policy.any.policies[{i}].specific_steps.steps"
        for i in range(1, 1 + len(shown))
    ]
    assert len(shown) == min(count - 1, 100)
    assert {d.message for d in shown} == {_over_config_limit(10**6)}


def test_eight_sets_of_a_million_are_refused_by_loads_and_to_orbax():
    text = _sets(8)
    assert len(text) < 705  # The file, 705 bytes with a comment.
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads(text, "textproto", type=Manager)
    _refused_sets(raised.value, 8)
    # to_orbax() validates first: no frozenset is built.
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(text_format.Parse(text, Manager()))
    _refused_sets(raised.value, 8)
    with pytest.raises(orbax_options.ConfigError):
        orbax_options.fingerprint(text_format.Parse(text, Manager()))


def test_fifteen_hundred_sets_in_binary_are_refused_everywhere(tmp_path):
    data = _binary_sets(1500)
    assert len(data) < 18 * 1024
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.loads(data, "binpb", type=Manager)
    _refused_sets(raised.value, 1500)
    assert raised.value.diagnostics[-1].message == (
        "1399 more errors not shown (the first 100 are)")
    message = Manager.FromString(data)
    for function in (orbax_options.fingerprint, orbax_options.to_orbax):
        with pytest.raises(orbax_options.ConfigError) as raised:
            function(message)
        _refused_sets(raised.value, 1500)
    path = tmp_path / "amp.binpb"
    path.write_bytes(data)
    for command in ("check", "show", "fingerprint"):
        result = run_cli(command, "--type=CheckpointManagerOptions", str(path))
        assert result.status == 1, command
        assert (f"{path}: error: save_decision_policy.any.policies[1]."
                f"specific_steps.steps: {_over_config_limit(10**6)}").encode(
                ) in result.err, command


def test_sets_within_the_config_limit_convert_to_orbax():
    # Two sets that name 10^6 steps together: the most a config may.
    text = ("save_decision_policy { any { "
            "policies { specific_steps { steps { ranges { stop: 500000 } } } }"
            " policies { specific_steps { steps { ranges { start: 10 stop: "
            "1000010 step: 2 } } } } } }")
    options = orbax_options.to_orbax(text_format.Parse(text, Manager()))
    first, second = options.save_decision_policy.policies
    assert first.steps == frozenset(range(500000))
    assert second.steps == frozenset(range(10, 1000010, 2))
    # One step more is refused.
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(
            text_format.Parse(text.replace("stop: 500000", "stop: 500001"),
                              Manager()))
    (d, ) = raised.value.diagnostics
    assert d.path == "save_decision_policy.any.policies[1].specific_steps.steps"
    assert d.message.startswith("names 500000 steps, after 500001 in the "
                                "config's step sets before it: over the limit "
                                "of 1000000 for a whole config")


def test_from_orbax_refuses_sets_past_the_config_limit():
    million = frozenset(range(10**6))
    options = ocp.CheckpointManagerOptions(
        save_decision_policy=sdp.AnySavePolicy(
            [sdp.SpecificStepsPolicy(million)] * 8))
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(options)
    _refused_sets(raised.value, 8)
    # save_on_steps and a CustomSteps count together too.
    options = ocp.CheckpointManagerOptions(
        save_on_steps=range(0, 1200000, 2),
        preservation_policy=pp.CustomSteps(list(range(400001))))
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(options)
    (d, ) = raised.value.diagnostics
    assert d.path == "preservation_policy.custom_steps.steps"
    assert d.message.startswith("names 400001 steps, after 600000 in the "
                                "config's step sets before it")


# --- Process sets: to_orbax() builds a Python set ------------------------

_ALL_PROCESSES = ("multiprocessing_options { active_processes { ranges { "
                  "stop: 2147483647 } } }")
_TOO_MANY = ("multiprocessing_options.active_processes", "a set of {} "
             "processes, over the 1048576 (kMaxOrbaxProcesses) that "
             "to_orbax() converts: Orbax holds active_processes as a Python "
             "set of ints")


@pytest.mark.parametrize("root,prefix", [(options_pb2.CheckpointOptions, ""),
                                         (Manager, "create: false ")])
def test_to_orbax_refuses_a_process_set_past_the_bound(root, prefix):
    message = text_format.Parse(prefix + _ALL_PROCESSES, root())
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.to_orbax(message)
    (d, ) = raised.value.diagnostics
    assert (d.severity, d.path,
            d.message) == ("error", _TOO_MANY[0],
                           _TOO_MANY[1].format(2147483647))
    # The bound itself converts, as a set of its ints.
    message = text_format.Parse(
        prefix + _ALL_PROCESSES.replace("2147483647", "1048576"), root())
    options = orbax_options.to_orbax(message)
    assert options.multiprocessing_options.active_processes == set(
        range(2**20))


def test_check_warns_about_the_same_bound(tmp_path):
    path = tmp_path / "all.textproto"
    path.write_text(_ALL_PROCESSES + "\n")
    result = run_cli("check", str(path))
    assert result.status == 0
    assert result.err.decode().splitlines() == [
        f"{path}:1:27: warning: {_TOO_MANY[0]}: "
        f"{_TOO_MANY[1].format(2147483647)}"
    ]
    assert run_cli("check", "--strict", str(path)).status == 1
    config = orbax_options.loads(_ALL_PROCESSES, "textproto")
    assert [(w.path, w.message) for w in config.warnings
            ] == [(_TOO_MANY[0], _TOO_MANY[1].format(2147483647))]
    # At the bound, no warning.
    config = orbax_options.loads(
        _ALL_PROCESSES.replace("2147483647", "1048576"), "textproto")
    assert config.warnings == ()


# --- from_orbax(): a policy that holds itself ----------------------------


def _holds_itself(path, holder, name="AnyPreservationPolicy"):
    return (path, f"{name} holds itself: it is the policy at {holder}; a "
            f"policy that holds itself has no schema form (it would nest "
            f"without end)")


def test_from_orbax_refuses_a_preservation_policy_that_holds_itself():
    p = pp.AnyPreservationPolicy([])
    p.policies += [p] * 4
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(preservation_policy=p))
    assert [(d.path, d.message) for d in raised.value.diagnostics] == [
        _holds_itself(f"preservation_policy.any.policies[{i}]",
                      "preservation_policy") for i in range(4)
    ]


def test_from_orbax_refuses_a_cycle_through_another_policy():
    outer = sdp.AnySavePolicy([sdp.InitialSavePolicy()])
    inner = sdp.AnySavePolicy([outer])
    outer.policies.append(inner)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(save_decision_policy=outer))
    assert [(d.path, d.message) for d in raised.value.diagnostics] == [
        _holds_itself("save_decision_policy.any.policies[1].any.policies[0]",
                      "save_decision_policy", "AnySavePolicy")
    ]


def test_from_orbax_takes_a_policy_held_twice_without_a_cycle():
    leaf = pp.LatestN(n=3)
    shared = pp.AnyPreservationPolicy([leaf, leaf])
    message = orbax_options.from_orbax(
        ocp.CheckpointManagerOptions(
            preservation_policy=pp.AnyPreservationPolicy([shared, shared])))
    inner = "any { " + "policies { latest_n { n: 3 } } " * 2 + "}"
    assert text_format.MessageToString(
        message.preservation_policy,
        as_one_line=True) == ("any { " + f"policies {{ {inner} }} " * 2 + "}")


def test_from_orbax_bounds_the_policies_walked():
    # Ten of each, six deep: 10^6 places, each walked once per place.
    policy = pp.LatestN(n=1)
    for _ in range(6):
        policy = pp.AnyPreservationPolicy([policy] * 10)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(preservation_policy=policy))
    (d, ) = raised.value.diagnostics
    assert d.message == ("more than 100000 policies in all (a policy counts "
                         "once in each place that holds it)")
    assert d.path.startswith("preservation_policy.any.policies[0].any.")
