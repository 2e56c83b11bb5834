"""Questions to a fact base: resolving names (topics, sources, countries), filtering, searching."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from migfacts.errors import NoMatch, UsageProblem
from migfacts.models import Contact, Fact, FactBase, Figure, Quote, Source, Topic
from migfacts.periods import YearSpan
from migfacts.textnorm import fold


def suggest(word: str, candidates: Iterable[str]) -> str:
    """'; did you mean X?' naming the closest candidates (those about as close as the best), or nothing."""
    pool = {fold(c): c for c in candidates}
    key = fold(word)
    scored = sorted(((difflib.SequenceMatcher(None, key, option).ratio(), option) for option in pool), reverse=True)
    close = [option for score, option in scored if score >= 0.6 and score >= scored[0][0] - 0.05][:3]
    if not close and len(key) >= 2:
        close = [option for option in pool if option.startswith(key)][:3]
    names = [pool[option] for option in close]
    return f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""


def topic_words(base: FactBase) -> dict[str, Topic]:
    """Every word that names a topic (ids and aliases, folded) -> the topic."""
    words: dict[str, Topic] = {}
    for topic in base.topics:
        for word in (topic.id, *topic.aliases):
            words.setdefault(fold(word), topic)
    return words


def find_topic(base: FactBase, word: str) -> Topic | None:
    return topic_words(base).get(fold(word))


def resolve_topic(base: FactBase, word: str, also: Iterable[str] = ()) -> Topic:
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


def resolve_source(base: FactBase, word: str) -> Source:
    if not word.strip():
        raise UsageProblem("--source needs a source id (see 'migfacts sources')")
    for source in base.sources:
        if fold(source.id) == fold(word):
            return source
    candidates = [s.id for s in base.sources]
    raise NoMatch(f"no source '{word}'{suggest(word, candidates)} (see 'migfacts sources')")


def resolve_country(base: FactBase, word: str) -> tuple[str, str]:
    """(ISO code, name) of a country given by code or name, in any case."""
    key = fold(word)
    for figure in base.figures:
        for place in figure.places:
            if place.country and key in (fold(place.country), fold(place.name)):
                return place.country, place.name
    return lookup_country(word, lambda: {p.name for f in base.figures for p in f.places if p.country})


def lookup_country(word: str, known: Callable[[], Iterable[str]]) -> tuple[str, str]:
    """(ISO code, name) of a country the base does not mention; a usage error suggesting the `known` names
    for a word that names no country."""
    import pycountry

    try:
        country = pycountry.countries.lookup(word.strip())
    except LookupError:
        raise UsageProblem(f"'{word}' is not a country name or ISO 3166 code{suggest(word, known())}") from None
    return country.alpha_2, country.name


@dataclass
class Filters:
    """What the user narrowed the answer to; empty means everything."""

    topic: Topic | None = None
    years: YearSpan | None = None
    country: tuple[str, str] | None = None
    source: str | None = None
    speaker: str | None = None
    text: str | None = None
    given: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """The filters as the user would type them: 'deaths' --year 2018 --country KE."""
        return " ".join(([f"'{self.text}'"] if self.text else []) + self.given)

    @property
    def any(self) -> bool:
        return bool(self.text or self.given)


def _countries(base: FactBase) -> dict[str, set[str]]:
    """For each source, the countries its figures are about."""
    countries: dict[str, set[str]] = {source.id: set() for source in base.sources}
    for figure in base.figures:
        countries[figure.source.id].update(p.country for p in figure.places if p.country)
    return countries


def topic_texts(base: FactBase) -> dict[str, str]:
    """Each topic's id, label and aliases: a fact on TB is found by 'tuberculosis' too."""
    return {t.id: " ".join((t.id, t.label, *t.aliases)) for t in base.topics}


def own_words(fact: Fact) -> str:
    """The folded words of a fact itself, that a free-text query is matched against."""
    if isinstance(fact, Figure):
        numbers = [fact.value, *((fact.range.low, fact.range.high) if fact.range else ())]
        parts = [fact.id, fact.display(), fact.counts, *(p.display() for p in fact.places)]
        parts += [str(number) for number in numbers if number is not None]  # 376800 as well as 376,800
    elif isinstance(fact, Quote):
        parts = [fact.id, fact.speaker_line(), fact.text, fact.attribution]
    else:
        parts = [fact.id, fact.name, fact.organisation or "", fact.for_, fact.phone or "", fact.email or ""]
    return fold(" ".join(parts))


def searchable(fact: Fact, topics: dict[str, str] | None = None) -> str:
    """The folded text a free-text query is matched against: the fact's own words, then its topics'."""
    words = [own_words(fact), *(fold((topics or {}).get(topic, "")) for topic in fact.topics)]
    return " " + " ".join(word for word in words if word) + " "


def query_words(query: str, option: str) -> list[str]:
    """The folded words of a query; a query with none (`!!!`) is a usage error, not a match for everything.
    Single letters left by an apostrophe (it's -> it s) are dropped beside longer words."""
    found = fold(query).split()
    if not found:
        raise UsageProblem(f"{option} has no letters or digits to look for")
    longer = [word for word in found if len(word) > 1 or word.isdigit()]
    return longer or found


def matches_text(haystack: str, query: str) -> bool:
    """Every word of the query starts a word of the (folded, space-padded) haystack; a number is a whole word."""
    return all(f" {word} " in haystack if word[0].isdigit() else f" {word}" in haystack for word in fold(query).split())


