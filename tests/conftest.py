"""Shared fixtures: the real CLI through CliRunner, with Rich kept predictable (fixed width, no colour)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migfacts.cli import app
from migfacts.loader import bundled_facts

GOLDEN = Path(__file__).parent / "golden"
FIXED_ENV = {"COLUMNS": "100", "LINES": "50", "NO_COLOR": "1", "TERM": "dumb", "MIGFACTS_FACTS": None}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Run:
    """Run `migfacts ARGS` in-process, as a user would from a shell."""
    result = CliRunner().invoke(app, list(args), env={**FIXED_ENV, **(env or {})}, input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled fact base."""
    target = tmp_path / "facts"
    shutil.copytree(bundled_facts(), target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a fact file; fails loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; MIGFACTS_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("MIGFACTS_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with MIGFACTS_UPDATE_GOLDEN=1 once and review it"
    assert actual == path.read_text(encoding="utf-8")
