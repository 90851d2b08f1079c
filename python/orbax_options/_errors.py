# Copyright 2026 The orbax-options Authors.
# SPDX-License-Identifier: Apache-2.0
"""What loading reports: `Diagnostic`, and `ConfigError` with its subclasses.

Every failure to load or validate options raises `ConfigError` (a
`ValueError`) whose `str()` is exactly what `orbax-options` prints on stderr
for the same input. When a source can't be read at all (the command's exit
status 2), the error is also an `OSError`, of the subclass `open()` would
raise where there is one:

  ConfigError(ValueError)             invalid content (the command's exit 1)
  +-- ConfigReadError(OSError)        a source can't be read (exit 2)
      +-- ConfigFileNotFoundError(FileNotFoundError)     ENOENT
      +-- ConfigPermissionError(PermissionError)         EACCES, EPERM
      +-- ConfigIsADirectoryError(IsADirectoryError)     EISDIR
      +-- ConfigNotADirectoryError(NotADirectoryError)   ENOTDIR

`errno` (the failed system call's, as `open()` gives it: `ELOOP`,
`ENAMETOOLONG`, ...) and `filename` come from the first diagnostic that says
a source can't be read; `.diagnostics` holds every diagnostic either way.
"""

from __future__ import annotations

import dataclasses
import errno as _errno
from typing import Any, Iterable, Optional, Sequence, Tuple

from orbax_options import _core

@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One problem found while loading: where, which field, and what is wrong.

    `str(diagnostic)` is the command's line for it, GCC style, escaped so that
    it is safe to print: `FILE:LINE:COL: error: FIELD.PATH: message`.

    Attributes:
      file: The source: a path as given, `-`, `--set PATH=VALUE`,
        `--unset PATH`, or the `name` given to `loads()`.
      line: 1-based line; 0 where the source has no lines (binary, overrides).
      column: 1-based column (a tab advances to the next multiple of 8); 0
        with `line`.
      path: The dotted field path (`async_options.timeout_secs`), or "" when no
        field is involved.
      message: What is wrong, with the value.
      severity: "error" or "warning".
      code: The C++ library's status code name: "INVALID_ARGUMENT" for invalid
        content; any other ("NOT_FOUND", "PERMISSION_DENIED",
        "FAILED_PRECONDITION", "RESOURCE_EXHAUSTED", "UNIMPLEMENTED",
        "UNKNOWN") means the source could not be read.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "error"
    code: str = "INVALID_ARGUMENT"
    _text: str = dataclasses.field(default="", repr=False, compare=False)
    # The errno of the system call that failed to read `file`, or 0.
    _errno: int = dataclasses.field(default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._text:
            # As bytes: a str's lone surrogates (os.fsdecode()'s escaped
            # bytes) cross as the bytes they stand for.
            severity, file, path, message = (
                encode(s) if isinstance(s, str) else s
                for s in (self.severity, self.file, self.path, self.message))
            text = _core.diagnostic_text(severity, file, self.line,
                                         self.column, path, message)
            object.__setattr__(self, "_text", text)

    def __str__(self) -> str:
        return self._text

    @property
    def is_read_error(self) -> bool:
        """Whether this error means that its source could not be read."""
        return self.severity == "error" and self.code != "INVALID_ARGUMENT"


def encode(text: str) -> bytes:
    """`text` as `_core` takes a str argument: its UTF-8, lone surrogates
    as the bytes they escape (`os.fsencode()` of a path). Raises
    UnicodeEncodeError for one that escapes no byte, as `open()` does."""
    return text.encode("utf-8", "surrogateescape")


def diagnostics_from_core(
        raw: Iterable[Tuple[Any, ...]]) -> Tuple[Diagnostic, ...]:
    """Makes `Diagnostic`s of `_core`'s tuples."""
    return tuple(
        Diagnostic(file, line, column, path, message, severity, code, text,
                   number) for severity, code, file, line, column, path,
        message, text, number in raw)


class ConfigError(ValueError):
    """Options that don't load or don't validate.

    `str(error)` is the command's stderr for the same input: each diagnostic's
    line, in order, joined by newlines.

    Attributes:
      diagnostics: Every error and warning, as `Diagnostic`s.
    """

    diagnostics: Tuple[Diagnostic, ...]

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.diagnostics, ))


class ConfigReadError(ConfigError, OSError):
    """A source that can't be read: missing, unreadable, a directory, too
    large, an I/O error, or a format that its name doesn't tell.

    Also an `OSError`, with `errno`, `strerror` and `filename` from the first
    diagnostic that says so (`errno` is None where no errno fits).
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(diagnostics)
        first = next(d for d in self.diagnostics if d.is_read_error)
        self.errno = _read_errno(first)
        self.strerror = first.message
        self.filename = first.file


class ConfigFileNotFoundError(ConfigReadError, FileNotFoundError):
    """A source that does not exist: as `open()`, a `FileNotFoundError`."""


class ConfigPermissionError(ConfigReadError, PermissionError):
    """A source that may not be read: as `open()`, a `PermissionError`."""


class ConfigIsADirectoryError(ConfigReadError, IsADirectoryError):
    """A directory given as a source: as `open()`, an `IsADirectoryError`."""


class ConfigNotADirectoryError(ConfigReadError, NotADirectoryError):
    """A path through a file that is not a directory (`file/x.textproto`):
    as `open()`, a `NotADirectoryError`."""


# The errno of a status code, for a source that can't be read where no
# system call failed (a directory, too large).
_READ_ERRNOS = {
    "NOT_FOUND": _errno.ENOENT,
    "PERMISSION_DENIED": _errno.EACCES,
    "FAILED_PRECONDITION": _errno.EISDIR,
    "RESOURCE_EXHAUSTED": _errno.EFBIG,
    "UNKNOWN": _errno.EIO,
}

# OSError's own subclass of an errno (as `OSError(errno, ...)` picks it) ->
# ours; any other errno gives a ConfigReadError.
_READ_ERROR_CLASSES = {
    FileNotFoundError: ConfigFileNotFoundError,
    PermissionError: ConfigPermissionError,
    IsADirectoryError: ConfigIsADirectoryError,
    NotADirectoryError: ConfigNotADirectoryError,
}


def _read_errno(d: Diagnostic) -> Optional[int]:
    return d._errno or _READ_ERRNOS.get(d.code)


def config_error(diagnostics: Sequence[Diagnostic]) -> ConfigError:
    """Returns the error to raise for `diagnostics` (at least one an error)."""
    for d in diagnostics:
        if d.is_read_error:
            number = _read_errno(d)
            builtin = type(OSError(number, "")) if number else OSError
            cls = _READ_ERROR_CLASSES.get(builtin, ConfigReadError)
            return cls(diagnostics)
    return ConfigError(diagnostics)