def select(base: FactBase, facts: Iterable[Fact], filters: Filters) -> list[Fact]:
    """The facts that pass every filter.

    A figure is dated by the period it describes and placed by its places. A quote or a contact is dated
    by its article's publication (or, undated, a dated copy's) and placed by its article's figures.
    """
    countries = _countries(base) if filters.country else {}
    topics = topic_texts(base) if filters.text else {}
    chosen = []
    for fact in facts:
        if filters.topic and filters.topic.id not in fact.topics:
            continue
        if filters.source and fact.source.id != filters.source:
            continue
        if filters.speaker and not (
            isinstance(fact, Quote) and matches_text(" " + fold(fact.speaker) + " ", filters.speaker)
        ):
            continue
        if filters.text and not matches_text(searchable(fact, topics), filters.text):
            continue
        if filters.years:
            span = filters.years
            if isinstance(fact, Figure):
                if not (fact.period and fact.period.overlaps(span.first, span.last)):
                    continue
            else:  # said, or named as a contact, when the article was published
                day = fact.source.known_date
                if not (day and span.first <= day.year <= span.last):
                    continue
        if filters.country:
            code = filters.country[0]
            places = {p.country for p in fact.places} if isinstance(fact, Figure) else countries[fact.source.id]
            if code not in places:
                continue
        chosen.append(fact)
    return chosen


@dataclass(frozen=True)
class Passage:
    """A paragraph of an archived text."""

    source: Source
    line: int
    text: str

    kind = "passage"

    @property
    def id(self) -> str:
        return f"{self.source.id}:{self.line}"


def passages(source: Source) -> list[Passage]:
    """The paragraphs of an archived text (blank-line separated; any line ending), with their first line."""
    found: list[Passage] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate([*source.text.splitlines(), ""], start=1):
        if line.strip():
            start = start or number
            block.append(line)
        elif block:
            found.append(Passage(source, start, " ".join(" ".join(block).split())))
            block, start = [], 0
    return found


@dataclass(frozen=True)
class Hit:
    score: float
    item: Fact | Passage


def primary_words(item: Fact | Passage) -> str:
    """The folded words that name a fact (its id, what it counts, who said it): a query word found there
    counts for more."""
    if isinstance(item, Figure):
        text = f"{item.id} {item.display()} {item.counts}"
    elif isinstance(item, Quote):
        text = f"{item.id} {item.speaker_line()}"
    elif isinstance(item, Contact):
        text = f"{item.id} {item.name} {item.organisation or ''} {item.for_}"
    else:
        text = ""
    return fold(text)


def score(terms: list[str], body: str, primary: str, is_fact: bool) -> float:
    """How well an item holding every term matches (see `search`)."""
    primary = f" {primary} "
    points = sum((3 if f" {term}" in primary else 1) + math.log(body.count(f" {term}"), 2) / 4 for term in terms)
    points += 5 if " " + " ".join(terms) in body else 0
    points += 2 if is_fact else 0
    return round(points, 2)


KIND_ORDER = {"figure": 0, "quote": 1, "contact": 2, "passage": 3}


def search(base: FactBase, text: str, filters: Filters | None = None) -> list[Hit]:
    """Facts and article paragraphs holding every word of the text, best first.

    Each word scores where it is found (3 in a fact's name, what it counts or
    who said it; 1 elsewhere), a little more for repeats; the whole phrase
    found as written adds 5; facts rank above the paragraphs that hold them.
    """
    terms = query_words(text, "the search text")
    filters = filters or Filters()
    facts = select(base, base.facts(), filters)
    # Paragraphs of the sources in question: the one asked for, or those with facts on the topic asked for.
    wanted = {s.id for s in base.sources}
    if filters.source:
        wanted = {filters.source}
    if filters.topic:
        wanted &= {fact.source.id for fact in base.facts() if filters.topic.id in fact.topics}
    items: list[Fact | Passage] = [*facts, *(p for s in base.sources if s.id in wanted for p in passages(s))]
    topics = topic_texts(base)
    hits = []
    for item in items:
        is_fact = not isinstance(item, Passage)
        body = searchable(item, topics) if is_fact else " " + fold(item.text) + " "  # type: ignore[arg-type]
        if matches_text(body, text):
            hits.append(Hit(score(terms, body, primary_words(item), is_fact), item))
    order = {id(item): index for index, item in enumerate(items)}
    hits.sort(key=lambda h: (-h.score, KIND_ORDER[h.item.kind], order[id(h.item)]))
    return hits


def find_by_id(base: FactBase, ident: str) -> Fact | Source | Topic | Passage:
    """A fact, source or topic by its id (any case), or a paragraph by the SOURCE:LINE id that search gives."""
    wanted = ident.strip().lower()
    if not wanted:
        raise UsageProblem("the id is empty (see 'migfacts search' to find one)")
    for entry in [*base.facts(), *base.sources]:
        if entry.id == wanted:
            return entry
    if re.fullmatch(r"[\w\s-]+", wanted):  # a topic by id or alias, spaces, hyphens and case aside
        topic = find_topic(base, wanted)
        if topic:
            return topic
    source_id, _, line = wanted.rpartition(":")
    for source in base.sources:
        if source.id == source_id:
            for passage in passages(source):
                if str(passage.line) == line:
                    return passage
    ids = [e.id for e in [*base.facts(), *base.sources]]
    raise NoMatch(f"no fact, source or topic with the id '{ident}'{suggest(ident, ids)}")
