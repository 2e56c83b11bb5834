"""`draft`: a press release's text turned into a source file of the fact base, for a person to review.

Every entry is built from the text's own words (the evidence is verbatim by construction) and then put
through the same checks as `migfacts validate`: an entry that fails one becomes an `other_numbers` entry
that says why, so that the draft validates as written and nothing is left unaccounted for.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from migfacts import textchecks
from migfacts.errors import ExitStatus, MigfactsError
from migfacts.formats import REGIONS
from migfacts.models import Topic
from migfacts.numbers import MAX_DIGITS, NumberMention, find_numbers
from migfacts.textnorm import CONTROL, find_verbatim, fold, line_at

MAX_BYTES = 200 * 1024
"""A press release is a few kilobytes; a larger file is not one (and drafting it would take minutes)."""
REVIEW = "drafted by migfacts draft: check against the text"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTHS = "january february march april may june july august september october november december".split()
_CONTACT_LINE = re.compile(r"(?im)^.*\b(?:for (?:more|further) information|media contact|press contact|contact:).*$")
_NAME = r"[A-ZÁÉÍÓÚÑ][\w’'.-]+(?:[ \u00a0]+(?:(?:van|der|de|la|del|da|di|von|y)[ \u00a0]+)*[A-ZÁÉÍÓÚÑ][\w’'.-]+){1,5}"
_SAID = r"(?:said|says|explained|stated|added|noted|emphasized|emphasised|highlighted|declared|affirmed)"
_DATELINE = re.compile(r"^\s*([A-ZÁÉÍÓÚÑ][\w .’'-]{1,40}?)(?:,\s*[A-Z][\w .’'-]{1,30})?\s+[–—-]\s+\S")
_REFERENCE_BEFORE = re.compile(
    r"(?i)\b(?:resolution|article|target|goal|sdg|paragraph|no\.|number|section|objective|principle|chapter|rule|"
    r"annex|decision|indicator|convention|protocol)\s*(?:[\dA-Za-z]+[/.])?$"  # resolution 72/281, target 3.3
)


_NOT_NAMES = {"For", "More", "Media", "Press", "Email", "Tel", "Phone", "Contact", "The"}
_ORGANISATION_WORDS = set(
    "Office Regional Centre Center Unit Department Ministry Division Headquarters Mission Programme Program "
    "Middle East North South West Africa Asia Europe Americas Pacific Media Communications".split()
)
_TITLES = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Prof|H\.?E)\.?\s+")


class DraftError(MigfactsError):
    """The file cannot be drafted: empty, binary, not UTF-8, too large, or no press release (exit 2)."""

    status = ExitStatus.USAGE


def read_article(path: Path) -> str:
    """A press release's text, or a DraftError that says why it is none."""
    try:
        if path.is_dir():
            raise DraftError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(path.stat().st_mode):
            raise DraftError(f"{path}: not a regular file (a device, a pipe or a socket)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DraftError(f"{path}: too large for a press release ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"{path}: no such file") from None
    except OSError as error:
        raise DraftError(f"{path}: cannot be read: {error.strerror or error}") from None
    if not data.strip():
        raise DraftError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise DraftError(f"{path}: a binary file, not text")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise DraftError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 (iconv -f latin1 -t utf-8)"
        ) from None
    if control := CONTROL.search(text):  # the archived text could never validate
        code = f"U+{ord(control.group(0)):04X}"
        raise DraftError(f"{path}:{line_at(text, control.start())}: a control character ({code}): remove it")
    if isinstance(stated := textchecks.header_date(text), str):  # no draft of it could validate either
        where = line_at(text, text.find(stated))
        raise DraftError(f"{path}:{where}: the head of the text has '{stated}', which is not a real date: correct it")
    if huge := next((m for m in find_numbers(text) if m.value.adjusted() >= MAX_DIGITS), None):
        digits = huge.value.adjusted() + 1  # a figure could not hold it, nor other_numbers quote it
        raise DraftError(f"{path}:{line_at(text, huge.start)}: a number of {digits} digits is no count: correct it")
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", text)
    marks = (
        textchecks.header_date(text) is not None
        or any(_DATELINE.match(line) for line in text.splitlines())
        or _CONTACT_LINE.search(text) is not None
    )
    if len(words) < 40 or len(re.findall(r"[.!?](?:\s|$)", text)) < 3 or not marks:
        raise DraftError(
            f"{path}: does not look like a press release (a title, a date or a dateline such as 'Geneva – ', "
            "paragraphs of sentences, a contact line)"
        )
    lines = text.splitlines()
    first = next(number for number, line in enumerate(lines) if line.strip())
    if not fold(lines[first]):  # a title must stand in the text as words
        raise DraftError(f"{path}:{first + 1}: the first line, the title, has no words")
    return text


def _slug(title: str, year: int | None) -> str:
    words = [w for w in fold(title).split() if w not in {"a", "an", "the", "of", "to", "for", "and", "in", "as"}]
    words = [plain for w in words if (plain := re.sub(r"[^a-z0-9]", "", w))]  # an id is ASCII: no "ĸ" for "k"
    base = "-".join(words[:6]) or "release"
    return f"{base}-{year}" if year and str(year) not in base else base


