"""Which store answers: the index when the cache can be used, else the models read from the YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from migfacts.cache import cache_enabled

T = TypeVar("T")
Warn = Callable[[str], None]


class BuildUnderway(Exception):
    """Another process is building the index, and the caller asked not to wait for it."""


def answer(root: Path, ask: Callable[[Any], T], warn: Warn | None = None, progress: Any = None, wait: bool = True) -> T:
    """ASK's answer from the base at ROOT. An index that cannot be used (an unwritable or damaged cache, a
    failed query) is said once through WARN, and the answer comes from the YAML instead: slower, never
    different. While another process builds the index, the answer waits for it (PROGRESS told, see
    `buildmark`), or, not to WAIT, `BuildUnderway` is raised."""
    if cache_enabled():
        import sqlite3

        from migfacts import lookahead
        from migfacts.buildmark import underway, wait_for_build
        from migfacts.cache import CacheUnusable
        from migfacts.index import Index, NotIndexable

        while True:
            index = Index(root)
            try:
                if not wait and underway(index.path):
                    raise BuildUnderway
                if wait_for_build(index.path, progress):
                    lookahead.drop(root)  # taken before the wait: the build waited for may not have seen an edit
                from migfacts.indexstore import IndexStore

                return ask(IndexStore(index.refresh(root, progress), root))
            except NotIndexable:
                pass  # the YAML path reports the base's problem
            except (CacheUnusable, sqlite3.Error) as caught:
                error = caught if isinstance(caught, CacheUnusable) else index.unusable(caught)
                if error.busy and underway(index.path):
                    if not wait:
                        raise BuildUnderway from None
                    lookahead.drop(root)
                    continue  # a build begun after the look above: wait for it, then ask again
                if warn:
                    warn(str(error))
            finally:
                index.close()
            break
    from migfacts.loader import load_factbase
    from migfacts.modelstore import ModelStore

    return ask(ModelStore(load_factbase(root)))


def current_topics(root: Path) -> list[Any] | None:
    """The topics of the base at ROOT as its index holds them, when topics.yaml has not changed since it
    was read (what `loader.load_topics` would read); None when that cannot be known so (no index yet, an
    unusable one, a changed topics.yaml)."""
    if not cache_enabled():
        return None
    import sqlite3

    from migfacts.cache import CacheUnusable
    from migfacts.index import Index
    from migfacts.layout import check_root

    if check_root(root):
        return None
    index = Index(root)
    from migfacts.buildmark import underway

    if underway(index.path):  # its lock could hold a TAB for seconds: topics.yaml is read instead
        return None
    try:
        return index.current_topics(root)
    except (CacheUnusable, sqlite3.Error, OSError):
        return None
    finally:
        index.close()
