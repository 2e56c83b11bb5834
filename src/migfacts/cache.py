"""Where the index of a fact base is kept, and how a file of the base is known to have changed.

One SQLite file per fact base, in the user's cache directory (`$MIGFACTS_CACHE` points elsewhere;
`MIGFACTS_NO_CACHE=1` turns it off). Each file of the base is known by its signature (size,
modification and change times, inode). What is stored is keyed to the code that wrote it. A cache that
cannot be read or written costs speed, never the answer.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
import zlib
from pathlib import Path

CACHE_ENV = "MIGFACTS_CACHE"
NO_CACHE_ENV = "MIGFACTS_NO_CACHE"
_PACKAGE = Path(__file__).resolve().parent


PAGE_SIZE = 16384
"""Bytes a page of a new cache database. A fact's row (its record, its words) is about 2 KB, and SQLite's usual
4 KB page holds one or two: at 10,000 sources the index is a tenth smaller with 16 KB pages and the end of a
first build (copying the rows, making the indexes) a fifth quicker, lookups unchanged."""


class CacheUnusable(Exception):
    """The cache could not be read or written: the caller reads the YAML instead (`busy`: because another
    connection held it for longer than a connection waits)."""

    def __init__(self, message: str, busy: bool = False):
        super().__init__(message)
        self.busy = busy


def is_busy(error: Exception) -> bool:
    """Whether ERROR is SQLite's 'database is locked' (SQLITE_BUSY, its extended codes too)."""
    code = getattr(error, "sqlite_errorcode", None)  # (not set on an error made outside SQLite)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def cache_enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path:
    """$MIGFACTS_CACHE, else the user's cache directory as platformdirs gives it. On Linux, where that is
    `$XDG_CACHE_HOME/migfacts` or `~/.cache/migfacts`, those two plain cases are made here, sparing every
    lookup the import of platformdirs (and of tempfile and random with it); tests hold them to its answer."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    if sys.platform == "linux":
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg is None and os.environ.get("HOME", "").startswith("/"):
            return Path(os.environ["HOME"], ".cache", "migfacts")
        if xdg and xdg.startswith("/") and xdg.strip() == xdg:
            return Path(xdg, "migfacts")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("migfacts", appauthor=False))


def signature(path: Path | str) -> tuple[int, ...] | None:
    """What changes when a file does; None for a file that is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


BUSY_WAIT = 10.0
"""Seconds a connection waits for another's lock on the database before it gives up (SQLite's busy
timeout): a lookup then reads the YAML, unless a build is underway (see `buildmark`)."""

RACY_NS = 2_000_000_000
"""A file changed this recently may change again within the same timestamp tick, unseen by its
signature (git's "racily clean" files): what was read from it is not stored."""


def settled(*signatures: tuple[int, ...] | None) -> bool:
    """Whether no file of these signatures changed within RACY_NS of now."""
    now = time.time_ns()
    return all(sig is None or max(sig[1], sig[2]) < now - RACY_NS for sig in signatures)


def _code_stamp() -> str:
    """The code that wrote a cache: a cache from other code is not read."""
    files = sorted(name for name in os.listdir(_PACKAGE) if name.endswith(".py"))
    return _digest(repr([(name, signature(_PACKAGE / name)) for name in files]))


class Cache:
    """One SQLite file of the cache, for the fact base at a root; subclasses say what it holds."""

    prefix = "cache"

    def __init__(self, root: Path):
        # The root as given and where it is: what is stored carries paths spelt as the root was given.
        self.owner = f"{root}\0{root.absolute()}".encode("utf-8", "surrogateescape")
        key = _digest(self.owner)
        self.path = cache_dir() / f"{self.prefix}-{key}.sqlite"
        self._db: sqlite3.Connection | None = None

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Create the tables, if they are not there."""

    def connect(self) -> sqlite3.Connection:
        """The open database; `CacheUnusable` when it cannot be opened (a damaged file is removed first)."""
        if self._db is not None:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_WAIT, isolation_level=None)
            db.execute("PRAGMA synchronous = OFF")  # a cache: a write lost in a crash is rebuilt
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # taken by a new database only
            set_journal_mode(db, "wal")  # readers go on while a build writes (but a first, see `index`)
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            expected = {"code": _code_stamp(), "owner": self.owner}
            found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('code', 'owner')"))
            if found != expected:  # written by other code, or for a base whose name has the same digest
                db.execute("BEGIN IMMEDIATE")
                _drop_all(db)
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.executemany("INSERT INTO meta VALUES (?, ?)", expected.items())
                db.execute("COMMIT")
                self._prepare(db)  # (a script: it would commit the transaction above)
        except sqlite3.DatabaseError as error:
            if type(error) is sqlite3.DatabaseError:  # not a database at all: damaged, so start again
                with contextlib.suppress(OSError):
                    self.path.unlink(missing_ok=True)
                raise CacheUnusable(f"cache {self.path} was damaged ({error}); removed it, reading the YAML") from None
            raise self.unusable(error) from None
        except OSError as error:
            raise self.unusable(error) from None
        self._db = db
        return db

    def unusable(self, error: Exception) -> CacheUnusable:
        return CacheUnusable(f"cache {self.path} unusable ({_reason(error)}); reading the YAML", is_busy(error))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def set_journal_mode(db: sqlite3.Connection, mode: str) -> bool:
    """Whether the journal mode is now MODE (`wal` or `delete`), changed without waiting: while another
    connection has the database open (`wal`) or is writing to it (`delete`), it stays as it was."""
    (waits,) = db.execute("PRAGMA busy_timeout").fetchone()
    db.execute("PRAGMA busy_timeout = 0")
    try:
        return db.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0] == mode
    except sqlite3.OperationalError as error:
        if not is_busy(error):
            raise
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waits)}")


def _digest(text: str | bytes) -> str:
    """A 64-bit digest of TEXT, for names: two checksums from zlib (hashlib costs each lookup 3 ms to import)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _drop_all(db: sqlite3.Connection) -> None:
    """Every table, virtual tables with their own."""
    names = [
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")
    ]
    for name in names:
        db.execute(f'DROP TABLE IF EXISTS "{name}"')
    names = [
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    for name in names:
        db.execute(f'DROP TABLE IF EXISTS "{name}"')


def _reason(error: Exception) -> str:
    if isinstance(error, FileExistsError):  # mkdir of a folder that is a file
        return f"{error.filename} is not a folder"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
