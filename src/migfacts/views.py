"""The answers of the lookup commands, as `Result`s: what each command shows, decided once."""

from __future__ import annotations

from collections.abc import Iterable

from migfacts.errors import NoMatch, UsageProblem
from migfacts.models import FactBase
from migfacts.periods import YearSpan
from migfacts.query import (
    Filters,
    find_by_id,
    query_words,
    resolve_country,
    resolve_source,
    resolve_topic,
    search,
    select,
)
from migfacts.records import (
    contact_record,
    figure_record,
    hit_record,
    quote_record,
    record_of,
    source_counts,
    source_record,
    topic_record,
    verdict_record,
)
from migfacts.result import Result, Section

KINDS = {
    "figures": ("figure", figure_record),
    "quotes": ("quote", quote_record),
    "contacts": ("contact", contact_record),
}


def make_filters(
    base: FactBase,
    *,
    topic: str | None = None,
    year: YearSpan | None = None,
    country: str | None = None,
    source: str | None = None,
    speaker: str | None = None,
    text: str | None = None,
) -> Filters:
    """Filters from the words the user typed, each name resolved (or a clear error)."""
    filters = Filters(years=year, speaker=speaker, text=text)
    if topic is not None:
        if not topic.strip():
            raise UsageProblem("--topic needs a topic (see 'migfacts topics')")
        filters.topic = resolve_topic(base, topic)
        filters.given.append(f"--topic {filters.topic.id}")
    if year is not None:
        filters.given.append(f"--year {year}")
    if country is not None and not country.strip():
        raise UsageProblem("--country needs a country name or code")
    if country is not None:
        filters.country = resolve_country(base, country)
        filters.given.append(f"--country {filters.country[0]}")
    if source is not None:
        filters.source = resolve_source(base, source)
        filters.given.append(f"--source {filters.source.id}")
    if speaker is not None:
        query_words(speaker, "--speaker")
        filters.given.append(f"--speaker {speaker}")
    if text is not None:
        query_words(text, "the query")
    return filters


def _section(base: FactBase, key: str, filters: Filters, about: str = "", along: set[str] = frozenset()) -> Section:
    """One kind of fact through the filters; `along`: sources whose facts of this kind come too."""
    kind, to_record = KINDS[key]
    facts = select(base, getattr(base, key), filters)
    if along:
        unfiltered = Filters(topic=filters.topic, source=filters.source, speaker=filters.speaker, text=filters.text)
        extra = {id(f) for f in select(base, getattr(base, key), unfiltered) if f.source.id in along}
        facts = [f for f in getattr(base, key) if id(f) in extra or f in facts]
    title = key.capitalize() + (f" on {about}" if about else "") + (f" ({filters.describe()})" if filters.any else "")
    empty = (
        f"No {key}" + (f" on {about}" if about else "") + (f" match {filters.describe()}" if filters.any else "") + "."
    )
    return Section(key, kind, title, [to_record(f) for f in facts], empty)


def topic_view(base: FactBase, topic_word: str, filters: Filters, commands: Iterable[str] = ()) -> Result:
    """Figures, quotes and contacts on one topic."""
    topic = resolve_topic(base, topic_word, commands)
    filters.topic = topic
    figures = _section(base, "figures", filters, topic.label)
    # The articles of the figures shown bring their quotes and press contacts on the topic along:
    # `migfacts tb --year 2018` shows who spoke and whom to call about the 2018 figures.
    along = {record["source"]["id"] for record in figures.records} if filters.years or filters.country else set()
    sections = [figures, *(_section(base, key, filters, topic.label, along) for key in ("quotes", "contacts"))]
    result = Result(sections, "grouped", {"topic": topic_record(topic, base), "filters": filters.given})
    if result.empty:
        raise NoMatch(f"nothing on {topic.label} matches {filters.describe()}")
    return result


def kind_view(base: FactBase, key: str, filters: Filters) -> Result:
    """One kind of fact: figures, quotes or contacts."""
    section = _section(base, key, filters)
    if not section.records:
        raise NoMatch(section.empty or f"no {key}")
    return Result([section])


def topics_view(base: FactBase) -> Result:
    return Result([Section("topics", "topic", "Topics", [topic_record(t, base) for t in base.topics])])


def sources_view(base: FactBase, filters: Filters) -> Result:
    sources = [s for s in base.sources if not filters.source or s is filters.source]
    counts = source_counts(base)
    records = [source_record(s, base, counts[s.id]) for s in sources]
    return Result([Section("sources", "source", "Sources", records)])


def search_view(base: FactBase, text: str, filters: Filters, limit: int | None = None) -> Result:
    hits = search(base, text, filters)
    if not hits:
        raise NoMatch(f"nothing matches '{text}'" + (f" with {filters.describe()}" if filters.any else ""))
    records = [hit_record(rank, hit) for rank, hit in enumerate(hits[:limit] if limit else hits, start=1)]
    return Result([Section("results", "hit", f"Search: {text}", records)])


def show_view(base: FactBase, ident: str) -> Result:
    entry = find_by_id(base, ident)
    record = record_of(entry, base)
    return Result(
        [Section(record["kind"] + "s", record["kind"], f"{record['kind'].capitalize()} {entry.id}", [record])], "item"
    )


def check_view(base: FactBase, claims: list[str]) -> tuple[Result, bool]:
    """Verdicts on claims; and whether every claim is supported."""
    from migfacts.checker import SUPPORTED, check_claims

    verdicts = check_claims(base, claims)
    records = [verdict_record(verdict) for verdict in verdicts]
    result = Result([Section("verdicts", "verdict", "Check", records)], meta={"single": len(records) == 1})
    return result, all(verdict.verdict == SUPPORTED for verdict in verdicts)
