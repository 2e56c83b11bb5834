"""A build underway, told to other processes: a file beside the index, locked (`flock`) by the process
that is building it, that says how far the build has got. A lookup started meanwhile waits for the build
(showing its progress on a terminal) rather than giving up on the index after SQLite's 10 s and reading
every YAML file itself, which for a large base takes longer than the build it waited for.

The lock, not the file, says that a build is alive: the system lets it go when the builder ends in any
way (killed, or a zombie not yet reaped), so a waiter never waits for a build that is gone. The file
stays between builds (unlocked, it says nothing), so that a build never removes the next one's mark.
Where there is no `flock` (Windows), nothing is marked and a lookup waits for a build as SQLite does."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

PATIENCE = 60.0
"""Seconds without news from a locked build after which it is taken for stuck (a process stopped with
Ctrl-Z holds its lock) and waited for no more: every step of a build tells within a few seconds."""

EVERY = 0.2
"""Seconds between two tellings of a build's progress (each a write of the file)."""

POLL = 0.1
"""Seconds between two looks of a waiting lookup at the file."""

WIDTH = 40
"""The bytes of the file: its one line written in place, always as long (a reader never sees it cut)."""


def mark_path(index: Path) -> Path:
    return Path(f"{index}.building")


_HELD: set[int] = set()
"""The descriptors of the marks this process holds locked."""


def _let_go_in_child() -> None:
    """A process forked from a builder (a worker of its build) closes its copies of the marks' descriptors,
    without unlocking them: the lock is the builder's, and must go with the builder, not with the last of
    its workers (which a killed builder can leave running)."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_let_go_in_child)


class BuildMark:
    """Kept by the process that holds the index's write lock, while it builds; a no-op where the file cannot
    be made or locked (the build goes on unmarked: lookups meanwhile wait as SQLite lets them)."""

    def __init__(self, index: Path):
        self.path = mark_path(index)
        self._fd: int | None = None
        self._told = 0.0
        self._progress = (0, 0)

    def __enter__(self) -> BuildMark:
        if fcntl is None:  # pragma: no cover - Windows
            return self
        try:
            fd = _open(self.path, os.O_RDWR | os.O_CREAT)
        except OSError:
            return self
        for _ in range(200):  # a build that has just committed may not yet have let its mark go
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                _HELD.add(fd)
                self._write()
                return self
            except OSError:
                time.sleep(0.01)
        os.close(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)  # and the lock with it
            self._fd = None

    def tell(self, done: int, total: int) -> None:
        """How far the build has got: files parsed, of files to parse (written at most every EVERY s)."""
        self._progress = (done, total)
        self.beat()

    def beat(self) -> None:
        """The build is alive (within steps that count no files)."""
        if self._fd is not None and time.monotonic() - self._told >= EVERY:
            self._write()

    def _write(self) -> None:
        self._told = time.monotonic()
        done, total = self._progress
        line = f"{done} {total}".ljust(WIDTH - 1) + "\n"
        with contextlib.suppress(OSError):  # a full disk: the mark's time stops, the build goes on
            os.pwrite(self._fd, line.encode("ascii"), 0)  # type: ignore[arg-type]


def underway(index: Path) -> tuple[int, int] | None:
    """(files parsed, files to parse) of a build of INDEX that another process holds locked and has told of
    within PATIENCE s; None when there is none."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fd = _open(mark_path(index), os.O_RDONLY)
    except OSError:  # none (no build yet), unreadable, or no file: nothing to wait for
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return None  # not locked: no build
        except BlockingIOError:
            pass
        except OSError:  # no locks on this filesystem: nothing can be known
            return None
        if time.time() - os.fstat(fd).st_mtime > PATIENCE:
            return None
        done, total = _counts(os.pread(fd, WIDTH, 0))
        return done, total
    finally:
        os.close(fd)


def _open(path: Path, flags: int) -> int:
    """A descriptor of the mark, which must be a regular file (OSError otherwise): never a link followed
    (a build would write into what it names), never a pipe waited on (every lookup and TAB would hang).
    (Python's descriptors are not inherited by the programs a process runs, PEP 446.)"""
    extra = os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | extra, 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return fd


def _counts(data: bytes) -> tuple[int, int]:
    try:
        done, total = (int(word) for word in data.split())
    except ValueError:  # written by a build that had not yet told (empty)
        return 0, 0
    return done, total


def wait_for_build(index: Path, progress: Any = None) -> bool:
    """Wait while another process builds INDEX, telling PROGRESS (done, total, waiting=True) once the wait
    has taken a second, as a build tells its own, and clearing it at the end (`progress.clear()`); whether
    there was a build to wait for."""
    found = underway(index)
    if found is None:
        return False
    started, shown = time.monotonic(), False
    try:
        while found is not None:
            done, total = found
            if progress and total and (shown or time.monotonic() - started > 1):
                shown = True
                progress(min(done, total - 1), total, waiting=True)  # the last file parsed is not yet the end
            time.sleep(POLL)
            found = underway(index)
    finally:  # the build's end, or Ctrl-C
        if shown:
            progress.clear()
    return True
