"""Wall time and peak memory of migfacts commands on the bundled fact base and on generated ones of N sources.

Run by hand, never in the test suite (the machines are shared and noisy):

    python benchmarks/speed.py [--sizes 1000 10000] [--runs 7] [--validate-runs 1]

The bases of N sources are written by benchmarks/generate_factbase.py into a temporary folder (seed 0; topics
spread as in an archive of IOM releases, or `--spread bundled` for the five bundled topics alone).
Each round runs every command on every base once, in turn (interleaved, so that load on the machine
falls on all alike), beside the import floors it cannot beat; the report is a markdown table of the median
wall time, its ratio to each floor and to the same command on the bundled base, and the peak memory (max
RSS of the child, from wait4). The index is kept in the temporary folder (warm after the warm-up round);
--no-cache measures every run reading the YAML. On the largest base, timed apart: the index built from
scratch (`migfacts topics` with an empty cache folder, --build-runs times), built again after one source
file is edited, and `migfacts validate` (--validate-runs times).

Python writes .pyc files here as on any user's machine (PYTHONDONTWRITEBYTECODE is dropped for the
children): the warm-up round writes them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MIGFACTS = [PYTHON, "-m", "migfacts"]
FLOORS: dict[str, list[str]] = {
    "python -c 'import typer'": [PYTHON, "-c", "import typer"],
    "python -c 'import typer, rich.console, rich.table'": [PYTHON, "-c", "import typer, rich.console, rich.table"],
}
COMMANDS: dict[str, list[str]] = {
    "tb --year 2018 --format json": ["tb", "--year", "2018", "--format", "json"],
    "tb --year 2018 --format table": ["tb", "--year", "2018", "--format", "table"],
    "search 'active cases'": ["search", "active cases"],
    "check 'IOM detected 584 TB cases in 2018'": ["check", "IOM detected 584 TB cases in 2018"],
    "completion: migfacts t<TAB>": [],
}
COMPLETION_ENV = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts t", "COMP_CWORD": "1"}
OK_CODES = (0, 1)  # 1: a claim the base does not support is an answer too


CACHE: dict[str, str] = {}
"""MIGFACTS_CACHE (a temporary folder: the user's cache is left alone) or MIGFACTS_NO_CACHE, set by main."""


def _env(base: Path | None, completion: bool) -> dict[str, str]:
    dropped = ("MIGFACTS_", "_MIGFACTS_", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update({"COLUMNS": "100", "NO_COLOR": "1", **CACHE})
    if base is not None:
        env["MIGFACTS_FACTS"] = str(base)  # completion reads no --facts option: the variable works for all
    if completion:
        env.update(COMPLETION_ENV)
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in OK_CODES:
        raise SystemExit(f"exit {code}: {' '.join(command)}\n{error[-2000:]}")
    return elapsed, usage.ru_maxrss


def _generate(folder: Path, sources: int, spread: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            PYTHON,
            str(HERE / "generate_factbase.py"),
            str(folder),
            *("--sources", str(sources)),
            "--seed",
            "0",
            "--spread",
            spread,
        ],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="sources per generated base")
    parser.add_argument("--runs", type=int, default=7, help="rounds (default 7)")
    parser.add_argument("--validate-runs", type=int, default=1, help="runs of validate on the largest base (0: none)")
    parser.add_argument("--build-runs", type=int, default=1, help="index builds on the largest base (0: none)")
    parser.add_argument("--no-cache", action="store_true", help="set MIGFACTS_NO_CACHE=1: every run reads the YAML")
    parser.add_argument(
        "--spread",
        choices=("archive", "bundled"),
        default="archive",
        help="topics of the generated bases (see generate_factbase.py): archive (default) or bundled",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="migfacts-speed-") as tmp:
        CACHE.clear()
        CACHE.update({"MIGFACTS_NO_CACHE": "1"} if args.no_cache else {"MIGFACTS_CACHE": str(Path(tmp) / "cache")})
        bases: dict[str, Path | None] = {"bundled": None}
        notes = []
        for size in args.sizes:
            folder = Path(tmp) / f"n{size}"
            seconds = _generate(folder, size, args.spread)
            bases[f"N={size:,}"] = folder
            notes.append(f"generated N={size:,} ({args.spread} spread) in {seconds:.1f} s")

        cases: dict[tuple[str, str], tuple[list[str], dict[str, str]]] = {
            (name, "-"): (command, _env(None, False)) for name, command in FLOORS.items()
        }
        for base_name, base in bases.items():
            for name, command in COMMANDS.items():
                completion = name.startswith("completion")
                cases[(f"migfacts {name}" if not completion else name, base_name)] = (
                    [*MIGFACTS, *command],
                    _env(base, completion),
                )

        times: dict[tuple[str, str], list[float]] = {key: [] for key in cases}
        memory: dict[tuple[str, str], int] = dict.fromkeys(cases, 0)
        for command, env in cases.values():  # one warm-up round: caches and .pyc files
            _run(command, env)
        for _ in range(args.runs):
            for key, (command, env) in cases.items():
                elapsed, rss = _run(command, env)
                times[key].append(elapsed)
                memory[key] = max(memory[key], rss)

        floor_typer, floor_rich = (statistics.median(times[(name, "-")]) for name in FLOORS)
        typer_version = subprocess.run(
            [PYTHON, "-c", "import typer; print(typer.__version__)"], capture_output=True, text=True, check=True
        ).stdout.strip()
        cache = "cache off (MIGFACTS_NO_CACHE=1)" if args.no_cache else "cache in a temporary folder, warm"
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"typer {typer_version}; {args.runs} interleaved rounds after a warm-up, medians; "
            f"validate: {args.validate_runs} run(s); {cache}; " + "; ".join(notes)
        )
        print()
        print("| command | base | median ms | × import typer | × typer+rich | × bundled | peak MB |")
        print("|---|---|---:|---:|---:|---:|---:|")

        def row(name: str, base_name: str, samples: list[float], rss: int, bundled: float | None = None) -> None:
            median = statistics.median(samples)
            ratio = f"{median / bundled:.2f}" if bundled else "-"
            print(
                f"| {name} | {base_name} | {median * 1000:.1f} | {median / floor_typer:.2f} | "
                f"{median / floor_rich:.2f} | {ratio} | {rss / 1024:.1f} |",
                flush=True,
            )

        for (name, base_name), samples in times.items():
            on_bundled = times.get((name, "bundled")) if base_name not in ("-", "bundled") else None
            row(name, base_name, samples, memory[(name, base_name)], statistics.median(on_bundled or [0]) or None)

        largest = list(bases)[-1]
        folder = bases[largest]
        if args.build_runs > 0 and folder is not None:
            edited = sorted((folder / "sources").glob("*.yaml"))[2]
            show = [*MIGFACTS, "show", edited.stem, "--format", "json"]  # a lookup that costs next to nothing
            samples, peak = [], 0
            for run in range(args.build_runs):
                env = {**_env(folder, False), "MIGFACTS_CACHE": str(Path(tmp) / f"fresh-{run}")}
                elapsed, rss = _run(show, env)
                samples.append(elapsed)
                peak = max(peak, rss)
            row(f"index build from scratch (migfacts show {edited.stem})", largest, samples, peak)
            original = edited.read_text(encoding="utf-8")
            samples, peak = [], 0
            for run in range(3):
                edited.write_text(original + f"# edited {run}\n", encoding="utf-8")
                time.sleep(2.5)  # past the two seconds in which a changed file is read again every time
                elapsed, rss = _run(show, _env(folder, False))
                samples.append(elapsed)
                peak = max(peak, rss)
            row(f"rebuild after editing {edited.name} (3 edits)", largest, samples, peak)
            edited.write_text(original, encoding="utf-8")
            time.sleep(2.5)
            samples = [_run(show, _env(folder, False))[0] for _ in range(3)]
            row(f"the same lookup, nothing changed (migfacts show {edited.stem})", largest, samples, 0)

        if args.validate_runs > 0 and folder is not None:  # printed last: on a large base it takes a minute
            samples, peak = [], 0
            for _ in range(args.validate_runs):
                elapsed, rss = _run([*MIGFACTS, "validate"], _env(folder, False))
                samples.append(elapsed)
                peak = max(peak, rss)
            row("migfacts validate", largest, samples, peak)
    return 0


if __name__ == "__main__":
    sys.exit(main())
