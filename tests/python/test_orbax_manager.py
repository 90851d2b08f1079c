# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""to_orbax(), from_orbax() and orbax_callables() for CheckpointManagerOptions
and every policy class, with the real Orbax (orbax-checkpoint): the manager
examples, each policy (each oneof member) and nested Any* policies, every
field, random options both ways (seeded; every attribute, the callables
included, random), the command's fingerprints, the callables, and the
errors."""

import dataclasses
import datetime
import os
import random

import pytest
from google.protobuf import text_format

from conftest import EXAMPLES_DIR, run_cli

import orbax_options
from orbax_options import _core
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2
from orbax_options.v1 import options_pb2
import orbax.checkpoint as ocp
from orbax.checkpoint import options as ocp_options
from orbax.checkpoint.checkpoint_managers import preservation_policy as pp
from orbax.checkpoint.checkpoint_managers import save_decision_policy as sdp
from orbax.checkpoint.path import atomicity

Manager = cmo_pb2.CheckpointManagerOptions
MANAGER_EXAMPLES_DIR = os.path.join(EXAMPLES_DIR, "checkpoint_manager")
SEED = 20261203
SAMPLES = 500


def manager_examples():
    return sorted(
        os.path.join(MANAGER_EXAMPLES_DIR, name)
        for name in os.listdir(MANAGER_EXAMPLES_DIR)
        if os.path.splitext(name)[1] in (".textproto", ".json"))


def same(a, b):
    """Whether two Orbax objects hold the same values: the same classes and
    attributes, recursively. (Orbax's PreemptionCheckpointingPolicy and
    InitialSavePolicy have no `==`, so the dataclasses' `==` of objects that
    hold them is False.) Callables are the same objects; a set and a
    frozenset of the same steps are the same."""
    if isinstance(a, (set, frozenset)) and isinstance(b, (set, frozenset)):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if hasattr(a, "__dict__") and not callable(a):
        return vars(a).keys() == vars(b).keys() and all(
            same(vars(a)[k], vars(b)[k]) for k in vars(a))
    if callable(a):
        return a is b
    return a == b


def name_format(single_host_load_and_broadcast=False):
    """One of Orbax's NameFormats (opaque to orbax_options); Orbax wants its
    single_host_load_and_broadcast to be the manager's."""
    return ocp.step.standard_name_format(
        step_prefix="ckpt",
        single_host_load_and_broadcast=single_host_load_and_broadcast)


TemporaryPath = atomicity.CommitFileTemporaryPath


def metric(metrics):
    return metrics["loss"]


def other_metric(metrics):
    return -metrics["accuracy"]


def should_save(step, last_saved_step):
    return step % 7 == 0


def barrier(key, timeout_ms):
    pass


def finalized():
    pass


def _command_fingerprint(tmp_path, message):
    path = tmp_path / "options.binpb"
    path.write_bytes(message.SerializeToString())
    result = run_cli("fingerprint", "--type=CheckpointManagerOptions",
                     str(path))
    assert result.status == 0, result.err
    return result.out.decode().strip()


# --- The examples ------------------------------------------------------------


@pytest.mark.parametrize("path", manager_examples(), ids=os.path.basename)
def test_examples_to_orbax_and_back(path, tmp_path):
    config = orbax_options.load(path, type=Manager)
    effective = config.effective
    callables = {
        "best_fn": metric,
        "should_save_fn": should_save,
        "step_name_format": name_format(
            effective.single_host_load_and_broadcast),
        "temporary_path_class": TemporaryPath,
    }
    if effective.HasField("async_options"):
        callables.update(barrier_sync_fn=barrier,
                         post_finalization_callback=finalized)
    x = orbax_options.to_orbax(effective, **callables)
    assert type(x) is ocp.CheckpointManagerOptions
    assert x.best_fn is metric
    assert x.step_name_format is callables["step_name_format"]
    assert x.temporary_path_class is TemporaryPath
    # Orbax's __post_init__ drops should_save_fn for read_only.
    assert x.should_save_fn is (None if effective.read_only else should_save)
    if effective.HasField("async_options"):
        assert x.async_options.barrier_sync_fn is barrier
        assert x.async_options.post_finalization_callback is finalized
    # Back: the same message, the command's fingerprint, and the callables.
    back = orbax_options.from_orbax(x)
    assert back == effective
    assert orbax_options.fingerprint(back) == config.fingerprint
    assert _command_fingerprint(tmp_path, back) == config.fingerprint
    found = orbax_options.orbax_callables(x)
    if effective.read_only:
        del callables["should_save_fn"]
    assert found == callables
    assert same(orbax_options.to_orbax(back, **found), x)


def test_train_example_values():
    config = orbax_options.load(os.path.join(MANAGER_EXAMPLES_DIR,
                                             "train.textproto"),
                                type=Manager)
    x = orbax_options.to_orbax(config.effective, barrier_sync_fn=barrier)
    assert same(
        x.save_decision_policy,
        sdp.AnySavePolicy([
            sdp.FixedIntervalPolicy(1000),
            sdp.PreemptionCheckpointingPolicy()
        ]))
    assert x.preservation_policy == pp.AnyPreservationPolicy(
        [pp.LatestN(5), pp.EveryNSteps(10000)])
    assert x.async_options == ocp_options.AsyncOptions(timeout_secs=1800,
                                                       barrier_sync_fn=barrier)
    assert x.multiprocessing_options == ocp_options.MultiprocessingOptions(
        primary_host=0, barrier_sync_key_prefix="train_state")
    assert x.file_options == ocp_options.FileOptions(path_permission_mode=0o750)
    assert x.atomicity_options is None
    assert (x.step_format_fixed_length, x.enable_background_delete,
            x.cleanup_tmp_directories, x.save_interval_steps, x.best_mode,
            x.max_to_keep, x.save_on_steps) == (8, True, True, 1, "max", None,
                                                frozenset())


