"""The compiled index of a fact base: one SQLite file in the user's cache directory.

Each lookup asks the index instead of reading YAML. Before answering, the index is brought up to date:
when no file of the base changed (their sizes, times and inodes, taken in one listing) it is used as it
is; when some did, only the changed source files are parsed again, the checks across files (ids, topic
words, topics named) run over the whole base, and the new rows replace the old in one transaction. A base
with any problem is reported and not indexed: the index keeps its last good state and answers nothing
until the base is fixed. The index holds JSON and text only (nothing that runs when read), and is keyed
to the code that wrote it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from migfacts.cache import Cache, folder_signature, settled, signature
from migfacts.errors import FactBaseError, Problem
from migfacts.layout import SOURCES_DIR, TOPICS_FILE, check_root, source_files

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topics (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, label TEXT NOT NULL, aliases TEXT NOT NULL,
    description TEXT, line INTEGER, words TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY, words TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, year INTEGER, title TEXT NOT NULL,
    ref TEXT NOT NULL, record TEXT NOT NULL, model TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sources_file ON sources (file);
CREATE TABLE IF NOT EXISTS facts (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL,
    file TEXT NOT NULL, pos INTEGER NOT NULL, line INTEGER, first_year INTEGER, last_year INTEGER,
    speaker TEXT, own_words TEXT NOT NULL, body TEXT NOT NULL, main_words TEXT NOT NULL,
    summary TEXT NOT NULL, record TEXT NOT NULL, model TEXT);
CREATE INDEX IF NOT EXISTS facts_order ON facts (kind, file, pos);
CREATE INDEX IF NOT EXISTS facts_file ON facts (file);
CREATE INDEX IF NOT EXISTS facts_id ON facts (id);
CREATE INDEX IF NOT EXISTS facts_source ON facts (source, kind);
CREATE TABLE IF NOT EXISTS fact_topics (fact INTEGER NOT NULL, pos INTEGER NOT NULL, topic TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fact_topics_topic ON fact_topics (topic, fact);
CREATE INDEX IF NOT EXISTS fact_topics_fact ON fact_topics (fact);
CREATE TABLE IF NOT EXISTS fact_places (
    fact INTEGER NOT NULL, pos INTEGER NOT NULL, country TEXT, name TEXT NOT NULL, words TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fact_places_country ON fact_places (country, fact);
CREATE INDEX IF NOT EXISTS fact_places_fact ON fact_places (fact);
CREATE TABLE IF NOT EXISTS fact_terms (fact INTEGER NOT NULL, term TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fact_terms_term ON fact_terms (term, fact);
CREATE INDEX IF NOT EXISTS fact_terms_fact ON fact_terms (fact);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    text TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_file ON passages (file);
CREATE INDEX IF NOT EXISTS passages_source ON passages (source, line);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
"""

KIND_TABLES = ("figures", "quotes", "contacts")

Progress = Callable[[int, int], None]
"""Told (files parsed, files to parse) as a build goes on."""