@dataclass
class _Draft:
    text: str
    source: dict[str, Any]
    figures: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    other_numbers: list[dict[str, Any]] = field(default_factory=list)

    def as_yaml_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source}
        for key in ("figures", "quotes", "contacts", "other_numbers"):
            data[key] = getattr(self, key)
        return data


# ---- source metadata -----------------------------------------------------------------------------


def _source(text: str, ident: str | None) -> dict[str, Any]:
    lines = [line.strip() for line in text.splitlines()]
    title = next((line for line in lines if line), "")
    stated = textchecks.header_date(text)
    published = stated if isinstance(stated, dt.date) else None
    dateline = None
    for line in lines:
        if match := _DATELINE.match(line):
            dateline = match.group(1).strip()
            break
    tags: list[str] = []
    for line in lines[1:12]:
        parts = [part.strip() for part in line.split(";")]
        if len(parts) >= 2 and all(0 < len(part) <= 40 for part in parts):
            tags = parts
            break
    ident = ident or _slug(title, published.year if published else None)
    return {
        "id": ident,
        "title": title,
        "publisher": "IOM",
        "published": published,
        "published_from": "the head of the archived text" if published else None,
        "dateline": dateline,
        "tags": tags,
        "url": None,
        "url_from": "not on record: add the release's address",
        "text": f"{ident}.txt",
    }


# ---- figures -------------------------------------------------------------------------------------


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a span: its sentence (from the previous full stop or line break to the next one),
    cut at ", and " or "; " where the sentence joins clauses that each hold their own figures."""
    dot = text.rfind(". ", 0, start)
    left = max(dot + 2 if dot != -1 else 0, text.rfind("\n", 0, start) + 1)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(min(right_candidates) + 1 if right_candidates else len(text), len(text))
    for joint in (", and ", "; "):
        before, after = text.rfind(joint, left, start), text.find(joint, end, right)
        if before != -1:
            left = before + len(joint)
        if after != -1:
            right = after
    return left, right


def _is_year(text: str, mention: NumberMention) -> bool:
    if not _YEAR.match(mention.text):
        return False
    after = fold(text[mention.end : mention.end + 25]).split()[:1]
    return not (after and after[0] in {"cases", "people", "migrants", "deaths", "persons", "assessments"})


def _period(sentence: str) -> str | None:
    if span := re.search(r"(?i)(?:from|between)\s+(\d{4})\s+(?:to|and|until)\s+(\d{4})", sentence):
        return f"{span.group(1)}/{span.group(2)}"
    months = re.search(rf"(?i)\b({'|'.join(_MONTHS)})\s+(\d{{4}})\b", sentence)
    if months:
        return f"{months.group(2)}-{_MONTHS.index(months.group(1).lower()) + 1:02d}"
    years = sorted(set(re.findall(r"(?<![\d,.])((?:19|20)\d\d)(?!\d|,\d)", sentence)))
    return years[0] if len(years) == 1 else None


_PERCENT_AFTER = re.compile(r"(?i)\s*(?:%|per\s*cent\b|percent\b)")
_CURRENCY_BEFORE = re.compile(r"(?:\b(USD|US\$|EUR|CHF|GBP)|([$€£]))\s*$")
_TIME_PHRASE = re.compile(
    r"(?i)^(?:(?:in|during|from|between|since|by|as of|until)\s+)?(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?"
    rf"(?:(?:early|late|mid)\s+)?(?:(?:{'|'.join(_MONTHS)})\s+)?(?:19|20)\d\d"
    r"(?:\s*(?:to|and|-|–)\s*(?:19|20)\d\d)?(?:\s+(?:alone|only))?$"
)
_SAME_PERIOD = re.compile(r"(?i)\b(?:over|during|in|for)\s+(?:this|that|the same)\s+period\b")
_RESTATES = re.compile(r"(?i)\s*(?:equivalent\s+to|representing|accounting\s+for|or|that\s+is)\b")
_SAME_YEAR = re.compile(r"(?i)\b(?:in|during|for|over)\s+(?:that|the same)\s+year\b")


def _figure_period(text: str, clause_start: int, clause: str, offset: int) -> tuple[str | None, str | None]:
    """The period of a number at `offset` in a clause, and a note when it comes from elsewhere or is left out:
    a year in the number's own comma-separated part, or in a part before it that is only a time ('in 2018',
    'From 2010 to 2016'); 'over this period' takes the span of the sentence before."""
    segments, position, own = [], 0, None
    for segment in clause.split(", "):
        segments.append(segment)
        if position <= offset <= position + len(segment):
            own = len(segments) - 1
        position += len(segment) + 2
    if own is not None:
        if period := _period(segments[own]):
            return period, None
        for segment in reversed(segments[:own]):
            if _TIME_PHRASE.match(segment.strip()):
                return _period(segment), None
        if own and _RESTATES.match(segments[own]) and (period := _period(segments[own - 1])):
            return period, None  # "... USD 2.7 billion in 2022, equivalent to some 9.6% of GDP": the same year
        for segment in segments[own + 1 :]:  # "... job placement support in 2020 through the programme"
            if (period := _period(segment)) and not [m for m in find_numbers(segment) if not _YEAR.match(m.text)]:
                return period, None
    if same_year := _SAME_YEAR.search(clause):
        years = re.findall(
            r"(?<![\d,.])((?:19|20)\d\d)(?!\d)", text[max(0, clause_start - 300) : clause_start + offset]
        )
        if years:
            return years[-1], f'The article says "{same_year.group(0)}", after "{years[-1]}".'
    if _SAME_PERIOD.search(clause):
        previous = text[max(0, clause_start - 400) : clause_start]
        if span := re.search(r"(?i)(?:from|between)\s+(\d{4})\s+(?:to|and|until)\s+(\d{4})", previous):
            note = f'The article says "{_SAME_PERIOD.search(clause).group(0)}", after "{span.group(0)}".'
            return f"{span.group(1)}/{span.group(2)}", note
    if _period(clause):
        return None, "The year in the evidence belongs to another part of the sentence: check."
    return None, None


def _places(sentence: str) -> list[dict[str, str]]:
    import pycountry

    folded = f" {fold(sentence)} "
    places = []
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", None), country.name):
            if name and f" {fold(name)} " in folded:
                places.append({"country": country.alpha_2, "name": name})
                break
    if not places:
        for region, words in REGIONS.items():
            if region == "Worldwide":
                words = ("worldwide", "globally", "around the world", "across the world")  # not "in the world"
            if any(f" {fold(word)} " in folded for word in words):
                places.append({"region": region})
                break
    return places


_UNIT_STOP = set(
    "that which who were was is are in at for by from to and with per on over across during since while after "
    "before among as than".split()
)


def _unit(text: str, mention: NumberMention, percent: bool) -> str:
    """The words after a number that say what it counts, up to the clause's end: 584 *active cases of TB*."""
    if percent:
        return "percent"
    clause = re.split(r"[.,;:()\[\]\n]", text[mention.end : mention.end + 80], maxsplit=1)[0]
    unit: list[str] = []
    for word in re.findall(r"[\w’'-]+", clause):
        glued = word.lower().startswith(("and", "or")) and len(word) > 6  # "andapproximately"
        if re.fullmatch(r"[\d.,]+", word) or (unit and (word.lower() in _UNIT_STOP or glued)) or len(unit) == 5:
            break
        if word.lower() not in ("million", "billion", "thousand"):
            unit.append(word)
    return " ".join(unit) or "units"


