"""Text comparison: folding for search (case, accents, punctuation) and verbatim matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


class LazyPattern:
    """A regular expression compiled when first used. A lookup imports the modules that hold the patterns but
    uses few of them, and compiling a class of many characters costs a start 0.3-0.5 ms each."""

    def __init__(self, pattern: str):
        self._pattern = pattern

    def __getattr__(self, name: str):  # only until the name is set: each method is looked up once
        value = getattr(re.compile(self._pattern), name)
        setattr(self, name, value)
        return value


_QUOTES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_NON_WORD = re.compile(r"[\W_]+")
_COMBINING = LazyPattern("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# The mark first and the digit before it as a lookbehind after it: the same matches as (?<=\d),
# but the search can jump from comma to comma.
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"\.(?<=\d\.)(?=\d)")
_ASCII_FOLD = bytes(ord(chr(char).lower()) if char < 128 and chr(char).isalnum() else ord(" ") for char in range(256))
"""ASCII letters and digits in lower case (casefold's answer on ASCII), everything else a space."""


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: 'Chacón' -> 'chacon'.

    Numbers stay one word: 376,800 -> 376800, and 1.3 -> 1p3 (so that neither 13 nor 1,3 finds it).
    """
    # Each step is skipped where it could change nothing, and ASCII takes a byte-table shortcut: the same
    # result as the regular expressions, several times faster on a whole article.
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if "." in text:
        text = _DECIMAL_POINT.sub("p", text)
    # ASCII (a flag of the string: no scan) needs one table: casefold is lower case there, NFKD and the
    # combining marks leave it as it is, and \W is all but letters and digits. Other text is casefolded
    # ('Straße' -> 'strasse') and, if still not ASCII, decomposed; its quote marks and dashes are no word
    # characters either way.
    if not text.isascii():
        text = text.casefold()
        if not text.isascii():
            import unicodedata  # (here: a lookup of ASCII words has no need of it)

            stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
            return " ".join(_NON_WORD.sub(" ", stripped).split())  # IOM’s -> iom s: 'iom' stays a word
    return " ".join(text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split())


def words(text: str) -> list[str]:
    return fold(text).split()


_SPACE_RUN = re.compile(r"\s+")
_LONG_SPACE_RUN = re.compile(r"\s\s+")


@lru_cache(maxsize=64)
def _collapsed(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The text with each run of white space as one space, and where its characters came from: from
    collapsed position `starts[k]` on, a character stands `shifts[k]` further on in the text."""
    starts, shifts, shift = [0], [0], 0
    for match in _LONG_SPACE_RUN.finditer(text):  # a run of one character keeps every position
        start, end = match.span()
        starts.append(start - shift + 1)  # the character after the run's single space
        shift += end - start - 1
        shifts.append(shift)
    return _one_space(text), tuple(starts), tuple(shifts)


def _one_space(text: str) -> str:
    """`_SPACE_RUN.sub(" ", text)`, by str.split (the same white space), which is several times faster."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def find_verbatim(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a needle stands in a text, letter for letter; any run of white space matches any other."""
    return list(_spans(text, needle))


@lru_cache(maxsize=256)
def _spans(text: str, needle: str) -> tuple[tuple[int, int], ...]:
    """`find_verbatim`, once for each text and needle: an entry's words are looked for in its article both
    when the entry is made and when it is checked against the article."""
    from bisect import bisect_right  # (here: a lookup has no need of it)

    wanted = " ".join(needle.split())
    if not wanted:
        return ()
    collapsed, starts, shifts = _collapsed(text)
    spans, start = [], collapsed.find(wanted)
    while start != -1:
        last = start + len(wanted) - 1
        spans.append(
            (start + shifts[bisect_right(starts, start) - 1], last + shifts[bisect_right(starts, last) - 1] + 1)
        )
        start = collapsed.find(wanted, start + 1)
    return tuple(spans)


def verbatim_in_any(texts: Iterable[str], needle: str) -> bool:
    """Whether `find_verbatim` finds the needle in any of the texts, without saying where (its white space
    made single once for all of them)."""
    wanted = " ".join(needle.split())
    if "\0" in wanted:  # (no YAML text holds one)
        return any(wanted in _collapsed(text)[0] for text in texts)
    return bool(wanted) and wanted in _collapsed_apart(tuple(texts))


@lru_cache(maxsize=64)
def _collapsed_apart(texts: tuple[str, ...]) -> str:
    """The texts with their white space made single, apart (a NUL between them, which no needle holds): one
    search for all of them, made once for a quote's parts and looked in for each figure of its article."""
    return "\0".join(_collapsed(text)[0] for text in texts)


def loose_match(text: str, needle: str) -> bool:
    """Whether the needle is there once quotes, apostrophes and dashes are folded (for a hint)."""
    return bool(find_verbatim(text.translate(_QUOTES), needle.translate(_QUOTES)))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_at(text: str, offset: int) -> int:
    """The 1-based line of an offset in a text, whatever its line endings."""
    return len(_LINE_BREAK.findall(text, 0, offset)) + 1


UNSAFE_CHARACTERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
"""C1 controls, bidi marks (U+061C, U+200E, U+200F) and overrides, the line and paragraph separators, and the
invisible U+FEFF: never sent raw to a terminal."""
CONTROL = LazyPattern(f"[\x00-\x08\x0b\x0c\x0e-\x1f{UNSAFE_CHARACTERS}]")
"""Characters no fact text holds: the unsafe ones and the C0 controls but tab and line breaks."""
