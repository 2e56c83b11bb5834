"""Answers from a fact base read from its YAML into typed models: the reference the index must agree with,
and what every command uses when the index cannot be (`MIGFACTS_NO_CACHE=1`, an unusable cache)."""

from __future__ import annotations

from migfacts import query
from migfacts.filters import topic_completions
from migfacts.models import FactBase, Topic
from migfacts.records import FACT_RECORDS, Record, hit_record, record_of, source_counts, source_record, topic_record
from migfacts.textnorm import fold


class ModelStore:
    """The questions the commands ask, answered from the typed models of a whole base."""

    def __init__(self, base: FactBase):
        self.base = base

    @property
    def topics(self) -> list[Topic]:
        return self.base.topics

    def topic_record(self, topic: Topic) -> Record:
        return topic_record(topic, self.base)

    def resolve_country(self, word: str) -> tuple[str, str]:
        return query.resolve_country(self.base, word)

    def resolve_source(self, word: str) -> str:
        return query.resolve_source(self.base, word).id

    def records(self, key: str, filters: query.Filters, along: set[str] = frozenset()) -> list[Record]:
        """Facts of one kind that pass the filters, in the base's order; with `along`, also those of these
        sources that pass the filters but years and countries."""
        facts = getattr(self.base, key)
        chosen = {id(fact) for fact in query.select(self.base, facts, filters)}
        if along:
            loose = query.Filters(
                topic=filters.topic, source=filters.source, speaker=filters.speaker, text=filters.text
            )
            chosen |= {id(f) for f in query.select(self.base, facts, loose) if f.source.id in along}
        to_record = FACT_RECORDS[key[:-1]]
        return [to_record(fact) for fact in facts if id(fact) in chosen]

    def source_records(self, source: str | None) -> list[Record]:
        counts = source_counts(self.base)
        chosen = [s for s in self.base.sources if source is None or s.id == source]
        return [source_record(s, self.base, counts[s.id]) for s in chosen]

    def search(self, text: str, filters: query.Filters) -> list[Record]:
        """Search results, best first, ranked."""
        return [hit_record(rank, hit) for rank, hit in enumerate(query.search(self.base, text, filters), start=1)]

    def show(self, ident: str) -> Record:
        return record_of(query.find_by_id(self.base, ident), self.base)

    def check(self, claims: list[str]):
        """The verdicts on the claims, and the records of the figures they rest on."""
        from migfacts.checker import check_claims

        return check_claims(self.base, claims), None

    def completions(self, what: str) -> list[tuple[str, str]]:
        """(word, help) pairs that complete a value of WHAT, in the base's order."""
        base = self.base
        if what == "topics":
            return topic_completions(base.topics)
        if what == "ids":
            facts = [(e.id, e.kind) for e in base.facts()]
            return [*facts, *((s.id, "source") for s in base.sources), *((t.id, "topic") for t in base.topics)]
        if what == "sources":
            return [(s.id, s.title) for s in base.sources]
        if what == "speakers":
            return [(fold(part), q.speaker) for q in base.quotes for part in q.speaker.split()]
        if what == "countries":
            places = [p for f in base.figures for p in f.places if p.country]
            return [(word, p.name) for p in places for word in (p.country, fold(p.name).replace(" ", "-"))]
        years = {y for f in base.figures if f.period for y in f.period.years}
        return [(str(year), "figures") for year in sorted(years)]
