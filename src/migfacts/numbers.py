"""Numbers in prose: finding every one in an article, and writing them as the articles do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
MAX_DIGITS = 28
"""The precision of a Decimal: a number written with more digits is no count anyone states."""
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS) if value}
NUMBER_WORDS.update({word: 20 + 10 * index for index, word in enumerate(_TENS)})
NUMBER_WORDS.update({"hundred": 100, "dozen": 12})

_DIGITS = r"(?<![\w.,])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w]|[.,]\d)"


def _by_first_letter(words: list[str]) -> str:
    """An alternation of the words, grouped by first letter, in their order within each group: the same
    matches as `|`.join(words) (no letter matches two first letters, ignoring case), tried faster."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_WORDS = (
    r"\b(?:"
    + _by_first_letter(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")(?:-(?:"
    + "|".join(_UNITS[1:10])
    + r"))?\b"
)
_SCALE = r"(?:[\s\u00a0]+(" + "|".join(_SCALES) + r")\b)?"
# Either kind starts a word: testing that first spares trying every alternative inside words (same matches).
_NUMBER = re.compile(rf"(?<!\w)(?=\w)(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDS})){_SCALE}", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMention:
    """A number as it stands in a text: where, how it is written, and its value."""

    start: int
    end: int
    text: str
    value: Decimal


def _word_value(words: str) -> int:
    total = 0
    for part in words.lower().split("-"):
        total += NUMBER_WORDS.get(part, 0)
    return total


_DOTTED_DATE = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{2,4})(?![\w]|\.\d)")
_DOTTED_HINT = re.compile(r"\d\.\d{1,2}\.\d")  # in every dotted date; found fast, as it starts with a digit


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in a text: digits (376,800; 1.3; 90), number words (four), with a scale (10 million).

    A dotted date (05.06.2020) is three numbers.
    """
    return list(_find_numbers(text))  # a list of its own: the caller may change it


@lru_cache(maxsize=1024)
def _find_numbers(text: str) -> tuple[NumberMention, ...]:
    """`find_numbers`, once per text: an entry's evidence is searched by several checks."""
    mentions = [
        NumberMention(match.start(group), match.end(group), match.group(group), Decimal(match.group(group)))
        for match in (_DOTTED_DATE.finditer(text) if _DOTTED_HINT.search(text) else ())
        for group in (1, 2, 3)
    ]
    for match in _NUMBER.finditer(text):
        if match.group("digits"):
            value = Decimal(match.group("digits").replace(",", ""))
        else:
            value = Decimal(_word_value(match.group("words")))
        if scale := match.group(len(match.groups())):
            value *= _SCALES[scale.lower()]
        mentions.append(NumberMention(match.start(), match.end(), match.group(0), value))
    return tuple(sorted(mentions, key=lambda mention: mention.start))


def as_decimal(value: int | float) -> Decimal:
    """A YAML number as an exact decimal (1.3 stays 1.3)."""
    return Decimal(str(value))


def format_number(value: int | float) -> str:
    """376,800; 1.3 million; 10 million; 0.5."""
    number = as_decimal(value)
    if number >= 1_000_000 and number % 10_000 == 0:
        scaled = (number / 1_000_000).normalize()
        return f"{scaled:f} million"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():f}"
