"""Text comparison: folding for search (case, accents, punctuation) and verbatim matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: 'Chacón' -> 'chacon'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.replace("'", "")).split())


def words(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=4096)
def _verbatim_pattern(needle: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(part) for part in needle.split()))


def find_verbatim(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a needle stands in a text, letter for letter; any run of white space matches any other."""
    if not needle.split():
        return []
    return [(m.start(), m.end()) for m in _verbatim_pattern(needle).finditer(text)]


def loose_match(text: str, needle: str) -> bool:
    """Whether the needle is there once quotes, apostrophes and dashes are folded (for a hint)."""
    return bool(find_verbatim(text.translate(_QUOTES), needle.translate(_QUOTES)))


def line_at(text: str, offset: int) -> int:
    """The 1-based line of an offset in a text."""
    return text.count("\n", 0, offset) + 1
