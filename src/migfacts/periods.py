"""Periods a figure describes.

A period is written as a year (`2018`), a month (`2019-01`) or a span of
either (`2010/2016`, ISO 8601's interval form). Missing means the article does
not say: it is never filled in from the publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from migfacts.years import FIRST_YEAR, LAST_YEAR

_POINT = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    """A closed span of days, with the text it was written as."""

    text: str
    start: dt.date
    end: dt.date

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def overlaps(self, first_year: int, last_year: int) -> bool:
        return self.start.year <= last_year and self.end.year >= first_year

    def display(self) -> str:
        """2018, January 2019, 2010-2016."""
        start, _, end = self.text.partition("/")
        return "–".join(_display_point(part) for part in (start, end) if part)


def _display_point(text: str) -> str:
    year, _, month = text.partition("-")
    return f"{calendar.month_name[int(month)]} {year}" if month else year


def _point(text: str) -> tuple[dt.date, dt.date]:
    match = _POINT.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a year (2018), a month (2019-01) or a span of them (2010/2016)")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year} is not a plausible year")
    if match.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """A period from its written form; ValueError says what is wrong."""
    text = text.strip()
    first, slash, last = text.partition("/")
    start, end = _point(first)
    if slash:
        _, end = _point(last)
        if end < start:
            raise ValueError(f"'{text}' ends before it starts")
        if first == last:
            raise ValueError(f"'{text}' starts and ends in the same period: write {first}")
    return Period(text, start, end)
