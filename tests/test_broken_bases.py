"""Broken fact bases, as a new user makes them: each through a lookup and `validate`, with its exact outcome.

The bases that can live in git are the folders of tests/broken/, each the small base of `good/` with one
defect, and their outcomes are in tests/broken/cases.yaml. What git cannot hold (an empty folder, a
symbolic link loop, a file no one may read, a file of 50 MB, a folder that does not exist) is made here,
by a small recipe each, mostly from a copy of the bundled base.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from helpers import edit

BROKEN = Path(__file__).parent / "broken"
CASES = yaml.safe_load((BROKEN / "cases.yaml").read_text(encoding="utf-8"))
TB = "sources/world-tb-day-2019"


def _lines(items: list[str], base: Path) -> str:
    return "".join(f"{item}\n".replace("{base}", str(base)) for item in items)


def test_every_folder_has_its_case_and_the_template_is_sound(cli, tmp_path):
    assert {path.name for path in BROKEN.iterdir() if path.is_dir()} == {*CASES, "good"}
    base = tmp_path / "good"
    shutil.copytree(BROKEN / "good", base)
    assert cli("validate", "--facts", str(base)).code == 0
    assert cli("figures", "--facts", str(base)).stdout == (
        "assisted-2020\t1,234 migrants\tmigrants assisted\t2020\tWorldwide\tsample-release\n"
    )


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("command", ["figures", "validate"])
def test_a_broken_base_has_its_exact_outcome(cli, tmp_path, case, command):
    base = tmp_path / "base"
    shutil.copytree(BROKEN / case, base, symlinks=True)
    expected = CASES[case][command]
    result = cli(command, "--facts", str(base))
    assert (result.code, result.stdout, result.stderr) == (
        expected["code"],
        _lines(expected["stdout"], base),
        _lines(expected["stderr"], base),
    )


def test_no_case_leaves_a_lookup_answering_from_a_base_validate_refuses_unless_listed():
    """A lookup checks what it reads (schema, evidence, references); only `validate` looks for stray files
    and numbers left unaccounted for, so the two may differ there, and only there."""
    differ = {case for case, outcome in CASES.items() if outcome["figures"]["code"] != outcome["validate"]["code"]}
    assert differ == {"yml-typo"}


@pytest.mark.parametrize("case", [case for case in CASES if CASES[case]["figures"]["code"] == 3])
def test_a_lookup_counts_the_problems_validate_lists(case):
    """ "(and N more problems: run 'migfacts validate')" promises N more lines from validate, no fewer."""
    first = CASES[case]["figures"]["stderr"][0]
    more = int(first.split("(and ")[1].split()[0]) if "(and " in first else 0
    assert len(CASES[case]["validate"]["stderr"]) - 1 == more + 1


# Recipes: bases git cannot hold. Each gives the base and the exact outcomes of a lookup and of validate.


def _expect(cli, base: Path, lookup: str, summary: str | None, problems: list[str]) -> None:
    """The exact outcomes of a lookup and of validate (whose summary is None for a folder that is no base)."""
    figures = cli("figures", "--facts", str(base))
    assert (figures.code, figures.stdout, figures.stderr) == (3, "", f"migfacts: {lookup}\n")
    check = cli("validate", "--facts", str(base))
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found"
    stderr = "".join(f"{line}\n" for line in problems) + f"migfacts: {count}\n"
    assert (check.code, check.stdout, check.stderr) == (3, "" if summary is None else f"{base}: {summary}\n", stderr)


NOTHING = "0 sources, 0 figures, 0 quotes, 0 contacts; numbers accounted for: 0/0 (100.0%)"


def test_a_folder_that_does_not_exist(cli, tmp_path):
    base = tmp_path / "nowhere"
    _expect(cli, base, f"{base}: no such fact base folder", None, [f"{base}: no such fact base folder"])


def test_an_empty_folder(cli, tmp_path):
    base = tmp_path / "empty"
    base.mkdir()
    problem = f"{base}: not a fact base: it has no sources/ folder"
    _expect(cli, base, problem, None, [problem])


def test_an_empty_sources_folder(cli, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(BROKEN / "good", base)
    for path in (base / "sources").iterdir():
        path.unlink()
    problem = f"{base / 'sources'}: no source files (*.yaml) in this folder"
    _expect(cli, base, problem, NOTHING, [problem])


def test_a_file_given_as_the_folder(cli, facts_copy):
    base = facts_copy / "topics.yaml"
    message = f"{base}: is not a folder (a fact base is a folder with topics.yaml and sources/)"
    _expect(cli, base, message, None, [message])


def test_a_symbolic_link_loop_in_place_of_an_archived_text(cli, facts_copy):
    text = facts_copy / f"{TB}.txt"
    text.unlink()
    text.symlink_to(text)
    problem = f"{text}: cannot be read: Too many levels of symbolic links"
    summary = "1 source, 4 figures, 4 quotes, 1 contact; numbers accounted for: 7/7 (100.0%); 1 source file not read"
    _expect(cli, facts_copy, problem, summary, [problem])


def test_a_symbolic_link_loop_in_place_of_the_sources_folder(cli, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(BROKEN / "good", base)
    shutil.rmtree(base / "sources")
    (base / "sources").symlink_to("sources")
    problem = f"{base / 'sources'}: cannot be read: Too many levels of symbolic links"
    _expect(cli, base, problem, None, [problem])


def test_a_file_in_place_of_the_sources_folder(cli, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(BROKEN / "good", base)
    shutil.rmtree(base / "sources")
    (base / "sources").write_text("sample-release.yaml\n")
    problem = f"{base / 'sources'}: is not a folder (a fact base keeps its source files in a folder sources/)"
    _expect(cli, base, problem, None, [problem])


def test_a_symbolic_link_loop_in_place_of_topics_yaml(cli, tmp_path):
    base = tmp_path / "base"
    shutil.copytree(BROKEN / "good", base)
    (base / "topics.yaml").unlink()
    (base / "topics.yaml").symlink_to("topics.yaml")
    problem = f"{base / 'topics.yaml'}: cannot be read: Too many levels of symbolic links"
    summary = "1 source, 1 figure, 0 quotes, 0 contacts; numbers accounted for: 2/2 (100.0%)"
    _expect(cli, base, problem, summary, [problem])


def test_a_symbolic_link_out_of_the_base_is_read_as_the_file_it_names(cli, tmp_path):
    """A link is followed, like any file a user puts there: the text it names is checked as the article."""
    base = tmp_path / "base"
    shutil.copytree(BROKEN / "good", base)
    elsewhere = tmp_path / "archive" / "release.txt"
    elsewhere.parent.mkdir()
    (base / "sources" / "sample-release.txt").rename(elsewhere)
    (base / "sources" / "sample-release.txt").symlink_to(elsewhere)
    assert cli("validate", "--facts", str(base)).code == 0
    assert cli("figures", "--facts", str(base)).stdout.startswith("assisted-2020\t1,234 migrants\t")
    (base / "sources" / "sample-release.txt").unlink()
    other = tmp_path / "archive" / "other.txt"
    other.write_text("Another article altogether.\n", encoding="utf-8")
    (base / "sources" / "sample-release.txt").symlink_to(other)
    lookup = cli("figures", "--facts", str(base))
    assert (lookup.code, lookup.stdout) == (3, "")
    assert lookup.stderr == (
        f"migfacts: {base}/sources/sample-release.yaml:3: 'title': the title does not stand in the text"
        " (and 1 more problem: run 'migfacts validate')\n"
    )


@pytest.mark.parametrize("suffix", [".yaml", ".txt"])
def test_a_file_of_50_mb_is_refused_without_being_read(cli, facts_copy, monkeypatch, suffix):
    big = facts_copy / f"{TB}{suffix}"
    with big.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # the file's head kept, the rest a hole: 50 MB at no cost
    opened = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)  # Path.read_bytes and read_text open through it
    problem = f"{big}: file too large (52,428,800 bytes; the limit is 5,242,880)"
    summary = "1 source, 4 figures, 4 quotes, 1 contact; numbers accounted for: 7/7 (100.0%); 1 source file not read"
    _expect(cli, facts_copy, problem, summary, [problem])
    assert opened and big not in opened


def _user() -> dict:
    """Who runs the CLI in a permission test: the unprivileged user 65534 when we are root (who reads anything)."""
    return {"user": 65534, "group": 65534, "extra_groups": []} if os.geteuid() == 0 else {}


def _python_for_user() -> tuple[str, dict[str, str]] | None:
    """A Python of this version that the test's user may run, with this environment's packages on its path:
    this one, or (when it lives in a folder closed to others, as pyenv's under /root) the system's."""
    ours = [entry for entry in sys.path[1:] if not entry.startswith(sys.base_prefix) and Path(entry).is_dir()]
    env = {"PYTHONPATH": os.pathsep.join(ours)}
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")):
        try:
            probe = subprocess.run([python, "-c", "import migfacts"], env={**os.environ, **env}, capture_output=True,
                                   cwd="/", timeout=60, **_user())  # fmt: skip
        except (OSError, TypeError):
            continue
        if probe.returncode == 0:
            return python, env
    return None


def _as_user(python: tuple[str, dict[str, str]], args: list[str], env: dict[str, str]):
    """`python -m migfacts ARGS` as the test's user."""
    executable, path = python
    return subprocess.run(
        [executable, "-m", "migfacts", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **path, **env, "MIGFACTS_FACTS": "", "NO_COLOR": "1"},
        cwd="/",
        **_user(),
    )


@pytest.fixture
def world_readable(tmp_path):
    """A folder user 65534 can reach (pytest's own folders are root's alone), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="migfacts-unreadable-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755) if path.is_dir() else path.chmod(0o644)
    shutil.rmtree(folder)


@pytest.mark.parametrize("name", ["world-tb-day-2019.yaml", "world-tb-day-2019.txt"])
def test_a_file_without_read_permission(world_readable, name):
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("no POSIX permissions on Windows")
    python = _python_for_user()
    if python is None:
        pytest.skip("no Python that user 65534 may run can import migfacts: make this checkout world-readable")
    base = world_readable / "facts"
    shutil.copytree(Path(__file__).parents[1] / "facts", base)
    for path in [base, *base.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    cache = world_readable / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    locked = base / "sources" / name
    locked.chmod(0o000)
    env = {"MIGFACTS_CACHE": str(cache)}
    problem = f"{locked}: cannot be read: Permission denied"
    lookup = _as_user(python, ["figures", "--facts", str(base)], env)
    assert (lookup.returncode, lookup.stdout, lookup.stderr) == (3, "", f"migfacts: {problem}\n")
    check = _as_user(python, ["validate", "--facts", str(base)], env)
    assert (check.returncode, check.stderr) == (3, f"{problem}\nmigfacts: 1 problem found\n")
    assert check.stdout == (
        f"{base}: 1 source, 4 figures, 4 quotes, 1 contact; numbers accounted for: 7/7 (100.0%); "
        "1 source file not read\n"
    )


def test_the_real_base_with_tabs_names_the_line(cli, facts_copy):
    path = facts_copy / f"{TB}.yaml"
    edit(path, "    value: 584\n", "\tvalue: 584\n")
    line = path.read_text(encoding="utf-8").splitlines().index("\tvalue: 584") + 1
    problem = (
        f"{path}:{line}: invalid YAML: while scanning a plain scalar: found a tab character that violates indentation"
    )
    summary = "1 source, 4 figures, 4 quotes, 1 contact; numbers accounted for: 7/7 (100.0%); 1 source file not read"
    _expect(cli, facts_copy, problem, summary, [problem])