def test_local_per_host_and_evaluator_values():
    x = orbax_options.to_orbax(
        orbax_options.load(os.path.join(MANAGER_EXAMPLES_DIR,
                                        "local_per_host.json"),
                           type=Manager).effective)
    assert x.multiprocessing_options.primary_host is None
    assert x.atomicity_options == ocp_options.AtomicityOptions(
        mode=ocp_options.AtomicityMode.ATOMIC_RENAME)
    assert type(x.atomicity_options.mode) is ocp_options.AtomicityMode
    assert same(
        x.save_decision_policy,
        sdp.AnySavePolicy([
            sdp.ContinuousCheckpointingPolicy(minimum_interval_secs=300),
            sdp.PreemptionCheckpointingPolicy()
        ]))
    assert x.preservation_policy == pp.LatestN(2)
    assert x.enable_per_process_directory_creation is True
    x = orbax_options.to_orbax(
        orbax_options.load(os.path.join(MANAGER_EXAMPLES_DIR,
                                        "evaluator.textproto"),
                           type=Manager).effective)
    assert (x.read_only, x.create, x.save_interval_steps, x.async_options,
            x.save_decision_policy, x.preservation_policy) == (True, False, 0,
                                                               None, None,
                                                               None)


# --- Every policy, as Orbax's objects and as messages ----------------------

SAVE_POLICIES = [
    (lambda: sdp.FixedIntervalPolicy(7), "fixed_interval { interval: 7 }"),
    (lambda: sdp.SpecificStepsPolicy({30, 10, 20, 5}),
     "specific_steps { steps { steps: 5 "
     "ranges { start: 10 stop: 40 step: 10 } } }"),
    (lambda: sdp.SpecificStepsPolicy(set()), "specific_steps { steps {} }"),
    (lambda: sdp.ContinuousCheckpointingPolicy(),
     "continuous_checkpointing {}"),
    (lambda: sdp.ContinuousCheckpointingPolicy(minimum_interval_secs=60),
     "continuous_checkpointing { minimum_interval_secs: 60 }"),
    (lambda: sdp.PreemptionCheckpointingPolicy(),
     "preemption_checkpointing {}"),
    (lambda: sdp.InitialSavePolicy(), "initial_save {}"),
    (lambda: sdp.AnySavePolicy([]), "any {}"),
    (lambda: sdp.AnySavePolicy([
        sdp.InitialSavePolicy(),
        sdp.AnySavePolicy([sdp.FixedIntervalPolicy(2),
                           sdp.AnySavePolicy([])])
    ]), "any { policies { initial_save {} } policies { any { "
     "policies { fixed_interval { interval: 2 } } policies { any {} } } } }"),
]

PRESERVATION_POLICIES = [
    (lambda: pp.PreserveAll(), "preserve_all {}"),
    (lambda: pp.LatestN(), "latest_n {}"),
    (lambda: pp.LatestN(n=0), "latest_n { n: 0 }"),
    (lambda: pp.EveryNSeconds(3600), "every_n_seconds { interval_secs: 3600 }"),
    (lambda: pp.EveryNSteps(100),
     "every_n_steps { interval_steps: 100 exact_interval: true }"),
    (lambda: pp.EveryNSteps(100, exact_interval=False, max_to_keep=2),
     "every_n_steps { interval_steps: 100 exact_interval: false "
     "max_to_keep: 2 }"),
    (lambda: pp.EveryNStepsClosest(50),
     "every_n_steps_closest { interval_steps: 50 }"),
    (lambda: pp.EveryNStepsClosest(50, max_to_keep=4),
     "every_n_steps_closest { interval_steps: 50 max_to_keep: 4 }"),
    (lambda: pp.CustomSteps([10, 1, 1, 3]),
     "custom_steps { steps { steps: [1, 3, 10] } }"),
    (lambda: pp.CustomSteps([]), "custom_steps { steps {} }"),
    (lambda: pp.BestN(get_metric_fn=metric),
     "best_n { reverse: false keep_checkpoints_without_metrics: true }"),
    (lambda: pp.BestN(get_metric_fn=metric,
                      reverse=True,
                      n=3,
                      keep_checkpoints_without_metrics=False),
     "best_n { reverse: true n: 3 keep_checkpoints_without_metrics: false }"),
    (lambda: pp.LatestDuration(datetime.timedelta(hours=24, microseconds=5)),
     "latest_duration { duration { seconds: 86400 nanos: 5000 } }"),
    (lambda: pp.AnyPreservationPolicy([
        pp.LatestN(1),
        pp.AnyPreservationPolicy([pp.PreserveAll(),
                                  pp.EveryNSeconds(10)])
    ]), "any { policies { latest_n { n: 1 } } policies { any { "
     "policies { preserve_all {} } policies { every_n_seconds { "
     "interval_secs: 10 } } } } }"),
]


def _policy_cases():
    for make, text in SAVE_POLICIES:
        yield "save_decision_policy", cmo_pb2.SaveDecisionPolicy, make, text
    for make, text in PRESERVATION_POLICIES:
        yield "preservation_policy", cmo_pb2.PreservationPolicy, make, text


