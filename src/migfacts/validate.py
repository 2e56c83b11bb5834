"""The deep checks of `migfacts validate`: number coverage, country codes, names that clash with commands."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from migfacts.errors import Problem
from migfacts.loader import TOPICS_FILE, collect, source_files, stray_files
from migfacts.models import FactBase, OtherNumber
from migfacts.numbers import NumberMention, as_decimal, find_numbers
from migfacts.result import plural
from migfacts.textchecks import phone_digits
from migfacts.textnorm import CONTROL, find_verbatim, fold, line_at


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
    base: FactBase
    problems: list[Problem]
    coverage: Coverage
    unread: int = 0
    """Source files that could not be read: their numbers are in no count."""

    def summary(self) -> str:
        """2 sources, 14 figures, 5 quotes, 2 contacts; numbers accounted for: 32/32 (100.0%)."""
        base, cov = self.base, self.coverage
        counts = ", ".join(
            plural(len(items), noun)
            for items, noun in (
                (base.sources, "source"),
                (base.figures, "figure"),
                (base.quotes, "quote"),
                (base.contacts, "contact"),
            )
        )
        held = (
            f"; {plural(cov.held_back, 'number')} more listed once the other problems are fixed"
            if cov.held_back
            else ""
        )
        unread = f"; {plural(self.unread, 'source file')} not read" if self.unread else ""
        return f"{counts}; numbers accounted for: {cov.accounted}/{cov.total} ({cov.percent:.1f}%){held}{unread}"


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


def _control_problems(base: FactBase) -> list[Problem]:
    """No archived text, and no value of a fact file (written raw or as a YAML escape), holds terminal control
    or bidi override characters."""
    problems = []
    entries = [*base.topics, *base.sources, *base.facts(), *base.other_numbers]
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
    files = {base.root / TOPICS_FILE} | {s.where.path for s in base.sources} | {s.text_path for s in base.sources}
    for path in sorted(files):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # reported by the loader
            continue
        for match in CONTROL.finditer(text):
            char = f"U+{ord(match.group(0)):04X}"
            line = line_at(text, match.start())
            problems.append(Problem(path, line, f"a control character ({char}): remove it"))
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


def validate(root: Path, reserved: Iterable[str] = ()) -> Report:
    """Every check: the loader's (schema, ids, references, evidence) and the deep ones."""
    base, problems = collect(root)
    report = Coverage()
    if base.sources:
        report, missing = coverage(base)
        # In a file with other problems, numbers look unaccounted for because of them: listed once they are fixed.
        troubled = {problem.path for problem in problems} | base.incomplete
        held = {s.text_path for s in base.sources if s.where.path in troubled}
        problems += [problem for problem in missing if problem.path not in held]
        report.held_back = sum(1 for problem in missing if problem.path in held)
        problems += [*_country_problems(base), *_clash_problems(base, reserved), *_control_problems(base)]
        problems += stray_files(root, base)
    unique = list(dict.fromkeys(problems))  # in the order found: along each file
    unread = max(0, len(source_files(root)) - len(base.sources))
    return Report(base, sorted(unique, key=lambda p: (str(p.path), p.line or 0)), report, unread)
