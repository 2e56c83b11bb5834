"""Checks of an entry against its source's words: what the YAML says must be what the text says.

Each function returns (key, message) pairs for the loader to place at the key's line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from migfacts.formats import QUALIFIERS
from migfacts.numbers import find_numbers
from migfacts.periods import Period
from migfacts.textnorm import fold

Finding = tuple[str, str]
_FOLDED_QUALIFIERS = sorted({fold(q) for q in QUALIFIERS}, key=len, reverse=True)
_MONTHS = "|".join(calendar.month_name[1:])
_HEADER_DATES = (
    (re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b"), lambda m: (m[3], m[2], m[1])),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (m[1], m[2], m[3])),
    (
        re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b"),
        lambda m: (m[3], list(calendar.month_name).index(m[2]), m[1]),
    ),
)
HEADER_LINES = 8


def mentions(text: str, phrase: str) -> bool:
    """Whether a phrase stands in a text as whole words, ignoring case, accents and punctuation."""
    return f" {fold(phrase)} " in f" {fold(text)} "


def qualifier_findings(evidence: str, qualifier: str | None, numbers: Iterable[Decimal]) -> list[Finding]:
    """A qualifier must be in the evidence; a figure without one must not follow one ('more than 584')."""
    if qualifier:
        # A substring, not whole words: the evidence keeps the article's typos ("andapproximately").
        if fold(qualifier) not in fold(evidence):
            return [("qualifier", f"the evidence does not say '{qualifier}'")]
        return []
    wanted = set(numbers)
    for mention in find_numbers(evidence):
        if mention.value not in wanted:
            continue
        before = f" {fold(evidence[: mention.start])}"
        said = next((q for q in _FOLDED_QUALIFIERS if before.endswith(f" {q}")), None)
        if said:
            return [("qualifier", f"the evidence says '{said} {mention.text}': set qualifier: {said}")]
    return []


def period_findings(evidence: str, period: Period | None, note: str | None) -> list[Finding]:
    """The evidence states the period's years (and month), unless period_note says where it comes from."""
    if period is None or note:
        return []
    stated = {m.value for m in find_numbers(evidence)}
    missing = [year for year in {period.start.year, period.end.year} if Decimal(year) not in stated]
    if missing:
        return [
            (
                "period",
                f"the evidence does not state the year {min(missing)}: quote the words that do, "
                "or say in period_note where the period comes from",
            )
        ]
    if period.text.count("-") and not mentions(evidence, calendar.month_name[period.start.month]):
        return [("period", f"the evidence does not name the month {calendar.month_name[period.start.month]}")]
    return []


def named_in_text(text: str, values: dict[str, str | None]) -> list[Finding]:
    """Names (places, roles, organisations, datelines) must stand in the article."""
    return [
        (key, f"'{value}' does not stand in the article's text")
        for key, value in values.items()
        if value and not mentions(text, value)
    ]


def dateline_findings(text: str, dateline: str | None) -> list[Finding]:
    """A dateline opens a paragraph of the text: 'Geneva – IOM's …'."""
    if dateline and not any(fold(line).startswith(fold(dateline)) for line in text.splitlines()):
        return [("dateline", f"no paragraph of the text opens with '{dateline}'")]
    return []


def header_date(text: str) -> dt.date | None:
    """A publication date written at the head of an archived text (22 / 03 / 2019, 2019-03-22, 4 February 2019)."""
    head = "\n".join(text.splitlines()[:HEADER_LINES])
    for pattern, parts in _HEADER_DATES:
        if match := pattern.search(head):
            year, month, day = (int(p) for p in parts(match))
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def published_findings(text: str, published: dt.date | None) -> list[Finding]:
    stated = header_date(text)
    if stated and published != stated:
        return [("published", f"the text gives the date {stated.isoformat()}, not {published or 'null'}")]
    return []
