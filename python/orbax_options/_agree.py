# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""`agree()`: the processes of a JAX job check that they hold the same
effective options, over the coordination service that
`jax.distributed.initialize()` started, before Orbax waits at a barrier
whose name, timeout or membership would differ.

The protocol, one generation per call (keys under
`orbax_options/agree/<name>/<generation>/`):

  1. The reference, the lowest process of the group (the options'
     `active_processes`, or every process), publishes its record: the root
     type, the fingerprint and the effective bytes.
  2. Every other process of the group reads it, publishes its own record
     (with its effective bytes only if its fingerprint differs, so that the
     reference can diff them), and waits for the verdict.
  3. The reference reads each record in turn, compares the fingerprints,
     diffs each differing group once (C++ `DiffOptions()`), and publishes
     the verdict: no diagnostics, or the ones every process raises.
  4. Each reader counts itself on a counter; the last one deletes the
     generation's keys.

A record is `MAGIC` followed by JSON; anything else under a process's key
is reported as that process's, never parsed further.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, cast

from google.protobuf import message as _message

from orbax_options import _config
from orbax_options import _core
from orbax_options import _errors
from orbax_options import _messages
from orbax_options import _roots

__all__ = ["AgreementError", "agree"]

MAGIC = b"orbax_options.agree/1\n"
_ROOT_KEY = "orbax_options/agree"
_SOURCE = "agree()"
# The differing fields named per group of processes; the rest are counted.
_MAX_FIELDS = 5

_generations: Dict[str, "itertools.count[int]"] = {}
_generations_lock = threading.Lock()


class AgreementError(_errors.ConfigError):
    """The processes of a job don't hold the same effective options, or
    some of them did not take part in time.

    `str(error)` lists, one line each, every group of processes that differs
    from the reference process with their first differing fields and both
    values, the invalid options and unreadable records of any process, and
    the processes that did not arrive.

    Attributes:
      diagnostics: As `ConfigError`'s.
      differ: The processes whose options differ from the reference's, are
        invalid, or could not be read, ascending.
      missing: The processes that did not arrive within the timeout.
    """

    differ: Tuple[int, ...]
    missing: Tuple[int, ...]

    def __init__(self,
                 diagnostics: Sequence[_errors.Diagnostic],
                 differ: Sequence[int] = (),
                 missing: Sequence[int] = ()) -> None:
        super().__init__(diagnostics)
        self.differ = tuple(differ)
        self.missing = tuple(missing)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.diagnostics, self.differ, self.missing))


def _processes(indices: Sequence[int]) -> str:
    """`process 3` or `processes 3, 17-19` (ProcessSet's spelling)."""
    text = _core.process_set_text(list(indices))[1:-1]
    return f"process {text}" if len(indices) == 1 else f"processes {text}"


def _error(file: str, message: str, path: str = "") -> _errors.Diagnostic:
    return _errors.Diagnostic(file, 0, 0, path, message)


def _record(root: str, fingerprint: Optional[str], effective: Optional[bytes],
            diagnostics: Sequence[_errors.Diagnostic]) -> bytes:
    return MAGIC + json.dumps({
        "type": root,
        "fingerprint": fingerprint,
        "effective": None if effective is None else
                     base64.b64encode(effective).decode("ascii"),
        "diagnostics": [[d.file, d.line, d.column, d.path, d.message]
                        for d in diagnostics],
    }).encode("utf-8")


def _parse(data: bytes) -> Optional[Dict[str, Any]]:
    """A record's fields, or None if `data` is not a record."""
    if not data.startswith(MAGIC):
        return None
    try:
        record = json.loads(data[len(MAGIC):])
        if record["type"] not in _core.TYPES:
            return None
        if record["effective"] is not None:
            record["effective"] = base64.b64decode(record["effective"],
                                                   validate=True)
        record["diagnostics"] = [
            _errors.Diagnostic(str(file), int(line), int(column), str(path),
                               str(message))
            for file, line, column, path, message in record["diagnostics"]
        ]
        if not isinstance(record["fingerprint"], (str, type(None))):
            return None
        return cast(Dict[str, Any], record)
    except (ValueError, TypeError, KeyError):
        return None


def _garbage(process: int, data: bytes) -> _errors.Diagnostic:
    return _error(
        _processes([process]),
        f"published {data[:40]!r}{'...' if len(data) > 40 else ''} under "
        "its key, which is not an orbax_options.agree() record (another "
        "version of orbax_options, or another program writing there)")


