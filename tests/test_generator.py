"""benchmarks/generate_factbase.py writes a fact base that the real CLI validates, the same for the same seed."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_factbase.py"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("generate_factbase", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_generated_base_validates(generator, tmp_path: Path, cli):
    ids = generator.generate(tmp_path / "base", 5, seed=1)
    assert len(ids) == 5
    assert len(list((tmp_path / "base" / "sources").glob("*.yaml"))) == 5
    assert len(list((tmp_path / "base" / "sources").glob("*.txt"))) == 5
    result = cli("validate", "--facts", str(tmp_path / "base"))
    assert result.code == 0, result.stdout + result.stderr
    assert "5 sources" in result.stdout
    assert "(100.0%)" in result.stdout


def test_same_seed_same_bytes_other_seed_differs(generator, tmp_path: Path):
    generator.generate(tmp_path / "a", 5, seed=7)
    generator.generate(tmp_path / "b", 5, seed=7)
    generator.generate(tmp_path / "c", 5, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_topic_lookup_finds_figures(generator, tmp_path: Path, cli):
    generator.generate(tmp_path / "base", 5, seed=1)
    result = cli("tb", "--facts", str(tmp_path / "base"), "-f", "json")
    assert result.code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["figures"]


def test_command_line(generator, tmp_path: Path, capsys):
    assert generator.main([str(tmp_path / "base"), "--sources", "2", "--seed", "3"]) == 0
    assert (tmp_path / "base" / "topics.yaml").exists()
    assert len(list((tmp_path / "base" / "sources").glob("*.yaml"))) == 2
    with pytest.raises(SystemExit):  # refuses to write over a base
        generator.main([str(tmp_path / "base"), "--sources", "2"])
