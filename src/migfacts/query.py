"""Questions to a fact base: resolving names (topics, sources, countries), filtering, searching."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from migfacts.errors import NoMatch, UsageProblem
from migfacts.filters import KIND_ORDER, Filters, find_topic, matches_text, query_words, score, suggest
from migfacts.models import Contact, Fact, FactBase, Figure, Quote, Source, Topic
from migfacts.textnorm import fold


def resolve_source(base: FactBase, word: str) -> Source:
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
        names = sorted(known())  # the same suggestions in every run, whatever the order of the set
        raise UsageProblem(f"'{word}' is not a country name or ISO 3166 code{suggest(word, names)}") from None
    return country.alpha_2, country.name


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