def _rate_words(sentence: str) -> str | None:
    """The noun phrase of a rate in a sentence: 'treatment success rates'."""
    found = re.search(r"((?:[\w’'-]+\s+){0,3}rates?)\b", sentence, re.IGNORECASE)
    return " ".join(found.group(1).split()) if found else None


def _topics(sentence: str, article_topics: list[str], topics: list[Topic]) -> list[str]:
    folded = f" {fold(sentence)} "
    found = [t.id for t in topics if any(f" {fold(w)} " in folded for w in (t.id, t.label, *t.aliases))]
    return found or article_topics


def _article_topics(text: str, topics: list[Topic]) -> list[str]:
    folded = f" {fold(text)} "
    counts = {t.id: sum(folded.count(f" {fold(w)} ") for w in (t.id, *t.aliases)) for t in topics}
    best = [topic for topic, count in sorted(counts.items(), key=lambda item: -item[1]) if count >= 3]
    return best[:1]  # one passing mention does not make an article about a topic


_COMPARED = re.compile(r"(?i)\b(?:(?:up|down|rising|falling|increasing|decreasing)\s+from|compared\s+(?:with|to))\s*$")


def _figure(
    text: str,
    mention: NumberMention,
    following: NumberMention | None,
    topics: list[Topic],
    article_topics: list[str],
    previous: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[NumberMention]]:
    """A figure for a number, and the numbers it uses (a range's high end, a rate's denominator)."""
    start, end = _sentence_at(text, mention.start, mention.end)
    for quote_start, quote_end in textchecks.quoted_spans(text):  # a number said in a quote: evidence within it
        if quote_start <= mention.start < quote_end:
            start, end = max(start, quote_start), min(end, quote_end)
            break
    sentence = text[start:end]
    gap = text[mention.end : following.start] if following else ""
    percent = bool(_PERCENT_AFTER.match(text[mention.end : mention.end + 12]))
    between = re.search(r"(?i)\bbetween\s*$", text[max(0, mention.start - 10) : mention.start])
    figure: dict[str, Any] = {"id": None}
    used = []
    if following and (
        re.fullmatch(r"\s*%?\s*(?:to|-|–)\s*", gap) or (between and re.fullmatch(r"\s*%?\s*and\s*", gap))
    ):
        percent = percent or bool(_PERCENT_AFTER.match(text[following.end : following.end + 12]))
        figure["range"] = {"low": _number(mention.value), "high": _number(following.value)}
        used.append(following)
    else:
        figure["value"] = _number(mention.value)
    figure["qualifier"] = textchecks.qualifier_before(text, mention)
    if following and (rate := re.fullmatch(r"\s*((?:[\w’'-]+\s+){0,3}?)(?:per|out\s+of|in\s+every)\s*", gap)):
        before = re.findall(r"[\w’'-]+", text[max(start, mention.start - 40) : mention.start])[-4:]
        named = rate.group(1).strip()  # "4.2 cases per 1,000": the unit is between the numbers
        figure["unit"] = (
            named or " ".join(w for w in before if w.lower() not in {"of", "a", "an", "the", "to"}) or "rate"
        )
        figure["per"] = {"value": _number(following.value), "unit": _unit(text, following, percent=False)}
        used.append(following)
        figure["counts"] = f"{figure['unit']} per {figure['per']['unit']}"
    elif previous and _COMPARED.search(text[max(0, mention.start - 30) : mention.start]):
        # "2.4 deaths per 100 crossings in 2023, up from 1.6 in 2022": the same measure, another time
        figure["unit"], figure["counts"] = previous["unit"], previous["counts"]
        if previous.get("per"):
            figure["per"] = dict(previous["per"])
    elif previous and re.match(r"\s+of\s+(?:them|these|those|whom)\b", text[mention.end : mention.end + 12]):
        # "diagnosed 426 cases of active TB, treating 363 of them at ...": 363 of those cases
        verb = re.findall(r"[\w’'-]+", text[max(start, mention.start - 30) : mention.start])[-1:]
        rest = re.split(r"[.,;:\n]", text[mention.end : mention.end + 120], maxsplit=1)[0]
        figure["unit"] = previous["unit"]
        figure["counts"] = " ".join([previous["unit"], *verb, *rest.split()])
    elif currency := _CURRENCY_BEFORE.search(text[max(0, mention.start - 6) : mention.start]):
        figure["unit"] = currency.group(1) or {"$": "USD", "€": "EUR", "£": "GBP"}[currency.group(2)]
        words = re.findall(r"[A-Za-zÀ-ÿ’'-]+", sentence)  # what the money is for: the clause's words
        figure["counts"] = " ".join(words[:24]) or figure["unit"]
    else:
        figure["unit"] = _unit(text, mention, percent)
        figure["counts"] = (_rate_words(sentence) or "percent") if percent else figure["unit"]
    figure["period"], note = _figure_period(text, start, sentence, mention.start - start)
    if note:
        figure["period_note"] = note
    figure["places"] = _places(sentence)
    figure["topics"] = _topics(sentence, article_topics, topics)
    figure["evidence"] = " ".join(sentence.split())
    figure["review"] = REVIEW
    return figure, used


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# ---- quotes --------------------------------------------------------------------------------------