def test_the_cases_cover_every_policy_class():
    for field, message in (("save_decision_policy",
                            cmo_pb2.SaveDecisionPolicy),
                           ("preservation_policy",
                            cmo_pb2.PreservationPolicy)):
        members = {
            text_format.Parse(text, message()).WhichOneof("policy")
            for f, _, _, text in _policy_cases() if f == field
        }
        assert members == {f.name for f in message.DESCRIPTOR.fields}


@pytest.mark.parametrize("field,message,make,text",
                         list(_policy_cases()),
                         ids=[t[3].split(" ")[0] for t in _policy_cases()])
def test_every_policy_round_trips(field, message, make, text, tmp_path):
    x = ocp.CheckpointManagerOptions(**{field: make()})
    m = orbax_options.from_orbax(x)
    assert getattr(m, field) == text_format.Parse(text, message())
    # The command's fingerprint of the same policy, written as text.
    path = tmp_path / "policy.textproto"
    path.write_text(f"{field} {{ {text} }}")
    want = run_cli("fingerprint", "--type=CheckpointManagerOptions",
                   str(path))
    assert want.status == 0, want.err
    assert orbax_options.fingerprint(m) == want.out.decode().strip()
    back = orbax_options.to_orbax(m, **orbax_options.orbax_callables(x))
    assert same(back, x)
    assert type(getattr(back, field)) is type(getattr(x, field))


def test_nested_best_n_get_their_own_get_metric_fn():
    policy = pp.AnyPreservationPolicy([
        pp.LatestN(1),
        pp.BestN(get_metric_fn=metric, n=2),
        pp.AnyPreservationPolicy([pp.BestN(get_metric_fn=other_metric)]),
    ])
    x = ocp.CheckpointManagerOptions(preservation_policy=policy)
    paths = [
        "preservation_policy.any.policies[1].best_n",
        "preservation_policy.any.policies[2].any.policies[0].best_n"
    ]
    found = orbax_options.orbax_callables(x)
    assert found == {"get_metric_fns": dict(zip(paths, [metric,
                                                         other_metric]))}
    m = orbax_options.from_orbax(x)
    # The keys are C++'s BestNPaths(), in its order.
    assert _core.best_n_paths(m.SerializeToString()) == paths
    back = orbax_options.to_orbax(m, **found)
    assert back.preservation_policy.policies[1].get_metric_fn is metric
    assert (back.preservation_policy.policies[2].policies[0].get_metric_fn is
            other_metric)
    assert same(back, x)
    # One callable serves every BestN.
    back = orbax_options.to_orbax(m, get_metric_fns=metric)
    assert back.preservation_policy.policies[2].policies[0].get_metric_fn is (
        metric)


def test_a_best_n_without_get_metric_fn_is_an_error():
    m = text_format.Parse(
        "preservation_policy { any { policies { best_n {} } "
        "policies { any { policies { best_n { n: 1 } } } } } }", Manager())
    with pytest.raises(TypeError) as raised:
        orbax_options.to_orbax(m)
    assert str(raised.value) == (
        "to_orbax(): each BestN policy needs its get_metric_fn, which Orbax "
        "has no default for; missing at "
        "preservation_policy.any.policies[0].best_n, "
        "preservation_policy.any.policies[1].any.policies[0].best_n: pass "
        "get_metric_fns={'preservation_policy.any.policies[0].best_n': fn, "
        "'preservation_policy.any.policies[1].any.policies[0].best_n': fn}, "
        "or one callable for every BestN")
    with pytest.raises(TypeError, match=r"missing at preservation_policy.any."
                       r"policies\[1\].any.policies\[0\].best_n: pass"):
        orbax_options.to_orbax(m,
                               get_metric_fns={
                                   "preservation_policy.any.policies[0].best_n":
                                   metric
                               })
    with pytest.raises(ValueError) as raised:
        orbax_options.to_orbax(
            m, get_metric_fns={"preservation_policy.best_n": metric})
    assert str(raised.value) == (
        "to_orbax() argument 'get_metric_fns' names "
        "'preservation_policy.best_n', where the message has no BestN policy; "
        "its BestN policies are at preservation_policy.any.policies[0].best_n, "
        "preservation_policy.any.policies[1].any.policies[0].best_n")
    with pytest.raises(ValueError, match="; it has none$"):
        orbax_options.to_orbax(
            Manager(), get_metric_fns={"preservation_policy.best_n": metric})
    with pytest.raises(TypeError) as raised:
        orbax_options.to_orbax(
            m,
            get_metric_fns={
                "preservation_policy.any.policies[0].best_n": 1,
                "preservation_policy.any.policies[1].any.policies[0].best_n":
                metric
            })
    assert str(raised.value) == (
        "to_orbax() argument 'get_metric_fns['preservation_policy.any."
        "policies[0].best_n']' must be callable or None, not int")
    # A callable for all, with no BestN: nothing to attach it to, no error.
    orbax_options.to_orbax(Manager(), get_metric_fns=metric)


# --- The manager's own fields ----------------------------------------------