class Index(Cache):
    """The index of one fact base."""

    prefix = "index"

    def _prepare(self, db: sqlite3.Connection) -> None:
        db.executescript(SCHEMA)

    # ---- bringing the index up to date ----------------------------------------------------------

    def refresh(self, root: Path, progress: Progress | None = None) -> sqlite3.Connection:
        """The index of the base at ROOT, up to date; `FactBaseError` when the base has problems."""
        problems = check_root(root)
        if problems:
            raise FactBaseError(problems)
        whole, whole_settled = whole_signature(root)  # taken before anything is read
        db = self.connect()
        try:
            if self._meta(db, "whole") == whole:
                return db
            db.execute("BEGIN IMMEDIATE")  # one builder at a time; the others wait, then find it built
            try:
                if self._meta(db, "whole") != whole:
                    self._update(db, root, progress)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('whole', ?)", (whole if whole_settled else "",))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self.unusable(error) from None
        return db

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _update(self, db: sqlite3.Connection, root: Path, progress: Progress | None) -> None:
        from migfacts.loader import parse_source, read_topics

        problems: list[Problem] = []
        stored = dict(db.execute("SELECT name, signature FROM files"))
        paths = source_files(root)
        if not paths:
            problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
        current = {path.name: _file_signature(path) for path in paths}
        gone = [name for name in stored if name not in current]
        changed = [path for path in paths if stored.get(path.name) != current[path.name][0]]
        topics_signature = repr(signature(root / TOPICS_FILE))
        topics_changed = self._meta(db, "topics") != topics_signature or not settled(signature(root / TOPICS_FILE))
        topics = read_topics(root, problems) if topics_changed else self._topics(db, root)
        topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)

        parts: dict[str, Any] = {}
        started = time.monotonic()
        for done, path in enumerate(changed, start=1):
            part = parse_source(path, problems)
            if part is not None:
                parts[path.name] = part
            if progress and time.monotonic() - started > 1:
                progress(done, len(changed))
        if progress and changed and time.monotonic() - started > 1:
            progress(len(changed), len(changed))

        _check_whole(root, db, topics, parts, {*gone, *(path.name for path in changed)}, problems, topics_broken)
        if problems:
            raise FactBaseError(problems)

        for name in gone:
            self._forget(db, name)
        writer = _Writer(db, topics)
        for path in changed:
            self._forget(db, path.name)
            part = parts[path.name]
            writer.add(path.name, part)
            text_named = part.sources[0].text_path == path.with_suffix(".txt")
            sig, is_settled = current[path.name]
            # What was read from a file that may change again unseen, or from a text other than ID.txt
            # (outside the file's signature), is read again next time.
            kept = sig if is_settled and text_named else ""
            db.execute("INSERT OR REPLACE INTO files VALUES (?, ?)", (path.name, kept))
        for name in gone:
            db.execute("DELETE FROM files WHERE name = ?", (name,))
        if topics_changed:
            writer.write_topics()
            writer.rewrite_bodies()
            kept = topics_signature if settled(signature(root / TOPICS_FILE)) else ""
            db.execute("INSERT OR REPLACE INTO meta VALUES ('topics', ?)", (kept,))

    @staticmethod
    def _forget(db: sqlite3.Connection, name: str) -> None:
        """Every row read from one source file."""
        rows = [row[0] for row in db.execute("SELECT rowid FROM facts WHERE file = ?", (name,))]
        for table in ("fact_topics", "fact_places", "fact_terms"):
            db.executemany(f"DELETE FROM {table} WHERE fact = ?", [(row,) for row in rows])
        db.executemany("DELETE FROM facts_fts WHERE rowid = ?", [(row,) for row in rows])
        db.execute("DELETE FROM facts WHERE file = ?", (name,))
        passages = [row[0] for row in db.execute("SELECT rowid FROM passages WHERE file = ?", (name,))]
        db.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(row,) for row in passages])
        db.execute("DELETE FROM passages WHERE file = ?", (name,))
        db.execute("DELETE FROM sources WHERE file = ?", (name,))

    @staticmethod
    def _topics(db: sqlite3.Connection, root: Path) -> list[Any]:
        return stored_topics(db, root)


def stored_topics(db: sqlite3.Connection, root: Path) -> list[Any]:
    """The topics as the index holds them, as `Topic`s."""
    from migfacts.models import Located, Topic

    path = root / TOPICS_FILE
    rows = db.execute("SELECT id, label, aliases, description, line FROM topics ORDER BY seq")
    return [
        Topic(ident, label, tuple(json.loads(aliases)), description, Located(path, line))
        for ident, label, aliases, description, line in rows
    ]


def whole_signature(root: Path) -> tuple[str, bool]:
    """The signatures of every file of a base as one text, and whether they are settled enough to keep."""
    everything = sorted((root / SOURCES_DIR).iterdir())  # hidden files too: a source may name `.x.txt`
    return folder_signature(root, [root / TOPICS_FILE, *everything])


def _file_signature(path: Path) -> tuple[str, bool]:
    signatures = (signature(path), signature(path.with_suffix(".txt")))
    return repr(signatures), settled(*signatures)


def _check_whole(
    root: Path,
    db: sqlite3.Connection,
    topics: list[Any],
    parts: dict[str, Any],
    replaced: set[str],
    problems: list[Problem],
    topics_broken: bool,
) -> None:
    """The loader's checks across files (ids, topic words, topics named), over the whole base: the parsed
    files as read, the others as the index holds them."""
    from migfacts.loader import check_references
    from migfacts.models import FactBase, Located

    folder = root / SOURCES_DIR
    kept_sources: dict[str, list[Any]] = {}
    for ident, file, line in db.execute("SELECT id, file, line FROM sources"):
        if file not in replaced:
            kept_sources.setdefault(file, []).append(SimpleNamespace(id=ident, where=Located(folder / file, line)))
    kept_facts: dict[tuple[str, str], list[Any]] = {}
    topic_lists: dict[int, list[str]] = {}
    for fact, topic in db.execute("SELECT fact, topic FROM fact_topics ORDER BY fact, pos"):
        topic_lists.setdefault(fact, []).append(topic)
    for rowid, kind, ident, file, line in db.execute("SELECT rowid, kind, id, file, line FROM facts ORDER BY pos"):
        if file not in replaced:
            entry = SimpleNamespace(id=ident, where=Located(folder / file, line), topics=topic_lists.get(rowid, ()))
            kept_facts.setdefault((kind, file), []).append(entry)
    base = FactBase(root, topics, [], [], [], [], [])
    for name in sorted({*kept_sources, *(file for _, file in kept_facts), *parts}):
        part = parts.get(name)
        base.sources += part.sources if part else kept_sources.get(name, [])
        for kind, key in (("figure", "figures"), ("quote", "quotes"), ("contact", "contacts")):
            getattr(base, key).extend(getattr(part, key) if part else kept_facts.get((kind, name), []))
    check_references(base, problems, check_topics=not topics_broken)


