"""benchmarks/generate_factbase.py writes a fact base that the real CLI validates, the same for the same seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import load_generator


@pytest.fixture(scope="module")
def generator():
    return load_generator()


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


def test_an_archive_of_sixteen_has_every_topic_and_validates(generator, tmp_path: Path, cli):
    ids = generator.generate(tmp_path / "base", 16, seed=2)
    topics = [topic for topic in generator.ARCHIVE_WEIGHTS]
    assert sorted(ident.split("-20")[0].removeprefix("synthetic-") for ident in ids) == sorted(topics)
    listed = cli("topics", "--facts", str(tmp_path / "base"), "-f", "json")
    assert sorted(topic["id"] for topic in json.loads(listed.stdout)) == sorted(topics)
    result = cli("validate", "--facts", str(tmp_path / "base"))
    assert result.code == 0, result.stdout + result.stderr
    assert "16 sources" in result.stdout and "(100.0%)" in result.stdout


def test_topics_are_drawn_in_the_archive_shares(generator):
    import random
    from collections import Counter

    rng = random.Random(0)
    drawn = Counter(generator._topic(rng, number, "archive") for number in range(16, 20_016))
    for topic, percent in generator.ARCHIVE_WEIGHTS.items():
        assert abs(drawn[topic] / 200 - percent) < 0.6, (topic, drawn[topic] / 200, percent)


def test_the_bundled_spread_keeps_the_bundled_topics(generator, tmp_path: Path):
    ids = generator.generate(tmp_path / "base", 40, seed=3, spread="bundled")
    bundled = Path(generator.TOPICS).read_bytes()
    assert (tmp_path / "base" / "topics.yaml").read_bytes() == bundled
    assert {ident.split("-20")[0].removeprefix("synthetic-") for ident in ids} == set(generator.BUNDLED_TOPICS)
    with pytest.raises(ValueError):
        generator.generate(tmp_path / "other", 2, spread="uniform")