_AFTER_QUOTE = re.compile(rf"^[\s,.]*[”\"]?[\s,]*({_SAID}\s+({_NAME})(?:,\s*[^.“”\n]+)?\.?)")
_AFTER_QUOTE_NAME_FIRST = re.compile(rf"^[\s,.]*[”\"]?[\s,]*(({_NAME})(?:,\s*[^“”\n]+?)?,?\s+{_SAID})\.?")
_AFTER_SURNAME = re.compile(rf"^[\s,.]*[”\"]?[\s,]*({_SAID}\s+([A-ZÁÉÍÓÚÑ][\w’'-]+))\.?")
_AFTER_PRONOUN = re.compile(rf"^[\s,.]*[”\"]?[\s,]*(?:she|he)\s+{_SAID}\b")
_ACCORDING_TO = re.compile(rf"(According\s+to\s+({_NAME})(?:,\s*[^“”\n:]+?)?)[,:]?\s*$")
_BEFORE_QUOTE = re.compile(rf"(({_NAME})(?:,\s*[^“”\n:]+?)?\s+{_SAID}(?:\s+that)?[:,]?)\s*$")
_PRONOUN_BEFORE = re.compile(rf"\b(?:He|She|They)\s+{_SAID}(?:\s+that)?[:,]?\s*$")


_ORGANISATION_NAMES = re.compile(
    r"\b(?:IOM|UN|UNHCR|WHO|UNICEF|Ministry|Organization|Organisation|Office|Directorate|Program|Programme|"
    r"Department|Agency|Government|Council|Commission|Centre|Center|Division|Unit|Authority|Institute|"
    r"Association|Federation|Red Cross|Red Crescent|Bank|University|Foundation)\b"
)
_ROLE_WORDS = set(
    "IOM UN Director General Deputy Chief Head Minister Vice Spokesperson Spokesman Spokeswoman Regional "
    "Coordinator Officer Manager President Secretary Ambassador Representative Advisor Adviser Executive".split()
)


def _clean_name(name: str) -> str:
    """A speaker's name without a title before it or a full stop after it: 'IOM Director General António
    Vitorino.' is António Vitorino."""
    words = _TITLES.sub("", name).rstrip(".").split()
    while len(words) > 2 and words[0] in _ROLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _role_and_organisation(attribution: str, name: str) -> tuple[str | None, str | None]:
    rest = attribution.split(name, 1)[1] if name in attribution else ""
    rest = re.sub(rf"\s+{_SAID}.*$", "", rest).strip(" ,.:")
    rest = rest.split(", was ")[0].split(". ")[0].strip(" ,.:")
    if not rest:
        return None, None
    for joint in (" of the ", " of ", " at "):
        role, _, organisation = rest.partition(joint)
        if organisation and _ORGANISATION_NAMES.search(organisation):  # "of the Ministry of …", "at IOM …"
            return role.strip() or None, organisation.strip()
    return rest, None  # "IOM Chief of Mission in Niger" is a role, not a role of an organisation


