"""The years a `--year` filter asks for: light to import, as every lookup parses its options."""

from __future__ import annotations

import re
from typing import NamedTuple

_SPAN = re.compile(r"^\s*([0-9]{4})\s*(?:-|–|/|\.\.|to)\s*([0-9]{4})\s*$")
FIRST_YEAR, LAST_YEAR = 1000, 2999


class YearSpan(NamedTuple):
    """The years a `--year` filter asks for, first to last."""

    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def parse_year_span(text: str) -> YearSpan:
    """`2018` or `2010-2016` (also `2010/2016`, `2010..2016`); ValueError otherwise."""
    text = text.strip()
    if re.fullmatch(r"[0-9]{4}", text):
        first = last = int(text)
    elif match := _SPAN.match(text):
        first, last = int(match.group(1)), int(match.group(2))
    else:
        raise ValueError(f"'{text}' is not a year (2018) or a span of years (2010-2016)")
    for year in (first, last):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"{year} is not a plausible year")
    if last < first:
        raise ValueError(f"'{text}' ends before it starts")
    return YearSpan(first, last)
