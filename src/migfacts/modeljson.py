"""Sources and figures made again from their records: how `check` gets, from the index, the figures it
compares claims with. Records are JSON: reading the index never runs anything it holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from migfacts.models import Copy, Figure, Located, Per, Place, Range, Source
from migfacts.periods import Period

Record = dict[str, Any]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def source_from(record: Record, text: str, path: Path, line: int | None) -> Source:
    """The source of a `records.source_record`, with its archived text and where it is."""
    return Source(
        record["id"],
        record["title"],
        record["publisher"],
        _date(record["published"]),
        record["published_from"],
        record["dateline"],
        tuple(record["tags"]),
        record["url"],
        record["url_from"],
        tuple(Copy(c["site"], c["url"], _date(c["published"]), c["note"]) for c in record["copies"]),
        record["text_file"],
        text,
        Located(path, line or 0),
    )


def figure_from(record: Record, source: Source, path: Path, line: int | None) -> Figure:
    """The figure of a `records.figure_record`, tied to its source; without what check has no use for and
    the record does not hold (the quote that says it, the note on its places)."""
    period, low_high, per = record["period"], record["range"], record["per"]
    return Figure(
        record["id"],
        record["value"],
        Range(low_high["low"], low_high["high"]) if low_high else None,
        Per(per["value"], per["unit"]) if per else None,
        record["qualifier"],
        record["unit"],
        record["counts"],
        Period(period["text"], _date(period["start"]), _date(period["end"])) if period else None,
        record["period_note"],
        tuple(Place(place["name"], place["country"]) for place in record["places"]),
        None,
        tuple(record["topics"]),
        record["evidence"],
        record["note"],
        None,
        source,
        Located(path, line or 0),
    )