def _quotes(text: str) -> list[dict[str, Any]]:
    spans = textchecks.quoted_spans(text)  # short ones (a name in quotation marks) are dropped below
    quotes: list[dict[str, Any]] = []
    index = 0
    while index < len(spans):
        group = [spans[index]]
        attribution = name = None
        while (
            index + 1 < len(spans)
            and text[group[-1][1] : group[-1][1] + 1] not in '”"»'  # left open at the paragraph's end
            and re.fullmatch(r"[\s“\"]*", text[group[-1][1] : spans[index + 1][0]])
        ):
            group.append(spans[index + 1])  # a quote that runs on into the next paragraph
            index += 1
        following_text = text[group[-1][1] : group[-1][1] + 600]  # an attribution is a few words long
        leading_text = text[max(0, group[0][0] - 300) : group[0][0] - 1]
        after = _AFTER_QUOTE.match(following_text) or _AFTER_QUOTE_NAME_FIRST.match(following_text)
        surname = _AFTER_SURNAME.match(following_text)
        known = {fold(q["speaker"]).split()[-1]: q["speaker"] for q in quotes}
        before = _BEFORE_QUOTE.search(leading_text) or _ACCORDING_TO.search(leading_text)
        if after or (surname and fold(surname.group(2)) in known):
            match = after or surname
            attribution = match.group(1).strip().rstrip(",")
            name = match.group(2) if after else known[fold(surname.group(2))]
            following = index + 1 < len(spans) and spans[index + 1][0] - (group[-1][1] + match.end()) <= 3
            if following:  # "…," said X. "…"  one quote in two parts
                group.append(spans[index + 1])
                index += 1
        elif before:
            attribution, name = before.group(1).strip(), before.group(2)
        elif _PRONOUN_BEFORE.search(text[max(0, group[0][0] - 300) : group[0][0] - 1]) or _AFTER_PRONOUN.match(
            following_text
        ):
            paragraph_start = text.rfind("\n", 0, group[0][0]) + 1
            named = re.search(_NAME, text[paragraph_start : group[0][0]])
            if named:
                name = named.group(0)
                attribution = " ".join(text[paragraph_start + named.start() : group[0][0] - 1].split()).strip()
            if _AFTER_PRONOUN.match(following_text):
                following = index + 1 < len(spans) and re.fullmatch(
                    rf"[\s,.”\"]*(?:she|he)\s+{_SAID}[.,]?\s*[“\"]?", text[group[-1][1] : spans[index + 1][0]]
                )
                if following:
                    group.append(spans[index + 1])
                    index += 1
        index += 1
        if not name or not attribution or sum(len(text[s:e].split()) for s, e in group) < 6:
            continue
        role, organisation = _role_and_organisation(attribution, name)
        cleaned = _clean_name(name)  # the attribution keeps "Dr" and "IOM Director General"; the speaker is the name
        dropped = " ".join(_TITLES.sub("", name).split()[: len(_TITLES.sub("", name).split()) - len(cleaned.split())])
        if role is None and dropped:
            role = dropped  # "said IOM Director General António Vitorino": the role stands before the name
        name = cleaned
        parts = [" ".join(text[s:e].split()).rstrip(" ,") for s, e in group]
        quotes.append(
            {
                "id": None,
                "speaker": name,
                "role": role,
                "organisation": organisation,
                "topics": [],
                "text": parts if len(parts) > 1 else parts[0],
                "attribution": attribution,
                "review": REVIEW,
            }
        )
    return quotes


# ---- contacts ------------------------------------------------------------------------------------


def _contacts(text: str) -> tuple[list[dict[str, Any]], int]:
    """The press contacts of the contact block, and where the block starts."""
    line = _CONTACT_LINE.search(text)
    if not line:
        return [], len(text)
    block_start = line.start()
    block = text[block_start:]
    organisation = None
    if lead := re.search(r"[Cc]ontact\s+((?:[A-Z]{2,}\b[ \t]*)+)", line.group(0)):
        organisation = lead.group(1).strip()
    about = re.search(r"(?i)information (?:on|about) ([^,\n]+)", line.group(0))
    contacts = []
    for match in re.finditer(_NAME, block):
        name = _TITLES.sub("", match.group(0))
        words = name.split()
        if (
            any(w.isupper() and len(w) > 1 for w in words)
            or words[0] in _NOT_NAMES
            or name in REGIONS
            or (set(words) & _ORGANISATION_WORDS)
        ):
            continue  # IOM Somalia, Middle East, Regional Office: organisations, places and words, not people
        line_start = block.rfind("\n", 0, match.start()) + 1
        own_line = line_start > len(line.group(0))  # the person stands on a line of their own
        # Their details: their line, and the lines under it up to a blank line or the next person.
        line_end = block.find("\n", match.end())
        line_end = len(block) if line_end == -1 else line_end
        while own_line and line_end < len(block):
            following = block[line_end + 1 : (block.find("\n", line_end + 1) + 1 or len(block) + 1) - 1]
            if not following.strip() or re.match(_NAME + r"\s*,", following.strip()):
                break
            line_end = line_end + 1 + len(following)
        evidence = " ".join(block[match.start() if own_line else 0 : line_end].split())
        tail = block[match.end() : line_end]
        phone = textchecks._PHONE_LIKE.search(tail)
        email = textchecks._EMAIL.search(tail)
        office = re.search(r"(?:\bat\s+|,\s*|\()(IOM(?:\s+[A-Z][\w’'-]+)*)", tail)
        if office:
            organisation = office.group(1)
        contacts.append(
            {
                "id": None,
                "name": name,
                "organisation": organisation,
                **(
                    {"organisation_note": f"From the contact line: {' '.join(line.group(0).split())}"}
                    if own_line and organisation and not office
                    else {}
                ),
                "phone": phone.group(0).strip() if phone else None,
                "email": email.group(0) if email else None,
                "for": about.group(1).strip() if about else "more information",
                "topics": [],
                "evidence": evidence,
                "review": REVIEW,
            }
        )
    return contacts, block_start


