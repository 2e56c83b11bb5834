"""What each Typer release costs a start: the yardstick of the pin on Typer in pyproject.toml (issue 5).

Typer 0.29 imports pydantic whenever it parses a parameter, which more than doubled the start of a small
app; migfacts keeps Typer below 0.29 for that. Run by hand, never in the test suite (the machines are
shared and noisy):

    python benchmarks/typer_versions.py [--versions 0.28.0 latest] [--runs 21] [--migfacts]
    python benchmarks/typer_versions.py --python .venv/bin/python   # interpreters as they are, offline

Each release asked for is installed into a virtual environment of its own, kept under --venvs for the
next run ("latest" is the newest on the package index). Each round then runs, in turn: `python -c pass`,
a one-command Typer app with three options under each release, and with --migfacts `migfacts tb --year
2018 --format json` from this checkout's src/ under each release (its other dependencies installed
beside it). The report gives medians, the ratio to the first release (the one the pin allows), whether
the app imported pydantic, and a verdict: when a newer release starts within a tenth of the first, the
pin no longer buys anything and can be raised.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
APP = '''
import json, os, sys
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world", count: int = 1, loud: bool = False) -> None:
    """Greet NAME, COUNT times."""
    if os.environ.get("TYPER_VERSIONS_REPORT"):
        sys.stderr.write(json.dumps({"typer": typer.__version__, "pydantic": "pydantic" in sys.modules}))


app()
'''
APP_ARGS = ["--name", "IOM", "--count", "2", "--loud"]
MIGFACTS_ARGS = ["-m", "migfacts", "tb", "--year", "2018", "--format", "json"]
SAME = 1.10
"""A newer release within this ratio of the first costs it nothing that the noise here can show."""


def _pip(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args], check=True)


def _other_dependencies() -> list[str]:
    """migfacts' dependencies but Typer, as pyproject.toml gives them."""
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [dep for dep in project["dependencies"] if not dep.replace(" ", "").startswith("typer")]


def venv_for(version: str, venvs: Path, with_migfacts: bool) -> Path:
    """The interpreter of a virtual environment holding Typer VERSION (made on first use; "latest" brought up
    to the newest release at every run)."""
    folder = venvs / f"typer-{version}"
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    _pip(python, *(["--upgrade", "typer"] if version == "latest" else [f"typer=={version}"]))
    if with_migfacts:
        _pip(python, *_other_dependencies())
    return python


def app_report(python: Path, app: Path) -> dict:
    """The Typer version an interpreter runs the app with, and whether pydantic was imported."""
    env = {**os.environ, "TYPER_VERSIONS_REPORT": "1"}
    done = subprocess.run([str(python), str(app), *APP_ARGS], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stderr)


def _run(command: list[str], env: dict[str, str]) -> float | str:
    """Wall seconds, or the last line of what a failing command said."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return f"fails (exit {done.returncode}): {lines[-1] if lines else ''}"
    return elapsed


def verdict(first: tuple[str, float], other: tuple[str, float]) -> str:
    """What the medians of the app under the first release and a newer one say of the pin."""
    (old, old_time), (new, new_time) = first, other
    ratio = new_time / old_time
    if ratio <= SAME:
        close = f"typer {new} starts within {SAME:.2f}x of {old} ({ratio:.2f}x)"
        return f"{close}: it no longer costs it, the pin can be raised"
    extra = (new_time - old_time) * 1000
    return f"typer {new} costs {extra:.0f} ms more a start than {old} ({ratio:.2f}x): keep the pin"


def measure(pythons: list[Path], runs: int, with_migfacts: bool) -> tuple[list[list], list[str]]:
    """The report's rows (command, typer, median ms or failure, ratio, pydantic) and its verdicts."""
    with tempfile.TemporaryDirectory() as scratch:
        app = Path(scratch) / "app.py"
        app.write_text(APP, encoding="utf-8")
        versions = [app_report(python, app) for python in pythons]
        base = {k: v for k, v in os.environ.items() if not k.startswith(("MIGFACTS_", "PYTHONDONTWRITEBYTECODE"))}
        cases: list[tuple[str, str, list[str], dict[str, str]]] = [
            ("python -c pass", "-", [sys.executable, "-c", "pass"], base)
        ]
        for python, found in zip(pythons, versions, strict=True):
            cases.append(("one-command app, three options", found["typer"], [str(python), str(app), *APP_ARGS], base))
        if with_migfacts:
            for number, (python, found) in enumerate(zip(pythons, versions, strict=True)):
                env = {**base, "PYTHONPATH": str(CHECKOUT / "src"), "MIGFACTS_CACHE": f"{scratch}/cache-{number}"}
                cases.append(
                    ("migfacts tb --year 2018 --format json", found["typer"], [str(python), *MIGFACTS_ARGS], env)
                )
        times: list[list[float | str]] = [[] for _ in cases]
        for round_number in range(runs + 1):  # the first round warms up (and builds migfacts' indexes)
            for timings, (_, _, command, env) in zip(times, cases, strict=True):
                result = _run(command, env)
                if round_number:
                    timings.append(result)
    medians = [
        next((t for t in timings if isinstance(t, str)), None) or statistics.median(timings) for timings in times
    ]
    rows, firsts = [], {}
    pydantic = {found["typer"]: found["pydantic"] for found in versions}
    for (name, version, _, _), median in zip(cases, medians, strict=True):
        first = firsts.setdefault(name, median)
        ratio = f"{median / first:.2f}" if isinstance(median, float) and isinstance(first, float) else "-"
        shown = f"{median * 1000:.1f}" if isinstance(median, float) else median
        uses = "-" if version == "-" else ("yes" if pydantic[version] else "no")
        rows.append([name, version, shown, ratio, uses])
    apps = [(case[1], median) for case, median in zip(cases, medians, strict=True) if case[0].startswith("one-command")]
    timed = [app for app in apps if isinstance(app[1], float)]  # a failure stands in the table instead
    verdicts = [verdict(apps[0], other) for other in timed[1:] if timed[0] is apps[0]] or [
        "fewer than two Typer releases timed: nothing to compare"
    ]
    return rows, verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", nargs="+", default=["0.28.0", "latest"], help="Typer releases, the pinned first")
    parser.add_argument("--python", action="append", type=Path, help="use this interpreter as it is (repeatable)")
    parser.add_argument("--runs", type=int, default=21, help="rounds (default 21)")
    parser.add_argument("--migfacts", action="store_true", help="also time migfacts' lookup under each release")
    parser.add_argument("--venvs", type=Path, default=Path(tempfile.gettempdir()) / "migfacts-typer-venvs")
    args = parser.parse_args(argv)
    pythons = args.python or [venv_for(version, args.venvs, args.migfacts) for version in args.versions]
    rows, verdicts = measure(pythons, args.runs, args.migfacts)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; {args.runs} rounds, medians")
    print(f"{'command':40} {'typer':>8} {'median ms':>10} {'x first':>8} {'pydantic':>9}")
    for name, version, shown, ratio, uses in rows:
        print(f"{name:40} {version:>8} {shown:>10} {ratio:>8} {uses:>9}")
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
