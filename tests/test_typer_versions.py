"""benchmarks/typer_versions.py, the yardstick of the pin on Typer: its verdicts, and a run offline on this
interpreter (the releases it installs need the package index, so the full run is by hand)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import typer

from helpers import load_benchmark


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("typer_versions")


def test_a_release_that_costs_more_keeps_the_pin(bench):
    assert bench.verdict(("0.28.0", 0.093), ("0.29.2", 0.232)) == (
        "typer 0.29.2 costs 139 ms more a start than 0.28.0 (2.49x): keep the pin"
    )


def test_a_release_that_starts_as_fast_lets_the_pin_go(bench):
    assert bench.verdict(("0.28.0", 0.093), ("0.30.0", 0.095)) == (
        "typer 0.30.0 starts within 1.10x of 0.28.0 (1.02x): it no longer costs it, the pin can be raised"
    )


def test_the_app_reports_its_typer_and_no_pydantic(bench, tmp_path: Path):
    app = tmp_path / "app.py"
    app.write_text(bench.APP, encoding="utf-8")
    assert bench.app_report(Path(sys.executable), app) == {"typer": typer.__version__, "pydantic": False}


def test_a_failing_command_is_reported_by_its_last_line(bench):
    command = [sys.executable, "-c", "import sys; print('first'); sys.exit('no typer here')"]
    assert bench._run(command, dict(os.environ)) == "fails (exit 1): no typer here"


def test_migfacts_other_dependencies_leave_typer_out(bench):
    others = bench._other_dependencies()
    assert "rich>=13.7" in others and "orjson>=3.9" in others
    assert not [dep for dep in others if dep.startswith("typer")]


def test_a_run_on_this_interpreter(bench, capsys):
    assert bench.main(["--python", sys.executable, "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["command", "typer", "median", "ms", "x", "first", "pydantic"]
    assert lines[2].split()[:4] == ["python", "-c", "pass", "-"]
    app = lines[3].split()
    assert app[:5] == ["one-command", "app,", "three", "options", typer.__version__]
    assert app[6:] == ["1.00", "no"]
    assert lines[4] == "fewer than two Typer releases timed: nothing to compare"


@pytest.mark.parametrize(("version", "wanted"), [("latest", ["--upgrade", "typer"]), ("0.28.0", ["typer==0.28.0"])])
def test_each_release_gets_a_venv_of_its_own(bench, tmp_path: Path, monkeypatch, version, wanted):
    """Made once and kept; the release installed (`latest` brought up to date at every run), and with
    --migfacts migfacts' other dependencies beside it."""
    calls: list[list[str]] = []
    monkeypatch.setattr(bench.subprocess, "run", lambda command, check: calls.append(command))
    python = bench.venv_for(version, tmp_path, with_migfacts=True)
    assert python == tmp_path / f"typer-{version}" / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    assert calls == [
        [sys.executable, "-m", "venv", str(tmp_path / f"typer-{version}")],
        [*pip, *wanted],
        [*pip, *bench._other_dependencies()],
    ]
    python.parent.mkdir(parents=True)
    python.touch()  # made: the next run keeps it
    calls.clear()
    bench.venv_for(version, tmp_path, with_migfacts=False)
    assert calls == [[*pip, *wanted]]