# (Orbax's arguments, a fragment of the explicit form they give.)
FIELD_CASES = [
    ({}, "save_interval_steps: 1 best_mode: BEST_MODE_MAX"),
    ({"save_interval_steps": 250}, "save_interval_steps: 250"),
    ({"max_to_keep": 0}, "max_to_keep: 0"),
    ({"keep_time_interval": datetime.timedelta(days=1, microseconds=1)},
     "keep_time_interval { seconds: 86400 nanos: 1000 }"),
    ({"keep_time_interval": datetime.timedelta(microseconds=-1500001)},
     "keep_time_interval { seconds: -1 nanos: -500001000 }"),
    ({"keep_time_interval": datetime.timedelta(0)},
     "keep_time_interval {}"),
    ({"keep_period": 10}, "keep_period: 10"),
    ({"best_mode": "min"}, "best_mode: BEST_MODE_MIN"),
    ({"keep_checkpoints_without_metrics": False},
     "keep_checkpoints_without_metrics: false"),
    ({"step_prefix": ""}, 'step_prefix: ""'),
    ({"step_prefix": "ckpt ✓"}, 'step_prefix: "ckpt ✓"'),
    ({"step_format_fixed_length": 6}, "step_format_fixed_length: 6"),
    ({"create": False}, "create: false"),
    ({"cleanup_tmp_directories": True}, "cleanup_tmp_directories: true"),
    ({"save_on_steps": {5, 1000, 2000, 3000}},
     "save_on_steps { steps: 5 ranges { start: 1000 stop: 4000 step: 1000 } }"
     ),
    ({"single_host_load_and_broadcast": True},
     "single_host_load_and_broadcast: true"),
    ({"todelete_subdir": "trash"}, 'todelete_subdir: "trash"'),
    ({"todelete_full_path": "trash/"}, 'todelete_full_path: "trash/"'),
    ({"enable_background_delete": True}, "enable_background_delete: true"),
    ({"num_deletion_threads": 3}, "num_deletion_threads: 3"),
    ({"read_only": True}, "read_only: true save_interval_steps: 0"),
    ({"enable_async_checkpointing": False},
     "enable_async_checkpointing: false"),
    ({"async_options": ocp_options.AsyncOptions()},
     "async_options { timeout_secs: 1200 "
     "create_directories_asynchronously: true }"),
    ({"multiprocessing_options": ocp_options.MultiprocessingOptions(
        primary_host=None, active_processes={0, 1, 2}),
      "create": False},
     "multiprocessing_options { all_hosts_primary {} active_processes { "
     "ranges { start: 0 stop: 3 } } }"),
    ({"file_options": ocp_options.FileOptions(path_permission_mode=0o700)},
     "file_options { path_permission_mode: 448 "
     "skip_sync_file_validations: false }"),
    ({"file_options": ocp_options.FileOptions(skip_sync_file_validations=True)},
     "file_options { skip_sync_file_validations: true }"),
    ({"atomicity_options": ocp_options.AtomicityOptions(
        mode=ocp_options.AtomicityMode.COMMIT_FILE)},
     "atomicity_options { mode: ATOMICITY_MODE_COMMIT_FILE "
     "allow_legacy_atomic_rename: false }"),
    ({"save_root_metadata": False}, "save_root_metadata: false"),
    ({"prevent_write_metrics": True}, "prevent_write_metrics: true"),
    ({"enable_should_save_is_saving_in_progress_check": False},
     "enable_should_save_is_saving_in_progress_check: false"),
    ({"enable_per_process_directory_creation": True,
      "multiprocessing_options": ocp_options.MultiprocessingOptions(
          primary_host=None)},
     "enable_per_process_directory_creation: true"),
    ({"lightweight_initialize": True}, "lightweight_initialize: true"),
]


def test_the_field_cases_cover_every_field():
    covered = set()
    for kwargs, _ in FIELD_CASES:
        covered.update(kwargs)
    runtime = {"best_fn", "should_save_fn", "step_name_format",
               "temporary_path_class", "save_decision_policy",
               "preservation_policy"}
    assert covered | runtime == {
        f.name for f in dataclasses.fields(ocp.CheckpointManagerOptions)
    }


@pytest.mark.parametrize("kwargs,fragment", FIELD_CASES)
def test_every_field_round_trips(kwargs, fragment):
    x = ocp.CheckpointManagerOptions(**kwargs)
    m = orbax_options.from_orbax(x)
    want = text_format.Parse(fragment, Manager())
    for field, value in want.ListFields():
        assert getattr(m, field.name) == value, field.name
    assert orbax_options.loads(m.SerializeToString(), "binpb",
                               type=Manager).effective == m
    assert same(orbax_options.to_orbax(m), x)


def test_none_is_unset_and_defaults_are_orbaxs():
    m = orbax_options.from_orbax(ocp.CheckpointManagerOptions())
    assert m == orbax_options.loads("", "textproto", type=Manager).effective
    for field in ("async_options", "atomicity_options", "max_to_keep",
                  "keep_time_interval", "keep_period", "step_prefix",
                  "save_on_steps", "save_decision_policy",
                  "preservation_policy", "num_deletion_threads"):
        assert not m.HasField(field), field
    assert m.HasField("multiprocessing_options") and m.HasField(
        "file_options")
    assert same(orbax_options.to_orbax(Manager()),
                ocp.CheckpointManagerOptions())
    # AsyncOptions() is not None: the schema keeps them apart, as Orbax's
    # manager does with its legacy checkpointers.
    assert orbax_options.from_orbax(
        ocp.CheckpointManagerOptions(
            async_options=ocp_options.AsyncOptions())).HasField(
                "async_options")


