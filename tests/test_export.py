"""`migfacts export --sqlite`: the fact base as a SQLite database, checked against the YAML itself."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from migfacts.layout import bundled_facts


def _yaml_sources() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(bundled_facts().glob("sources/*.yaml"))]


@pytest.fixture
def database(cli, tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "facts.db"
    result = cli("export", "--sqlite", str(path))
    assert (result.code, result.stdout, result.stderr) == (0, "", f"migfacts: wrote {path}\n")
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_every_entry_of_the_yaml_is_in_the_database(database):
    sources = _yaml_sources()
    for table, key in [("figures", "figures"), ("quotes", "quotes"), ("contacts", "contacts")]:
        expected = {(entry["id"], doc["source"]["id"]) for doc in sources for entry in doc.get(key) or []}
        assert set(database.execute(f"SELECT id, source_id FROM {table}")) == expected
    assert {row[0] for row in database.execute("SELECT id FROM sources")} == {doc["source"]["id"] for doc in sources}
    topics = yaml.safe_load((bundled_facts() / "topics.yaml").read_text(encoding="utf-8"))
    assert len(list(database.execute("SELECT id FROM topics"))) == len(topics["topics"])


def test_figures_keep_value_period_evidence_and_places(database):
    by_id = {f["id"]: f for doc in _yaml_sources() for f in doc["figures"]}
    rows = database.execute("SELECT id, value, qualifier, unit, period, evidence FROM figures").fetchall()
    for ident, value, qualifier, unit, period, evidence in rows:
        entry = by_id[ident]
        assert (value, qualifier, unit, evidence) == (
            entry.get("value"), entry.get("qualifier"), entry["unit"], entry["evidence"],
        )  # fmt: skip
        assert period == (str(entry["period"]) if entry.get("period") is not None else None)
    row = database.execute(
        "SELECT value, period, period_start, period_end, source_id, display FROM figures WHERE id = ?",
        ("tb-active-cases-2018",),
    ).fetchone()
    assert row == (584, "2018", "2018-01-01", "2018-12-31", "world-tb-day-2019", "584 active TB cases")
    places = database.execute("SELECT name, country FROM figure_places WHERE figure_id = 'tb-active-cases-2018'")
    assert places.fetchall() == [("Worldwide", None)]


def test_full_text_search_finds_the_figure_and_the_quote(database):
    hits = database.execute(
        "SELECT figures.id FROM figures_fts JOIN figures ON figures.rowid = figures_fts.rowid "
        "WHERE figures_fts MATCH 'active AND cases AND 2018' ORDER BY figures.id"
    ).fetchall()
    assert ("tb-active-cases-2018",) in hits
    speakers = database.execute(
        "SELECT quotes.speaker FROM quotes_fts JOIN quotes ON quotes.rowid = quotes_fts.rowid "
        "WHERE quotes_fts MATCH 'mobility'"
    ).fetchall()
    assert speakers == [("Jacqueline Weekers",)]


def test_topics_link_to_their_facts(database):
    tb = {
        row[0] for row in database.execute("SELECT fact_id FROM fact_topics WHERE topic_id = 'tb' AND kind = 'figure'")
    }
    assert "tb-active-cases-2018" in tb
    assert "international-migrants" not in tb


def test_an_existing_file_is_kept_unless_forced(cli, tmp_path):
    path = tmp_path / "facts.db"
    path.write_bytes(b"keep me")
    result = cli("export", "--sqlite", str(path))
    assert (result.code, result.stderr) == (2, f"migfacts: {path}: exists; add --force to replace it\n")
    assert path.read_bytes() == b"keep me"
    assert cli("export", "--sqlite", str(path), "--force").code == 0
    assert sqlite3.connect(path).execute("SELECT count(*) FROM sources").fetchone() == (2,)


def test_usage_and_write_errors(cli, tmp_path):
    result = cli("export")
    assert (result.code, result.stderr) == (2, "migfacts: export needs --sqlite PATH (see 'migfacts export --help')\n")
    result = cli("export", "--sqlite", str(tmp_path))
    assert (result.code, result.stderr) == (2, f"migfacts: {tmp_path}: is a folder; give the database file to write\n")
    missing = tmp_path / "no-such-folder" / "facts.db"
    result = cli("export", "--sqlite", str(missing))
    assert (result.code, result.stderr) == (4, f"migfacts: {missing}: cannot write: No such file or directory\n")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
