"""A large build on every core: each worker parses its share of the source files and writes their rows
into parts of its own (SQLite files beside the index); the builder copies each part into the index in SQL,
without a row passing through Python again, and tells the full-text tables of its rows. A worker closes a
part once it holds its share of the files and goes on in a new one, so that the builder merges the closed
parts while the workers parse: only the last part of each is left for after the parsing.

Rows are found by their columns (file, position), never by their rowids, so the order in which the parts
are written and merged changes nothing in the answers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from migfacts.errors import Problem

CHUNK = 16
"""Source files a worker reads at a time (one transaction on its part each)."""

_worker: dict[str, Any] = {}

Read = list[tuple[Path, list[Problem], bool | None, Any]]


def read_in_parts(
    paths: list[Path],
    words: dict[str, str],
    index: Path,
    cores: int,
    progress: Any,
    parts: list[Path],
    merge: Callable[[Path], None] | None = None,
    attachable: int = 10,
) -> Read:
    """Each file read by one of CORES workers into its parts (their names are added to PARTS), PROGRESS told
    as each chunk comes back, MERGE given each part its worker has closed while the parse goes on (a file
    with problems has no rows in a part: the others are merged all the same, for the checks across files to
    see what the YAML path sees). The parts number at most ATTACHABLE, the databases SQLite lets the index
    attach: they stay attached until its transaction ends (none can be detached within it).

    For each file: its problems, whether its text is ID.txt (None when it has problems), and what could be
    read of it when it has problems (see `indexrows.read_one`)."""
    import multiprocessing

    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    found: Read = []
    prefix = f"{index}.part"
    for stale in index.parent.glob(f"{index.name}.part-*"):  # left by a build that was killed (we hold the lock)
        stale.unlink(missing_ok=True)
    workers = min(cores, 8, attachable)
    share = _part_share(len(paths), workers, attachable)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _start_worker, (prefix, words, share)) as pool:
            for part, closed, results in pool.imap(_read_chunk, chunks):
                if Path(part) not in parts:
                    parts.append(Path(part))
                found += results
                progress(len(found), len(paths))
                if closed and merge is not None:
                    merge(Path(part))
            pool.close()
            pool.join()  # every worker gone: every part closed
    except BaseException:  # (Ctrl-C, a full disk in a merge): the workers are gone, and we hold the lock still
        parts += [path for path in sorted(index.parent.glob(f"{index.name}.part-*")) if path not in parts]
        raise  # and every part is deleted, those no chunk had told of yet among them
    return found


def _part_share(files: int, workers: int, attachable: int) -> int:
    """The files a worker writes to one part before it closes it. The full parts number at most FILLS, and
    each worker leaves at most one part more, not full: at most ATTACHABLE parts (one a worker where there
    is room for no more). With 2 workers and SQLite's default of 10: parts of an eighth of the files, all
    but each worker's last merged during the parse; from 5 workers on, a worker's share of the files fills
    no part before its last chunk, and every part is merged after the parse."""
    fills = max(1, attachable - workers)
    return max(1, -(-files // fills))


def _start_worker(prefix: str, words: dict[str, str], share: int) -> None:
    _worker.update(prefix=prefix, words=words, share=share, made=0)


def _part() -> sqlite3.Connection:
    """This worker's part, made on its first chunk and after it closes one (a worker given none leaves no
    file)."""
    if "db" not in _worker:
        from migfacts.cache import PAGE_SIZE
        from migfacts.index import TABLES
        from migfacts.indexrows import Writer

        _worker["made"] += 1
        path = Path(f"{_worker['prefix']}-{os.getpid()}-{_worker['made']}.sqlite")
        path.unlink(missing_ok=True)  # a part left by a build that was stopped
        db = sqlite3.connect(path, isolation_level=None)
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(TABLES)
        _worker.update(path=str(path), db=db, writer=Writer(db, _worker["words"]), files=0)
    return _worker["db"]


def _read_chunk(paths: list[Path]) -> tuple[str, bool, Read]:
    """The part the chunk's rows went to, whether it is now closed (full), and what `read_in_parts` tells of
    each file."""
    from migfacts.indexrows import read_one

    db = _part()
    results = []
    db.execute("BEGIN")
    for path in paths:
        problems, rows, partial = read_one(path, _worker["words"])
        if rows is not None:
            _worker["writer"].add(rows)
        results.append((path, problems, rows.text_named if rows is not None else None, partial))
    db.execute("COMMIT")
    _worker["files"] += len(paths)
    closed = _worker["files"] >= _worker["share"]
    if closed:  # the builder may merge it now; the next chunk goes to a new part
        _worker.pop("writer")
        _worker.pop("db").close()
    return _worker["path"], closed, results


class PartMerger:
    """Merges parts into the index one at a time, each as soon as it is given (see `read_in_parts`), and tells
    the full-text tables of its rows; BEAT told after each table and each full-text step."""

    def __init__(self, db: sqlite3.Connection, writer: Any, beat: Callable[[], None]):
        self.db, self.writer, self.beat = db, writer, beat
        self.merged: list[Path] = []
        self.attached = 0

    def merge(self, part: Path) -> None:
        from migfacts.indexrows import index_text

        first_fact, first_passage = self.writer.next_fact, self.writer.next_passage
        merge_part(self.db, part, f"part{self.attached}", self.writer, self.beat)
        self.attached += 1
        self.merged.append(part)
        index_text(self.db, first_fact, first_passage)
        self.beat()

    def merge_rest(self, parts: list[Path]) -> None:
        """The parts not merged yet (the last of each worker, closed as the workers ended)."""
        for part in parts:
            if part not in self.merged:
                self.merge(part)


def merge_part(db: sqlite3.Connection, part: Path, alias: str, writer: Any, beat: Callable[[], None]) -> None:
    """The rows of a part copied into the index, facts and paragraphs numbered after WRITER's; BEAT told after
    each table. The part is attached as ALIAS (detached by `drop_parts`)."""
    db.execute(f"ATTACH DATABASE ? AS {alias}", (str(part),))
    facts, passages = writer.next_fact - 1, writer.next_passage - 1
    for table, shift in (
        ("sources", None),
        ("facts", ("rowid", facts)),
        ("fact_topics", ("fact", facts)),
        ("fact_places", ("fact", facts)),
        ("fact_terms", ("fact", facts)),
        ("passages", ("rowid", passages)),
    ):
        columns = [row[1] for row in db.execute(f"PRAGMA {alias}.table_info({table})")]
        chosen = [f"{name} + ?" if shift and name == shift[0] else name for name in columns]
        db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(chosen)} FROM {alias}.{table}",
            (shift[1],) if shift else (),
        )
        beat()
    writer.next_fact += db.execute(f"SELECT coalesce(max(rowid), 0) FROM {alias}.facts").fetchone()[0]
    writer.next_passage += db.execute(f"SELECT coalesce(max(rowid), 0) FROM {alias}.passages").fetchone()[0]


def drop_parts(db: sqlite3.Connection, parts: list[Path]) -> None:
    """Detach the parts (once the index's transaction has ended) and delete their files."""
    for alias in [row[1] for row in db.execute("PRAGMA database_list") if row[1].startswith("part")]:
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"DETACH DATABASE {alias}")
    for part in parts:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{part}{suffix}").unlink()
    parts.clear()
