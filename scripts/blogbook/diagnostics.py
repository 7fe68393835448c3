"""Problems as data.

Every stage returns its findings as :class:`Diagnostic` records; only the command
line prints them and picks the exit code. The printed form is the one compilers
use, so editors and CI logs can jump to the place::

    archive/2014-08.txt:12: error: impossible date 31 February 2014 [bad-date]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # information only, e.g. how many comments an export skipped


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    severity: Severity
    code: str  # short, stable, kebab-case: tests and --strict rely on it
    path: str
    line: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message} [{self.code}]"


def error(code: str, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.ERROR, code=code, path=path, line=line, message=message)


def warning(code: str, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code=code, path=path, line=line, message=message)


def note(code: str, path: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.NOTE, code=code, path=path, line=line, message=message)


def has_errors(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    """True if any diagnostic stops the run; with *strict*, warnings do too."""
    stopping = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in stopping for d in diagnostics)
