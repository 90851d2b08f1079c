# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""`orbax_options.plan()` against the real Orbax CheckpointManager
(plan_oracle.py), on seeded random configs and schedules: every
save-decision and preservation policy with a schema form, nested `any`s, the
legacy fields Orbax turns into policies (`best_fn` with `best_mode` and
`keep_checkpoints_without_metrics`, with some metrics missing), existing
steps at start (ahead of the run too), `read_only`, `prevent_write_metrics`,
`lightweight_initialize` and `todelete_subdir`, and step times from
`step_seconds` and from irregular `step_times`, scaled so that the time
rules often meet their boundaries exactly.

After every step the plan's `on_disk_after()` must be Orbax's `all_steps()`
(which the oracle checks against the step directories on disk); the steps
saved, those where Orbax's `save()` returned True; the deletions, each at
the step whose save made it; and the peak, the step directories on disk
right after a save and before its deletions. A disagreement prints the
config (text format), the schedule, the step and both sets. The configs
must cover every policy and field the plan plays (COVERED)."""

import random

from google.protobuf import message as message_lib
from google.protobuf import text_format

import orbax_options
from orbax_options.v1 import checkpoint_manager_options_pb2 as cmo_pb2

import plan_oracle

SEED = 20261207
SAMPLES = 320
METRIC = "loss"
MAX_SKIPPED = SAMPLES // 10


class Shape:
    """What the policies of a random config are scaled to: `stop`, past the
    run's steps, and `unit`, the typical seconds between saves, so that the
    time rules often meet their boundaries exactly."""

    def __init__(self, stop, unit):
        self.stop = stop
        self.unit = unit


def whole_seconds(rng, shape):
    if rng.random() < 0.75:
        return round(rng.randint(0, 6) * shape.unit)
    return rng.choice((0, 1, 10, 60, 600))


def set_duration(rng, message, shape):
    """Sets the Duration `message` to a few units or a fixed time, in whole
    microseconds."""
    if rng.random() < 0.75:
        micros = round(rng.randint(0, 6) * shape.unit * 1e6)
    else:
        micros = rng.choice((1, 10**6, 2500000, 60 * 10**6))
    message.seconds, micros = divmod(micros, 10**6)
    message.nanos = micros * 1000


def step_set(rng, message, low, high):
    """Fills the StepSet `message` with steps in [low, high)."""
    high = max(high, low + 1)
    message.steps.extend(
        sorted(rng.sample(range(low, high), min(high - low,
                                                rng.randint(0, 5)))))
    if rng.random() < 0.3:
        start = rng.randrange(low, high)
        message.ranges.add(start=start,
                           stop=start + rng.randint(1, 12),
                           step=rng.choice((0, 1, 2, 3)))


def save_policy(rng, message, shape, depth=0):
    """A random SaveDecisionPolicy in `message`."""
    kinds = ["fixed_interval", "specific_steps", "continuous", "initial_save",
             "preemption"]
    if depth < 2:
        kinds += ["any", "any"]
    kind = rng.choice(kinds)
    if kind == "fixed_interval":
        message.fixed_interval.interval = rng.randint(1, 6)
    elif kind == "specific_steps":
        message.specific_steps.SetInParent()
        step_set(rng, message.specific_steps.steps, 0, shape.stop + 3)
    elif kind == "continuous":
        message.continuous_checkpointing.SetInParent()
        if rng.random() < 0.8:
            message.continuous_checkpointing.minimum_interval_secs = (
                whole_seconds(rng, shape))
    elif kind == "initial_save":
        message.initial_save.SetInParent()
    elif kind == "preemption":
        message.preemption_checkpointing.SetInParent()
    else:
        message.any.SetInParent()
        for _ in range(rng.randint(1, 3)):
            save_policy(rng, message.any.policies.add(), shape, depth + 1)


def optional_count(rng, top=4):
    return None if rng.random() < 0.2 else rng.randint(0, top)


def preservation_policy(rng, message, shape, depth=0):
    """A random PreservationPolicy in `message`; returns whether it holds a
    BestN."""
    kinds = ["preserve_all", "latest_n", "every_n_seconds", "every_n_steps",
             "every_n_steps_closest", "custom_steps", "best_n",
             "latest_duration"]
    if depth < 2:
        kinds += ["any", "any"]
    kind = rng.choice(kinds)
    if kind == "preserve_all":
        message.preserve_all.SetInParent()
    elif kind == "latest_n":
        message.latest_n.SetInParent()
        n = optional_count(rng)
        if n is not None:
            message.latest_n.n = n
    elif kind == "every_n_seconds":
        message.every_n_seconds.interval_secs = whole_seconds(rng, shape)
    elif kind == "every_n_steps":
        policy = message.every_n_steps
        policy.interval_steps = rng.randint(1, 6)
        if rng.random() < 0.6:
            policy.exact_interval = rng.random() < 0.5
        n = optional_count(rng)
        if n is not None:
            policy.max_to_keep = n
    elif kind == "every_n_steps_closest":
        policy = message.every_n_steps_closest
        # Even intervals put odd steps half way, where Python's round()
        # goes to even.
        policy.interval_steps = rng.choice((1, 2, 2, 3, 4, 4, 5, 6))
        n = optional_count(rng)
        if n is not None:
            policy.max_to_keep = n
    elif kind == "custom_steps":
        message.custom_steps.SetInParent()
        step_set(rng, message.custom_steps.steps, 0, shape.stop + 3)
    elif kind == "best_n":
        policy = message.best_n
        policy.SetInParent()
        if rng.random() < 0.6:
            policy.reverse = rng.random() < 0.5
        n = optional_count(rng)
        if n is not None:
            policy.n = n
        if rng.random() < 0.6:
            policy.keep_checkpoints_without_metrics = rng.random() < 0.5
        return True
    elif kind == "latest_duration":
        set_duration(rng, message.latest_duration.duration, shape)
    else:
        message.any.SetInParent()
        return any([  # a list: every child is made
            preservation_policy(rng, message.any.policies.add(), shape,
                                depth + 1) for _ in range(rng.randint(1, 3))
        ])
    return False


def legacy_save(rng, message, shape):
    if rng.random() < 0.7:
        message.save_interval_steps = rng.randint(1, 7)
    if rng.random() < 0.4:
        step_set(rng, message.save_on_steps, 0, shape.stop + 3)


def legacy_preservation(rng, message, shape):
    """The legacy deletion fields; returns whether `best_fn` is wanted."""
    if rng.random() < 0.7:
        message.max_to_keep = rng.randint(0, 5)
    if rng.random() < 0.3:
        message.keep_period = rng.randint(1, 6)
    if rng.random() < 0.3:
        set_duration(rng, message.keep_time_interval, shape)
        if rng.random() < 0.4:
            # Orbax keeps int(total_seconds()): a fraction is dropped.
            message.keep_time_interval.nanos = 500000000
    best = rng.random() < 0.4
    if best and rng.random() < 0.7:
        message.best_mode = rng.choice(
            (cmo_pb2.BEST_MODE_MAX, cmo_pb2.BEST_MODE_MIN,
             cmo_pb2.BEST_MODE_UNSPECIFIED))
    if best and rng.random() < 0.6:
        message.keep_checkpoints_without_metrics = rng.random() < 0.5
    return best


def schedule_of(rng):
    """The steps, `step_seconds` (None for irregular times), the times of
    every step (dict), the typical seconds between steps, existing steps and
    metrics of a random run."""
    start = rng.choice((0, 0, 1, 3, 10))
    stride = rng.choice((1, 1, 2, 2, 3))
    steps = range(start, start + stride * rng.randint(5, 24), stride)
    existing = ()
    if rng.random() < 0.35:
        existing = tuple(
            sorted(rng.sample(range(0, steps.stop + 2), rng.randint(1, 4))))
    reached = sorted(set(steps) | set(existing))
    if rng.random() < 0.5:
        step_seconds = rng.choice((0.25, 1.0, 2.5, 7.0, 10.0, 30.0, 60.0))
        times = {step: step * step_seconds for step in reached}
        unit = step_seconds * stride
    else:
        step_seconds = None
        now = rng.choice((0.0, 100.0, 12345.5))
        unit = rng.choice((0.25, 1.0, 4.0, 30.0))
        times = {}
        for step in reached:
            times[step] = now
            now += rng.choice((0, 1, 1, 1, 2, 3, 5)) * unit
    metrics = {}
    for step in reached:
        if rng.random() < 0.8:
            metrics[step] = {
                METRIC: float(rng.choice((1, 2, 3, 4, 5))) if
                rng.random() < 0.5 else round(rng.uniform(0, 10), 3),
                "accuracy": rng.random()
            }
    return steps, step_seconds, times, unit, existing, metrics


def random_case(rng):
    """A random config (message), its schedule and metric (or None)."""
    steps, step_seconds, times, unit, existing, metrics = schedule_of(rng)
    shape = Shape(steps.stop, unit)
    message = cmo_pb2.CheckpointManagerOptions()
    if rng.random() < 0.5:
        legacy_save(rng, message, shape)
    else:
        save_policy(rng, message.save_decision_policy, shape)
        if rng.random() < 0.1:
            legacy_save(rng, message, shape)  # ignored by Orbax
    if rng.random() < 0.5:
        best = legacy_preservation(rng, message, shape)
    else:
        best = preservation_policy(rng, message.preservation_policy, shape)
        if rng.random() < 0.05:
            message.max_to_keep = 2  # invalid with a policy
    if rng.random() < 0.04:
        message.read_only = True
    if rng.random() < 0.3:
        message.prevent_write_metrics = True
    if rng.random() < 0.08:
        message.lightweight_initialize = True
    if rng.random() < 0.05:
        message.todelete_subdir = "trash"  # moved there: gone for Orbax
    metric = METRIC if best or rng.random() < 0.15 else None
    return message, dict(steps=steps,
                         step_seconds=step_seconds,
                         times=times,
                         existing_steps=existing,
                         metrics=metrics if metric else None,
                         metric=metric,
                         checkpoint_bytes=rng.choice((None, 1, 123456789)))


def cases():
    rng = random.Random(SEED)
    return [random_case(rng) for _ in range(SAMPLES)]


def orbax_records(message, case):
    return plan_oracle.run(message,
                           steps=case["steps"],
                           step_time=case["times"].__getitem__,
                           metrics=case["metrics"],
                           metric=case["metric"],
                           existing_steps=case["existing_steps"])


def plan_of(message, case):
    times = {}
    if case["step_seconds"] is None:
        times = dict(step_times=case["times"])
    else:
        times = dict(step_seconds=case["step_seconds"])
    return orbax_options.plan(message,
                              steps=case["steps"],
                              metrics=case["metrics"],
                              metric=case["metric"],
                              existing_steps=case["existing_steps"],
                              checkpoint_bytes=case["checkpoint_bytes"],
                              **times)


def steps_of(items):
    return tuple(getattr(item, "step", item) for item in items)


def describe(message, case):
    shown = {k: v for k, v in case.items() if k != "times"}
    if case["step_seconds"] is None:
        shown["step_times"] = case["times"]
    return (f"config:\n{text_format.MessageToString(message)}"
            f"schedule: {shown}")


def orbax_deletions(case, records):
    """The (step, at_step) of each checkpoint Orbax deleted, in order."""
    deletions = []
    before = set(case["existing_steps"])
    for record in records:
        if record.saved:
            before.add(record.step)
        deletions += [(step, record.step)
                      for step in sorted(before - set(record.all_steps))]
        before = set(record.all_steps)
    return deletions


def orbax_peak(case, records):
    """The most step directories on disk at once (at the start, or right
    after a save, before its deletions) and the first step with that many."""
    peak, peak_step = len(case["existing_steps"]), case["steps"][0]
    for record in records:
        if (record.on_disk_before_deletions is not None and
                record.on_disk_before_deletions > peak):
            peak, peak_step = record.on_disk_before_deletions, record.step
    return peak, peak_step


def disagreements(message, case, plan, records):
    """What the plan says that Orbax did not, one line each."""
    found = []
    saved = tuple(record.step for record in records if record.saved)
    if tuple(sorted(steps_of(plan.saved))) != saved:
        found.append(f"saved: plan {sorted(steps_of(plan.saved))}, "
                     f"Orbax {list(saved)}")
    for record in records:
        on_disk = tuple(plan.on_disk_after(record.step))
        if on_disk != record.all_steps:
            found.append(f"after step {record.step}: plan {list(on_disk)}, "
                         f"Orbax all_steps() {list(record.all_steps)}")
            break
    if records and tuple(sorted(steps_of(plan.kept))) != records[-1].all_steps:
        found.append(f"kept: plan {sorted(steps_of(plan.kept))}, "
                     f"Orbax {list(records[-1].all_steps)}")
    deletions = [(item.step, item.at_step) for item in plan.deletions]
    if deletions != orbax_deletions(case, records):
        found.append(f"deletions (step, at_step): plan {deletions}, "
                     f"Orbax {orbax_deletions(case, records)}")
    peak = (plan.peak_checkpoints, plan.peak_step)
    if peak != orbax_peak(case, records):
        found.append(f"(peak_checkpoints, peak_step): plan {peak}, "
                     f"Orbax {orbax_peak(case, records)}")
    size = case["checkpoint_bytes"]
    if plan.peak_bytes != (None if size is None else size *
                           plan.peak_checkpoints):
        found.append(f"peak_bytes: {plan.peak_bytes} for {size} bytes each")
    return found


# What the random configs must cover: every policy and field the plan plays
# (each a field name set somewhere in a valid config), existing steps, and
# irregular step times.
COVERED = {
    "fixed_interval", "specific_steps", "continuous_checkpointing",
    "minimum_interval_secs", "initial_save", "preemption_checkpointing",
    "any", "preserve_all", "latest_n", "every_n_seconds", "every_n_steps",
    "exact_interval", "every_n_steps_closest", "custom_steps", "best_n",
    "reverse", "latest_duration", "save_interval_steps", "save_on_steps",
    "max_to_keep", "keep_period", "keep_time_interval", "best_mode",
    "keep_checkpoints_without_metrics", "read_only", "prevent_write_metrics",
    "lightweight_initialize", "todelete_subdir",
    "ranges", "existing steps", "step_times", "missing metrics"
}


def covered(message, case):
    """The names in COVERED that `message` and `case` use."""
    names = set()
    pending = [message]
    while pending:
        for field, value in pending.pop().ListFields():
            names.add(field.name)
            if isinstance(value, message_lib.Message):
                pending.append(value)
            elif field.message_type is not None:
                pending.extend(value)
    if case["existing_steps"]:
        names.add("existing steps")
    if case["step_seconds"] is None:
        names.add("step_times")
    if case["metric"] and len(case["metrics"]) < len(case["times"]):
        names.add("missing metrics")
    return names


def outcomes(message, case):
    """The plan or the ValueError it raised, and Orbax's records or the
    OrbaxRaised it raised."""
    try:
        plan = plan_of(message, case)
    except ValueError as error:
        plan = error
    try:
        records = orbax_records(message, case)
    except plan_oracle.OrbaxRaised as raised:
        records = raised
    return plan, records


def compare(index, message, case):
    """Runs the plan and Orbax on one valid case; returns what differs (a
    failure message), "failed alike" when both fail at the same step (Orbax
    with a TypeError: lightweight_initialize's naive times, which the plan
    names), or None when they agree."""
    plan, records = outcomes(message, case)
    plan_failed = isinstance(plan, ValueError)
    orbax_failed = isinstance(records, plan_oracle.OrbaxRaised)
    if plan_failed and orbax_failed:
        named = f"at step {records.step}, Orbax raises TypeError"
        if isinstance(records.error, TypeError) and named in str(plan):
            return "failed alike"
        found = [f"plan() raised {plan}; Orbax raised {records}"]
    elif plan_failed:
        found = [f"plan() raised {plan}; Orbax did not"]
    elif orbax_failed:
        found = [f"Orbax raised {records}; the plan did not"]
    else:
        found = disagreements(message, case, plan, records)
    if not found:
        return None
    return f"case {index}: " + "; ".join(found) + "\n" + describe(
        message, case)


def valid_cases():
    """The cases whose config `orbax_options` accepts (index, message,
    case), and how many it refuses as invalid."""
    valid = []
    for index, (message, case) in enumerate(cases()):
        try:
            orbax_options.validate(message)
        except orbax_options.ConfigError:
            continue
        valid.append((index, message, case))
    return valid, SAMPLES - len(valid)


def test_random_configs_cover_every_policy_and_field():
    valid, _ = valid_cases()
    seen = set()
    for _, message, case in valid:
        seen |= covered(message, case)
    assert seen >= COVERED, f"not covered: {sorted(COVERED - seen)}"


def test_plan_agrees_with_orbax_after_every_step():
    valid, invalid = valid_cases()
    failed_alike = 0
    failures = []
    for index, message, case in valid:
        result = compare(index, message, case)
        if result == "failed alike":
            failed_alike += 1
        elif result:
            failures.append(result)
    assert not failures, (f"{len(failures)} of {SAMPLES} disagree:\n\n" +
                          "\n\n".join(failures[:10]))
    assert invalid + failed_alike <= MAX_SKIPPED, (
        f"{invalid} of {SAMPLES} configs invalid, {failed_alike} fail in "
        "both")
