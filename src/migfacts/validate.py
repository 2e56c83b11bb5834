"""The deep checks of `migfacts validate`: number coverage, country codes, names that clash with commands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from migfacts.errors import Problem
from migfacts.loader import collect
from migfacts.models import FactBase, Source
from migfacts.numbers import NumberMention, as_decimal, find_numbers
from migfacts.textnorm import find_verbatim, fold, line_at

ANY_NUMBER = None
"""An entry that accounts for every number inside its text (a footnote, a date)."""


@dataclass
class Coverage:
    """How many numbers of each archived text are accounted for."""

    by_source: dict[str, tuple[int, int]] = field(default_factory=dict)

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


def _claims(base: FactBase, source: Source) -> Iterable[tuple[str, set[Decimal] | None]]:
    """Each entry's evidence text, with the numbers it accounts for (None: all inside it)."""
    for figure in base.figures:
        if figure.source is source:
            numbers = {as_decimal(v) for v in (figure.value, figure.per and figure.per.value) if v}
            if figure.range:
                numbers |= {as_decimal(figure.range.low), as_decimal(figure.range.high)}
            if figure.period:
                numbers |= {Decimal(year) for year in figure.period.years}
            yield figure.evidence, numbers
    for contact in base.contacts:
        if contact.source is source:
            digits = "".join(ch for ch in contact.phone or "" if ch.isdigit())
            yield contact.evidence, {Decimal(digits)} if digits else set()
    for other in base.other_numbers:
        if other.source is source:
            yield other.text, ANY_NUMBER


def _accounted(mention: NumberMention, spans: list[tuple[int, int, set[Decimal] | None]]) -> bool:
    return any(
        start <= mention.start and mention.end <= end and (numbers is ANY_NUMBER or mention.value in numbers)
        for start, end, numbers in spans
    )


def coverage(base: FactBase) -> tuple[Coverage, list[Problem]]:
    """Every number of every archived text, accounted for by a figure, a contact or an other_numbers entry."""
    report, problems = Coverage(), []
    for source in base.sources:
        spans = [
            (start, end, numbers)
            for text, numbers in _claims(base, source)
            for start, end in find_verbatim(source.text, text)
        ]
        mentions = find_numbers(source.text)
        missing = [m for m in mentions if not _accounted(m, spans)]
        report.by_source[source.id] = (len(mentions) - len(missing), len(mentions))
        for mention in missing:
            problems.append(
                Problem(
                    source.text_path,
                    line_at(source.text, mention.start),
                    f"the number '{mention.text}' is not accounted for: add a figure, or an other_numbers entry "
                    "that says why it is not one",
                )
            )
    return report, problems


def _country_problems(base: FactBase) -> list[Problem]:
    import pycountry  # only `validate` pays for the ISO 3166 tables

    problems = []
    for figure in base.figures:
        for place in figure.places:
            if not place.country:
                continue
            country = pycountry.countries.get(alpha_2=place.country)
            if country is None:
                problems.append(
                    Problem(
                        figure.where.path, figure.where.line, f"'{place.country}' is not an ISO 3166-1 country code"
                    )
                )
                continue
            names = {fold(getattr(country, key, "") or "") for key in ("name", "common_name", "official_name")}
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
        # A file with problems loses entries, whose numbers then look unaccounted for: say so only for clean files.
        broken = {problem.path for problem in problems}
        missing = [
            p for p in missing if not any(s.text_path == p.path and s.where.path in broken for s in base.sources)
        ]
        problems = [*problems, *missing, *_country_problems(base), *_clash_problems(base, reserved)]
    return Report(base, sorted(set(problems), key=lambda p: (str(p.path), p.line or 0, p.message)), report)
