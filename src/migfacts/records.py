"""Facts as plain records: the documented JSON shape that every output format is made from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the index gives records without reading models: a lookup imports none of these
    from migfacts.models import Contact, FactBase, Figure, Place, Quote, Source, Topic
    from migfacts.query import Hit, Passage

Record = dict[str, Any]


def source_ref(source: Source) -> Record:
    return {
        "id": source.id,
        "title": source.title,
        "published": source.published.isoformat() if source.published else None,
        "date": source.date_display(),
        "url": source.link,
        "url_is_copy": source.url is None and source.link is not None,
    }


def _place(place: Place) -> Record:
    return {"name": place.name, "country": place.country}


def figure_record(figure: Figure) -> Record:
    period = figure.period
    return {
        "kind": "figure",
        "id": figure.id,
        "display": figure.display(),
        "amount": figure.amount(),
        "value": figure.value,
        "range": {"low": figure.range.low, "high": figure.range.high} if figure.range else None,
        "per": {"value": figure.per.value, "unit": figure.per.unit} if figure.per else None,
        "qualifier": figure.qualifier,
        "unit": figure.unit,
        "counts": figure.counts,
        "period": {
            "text": period.text,
            "display": period.display(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
        if period
        else None,
        "period_note": figure.period_note,
        "places": [_place(p) for p in figure.places],
        "topics": list(figure.topics),
        "evidence": figure.evidence,
        "quote": {"id": figure.quote.id, "speaker": figure.quote.speaker} if figure.quote else None,
        "note": figure.note,
        "source": source_ref(figure.source),
        "citation": citation(figure),
    }


def quote_record(quote: Quote) -> Record:
    return {
        "kind": "quote",
        "id": quote.id,
        "speaker": quote.speaker,
        "role": quote.role,
        "organisation": quote.organisation,
        "organisation_note": quote.organisation_note,
        "text": quote.text,
        "parts": list(quote.parts),
        "attribution": quote.attribution,
        "topics": list(quote.topics),
        "source": source_ref(quote.source),
        "citation": citation(quote),
    }


def contact_record(contact: Contact) -> Record:
    return {
        "kind": "contact",
        "id": contact.id,
        "name": contact.name,
        "organisation": contact.organisation,
        "organisation_note": contact.organisation_note,
        "phone": contact.phone,
        "phone_note": contact.phone_note,
        "email": contact.email,
        "for": contact.for_,
        "topics": list(contact.topics),
        "evidence": contact.evidence,
        "source": source_ref(contact.source),
        "citation": citation(contact),
    }


def _counts(base: FactBase, test) -> Record:
    return {
        "figures": sum(1 for f in base.figures if test(f)),
        "quotes": sum(1 for q in base.quotes if test(q)),
        "contacts": sum(1 for c in base.contacts if test(c)),
    }


def source_counts(base: FactBase) -> dict[str, Record]:
    """Each source's numbers of figures, quotes and contacts, counted in one pass over the base."""
    counts = {source.id: {"figures": 0, "quotes": 0, "contacts": 0} for source in base.sources}
    for name in ("figures", "quotes", "contacts"):
        for fact in getattr(base, name):
            counts[fact.source.id][name] += 1
    return counts


def source_record(source: Source, base: FactBase | None, counts: Record | None = None) -> Record:
    """An article's record; `counts` from `source_counts` spares a pass over the base for each."""
    return {
        "kind": "source",
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published.isoformat() if source.published else None,
        "published_from": source.published_from,
        "date": source.date_display(),
        "dateline": source.dateline,
        "tags": list(source.tags),
        "url": source.url,
        "url_from": source.url_from,
        "copies": [
            {
                "site": c.site,
                "url": c.url,
                "published": c.published.isoformat() if c.published else None,
                "note": c.note,
            }
            for c in source.copies
        ],
        "text_file": source.text_file,
        **(counts if counts is not None else _counts(base, lambda fact: fact.source is source)),  # type: ignore[arg-type]
        "citation": source.citation(),
    }


def topic_record(topic: Topic, base: FactBase) -> Record:
    sources = {f.source.id for f in base.facts() if topic.id in f.topics}
    return topic_fields(topic, _counts(base, lambda fact: topic.id in fact.topics), len(sources))


