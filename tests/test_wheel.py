"""The built wheel carries the fact base: installed away from the source tree, `migfacts` still answers."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_the_facts_and_runs_without_the_source_tree(tmp_path):
    dist, target, elsewhere = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("migfacts-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "migfacts/facts/topics.yaml" in names
    assert "migfacts/facts/sources/world-tb-day-2019.yaml" in names
    assert "migfacts/facts/sources/world-tb-day-2019.txt" in names
    assert "migfacts/source.schema.json" in names

    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {key: value for key, value in os.environ.items() if key != "MIGFACTS_FACTS"}
    env["PYTHONPATH"] = str(target)
    where = subprocess.run(
        [sys.executable, "-c", "import migfacts.layout as l; print(l.__file__); print(l.bundled_facts())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [str(target / "migfacts" / "layout.py"), str(target / "migfacts" / "facts")]
    result = subprocess.run(
        [sys.executable, "-m", "migfacts", "tb", "--year", "2018", "--format", "plain"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "tb-active-cases-2018\t584 active TB cases" in result.stdout
    validated = subprocess.run(
        [sys.executable, "-m", "migfacts", "validate"], cwd=elsewhere, env=env, capture_output=True, text=True
    )  # with the schema from the wheel
    assert (validated.returncode, validated.stderr) == (0, ""), validated.stderr
    assert validated.stdout.endswith("numbers accounted for: 32/32 (100.0%)\n")
    printed = subprocess.run(
        [sys.executable, "-m", "migfacts", "schema"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert printed.stdout == (ROOT / "schema" / "source.schema.json").read_text(encoding="utf-8")
