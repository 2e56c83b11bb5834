"""Test helpers: the real CLI through CliRunner, with Rich kept predictable (fixed width, no colour)."""

from __future__ import annotations

import importlib.util
import io
import os
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from migfacts.cli import app

GOLDEN = Path(__file__).parent / "golden"
GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_factbase.py"
FIXED_ENV = {"COLUMNS": "100", "LINES": "50", "NO_COLOR": "1", "TERM": "dumb", "MIGFACTS_FACTS": None}


class Terminal(io.StringIO):
    """A file that says it is a terminal (where a progress bar is shown)."""

    def isatty(self) -> bool:
        return True


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


MINIMAL_TOPICS = """topics:
  - id: tb
    label: Tuberculosis (TB)
    aliases: [tuberculosis]
"""

TITLE = "A test release"
MINIMAL_SOURCE = """source:
  id: {ident}
  title: A test release
  publisher: IOM
  published: null
  dateline: null
  tags: []
  url: https://example.org/release
  text: {ident}.txt
{body}"""


def make_base(root: Path, text: str, body: str = "", ident: str = "test-release", topics: str = MINIMAL_TOPICS) -> Path:
    """A one-source fact base: the archived text (after the title line), and the entries after `source:`."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text(topics, encoding="utf-8")
    (root / "sources" / f"{ident}.txt").write_text(f"{TITLE}\n\n{text}", encoding="utf-8")
    (root / "sources" / f"{ident}.yaml").write_text(MINIMAL_SOURCE.format(ident=ident, body=body), encoding="utf-8")
    return root


def set_key(path: Path, ident: str, key: str, value: str) -> int:
    """Set `key: value` in the entry `- id: IDENT` (or the source block) of a fact file; returns the key's line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() in (f"- id: {ident}", f"id: {ident}"))
    indent = " " * (
        len(lines[start]) - len(lines[start].lstrip()) + (2 if lines[start].lstrip().startswith("-") else 0)
    )
    if key == "id":
        lines[start] = lines[start].replace(f"id: {ident}", f"id: {value}")
        path.write_text("".join(lines), encoding="utf-8")
        return start + 1
    for number in range(start, len(lines)):
        if lines[number].startswith(f"{indent}{key}:"):
            lines[number] = f"{indent}{key}: {value}\n"
            while number + 1 < len(lines) and lines[number + 1].startswith(f"{indent} "):
                del lines[number + 1]  # the old value's block lines
            path.write_text("".join(lines), encoding="utf-8")
            return number + 1
        if number > start and (lines[number].lstrip().startswith("- id:") or not lines[number].startswith(indent)):
            break
    lines.insert(start + 1, f"{indent}{key}: {value}\n")  # a key the entry did not have
    path.write_text("".join(lines), encoding="utf-8")
    return start + 2


def load_benchmark(name: str):
    """benchmarks/NAME.py as a module (the benchmarks are no package)."""
    spec = importlib.util.spec_from_file_location(name, GENERATOR.with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_generator():
    """benchmarks/generate_factbase.py as a module."""
    return load_benchmark("generate_factbase")