def _remote(process: int,
            record: Dict[str, Any]) -> List[_errors.Diagnostic]:
    """A process's diagnostics of its invalid options, named by it."""
    where = _processes([process])
    return [
        _errors.Diagnostic(f"{where}: {d.file}", d.line, d.column, d.path,
                           d.message) for d in record["diagnostics"]
    ]


def _field_errors(where: str, root: str, ours: bytes, theirs: bytes,
                  reference: int) -> List[_errors.Diagnostic]:
    """The first differing fields of `theirs` (published by `where`) from
    `ours` (the reference's), with both values."""
    diffs = _core.diff(_messages.load_bytes(root, ours, _SOURCE),
                       _messages.load_bytes(root, theirs, _SOURCE))
    out = [
        _error(where, f"{b}, {_processes([reference])} has {a}", path)
        for path, a, b, _ in diffs[:_MAX_FIELDS]
    ]
    if len(diffs) > _MAX_FIELDS:
        out.append(
            _error(where, f"and {len(diffs) - _MAX_FIELDS} more fields"))
    return out


def _is_timeout(error: Exception) -> bool:
    return "DEADLINE_EXCEEDED" in str(error)


class _Call:
    """One agreement: the client, the keys and the deadline."""

    def __init__(self, client: Any, prefix: str, timeout_secs: float,
                 process_count: int) -> None:
        self.client = client
        self.process_count = process_count
        self.prefix = prefix
        self.timeout_secs = timeout_secs
        self.deadline = time.monotonic() + timeout_secs

    def key(self, process: int) -> str:
        return f"{self.prefix}/{process}"

    def verdict_key(self, reference: int) -> str:
        return f"{self.prefix}/verdict/{reference}"

    def get(self, key: str) -> Optional[bytes]:
        """The value at `key`, waiting until the deadline; None after it."""
        remaining_ms = int((self.deadline - time.monotonic()) * 1000)
        if remaining_ms > 0:
            try:
                return cast(bytes, self.client.blocking_key_value_get_bytes(
                    key, remaining_ms))
            except Exception as e:  # JaxRuntimeError, not importable here.
                if not _is_timeout(e):
                    raise
        return None

    def arrived(self) -> Dict[int, bytes]:
        """The records published so far, by process (one directory read)."""
        out = {}
        for key, value in self.client.key_value_dir_get_bytes(self.prefix):
            tail = key[len(self.prefix) + 1:]
            if tail.isdigit():
                out[int(tail)] = value
        return out

    def count_read(self, readers: int) -> None:
        """Counts this process as one of the `readers` of the reference's
        keys; the last deletes the generation's keys."""
        if self.client.key_value_increment(f"{self.prefix}/read",
                                           1) == readers:
            self.client.key_value_delete(self.prefix)

    def missing_error(self, missing: Sequence[int], waiter: int,
                      differ: Sequence[int] = (),
                      found: Sequence[_errors.Diagnostic] = ()
                      ) -> AgreementError:
        diagnostic = _error(
            _SOURCE, f"{_processes(missing)} did not arrive within "
            f"{self.timeout_secs:g} s, for which {_processes([waiter])} "
            "waited (agree() not called there, or not as many times with "
            "this name, or their options leave them out of "
            "active_processes)")
        return AgreementError([*found, diagnostic], differ, missing)


def _own(options: Union[_config.Config[Any], _message.Message],
         process_count: int
         ) -> Tuple[str, Optional[str], Optional[bytes],
                    Tuple[_errors.Diagnostic, ...], Optional[List[int]]]:
    """This process's root, fingerprint, effective bytes, diagnostics (of
    invalid options) and group (None for invalid options)."""
    if isinstance(options, _config.Config):
        config = options
    else:
        try:
            config = _messages.loaded(options, "options", "agree")
        except _errors.ConfigError as e:
            return (_roots.of_message(options, "options", "agree"), None,
                    None, e.diagnostics, None)
    root = config._type[0]
    active = _core.active_processes(config, process_count)
    if active is not None and len(active[0]) < active[1]:
        return root, None, None, (_error(
            _messages.MESSAGE_NAME,
            f"{active[1] - len(active[0])} of its {active[1]} processes "
            f"are not in this job of {process_count} processes",
            "multiprocessing_options.active_processes"), ), None
    fingerprint, effective = config._fingerprint, config._effective_bytes
    group = list(range(process_count)) if active is None else active[0]
    return root, fingerprint, effective, (), group