# ---- other numbers -------------------------------------------------------------------------------


def _window(text: str, mention: NumberMention, limit: int = 56) -> str:
    """A few words around a number, verbatim, short enough for an other_numbers entry."""
    start, end = mention.start, mention.end

    def fits(new_start: int, new_end: int) -> bool:
        candidate = text[new_start:new_end]
        return len(" ".join(candidate.split())) <= limit and "\n" not in candidate and len(find_numbers(candidate)) <= 3

    grown = True
    while grown:  # a word more on the left, then on the right, while the window fits (each from where it is:
        grown = False  # growing both from the old bounds undid the left one, and went round for ever)
        left = text.rfind(" ", 0, start - 1) + 1 if start > 0 else 0
        if left < start and fits(left, end):
            start, grown = left, True
        right = text.find(" ", end + 1)
        right = len(text) if right == -1 else right
        if right > end and fits(start, right):
            end, grown = right, True
    return " ".join(text[start:end].split())


@lru_cache(maxsize=4)
def _head_end(text: str) -> int:
    """Where the head of a release (title, date, tags) ends: after the line with its date, else at its first
    long line; 0 when that head states no date. (Cached: each number asks, and each answer reads the text's
    first lines, a whole paragraph long in a release of one paragraph.)"""
    offset, end = 0, None
    for number, line in enumerate(text.splitlines(keepends=True)):
        if number < textchecks.HEADER_LINES and isinstance(textchecks.header_date(line), dt.date):
            end = offset + len(line)
        if len(line.strip()) > 160 and number > 0:
            break
        offset += len(line)
    end = end if end is not None else offset
    return end if textchecks.header_date(text[:end]) else 0


def _reason(text: str, mention: NumberMention, block_start: int) -> str | None:
    """Why a number is no figure, when that is plain; None for a number to draft as a figure."""
    if mention.start < _head_end(text):
        return "a date, at the head of the release"
    if _is_year(text, mention):
        return "a date"
    if re.match(rf"(?i)\s+(?:{'|'.join(_MONTHS)})\b", text[mention.end : mention.end + 12]):
        return "a date (a day of a month)"
    if re.match(
        r"(?i)[\s-]+(?:years?|months?|weeks?|days?|hours?|decades?)\b(?!\s+(?:old|of age))", text[mention.end :]
    ):
        return "a length of time"
    if text[max(0, mention.start - 1) : mention.start] == "[":
        return "a footnote marker"
    if _REFERENCE_BEFORE.search(text[max(0, mention.start - 14) : mention.start]):
        return "the number of a document, target or article"
    if mention.start >= block_start:
        return "part of the contact block"
    if fold(mention.text) == "one":
        return "not a quantity"
    return None


# ---- the draft, checked and repaired until it validates ------------------------------------------


def _ids(draft: _Draft, taken: set[str]) -> None:
    """Readable, unique ids: figures from what they count and when, quotes and contacts from names."""

    tried: dict[str, int] = {}  # the next number to try after each base: not every taken one again

    def unique(base: str) -> str:
        base = "-".join(fold(base).split()[:6]) or "entry"
        ident, n = base, tried.get(base, 2)
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        tried[base] = n
        taken.add(ident)
        return ident

    for figure in draft.figures:
        words = [w for w in fold(figure["unit"]).split() if w not in {"of", "the", "a", "an", "for", "and"}][:4]
        figure["id"] = unique(" ".join([*words, str(figure["period"] or "")]).replace("/", " "))
    for quote in draft.quotes:
        first = quote["text"][0] if isinstance(quote["text"], list) else quote["text"]
        words = [w for w in fold(first).split() if len(w) > 3][:3]
        quote["id"] = unique(" ".join([fold(quote["speaker"]).split()[-1], *words]))
    for contact in draft.contacts:
        contact["id"] = unique(f"{contact['name']} contact")


def _dump(draft: _Draft, origin: str) -> str:
    import yaml

    header = (
        f"# Drafted by `migfacts draft` from {origin}. Review every entry marked `review:`, then delete that\n"
        "# line; numbers the draft did not make figures of are under other_numbers, with the reason.\n"
    )

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: the same text, faster
        def ignore_aliases(self, data: Any) -> bool:  # fact files hold no aliases
            return True

    return header + yaml.dump(draft.as_yaml_data(), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)


