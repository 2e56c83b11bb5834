"""The deep checks of `migfacts validate`: number coverage, country codes, names that clash with commands."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migfacts.errors import Problem
from migfacts.loader import TOPICS_FILE, source_files, stray_files
from migfacts.models import FactBase, OtherNumber
from migfacts.numbers import NumberMention, as_decimal, find_numbers
from migfacts.result import plural
from migfacts.textchecks import phone_digits
from migfacts.textnorm import CONTROL, find_verbatim, fold, line_at

if TYPE_CHECKING:
    from migfacts.yamlnodes import Node


@dataclass
class Coverage:
    """How many numbers of each archived text are accounted for."""

    by_source: dict[str, tuple[int, int]] = field(default_factory=dict)
    held_back: int = 0
    """Unaccounted numbers not listed, in files whose other problems come first."""

    @property
    def accounted(self) -> int:
        return sum(done for done, _ in self.by_source.values())

    @property
    def total(self) -> int:
        return sum(total for _, total in self.by_source.values())

    @property
    def percent(self) -> float:
        return 100.0 * self.accounted / self.total if self.total else 100.0


@dataclass
class Report:
    counts: tuple[int, int, int, int]
    """Sources, figures, quotes and contacts read."""
    problems: list[Problem]
    coverage: Coverage
    unread: int = 0
    """Source files that could not be read: their numbers are in no count."""
    found: bool = True
    """Whether the folder is a fact base at all (no summary of one that is not)."""
    unreviewed: int = 0
    """Entries a draft marked `review:` that nobody has checked yet (problems with `strict`)."""

    def summary(self) -> str:
        """2 sources, 14 figures, 5 quotes, 2 contacts; numbers accounted for: 32/32 (100.0%)."""
        cov = self.coverage
        nouns = ("source", "figure", "quote", "contact")
        counts = ", ".join(plural(count, noun) for count, noun in zip(self.counts, nouns, strict=True))
        held = (
            f"; {plural(cov.held_back, 'number')} more listed once the other problems are fixed"
            if cov.held_back
            else ""
        )
        unread = f"; {plural(self.unread, 'source file')} not read" if self.unread else ""
        marked = self.unreviewed
        review = f"; {marked} {'entry' if marked == 1 else 'entries'} still marked review:" if marked else ""
        return (
            f"{counts}; numbers accounted for: {cov.accounted}/{cov.total} ({cov.percent:.1f}%){held}{unread}{review}"
        )


Accounts = Callable[[NumberMention], bool]


def _by_source(base: FactBase) -> dict[int, FactBase]:
    """Each source's own entries, found once: the coverage of a large base stays linear in its size."""
    parts: dict[int, FactBase] = {}
    for name in ("figures", "contacts", "other_numbers"):
        for entry in getattr(base, name):
            part = parts.setdefault(id(entry.source), FactBase(base.root, [], [], [], [], [], []))
            getattr(part, name).append(entry)
    return parts


def _claims(own: FactBase) -> Iterable[tuple[str, Accounts]]:
    """Each entry of one source's own (see `_by_source`) with its evidence text, and what it accounts for
    among the numbers inside it."""
    for figure in own.figures:
        numbers = {as_decimal(v) for v in (figure.value, figure.per.value if figure.per else None) if v is not None}
        if figure.range:
            numbers |= {as_decimal(figure.range.low), as_decimal(figure.range.high)}
        if figure.period:
            numbers |= {Decimal(year) for year in figure.period.years}
        yield figure.evidence, lambda mention, numbers=numbers: mention.value in numbers
    for contact in own.contacts:
        if contact.phone:
            digits = phone_digits(contact.phone)  # "+41 22 717 9111": each group is part of the phone
            yield contact.evidence, lambda mention, digits=digits: phone_digits(mention.text) in digits
    for other in own.other_numbers:
        yield other.text, lambda mention: True


