"""What a question asks, in words: filters, topic names, query words and how they match. Light to import:
every lookup needs it, whatever answers it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from migfacts.errors import NoMatch, UsageProblem
from migfacts.textnorm import fold

if TYPE_CHECKING:
    from migfacts.models import Topic
    from migfacts.years import YearSpan


NEAREST = 300
"""Among more candidates than twice this, only this many on each side of the word in sorted order are
scored: a mistyped id in a base of 10,000 articles gets its answer in a blink, not in seconds."""


def suggest(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean X?' naming the closest candidates (those about as close as the best), or nothing."""
    import difflib

    pool = {fold(c): c for c in candidates}
    key = fold(word)
    options = list(pool)
    if len(options) > 2 * NEAREST:
        from bisect import bisect_left

        options.sort()
        at = bisect_left(options, key)
        options = options[max(0, at - NEAREST) : at + NEAREST]
    scored = sorted(((difflib.SequenceMatcher(None, key, option).ratio(), option) for option in options), reverse=True)
    close = [option for score, option in scored if score >= 0.6 and score >= scored[0][0] - 0.05][:3]
    if not close and len(key) >= 2:
        close = [option for option in pool if option.startswith(key)][:3]
    names = [pool[option] for option in close]
    return f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""


def topic_words(base: Any) -> dict[str, Topic]:
    """Every word that names a topic (ids and aliases, folded) -> the topic; BASE is anything with `topics`."""
    words: dict[str, Topic] = {}
    for topic in base.topics:
        for word in (topic.id, *topic.aliases):
            words.setdefault(fold(word), topic)
    return words


def topic_completions(topics: Iterable[Any]) -> list[tuple[str, str]]:
    """(word, label) for each one-word id and alias of the topics: what TAB completes a topic to."""
    return [(word, topic.label) for topic in topics for word in (topic.id, *topic.aliases) if " " not in word]


def find_topic(base: Any, word: str) -> Topic | None:
    return topic_words(base).get(fold(word))


def resolve_topic(base: Any, word: str, also: Iterable[str] = ()) -> Topic:
    """The topic a word names; NoMatch with suggestions from topics, aliases and `also` (commands)."""
    topic = find_topic(base, word)
    also = list(also)
    if topic is None and word.strip().lower() in also:
        raise NoMatch(f"'{word}' is a command, not a topic: run 'migfacts {word.strip().lower()}'")
    if topic is None:
        candidates = [w for t in base.topics for w in (t.id, *t.aliases)] + also
        what = "a topic or a command" if also else "a topic"
        raise NoMatch(f"'{word}' is not {what}{suggest(word, candidates)} (see 'migfacts topics')")
    return topic


class Filters:
    """What the user narrowed the answer to; empty means everything. `given`: the filters as typed.

    (A plain class: creating a dataclass costs every lookup a millisecond at import.)"""

    __slots__ = ("country", "given", "source", "speaker", "text", "topic", "years")

    def __init__(
        self,
        topic: Topic | None = None,
        years: YearSpan | None = None,
        country: tuple[str, str] | None = None,
        source: str | None = None,
        speaker: str | None = None,
        text: str | None = None,
    ):
        self.topic, self.years, self.country, self.source = topic, years, country, source
        self.speaker, self.text = speaker, text
        self.given: list[str] = []

    def describe(self) -> str:
        """The filters as the user would type them: 'deaths' --year 2018 --country KE."""
        return " ".join(([f"'{self.text}'"] if self.text else []) + self.given)

    @property
    def any(self) -> bool:
        return bool(self.text or self.given)


MAX_QUERY_WORDS = 64
"""Every word must match: more than this is a pasted text, not a search (and past SQLite's depth of 1000)."""


def query_words(query: str, option: str) -> list[str]:
    """The folded words of a query; a query with none (`!!!`) is a usage error, not a match for everything.
    Single letters left by an apostrophe (it's -> it s) are dropped beside longer words."""
    found = fold(query).split()
    if not found:
        raise UsageProblem(f"{option} has no letters or digits to look for")
    if len(found) > MAX_QUERY_WORDS:
        raise UsageProblem(f"{option} has {len(found):,} words; look for at most {MAX_QUERY_WORDS}")
    longer = [word for word in found if len(word) > 1 or word.isdigit()]
    return longer or found


def matches_text(haystack: str, query: str) -> bool:
    """Every word of the query starts a word of the (folded, space-padded) haystack; a number is a whole word."""
    return all(f" {word} " in haystack if word[0].isdigit() else f" {word}" in haystack for word in fold(query).split())


def score(terms: list[str], body: str, primary: str, is_fact: bool) -> float:
    """How well an item holding every term matches (see `search`)."""
    primary = f" {primary} "
    points = sum((3 if f" {term}" in primary else 1) + math.log(body.count(f" {term}"), 2) / 4 for term in terms)
    points += 5 if " " + " ".join(terms) in body else 0
    points += 2 if is_fact else 0
    return round(points, 2)


KIND_ORDER = {"figure": 0, "quote": 1, "contact": 2, "passage": 3}