def test_step_containers_of_every_spelling():
    for steps in ({4, 5, 6}, frozenset({4, 5, 6}), range(4, 7), [6, 5, 4, 4],
                  range(6, 3, -1), (4, 5, 6)):
        m = orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(
                save_decision_policy=sdp.SpecificStepsPolicy(steps)))
        assert text_format.MessageToString(
            m.save_decision_policy, as_one_line=True) == (
                "specific_steps { steps { ranges { start: 4 stop: 7 step: 1 } "
                "} }")
        x = orbax_options.to_orbax(m)
        assert x.save_decision_policy.steps == frozenset({4, 5, 6})
    for steps in (set(), range(0), range(5, 5)):
        m = orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(
                save_decision_policy=sdp.SpecificStepsPolicy(steps)))
        assert m.save_decision_policy.specific_steps.steps == (
            cmo_pb2.StepSet())
    # A range goes in whole: every 1000th step to 10^9 is one StepRange.
    m = orbax_options.from_orbax(
        ocp.CheckpointManagerOptions(
            save_decision_policy=sdp.SpecificStepsPolicy(
                range(0, 10**9, 1000))))
    assert len(m.SerializeToString()) < 100
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(
                save_decision_policy=sdp.SpecificStepsPolicy(
                    range(0, 10**15, 1000))))
    (d, ) = raised.value.diagnostics
    assert d.path == "save_decision_policy.specific_steps.steps"
    assert "more than 1000000 steps" in d.message
    # CustomSteps: a sorted list to Orbax, which keeps a set.
    x = orbax_options.to_orbax(
        text_format.Parse(
            "preservation_policy { custom_steps { steps { "
            "ranges { start: 0 stop: 30 step: 10 } steps: 7 } } }", Manager()))
    assert x.preservation_policy._steps_set == {0, 7, 10, 20}


def test_read_only_resets_as_orbax_does():
    x = ocp.CheckpointManagerOptions(read_only=True,
                                     max_to_keep=3,
                                     save_on_steps={5},
                                     keep_period=10,
                                     should_save_fn=should_save)
    m = orbax_options.from_orbax(x)
    config = orbax_options.loads(
        "read_only: true max_to_keep: 3 save_on_steps { steps: 5 } "
        "keep_period: 10",
        "textproto",
        type=Manager)
    assert m == config.effective
    assert {w.path for w in config.warnings} == {
        "save_interval_steps", "max_to_keep", "keep_period", "create",
        "save_on_steps"
    }
    back = orbax_options.to_orbax(text_format.Parse(
        "read_only: true max_to_keep: 3", Manager()),
                                  should_save_fn=should_save)
    assert (back.max_to_keep, back.should_save_fn) == (None, None)
    assert same(back, x)


# --- Random options ---------------------------------------------------------


def _random_steps(rng):
    steps = set()
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            start = rng.choice([0, rng.randint(0, 10**6), 2**62 - 1000])
            steps.update(range(start, start + rng.randint(1, 50),
                               rng.randint(1, 7)))
        else:
            steps.add(rng.randint(0, 2**62 - 1))
    return steps


def _random_save_policy(rng, depth=0):
    choice = rng.randrange(6 if depth < 3 else 5)
    if choice == 0:
        return sdp.FixedIntervalPolicy(rng.randint(1, 10**6))
    if choice == 1:
        return sdp.SpecificStepsPolicy(_random_steps(rng))
    if choice == 2:
        return sdp.ContinuousCheckpointingPolicy(
            minimum_interval_secs=rng.choice([None, 0, 3600]))
    if choice == 3:
        return sdp.PreemptionCheckpointingPolicy()
    if choice == 4:
        return sdp.InitialSavePolicy()
    return sdp.AnySavePolicy([
        _random_save_policy(rng, depth + 1)
        for _ in range(rng.randint(0, 3))
    ])


def _random_preservation_policy(rng, depth=0):
    choice = rng.randrange(9 if depth < 3 else 8)
    optional = lambda: rng.choice([None, 0, rng.randint(1, 100)])
    if choice == 0:
        return pp.PreserveAll()
    if choice == 1:
        return pp.LatestN(optional())
    if choice == 2:
        return pp.EveryNSeconds(rng.randint(1, 10**6))
    if choice == 3:
        return pp.EveryNSteps(rng.randint(1, 10**4), rng.random() < 0.5,
                              optional())
    if choice == 4:
        return pp.EveryNStepsClosest(rng.randint(1, 10**4), optional())
    if choice == 5:
        return pp.CustomSteps(sorted(_random_steps(rng)))
    if choice == 6:
        return pp.BestN(get_metric_fn=rng.choice([metric, other_metric]),
                        reverse=rng.random() < 0.5,
                        n=optional(),
                        keep_checkpoints_without_metrics=rng.random() < 0.5)
    if choice == 7:
        return pp.LatestDuration(
            datetime.timedelta(seconds=rng.randint(1, 10**7),
                               microseconds=rng.randint(0, 999999)))
    return pp.AnyPreservationPolicy([
        _random_preservation_policy(rng, depth + 1)
        for _ in range(rng.randint(1, 3))
    ])


