"""Load a fact base from its folder into typed models, or say exactly what is wrong and where.

Layout: `DIR/topics.yaml` and `DIR/sources/ID.yaml`, each source beside its
archived text. Every problem found is collected; any problem raises
`FactBaseError`, so that no command answers from a broken base.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from migfacts.errors import FactBaseError, Problem
from migfacts.models import FactBase, Located, Topic
from migfacts.textnorm import fold

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


def _topics(root: Path, problems: list[Problem]) -> list[Topic]:
    from migfacts import formats  # the YAML path: a lookup served by the cache never imports yaml
    from migfacts.entries import located
    from migfacts.files import read_yaml

    path = root / TOPICS_FILE
    fields = read_yaml(path, formats.TOPICS_FILE, problems)
    if not fields or "topics" not in fields:
        return []
    topics = []
    for item in fields["topics"]:
        if {"id", "label"} <= item.keys():
            aliases = tuple(item.get("aliases") or ())
            topics.append(Topic(item["id"], item["label"], aliases, item.get("description"), located(item, path)))
    return topics


def stray_files(root: Path, base: FactBase) -> list[Problem]:
    """Files in sources/ that are neither a source file nor the archived text of one: a typo in a name
    (.yml, .YAML) would otherwise leave an article out of the base unnoticed."""
    folder = root / SOURCES_DIR
    sources = source_files(root)
    known = {*sources, *(path.with_suffix(".txt") for path in sources), *(s.text_path for s in base.sources)}
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        Problem(path, None, "not part of the fact base: a source is ID.yaml beside the ID.txt it names")
        for path in entries
        if path not in known and not path.name.startswith(".")
    ]


def source_files(root: Path) -> list[Path]:
    """The source files of a base, in name order."""
    folder = root / SOURCES_DIR
    try:
        return sorted(path for path in folder.iterdir() if path.suffix == ".yaml" and not path.name.startswith("."))
    except OSError:
        return []


def _check_root(root: Path) -> list[Problem]:
    if not root.exists():
        return [Problem(root, None, "no such fact base folder")]
    if not root.is_dir():
        return [Problem(root, None, "is not a folder (a fact base is a folder with topics.yaml and sources/)")]
    if not os.access(root, os.R_OK | os.X_OK):
        return [Problem(root, None, "the folder cannot be read (permission denied)")]
    sources = root / SOURCES_DIR
    if not sources.is_dir():
        return [Problem(root, None, f"not a fact base: it has no {SOURCES_DIR}/ folder")]
    try:
        next(iter(sources.iterdir()), None)
    except OSError as error:
        return [Problem(sources, None, f"the folder cannot be read: {error.strerror or error}")]
    return []


SourceReader = Callable[[Path, list[Problem]], "FactBase | None"]
"""Reads one source file as a base of its own (None when it has problems, which join the list)."""


def collect(root: Path, read_source: SourceReader | None = None) -> tuple[FactBase, list[Problem]]:
    """Everything that could be read from a base, and every problem found on the way; `read_source`
    stands in for parsing each source file (the cache's way of reusing what it holds)."""
    problems = _check_root(root)
    base = FactBase(root, [], [], [], [], [], [])
    if problems:
        return base, problems
    base.topics = _topics(root, problems)
    paths = source_files(root)
    if not paths:
        problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
    for path in paths:
        if read_source is None:
            _load_source(path, base, problems)
        elif (part := read_source(path, problems)) is not None:
            for name in ("sources", "quotes", "figures", "contacts", "other_numbers"):
                getattr(base, name).extend(getattr(part, name))
            base.incomplete |= part.incomplete
    topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)
    _check_references(base, problems, check_topics=not topics_broken)
    return base, problems


def _load_source(path: Path, base: FactBase, problems: list[Problem]) -> None:
    from migfacts import formats
    from migfacts.entries import SourceBuilder
    from migfacts.files import read_yaml

    fields = read_yaml(path, formats.SOURCE_FILE, problems)
    if not fields or "source" not in fields:
        return
    build = SourceBuilder(path, problems)
    source = build.source(fields["source"])
    if source is None:
        return
    base.sources.append(source)
    quotes = _build_all(fields, "quotes", lambda item: build.quote(source, item), base, path)
    by_id = {quote.id: quote for quote in quotes}
    base.quotes += quotes
    base.figures += _build_all(fields, "figures", lambda item: build.figure(source, item, by_id), base, path)
    base.contacts += _build_all(fields, "contacts", lambda item: build.contact(source, item), base, path)
    base.other_numbers += _build_all(fields, "other_numbers", lambda item: build.other_number(source, item), base, path)


def _build_all(fields: dict[str, Any], key: str, make: Any, base: FactBase, path: Path) -> list[Any]:
    """Every entry of one kind; a file that loses one is marked incomplete (its coverage is not trusted)."""
    made = [make(item) for item in fields.get(key) or ()]
    if None in made:
        base.incomplete.add(path)
    return [entry for entry in made if entry is not None]


