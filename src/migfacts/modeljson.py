"""Sources and figures as JSON fields and back: how the index keeps what `check` compares claims with.

JSON, not pickle: reading the index never runs anything it holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from migfacts.models import Copy, Figure, Located, Per, Place, Range, Source
from migfacts.periods import Period

Fields = dict[str, Any]


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def source_fields(source: Source) -> Fields:
    """A source's fields, but its text and where it is (the index keeps them apart)."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": _day(source.published),
        "published_from": source.published_from,
        "dateline": source.dateline,
        "tags": list(source.tags),
        "url": source.url,
        "url_from": source.url_from,
        "copies": [[c.site, c.url, _day(c.published), c.note] for c in source.copies],
        "text_file": source.text_file,
    }


def source_from(fields: Fields, text: str, path: Path, line: int | None) -> Source:
    return Source(
        fields["id"],
        fields["title"],
        fields["publisher"],
        _date(fields["published"]),
        fields["published_from"],
        fields["dateline"],
        tuple(fields["tags"]),
        fields["url"],
        fields["url_from"],
        tuple(Copy(site, url, _date(published), note) for site, url, published, note in fields["copies"]),
        fields["text_file"],
        text,
        Located(path, line or 0),
    )


def figure_fields(figure: Figure) -> Fields:
    """A figure's fields, but its source, its quote and where it is (the index keeps them apart)."""
    period = figure.period
    return {
        "id": figure.id,
        "value": figure.value,
        "range": [figure.range.low, figure.range.high] if figure.range else None,
        "per": [figure.per.value, figure.per.unit] if figure.per else None,
        "qualifier": figure.qualifier,
        "unit": figure.unit,
        "counts": figure.counts,
        "period": [period.text, period.start.isoformat(), period.end.isoformat()] if period else None,
        "period_note": figure.period_note,
        "places": [[place.name, place.country] for place in figure.places],
        "places_note": figure.places_note,
        "topics": list(figure.topics),
        "evidence": figure.evidence,
        "note": figure.note,
    }


def figure_from(fields: Fields, source: Source, path: Path, line: int | None) -> Figure:
    """The figure again, tied to its source; without the link to the quote that says it (check has no use
    for it: the citations come from the index's records)."""
    period = fields["period"]
    return Figure(
        fields["id"],
        fields["value"],
        Range(*fields["range"]) if fields["range"] else None,
        Per(*fields["per"]) if fields["per"] else None,
        fields["qualifier"],
        fields["unit"],
        fields["counts"],
        Period(period[0], dt.date.fromisoformat(period[1]), dt.date.fromisoformat(period[2])) if period else None,
        fields["period_note"],
        tuple(Place(name, country) for name, country in fields["places"]),
        fields["places_note"],
        tuple(fields["topics"]),
        fields["evidence"],
        fields["note"],
        None,
        source,
        Located(path, line or 0),
    )
