"""The fact base as a SQLite database with full-text search, ready for Datasette.

One table for each kind of entry, keyed by its id, with its source's id; a fact's
topics and a figure's places as link tables; an FTS5 index beside each table
that holds words (`figures_fts`, `quotes_fts`, `contacts_fts`, `sources_fts`), in
the form Datasette and sqlite-utils detect (`content=[table]`).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from migfacts.errors import OutputError, UsageProblem
from migfacts.models import Contact, FactBase, Figure, Quote, Source
from migfacts.records import citation

SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    published TEXT,            -- ISO date, or NULL when the article is undated
    dateline TEXT,
    url TEXT,
    citation TEXT NOT NULL,
    text_file TEXT NOT NULL,   -- the archived text, beside the source file
    text TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    aliases TEXT NOT NULL,     -- comma-separated
    description TEXT
);
CREATE TABLE figures (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    display TEXT NOT NULL,     -- the amount with its unit, as a person reads it
    value NUMERIC,             -- NULL for a range
    range_low NUMERIC,
    range_high NUMERIC,
    per_value NUMERIC,         -- a rate's denominator: 155 per 100,000 ...
    per_unit TEXT,
    qualifier TEXT,            -- about, more than, close to, ... or NULL: as written
    unit TEXT NOT NULL,
    counts TEXT NOT NULL,
    period TEXT,               -- 2018, 2019-01, 2010/2016; NULL when not given
    period_start TEXT,
    period_end TEXT,
    period_note TEXT,
    places TEXT,               -- for reading; figure_places holds them one by one
    places_note TEXT,
    quote_id TEXT REFERENCES quotes(id),
    evidence TEXT NOT NULL,    -- the verbatim words of the source that state it
    note TEXT,
    citation TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE TABLE figure_places (
    figure_id TEXT NOT NULL REFERENCES figures(id),
    name TEXT NOT NULL,
    country TEXT               -- ISO 3166-1 alpha-2, NULL for a region
);
CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    speaker TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    text TEXT NOT NULL,        -- the verbatim parts, joined by ' … '
    attribution TEXT NOT NULL,
    citation TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    name TEXT NOT NULL,
    organisation TEXT,
    phone TEXT,
    email TEXT,
    for_what TEXT NOT NULL,
    evidence TEXT NOT NULL,
    citation TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL
);
CREATE TABLE fact_topics (
    kind TEXT NOT NULL,        -- figure, quote or contact
    fact_id TEXT NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (kind, fact_id, topic_id)
);
CREATE INDEX figures_source ON figures(source_id);
CREATE INDEX quotes_source ON quotes(source_id);
CREATE INDEX contacts_source ON contacts(source_id);
CREATE INDEX fact_topics_topic ON fact_topics(topic_id);
CREATE INDEX figure_places_figure ON figure_places(figure_id);
"""

SEARCHABLE = {
    "figures": ("display", "counts", "evidence", "places"),
    "quotes": ("speaker", "role", "organisation", "text"),
    "contacts": ("name", "organisation", "for_what"),
    "sources": ("title", "text"),
}
"""Each table's columns that full-text search covers."""


def export_sqlite(base: FactBase, path: Path, *, force: bool = False) -> Path:
    """Write the fact base to PATH as a SQLite database, atomically, readable as the umask allows; refuse to
    replace a file without force, and anything but a regular file even with it (a device, a pipe). A
    symbolic link is written through, to the file it names."""
    import stat

    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise UsageProblem(f"{path}: is a folder; give the database file to write")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise UsageProblem(f"{path}: not a regular file (a device, a pipe or a socket); give a database file")
    if path.exists() and not force:
        raise UsageProblem(f"{path}: exists; add --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, base)
            connection.commit()
        finally:
            connection.close()
        os.chmod(temporary, 0o666 & ~_umask())  # as any file the user writes, not mkstemp's 0600
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        Path(temporary).unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or error
        raise OutputError(f"{path}: cannot write: {reason}") from None
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fill(db: sqlite3.Connection, base: FactBase) -> None:
    db.executescript(SCHEMA)
    _insert(db, "topics", [(t.id, t.label, ", ".join(t.aliases), t.description) for t in base.topics])
    _insert(db, "sources", map(_source_row, base.sources))
    _insert(db, "figures", map(_figure_row, base.figures))
    _insert(db, "figure_places", [(f.id, place.name, place.country) for f in base.figures for place in f.places])
    _insert(db, "quotes", map(_quote_row, base.quotes))
    _insert(db, "contacts", map(_contact_row, base.contacts))
    _insert(db, "fact_topics", {(fact.kind, fact.id, topic) for fact in base.facts() for topic in fact.topics})
    for table, columns in SEARCHABLE.items():
        db.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, content=[{table}])")
        db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('rebuild')")


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> None:
    """Rows into a table, in its columns' order (as SCHEMA declares them)."""
    width = len(db.execute(f"SELECT * FROM {table} LIMIT 0").description)
    db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)


def _written_at(entry: Source | Figure | Quote | Contact) -> tuple[str, int]:
    return str(entry.where.path), entry.where.line


def _source_row(s: Source) -> tuple:
    published = s.published.isoformat() if s.published else None
    return (s.id, s.title, s.publisher, published, s.dateline, s.link, s.citation(), s.text_file, s.text,
            *_written_at(s))  # fmt: skip


def _quote_row(q: Quote) -> tuple:
    return (q.id, q.source.id, q.speaker, q.role, q.organisation, q.text, q.attribution, citation(q),
            *_written_at(q))  # fmt: skip


def _contact_row(c: Contact) -> tuple:
    return (c.id, c.source.id, c.name, c.organisation, c.phone, c.email, c.for_, c.evidence, citation(c),
            *_written_at(c))  # fmt: skip


def _figure_row(figure: Figure) -> tuple:
    period = figure.period
    return (
        figure.id,
        figure.source.id,
        figure.display(),
        figure.value,
        figure.range.low if figure.range else None,
        figure.range.high if figure.range else None,
        figure.per.value if figure.per else None,
        figure.per.unit if figure.per else None,
        figure.qualifier,
        figure.unit,
        figure.counts,
        period.text if period else None,
        period.start.isoformat() if period else None,
        period.end.isoformat() if period else None,
        figure.period_note,
        "; ".join(place.display() for place in figure.places) or None,
        figure.places_note,
        figure.quote.id if figure.quote else None,
        figure.evidence,
        figure.note,
        citation(figure),
        *_written_at(figure),
    )