def _entry_lines(dumped: str) -> list[tuple[int, str, int]]:
    """(first line, kind, index) of each entry of a dumped draft, in order."""
    entries, kind, index = [], None, -1
    for number, line in enumerate(dumped.splitlines(), start=1):
        if line in ("figures:", "quotes:", "contacts:", "other_numbers:"):
            kind, index = line[:-1], -1
        elif kind and line.startswith("- "):
            index += 1
            entries.append((number, kind, index))
    return entries


def draft_source(
    text: str,
    topics: list[Topic],
    topics_text: str,
    origin: str,
    ident: str | None = None,
    reserved: tuple[str, ...] = (),
    existing_ids: frozenset[str] = frozenset(),
) -> str:
    """A source file, as YAML, for a press release's text: validated as written, with ids that are none of
    `existing_ids` (the base it goes into)."""
    if ident is not None and (not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident) or ident in existing_ids):
        raise DraftError(
            f"'{ident}' cannot be the source's id: give lower-case words joined by hyphens, new to the base"
        )
    import tempfile

    from migfacts.validate import validate

    draft = _Draft(text, _source(text, ident))
    if ident is None:  # the id made from the title must be new to the base too
        base_id, n = draft.source["id"], 2
        while draft.source["id"] in existing_ids:
            draft.source["id"], n = f"{base_id}-{n}", n + 1
        draft.source["text"] = f"{draft.source['id']}.txt"
    article_topics = _article_topics(text, topics)
    draft.quotes = _quotes(text)
    draft.contacts, block_start = _contacts(text)
    mentions = find_numbers(text)
    skip: set[tuple[int, int]] = set()
    drafted: set[str] = set()  # an entry the same as one before (a sentence said twice) accounts for both places
    for index, mention in enumerate(mentions):
        if (mention.start, mention.end) in skip:
            continue
        reason = _reason(text, mention, block_start)
        if reason:
            if reason == "part of the contact block" and _is_phone_part(draft, mention):
                continue
            other = {"text": _window(text, mention), "reason": reason, "review": REVIEW}
            if _new(other, drafted):
                draft.other_numbers.append(other)
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        previous = draft.figures[-1] if draft.figures else None
        figure, used = _figure(text, mention, following, topics, article_topics, previous)
        skip |= {(m.start, m.end) for m in used}
        if _new(figure, drafted):
            draft.figures.append(figure)
    for entry in [*draft.quotes, *draft.contacts]:
        said = entry.get("text") or ""
        words = " ".join([entry.get("attribution") or entry.get("evidence") or "", *_as_list(said)])
        entry["topics"] = _topics(words, article_topics, topics)
    taken = {draft.source["id"], *existing_ids} | {
        "-".join(fold(w).split()) for t in topics for w in (t.id, *t.aliases)
    }
    _ids(draft, taken)
    for figure in draft.figures:
        for quote in draft.quotes:
            parts = quote["text"] if isinstance(quote["text"], list) else [quote["text"]]
            if any(find_verbatim(part, figure["evidence"]) for part in parts):
                figure["quote"] = quote["id"]
    ident = draft.source["id"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "topics.yaml").write_text(topics_text, encoding="utf-8")
        (root / "sources" / f"{ident}.txt").write_text(text, encoding="utf-8")
        dumped = _dump(draft, origin)
        for _ in range(8):
            (root / "sources" / f"{ident}.yaml").write_text(dumped, encoding="utf-8")
            problems = validate(root, reserved).problems
            if not problems or not _repair(draft, problems, dumped, root, mentions):
                break  # the draft as dumped
            dumped = _dump(draft, origin)
    return dumped


def _new(entry: dict[str, Any], drafted: set[str]) -> bool:
    """Whether an entry is unlike every one drafted before (noted in `drafted`): validate finds the same
    evidence at each of its places, so a copy would only be one more entry to review (and to search for)."""
    key = repr(entry)
    if key in drafted:
        return False
    drafted.add(key)
    return True


def _as_list(text: str | list[str]) -> list[str]:
    return text if isinstance(text, list) else [text]


def _is_phone_part(draft: _Draft, mention: NumberMention) -> bool:
    return any(c["phone"] and re.sub(r"\D", "", mention.text) in re.sub(r"\D", "", c["phone"]) for c in draft.contacts)


