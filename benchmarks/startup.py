"""Startup latency of migfacts commands, measured side by side with the import floors they cannot beat.

Run by hand, never in the test suite (the machines are shared and noisy):

    python benchmarks/startup.py [--runs 21]

Each round runs every command once, in turn, so that load on the machine
falls on all of them alike; the report gives the median wall time of each,
its ratio to the first floor, and its peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

PYTHON = sys.executable
MIGFACTS = [PYTHON, "-m", "migfacts"]
CASES: dict[str, list[str]] = {
    "floor: python -c pass": [PYTHON, "-c", "pass"],
    "floor: import typer": [PYTHON, "-c", "import typer"],
    "floor: import typer, rich.console, rich.table": [PYTHON, "-c", "import typer, rich.console, rich.table"],
    "migfacts tb --year 2018 --format json": [*MIGFACTS, "tb", "--year", "2018", "--format", "json"],
    "migfacts tb --year 2018 --format table": [*MIGFACTS, "tb", "--year", "2018", "--format", "table"],
    "migfacts search 'active cases'": [*MIGFACTS, "search", "active cases", "--format", "plain"],
    "migfacts check (one claim)": [*MIGFACTS, "check", "IOM detected 584 TB cases in 2018"],
    "completion: migfacts t<TAB>": [*MIGFACTS],
    "migfacts validate": [*MIGFACTS, "validate"],
}
COMPLETION_ENV = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts t", "COMP_CWORD": "1"}


def _run(name: str, command: list[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # .pyc written, as for a user
    env.update({"COLUMNS": "100", **(COMPLETION_ENV if name.startswith("completion") else {})})
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: a claim not supported is an answer too
        raise SystemExit(f"{name} failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="rounds (default 21)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in CASES}
    memory: dict[str, int] = dict.fromkeys(CASES, 0)
    for name, command in CASES.items():  # one warm-up round: caches and .pyc files
        _run(name, command)
    for _ in range(args.runs):
        for name, command in CASES.items():
            elapsed, rss = _run(name, command)
            times[name].append(elapsed)
            memory[name] = max(memory[name], rss)
    floor = statistics.median(times["floor: import typer"])
    typer_version = subprocess.run(
        [PYTHON, "-c", "import typer; print(typer.__version__)"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"typer {typer_version}; {args.runs} rounds, medians"
    )
    print(f"{'command':48} {'median ms':>10} {'x import typer':>15} {'max RSS MiB':>12}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:48} {median * 1000:10.1f} {median / floor:15.2f} {memory[name] / 1024:12.1f}")


if __name__ == "__main__":
    main()
