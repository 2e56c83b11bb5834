"""Load a fact base from its folder into typed models, or say exactly what is wrong and where.

Layout: `DIR/topics.yaml` and `DIR/sources/ID.yaml`, each source beside its
archived text. Every problem found is collected; any problem raises
`FactBaseError`, so that no command answers from a broken base.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from migfacts import formats, textchecks
from migfacts.errors import FactBaseError, Problem
from migfacts.models import (
    Contact,
    Copy,
    FactBase,
    Figure,
    Located,
    OtherNumber,
    Per,
    Place,
    Quote,
    Range,
    Source,
    Topic,
)
from migfacts.numbers import as_decimal, find_numbers
from migfacts.periods import parse_period
from migfacts.schema import Fields, Reader, Record
from migfacts.textnorm import find_verbatim, fold, loose_match
from migfacts.yamlnodes import compose

ENV_VAR = "MIGFACTS_FACTS"
TOPICS_FILE = "topics.yaml"
SOURCES_DIR = "sources"
MAX_FILE_BYTES = 5 * 1024 * 1024


def bundled_facts() -> Path:
    """The fact base shipped with migfacts: inside the wheel, or the checkout's `facts/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "facts"
    return packaged if packaged.is_dir() else here.parent.parent / "facts"


def resolve_root(explicit: Path | None) -> Path:
    """`--facts DIR`, else $MIGFACTS_FACTS, else the bundled base."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_VAR)
    return Path(from_env) if from_env else bundled_facts()


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A UTF-8 file's text, or None with a problem that says why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, None, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})"))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(path, None, "no such file"))
        return None
    except IsADirectoryError:
        problems.append(Problem(path, None, "is a folder, not a file"))
        return None
    except OSError as error:
        problems.append(Problem(path, None, f"cannot be read: {error.strerror or error}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"))
        return None
    return text.removeprefix("\ufeff")


def _read_yaml(path: Path, record: Record, problems: list[Problem]) -> Fields | None:
    text = read_text(path, problems)
    if text is None:
        return None
    root, found = compose(text, path)
    problems.extend(found)
    if root is None:
        return None
    reader = Reader(path)
    fields = reader.read(root, record)
    problems.extend(reader.problems)
    return fields


def _located(fields: Fields, path: Path) -> Located:
    return Located(path, fields.line)


def _topics(root: Path, problems: list[Problem]) -> list[Topic]:
    path = root / TOPICS_FILE
    fields = _read_yaml(path, formats.TOPICS_FILE, problems)
    if not fields or "topics" not in fields:
        return []
    topics = []
    for item in fields["topics"]:
        if {"id", "label"} <= item.keys():
            aliases = tuple(item.get("aliases") or ())
            topics.append(Topic(item["id"], item["label"], aliases, item.get("description"), _located(item, path)))
    return topics


class _SourceBuilder:
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
            where=_located(fields, self.path),
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
            where=_located(f, self.path),
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
            where=_located(f, self.path),
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
            where=_located(f, self.path),
        )

    def other_number(self, source: Source, f: Fields) -> OtherNumber | None:
        if not {"text", "reason"} <= f.keys():
            return None
        self.verbatim(source, f, "text", f["text"])
        if not find_numbers(f["text"]):
            self.problem(f.line_of("text"), "this text holds no number to account for")
        return OtherNumber(f["text"], f["reason"], source, _located(f, self.path))


def phone_digits(text: str) -> str:
    """A phone number's digits and plus sign, without spaces, dots, dashes or brackets."""
    return re.sub(r"[^\d+]", "", text)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_files(root: Path) -> list[Path]:
    """The source files of a base, in name order."""
    folder = root / SOURCES_DIR
    try:
        return sorted(path for path in folder.iterdir() if path.suffix == ".yaml" and not path.name.startswith("."))
    except OSError:
        return []


