"""A large build on every core: each worker parses its share of the source files and writes their rows
into a part of its own (a SQLite file beside the index); the builder then copies the parts into the index
in SQL, without a row passing through Python again.

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


def read_in_parts(
    paths: list[Path], words: dict[str, str], index: Path, cores: int, progress: Any, parts: list[Path]
) -> list[tuple[Path, list[Problem], bool | None, Any]]:
    """Each file read by one of CORES workers into its part (their names are added to PARTS), PROGRESS told
    as each chunk comes back: for each, its problems, whether its text is ID.txt (None when it has
    problems), and what could be read of it when it has problems (see `indexrows.read_one`)."""
    import multiprocessing

    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    found: list[tuple[Path, list[Problem], bool | None, Any]] = []
    prefix = f"{index}.part"
    for stale in index.parent.glob(f"{index.name}.part-*"):  # left by a build that was killed (we hold the lock)
        stale.unlink(missing_ok=True)
    with multiprocessing.get_context("fork").Pool(min(cores, 8), _start_worker, (prefix, words)) as pool:
        for part, results in pool.imap(_read_chunk, chunks):
            if Path(part) not in parts:
                parts.append(Path(part))
            found += results
            progress(len(found), len(paths))
        pool.close()
        pool.join()  # every worker gone: every part closed
    return found


def _start_worker(prefix: str, words: dict[str, str]) -> None:
    _worker.update(prefix=prefix, words=words)


def _part() -> sqlite3.Connection:
    """This worker's part, made on its first chunk (a worker given none leaves no file)."""
    if "db" not in _worker:
        from migfacts.cache import PAGE_SIZE
        from migfacts.index import TABLES
        from migfacts.indexrows import Writer

        path = Path(f"{_worker['prefix']}-{os.getpid()}.sqlite")
        path.unlink(missing_ok=True)  # a part left by a build that was stopped
        db = sqlite3.connect(path, isolation_level=None)
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(TABLES)
        _worker.update(path=str(path), db=db, writer=Writer(db, _worker["words"]))
    return _worker["db"]


def _read_chunk(paths: list[Path]) -> tuple[str, list[tuple[Path, list[Problem], bool | None, Any]]]:
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
    return _worker["path"], results


def merge_parts(db: sqlite3.Connection, parts: list[Path], writer: Any, beat: Callable[[], None]) -> None:
    """The rows of the parts copied into the index, facts and paragraphs numbered after WRITER's; BEAT told
    after each table."""
    for number, part in enumerate(parts):
        alias = f"part{number}"
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
    attached = {row[1] for row in db.execute("PRAGMA database_list")}
    for number, part in enumerate(parts):
        if f"part{number}" in attached:
            with contextlib.suppress(sqlite3.Error):
                db.execute(f"DETACH DATABASE part{number}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{part}{suffix}").unlink()
    parts.clear()