def _repair(draft: _Draft, problems: list, dumped: str, root: Path, mentions: list[NumberMention]) -> bool:
    """Mend what validate found: an entry that fails becomes a reasoned other_numbers entry or goes."""
    entries = _entry_lines(dumped)
    first_entry = entries[0][0] if entries else 10**9
    starts = [line for line, _, _ in entries]
    doomed: dict[str, set[int]] = {"figures": set(), "quotes": set(), "contacts": set(), "other_numbers": set()}
    changed = False
    lines: dict[tuple[str, int], list[NumberMention]] = {}  # each mention by its text and line, counted once
    windows = {other["text"] for other in draft.other_numbers}
    for problem in problems:
        if problem.path.suffix == ".txt" and "is not accounted for" in problem.message:
            number = problem.message.split("'")[1]
            if not lines:
                line, offset = 1, 0
                for mention in mentions:
                    line, offset = line + draft.text.count("\n", offset, mention.start), mention.start
                    lines.setdefault((mention.text, line), []).append(mention)
            for mention in lines.get((number, problem.line or 0), []):
                window = _window(draft.text, mention)
                if window not in windows:
                    windows.add(window)
                    draft.other_numbers.append(
                        {"text": window, "reason": "left for review by the draft", "review": REVIEW}
                    )
                    changed = True
            continue
        if problem.path.suffix != ".yaml" or problem.line is None:
            continue
        if problem.line < first_entry:
            changed |= _repair_source(draft, problem.message)
            continue
        at = bisect_right(starts, problem.line)  # the last entry that starts at or before the problem's line
        kind, index = (entries[at - 1][1], entries[at - 1][2]) if at else (None, None)
        if kind and index is not None:
            doomed[kind].add(index)
            if kind == "figures":
                draft.figures[index].setdefault("_why", problem.message)
    for kind, indexes in doomed.items():
        if not indexes:
            continue
        kept = [entry for i, entry in enumerate(getattr(draft, kind)) if i not in indexes]
        if kind == "figures":
            for i in sorted(indexes):
                figure = draft.figures[i]
                why = figure.get("_why", "").split(": ", 1)[-1]
                window = _figure_window(draft.text, figure, mentions)
                draft.other_numbers.append(
                    {"text": window, "reason": f"not drafted as a figure ({why})", "review": REVIEW}
                )
        setattr(draft, kind, kept)
        changed = True
    return changed


def _figure_window(text: str, figure: dict[str, Any], mentions: list[NumberMention]) -> str:
    value = Decimal(str(figure.get("value", figure.get("range", {}).get("low", 0))))
    start = text.find(" ".join(figure["evidence"].split()[:3]))
    for mention in mentions:
        if mention.value == value and mention.start >= max(0, start):
            return _window(text, mention)
    return _window(text, mentions[0])


def _repair_source(draft: _Draft, message: str) -> bool:
    key = message.split("'")[1] if message.startswith("'") else ""
    if key in ("dateline", "published") and draft.source.get(key) is not None:
        draft.source[key] = None
        if key == "published":
            draft.source["published_from"] = None
        return True
    return False


def write_draft(drafted: str, text: str, output: Path, force: bool = False) -> list[Path]:
    """Write the draft and its archived text into a folder (made if need be) or as the .yaml file named: both
    to temporary files first, then each renamed into place, so that a failure or an interrupt while writing
    leaves neither (and no temporary file). The draft names its JSON Schema where one is found beside the
    fact base."""
    import yaml

    from migfacts.jsonschemas import modeline_for

    ident = yaml.safe_load(drafted)["source"]["id"]
    if (output.suffix and output.suffix != ".yaml") or (
        output.exists() and not output.is_dir() and output.suffix != ".yaml"
    ):
        raise DraftError(f"{output}: give a folder, or a file name ending in .yaml")
    yaml_path = output if output.suffix == ".yaml" else output / f"{ident}.yaml"
    text_path = yaml_path.with_suffix(".txt")
    for path in (yaml_path, text_path):
        if path.is_dir():
            raise DraftError(f"{path}: is a folder; give another name with -o")
        if path.exists() and not path.is_file():
            raise DraftError(f"{path}: not a regular file (a device, a pipe or a socket)")
        if path.exists() and not force:
            raise DraftError(f"{path}: exists; give --force to overwrite it")
    return _write_both({text_path: text, yaml_path: modeline_for(yaml_path) + drafted})


def _write_both(contents: dict[Path, str]) -> list[Path]:
    """Each text to a temporary file beside its target, then every one renamed into place; should a rename
    fail, those made are undone (the files they replaced were kept as hard links). An error names the
    target, never a temporary file."""
    import os
    import tempfile

    from migfacts.errors import OutputError

    temporaries: dict[Path, str] = {}
    kept: dict[Path, str | None] = {}  # each target renamed over: the link to its old file, None if new
    done: list[Path] = []
    folder = next(iter(contents)).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{error.filename or folder}: cannot be written: {error.strerror or error}") from None
    try:
        mode = 0o666 & ~_umask()
        for path, content in contents.items():
            handle, temporaries[path] = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(content)
            os.chmod(temporaries[path], mode)
        for path, temporary in temporaries.items():
            kept[path] = _keep(path)
            os.replace(temporary, path)
            done.append(path)
    except BaseException as error:
        for renamed in done:  # undone: the old file back, or the new one gone
            old = kept[renamed]
            if old is not None:
                os.replace(old, renamed)
            else:
                renamed.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
        raise
    finally:
        for name in (*temporaries.values(), *(old for old in kept.values() if old)):
            Path(name).unlink(missing_ok=True)  # (gone once renamed)
    return list(contents)


def _keep(path: Path) -> str | None:
    """A hard link to the file at PATH, to restore it from; None when there is none (or links are not
    to be had on this file system: the rename then stands alone)."""
    import os
    import tempfile

    if not path.exists():
        return None
    name = tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old")
    try:
        os.link(path, name)
    except OSError:
        return None
    return name


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current
