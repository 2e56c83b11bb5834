"""Every question answered from the index gets the answer the YAML gives, on the bundled base and on a
generated one: the same output, error message and exit code, in every command, filter and format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migfacts.layout import bundled_facts

from helpers import load_generator

GENERATED_SOURCES = 16


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "base"
    load_generator().generate(root, GENERATED_SOURCES, seed=5)
    return root


def _questions(root: Path, cli) -> list[tuple[str, ...]]:
    """Questions of every kind, with names taken from the base itself."""
    figures = json.loads(cli("figures", "--facts", str(root), "-f", "json", env={"MIGFACTS_NO_CACHE": "1"}).stdout)
    quotes = json.loads(cli("quotes", "--facts", str(root), "-f", "json", env={"MIGFACTS_NO_CACHE": "1"}).stdout)
    first, last = figures[0], figures[-1]
    place = next(p for f in figures for p in f["places"] if p["country"])
    year = next(f["period"]["start"][:4] for f in figures if f["period"])
    speaker = quotes[-1]["speaker"].split()[-1]
    source = last["source"]["id"]
    questions = [
        ("tb", "--year", "2018"),
        ("tb", "--year", year),
        ("tuberculosis", "--country", place["country"]),
        ("c4d", "--year", "2000-2026", "--country", place["name"].lower()),
        ("migrant-health", "--source", source.upper()),
        ("migrant-health", "--year", year, "--source", source),
        ("quotes", "--topic", "tb", "--year", year),
        ("contacts", "--topic", "migrant-health", "--year", "2000-2026"),
        ("figures", "--topic", "tb", "--year", year, "--source", source),
        ("uhc", "--year", "1999"),
        ("tb", "--country", "ZZ"),
        ("tb", "--country", "France"),
        ("tbb",),
        ("figures",),
        ("figures", "cases", "--year", "2010-2020"),
        ("figures", "--topic", "c4d", "--country", place["country"].lower()),
        ("figures", "--source", "no-such-source"),
        ("figures", "2018"),
        ("figures", "act"),
        ("quotes",),
        ("quotes", "--speaker", speaker.lower()),
        ("quotes", "--speaker", "zz"),
        ("quotes", "tb", "--year", year),
        ("contacts",),
        ("contacts", "--country", place["country"]),
        ("topics",),
        ("sources",),
        ("sources", "--source", source),
        ("search", "active cases"),
        ("search", "migrants", "--topic", "tb"),
        ("search", "health", "--source", source, "--limit", "3"),
        ("search", "2018"),
        ("search", "zzzz"),
        ("search", "!!!"),
        ("show", first["id"]),
        ("show", last["id"].upper()),
        ("show", quotes[0]["id"]),
        ("show", source),
        ("show", "tb"),
        ("show", "tuberculosis"),
        ("show", f"{source}:1"),
        ("show", f"{source}:01"),
        ("show", "no-such-id"),
        ("show", "in"),  # suggestions, in the base's order
        ("show", "synthetic-"),
        ("check", f"IOM counted {first['amount']} {first['counts']}"),
        ("check", "IOM detected 584 TB cases in 2018", "nothing here 12 apples"),
        ("check", f"{last['display']} in {year}"),
        ("check", f"{last['display']} in 1999", f"more than {first['amount'].split()[-1]} {first['counts']}"),
        ("check", "fewer than 5 active TB cases", "between 10 and 20 percent of migrants", "0 cases"),
        ("check", f"about {first['value'] * 3} {first['counts']} in {year}", "nearly 2 million people in Kenya"),
    ]
    return questions


@pytest.mark.parametrize("base", ["bundled", "generated", "generated, built on every core"])
def test_the_index_answers_as_the_yaml_does(cli, base, generated, tmp_path, monkeypatch):
    root = bundled_facts() if base == "bundled" else generated
    if base.endswith("every core"):  # built in parts by worker processes, then merged
        monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
        monkeypatch.setattr("migfacts.indexparts.CHUNK", 3)
    cache = {"MIGFACTS_CACHE": str(tmp_path / "cache")}
    answered = 0
    for question in _questions(root, cli):
        args = (*question, "--facts", str(root), "-f", "json")  # the records whole: every format is made of them
        expected = cli(*args, env={"MIGFACTS_NO_CACHE": "1"})
        for _ in range(2):  # building the index, then reading it
            got = cli(*args, env=cache)
            assert (got.code, got.stdout, got.stderr) == (expected.code, expected.stdout, expected.stderr), args
        answered += expected.code == 0
    assert answered >= 25  # most questions have answers: the comparison is not of error messages alone


@pytest.mark.parametrize(
    "words",
    [
        "migfacts ",
        "migfacts t",
        "migfacts figures --country ",
        "migfacts quotes --speaker ",
        "migfacts figures --source ",
        "migfacts figures --year 20",
        "migfacts show synthetic-",
    ],
)
def test_completion_from_the_index_is_the_yamls(cli, generated, tmp_path, words):
    env = {
        "MIGFACTS_FACTS": str(generated),
        "_MIGFACTS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    expected = cli(env={**env, "MIGFACTS_NO_CACHE": "1"}).stdout
    assert expected.split()
    assert cli(env={**env, "MIGFACTS_CACHE": str(tmp_path / "cache")}).stdout == expected


def test_a_broken_file_in_a_build_on_every_core_is_reported_as_the_yaml_reports_it(
    cli, generated, tmp_path, monkeypatch
):
    import shutil

    monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
    root = tmp_path / "base"
    shutil.copytree(generated, root)
    broken = sorted((root / "sources").glob("*.yaml"))[5]
    broken.write_text(broken.read_text(encoding="utf-8").replace("value: ", "value: x", 1), encoding="utf-8")
    cache = {"MIGFACTS_CACHE": str(tmp_path / "cache")}
    expected = cli("topics", "--facts", str(root), env={"MIGFACTS_NO_CACHE": "1"})
    got = cli("topics", "--facts", str(root), env=cache)
    assert (got.code, got.stdout, got.stderr) == (expected.code, expected.stdout, expected.stderr)
    assert got.code == 3 and got.stderr.startswith(f"migfacts: {broken}:")
    assert [path.name for path in (tmp_path / "cache").iterdir() if ".part" in path.name] == []  # parts deleted


def test_validate_on_every_core_says_what_it_says_on_one(cli, generated, tmp_path, monkeypatch):
    """A large base is checked by worker processes: the same report, problems and counts alike."""
    import shutil

    root = tmp_path / "base"
    shutil.copytree(generated, root)
    files = sorted((root / "sources").glob("*.yaml"))
    files[3].write_text(files[3].read_text(encoding="utf-8").replace("value: ", "value: x", 1), encoding="utf-8")
    first_id = files[1].read_text(encoding="utf-8").split("- id: ", 1)[1].split()[0]
    text = files[7].read_text(encoding="utf-8")
    files[7].write_text(text.replace("- id: ", f"- id: {first_id}\n    x: 1\n  - id: ", 1), encoding="utf-8")
    text_file = files[9].with_suffix(".txt")
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\nAnd 12345 more.\x1b[31m\n", encoding="utf-8")
    (root / "sources" / "stray.yml").write_text("", encoding="utf-8")
    monkeypatch.setattr("migfacts.validate.PARALLEL_FROM", 10**9)
    one = cli("validate", "--facts", str(root))
    monkeypatch.setattr("migfacts.validate.PARALLEL_FROM", 4)
    every = cli("validate", "--facts", str(root))
    assert (every.code, every.stdout, every.stderr) == (one.code, one.stdout, one.stderr)
    assert one.code == 3
    for path in (files[3], files[7], text_file, root / "sources" / "stray.yml"):
        assert str(path) in one.stderr
    assert "12345" in one.stderr and "U+001B" in one.stderr


def test_a_build_on_every_core_merges_parts_while_the_files_are_parsed(cli, generated, tmp_path, monkeypatch):
    """The workers close a part once it holds its share of the files; the builder merges each as it comes,
    before the last chunk is in, and the answers are those of the YAML."""
    from migfacts import buildmark, indexparts

    monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
    monkeypatch.setattr("migfacts.index.cores", lambda: 2)  # (from 6 workers on, each makes one part: see below)
    monkeypatch.setattr(indexparts, "CHUNK", 1)
    events: list[str] = []
    real_tell, real_merge = buildmark.BuildMark.tell, indexparts.merge_part
    monkeypatch.setattr(
        buildmark.BuildMark,
        "tell",
        lambda self, done, total: events.append(f"{done}/{total}") or real_tell(self, done, total),
    )

    def merge(db, part, alias, writer, beat):
        events.append(f"merge {alias}")
        real_merge(db, part, alias, writer, beat)

    monkeypatch.setattr(indexparts, "merge_part", merge)
    args = ("figures", "--facts", str(generated), "-f", "json")
    got = cli(*args, env={"MIGFACTS_CACHE": str(tmp_path / "cache")})
    assert (got.code, got.stderr) == (0, "")
    assert got.stdout == cli(*args, env={"MIGFACTS_NO_CACHE": "1"}).stdout
    merges = [event for event in events if event.startswith("merge")]
    assert 8 <= len(merges) <= 10  # an eighth of the 16 files a part (two files), and each worker's last
    assert merges == [f"merge part{number}" for number in range(len(merges))]
    last_tell = events.index(f"{GENERATED_SOURCES}/{GENERATED_SOURCES}")
    assert events.index("merge part0") < last_tell  # merged while files were still being parsed
    assert [path.name for path in (tmp_path / "cache").iterdir() if ".part" in path.name] == []  # parts deleted


@given(
    files=st.integers(1, 5000),
    workers=st.integers(2, 8),
    attachable=st.integers(2, 12),
    chunk=st.sampled_from([1, 3, 16]),
    choices=st.randoms(use_true_random=False),
)
def test_the_parts_of_a_build_never_outnumber_what_sqlite_attaches(files, workers, attachable, chunk, choices):
    """However the chunks fall to the workers, a build makes no more parts than the index can attach (each
    worker closing a part once it holds `_part_share` files, as `_read_chunk` does)."""
    from migfacts.indexparts import _part_share

    workers = min(workers, attachable)  # as `read_in_parts` has them
    share = _part_share(files, workers, attachable)
    held = [None] * workers  # files in each worker's open part (None: no part open)
    parts = 0
    for start in range(0, files, chunk):
        worker = choices.randrange(workers)
        if held[worker] is None:
            held[worker], parts = 0, parts + 1
        held[worker] += min(chunk, files - start)
        if held[worker] >= share:
            held[worker] = None
    assert parts <= attachable


@pytest.mark.parametrize(("one", "other"), [(0, 9), (14, 15)], ids=["merged during the parse", "merged after"])
def test_a_build_on_every_core_with_a_broken_file_says_all_the_yaml_says(cli, tmp_path, monkeypatch, one, other):
    """A duplicate id between two sound files and a broken file parsed before them: both said, as the YAML
    says them (the sound files' parts are merged whatever the problems, for the checks across files)."""
    from migfacts import indexparts

    root = tmp_path / "base"
    load_generator().generate(root, GENERATED_SOURCES, seed=5)
    files = sorted((root / "sources").glob("*.yaml"))
    first = re.search(r"figures:\n  - id: (\S+)", files[one].read_text(encoding="utf-8")).group(1)
    text = files[other].read_text(encoding="utf-8")
    files[other].write_text(re.sub(r"(figures:\n  - id: )\S+", rf"\g<1>{first}", text, count=1), encoding="utf-8")
    files[2].write_text(files[2].read_text(encoding="utf-8") + "\n  bad: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
    monkeypatch.setattr("migfacts.index.cores", lambda: 2)
    monkeypatch.setattr(indexparts, "CHUNK", 1)
    args = ("figures", "--facts", str(root), "-f", "json")
    expected = cli(*args, env={"MIGFACTS_NO_CACHE": "1"})
    assert expected.code == 3 and "(and 1 more problem: " in expected.stderr  # the duplicate id
    for _ in range(3):  # whichever worker parses which file
        got = cli(*args, env={"MIGFACTS_CACHE": str(tmp_path / "cache")})
        assert (got.code, got.stdout, got.stderr) == (expected.code, expected.stdout, expected.stderr)
    assert [path.name for path in (tmp_path / "cache").iterdir() if ".part" in path.name] == []


def test_a_merge_that_fails_leaves_no_part_behind(cli, generated, tmp_path, monkeypatch):
    """A full disk in the second merge: one warning, the YAML's answer, and every part deleted, those that no
    chunk had told of yet among them (the workers are stopped mid-way)."""
    import sqlite3

    from migfacts import indexparts

    monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
    monkeypatch.setattr("migfacts.index.cores", lambda: 2)
    monkeypatch.setattr(indexparts, "CHUNK", 1)
    real_merge, merged = indexparts.merge_part, []

    def merge(db, part, alias, writer, beat):
        if merged:
            raise sqlite3.OperationalError("database or disk is full")
        merged.append(part)
        real_merge(db, part, alias, writer, beat)

    monkeypatch.setattr(indexparts, "merge_part", merge)
    args = ("figures", "--facts", str(generated), "-f", "json")
    got = cli(*args, env={"MIGFACTS_CACHE": str(tmp_path / "cache")})
    assert got.code == 0 and got.stdout == cli(*args, env={"MIGFACTS_NO_CACHE": "1"}).stdout
    assert got.stderr.count("\n") == 1 and "disk is full" in got.stderr
    assert [path.name for path in (tmp_path / "cache").iterdir() if ".part" in path.name] == []


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_a_build_keeps_to_the_databases_sqlite_lets_it_attach(cli, generated, tmp_path, monkeypatch, limit):
    """Where SQLite lets a connection attach fewer databases than usual, a build makes no more parts than
    that (one or none: then it parses on one core), and answers the same."""
    import sqlite3

    from migfacts import indexparts
    from migfacts.index import Index

    monkeypatch.setattr("migfacts.index.PARALLEL_FROM", 4)
    monkeypatch.setattr("migfacts.index.cores", lambda: 4)
    monkeypatch.setattr(indexparts, "CHUNK", 1)
    real_connect, real_merge, attached = Index.connect, indexparts.merge_part, []

    def connect(self):
        db = real_connect(self)
        db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, limit)
        return db

    monkeypatch.setattr(Index, "connect", connect)
    monkeypatch.setattr(
        indexparts,
        "merge_part",
        lambda db, part, alias, *rest: attached.append(alias) or real_merge(db, part, alias, *rest),
    )
    args = ("figures", "--facts", str(generated), "-f", "json")
    got = cli(*args, env={"MIGFACTS_CACHE": str(tmp_path / "cache")})
    assert (got.code, got.stderr) == (0, "")
    assert got.stdout == cli(*args, env={"MIGFACTS_NO_CACHE": "1"}).stdout
    assert len(attached) <= (limit if limit > 1 else 0)
