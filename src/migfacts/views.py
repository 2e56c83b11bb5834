"""The answers of the lookup commands, as `Result`s: what each command shows, decided once.

Each view asks a store: the index (`indexstore`) or, without it, the models of the whole base
(`modelstore`); both answer alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from migfacts.errors import NoMatch, UsageProblem
from migfacts.filters import Filters, query_words, resolve_topic
from migfacts.result import Result, Section
from migfacts.years import YearSpan

Store = Any
"""A `modelstore.ModelStore` or an `indexstore.IndexStore`."""


def make_filters(
    store: Store,
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
        filters.topic = resolve_topic(store, topic)
        filters.given.append(f"--topic {filters.topic.id}")
    if year is not None:
        filters.given.append(f"--year {year}")
    if country is not None and not country.strip():
        raise UsageProblem("--country needs a country name or code")
    if country is not None:
        filters.country = store.resolve_country(country)
        filters.given.append(f"--country {filters.country[0]}")
    if source is not None:
        if not source.strip():
            raise UsageProblem("--source needs a source id (see 'migfacts sources')")
        filters.source = store.resolve_source(source)
        filters.given.append(f"--source {filters.source}")
    if speaker is not None:
        query_words(speaker, "--speaker")
        filters.given.append(f"--speaker {speaker}")
    if text is not None:
        query_words(text, "the query")
    return filters


def _section(store: Store, key: str, filters: Filters, about: str = "", along: set[str] = frozenset()) -> Section:
    """One kind of fact through the filters; `along`: sources whose facts of this kind come too."""
    kind = key[:-1]
    records = store.records(key, filters, along)
    title = key.capitalize() + (f" on {about}" if about else "") + (f" ({filters.describe()})" if filters.any else "")
    empty = (
        f"No {key}" + (f" on {about}" if about else "") + (f" match {filters.describe()}" if filters.any else "") + "."
    )
    return Section(key, kind, title, records, empty)


def topic_view(store: Store, topic_word: str, filters: Filters, commands: Iterable[str] = ()) -> Result:
    """Figures, quotes and contacts on one topic."""
    topic = resolve_topic(store, topic_word, commands)
    filters.topic = topic
    figures = _section(store, "figures", filters, topic.label)
    # The articles of the figures shown bring their quotes and press contacts on the topic along:
    # `migfacts tb --year 2018` shows who spoke and whom to call about the 2018 figures.
    along = {record["source"]["id"] for record in figures.records} if filters.years or filters.country else set()
    sections = [figures, *(_section(store, key, filters, topic.label, along) for key in ("quotes", "contacts"))]
    result = Result(sections, "grouped", {"topic": store.topic_record(topic), "filters": filters.given})
    if result.empty:
        raise NoMatch(f"nothing on {topic.label} matches {filters.describe()}")
    return result


def kind_view(store: Store, key: str, filters: Filters) -> Result:
    """One kind of fact: figures, quotes or contacts."""
    section = _section(store, key, filters)
    if not section.records:
        raise NoMatch(section.empty or f"no {key}")
    return Result([section])


def topics_view(store: Store) -> Result:
    return Result([Section("topics", "topic", "Topics", [store.topic_record(t) for t in store.topics])])


def sources_view(store: Store, filters: Filters) -> Result:
    return Result([Section("sources", "source", "Sources", store.source_records(filters.source))])


def search_view(store: Store, text: str, filters: Filters) -> Result:
    records = store.search(text, filters)
    if not records:
        raise NoMatch(f"nothing matches '{text}'" + (f" with {filters.describe()}" if filters.any else ""))
    return Result([Section("results", "hit", f"Search: {text}", records)])


def show_view(store: Store, ident: str) -> Result:
    record = store.show(ident)
    title = f"{record['kind'].capitalize()} {record['id']}"
    return Result([Section(record["kind"] + "s", record["kind"], title, [record])], "item")


def check_view(store: Store, claims: list[str]) -> tuple[Result, bool]:
    """Verdicts on claims; and whether every claim is supported."""
    from migfacts.checker import SUPPORTED
    from migfacts.records import verdict_record

    verdicts, figure_records = store.check(claims)
    records = [verdict_record(verdict, figure_records) for verdict in verdicts]
    result = Result([Section("verdicts", "verdict", "Check", records)], meta={"single": len(records) == 1})
    return result, all(verdict.verdict == SUPPORTED for verdict in verdicts)