def random_manager(rng):
    """Valid Orbax CheckpointManagerOptions, every attribute random, the
    callables and those of the option objects it holds included."""
    read_only = rng.random() < 0.2
    save_policy = _random_save_policy(rng) if rng.random() < 0.5 else None
    preservation = (_random_preservation_policy(rng)
                    if rng.random() < 0.5 else None)
    single_host = rng.random() < 0.5
    kwargs = dict(
        save_interval_steps=rng.choice([1, rng.randint(1, 10**6)]),
        best_fn=rng.choice([None, metric]),
        best_mode=rng.choice(["max", "min"]),
        keep_checkpoints_without_metrics=rng.random() < 0.5,
        step_prefix=rng.choice([None, "", "step", "ünïcode"]),
        step_format_fixed_length=rng.choice([None, 8, rng.randint(1, 20)]),
        step_name_format=rng.choice([None, name_format(single_host)]),
        cleanup_tmp_directories=rng.random() < 0.5,
        save_on_steps=rng.choice([None, _random_steps(rng)]),
        single_host_load_and_broadcast=single_host,
        enable_background_delete=rng.random() < 0.5,
        num_deletion_threads=rng.choice([None, rng.randint(1, 64)]),
        read_only=read_only,
        enable_async_checkpointing=rng.random() < 0.5,
        async_options=rng.choice([
            None,
            ocp_options.AsyncOptions(
                timeout_secs=rng.randint(1, 10**5),
                barrier_sync_fn=rng.choice([None, barrier]),
                post_finalization_callback=rng.choice([None, finalized]),
                create_directories_asynchronously=rng.random() < 0.5)
        ]),
        should_save_fn=rng.choice([None, should_save]),
        file_options=ocp_options.FileOptions(
            path_permission_mode=rng.choice(
                [None, 0o750, rng.randint(0, 0o7777)]),
            skip_sync_file_validations=rng.random() < 0.5),
        atomicity_options=rng.choice([
            None,
            ocp_options.AtomicityOptions(
                mode=rng.choice(list(ocp_options.AtomicityMode)),
                allow_legacy_atomic_rename=rng.random() < 0.5)
        ]),
        save_root_metadata=rng.random() < 0.5,
        temporary_path_class=rng.choice([
            None, atomicity.AtomicRenameTemporaryPath,
            atomicity.CommitFileTemporaryPath
        ]),
        save_decision_policy=save_policy,
        preservation_policy=preservation,
        prevent_write_metrics=rng.random() < 0.5,
        enable_should_save_is_saving_in_progress_check=rng.random() < 0.5,
        lightweight_initialize=rng.random() < 0.5,
    )
    # The legacy keep options: none beside a preservation policy.
    if preservation is None or read_only:
        kwargs.update(
            max_to_keep=rng.choice([None, 0, rng.randint(1, 100)]),
            keep_time_interval=rng.choice(
                [None, datetime.timedelta(hours=rng.randint(1, 100))]),
            keep_period=rng.choice([None, rng.randint(1, 10**4)]))
    # One todelete_* at most; a primary host or per-process directories;
    # active processes only without create.
    kwargs[rng.choice(["todelete_subdir", "todelete_full_path"])] = rng.choice(
        [None, "trash"])
    per_process = rng.random() < 0.3
    active = rng.choice([None, {0, 1, 2, 3}]) if rng.random() < 0.3 else None
    kwargs.update(
        enable_per_process_directory_creation=per_process,
        create=active is None and rng.random() < 0.8,
        multiprocessing_options=ocp_options.MultiprocessingOptions(
            primary_host=None if per_process else rng.choice([None, 0]),
            active_processes=active,
            barrier_sync_key_prefix=rng.choice([None, "", "job ✓"])))
    return ocp.CheckpointManagerOptions(**kwargs)


def _means(message, effective):
    """Whether `message` is valid and its effective form is `effective`."""
    try:
        return orbax_options.loads(message.SerializeToString(),
                                   "binpb",
                                   type=Manager).effective == effective
    except orbax_options.ConfigError:
        return False


def _sets(message):
    """The StepSets and ProcessSets in `message`, at any depth."""
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        for element in value if field.is_repeated else (value, ):
            if field.message_type.name in ("StepSet", "ProcessSet"):
                yield element
            else:
                yield from _sets(element)