def topic_fields(topic: Topic, counts: Record, sources: int) -> Record:
    """A topic's record: its words, how many facts of each kind are on it, and from how many sources."""
    return {
        "kind": "topic",
        "id": topic.id,
        "label": topic.label,
        "aliases": list(topic.aliases),
        "description": topic.description,
        **counts,
        "sources": sources,
    }


def hit_record(rank: int, hit: Hit) -> Record:
    from migfacts.query import Passage

    item = hit.item
    if isinstance(item, Passage):
        return hit_fields(rank, hit.score, item.kind, item.id, item.text, item.line, source_ref(item.source))
    return hit_fields(rank, hit.score, item.kind, item.id, summary(item), None, source_ref(item.source))


def hit_fields(rank: int, score: float, kind: str, ident: str, text: str, line: int | None, source: Record) -> Record:
    """A search result: what was found (a fact's summary or a paragraph), its rank and score, and its source."""
    return {
        "kind": "hit",
        "rank": rank,
        "score": score,
        "type": kind,
        "id": ident,
        "text": text,
        "line": line,
        "source": source,
    }


def summary(fact: Figure | Quote | Contact) -> str:
    """One line that says what a fact is."""
    from migfacts.models import Figure, Quote

    if isinstance(fact, Figure):
        when = f" ({fact.period.display()})" if fact.period else ""
        return f"{fact.display()}: {fact.counts}{when}"
    if isinstance(fact, Quote):
        return f"“{fact.text}” ({fact.speaker_line()})"
    return f"{fact.name}, {fact.organisation or 'organisation not given'}: contact for {fact.for_}"


def citation(fact: Figure | Quote | Contact) -> str:
    """A ready-to-paste line: the fact in the source's words, and where it was said."""
    from migfacts.models import Figure, Quote

    if isinstance(fact, Figure):
        where = ", ".join(p.name for p in fact.places) or "place not given"
        when = fact.period.display() if fact.period else "period not given"
        said = f", said by {fact.quote.speaker_line()}" if fact.quote else ""
        return f"{fact.display()} ({fact.counts}; {when}; {where}){said}. Source: {fact.source.citation()}"
    if isinstance(fact, Quote):
        return f"“{fact.text}” — {fact.speaker_line()}. Source: {fact.source.citation()}"
    phone = f"tel. {fact.phone}" if fact.phone else "no phone given"
    email = fact.email or "no email given"
    org = f", {fact.organisation}" if fact.organisation else ""
    return f"{fact.name}{org}, {phone}, {email} (contact for {fact.for_}). Source: {fact.source.citation()}"


def passage_record(passage: Passage) -> Record:
    return {
        "kind": "passage",
        "id": passage.id,
        "line": passage.line,
        "text": passage.text,
        "source": source_ref(passage.source),
        "citation": passage.source.citation(),
    }


def record_of(entry, base: FactBase) -> Record:
    """The record of any entry a command returns."""
    from migfacts.models import Contact, Figure, Quote, Source
    from migfacts.query import Passage

    if isinstance(entry, Passage):
        return passage_record(entry)
    if isinstance(entry, Figure):
        return figure_record(entry)
    if isinstance(entry, Quote):
        return quote_record(entry)
    if isinstance(entry, Contact):
        return contact_record(entry)
    if isinstance(entry, Source):
        return source_record(entry, base)
    return topic_record(entry, base)


def verdict_record(verdict, figure_records: dict[str, Record] | None = None) -> Record:
    """A `check` verdict: the claim, the verdict, the figures it rests on, and why. `figure_records`: the
    records of those figures by id, where they are at hand (the index holds them)."""
    figures = [(figure_records or {}).get(figure.id) or figure_record(figure) for figure in verdict.figures]
    return {
        "kind": "verdict",
        "claim": verdict.claim,
        "verdict": verdict.verdict,
        "explanation": verdict.explanation,
        "figures": [
            {
                "id": record["id"],
                "display": record["display"],
                "value": record["value"],
                "range": record["range"],
                "period": record["period"]["display"] if record["period"] else None,
                "source": record["source"],
                "citation": record["citation"],
            }
            for record in figures
        ],
    }


FACT_RECORDS = {"figure": figure_record, "quote": quote_record, "contact": contact_record}
