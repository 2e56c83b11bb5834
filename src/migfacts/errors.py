"""Exit statuses and the errors that map to them, in one place."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import NamedTuple


class ExitStatus(IntEnum):
    """The documented exit codes of every command."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    INVALID_FACTS = 3
    OUTPUT = 4
    INTERNAL = 70  # EX_SOFTWARE: a bug in migfacts
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C


class MigfactsError(Exception):
    """An error the user can act on: one line of text and an exit status."""

    status = ExitStatus.USAGE

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UsageProblem(MigfactsError):
    """A value on the command line that cannot mean anything (exit 2)."""

    status = ExitStatus.USAGE


class NoMatch(MigfactsError):
    """The question was fine, but the fact base holds no answer (exit 1)."""

    status = ExitStatus.NO_MATCH


class Problem(NamedTuple):
    """One problem in a fact base, at a file and line."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class InvalidFactBase(MigfactsError):
    """The fact base cannot be read or is invalid (exit 3)."""

    status = ExitStatus.INVALID_FACTS


class FactBaseError(InvalidFactBase):
    """The problems that make a fact base unusable, each at its file and line (exit 3)."""

    def __init__(self, problems: list[Problem]):
        unique = dict.fromkeys(problems)  # each problem once, in the order found (as validate lists them)
        self.problems = sorted(unique, key=lambda p: (str(p.path), p.line or 0))
        first = str(self.problems[0])
        more = len(self.problems) - 1
        if more:
            first += f" (and {more} more problem{'s' if more > 1 else ''}: run 'migfacts validate')"
        super().__init__(first)


class OutputError(MigfactsError):
    """The answer could not be written: a full disk, a closed standard output (exit 4)."""

    status = ExitStatus.OUTPUT


class PipeClosed(Exception):
    """The reader of the output went away (`migfacts tb | head -1`): not an error, nothing to say."""


def interrupted(error: BaseException) -> bool:
    """Whether Ctrl-C is what ended in ERROR: Python turns an interrupt that lands while a class is made
    (in an import) into a RuntimeError caused by it ("Error calling __set_name__")."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False
