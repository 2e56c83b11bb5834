"""A fact base is data: reading it never runs, imports or writes anything inside it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migfacts import yamlnodes

SRC = Path(__file__).parents[1] / "src" / "migfacts"
TB = "sources/world-tb-day-2019.yaml"
PLANTED = ["sitecustomize.py", "usercustomize.py", "__init__.py", "conftest.py", "__main__.py", "yaml.py",
           "rich.py", "migfacts.py", "evil.pth"]  # fmt: skip


def _snapshot(root: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every name under ROOT with its mode, size, modification time and content digest."""
    tree = {}
    for folder, names, files in os.walk(root):
        for name in [*names, *files]:
            path = Path(folder, name)
            status = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            tree[str(path.relative_to(root))] = (status.st_mode, status.st_size, status.st_mtime_ns, digest)
    return tree


@pytest.fixture
def planted(facts_copy, tmp_path):
    """The bundled base with Python files that, run or imported, would leave a marker file outside it."""
    markers = tmp_path / "markers"
    markers.mkdir()
    for folder in (facts_copy, facts_copy / "sources"):
        for name in PLANTED:
            marker = markers / f"{folder.name}-{name}"
            code = f"open({str(marker)!r}, 'w').close()"
            (folder / name).write_text(f"import os; {code}\n" if name.endswith(".pth") else f"{code}\n")
    return facts_copy, markers


LOOKUPS = [
    ["figures"],  # builds the index
    ["tb", "--year", "2018"],
    ["figures"],  # answered by the index
    ["search", "chacon"],
    ["show", "weekers-ending-tb"],
    ["check", "IOM detected 584 active TB cases in 2018"],
    ["topics"],
    ["sources"],
]


def test_nothing_in_a_base_runs_and_nothing_in_it_changes(cli, planted):
    base, markers = planted
    before = _snapshot(base)
    for args in LOOKUPS:
        result = cli(*args, "--facts", str(base))
        assert (result.code, result.stderr) == (0, ""), args
    check = cli("validate", "--facts", str(base))
    strays = sorted(f"{base / 'sources' / name}" for name in PLANTED)
    assert check.code == 3
    assert check.stderr.splitlines()[:-1] == [
        f"{path}: not part of the fact base: a source is ID.yaml beside the ID.txt it names" for path in strays
    ]
    assert not any(
        getattr(module, "__file__", None) and str(base) in module.__file__ for module in list(sys.modules.values())
    )
    assert list(markers.iterdir()) == []
    assert _snapshot(base) == before


def test_the_command_run_from_inside_a_base_runs_nothing_in_it(planted):
    """As a user types it, the console script started in the base's folder (its own sys.path[0] is bin/)."""
    base, markers = planted
    before = _snapshot(base)
    migfacts = Path(sys.executable).parent / "migfacts"
    for command in (["figures"], ["validate"]):
        result = subprocess.run([str(migfacts), *command, "--facts", "."], cwd=base,
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == (0 if command == ["figures"] else 3), result.stderr
        assert "Traceback" not in result.stderr
    assert list(markers.iterdir()) == []
    assert _snapshot(base) == before


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [touch {marker}]",
        "!!python/name:os.system",
        '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    ],
)
def test_a_python_tag_is_refused_by_name_and_never_run(cli, facts_copy, tmp_path, tag):
    marker = tmp_path / "ran"
    path = facts_copy / TB
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line == "    unit: active TB cases\n")
    lines[number] = f"    unit: {tag.format(marker=marker)}\n"
    path.write_text("".join(lines), encoding="utf-8")
    shown = tag.split()[0]
    for command in ("figures", "validate"):
        result = cli(command, "--facts", str(facts_copy))
        assert result.code == 3
        problem = f"{path}:{number + 1}: the YAML tag '{shown}' is not allowed in a fact file"
        expected = f"migfacts: {problem}\n" if command == "figures" else f"{problem}\nmigfacts: 1 problem found\n"
        assert result.stderr == expected
    assert not marker.exists()


UNSAFE = re.compile(r"\byaml\.(load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all)\(|"
                    r"\b(UnsafeLoader|FullLoader|CLoader|CFullLoader|CUnsafeLoader)\b|\byaml\.Loader\b")  # fmt: skip


def test_every_yaml_load_in_the_source_is_safe():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE.search(line)
    ]
    assert found == []
    loaders = {match for path in SRC.rglob("*.py") for match in re.findall(r"Loader=(\w+)", path.read_text())}
    assert loaders <= {"_Loader"}
    assert issubclass(yamlnodes._Loader, (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def test_the_scan_would_catch_an_unsafe_load():
    assert UNSAFE.search("data = yaml.load(text, Loader=yaml.Loader)")
    assert UNSAFE.search("yaml.unsafe_load(text)") and UNSAFE.search("Loader=FullLoader")
    assert not UNSAFE.search("yaml.safe_load(text)") and not UNSAFE.search("yaml.compose(text, Loader=_Loader)")
