"""The rows of the index: what one source file gives (`FileRows`, made wherever it is parsed, on any
core), how they go into the tables (`Writer`), and the full-text tables told of them (`index_text`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from migfacts.errors import Problem

Partial = tuple[list[tuple[str, int]], list[tuple[str, str, int, tuple[str, ...]]]]
"""What could be read of a source file with problems: its source (id, line) and facts (kind, id, line,
topics), for the checks across files to see what the YAML path sees."""


def read_one(path: Path, words: dict[str, str]) -> tuple[list[Problem], FileRows | None, Partial | None]:
    """One source file parsed and made into rows; for a file with problems, instead of rows, what could
    be read of it."""
    from migfacts.loader import parse_source

    problems: list[Problem] = []
    part = parse_source(path, problems)
    if problems or not part.sources:
        sources = [(source.id, source.where.line) for source in part.sources]
        facts = [(fact.kind, fact.id, fact.where.line, tuple(fact.topics)) for fact in part.facts()]
        return problems, None, (sources, facts)
    return problems, FileRows.of(path, part, words), None


def topic_words(topics: list[Any]) -> dict[str, str]:
    """Each topic's words (id, label, aliases), folded: a fact on TB is found by 'tuberculosis' too."""
    from migfacts.textnorm import fold

    return {t.id: fold(" ".join((t.id, t.label, *t.aliases))) for t in topics}


class FileRows:
    """The rows of the index that one source file gives; facts numbered from 0 (the writer places them)."""

    def __init__(self) -> None:
        self.source: tuple = ()
        self.facts: list[tuple] = []
        self.topics: list[tuple] = []
        self.places: list[tuple] = []
        self.terms: list[tuple] = []
        self.passages: list[tuple] = []
        self.text_named = True

    @classmethod
    def of(cls, path: Path, part: Any, words: dict[str, str]) -> FileRows:
        from migfacts.checker import subject_terms
        from migfacts.orjsonload import load_orjson
        from migfacts.query import own_words, passages, primary_words
        from migfacts.records import FACT_RECORDS, source_record, source_ref, summary
        from migfacts.textnorm import fold

        orjson = load_orjson()

        def _json(record: Any) -> str:  # orjson: a fifth of the standard library's time, over a build's records
            return orjson.dumps(record).decode("utf-8")

        rows = cls()
        file = path.name
        source = part.sources[0]
        rows.text_named = source.text_path == path.with_suffix(".txt")
        counts = {key: len(getattr(part, key)) for key in ("figures", "quotes", "contacts")}
        day = source.known_date
        rows.source = (
            source.id,
            fold(source.id),
            file,
            source.where.line,
            day.year if day else None,
            source.title,
            _json(source_ref(source)),
            _json(source_record(source, None, counts)),
            source.text,
        )
        for fact in part.facts():
            kind, number = fact.kind, len(rows.facts)
            if kind == "figure":
                period = fact.period
                years = (period.start.year, period.end.year) if period else (None, None)
                rows.places += [(number, i, p.country, p.name, fold(p.name)) for i, p in enumerate(fact.places)]
                rows.terms += [(number, term) for term in subject_terms(fact)]
            else:
                years = (day.year, day.year) if day else (None, None)
            own = own_words(fact)
            rows.facts.append(
                (
                    kind,
                    fact.id,
                    source.id,
                    file,
                    number,
                    fact.where.line,
                    *years,
                    fold(fact.speaker) if kind == "quote" else None,
                    own,
                    body(own, fact.topics, words),
                    primary_words(fact),
                    summary(fact),
                    _json(FACT_RECORDS[kind](fact)),
                    *_ends(fact),
                    fold(fact.id),
                )
            )
            rows.topics += [(number, i, topic, kind, *years, source.id) for i, topic in enumerate(fact.topics)]
        for passage in passages(source):
            rows.passages.append((source.id, file, passage.line, passage.text, f" {fold(passage.text)} "))
        return rows


def _ends(fact: Any) -> tuple[float | None, float | None]:
    """A figure's number as its low and high ends (a value is both), for check's queries."""
    if fact.kind != "figure":
        return None, None
    if fact.range:
        return float(fact.range.low), float(fact.range.high)
    return (float(fact.value), float(fact.value)) if fact.value is not None else (None, None)