def _respell(rng, sets):
    """Writes each StepSet or ProcessSet in `sets` otherwise: its members
    as single steps or indices, shuffled, some twice."""
    for message in sets:
        single = "steps" if "steps" in message.DESCRIPTOR.fields_by_name else (
            "process_indices")
        members = set(getattr(message, single))
        for r in message.ranges:
            members.update(range(r.start, r.stop, getattr(r, "step", 1) or 1))
        members = list(members)
        members += rng.sample(members, len(members) // 3)
        rng.shuffle(members)
        message.ClearField("ranges")
        message.ClearField(single)
        getattr(message, single).extend(members)


def _unset_at_random(rng, root, message, effective):
    """Unsets fields of `message` (in `root`) at random, depth first, each
    where that leaves `root` meaning `effective`."""
    for field, value in message.ListFields():
        if field.is_repeated:
            for element in value if field.message_type else ():
                _unset_at_random(rng, root, element, effective)
            continue
        if field.message_type:
            _unset_at_random(rng, root, value, effective)
        if rng.random() < 0.5:
            saved = value
            if field.message_type:
                saved = type(value)()
                saved.CopyFrom(value)
            message.ClearField(field.name)
            if _means(root, effective):
                continue
            if field.message_type:
                getattr(message, field.name).SetInParent()
                getattr(message, field.name).CopyFrom(saved)
            else:
                setattr(message, field.name, saved)


def random_message(rng):
    """A valid message and the Orbax options it means: random Orbax options
    as messages are written by hand, with fields at their defaults unset at
    random (whole sub-messages too), step and process sets spelled at
    random, and, with read_only, the fields it resets set to anything."""
    x = random_manager(rng)
    m = orbax_options.from_orbax(x)
    effective = type(m)()
    effective.CopyFrom(m)
    _unset_at_random(rng, m, m, effective)
    _respell(rng, list(_sets(m)))
    if m.read_only:
        for field, value in (("save_interval_steps", rng.randint(1, 100)),
                             ("create", True), ("cleanup_tmp_directories",
                                                True)):
            if rng.random() < 0.5:
                setattr(m, field, value)
    return m, x


def test_to_orbax_of_from_orbax_is_the_identity():
    rng = random.Random(SEED)
    for _ in range(SAMPLES):
        x = random_manager(rng)
        message = orbax_options.from_orbax(x)
        back = orbax_options.to_orbax(message,
                                      **orbax_options.orbax_callables(x))
        assert same(back, x), (x, back)
        # from_orbax() gives the explicit form: loading it changes nothing.
        config = orbax_options.loads(message.SerializeToString(),
                                     "binpb",
                                     type=Manager)
        assert config.effective == message
        assert orbax_options.fingerprint(message) == config.fingerprint


def test_from_orbax_of_to_orbax_is_the_effective_form():
    rng = random.Random(SEED + 2)
    for _ in range(SAMPLES):
        m, x = random_message(rng)
        config = orbax_options.loads(m.SerializeToString(),
                                     "binpb",
                                     type=Manager)
        assert config.fingerprint == orbax_options.fingerprint(m)
        # The hand-written message means the options it was made from...
        assert config.effective == orbax_options.from_orbax(x)
        # ...and goes to Orbax and back as its effective form.
        back = orbax_options.from_orbax(
            orbax_options.to_orbax(m, **orbax_options.orbax_callables(x)))
        assert back == config.effective
        assert orbax_options.fingerprint(back) == config.fingerprint


def test_fingerprint_of_from_orbax_equals_the_commands(tmp_path):
    rng = random.Random(SEED + 1)
    for _ in range(20):
        message = orbax_options.from_orbax(random_manager(rng))
        assert orbax_options.fingerprint(message) == _command_fingerprint(
            tmp_path, message)


# --- Errors ------------------------------------------------------------------


def _with(**changes):
    """A CheckpointManagerOptions with attributes changed after
    __post_init__, as a program may do (dataclasses are not frozen)."""
    x = ocp.CheckpointManagerOptions()
    for name, value in changes.items():
        setattr(x, name, value)
    return x


class CustomPolicy(sdp.SaveDecisionPolicy):

    def should_save(self, step, previous_steps, *, context):
        return True


class MyFixedInterval(sdp.FixedIntervalPolicy):
    pass


def test_values_the_schema_cant_hold_are_config_errors():
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            _with(best_mode="median",
                  max_to_keep=2**63,
                  step_format_fixed_length=2**31,
                  save_on_steps={1, 2**63}))
    assert str(raised.value) == (
        "<from_orbax>: error: max_to_keep: 9223372036854775808 is out of the "
        "range of int64 [-9223372036854775808, 9223372036854775807]\n"
        "<from_orbax>: error: best_mode: unknown best_mode 'median'; "
        "expected one of 'max', 'min'\n"
        "<from_orbax>: error: step_format_fixed_length: 2147483648 is out of "
        "the range of int32 [-2147483648, 2147483647]\n"
        "<from_orbax>: error: save_on_steps[1]: 9223372036854775808 is out of "
        "the range of int64 [-9223372036854775808, 9223372036854775807]")


def test_invalid_options_are_config_errors_from_cpp():
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(
                save_on_steps={-1, 5},
                preservation_policy=pp.AnyPreservationPolicy(
                    [pp.EveryNSteps(0)])))
    assert [(d.file, d.path, d.message)
            for d in raised.value.diagnostics] == [
                ("<from_orbax>", "save_on_steps.steps[0]",
                 "training steps start at 0, got -1"),
                ("<from_orbax>",
                 "preservation_policy.any.policies[0].every_n_steps."
                 "interval_steps",
                 'must not be 0: Orbax raises "interval_steps must not be 0" '
                 "when it first decides which checkpoints to keep"),
            ]
    # A policy that holds itself is refused where it does (more in
    # test_amplification.py).
    cycle = sdp.AnySavePolicy([])
    cycle.policies.append(cycle)
    with pytest.raises(orbax_options.ConfigError) as raised:
        orbax_options.from_orbax(
            ocp.CheckpointManagerOptions(save_decision_policy=cycle))
    (d, ) = raised.value.diagnostics
    assert d.path == "save_decision_policy.any.policies[0]"
    assert d.message.startswith("AnySavePolicy holds itself")


