"""A build underway, told to other processes: a file beside the index that says which process is building
it and how far it has got. A lookup started meanwhile waits for the build (showing its progress on a
terminal) rather than giving up on the index after SQLite's 10 s and reading every YAML file itself, which
for a large base takes longer than the build it waited for."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path

PATIENCE = 30.0
"""Seconds without news from a build after which it is taken for stuck (stopped, or on a machine that has
lost it), and waited for no more: the longest step of a build tells within a few seconds."""

EVERY = 0.2
"""Seconds between two tellings of a build's progress (each a write of the file)."""

POLL = 0.1
"""Seconds between two looks of a waiting lookup at the file."""


def mark_path(index: Path) -> Path:
    return Path(f"{index}.building")


class BuildMark:
    """Kept up by the process that holds the index's write lock, from when it starts to build until it has
    committed or rolled back."""

    def __init__(self, index: Path):
        self.path = mark_path(index)
        self._told = 0.0
        self._progress = (0, 0)

    def __enter__(self) -> BuildMark:
        self._write()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def tell(self, done: int, total: int) -> None:
        """How far the build has got: files parsed, of files to parse (written at most every EVERY s)."""
        self._progress = (done, total)
        self.beat()

    def beat(self) -> None:
        """The build is alive (between steps that tell no count)."""
        if time.monotonic() - self._told >= EVERY:
            self._write()

    def _write(self) -> None:
        self._told = time.monotonic()
        done, total = self._progress
        temporary = Path(f"{self.path}.{os.getpid()}")
        with contextlib.suppress(OSError):  # a cache that cannot be written fails the build itself, not here
            temporary.write_text(f"{os.getpid()} {done} {total}\n", encoding="ascii")
            os.replace(temporary, self.path)


def underway(index: Path) -> tuple[int, int] | None:
    """(files parsed, files to parse) of a build of INDEX that another live process is making and told of
    within PATIENCE s; None when there is none."""
    path = mark_path(index)
    try:
        told = path.stat().st_mtime
        pid, done, total = (int(word) for word in path.read_text(encoding="ascii").split())
    except (OSError, ValueError):  # none, or gone between the two looks
        return None
    if pid == os.getpid() or time.time() - told > PATIENCE or not _alive(pid):
        return None
    return done, total


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):  # another user's, or no way to ask: taken as alive
        return True
    return True


def wait_for_build(index: Path, progress: Callable[..., None] | None = None) -> bool:
    """Wait while another process builds INDEX, telling PROGRESS (done, total, waiting=True) once the wait
    has taken a second, as a build tells its own; whether there was a build to wait for."""
    found = underway(index)
    if found is None:
        return False
    started, shown, total = time.monotonic(), False, 0
    try:
        while found is not None:
            done, total = found
            if progress and total and (shown or time.monotonic() - started > 1):
                shown = True
                progress(min(done, total - 1), total, waiting=True)  # the last file parsed is not yet the end
            time.sleep(POLL)
            found = underway(index)
    finally:  # the build's end, or Ctrl-C: a bar shown is cleared
        if progress and shown:
            progress(total, total, waiting=True)
    return True
