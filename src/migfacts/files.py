"""Reading the files of a fact base: size-limited UTF-8 text, and YAML read strictly against a format."""

from __future__ import annotations

import gc
import stat
from pathlib import Path

from migfacts.errors import Problem
from migfacts.schema import Fields, Reader, Record
from migfacts.yamlnodes import Node, compose

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A UTF-8 file's text, or None with a problem that says why it cannot be read."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            problems.append(Problem(path, None, "not a regular file (a device, a pipe or a socket)"))
            return None
        size = status.st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, None, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})"))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(path, None, "no such file"))
        return None
    except IsADirectoryError:
        problems.append(Problem(path, None, "is a folder, not a file"))
        return None
    except OSError as error:
        problems.append(Problem(path, None, f"cannot be read: {error.strerror or error}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"))
        return None
    return text.removeprefix("\ufeff")


def read_yaml(path: Path, record: Record, problems: list[Problem], roots: list[Node] | None = None) -> Fields | None:
    """A file's fields as RECORD reads them, or None with its problems; its node tree joins ROOTS if given."""
    text = read_text(path, problems)
    if text is None:
        return None
    # A file's node tree is thousands of objects without a reference cycle, freed when this returns. Built
    # with the cyclic garbage collector on, it would be scanned and promoted to the old generation, and
    # each promotion brings closer a full collection over everything already loaded: on a large base,
    # a quarter of the load time. Paused while the tree lives, the collector resumes as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_yaml(path, text, record, problems, roots)
    finally:
        if collecting:
            gc.enable()


def _read_yaml(
    path: Path, text: str, record: Record, problems: list[Problem], roots: list[Node] | None
) -> Fields | None:
    root, found = compose(text, path)
    problems.extend(found)
    if root is None:
        return None
    if roots is not None:
        roots.append(root)
    reader = Reader(path)
    fields = reader.read(root, record)
    problems.extend(reader.problems)
    return fields
