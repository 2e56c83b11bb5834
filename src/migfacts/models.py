"""The facts: typed, immutable, each tied to its source and to the words that state it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migfacts.numbers import format_number
from migfacts.periods import Period


def _made_once(entry: object, key: str, make: Callable[[], str]) -> str:
    """A text of a frozen entry, made on first use and kept beside its fields (not one of them: equality,
    hashing and repr are the fields')."""
    made = entry.__dict__.get(key)
    if made is None:
        made = make()
        object.__setattr__(entry, key, made)
    return made


QUOTE_JOINER = " … "
"""Stands where an article interrupts a quote with its attribution."""


@dataclass(frozen=True)
class Located:
    """Where an entry is written: its file and line."""

    path: Path
    line: int


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    aliases: tuple[str, ...]
    description: str | None
    where: Located


@dataclass(frozen=True)
class Copy:
    """Another place a source was published."""

    site: str
    url: str | None
    published: dt.date | None
    note: str | None


@dataclass(frozen=True)
class Source:
    """One article, and the archived text that is the evidence for its facts."""

    id: str
    title: str
    publisher: str
    published: dt.date | None
    published_from: str | None
    dateline: str | None
    tags: tuple[str, ...]
    url: str | None
    url_from: str | None
    copies: tuple[Copy, ...]
    text_file: str
    text: str
    where: Located

    @property
    def text_path(self) -> Path:
        return self.where.path.parent / self.text_file

    @property
    def known_date(self) -> dt.date | None:
        """Its publication date, or failing that the earliest dated copy's."""
        dates = [copy.published for copy in self.copies if copy.published]
        return self.published or (min(dates) if dates else None)

    @property
    def link(self) -> str | None:
        """Its address, or failing that a copy's."""
        return self.url or next((copy.url for copy in self.copies if copy.url), None)

    def date_display(self) -> str:
        """22 March 2019, or what is known of an undated article's date (made once: every fact's record
        carries it)."""
        return _made_once(self, "_date_display", self._date_text)

    def _date_text(self) -> str:
        if self.published:
            return _long_date(self.published)
        dated = [copy for copy in self.copies if copy.published]
        if dated:
            copy = min(dated, key=lambda c: c.published)  # type: ignore[arg-type,return-value]
            return f"undated (a copy on {copy.site} is dated {_long_date(copy.published)})"  # type: ignore[arg-type]
        return "undated"

    def citation(self) -> str:
        """IOM, “Title”, Geneva, 22 March 2019, https://… (copy). Made once: every fact's record cites it."""
        return _made_once(self, "_citation", self._citation_text)

    def _citation_text(self) -> str:
        parts = [self.publisher, f"“{self.title.rstrip('.')}”"]
        if self.dateline:
            parts.append(self.dateline)
        parts.append(self.date_display())
        if self.url:
            parts.append(self.url)
        elif self.link:
            parts.append(f"{self.link} (copy)")
        return ", ".join(parts)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


@dataclass(frozen=True)
class Place:
    """A country (ISO 3166-1 alpha-2 code and name) or a region (name only)."""

    name: str
    country: str | None = None

    def display(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


@dataclass(frozen=True)
class Range:
    low: int | float
    high: int | float


@dataclass(frozen=True)
class Per:
    """The denominator of a rate: 155 per 100,000 health assessments."""

    value: int | float
    unit: str


@dataclass(frozen=True)
class Figure:
    """A number an article states, with how it qualifies it, what it counts, when and where."""

    id: str
    value: int | float | None
    range: Range | None
    per: Per | None
    qualifier: str | None
    unit: str
    counts: str
    period: Period | None
    period_note: str | None
    places: tuple[Place, ...]
    places_note: str | None
    topics: tuple[str, ...]
    evidence: str
    note: str | None
    quote: Quote | None = field(repr=False)
    source: Source = field(repr=False)
    where: Located = field(repr=False)

    kind = "figure"

    def amount(self) -> str:
        """The number as the article qualifies it: more than 376,800; 90% to 100%. Made once: the display
        and the record show it."""
        return _made_once(self, "_amount", self._amount_text)

    def _amount_text(self) -> str:
        if self.range:
            low, high = (self._number(v) for v in (self.range.low, self.range.high))
            text = f"{low} to {high}"
        else:
            text = self._number(self.value)  # type: ignore[arg-type]
        qualifier = "an estimated" if self.qualifier == "estimated" else self.qualifier
        return f"{qualifier} {text}" if qualifier else text

    def _number(self, value: int | float) -> str:
        return f"{format_number(value)}%" if self.unit == "percent" else format_number(value)

    def display(self) -> str:
        """The amount with its unit: more than 376,800 health assessments; 155 per 100,000 health assessments.
        Made once: the record, the citation, the summary and the search text all show it."""
        return _made_once(self, "_display", self._display_text)

    def _display_text(self) -> str:
        text = self.amount()
        if self.unit != "percent":
            text += f" {self.unit}"
        if self.per:
            text += (
                f" per {format_number(self.per.value)} {self.per.unit}"
                if self.per.value != 1
                else f" per {self.per.unit}"
            )
        return text


@dataclass(frozen=True)
class Quote:
    """Words said, in one or more verbatim parts, with who said them."""

    id: str
    speaker: str
    role: str | None
    organisation: str | None
    organisation_note: str | None
    topics: tuple[str, ...]
    parts: tuple[str, ...]
    attribution: str
    source: Source = field(repr=False)
    where: Located = field(repr=False)

    kind = "quote"

    @property
    def text(self) -> str:
        return QUOTE_JOINER.join(self.parts)

    def speaker_line(self) -> str:
        return ", ".join(part for part in (self.speaker, self.role, self.organisation) if part)


@dataclass(frozen=True)
class Contact:
    """Whom to call: a press contact named in a source."""

    id: str
    name: str
    organisation: str | None
    organisation_note: str | None
    phone: str | None
    phone_note: str | None
    email: str | None
    for_: str
    topics: tuple[str, ...]
    evidence: str
    source: Source = field(repr=False)
    where: Located = field(repr=False)

    kind = "contact"


@dataclass(frozen=True)
class OtherNumber:
    """Numbers in an article that are not figures, and why (a footnote, a date, a resolution)."""

    text: str
    reason: str
    source: Source = field(repr=False)
    where: Located = field(repr=False)


Fact = Figure | Quote | Contact


@dataclass
class FactBase:
    """Everything a fact base holds, in file order."""

    root: Path
    topics: list[Topic]
    sources: list[Source]
    figures: list[Figure]
    quotes: list[Quote]
    contacts: list[Contact]
    other_numbers: list[OtherNumber]
    incomplete: set[Path] = field(default_factory=set)
    """Files that lost entries to problems: their coverage cannot be trusted."""

    def facts(self) -> list[Fact]:
        return [*self.figures, *self.quotes, *self.contacts]