def _check_references(base: FactBase, problems: list[Problem], check_topics: bool = True) -> None:
    seen: dict[str, Located] = {}
    for entry in [*base.sources, *base.facts()]:
        if entry.id in seen:
            first = seen[entry.id]
            problems.append(
                Problem(
                    entry.where.path,
                    entry.where.line,
                    f"duplicate id '{entry.id}' (first at {first.path}:{first.line})",
                )
            )
        else:
            seen[entry.id] = entry.where
    topic_words: dict[str, str] = {}
    for topic in base.topics:
        for word in (topic.id, *topic.aliases):
            key = fold(word)
            if key in topic_words and topic_words[key] != topic.id:
                problems.append(
                    Problem(
                        topic.where.path, topic.where.line, f"'{word}' already names the topic '{topic_words[key]}'"
                    )
                )
            elif key in topic_words and word != topic.id:
                problems.append(
                    Problem(topic.where.path, topic.where.line, f"duplicate alias '{word}' of '{topic.id}'")
                )
            topic_words[key] = topic.id
    for topic in base.topics:
        for word in topic.aliases:
            if not fold(word) or word.lstrip().startswith("-"):
                problems.append(Problem(topic.where.path, topic.where.line, f"'{word}' cannot be typed as a topic"))
    for entry in [*base.sources, *base.facts()]:
        if fold(entry.id) in topic_words:
            message = f"the id '{entry.id}' is also a topic word: `migfacts show {entry.id}` could not reach both"
            problems.append(Problem(entry.where.path, entry.where.line, message))
    ids = {topic.id for topic in base.topics}
    for fact in base.facts() if check_topics else ():  # a broken topics.yaml is reported once, not per fact
        for ref in fact.topics:
            if ref not in ids:
                hint = f"; did you mean '{topic_words[fold(ref)]}'?" if fold(ref) in topic_words else ""
                problems.append(Problem(fact.where.path, fact.where.line, f"unknown topic '{ref}' in {fact.id}{hint}"))


def load_factbase(root: Path, warn: Callable[[str], None] | None = None) -> FactBase:
    """The fact base at `root`, through the cache when it can; `FactBaseError` if anything in it is wrong.

    A cache that cannot be used is said through `warn`, once, and the YAML is read.
    """
    from migfacts.cache import Cache, CacheUnusable, cache_enabled

    if cache_enabled():
        cache = Cache(root)
        try:
            return _load_through(cache, root, warn)
        except CacheUnusable as error:
            if warn:
                warn(str(error))
        finally:
            cache.close()
    base, problems = collect(root)
    if problems:
        raise FactBaseError(problems)
    return base


def _load_through(cache: Any, root: Path, warn: Callable[[str], None] | None) -> FactBase:
    """The whole base from the cache if no file changed; else the changed files parsed, the rest reused."""
    from migfacts.cache import CacheUnusable, settled, signature

    problems = _check_root(root)
    if problems:
        raise FactBaseError(problems)
    whole, whole_settled = _whole_signature(root)  # taken before anything is read
    cached = cache.get("base", "base", whole)
    if cached is not None:
        return cached
    parsed = []

    def read_source(path: Path, problems: list[Problem]) -> FactBase | None:
        text = path.with_suffix(".txt")  # the usual name; a source naming another text is not reused
        signatures = (signature(path), signature(text))  # taken before the files are read
        sig = repr(signatures)
        part = cache.get("files", str(path), sig)
        if part is None:
            part = _parse_source(path, problems)
            if part is not None and part.sources[0].text_path == text and settled(*signatures):
                parsed.append((str(path), sig, part))
        return part

    base, problems = collect(root, read_source)
    if problems:
        raise FactBaseError(problems)
    try:
        cache.put("files", parsed)
        if whole_settled:
            cache.put("base", [("base", whole, base), ("topics", whole, base.topics)])
    except CacheUnusable as error:  # the base is read and right: only the next lookup pays
        if warn:
            warn(str(error))
    return base


def _whole_signature(root: Path) -> tuple[str, bool]:
    """The signatures of every file of a base as one text (what a cached base must match), and whether
    they are settled enough to store what is read from them."""
    from migfacts.cache import folder_signature

    everything = sorted((root / SOURCES_DIR).iterdir())  # hidden files too: a source may name `.x.txt`
    return folder_signature(root, [root / TOPICS_FILE, *everything])


def load_topics(root: Path) -> list[Topic]:
    """The topics of a valid base: from the cache alone when no file changed (TAB completion's need),
    else by loading the base."""
    from migfacts.cache import Cache, CacheUnusable, cache_enabled

    if cache_enabled() and not _check_root(root):
        cache = Cache(root)
        try:
            topics = cache.get("base", "topics", _whole_signature(root)[0])
            if topics is not None:
                return topics
        except (CacheUnusable, OSError):
            pass
        finally:
            cache.close()
    return load_factbase(root).topics


def _parse_source(path: Path, problems: list[Problem]) -> FactBase | None:
    """One source file as a base of its own; None when it has problems (they join `problems`)."""
    part = FactBase(path.parent.parent, [], [], [], [], [], [])
    found: list[Problem] = []
    _load_source(path, part, found)
    problems += found
    return part if part.sources and not found else None
