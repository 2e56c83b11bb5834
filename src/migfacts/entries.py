"""Building one source file's entries into models, each checked against the source's archived text."""

from __future__ import annotations

import re
from pathlib import Path

from migfacts import textchecks
from migfacts.errors import Problem
from migfacts.files import read_text
from migfacts.models import Contact, Copy, Figure, Located, OtherNumber, Per, Place, Quote, Range, Source
from migfacts.numbers import as_decimal, find_numbers
from migfacts.periods import parse_period
from migfacts.schema import Fields
from migfacts.textnorm import find_verbatim, loose_match


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
        self.findings(fields, textchecks.dateline_findings(text, fields.get("dateline")))
        self.findings(fields, textchecks.published_findings(text, fields.get("published")))
        copies = tuple(
            Copy(c["site"], c.get("url"), c.get("published"), c.get("note"))
            for c in fields.get("copies") or ()
            if "site" in c
        )
        return Source(
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
            text=text,
            where=located(fields, self.path),
        )

    def findings(self, fields: Fields, found: list[tuple[str, str]]) -> None:
        for key, message in found:
            self.problem(fields.line_of(key), f"'{key}': {message}" if not message.startswith("'") else message)

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
        if self.verbatim(source, f, "evidence", f["evidence"]):
            stated = {m.value for m in find_numbers(f["evidence"])}
            wanted = [v for v in ([f.get("value")] if rng is None else [rng.low, rng.high]) if v is not None]
            if per and per.value != 1:
                wanted.append(per.value)
            for number in wanted:
                if as_decimal(number) not in stated:
                    self.problem(f.line_of("evidence"), f"the evidence does not state the number {number}")
            named = textchecks.named_in_text(source.text, {place.name: place.name for place in places})
            findings = [
                *textchecks.qualifier_findings(f["evidence"], f.get("qualifier"), map(as_decimal, wanted)),
                *textchecks.period_findings(f["evidence"], period, f.get("period_note")),
                *(("places", message) for _, message in named),
            ]
            if quote and not any(find_verbatim(part, f["evidence"]) for part in quote.parts):
                findings.append(("quote", f"the evidence is not within the quote '{quote.id}'"))
            self.findings(f, findings)
        return Figure(
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
            topics=tuple(f["topics"]),
            evidence=f["evidence"],
            note=f.get("note"),
            quote=quote,
            source=source,
            where=located(f, self.path),
        )

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
        for part in f["text"]:
            self.verbatim(source, f, "text", part)
        if self.verbatim(source, f, "attribution", f["attribution"]) and not textchecks.mentions(
            f["attribution"], f["speaker"]
        ):
            self.problem(f.line_of("speaker"), f"the speaker '{f['speaker']}' is not named in the attribution")
        self.findings(f, textchecks.named_in_text(source.text, {k: f.get(k) for k in ("role", "organisation")}))
        return Quote(
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

    def contact(self, source: Source, f: Fields) -> Contact | None:
        if not {"id", "name", "for", "topics", "evidence"} <= f.keys():
            return None
        if self.verbatim(source, f, "evidence", f["evidence"]):
            for key in ("name", "email"):
                if f.get(key) and not find_verbatim(f["evidence"], f[key]):
                    self.problem(f.line_of(key), f"'{key}' {f[key]} is not in the contact's evidence")
            if f.get("phone") and phone_digits(f["phone"]) not in phone_digits(f["evidence"]):
                self.problem(f.line_of("phone"), f"'phone' {f['phone']} is not in the contact's evidence")
        self.findings(f, textchecks.named_in_text(source.text, {"organisation": f.get("organisation")}))
        return Contact(
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

    def other_number(self, source: Source, f: Fields) -> OtherNumber | None:
        if not {"text", "reason"} <= f.keys():
            return None
        self.verbatim(source, f, "text", f["text"])
        if not find_numbers(f["text"]):
            self.problem(f.line_of("text"), "this text holds no number to account for")
        return OtherNumber(f["text"], f["reason"], source, located(f, self.path))


def phone_digits(text: str) -> str:
    """A phone number's digits and plus sign, without spaces, dots, dashes or brackets."""
    return re.sub(r"[^\d+]", "", text)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
