"""Which store answers: the index when the cache can be used, else the models read from the YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from migfacts.cache import cache_enabled

T = TypeVar("T")
Warn = Callable[[str], None]


def answer(root: Path, ask: Callable[[Any], T], warn: Warn | None = None, progress: Any = None) -> T:
    """ASK's answer from the base at ROOT. An index that cannot be used (an unwritable or damaged cache, a
    failed query) is said once through WARN, and the answer comes from the YAML instead: slower, never
    different."""
    if cache_enabled():
        import sqlite3

        from migfacts.cache import CacheUnusable
        from migfacts.index import Index, NotIndexable

        index = Index(root)
        try:
            from migfacts.indexstore import IndexStore

            return ask(IndexStore(index.refresh(root, progress), root))
        except NotIndexable:
            pass  # the YAML path reports the base's problem
        except CacheUnusable as error:
            if warn:
                warn(str(error))
        except sqlite3.Error as error:
            if warn:
                warn(str(index.unusable(error)))
        finally:
            index.close()
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
    try:
        return index.current_topics(root)
    except (CacheUnusable, sqlite3.Error, OSError):
        return None
    finally:
        index.close()
