"""The fact base's signature taken ahead: by a child process, on another core, while the command line starts.

To see an edit, every lookup takes the signature of every file of the base (`index.whole_signature`): at
10,000 sources, 20,000 system calls, about 75 ms here, most of a lookup's time beyond starting Python. The
console forks a child as its first step, before Typer is imported; the child takes the signature of the
base the command line names and sends it back through a pipe, and the index compares it with the one it
was built for, as it would its own. Taken earlier than the index would take it, it is still taken before
anything is read; but not after a wait for another process's build, which may not have seen a file changed
meanwhile: the lookup then drops it (`drop`). When the command names another base (or none it can use), the
child's work is dropped and the index takes the signature itself, as it would without one: never a
different answer, only a later one. Nothing is forked for a small base (see AHEAD_FROM), for shell
completion, with the cache off, on one core, or where there is no fork (Windows).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

AHEAD_FROM = 128 * 1024
"""The size of a sources folder from which the signature is taken ahead: a folder's size grows with its
entries (on ext4 about 80 bytes a name, so about 800 sources); below it the stats take less than the fork
costs (2,000 files: 6 ms; a fork and its child, 2-3 ms of a lookup on two cores)."""

COMPLETING = "_MIGFACTS_COMPLETE"
"""Set while the shell asks for completions: a command or a topic is completed from the topics alone, and a
child nobody asks would cost TAB a tenth of its time (measured at 10,000 sources)."""

_pending: dict[Path, tuple[int, int]] = {}
"""The child's process id and the pipe to read from, for the base it is taking the signature of."""


def named_base(argv: list[str]) -> Path | None:
    """The base a command line names, as the CLI resolves it: the last `--facts` (after the command it wins
    over one before it, and of two the last wins), else $MIGFACTS_FACTS, else the bundled base; None for an
    empty `--facts`, which the CLI refuses."""
    from migfacts.layout import resolve_root

    given: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--facts" and index + 1 < len(argv):
            given = argv[index + 1]
        elif arg.startswith("--facts="):
            given = arg.removeprefix("--facts=")
    if given is not None and not given.strip():
        return None
    return resolve_root(Path(given) if given is not None else None)


def start(argv: list[str]) -> None:
    """Fork the child that takes the signature of the base ARGV names (see the module)."""
    from migfacts.layout import SOURCES_DIR, cores

    if not hasattr(os, "fork") or os.environ.get(COMPLETING) or (root := named_base(argv)) is None:
        return
    try:
        if os.stat(root / SOURCES_DIR).st_size < AHEAD_FROM:
            return  # (the test most commands stop at, so it comes first)
    except (OSError, ValueError):  # (ValueError: a NUL in the name)
        return
    from migfacts.cache import cache_enabled

    if not cache_enabled() or cores() < 2:
        return
    try:
        read, write = os.pipe()
    except OSError:
        return
    import atexit
    import signal

    atexit.register(abandon)
    # Ctrl-C waits until the child is on record: an interrupt between the fork and the record would leave a
    # child that nobody stops (it would hold the terminal's output until its stats were done).
    interrupts = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: whatever happens (Ctrl-C too), it says nothing and ends without teardown
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, interrupts)
                os.close(read)
                _send(write, _signature(root))
            finally:
                os._exit(0)
        os.close(write)
        _pending[root] = (pid, read)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, interrupts)


def _signature(root: Path) -> bytes:
    """The signature `Index.refresh` would take, with the names in the sources folder that the index keeps."""
    import sqlite3

    from migfacts.index import Index, whole_signature

    index = Index(root)
    try:
        db = sqlite3.connect(f"{index.path.absolute().as_uri()}?mode=ro", uri=True)  # nothing written, nothing made
    except (sqlite3.Error, ValueError):
        return b""
    try:
        return whole_signature(root, lambda folder: Index._stored_names(db, folder))[0]
    except (sqlite3.Error, OSError):
        return b""
    finally:
        db.close()


def _send(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def taken(root: Path) -> bytes | None:
    """The signature of ROOT the child took, if one was taken of it (once: it is then gone)."""
    if root not in _pending:
        return None
    pid, pipe = _pending.pop(root)
    chunks = []
    try:
        while chunk := os.read(pipe, 1 << 20):
            chunks.append(chunk)
    except OSError:
        chunks = []
    finally:
        os.close(pipe)
        _reap(pid)
    return b"".join(chunks) or None


def drop(root: Path) -> None:
    """The child's signature of ROOT is not to be used: the lookup waited (for another process's build), and
    a file may have changed since the child looked."""
    if root in _pending:
        _stop(*_pending.pop(root))


def abandon() -> None:
    """A child whose signature was not asked for is stopped (it only reads) and reaped: no zombie left."""
    while _pending:
        _stop(*_pending.popitem()[1])


def _stop(pid: int, pipe: int) -> None:
    import signal

    os.close(pipe)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