def _accounted(mentions: list[NumberMention], spans: list[tuple[int, int, Accounts]]) -> set[int]:
    """The indexes of the mentions (in order of start) that a span holds and accounts for: each span looks
    only at the mentions that start inside it, found by bisection, not at every mention of the text."""
    starts = [mention.start for mention in mentions]
    done = set()
    for start, end, accounts in spans:
        for index in range(bisect_left(starts, start), bisect_left(starts, end)):
            mention = mentions[index]
            if index not in done and mention.end <= end and accounts(mention):
                done.add(index)
    return done


def coverage(base: FactBase) -> tuple[Coverage, list[Problem]]:
    """Every number of every archived text, accounted for by a figure, a contact or an other_numbers entry."""
    report, problems = Coverage(), []
    parts = _by_source(base)
    empty = FactBase(base.root, [], [], [], [], [], [])
    for source in base.sources:
        own = parts.get(id(source), empty)
        spans = [
            (start, end, accounts) for text, accounts in _claims(own) for start, end in find_verbatim(source.text, text)
        ]
        mentions = find_numbers(source.text)
        accounted = _accounted(mentions, spans)
        missing = [m for index, m in enumerate(mentions) if index not in accounted]
        report.by_source[source.id] = (len(mentions) - len(missing), len(mentions))
        values = {as_decimal(f.value): f.id for f in own.figures if f.value is not None}
        for mention in missing:
            if mention.value in values:
                fix = f"the figure {values[mention.value]} states it, but its evidence does not cover this place"
            else:
                fix = "add a figure, or an other_numbers entry that says why it is not one"
            line = line_at(source.text, mention.start)
            problems.append(Problem(source.text_path, line, f"the number '{mention.text}' is not accounted for: {fix}"))
    return report, problems