def _client_and_processes(
        client: Any, process_index: Optional[int],
        process_count: Optional[int]) -> Tuple[Any, int, int]:
    state: Any = None  # jax.distributed's
    if client is None or process_index is None or process_count is None:
        try:
            from jax._src import distributed  # pylint: disable=g-import-not-at-top
            state = distributed.global_state
        except ImportError:
            pass
        if state is None or state.client is None:
            raise RuntimeError(
                "orbax_options.agree() needs the JAX coordination service: "
                "call jax.distributed.initialize() first, or pass client= "
                "(with process_index= and process_count=)")
    if client is None:
        client = state.client
    if process_index is None:
        process_index = state.process_id
    if process_count is None:
        process_count = state.num_processes
    if not 0 <= process_index < process_count:
        raise ValueError(f"agree(): process_index {process_index} is not in "
                         f"[0, {process_count})")
    return client, process_index, process_count


def agree(options: Union[_config.Config[Any], _message.Message],
          *,
          timeout_secs: float = 300,
          name: str = "default",
          client: Any = None,
          process_index: Optional[int] = None,
          process_count: Optional[int] = None) -> str:
    """Checks that every process of a JAX job holds the same effective
    options; returns their fingerprint.

    Call it on every process after `jax.distributed.initialize()`, with each
    process's own `Config` or message (of either root type), before Orbax
    uses the options. The processes that take part are the options'
    `active_processes` (as Orbax's barriers have them), or else all; one
    that its own options leave out returns at once. When all hold the same
    effective options (equal fingerprints) each returns; otherwise each
    raises the same `AgreementError` once the last has arrived, e.g.

        agree(): error: processes 3, 17-19 differ from process 0
        processes 3, 17-19: error: async_options.timeout_secs: 300, process 0 has 600

    The reference is the lowest process of the group. Invalid options raise
    their `ConfigError` on their process and reach every other one's error
    prefixed with `process N: `, as do records that are not agree()'s.

    Each call with a `name` is a new generation of keys
    (`orbax_options/agree/<name>/<generation>/`), so every process must
    call agree() with a `name` as many times as the others. The keys go
    when every process has read the verdict (after a timeout they may stay).

    Cost: 5N - 2 coordination-service calls for N processes, each one round
    trip: 4 on each process (5 on the last reader) and N + 1 sequential ones
    on the reference, which dominate the latency; one record of ~200 bytes
    per process (docs/PERFORMANCE.md has the figures).

    Args:
      options: This process's options: a `Config` (from `load()`/`loads()`)
        or a message of a root type.
      timeout_secs: How long to wait for the other processes, in seconds.
      name: Names the agreement; agreements of different names are
        independent.
      client: The coordination-service client (`jax.distributed`'s by
        default): any object with the methods of jaxlib's
        `DistributedRuntimeClient` used here (`key_value_set_bytes`,
        `blocking_key_value_get_bytes`, `key_value_dir_get_bytes`,
        `key_value_increment`, `key_value_delete`).
      process_index: This process's index (`jax.process_index()` by default).
      process_count: The job's number of processes (`jax.process_count()` by
        default).

    Returns:
      The fingerprint that the processes share.

    Raises:
      AgreementError: the processes don't hold the same options, some
        published what agree() can't read, or some did not arrive within
        `timeout_secs` (`missing` names them).
      ConfigError: this process's options are invalid.
      RuntimeError: `jax.distributed.initialize()` was not called and no
        `client` was given.
      TypeError: `options` is not a `Config` or a message of a root type.
    """
    client, me, count = _client_and_processes(client, process_index,
                                              process_count)
    if not isinstance(name, str) or not name or "/" in name:
        raise ValueError(f"agree(): name must be a non-empty str without "
                         f"'/', not {name!r}")
    root, fingerprint, effective, diagnostics, group = _own(options, count)
    with _generations_lock:
        generation = next(_generations.setdefault(name, itertools.count()))
    if group is not None and me not in group:
        assert fingerprint is not None
        return fingerprint
    call = _Call(client, f"{_ROOT_KEY}/{name}/{generation}", timeout_secs,
                 count)
    group = group or list(range(count))
    own = (root, fingerprint, effective, diagnostics)
    if me == group[0]:
        return _as_reference(call, me, group, *own)
    return _as_member(call, me, group[0], group, *own)