def body(own: str, topics: Any, words: dict[str, str]) -> str:
    """What a free-text query is matched against: the fact's own words, then its topics' words (as
    `query.searchable` makes it)."""
    return " " + " ".join(part for part in (own, *(words.get(t, "") for t in topics)) if part) + " "


def index_text(db: sqlite3.Connection, first_fact: int, first_passage: int) -> None:
    """The full-text tables told of the facts and paragraphs from these rowids on (those just written)."""
    db.execute("INSERT INTO facts_fts (rowid, body) SELECT rowid, body FROM facts WHERE rowid >= ?", (first_fact,))
    db.execute(
        "INSERT INTO passages_fts (rowid, body) SELECT rowid, body FROM passages WHERE rowid >= ?", (first_passage,)
    )


class Writer:
    """Puts the rows of source files into the index's tables, numbering facts and paragraphs after those
    they hold (the full-text tables are told after, by `index_text`)."""

    def __init__(self, db: sqlite3.Connection, words: dict[str, str]):
        self.db = db
        self.words = words
        self.next_fact = db.execute("SELECT coalesce(max(rowid), 0) + 1 FROM facts").fetchone()[0]
        self.next_passage = db.execute("SELECT coalesce(max(rowid), 0) + 1 FROM passages").fetchone()[0]

    def add(self, rows: FileRows) -> None:
        db, first = self.db, self.next_fact
        self.next_fact += len(rows.facts)
        db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.source)
        db.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + row[4], *row) for row in rows.facts],
        )
        db.executemany(
            "INSERT INTO fact_topics VALUES (?, ?, ?, ?, ?, ?, ?)", [(first + n, *rest) for n, *rest in rows.topics]
        )
        db.executemany("INSERT INTO fact_places VALUES (?, ?, ?, ?, ?)", [(first + n, *r) for n, *r in rows.places])
        db.executemany("INSERT INTO fact_terms VALUES (?, ?)", [(first + n, term) for n, term in rows.terms])
        start = self.next_passage
        self.next_passage += len(rows.passages)
        numbered = [(start + i, *row) for i, row in enumerate(rows.passages)]
        db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)", numbered)

    def write_topics(self, topics: list[Any]) -> None:
        """The topics, and their aliases in rows of their own (read back with no JSON parser to import: TAB
        completion reads them)."""
        self.db.execute("DELETE FROM topics")
        self.db.execute("DELETE FROM topic_aliases")
        self.db.executemany(
            "INSERT INTO topics VALUES (?, ?, ?, ?, ?, ?)",
            [(seq, t.id, t.label, t.description, t.where.line, self.words[t.id]) for seq, t in enumerate(topics)],
        )
        self.db.executemany(
            "INSERT INTO topic_aliases VALUES (?, ?, ?)",
            [(seq, pos, alias) for seq, t in enumerate(topics) for pos, alias in enumerate(t.aliases)],
        )

    def rewrite_bodies(self, skip: set[str], beat: Callable[[], None] = lambda: None) -> None:
        """The searchable text of the facts of files other than SKIP (written just now) again, after the
        topics' words changed; BEAT told between the steps."""
        topic_lists: dict[int, list[str]] = {}
        for fact, topic in self.db.execute("SELECT fact, topic FROM fact_topics ORDER BY fact, pos"):
            topic_lists.setdefault(fact, []).append(topic)
        rows = [row for row in self.db.execute("SELECT rowid, own_words, body, file FROM facts") if row[3] not in skip]
        beat()
        self.db.executemany(
            "INSERT INTO facts_fts (facts_fts, rowid, body) VALUES ('delete', ?, ?)",
            [row[:1] + row[2:3] for row in rows],
        )
        beat()
        updates = [(body(own, topic_lists.get(rowid, ()), self.words), rowid) for rowid, own, _, _ in rows]
        self.db.executemany("UPDATE facts SET body = ? WHERE rowid = ?", updates)
        beat()
        self.db.executemany("INSERT INTO facts_fts (rowid, body) VALUES (?, ?)", [(r, b) for b, r in updates])