class _Writer:
    """Rows of the index, from the typed records of parsed source files."""

    def __init__(self, db: sqlite3.Connection, topics: list[Any]):
        from migfacts.query import topic_texts

        self.db = db
        self.topics = topics
        self.topic_words = {ident: fold_text(text) for ident, text in topic_texts_of(topics, topic_texts).items()}

    def add(self, file: str, part: Any) -> None:
        from migfacts import modeljson
        from migfacts.checker import subject_terms
        from migfacts.query import own_words, passages, primary_words
        from migfacts.records import FACT_RECORDS, source_record, source_ref, summary

        source = part.sources[0]
        counts = {key: len(getattr(part, key)) for key in KIND_TABLES}
        day = source.known_date
        self.db.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.id,
                fold_text(source.id),
                file,
                source.where.line,
                day.year if day else None,
                source.title,
                json.dumps(source_ref(source)),
                json.dumps(source_record(source, None, counts)),
                json.dumps(modeljson.source_fields(source)),
                source.text,
            ),
        )
        for kind, key in (("figure", "figures"), ("quote", "quotes"), ("contact", "contacts")):
            for pos, fact in enumerate(getattr(part, key)):
                if kind == "figure":
                    period = fact.period
                    years = (period.start.year, period.end.year) if period else (None, None)
                else:
                    years = (day.year, day.year) if day else (None, None)
                words = own_words(fact)
                cursor = self.db.execute(
                    "INSERT INTO facts (kind, id, source, file, pos, line, first_year, last_year, speaker,"
                    " own_words, body, main_words, summary, record, model)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        kind,
                        fact.id,
                        source.id,
                        file,
                        pos,
                        fact.where.line,
                        *years,
                        fold_text(fact.speaker) if kind == "quote" else None,
                        words,
                        self._body(words, fact.topics),
                        primary_words(fact),
                        summary(fact),
                        json.dumps(FACT_RECORDS[kind](fact)),
                        json.dumps(modeljson.figure_fields(fact)) if kind == "figure" else None,
                    ),
                )
                rowid = cursor.lastrowid
                self.db.execute(
                    "INSERT INTO facts_fts (rowid, body) VALUES (?, ?)", (rowid, self._body(words, fact.topics))
                )
                self.db.executemany(
                    "INSERT INTO fact_topics VALUES (?, ?, ?)",
                    [(rowid, index, topic) for index, topic in enumerate(fact.topics)],
                )
                if kind == "figure":
                    self.db.executemany(
                        "INSERT INTO fact_places VALUES (?, ?, ?, ?, ?)",
                        [
                            (rowid, index, place.country, place.name, fold_text(place.name))
                            for index, place in enumerate(fact.places)
                        ],
                    )
                    self.db.executemany(
                        "INSERT INTO fact_terms VALUES (?, ?)", [(rowid, term) for term in sorted(subject_terms(fact))]
                    )
        for passage in passages(source):
            body = " " + fold_text(passage.text) + " "
            cursor = self.db.execute(
                "INSERT INTO passages (source, file, line, text, body) VALUES (?, ?, ?, ?, ?)",
                (source.id, file, passage.line, passage.text, body),
            )
            self.db.execute("INSERT INTO passages_fts (rowid, body) VALUES (?, ?)", (cursor.lastrowid, body))

    def _body(self, own: str, topics: tuple[str, ...]) -> str:
        """What a free-text query is matched against: the fact's own words, then its topics' words."""
        words = " ".join(part for part in (own, *(self.topic_words.get(t, "") for t in topics)) if part)
        return f" {words} "

    def write_topics(self) -> None:
        self.db.execute("DELETE FROM topics")
        self.db.executemany(
            "INSERT INTO topics VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (seq, t.id, t.label, json.dumps(list(t.aliases)), t.description, t.where.line, self.topic_words[t.id])
                for seq, t in enumerate(self.topics)
            ],
        )

    def rewrite_bodies(self) -> None:
        """Every fact's searchable text again, after the topics' words changed."""
        topic_lists: dict[int, list[str]] = {}
        for fact, topic in self.db.execute("SELECT fact, topic FROM fact_topics ORDER BY fact, pos"):
            topic_lists.setdefault(fact, []).append(topic)
        rows = self.db.execute("SELECT rowid, own_words FROM facts").fetchall()
        updates = [(self._body(words, tuple(topic_lists.get(rowid, ()))), rowid) for rowid, words in rows]
        self.db.executemany("UPDATE facts SET body = ? WHERE rowid = ?", updates)
        self.db.execute("DELETE FROM facts_fts")
        self.db.executemany("INSERT INTO facts_fts (rowid, body) VALUES (?, ?)", [(r, b) for b, r in updates])


def fold_text(text: str) -> str:
    from migfacts.textnorm import fold

    return fold(text)


def topic_texts_of(topics: list[Any], topic_texts: Callable[..., dict[str, str]]) -> dict[str, str]:
    return topic_texts(SimpleNamespace(topics=topics))