@cache
def _value_fields(kind: type) -> tuple[str, ...]:
    """The fields of a model that hold what a fact file says (not the text, the source or the place)."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.name not in ("text", "source", "where"))


def _entry_control_problems(entries: Iterable[Any]) -> list[Problem]:
    """No value of a fact file (written raw or as a YAML escape) holds terminal control or bidi override
    characters."""
    problems = []
    for entry in entries:
        values = [getattr(entry, name) for name in _value_fields(type(entry))]
        values += list(getattr(entry, "parts", ())) + ([entry.text] if isinstance(entry, OtherNumber) else [])
        strings = [
            v for value in values for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, str)
        ]
        # One search over the values joined by line breaks (no control character here) finds the first one.
        if match := CONTROL.search("\n".join(strings)):
            char = f"U+{ord(match.group(0)):04X}"
            message = f"a control character ({char}) in a value: remove it"
            problems.append(Problem(entry.where.path, entry.where.line, message))
    return problems


def _file_control_problems(path: Path) -> list[Problem]:
    """No archived text or fact file holds terminal control or bidi override characters."""
    from migfacts.files import read_text

    text = read_text(path, [])  # a file that cannot be read (a device, a pipe, too large) is the loader's
    if text is None:
        return []
    problems = []
    for match in CONTROL.finditer(text):
        char = f"U+{ord(match.group(0)):04X}"
        problems.append(Problem(path, line_at(text, match.start()), f"a control character ({char}): remove it"))
    return problems


def _country_problems(base: FactBase) -> list[Problem]:
    import pycountry  # only `validate` pays for the ISO 3166 tables

    problems = []
    countries: dict[str, Any] = {}  # by code: the country and its folded names, looked up once
    for figure in base.figures:
        for place in figure.places:
            if not place.country:
                continue
            if place.country not in countries:
                found = pycountry.countries.get(alpha_2=place.country)
                names = (
                    {fold(getattr(found, key, "") or "") for key in ("name", "common_name", "official_name")}
                    if found is not None
                    else set()
                )
                countries[place.country] = (found, names)
            country, names = countries[place.country]
            if country is None:
                problems.append(
                    Problem(
                        figure.where.path, figure.where.line, f"'{place.country}' is not an ISO 3166-1 country code"
                    )
                )
                continue
            if fold(place.name) not in names:
                problems.append(
                    Problem(
                        figure.where.path,
                        figure.where.line,
                        f"'{place.name}' is not the name of {place.country} ({country.name})",
                    )
                )
    return problems


def _clash_problems(base: FactBase, reserved: Iterable[str]) -> list[Problem]:
    names = {fold(name): name for name in reserved}
    return [
        Problem(
            topic.where.path, topic.where.line, f"the topic word '{word}' is also the command '{names[fold(word)]}'"
        )
        for topic in base.topics
        for word in (topic.id, *topic.aliases)
        if fold(word) in names
    ]


@dataclass
class FileCheck:
    """What one source file gives `validate`: the loader's problems and the deep checks of its own entries,
    each kind apart, so that they join those of the other files in the order a whole base gives them."""

    path: Path
    found: list[Problem]
    sources: list[tuple[str, int | None, Path, Path]]
    """(id, line, path, archived text) of each source read."""
    facts: list[tuple[str, str, int | None, tuple[str, ...]]]
    """(kind, id, line, topics) of each fact read, figures first, then quotes, then contacts."""
    counts: tuple[int, int, int, int]
    incomplete: set[Path]
    by_source: dict[str, tuple[int, int]]
    missing: list[Problem]
    countries: list[Problem]
    controls: dict[str, list[Problem]]
    """Control characters in values, by kind of entry."""
    files: dict[Path, list[Problem]]
    """Control characters in the file and its archived text."""
    reviews: list[Problem]
    """Entries still marked `review:`."""


CONTROL_KINDS = ("sources", "figures", "quotes", "contacts", "other_numbers")
PARALLEL_FROM = 64
"""Source files from which `validate` checks them on every core (where processes start by fork)."""


def _schema_problems(path: Path, roots: list[Node], kind: str, found: list[Problem]) -> list[Problem]:
    """Where the file breaks its JSON Schema, on lines where the loader found nothing (it says the same
    thing there, naming YAML's traps): a problem only the schema sees shows the two disagree."""
    from migfacts import jsonschemas

    if not roots:
        return []
    seen = {problem.line for problem in found if problem.path == path}
    return [problem for problem in jsonschemas.problems(path, roots[0], kind) if problem.line not in seen]


def check_file(path: Path) -> FileCheck:
    """One source file: read, and every check that needs no other file."""
    from migfacts.loader import parse_source

    found: list[Problem] = []
    roots: list[Node] = []
    part = parse_source(path, found, roots)
    found += _schema_problems(path, roots, "source", found)
    by_source: dict[str, tuple[int, int]] = {}
    missing: list[Problem] = []
    if part.sources:
        cov, missing = coverage(part)
        by_source = cov.by_source
    return FileCheck(
        path,
        found,
        [(s.id, s.where.line, s.where.path, s.text_path) for s in part.sources],
        [(f.kind, f.id, f.where.line, tuple(f.topics)) for f in part.facts()],
        (len(part.sources), len(part.figures), len(part.quotes), len(part.contacts)),
        set(part.incomplete),
        by_source,
        missing,
        _country_problems(part),
        {kind: _entry_control_problems(getattr(part, kind)) for kind in CONTROL_KINDS},
        {file: _file_control_problems(file) for s in part.sources for file in (s.where.path, s.text_path)},
        _review_marks(path, roots[0]) if roots else [],
    )


REVIEW = "still marked review: check the entry against the text, then remove its review line"


def _review_marks(path: Path, root: Node) -> list[Problem]:
    """The `review:` lines a draft wrote that are still there, one problem each (reported with `strict`)."""
    from migfacts.yamlnodes import MappingNode, SequenceNode, line_of

    marks = []
    for _, part in root.value if isinstance(root, MappingNode) else ():
        for entry in part.value if isinstance(part, SequenceNode) else ():
            for key, _ in entry.value if isinstance(entry, MappingNode) else ():
                if getattr(key, "value", None) == "review":
                    marks.append(Problem(path, line_of(key), REVIEW))
    return marks


def _check_files(paths: list[Path]) -> list[FileCheck]:
    """Each file checked, in order: by worker processes for a large base."""
    import multiprocessing

    from migfacts.layout import can_fork, cores

    if len(paths) < PARALLEL_FROM or cores() < 2 or not can_fork():
        return [check_file(path) for path in paths]
    with multiprocessing.get_context("fork").Pool(min(cores(), 8)) as pool:
        return pool.map(check_file, paths, chunksize=16)


def validate(root: Path, reserved: Iterable[str] = (), strict: bool = False) -> Report:
    """Every check: the loader's (schema, ids, references, evidence) and the deep ones. Each source file is
    checked on its own (on every core, for a large base); then the checks across files. `strict` makes each
    entry still marked `review:` a problem (else they are counted)."""
    from types import SimpleNamespace

    from migfacts.layout import SOURCES_DIR, check_root
    from migfacts.loader import check_references, read_topics
    from migfacts.models import Located

    problems = check_root(root)
    if problems:
        return Report((0, 0, 0, 0), problems, Coverage(), 0, found=False)
    roots: list[Node] = []
    topics = read_topics(root, problems, roots)
    problems += _schema_problems(root / TOPICS_FILE, roots, "topics", problems)
    paths = source_files(root)
    if not paths:
        problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
    checks = _check_files(paths)
    # The loader's problems, then the checks across files, as `collect` finds them
    base = FactBase(root, topics, [], [], [], [], [])
    lists = {"figure": base.figures, "quote": base.quotes, "contact": base.contacts}
    for check in checks:
        problems += check.found
        base.sources += [SimpleNamespace(id=i, where=Located(path, line)) for i, line, path, _ in check.sources]
        for kind, ident, line, fact_topics in check.facts:
            lists[kind].append(SimpleNamespace(id=ident, where=Located(check.path, line), topics=fact_topics))
    topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)
    check_references(base, problems, check_topics=not topics_broken)
    report = Coverage()
    if base.sources:
        for check in checks:
            report.by_source.update(check.by_source)
        # In a file with other problems, numbers look unaccounted for because of them: listed once they are fixed.
        troubled = {problem.path for problem in problems}.union(*(check.incomplete for check in checks))
        held = {text for check in checks for _, _, path, text in check.sources if path in troubled}
        missing = [problem for check in checks for problem in check.missing]
        problems += [problem for problem in missing if problem.path not in held]
        report.held_back = sum(1 for problem in missing if problem.path in held)
        problems += [problem for check in checks for problem in check.countries]
        problems += _clash_problems(base, reserved)
        problems += _entry_control_problems(topics)
        files = {root / TOPICS_FILE: _file_control_problems(root / TOPICS_FILE)}
        for check in checks:
            files.update(check.files)
        # A character written raw is reported at its own line by the file's check; one written as a YAML
        # escape ("\u202e") only by the entry's, at the entry's line.
        raw = {path for path, found in files.items() if found}
        controls = [problem for kind in CONTROL_KINDS for check in checks for problem in check.controls[kind]]
        problems += [problem for problem in controls if problem.path not in raw]
        problems += [problem for path in sorted(files) for problem in files[path]]
        texts = [SimpleNamespace(text_path=text) for check in checks for *_, text in check.sources]
        problems += stray_files(root, SimpleNamespace(sources=texts))
    reviews = [problem for check in checks for problem in check.reviews]
    if strict:
        problems += reviews
    unique = list(dict.fromkeys(problems))  # in the order found: along each file
    counts = tuple(sum(check.counts[index] for check in checks) for index in range(4))
    unread = max(0, len(paths) - counts[0])
    ordered = sorted(unique, key=lambda p: (str(p.path), p.line or 0))
    return Report(counts, ordered, report, unread, unreviewed=0 if strict else len(reviews))
