"""Shared pieces of the property tests: the example budget of each profile, a time bound, hostile text."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import settings
from hypothesis import strategies as st

EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def budget(examples: int) -> settings:
    """A test's examples: EXAMPLES in the suite's "ci" profile, fifty times as many when exploring."""
    return settings(max_examples=examples * 50 if EXPLORE else examples)


class TooSlow(AssertionError):
    """An example that took longer than its bound: a hang, or catastrophic backtracking."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail the example if its body takes longer than SECONDS (SIGALRM: the main thread, POSIX)."""

    def expire(signum: int, frame: object) -> None:
        raise TooSlow(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Characters that break terminals, spreadsheets and markup: C0 and C1 controls, ESC sequences, bidi
# overrides, separators, zero-width and combining marks, Rich markup, emoji.
NASTY_PIECES = [
    "\x1b",
    "\x1b[31m",
    "\x1b[0m",
    "\x1b]8;;https://evil.example\x07",
    "\x1b]8;;\x1b\\",
    "\x07",
    "\x00",
    "\x08",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9d",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u2028",
    "\u2029",
    "\u200b",
    "\ufeff",
    "\u0301",
    "[bold]",
    "[/]",
    "[/bold]",
    "[link=https://evil.example]",
    "\\[",
    "🙂",
    "👩‍👩‍👧",
    "=",
    "+",
    "-",
    "@",
    '"',
    "'",
    ",",
    ";",
    "|",
    "<b>",
    "\\",
    "العربية",
    "עברית",
    " ",
]
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=6)), max_size=12).map("".join)