def _check_root(root: Path) -> list[Problem]:
    if not root.exists():
        return [Problem(root, None, "no such fact base folder")]
    if not root.is_dir():
        return [Problem(root, None, "is not a folder (a fact base is a folder with topics.yaml and sources/)")]
    if not os.access(root, os.R_OK | os.X_OK):
        return [Problem(root, None, "the folder cannot be read (permission denied)")]
    sources = root / SOURCES_DIR
    if not sources.is_dir():
        return [Problem(root, None, f"not a fact base: it has no {SOURCES_DIR}/ folder")]
    try:
        next(iter(sources.iterdir()), None)
    except OSError as error:
        return [Problem(sources, None, f"the folder cannot be read: {error.strerror or error}")]
    return []


def collect(root: Path) -> tuple[FactBase, list[Problem]]:
    """Everything that could be read from a base, and every problem found on the way."""
    problems = _check_root(root)
    base = FactBase(root, [], [], [], [], [], [])
    if problems:
        return base, problems
    base.topics = _topics(root, problems)
    paths = source_files(root)
    if not paths:
        problems.append(Problem(root / SOURCES_DIR, None, "no source files (*.yaml) in this folder"))
    for path in paths:
        _load_source(path, base, problems)
    topics_broken = any(problem.path == root / TOPICS_FILE for problem in problems)
    _check_references(base, problems, check_topics=not topics_broken)
    return base, problems


def _load_source(path: Path, base: FactBase, problems: list[Problem]) -> None:
    fields = _read_yaml(path, formats.SOURCE_FILE, problems)
    if not fields or "source" not in fields:
        return
    build = _SourceBuilder(path, problems)
    source = build.source(fields["source"])
    if source is None:
        return
    base.sources.append(source)
    quotes = _build_all(fields, "quotes", lambda item: build.quote(source, item), base, path)
    by_id = {quote.id: quote for quote in quotes}
    base.quotes += quotes
    base.figures += _build_all(fields, "figures", lambda item: build.figure(source, item, by_id), base, path)
    base.contacts += _build_all(fields, "contacts", lambda item: build.contact(source, item), base, path)
    base.other_numbers += _build_all(fields, "other_numbers", lambda item: build.other_number(source, item), base, path)


def _build_all(fields: Fields, key: str, make: Any, base: FactBase, path: Path) -> list[Any]:
    """Every entry of one kind; a file that loses one is marked incomplete (its coverage is not trusted)."""
    made = [make(item) for item in fields.get(key) or ()]
    if None in made:
        base.incomplete.add(path)
    return [entry for entry in made if entry is not None]


def _check_references(base: FactBase, problems: list[Problem], check_topics: bool = True) -> None:
    seen: dict[str, Located] = {}
    for entry in [*base.sources, *base.facts()]:
        if entry.id in seen:
            first = seen[entry.id]
            problems.append(
                Problem(
                    entry.where.path,
                    entry.where.line,
                    f"duplicate id '{entry.id}' (first at {first.path}:{first.line})",
                )
            )
        else:
            seen[entry.id] = entry.where
    topic_words: dict[str, str] = {}
    for topic in base.topics:
        for word in (topic.id, *topic.aliases):
            key = fold(word)
            if key in topic_words and topic_words[key] != topic.id:
                problems.append(
                    Problem(
                        topic.where.path, topic.where.line, f"'{word}' already names the topic '{topic_words[key]}'"
                    )
                )
            elif key in topic_words and word != topic.id:
                problems.append(
                    Problem(topic.where.path, topic.where.line, f"duplicate alias '{word}' of '{topic.id}'")
                )
            topic_words[key] = topic.id
    ids = {topic.id for topic in base.topics}
    for fact in base.facts() if check_topics else ():  # a broken topics.yaml is reported once, not per fact
        for ref in fact.topics:
            if ref not in ids:
                hint = f"; did you mean '{topic_words[fold(ref)]}'?" if fold(ref) in topic_words else ""
                problems.append(Problem(fact.where.path, fact.where.line, f"unknown topic '{ref}' in {fact.id}{hint}"))


def load_factbase(root: Path) -> FactBase:
    """The fact base at `root`; `FactBaseError` if anything in it is wrong."""
    base, problems = collect(root)
    if problems:
        raise FactBaseError(problems)
    return base