def _as_reference(call: _Call, me: int, group: List[int], root: str,
                  fingerprint: Optional[str], effective: Optional[bytes],
                  diagnostics: Sequence[_errors.Diagnostic]) -> str:
    call.client.key_value_set_bytes(
        call.key(me), _record(root, fingerprint, effective, diagnostics))
    if fingerprint is None:
        # The others read this record, raise its diagnostics, and count
        # themselves; this process waits for no one.
        raise _errors.config_error(diagnostics)
    assert effective is not None
    records: Dict[int, Optional[bytes]] = {}
    others = [q for q in group if q != me]
    for q in others:
        records[q] = call.get(call.key(q))
        if records[q] is None:
            records.update(call.arrived())
            break
    missing = [q for q in others if records.get(q) is None]
    found: List[_errors.Diagnostic] = []
    differ: List[int] = []
    # Fingerprint (or None for a record that is unreadable or invalid) ->
    # the processes that published it, in order.
    by_fingerprint: Dict[str, List[int]] = {}
    effectives: Dict[str, bytes] = {}
    readers = 0
    for q in others:
        data = records.get(q)
        if data is None:
            continue
        record = _parse(data)
        if record is None:
            found.append(_garbage(q, data))
            differ.append(q)
        elif record["fingerprint"] is None:
            found.extend(_remote(q, record))
            differ.append(q)
        else:
            readers += 1
            key = f"{record['type']}:{record['fingerprint']}"
            if key != f"{root}:{fingerprint}":
                by_fingerprint.setdefault(key, []).append(q)
                differ.append(q)
                if record["effective"] is not None:
                    effectives.setdefault(key, record["effective"])
    for key, processes in by_fingerprint.items():
        where = _processes(processes)
        found.append(
            _error(_SOURCE, f"{where} differ{'s' if len(processes) == 1 else ''}"
                   f" from {_processes([me])}"))
        theirs = effectives.get(key)
        if theirs is None or not key.startswith(root + ":"):
            found.append(
                _error(where, f"holds {key.replace(':', ' of fingerprint ')},"
                       f" {_processes([me])} {root} of fingerprint "
                       f"{fingerprint}"))
        else:
            found.extend(
                _field_errors(where, root, effective, theirs, me))
    found.sort(key=lambda d: 0 if d.file == _SOURCE else 1)
    error = None
    if missing:
        error = call.missing_error(missing, me, sorted(differ), found)
    elif found:
        error = AgreementError(found, sorted(differ))
    verdict = json.dumps({
        "readers": readers,
        "diagnostics": [] if error is None else
                       [[d.file, d.line, d.column, d.path, d.message]
                        for d in error.diagnostics],
        "differ": [] if error is None else list(error.differ),
        "missing": missing,
    })
    call.client.key_value_set_bytes(call.verdict_key(me),
                                    MAGIC + verdict.encode("utf-8"))
    if readers == 0:
        call.client.key_value_delete(call.prefix)
    if error is not None:
        raise error
    return fingerprint


def _as_member(call: _Call, me: int, reference: int, group: List[int],
               root: str, fingerprint: Optional[str],
               effective: Optional[bytes],
               diagnostics: Sequence[_errors.Diagnostic]) -> str:
    data = call.get(call.key(reference))
    if data is None:
        raise call.missing_error([reference], me)
    theirs = _parse(data)
    if theirs is None or theirs["fingerprint"] is None:
        # The reference publishes no verdict: its record is the error. The
        # others of the group count themselves; the last deletes the keys.
        call.count_read(len(group) - 1)
        if theirs is None:
            raise AgreementError([_garbage(reference, data)], [reference])
        raise AgreementError(_remote(reference, theirs), [reference])
    same = (theirs["type"], theirs["fingerprint"]) == (root, fingerprint)
    if not same and fingerprint is not None:
        assert effective is not None  # Valid options have their bytes.
        waits = _core.active_processes(
            _messages.load_bytes(theirs["type"], theirs["effective"],
                                 _SOURCE), call.process_count)
        if waits is not None and me not in waits[0]:
            # The reference's options leave this process out, so it waits
            # for no record from here: this process alone raises.
            raise AgreementError([
                _error(_SOURCE, f"{_processes([me])} differs from "
                       f"{_processes([reference])}, whose options leave it "
                       "out of active_processes"), *(_field_errors(
                           _processes([me]), root, theirs["effective"],
                           effective, reference) if theirs["type"] == root
                                                     else ())
            ], [me])
    call.client.key_value_set_bytes(
        call.key(me),
        _record(root, fingerprint, None if same else effective, diagnostics))
    if fingerprint is None:
        raise _errors.config_error(diagnostics)
    data = call.get(call.verdict_key(reference))
    if data is None:
        arrived = call.arrived()
        missing = [q for q in group if q not in arrived]
        raise call.missing_error(missing or [reference], reference)
    verdict = json.loads(data[len(MAGIC):])
    call.count_read(verdict["readers"])
    raise_if_any = verdict["diagnostics"]
    if raise_if_any:
        raise AgreementError([
            _errors.Diagnostic(file, line, column, path, message)
            for file, line, column, path, message in raise_if_any
        ], verdict["differ"], verdict["missing"])
    assert fingerprint is not None
    return fingerprint
