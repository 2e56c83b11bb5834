"""Load a fact base from its folder into typed models, or say exactly what is wrong and where.

Layout: `DIR/topics.yaml` and `DIR/sources/ID.yaml`, each source beside its
archived text. Every problem found is collected; any problem raises
`FactBaseError`, so that no command answers from a broken base.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from migfacts.errors import FactBaseError, Problem
from migfacts.layout import SOURCES_DIR, TOPICS_FILE, check_root, source_files
from migfacts.models import FactBase, Located, Topic
from migfacts.textnorm import fold

if TYPE_CHECKING:
    from migfacts.yamlnodes import Node


def read_topics(root: Path, problems: list[Problem], roots: list[Node] | None = None) -> list[Topic]:
    from migfacts import formats  # the YAML path: a lookup served by the cache never imports yaml
    from migfacts.entries import located
    from migfacts.files import read_yaml

    path = root / TOPICS_FILE
    fields = read_yaml(path, formats.TOPICS_FILE, problems, roots)
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


def collect(root: Path) -> tuple[FactBase, list[Problem]]:
    """Everything that could be read from a base, and every problem found on the way."""
    problems = check_root(root)
    base = FactBase(root, [], [], [], [], [], [])
    if problems:
        return base, problems
    base.topics = read_topics(root, problems)
    paths = source_files(root)
    if not paths:
        problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
    for path in paths:
        _load_source(path, base, problems)
    topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)
    check_references(base, problems, check_topics=not topics_broken)
    return base, problems


def _load_source(path: Path, base: FactBase, problems: list[Problem], roots: list[Node] | None = None) -> None:
    """One source file's entries into BASE; the cyclic garbage collector paused meanwhile (the file's node
    tree and fields live until the entries are made: collected, they would cost a large base a fifth of its
    load time in collections over everything already loaded)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        _build_source(path, base, problems, roots)
    finally:
        if collecting:
            gc.enable()


def _build_source(path: Path, base: FactBase, problems: list[Problem], roots: list[Node] | None) -> None:
    from migfacts import formats
    from migfacts.entries import SourceBuilder
    from migfacts.files import read_yaml

    fields = read_yaml(path, formats.SOURCE_FILE, problems, roots)
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


def check_references(base: FactBase, problems: list[Problem], check_topics: bool = True) -> None:
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


def load_topics(root: Path) -> list[Topic]:
    """The topics of topics.yaml, checked on their own (their words); `FactBaseError` if they have problems.
    What TAB completes a topic to, whether or not the source files are sound."""
    problems = check_root(root)
    topics = read_topics(root, problems) if not problems else []
    check_references(FactBase(root, topics, [], [], [], [], []), problems, check_topics=False)
    if problems:
        raise FactBaseError(problems)
    return topics


def load_factbase(root: Path) -> FactBase:
    """Every fact of the base at `root`, read from its YAML; `FactBaseError` if anything in it is wrong."""
    base, problems = collect(root)
    if problems:
        raise FactBaseError(problems)
    return base


def parse_source(path: Path, problems: list[Problem], roots: list[Node] | None = None) -> FactBase:
    """One source file as a base of its own: what could be read of it, its problems joining `problems`
    (and its node tree joining ROOTS, if given)."""
    part = FactBase(path.parent.parent, [], [], [], [], [], [])
    _load_source(path, part, problems, roots)
    return part