@pytest.mark.parametrize("changes,match", [
    ({"best_mode": 1}, "from_orbax(): best_mode must be str, not int"),
    ({"save_interval_steps": None},
     "from_orbax(): save_interval_steps must be int, not NoneType"),
    ({"keep_time_interval": 3600},
     "from_orbax(): keep_time_interval must be datetime.timedelta, not int"),
    ({"save_on_steps": "1,2"},
     "from_orbax(): save_on_steps must be a container of int, not str"),
    ({"save_on_steps": {1.5}},
     "from_orbax(): save_on_steps[0] must be int, not float"),
    ({"read_only": 1}, "from_orbax(): read_only must be bool, not int"),
    ({"async_options": {"timeout_secs": 5}},
     "from_orbax(): async_options must be orbax.checkpoint.options."
     "AsyncOptions, not dict"),
    ({"async_options": ocp_options.AsyncOptions(timeout_secs="5")},
     "from_orbax(): async_options.timeout_secs must be int, not str"),
    ({"save_decision_policy": CustomPolicy()},
     "from_orbax(): save_decision_policy must be one of Orbax's "
     "SaveDecisionPolicy classes (FixedIntervalPolicy, SpecificStepsPolicy, "
     "ContinuousCheckpointingPolicy, PreemptionCheckpointingPolicy, "
     "InitialSavePolicy, AnySavePolicy; a custom policy has no schema "
     "form), not CustomPolicy"),
    ({"save_decision_policy": MyFixedInterval(5)}, "not MyFixedInterval"),
    ({"preservation_policy": sdp.InitialSavePolicy()},
     "preservation_policy must be one of Orbax's PreservationPolicy classes"),
    ({"preservation_policy": pp.AnyPreservationPolicy(5)},
     "from_orbax(): preservation_policy.any.policies must be a sequence of "
     "policies, not int"),
    ({"preservation_policy": pp.AnyPreservationPolicy([pp.LatestN("3")])},
     "preservation_policy.any.policies[0].latest_n.n must be int, not str"),
    ({"preservation_policy": pp.LatestDuration(60)},
     "preservation_policy.latest_duration.duration must be "
     "datetime.timedelta, not int"),
])
def test_wrong_types_are_type_errors(changes, match):
    with pytest.raises(TypeError) as raised:
        orbax_options.from_orbax(_with(**changes))
    assert match in str(raised.value)


def test_from_orbax_takes_a_manager_alone():
    with pytest.raises(TypeError) as raised:
        orbax_options.from_orbax(ocp.CheckpointManagerOptions(),
                                 file_options=ocp_options.FileOptions())
    assert str(raised.value) == ("from_orbax() takes a CheckpointManagerOptions"
                                 " alone, with no other argument")
    with pytest.raises(TypeError) as raised:
        orbax_options.from_orbax(ocp_options.FileOptions())
    assert str(raised.value) == (
        "from_orbax() argument 'async_options' must be "
        "orbax.checkpoint.options.AsyncOptions, "
        "orbax.checkpoint.CheckpointManagerOptions or None, not FileOptions")


def test_to_orbax_argument_errors():
    with pytest.raises(ValueError) as raised:
        orbax_options.to_orbax(Manager(), barrier_sync_fn=barrier)
    assert str(raised.value) == (
        "to_orbax() argument 'barrier_sync_fn' goes into async_options, "
        "which the message leaves unset (Python None, not an AsyncOptions to "
        "attach it to); set async_options (`async_options {}` for Orbax's "
        "defaults)")
    x = orbax_options.to_orbax(text_format.Parse("async_options {}",
                                                 Manager()),
                               post_finalization_callback=finalized)
    assert x.async_options.post_finalization_callback is finalized
    for argument, value in (("best_fn", metric), ("should_save_fn",
                                                  should_save),
                            ("step_name_format", name_format()),
                            ("temporary_path_class", TemporaryPath),
                            ("get_metric_fns", metric)):
        with pytest.raises(TypeError) as raised:
            orbax_options.to_orbax(options_pb2.CheckpointOptions(),
                                   **{argument: value})
        assert str(raised.value) == (
            f"to_orbax() argument '{argument}' is for a "
            "CheckpointManagerOptions, not a CheckpointOptions")
    for argument, value, match in (
        ("best_fn", 3, "'best_fn' must be callable or None, not int"),
        ("should_save_fn", "x",
         "'should_save_fn' must be callable or None, not str"),
        ("temporary_path_class", "commit_file",
         "'temporary_path_class' must be a class or None, not str"),
        ("get_metric_fns", 3,
         "'get_metric_fns' must be callable, a mapping from BestN paths to "
         "callables, or None, not int"),
    ):
        with pytest.raises(TypeError, match=match):
            orbax_options.to_orbax(Manager(), **{argument: value})
    with pytest.raises(orbax_options.ConfigError,
                       match="<message>: error: max_to_keep"):
        orbax_options.to_orbax(Manager(max_to_keep=-1))


def test_orbax_callables():
    assert orbax_options.orbax_callables(
        ocp_options.AsyncOptions(barrier_sync_fn=barrier)) == {
            "barrier_sync_fn": barrier
        }
    assert orbax_options.orbax_callables(ocp.CheckpointManagerOptions()) == {}
    with pytest.raises(TypeError) as raised:
        orbax_options.orbax_callables(ocp_options.FileOptions())
    assert str(raised.value) == (
        "orbax_callables() argument 'options' must be "
        "orbax.checkpoint.CheckpointManagerOptions, "
        "orbax.checkpoint.options.AsyncOptions, "
        "orbax.checkpoint.experimental.v1.Context or "
        "orbax_options.CheckpointerArguments, not FileOptions")


def test_an_orbax_without_the_manager_is_a_clear_import_error(monkeypatch):
    # The real Orbax less its CheckpointManagerOptions, as a release without
    # the manager's options has it: CheckpointOptions convert, a manager
    # says what is missing.
    monkeypatch.delattr(ocp, "CheckpointManagerOptions")
    m = orbax_options.from_orbax()
    assert orbax_options.to_orbax(m).file_options == ocp_options.FileOptions()
    with pytest.raises(ImportError) as raised:
        orbax_options.to_orbax(Manager())
    assert str(raised.value) == (
        "orbax_options.to_orbax() needs Orbax's "
        "orbax.checkpoint.CheckpointManagerOptions (pip install "
        "'orbax-options[orbax]'): module 'orbax.checkpoint' has no attribute "
        "'CheckpointManagerOptions'")
