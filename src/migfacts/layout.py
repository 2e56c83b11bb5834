"""Where a fact base is and how it is laid out: `DIR/topics.yaml` and `DIR/sources/ID.yaml` beside ID.txt.

Kept apart from the loader so that a lookup answered by the index imports no more than this.
"""

from __future__ import annotations

import os
from pathlib import Path

from migfacts.errors import Problem

ENV_VAR = "MIGFACTS_FACTS"
TOPICS_FILE = "topics.yaml"
SOURCES_DIR = "sources"


def bundled_facts() -> Path:
    """The fact base shipped with migfacts: inside the wheel, or the checkout's `facts/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "facts"
    return packaged if packaged.is_dir() else here.parent.parent / "facts"


def resolve_root(explicit: Path | None) -> Path:
    """`--facts DIR`, else $MIGFACTS_FACTS, else the bundled base."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    return Path(from_env) if from_env else bundled_facts()


def source_files(root: Path) -> list[Path]:
    """The source files of a base, in name order."""
    folder = root / SOURCES_DIR
    try:
        return sorted(path for path in folder.iterdir() if path.suffix == ".yaml" and not path.name.startswith("."))
    except OSError:
        return []


def check_root(root: Path) -> list[Problem]:
    if not root.exists():
        return [Problem(root, None, "no such fact base folder")]
    if not root.is_dir():
        return [Problem(root, None, "is not a folder (a fact base is a folder with topics.yaml and sources/)")]
    if not os.access(root, os.R_OK | os.X_OK):
        return [Problem(root, None, "the folder cannot be read (permission denied)")]
    sources = root / SOURCES_DIR
    if not sources.is_dir():
        return [_no_sources_folder(root, sources)]
    try:
        with os.scandir(sources) as entries:  # the first entry only: Path.iterdir lists them all
            next(entries, None)
    except OSError as error:
        return [Problem(sources, None, f"the folder cannot be read: {error.strerror or error}")]
    return []


def _no_sources_folder(root: Path, sources: Path) -> Problem:
    """Why ROOT/sources is no folder: missing, a file, or a link that leads nowhere readable (a loop)."""
    try:
        sources.stat()
    except FileNotFoundError:
        return Problem(root, None, f"not a fact base: it has no {SOURCES_DIR}/ folder")
    except OSError as error:
        return Problem(sources, None, f"cannot be read: {error.strerror or error}")
    return Problem(sources, None, "is not a folder (a fact base keeps its source files in a folder sources/)")


def cores() -> int:
    """The cores this process may run on: a large base is read on all of them."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes can start as copies of this one (Linux, BSD): with `spawn` (Windows) each
    would start migfacts afresh from its entry point, so work stays on one core there."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
