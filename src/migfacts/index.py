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

import os
import sqlite3
import time
from array import array
from collections.abc import Callable
from itertools import chain
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from migfacts import lookahead
from migfacts.buildmark import BuildMark
from migfacts.cache import Cache, set_journal_mode, settled, signature
from migfacts.errors import FactBaseError, Problem
from migfacts.indexrows import Partial, Writer, index_text, read_one, topic_words
from migfacts.layout import SOURCES_DIR, TOPICS_FILE, can_fork, check_root, cores, source_files

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topics (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, label TEXT NOT NULL, description TEXT, line INTEGER,
    words TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS topic_aliases (topic INTEGER NOT NULL, pos INTEGER NOT NULL, alias TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY, words TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, year INTEGER, title TEXT NOT NULL,
    ref TEXT NOT NULL, record TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL,
    file TEXT NOT NULL, pos INTEGER NOT NULL, line INTEGER, first_year INTEGER, last_year INTEGER,
    speaker TEXT, own_words TEXT NOT NULL, body TEXT NOT NULL, main_words TEXT NOT NULL,
    summary TEXT NOT NULL, record TEXT NOT NULL, low REAL, high REAL, id_words TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fact_topics (
    fact INTEGER NOT NULL, pos INTEGER NOT NULL, topic TEXT NOT NULL,
    kind TEXT NOT NULL, first_year INTEGER, last_year INTEGER, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fact_places (
    fact INTEGER NOT NULL, pos INTEGER NOT NULL, country TEXT, name TEXT NOT NULL, words TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fact_terms (fact INTEGER NOT NULL, term TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY, source TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    text TEXT NOT NULL, body TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5 (
    body, content = 'facts', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0',
    detail = none, columnsize = 0);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5 (
    body, content = 'passages', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0',
    detail = none, columnsize = 0);
"""
"""The index's tables. The full-text tables index the `body` columns of facts and passages (folded words,
space-padded) without keeping a second copy of them. They are asked only which rows hold every word of a
search (each a word or the start of one; the words' places are then tested on `body`), so they keep
neither positions nor sizes (`detail = none, columnsize = 0`: a third less time to build)."""

INDEXES = {
    "sources_file": "sources (file)",
    "facts_order": "facts (kind, file, pos)",
    "facts_file": "facts (file)",
    "facts_id": "facts (id)",
    "facts_id_words": "facts (id_words)",
    "sources_words": "sources (words)",
    "facts_source": "facts (source, kind)",
    # A topic's facts of a kind, by their years or article, found in this index alone (the fact's own row
    # is read only for those that pass): the columns repeat the fact's.
    "fact_topics_topic": "fact_topics (topic, kind, first_year, last_year, source, fact)",
    "fact_topics_fact": "fact_topics (fact)",
    "fact_places_country": "fact_places (country, fact)",
    "fact_places_fact": "fact_places (fact)",
    "fact_terms_term": "fact_terms (term, fact)",
    "fact_terms_fact": "fact_terms (fact)",
    "passages_file": "passages (file)",
    "passages_source": "passages (source, line)",
}
"""The B-tree indexes, made with the tables and kept up as rows come, on a first build too: its parts are
merged while the files are parsed, in about the files' order, so each index grows mostly at its end. That
costs the builder about as much as making them after the rows, but during the parse, rather than at its end
on one core with the other idle (benchmarks/README.md)."""


def _create_indexes(db: sqlite3.Connection) -> None:
    for name, on in INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


class NotIndexable(Exception):
    """A base the index cannot hold as it is (a file name that is not UTF-8): the YAML is read instead, and
    says what is wrong with it."""


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Progress = Callable[[int, int], None]
"""Told (files parsed, files to parse) as a build goes on."""


class Index(Cache):
    """The index of one fact base."""

    prefix = "index"

    def __init__(self, root: Path):
        super().__init__(root)
        self.parts: list[Path] = []
        """The files that the cores of a build wrote, until merged and deleted."""

    def _prepare(self, db: sqlite3.Connection) -> None:
        db.executescript(TABLES)
        _create_indexes(db)

    # ---- bringing the index up to date ----------------------------------------------------------

    def refresh(self, root: Path, progress: Progress | None = None) -> sqlite3.Connection:
        """The index of the base at ROOT, up to date; `FactBaseError` when the base has problems."""
        problems = check_root(root)
        if problems:
            raise FactBaseError(problems)
        db = self.connect()
        try:  # the signature taken before anything is read (by the console's child, if it took one)
            ahead = lookahead.taken(root)
            if ahead is not None and self._meta(db, "whole") == ahead:
                return db
            whole, whole_settled, listing = whole_signature(root, lambda folder: self._stored_names(db, folder))
            if self._meta(db, "whole") == whole:
                return db
            # A first build writes its rows to the database file itself: with nothing yet for readers to read
            # meanwhile, the write-ahead log would only have every page written twice (at 10,000 sources, a
            # third of the build's time on one core after the parsing). Then it goes back to the log.
            direct = _holds_nothing(db) and set_journal_mode(db, "delete")
            try:
                db.execute("BEGIN IMMEDIATE")  # one builder at a time; the others wait, then find it built
                with BuildMark(self.path) as mark:  # lookups started meanwhile wait for it (see `buildmark`)
                    try:
                        if self._meta(db, "whole") != whole:
                            self._update(db, root, _telling(mark, progress), mark.beat)
                            whole_kept = whole if whole_settled else ""
                            db.execute("INSERT OR REPLACE INTO meta VALUES ('whole', ?)", (whole_kept,))
                            self._store_names(db, *listing)
                        db.execute("COMMIT")
                    except BaseException:
                        db.execute("ROLLBACK")
                        raise
                    finally:
                        self._drop_parts(db)
            finally:
                if direct:
                    set_journal_mode(db, "wal")
        except sqlite3.Error as error:
            raise self.unusable(error) from None
        return db

    def current_topics(self, root: Path) -> list[Any] | None:
        """The topics as the index holds them, when topics.yaml has not changed since it was read (None
        otherwise): TAB completion of a topic needs no look at every source file."""
        db = self.connect()
        stored = self._meta(db, "topics")
        if not stored or stored != repr(signature(root / TOPICS_FILE)):
            return None
        return stored_topics(db, root)

    def _drop_parts(self, db: sqlite3.Connection) -> None:
        """The parts of a build on several cores: detached (after the transaction) and deleted."""
        from migfacts.indexparts import drop_parts

        if self.parts:
            drop_parts(db, self.parts)

    @staticmethod
    def _stored_names(db: sqlite3.Connection, folder: tuple[int, ...]) -> list[str] | None:
        """The names in the sources folder as last listed, if the folder has not changed since (see
        `whole_signature`); read in one query, so that the two come from one build."""
        stored = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('folder', 'names')"))
        if stored.get("folder") != repr(folder):
            return None
        names = stored.get("names")
        return names.decode("utf-8", "surrogateescape").split("\0") if names else []

    @staticmethod
    def _store_names(db: sqlite3.Connection, folder: tuple[int, ...] | None, names: list[str]) -> None:
        """The names in the sources folder, kept for the next lookups while the folder's signature is FOLDER
        (None: the folder had changed too recently when it was listed, see `whole_signature`)."""
        kept = repr(folder) if folder is not None else ""
        listing = "\0".join(names).encode("utf-8", "surrogateescape")
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("folder", kept), ("names", listing)])

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _update(self, db: sqlite3.Connection, root: Path, progress: Progress, beat: Callable[[], None]) -> None:
        """The rows of the files that changed, and of the topics if they did; PROGRESS told of each file
        parsed, BEAT between the steps after (see `buildmark`)."""
        from migfacts.loader import read_topics

        problems: list[Problem] = []
        stored = dict(db.execute("SELECT name, signature FROM files"))
        paths = source_files(root)
        if not all(_utf8(path.name) for path in paths):
            raise NotIndexable("a source file's name is not UTF-8")
        if not paths:
            problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
        current = {path.name: _file_signature(path) for path in paths}
        changed = [path for path in paths if stored.get(path.name) != current[path.name][0]]
        topics_file = signature(root / TOPICS_FILE)  # taken once, before topics.yaml is read
        topics_signature, topics_settled = repr(topics_file), settled(topics_file)  # (settled then, not later)
        topics_changed = self._meta(db, "topics") != topics_signature or not topics_settled
        topics = read_topics(root, problems) if topics_changed else stored_topics(db, root)
        topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)
        words = topic_words(topics)

        first_build = not stored
        for name in [*(name for name in stored if name not in current), *(path.name for path in changed)]:
            if first_build:
                break  # nothing to forget
            _forget(db, name)
            db.execute("DELETE FROM files WHERE name = ?", (name,))
            beat()
        writer = Writer(db, words)
        first_fact, first_passage = writer.next_fact, writer.next_passage
        attachable = db.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED)  # (the parts are attached: see `indexparts`)
        if len(changed) >= PARALLEL_FROM and cores() > 1 and can_fork() and attachable > 1:  # on each core
            from migfacts.indexparts import PartMerger, read_in_parts

            merger = PartMerger(db, writer, beat)  # (each part's rows told to the full-text tables as it comes)
            read = read_in_parts(changed, words, self.path, cores(), progress, self.parts, merger.merge, attachable)
            merger.merge_rest(self.parts)  # (with problems too: the checks across files see every sound file)
            first_fact, first_passage = writer.next_fact, writer.next_passage
        else:
            read = []
            for path, found, rows, partial in _read_serially(changed, words, progress):
                if rows is not None:
                    writer.add(rows)
                read.append((path, found, rows.text_named if rows is not None else None, partial))
        partials = {path.name: partial for path, _, _, partial in read if partial is not None}
        for path, found, text_named, _ in read:
            problems += found
            if text_named is not None:
                sig, is_settled = current[path.name]
                # What was read from a file that may change again unseen, or from a text other than ID.txt
                # (outside the file's signature), is read again next time.
                kept = sig if is_settled and text_named else ""
                db.execute("INSERT INTO files VALUES (?, ?)", (path.name, kept))
        beat()
        index_text(db, first_fact, first_passage)
        beat()
        if topics_changed:
            writer.write_topics(topics)
            if not first_build:  # the facts of files read before, with the topics' new words
                writer.rewrite_bodies(skip={path.name for path in changed}, beat=beat)
            kept = topics_signature if topics_settled else ""  # a topics.yaml just written: read again
            db.execute("INSERT OR REPLACE INTO meta VALUES ('topics', ?)", (kept,))
        import json

        names = [row[0] for row in db.execute("SELECT DISTINCT name FROM fact_places WHERE country IS NOT NULL")]
        db.execute("INSERT OR REPLACE INTO meta VALUES ('country_names', ?)", (json.dumps(sorted(names)),))
        # The checks across files, over the whole base as it now stands (with what could be read of the files
        # that have problems, as the YAML path sees them).
        beat()
        _check_whole(root, db, topics, problems, topics_broken, partials)
        beat()  # (the commit to come)
        if problems:
            raise FactBaseError(problems)  # and the transaction is rolled back: the last good index stays


def _holds_nothing(db: sqlite3.Connection) -> bool:
    """Whether the index holds no file's rows yet (its first build is to come)."""
    return db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None


def _forget(db: sqlite3.Connection, name: str) -> None:
    """Every row read from one source file."""
    rows = db.execute("SELECT rowid, body FROM facts WHERE file = ?", (name,)).fetchall()
    for table in ("fact_topics", "fact_places", "fact_terms"):
        db.executemany(f"DELETE FROM {table} WHERE fact = ?", [(row[0],) for row in rows])
    db.executemany("INSERT INTO facts_fts (facts_fts, rowid, body) VALUES ('delete', ?, ?)", rows)
    db.execute("DELETE FROM facts WHERE file = ?", (name,))
    passages = db.execute("SELECT rowid, body FROM passages WHERE file = ?", (name,)).fetchall()
    db.executemany("INSERT INTO passages_fts (passages_fts, rowid, body) VALUES ('delete', ?, ?)", passages)
    db.execute("DELETE FROM passages WHERE file = ?", (name,))
    db.execute("DELETE FROM sources WHERE file = ?", (name,))


PARALLEL_FROM = 64
"""Files to parse from which a build shares the work among the machine's cores (see `indexparts`)."""


def _read_serially(paths: list[Path], words: dict[str, str], progress: Progress):
    """(path, problems, rows or None) for each file, in order, PROGRESS told of each."""
    for done, path in enumerate(paths, start=1):
        yield (path, *read_one(path, words))
        progress(done, len(paths))


def _telling(mark: BuildMark, progress: Progress | None) -> Progress:
    """What a build tells of each file parsed: the mark every time, PROGRESS once the build has taken a
    second (a bar for a quicker one would only flash)."""
    started, shown = time.monotonic(), False

    def tell(done: int, total: int) -> None:
        nonlocal shown
        mark.tell(done, total)
        if progress and (shown or time.monotonic() - started > 1):
            shown = True
            progress(done, total)

    return tell


def stored_topics(db: sqlite3.Connection, root: Path) -> list[Any]:
    """The topics as the index holds them (with the fields of `models.Topic`)."""
    path = root / TOPICS_FILE
    aliases: dict[int, list[str]] = {}
    for seq, alias in db.execute("SELECT topic, alias FROM topic_aliases ORDER BY topic, pos"):
        aliases.setdefault(seq, []).append(alias)
    rows = db.execute("SELECT seq, id, label, description, line FROM topics ORDER BY seq")
    return [
        SimpleNamespace(
            id=ident,
            label=label,
            aliases=tuple(aliases.get(seq, ())),
            description=description,
            where=SimpleNamespace(path=path, line=line),
        )
        for seq, ident, label, description, line in rows
    ]


def whole_signature(
    root: Path, stored_names: Callable[[tuple[int, ...]], list[str] | None] = lambda folder: None
) -> tuple[bytes, bool, tuple[tuple[int, ...] | None, list[str]]]:
    """The signatures of every file of a base as one value; whether they are settled enough to keep; and the
    sources folder's own signature (None when it changed too recently to be kept) with the names in it (for
    `stored_names` to give them next time).

    Every lookup takes it (a stat of each file, in one pass over the folder): it is how an edit is seen,
    and at 10,000 sources its 20,000 stats are most of a lookup's time beyond starting Python, so the
    rest is kept to C: the numbers go into an array, in the folder's order. The names are listed only when
    the folder itself changed: a file added, removed or renamed changes its modification and change times
    (POSIX; a filesystem that does not keep them so, as some FUSE mounts of cloud storage, would hide a new
    file), so while they are as they were, and were settled, the names are those listed then
    (`stored_names` gives them for the folder's signature, or None: listing 20,000 names costs more than
    reading them back)."""
    folder = os.open(root / SOURCES_DIR, os.O_RDONLY)  # each file stat'ed by name in it: no path to build
    try:
        status = os.fstat(folder)
        own = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        # Whether the folder had settled is judged now, before it is listed: an entry added within the same
        # tick after the listing would leave its times as they are, and the names kept would lack it.
        own_settled = settled(own)
        names = stored_names(own)
        if names is None:
            names = os.listdir(folder)  # hidden files too: a source may name `.x.txt`
        try:  # in one pass of C, as long as every file can be looked at
            numbers = array("q", chain.from_iterable(_NUMBERS(os.stat(name, dir_fd=folder)) for name in names))
        except (OSError, OverflowError):
            numbers = _numbers_one_by_one(names, folder)
    finally:
        os.close(folder)
    topics = signature(root / TOPICS_FILE)
    newest = max(max(numbers[1::4], default=0), max(numbers[2::4], default=0))
    whole = f"{topics!r}\0{own!r}\0".encode() + numbers.tobytes()
    return whole, own_settled and settled(topics, (0, newest, newest, 0)), (own if own_settled else None, names)


_NUMBERS = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")
_UNREADABLE = (-1, -1, -1, -1)
"""The numbers of a file that cannot be looked at (no size is -1)."""


def _numbers_one_by_one(names: list[str], folder: int) -> array:
    """The numbers of `whole_signature` when some file cannot be looked at, or has an inode number of 64 bits
    (kept as its two's complement)."""
    numbers = array("q")
    for name in names:
        try:
            found = _NUMBERS(os.stat(name, dir_fd=folder))
        except OSError:
            found = _UNREADABLE
        numbers.extend(number - (1 << 64) if number >= 1 << 63 else number for number in found)
    return numbers


def _file_signature(path: Path) -> tuple[str, bool]:
    signatures = (signature(path), signature(path.with_suffix(".txt")))
    return repr(signatures), settled(*signatures)


def _check_whole(
    root: Path,
    db: sqlite3.Connection,
    topics: list[Any],
    problems: list[Problem],
    topics_broken: bool,
    partials: dict[str, Partial],
) -> None:
    """The loader's checks across files (ids, topic words, topics named), over the base as the index now
    holds it and what could be read of the files with problems (PARTIALS). Queries tell whether any entry
    could fail them; only then, or when some file has problems, are the entries read, each where its file
    has it, for the loader's own check to say what and where (a sound base is checked in a few queries,
    whatever its size)."""
    from migfacts.loader import check_references
    from migfacts.models import FactBase, Located

    base = FactBase(root, topics, [], [], [], [], [])
    if not problems and not partials and not _entries_may_clash(db, topics, topics_broken):
        check_references(base, problems, check_topics=False)  # the topics' own words only
        return
    folder = root / SOURCES_DIR
    topic_lists: dict[int, list[str]] = {}
    for fact, topic in db.execute("SELECT fact, topic FROM fact_topics ORDER BY fact, pos"):
        topic_lists.setdefault(fact, []).append(topic)
    files: dict[str, Partial] = {name: ([], []) for name in partials}
    for ident, file, line in db.execute("SELECT id, file, line FROM sources"):
        files.setdefault(file, ([], []))[0].append((ident, line))
    for rowid, kind, ident, file, line in db.execute("SELECT rowid, kind, id, file, line FROM facts ORDER BY pos"):
        files.setdefault(file, ([], []))[1].append((kind, ident, line, tuple(topic_lists.get(rowid, ()))))
    files.update(partials)
    lists = {"figure": base.figures, "quote": base.quotes, "contact": base.contacts}
    for file in sorted(files):
        sources, facts = files[file]
        where = folder / file
        base.sources += [SimpleNamespace(id=ident, where=Located(where, line)) for ident, line in sources]
        for kind, ident, line, fact_topics in facts:
            lists[kind].append(SimpleNamespace(id=ident, where=Located(where, line), topics=fact_topics))
    check_references(base, problems, check_topics=not topics_broken)


def _entries_may_clash(db: sqlite3.Connection, topics: list[Any], topics_broken: bool) -> bool:
    """Whether an id is used twice, an id is also a topic word, or a fact names a topic there is not."""
    from migfacts.textnorm import fold

    if db.execute(
        "SELECT 1 FROM (SELECT id FROM sources UNION ALL SELECT id FROM facts) GROUP BY id HAVING count(*) > 1 LIMIT 1"
    ).fetchone():
        return True
    words = sorted({fold(word) for topic in topics for word in (topic.id, *topic.aliases)})
    marks = ", ".join("?" * len(words))
    clash = f"SELECT 1 FROM sources WHERE words IN ({marks}) UNION ALL SELECT 1 FROM facts WHERE id_words IN ({marks})"
    if words and db.execute(clash + " LIMIT 1", [*words, *words]).fetchone():
        return True
    ids = [topic.id for topic in topics]
    unknown = f"SELECT 1 FROM fact_topics WHERE topic NOT IN ({', '.join('?' * len(ids))}) LIMIT 1"
    return not topics_broken and db.execute(unknown, ids).fetchone() is not None
