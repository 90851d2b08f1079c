#!/usr/bin/python3
# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""Differential test of our JSON parser against Python's json_format.

Orbax reads these configs in Python, with google.protobuf.json_format
(Debian's python3-protobuf 3.21.12, for /usr/bin/python3). The rule: whatever
our parser accepts, Python must accept with an equal message; we may refuse
more, but only in the documented cases below.

Each input runs through both, with and without unknown fields allowed
(`parse_source json FILE [--allow-unknown-fields]`, which runs ParseLayer()
and prints the message as deterministic binary; `json_format.Parse(text,
message, ignore_unknown_fields=...)` then `SerializeToString(deterministic=
True)`). Verdicts:

  agree-accept   both accept, with byte-equal messages;
  agree-refuse   both refuse;
  documented     we refuse, Python accepts, in a case tagged below;
  FAIL           we accept and Python refuses, the messages differ, or we
                 refuse and Python accepts in a case not tagged.

Inputs, as CheckpointOptions: every .json in tests/bad_inputs/, examples/
and fuzz/corpus/json/, and several hundred generated ones (seeded,
deterministic): random valid options (every field, both key spellings, nulls,
numbers in every accepted form) and mutations of them for each strictness
rule. As CheckpointManagerOptions: every .json in
tests/bad_inputs/checkpoint_manager/, examples/checkpoint_manager/ and
fuzz/corpus/manager_json/, and probes of what only it has: durations
(google.protobuf.Duration's string form), int64 as numbers and strings,
sets of steps, policies and the BestMode enum.

Documented differences: inputs we refuse that Python accepts (tags):

  message-not-object   "" or [] as a message (the root included), which
                       Python reads as an empty message; with unknown
                       fields ignored, also a string or a list of strings
                       (Python iterates them as keys).
  enum-lenient         an enum as a numeric string ("2"), a boolean, or a
                       number that is not whole (2.7 is read as 2).
  int-string-lenient   an integer string with a sign '+', whitespace other
                       than a space ("\\t5"), underscores ("1_000") or
                       non-ASCII digits, which Python's int() accepts.
  not-whole-as-written a number whole only after rounding to a double
                       (1e-400 is 0, 1.00000000000000001e2 is 100).
  number-too-big       a number RapidJSON refuses as past the range of a
                       double though its value is fine or unused (0e400;
                       1e400 or 400 digits in an unknown field).
  both-spellings       the same field as snake_case and lowerCamelCase
                       (Python catches it only for proto3 `optional`
                       fields, and not when one of them is null).
  nan-infinity         NaN, Infinity, -Infinity literals (not JSON; Python's
                       json accepts them), in unknown fields.
  unpaired-surrogate   a lone UTF-16 surrogate escape in an unknown field's
                       key or value.
  too-deep             more than 100 levels of nesting in an unknown field
                       (Python's json gives up near 1000).
  empty-key            "" as a key of a message, which Python ignores as an
                       unknown field when allowed (protobuf's C++ parser
                       refuses it too).
  duration-lenient     a google.protobuf.Duration string that Python reads
                       with int() and float() leniency: a sign '+', a space,
                       non-ASCII digits, "5.s", or more than 9 fractional
                       digits (which Python cuts, losing the rest).

Usage: /usr/bin/python3 json_differential_test.py --protoc PROTOC
           --proto-dir DIR --out-dir DIR --parse-source PARSE_SOURCE
           --source-dir REPO [--verbose]
"""

import argparse
import collections
import glob
import json
import os
import random
import subprocess
import sys

ARGS = None
pb = None
json_format = None

SCHEMAS = ["orbax_options/v1/options.proto",
           "orbax_options/v1/checkpoint_manager_options.proto"]
OPTIONS = "CheckpointOptions"
MANAGER = "CheckpointManagerOptions"

# Catalogue files (relative to the repository) that we refuse and Python
# accepts, with the reason. Empty: every catalogue file agrees.
ALLOWLIST = {}

DOCUMENTED = {
    "message-not-object", "enum-lenient", "int-string-lenient",
    "not-whole-as-written", "number-too-big", "both-spellings",
    "nan-infinity", "unpaired-surrogate", "too-deep", "empty-key",
    "duration-lenient",
}


class Raw:
    """JSON text written as it is (numbers in any form, invalid JSON)."""

    def __init__(self, text):
        self.text = text


class Obj:
    """A JSON object as a list of (key, value) pairs: keys may repeat."""

    def __init__(self, *pairs):
        self.pairs = list(pairs)


def dump(value, r=None):
    """Writes `value` as JSON text, with random spacing and escaping."""
    space = (lambda: r.choice(["", " ", "\n  ", "\t"])) if r else (lambda: " ")
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        ascii_only = r.random() < 0.3 if r else False
        return json.dumps(value, ensure_ascii=ascii_only)
    if isinstance(value, list):
        return "[" + ",".join(space() + dump(v, r) for v in value) + "]"
    if isinstance(value, dict):
        value = Obj(*value.items())
    if isinstance(value, Obj):
        return "{" + ",".join(
            space() + dump(k, r) + ":" + space() + dump(v, r)
            for k, v in value.pairs) + space() + "}"
    raise TypeError(value)


# --- generated inputs ----------------------------------------------------------

FIELDS = {
    # message: [(snake, camel, kind)]
    "CheckpointOptions": [
        ("async_options", "asyncOptions", "AsyncOptions"),
        ("multiprocessing_options", "multiprocessingOptions",
         "MultiprocessingOptions"),
        ("file_options", "fileOptions", "FileOptions"),
        ("memory_limit_options", "memoryLimitOptions", "MemoryLimitOptions"),
        ("atomicity_options", "atomicityOptions", "AtomicityOptions"),
    ],
    "AsyncOptions": [
        ("timeout_secs", "timeoutSecs", "int32"),
        ("create_directories_asynchronously",
         "createDirectoriesAsynchronously", "bool"),
    ],
    "MultiprocessingOptions": [
        ("primary_host", "primaryHost", "int32"),
        ("all_hosts_primary", "allHostsPrimary", "Empty"),
        ("active_processes", "activeProcesses", "ProcessSet"),
        ("barrier_sync_key_prefix", "barrierSyncKeyPrefix", "string"),
    ],
    "ProcessSet": [
        ("process_indices", "processIndices", "[int32]"),
        ("ranges", "ranges", "[ProcessRange]"),
    ],
    "ProcessRange": [("start", "start", "int32"), ("stop", "stop", "int32")],
    "FileOptions": [("path_permission_mode", "pathPermissionMode", "int32")],
    "MemoryLimitOptions": [
        ("max_transfer_concurrent_gb", "maxTransferConcurrentGb", "int32")
    ],
    "AtomicityOptions": [
        ("mode", "mode", "AtomicityMode"),
        ("allow_legacy_atomic_rename", "allowLegacyAtomicRename", "bool"),
    ],
    "Empty": [],
}

MODES = ["ATOMICITY_MODE_UNSPECIFIED", "ATOMICITY_MODE_AUTO",
         "ATOMICITY_MODE_COMMIT_FILE", "ATOMICITY_MODE_ATOMIC_RENAME"]

STRINGS = ["", "job", "train_\u00e9tat", "a\"b\\c/d", "\u0000nul", "tab\tnl\n",
           "\U0001f600", "\u202e", "x" * 70, "\u00ff\u0100"]


def valid_int(r):
    """A valid int32 in one of the forms both parsers accept."""
    n = r.choice([0, 1, 7, 488, 1200, 2147483647, -1, -2147483648,
                  r.randint(-10**9, 10**9)])
    form = r.random()
    if form < 0.6:
        return Raw(str(n))
    if form < 0.8:
        return str(n)
    if form < 0.9:
        return Raw(f"{n}.0" if abs(n) < 2**53 else str(n))
    if n != 0 and abs(n) % 100 == 0:
        return Raw(f"{n // 100}e2")
    return Raw(f"{n}E0")


def valid_value(kind, r, depth=0):
    if kind == "int32":
        return valid_int(r)
    if kind == "bool":
        return r.choice([True, False])
    if kind == "string":
        return r.choice(STRINGS)
    if kind == "AtomicityMode":
        return r.choice(MODES + [Raw("2"), Raw("0"), Raw("7"), Raw("3.0")])
    if kind == "[int32]":
        return [valid_int(r) for _ in range(r.randint(0, 4))]
    if kind == "[ProcessRange]":
        return [valid_message("ProcessRange", r, depth + 1)
                for _ in range(r.randint(0, 3))]
    return valid_message(kind, r, depth + 1)


def valid_message(name, r, depth=0):
    pairs = []
    fields = list(FIELDS[name])
    r.shuffle(fields)
    oneof_set = False
    for snake, camel, kind in fields:
        if r.random() < 0.35:
            continue
        key = r.choice([snake, camel])
        value = None if r.random() < 0.1 else valid_value(kind, r, depth)
        if snake in ("primary_host", "all_hosts_primary") and value is not None:
            if oneof_set:
                value = None
            oneof_set = True
        pairs.append((key, value))
    return Obj(*pairs)


def generated(seed=20261129):
    """Yields (name, text, tag or None); tag names a documented difference
    that may make us refuse what Python accepts."""
    r = random.Random(seed)
    for i in range(250):
        yield f"valid_{i}", dump(valid_message("CheckpointOptions", r), r), None

    def wrap(path, value):
        """`value` at a dotted path of messages from the root."""
        for step in reversed(path.split(".")):
            value = Obj((step, value))
        return value

    cases = []
    add = lambda name, value, tag=None: cases.append((name, value, tag))

    # Booleans: only true and false.
    for v in ['"true"', '"yes"', '"t"', '"0"', '"FALSE"', "1", "0", "null",
              "[]", "{}", '"false"']:
        add(f"bool_{v}", wrap("async_options.create_directories_asynchronously",
                              Raw(v)))
    # Integers: numbers whole as written, digit strings.
    int_forms = {
        "1": None, "-5": None, "1e2": None, "1.0": None, "-0.0": None,
        "1.50e1": None, "2147483647": None, "-2147483648": None,
        "1.5": None, "1e400": None, "2147483648": None, "-2147483649": None,
        "99999999999999999999": None, "1e10": None, "0.5e1": None,
        "1e-400": "not-whole-as-written", "0e400": "number-too-big",
        "1.00000000000000001e2": "not-whole-as-written",
        '"0750"': None, '"-12"': None, '"00"': None, '"-0"': None,
        '"2147483648"': None, '"+5"': "int-string-lenient",
        '" 5"': None, '"\\t5"': "int-string-lenient",
        '"5\\n"': "int-string-lenient", '"1_000"': "int-string-lenient",
        '"\u0665"': "int-string-lenient", '""': None, '"-"': None,
        '"1e2"': None, '"1.0"': None, '"0x10"': None, "true": None,
        "[1]": None, "{}": None, '"\uff15"': "int-string-lenient",
    }
    for form, tag in int_forms.items():
        for path in ("async_options.timeout_secs",
                     "multiprocessing_options.primary_host",
                     "file_options.path_permission_mode"):
            add(f"int_{path}_{form}", wrap(path, Raw(form)), tag)
    # Lists: arrays or null only; elements never null, never lists.
    lists = {
        '{"process_indices": 0}': None,
        '{"process_indices": "1"}': None,
        '{"process_indices": {"0": 1}}': None,
        '{"ranges": {"stop": 3}}': None,
        '{"process_indices": [1, null, 3]}': None,
        '{"process_indices": [[7, [8]], 9]}': None,
        '{"process_indices": [[]]}': None,
        '{"ranges": [null]}': None,
        '{"ranges": [[]]}': "message-not-object",
        '{"ranges": [""]}': "message-not-object",
        '{"ranges": [{"stop": 3}, {"start": 1, "stop": 2}]}': None,
        '{"process_indices": null, "ranges": null}': None,
        '{"process_indices": ["1", 2.0, 3e0]}': None,
        '{"ranges": [{"stop": 3, "step": 2}]}': None,
    }
    for form, tag in lists.items():
        add(f"list_{form}",
            wrap("multiprocessing_options.active_processes", Raw(form)), tag)
    # Strings: JSON strings only, Unicode.
    for form in ['"a\\u00e9"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\udc00"',
                 '"\\ud800x"', '"\\u0000"', '"\x01"', '"\x7f"', "5", "true",
                 "[]", "{}", '"\\/"', '"\\x"', '"\xc3\xa9"']:
        add(f"string_{form}",
            wrap("multiprocessing_options.barrier_sync_key_prefix", Raw(form)))
    # Enums: by name or whole number.
    enum_forms = {
        '"ATOMICITY_MODE_AUTO"': None, '"ATOMICITY_MODE_NOPE"': None,
        '"atomicity_mode_auto"': None, '"AUTO"': None, "2": None, "2.0": None,
        "2e0": None, "99": None, "-1": None, "2147483648": None,
        '"2"': "enum-lenient", "true": "enum-lenient", "2.7": "enum-lenient",
        '" 2"': "enum-lenient", "[]": None, "{}": None, "null": None,
        "0.5": "enum-lenient",
    }
    for form, tag in enum_forms.items():
        add(f"enum_{form}", wrap("atomicity_options.mode", Raw(form)), tag)
    # Messages: objects or null.
    for form, tag in {'""': "message-not-object", "[]": "message-not-object",
                      '"xyz"': "message-not-object",
                      '["x"]': "message-not-object", "5": None, "true": None,
                      "null": None, "{}": None,
                      '"timeout_secs"': "message-not-object"}.items():
        add(f"message_{form}", Obj(("async_options", Raw(form))), tag)
        add(f"empty_{form}",
            wrap("multiprocessing_options.all_hosts_primary", Raw(form)), tag)
    # The root.
    for form, tag in {"[]": "message-not-object", '""': "message-not-object",
                      "5": None, "null": None, "[{}]": None, "{}": None,
                      '"x"': "message-not-object"}.items():
        add(f"root_{form}", Raw(form), tag)
    # Unknown keys, nested anywhere, with values of every shape.
    for value in ["1", '"x"', "null", "[1, [2, {}]]", '{"a": {"b": [null]}}',
                  "1e300", "-0.0", "true", '"\\ud83d\\ude00"']:
        for path in ("", "async_options", "multiprocessing_options",
                     "multiprocessing_options.active_processes"):
            inner = Obj(("future_knob", Raw(value)))
            add(f"unknown_{path}_{value}", wrap(path, inner) if path else inner)
        add(f"unknown_in_range_{value}",
            wrap("multiprocessing_options.active_processes",
                 Obj(("ranges", [Obj(("stop", Raw("3")),
                                     ("future", Raw(value)))]))))
    for value, tag in {"NaN": "nan-infinity", "Infinity": "nan-infinity",
                       "-Infinity": "nan-infinity", "1e400": "number-too-big",
                       "9" * 400: "number-too-big",
                       '"\\ud800"': "unpaired-surrogate",
                       '"\\udc00"': "unpaired-surrogate",
                       "[\"\\udfff\"]": "unpaired-surrogate"}.items():
        add(f"unknown_odd_{value[:12]}", Obj(("x", Raw(value))), tag)
    add("unknown_key_surrogate", Raw('{"\\udc00": 1}'), "unpaired-surrogate")
    add("empty_key", Raw('{"": 1}'), "empty-key")
    add("empty_key_nested", Raw('{"async_options": {"": {"a": 1}}}'),
        "empty-key")
    add("empty_key_in_unknown", Raw('{"x": {"": 1}}'))
    for value in ["NaN", "Infinity", "-Infinity"]:
        add(f"known_{value}", wrap("async_options.timeout_secs", Raw(value)))
    # Duplicates.
    add("dup_same", Raw('{"async_options": {"timeout_secs": 1, '
                        '"timeout_secs": 2}}'))
    add("dup_both_optional", Raw('{"async_options": {"timeout_secs": 1, '
                                 '"timeoutSecs": 2}}'))
    add("dup_both_message", Raw('{"async_options": {}, "asyncOptions": {}}'),
        "both-spellings")
    add("dup_both_list", Raw('{"multiprocessing_options": {"active_processes":'
                             ' {"process_indices": [1], "processIndices": '
                             '[2]}}}'), "both-spellings")
    add("dup_both_null", Raw('{"async_options": {"timeout_secs": null, '
                             '"timeoutSecs": 2}}'), "both-spellings")
    add("dup_range_start", Raw('{"multiprocessing_options": {"active_processes":'
                               ' {"ranges": [{"start": 1, "start": 2}]}}}'))
    add("dup_unknown", Raw('{"x": 1, "x": 2}'))
    add("dup_unknown_nested", Raw('{"async_options": {"x": {"y": 1, "y": 2}}}'))
    add("dup_unknown_escaped", Raw('{"x": 1, "\\u0078": 2}'))
    add("dup_null_null", Raw('{"file_options": null, "file_options": null}'))
    # Oneofs.
    for form, tag in {
            '{"primary_host": 1, "all_hosts_primary": {}}': None,
            '{"primary_host": null, "all_hosts_primary": {}}': None,
            '{"all_hosts_primary": {}, "primary_host": null}': None,
            '{"primary_host": null, "all_hosts_primary": null}': None,
            '{"primaryHost": 0, "allHostsPrimary": {}}': None,
            '{"primary_host": 1, "primaryHost": 2}': None,
            '{"primary_host": null, "primaryHost": 2}': "both-spellings"}.items():
        add(f"oneof_{form}", Obj(("multiprocessing_options", Raw(form))), tag)
    # Syntax, encoding and the like.
    for name, text in {
            "empty": "", "space": " \n", "bom": "\ufeff{}",
            "trailing_comma": '{"async_options": {},}',
            "comment": '{/* c */}', "single_quotes": "{'a': 1}",
            "leading_zero": '{"file_options": {"path_permission_mode": 0750}}',
            "garbage": "{} x", "two_roots": "{}{}", "nul": "{}\u0000",
            "unterminated": '{"a": "x', "raw_newline": '{"a\n": 1}',
            "control": '{"async_options": {"\x01": 1}}',
            "extension": '{"async_options": {"[a.b]": 1}}',
            "extension_nl": '{"async_options": {"[a]\\n": 1}}',
            "not_extension": '{"async_options": {"[a-b]": 1}}',
            "plus": '{"async_options": {"timeout_secs": +1}}',
            "hex": '{"async_options": {"timeout_secs": 0x10}}',
            "dot": '{"async_options": {"timeout_secs": .5}}',
    }.items():
        add(f"syntax_{name}", Raw(text))
    for name, data in {"invalid_utf8": b'{"x": "\xff"}',
                       "overlong": b'{"x": "\xc0\xaf"}',
                       "raw_surrogate": b'{"x": "\xed\xa0\x80"}',
                       "latin1_key": b'{"\xe9": 1}'}.items():
        add(f"bytes_{name}", data)
    # Nesting.
    for depth in (99, 100, 101, 150, 2000):
        tag = "too-deep" if 100 < depth < 900 else None
        add(f"deep_list_{depth}",
            Raw('{"x": ' + "[" * depth + "]" * depth + "}"), tag)
        add(f"deep_object_{depth}",
            Raw('{"x": ' + '{"a": ' * (depth - 1) + "{}" + "}" * (depth - 1) +
                "}"), tag)

    for name, value, tag in cases:
        text = value if isinstance(value, bytes) else dump(value)
        yield name, text, tag
        # The same mutation among random valid fields.
        if isinstance(value, Obj) and r.random() < 0.5:
            base = valid_message("CheckpointOptions", r)
            keys = {k for k, _ in base.pairs} | {
                c for s, c, _ in FIELDS["CheckpointOptions"]
                if s in {k for k, _ in base.pairs}} | {
                s for s, c, _ in FIELDS["CheckpointOptions"]
                if c in {k for k, _ in base.pairs}}
            extra = [p for p in value.pairs if p[0] not in keys]
            yield f"{name}+random", dump(Obj(*(base.pairs + extra)), r), tag


# --- running both ----------------------------------------------------------------

def ours(path, allow, root):
    cmd = [ARGS.parse_source, "json", path, f"--type={root}"]
    if allow:
        cmd.append("--allow-unknown-fields")
    result = subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    if result.returncode not in (0, 1):
        raise AssertionError(f"parse_source exited {result.returncode}: "
                             f"{result.stderr.decode(errors='replace')}")
    return result.returncode == 0, result.stdout, result.stderr.decode(
        errors="replace")


def python(data, allow, root):
    message = pb[root]()
    try:
        json_format.Parse(data, message, ignore_unknown_fields=allow)
    except Exception as e:  # pylint: disable=broad-except
        return False, None, f"{type(e).__name__}: {e}"[:300]
    return True, message.SerializeToString(deterministic=True), ""


def catalogue():
    """(name, path, root) of each committed input."""
    source = ARGS.source_dir
    for pattern, root in (
            ("tests/bad_inputs/*.json", OPTIONS), ("examples/*.json", OPTIONS),
            ("fuzz/corpus/json/*", OPTIONS),
            ("tests/bad_inputs/checkpoint_manager/*.json", MANAGER),
            ("examples/checkpoint_manager/*.json", MANAGER),
            ("fuzz/corpus/manager_json/*", MANAGER)):
        for path in sorted(glob.glob(os.path.join(source, pattern))):
            yield os.path.relpath(path, source), path, root


# What only a CheckpointManagerOptions has, as (JSON text, tag): tag names a
# documented difference where we refuse and Python accepts, else None.
MANAGER_PROBES = [
    # google.protobuf.Duration: "<seconds>[.<up to 9 digits>]s".
    *[(f'{{"keep_time_interval": {d}}}', None) for d in (
        '"1s"', '"1.5s"', '"-1s"', '"-0.5s"', '"0s"', '"0.000001s"',
        '"0.0000001s"', '"1.000000000s"', '"1"', '"1h"', '"1s "', '"1S"',
        '"1e3s"', '".5s"', '"315576000000s"', '"315576000001s"',
        '"-315576000000s"', '"-315576000001s"', '"00001s"', '"1.5"', '""',
        '1', '{}', '{"seconds": 1}', 'null', '"0x10s"')],
    *[(f'{{"keep_time_interval": {d}}}', "duration-lenient") for d in (
        '"1.0000000001s"', '" 1s"', '"+1s"', '"5.s"', '"١s"')],
    *[(f'{{"preservation_policy": {{"latest_duration": {{"duration": {d}}}}}}}',
       None) for d in ('"86400s"', '"1.000001s"', 'null', '"-5s"')],
    # int64, as numbers and strings.
    *[(f'{{"max_to_keep": {v}}}', None) for v in (
        '5', '"5"', '-1', '"-1"', '0', '1e3', '1.0', '1.5', '"1e3"',
        '9007199254740993', '"9007199254740993"', '9223372036854775807',
        '"9223372036854775807"', '9223372036854775808',
        '"9223372036854775808"', '-9223372036854775808',
        '-9223372036854775809', 'true', '[]', '"0x10"', 'null')],
    # Sets of steps.
    ('{"save_on_steps": {"steps": [1, "2", 3]}}', None),
    ('{"save_on_steps": {"steps": [1, null]}}', None),
    ('{"save_on_steps": {"steps": 1}}', None),
    ('{"save_on_steps": {"ranges": [{"start": 0, "stop": "1000000000", '
     '"step": 1000}]}}', None),
    ('{"saveOnSteps": {"ranges": [{"stop": 10}]}}', None),
    ('{"save_on_steps": {"ranges": [null]}}', None),
    # Policies.
    ('{"save_decision_policy": {"fixed_interval": {"interval": 1000}}}', None),
    ('{"saveDecisionPolicy": {"fixedInterval": {"interval": "1000"}}}', None),
    ('{"save_decision_policy": {"any": {"policies": [{"initial_save": {}}, '
     '{"preemption_checkpointing": {}}]}}}', None),
    ('{"save_decision_policy": {"fixed_interval": {}, "initial_save": {}}}',
     None),
    ('{"save_decision_policy": {"fixed_interval": null, "initial_save": {}}}',
     None),
    ('{"preservation_policy": {"any": {"policies": [{"latest_n": {}}, '
     '{"best_n": {"reverse": true, "n": 3}}]}}}', None),
    ('{"preservation_policy": {"every_n_steps": {"interval_steps": 10, '
     '"exact_interval": false, "max_to_keep": 4}}}', None),
    ('{"preservation_policy": {"custom_steps": {"steps": {"steps": [5]}}}}',
     None),
    ('{"preservation_policy": null}', None),
    ('{"preservation_policy": {"latest_n": []}}', "message-not-object"),
    # BestMode.
    *[(f'{{"best_mode": {v}}}', None) for v in (
        '"BEST_MODE_MIN"', '"BEST_MODE_MAX"', '2', '0', '"BEST_MODE_FOO"',
        '"min"', 'null')],
    ('{"best_mode": "2"}', "enum-lenient"),
    ('{"best_mode": 3}', None),
]


def main():
    global ARGS, pb, json_format
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--proto-dir", required=True)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--parse-source", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--verbose", action="store_true")
    ARGS = parser.parse_args()

    os.makedirs(ARGS.out_dir, exist_ok=True)
    subprocess.run([ARGS.protoc, f"--python_out={ARGS.out_dir}",
                    f"-I{ARGS.proto_dir}"] +
                   [os.path.join(ARGS.proto_dir, s) for s in SCHEMAS],
                   check=True)
    sys.path.insert(0, ARGS.out_dir)
    from google.protobuf import json_format as jf  # pylint: disable=import-outside-toplevel
    from orbax_options.v1 import checkpoint_manager_options_pb2  # pylint: disable=import-outside-toplevel
    from orbax_options.v1 import options_pb2  # pylint: disable=import-outside-toplevel
    pb = {OPTIONS: options_pb2.CheckpointOptions,
          MANAGER: checkpoint_manager_options_pb2.CheckpointManagerOptions}
    json_format = jf

    inputs = []  # (name, path, data, tag, allowlisted reason, root)
    for name, path, root in catalogue():
        with open(path, "rb") as f:
            inputs.append((name, path, f.read(), None, ALLOWLIST.get(name),
                           root))
    scratch = os.path.join(ARGS.out_dir, "inputs")
    os.makedirs(scratch, exist_ok=True)
    made = [(name, text, tag, OPTIONS) for name, text, tag in generated()]
    made += [(f"manager probe {text[:50]}", text, tag, MANAGER)
             for text, tag in MANAGER_PROBES]
    for i, (name, text, tag, root) in enumerate(made):
        data = text if isinstance(text, bytes) else text.encode(
            "utf-8", errors="surrogatepass")
        path = os.path.join(scratch, f"{i:04d}.json")
        with open(path, "wb") as f:
            f.write(data)
        inputs.append((f"generated {i:04d} {name[:60]!r}", path, data, tag,
                       None, root))

    counts = collections.Counter()
    failures = []
    for name, path, data, tag, allowed, root in inputs:
        for allow in (False, True):
            our_ok, our_bytes, our_err = ours(path, allow, root)
            py_ok, py_bytes, py_err = python(data, allow, root)
            if our_ok and py_ok:
                if our_bytes == py_bytes:
                    verdict = "agree-accept"
                else:
                    verdict = "FAIL: messages differ"
            elif not our_ok and not py_ok:
                verdict = "agree-refuse"
            elif our_ok:
                verdict = "FAIL: we accept, Python refuses"
            elif tag in DOCUMENTED or allowed:
                verdict = f"documented ({tag or 'allowlist'})"
            else:
                verdict = "FAIL: we refuse, Python accepts (undocumented)"
            counts[verdict] += 1
            if verdict.startswith("FAIL") or ARGS.verbose:
                line = (f"{verdict}: {name} (allow_unknown={allow})\n"
                        f"    input: {data[:200]!r}\n"
                        f"    ours: {our_err.strip()[:300] or our_bytes!r}\n"
                        f"    python: {py_err or py_bytes!r}")
                if verdict.startswith("FAIL"):
                    failures.append(line)
                else:
                    print(line)

    print(f"\n{len(inputs)} inputs, each with and without unknown fields "
          f"allowed:")
    outcomes = collections.Counter()
    for verdict, count in counts.items():
        outcomes[verdict.split(" (")[0]] += count
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
        if outcome == "documented":
            for verdict, n in sorted(counts.items()):
                if verdict.startswith("documented ("):
                    print(f"      {verdict[len('documented '):]}: {n}")
    if failures:
        print(f"\n{len(failures)} failures:", file=sys.stderr)
        for line in failures:
            print(line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
