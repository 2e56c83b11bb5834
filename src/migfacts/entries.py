"""Building one source file's entries into models, each checked against the source's archived text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from migfacts import textchecks
from migfacts.errors import Problem
from migfacts.files import read_text
from migfacts.models import Contact, Copy, Figure, Located, OtherNumber, Per, Place, Quote, Range, Source
from migfacts.numbers import as_decimal, find_numbers
from migfacts.periods import parse_period
from migfacts.schema import Fields
from migfacts.textnorm import find_verbatim, loose_match

OTHER_TEXT_LIMIT = 60
OTHER_NUMBERS_LIMIT = 3


def located(fields: Fields, path: Path) -> Located:
    return Located(path, fields.line)


class SourceBuilder:
    """Turns one source file's fields into models, checking each entry against the archived text."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def source(self, fields: Fields) -> Source | None:
        if not {"id", "title", "publisher", "tags", "text"} <= fields.keys():
            return None
        if fields["id"] != self.path.stem:
            self.problem(
                fields.line_of("id"), f"the source id '{fields['id']}' must match its file name '{self.path.name}'"
            )
        text_path = self.path.parent / fields["text"]
        text = read_text(text_path, self.problems)
        if text is None:
            return None
        copies = tuple(
            Copy(c["site"], c.get("url"), c.get("published"), c.get("note"))
            for c in fields.get("copies") or ()
            if "site" in c
        )
        source = Source(
            id=fields["id"],
            title=fields["title"],
            publisher=fields["publisher"],
            published=fields.get("published"),
            published_from=fields.get("published_from"),
            dateline=fields.get("dateline"),
            tags=tuple(fields["tags"]),
            url=fields.get("url"),
            url_from=fields.get("url_from"),
            copies=copies,
            text_file=fields["text"],
            text=unicodedata.normalize("NFC", text),  # evidence typed in either accent form matches
            where=located(fields, self.path),
        )
        self.findings(fields, textchecks.source_findings(source))
        return source

    def findings(self, fields: Fields, found: list[tuple[str, str]]) -> None:
        """What the text says against the YAML; none on a key whose value could not be read (written, but
        refused by its type: that problem is reported, and the value is not null)."""
        for key, message in found:
            if key in fields.lines and key not in fields:
                continue
            self.problem(fields.line_of(key), f"'{key}': {message}")

    def verbatim(self, source: Source, fields: Fields, key: str, needle: str) -> bool:
        if find_verbatim(source.text, needle):
            return True
        hint = (
            " (it is, once quotes and apostrophes are folded: copy them from the text)"
            if loose_match(source.text, needle)
            else ""
        )
        self.problem(
            fields.line_of(key), f"'{key}' is not found verbatim in {source.text_file}{hint}: {_short(needle)}"
        )
        return False

    def figure(self, source: Source, f: Fields, quotes: dict[str, Quote]) -> Figure | None:
        needed = {"id", "unit", "counts", "places", "topics", "evidence"}
        if not needed <= f.keys() or not ({"value", "range"} & f.keys()):
            return None
        period = None
        if f.get("period") is not None:
            raw, _tag = f["period"]
            try:
                period = parse_period(raw)
            except ValueError as error:
                self.problem(f.line_of("period"), f"'period': {error}")
                return None
        rng = (
            Range(f["range"]["low"], f["range"]["high"])
            if "range" in f and {"low", "high"} <= f["range"].keys()
            else None
        )
        if rng and rng.low > rng.high:
            self.problem(f.line_of("range"), f"'range': low {rng.low} is above high {rng.high}")
        per = Per(f["per"]["value"], f["per"]["unit"]) if "per" in f and {"value", "unit"} <= f["per"].keys() else None
        places = tuple(p for p in (self.place(item) for item in f["places"]) if p)
        quote = None
        if "quote" in f:
            quote = quotes.get(f["quote"])
            if quote is None:
                self.problem(f.line_of("quote"), f"no quote '{f['quote']}' in this source")
        evidence_found = self.verbatim(source, f, "evidence", f["evidence"])
        if evidence_found:
            stated = {m.value for m in find_numbers(f["evidence"])}
            wanted = [v for v in ([f.get("value")] if rng is None else [rng.low, rng.high]) if v is not None]
            if per and per.value != 1:
                wanted.append(per.value)
            for number in wanted:
                if as_decimal(number) not in stated:
                    self.problem(f.line_of("evidence"), f"the evidence does not state the number {number}")
        figure = Figure(
            id=f["id"],
            value=f.get("value"),
            range=rng,
            per=per,
            qualifier=f.get("qualifier"),
            unit=f["unit"],
            counts=f["counts"],
            period=period,
            period_note=f.get("period_note"),
            places=places,
            places_note=f.get("places_note"),
            topics=tuple(f["topics"]),
            evidence=f["evidence"],
            note=f.get("note"),
            quote=quote,
            source=source,
            where=located(f, self.path),
        )
        if evidence_found:
            self.findings(f, textchecks.figure_findings(source.text, figure, quotes.values()))
        return figure

    def place(self, f: Fields) -> Place | None:
        if "region" in f:
            if "country" in f or "name" in f:
                self.problem(f.line, "a place is either {region: NAME} or {country: CODE, name: NAME}, not both")
            return Place(f["region"])
        if {"country", "name"} <= f.keys():
            return Place(f["name"], f["country"])
        self.problem(f.line, "a place needs {region: NAME} or {country: CODE, name: NAME}")
        return None

    def quote(self, source: Source, f: Fields) -> Quote | None:
        if not {"id", "speaker", "topics", "text", "attribution"} <= f.keys():
            return None
        found = [self.verbatim(source, f, "text", part) for part in f["text"]]
        found.append(self.verbatim(source, f, "attribution", f["attribution"]))
        quote = Quote(
            id=f["id"],
            speaker=f["speaker"],
            role=f.get("role"),
            organisation=f.get("organisation"),
            organisation_note=f.get("organisation_note"),
            topics=tuple(f["topics"]),
            parts=tuple(f["text"]),
            attribution=f["attribution"],
            source=source,
            where=located(f, self.path),
        )
        if all(found):
            self.findings(f, textchecks.quote_findings(source.text, quote))
        return quote

    def contact(self, source: Source, f: Fields) -> Contact | None:
        if not {"id", "name", "for", "topics", "evidence"} <= f.keys():
            return None
        found = self.verbatim(source, f, "evidence", f["evidence"])
        contact = Contact(
            id=f["id"],
            name=f["name"],
            organisation=f.get("organisation"),
            organisation_note=f.get("organisation_note"),
            phone=f.get("phone"),
            phone_note=f.get("phone_note"),
            email=f.get("email"),
            for_=f["for"],
            topics=tuple(f["topics"]),
            evidence=f["evidence"],
            source=source,
            where=located(f, self.path),
        )
        if found:
            self.findings(f, textchecks.contact_findings(source.text, contact))
        return contact

    def other_number(self, source: Source, f: Fields) -> OtherNumber | None:
        if not {"text", "reason"} <= f.keys():
            return None
        self.verbatim(source, f, "text", f["text"])
        numbers = find_numbers(f["text"])
        if not numbers:
            self.problem(f.line_of("text"), "this text holds no number to account for")
        if len(f["text"]) > OTHER_TEXT_LIMIT or len(numbers) > OTHER_NUMBERS_LIMIT:
            self.problem(
                f.line_of("text"),
                f"quote only the few words around the number (at most {OTHER_TEXT_LIMIT} characters and "
                f"{OTHER_NUMBERS_LIMIT} numbers), so that no figure hides in it",
            )
        return OtherNumber(f["text"], f["reason"], source, located(f, self.path))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
