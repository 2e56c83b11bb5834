"""Checks of an entry against its source's words: what the YAML says must be what the text says.

Each function takes a built model and returns (key, message) findings, placed by the caller at the
key's line. They catch the edits a careful reader would: a number given to the wrong figure, a
qualifier or a period the text does not give, a quote cut short or given to someone else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice, pairwise

from migfacts.formats import QUALIFIERS, REGIONS
from migfacts.models import Contact, Figure, Quote, Source
from migfacts.numbers import NumberMention, as_decimal, find_numbers, format_number
from migfacts.textnorm import find_verbatim, fold, verbatim_in_any
from migfacts.vocabulary import EVENTS, canon

Finding = tuple[str, str]

# ---- words ---------------------------------------------------------------------------------------

_FOLDED_QUALIFIERS = sorted({fold(q) for q in QUALIFIERS} | {"an estimated"}, key=len, reverse=True)
_GLUED = {q for q in _FOLDED_QUALIFIERS if len(q) >= 6}  # long enough to spot glued on: "andapproximately"
_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "per",
        "to",
        "from",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "were",
        "was",
        "is",
        "are",
        "be",
        "been",
        "than",
        "which",
        "who",
        "whom",
        "them",
        "it",
        "they",
        "we",
        "our",
        "all",
        "some",
        "more",
        "over",
        "about",
        "nearly",
        "almost",
        "close",
        "under",
        "up",
        "least",
        "most",
        "around",
        "roughly",
        "estimated",
        "approximately",
        "million",
        "billion",
        "thousand",
        "p",
    ]
)


def mentions(text: str, phrase: str) -> bool:
    """Whether a phrase stands in a text as whole words, ignoring case, accents and punctuation."""
    return f" {fold(phrase)} " in f" {fold(text)} "


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content_words(words: Iterable[str]) -> Iterable[str]:
    return (w for w in words if w not in _STOP and not w[0].isdigit())


# ---- figures -------------------------------------------------------------------------------------


def _mentions_in_text(text: str, figure: Figure) -> list[NumberMention]:
    """Where the figure's own numbers stand in the article, inside its evidence."""
    wanted = {as_decimal(v) for v in (figure.value, figure.range and figure.range.low) if v is not None}
    found = []
    for start, end in find_verbatim(text, figure.evidence)[:1]:
        found += [
            NumberMention(start + m.start, start + m.end, m.text, m.value)
            for m in find_numbers(text[start:end])
            if m.value in wanted
        ]
    return found[:1]


_QUALIFIER_ENDINGS = [
    ((f" {qualifier}", qualifier) if qualifier in _GLUED else (f" {qualifier}",), qualifier)
    for qualifier in _FOLDED_QUALIFIERS
]
_ANY_QUALIFIER_ENDING = tuple(ending for endings, _ in _QUALIFIER_ENDINGS for ending in endings)


def _qualifier_at_end(folded: str) -> str | None:
    if not folded.endswith(_ANY_QUALIFIER_ENDING):  # the usual case, in one test
        return None
    for endings, qualifier in _QUALIFIER_ENDINGS:
        if folded.endswith(endings):
            return "estimated" if qualifier == "an estimated" else qualifier
    return None  # pragma: no cover - one of the endings matched above


_SHARED = re.compile(r" \d\S*(?: million| billion| thousand)?(?: [a-z]\S*){0,2} and$")


def qualifier_before(text: str, mention: NumberMention) -> str | None:
    """The qualifier the text puts before a number: 'more than 376,800', or one shared with the number
    before it: 'about 258 million international and 760 million'."""
    before = " " + fold(text[max(0, mention.start - 120) : mention.start])
    stated = _qualifier_at_end(before)
    if stated is None and (shared := _SHARED.search(before)):
        stated = _qualifier_at_end(before[: shared.start()])
    return stated


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@lru_cache(maxsize=1024)
def _unit_words(unit: str, counts: str) -> tuple[set[str], set[str]]:
    """The stems of a figure's unit and counts, and the events they name (the unit's, else the counts')."""
    own = {_stem(w) for w in fold(f"{unit} {counts}").split()}
    stored = {canon(w) for w in fold(unit).split()} & EVENTS or {canon(w) for w in fold(counts).split()} & EVENTS
    return own, stored


def _belongs(text: str, mention: NumberMention, figure: Figure) -> bool:
    """A word next to the number in the text (the first after it, or the last before it) is in unit or counts,
    and what the text says happened to it (diagnosed, treating, deaths...) is what the figure says."""
    own, stored = _unit_words(figure.unit, figure.counts)
    rest = _SENTENCE_END.split(text[mention.end : mention.end + 80], maxsplit=1)[0]  # this sentence only
    after = next(iter(_content_words(fold(rest).split())), "")
    before_words = list(
        islice(_content_words(reversed(fold(text[max(0, mention.start - 80) : mention.start]).split())), 2)
    )
    near = [canon(w) for w in before_words[:2]] + [canon(after)] if after else [canon(w) for w in before_words[:2]]
    said = {w for w in near if w in EVENTS}
    if said and stored and not said & stored:
        return False
    if after:
        return _stem(after) in own
    return not before_words or _stem(before_words[0]) in own


_SPAN = re.compile(
    r"(?:from|between)\s+(\d{4})\s+(?:to|and|until)\s+(\d{4})|\b(\d{4})\s*[–-]\s*(\d{4})\b", re.IGNORECASE
)


def _may_state_a_span(evidence: str) -> bool:
    """Whether the evidence holds what every match of `_SPAN` does (a dash, "from" or "between", in any case):
    a test in a twentieth of the pattern's time, which most evidence fails."""
    lowered = evidence.lower()  # as re.IGNORECASE matches these letters (tested)
    return "-" in evidence or "–" in evidence or "from" in lowered or "between" in lowered


_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?!\d|,\d)")


def _period_findings(text: str, figure: Figure) -> list[Finding]:
    evidence, period = figure.evidence, figure.period
    if period is None:
        years = _YEAR.findall(evidence)
        if years and not figure.period_note:
            return [
                (
                    "period",
                    f"the evidence states the year {years[0]}: give the period, or say in period_note "
                    "why the figure has none",
                )
            ]
        return []
    if figure.period_note and not _YEAR.search(evidence):  # the period comes from elsewhere in the article
        missing = [y for y in {period.start.year, period.end.year} if not re.search(rf"\b{y}\b", text)]
        return [("period", f"the year {missing[0]} does not stand in the article")] if missing else []
    stated = {m.value for m in find_numbers(evidence)}
    missing = [y for y in sorted({period.start.year, period.end.year}) if as_decimal(y) not in stated]
    if missing:
        return [
            (
                "period",
                f"the evidence does not state the year {missing[0]}: quote the words that do, "
                "or say in period_note where the period comes from",
            )
        ]
    span = _SPAN.search(evidence) if _may_state_a_span(evidence) else None
    if span:
        first, last = (int(y) for y in span.groups() if y)
        if (period.start.year, period.end.year) != (first, last):
            return [("period", f"the evidence gives the span {first}–{last}: write period: {first}/{last}")]
    if "-" in period.text.split("/")[0] and not mentions(evidence, calendar.month_name[period.start.month]):
        return [("period", f"the evidence does not name the month {calendar.month_name[period.start.month]}")]
    return []


def _place_findings(text: str, figure: Figure) -> list[Finding]:
    where, scope = (text, "the article") if figure.places_note else (figure.evidence, "the evidence")
    findings = []
    for place in figure.places:
        if not place.country and place.name not in REGIONS:
            findings.append(("places", f"'{place.name}' is not a known region (see the README: places)"))
            continue
        names = REGIONS.get(place.name, (place.name,)) if not place.country else (place.name,)
        if not any(mentions(where, name) for name in names):
            hint = "" if figure.places_note else ", or say in places_note where the article gives it"
            findings.append(("places", f"'{place.name}' does not stand in {scope}{hint}"))
    return findings


def figure_findings(text: str, figure: Figure, quotes: Iterable[Quote]) -> list[Finding]:
    """Qualifier, unit, period, places, rate and quote of a figure, against the article."""
    findings: list[Finding] = []
    for mention in _mentions_in_text(text, figure):
        stated = qualifier_before(text, mention)
        given = fold(figure.qualifier) if figure.qualifier else None
        if given != stated:
            if stated:
                findings.append(("qualifier", f"the text says '{stated} {mention.text}': set qualifier: {stated}"))
            else:
                findings.append(("qualifier", f"the text gives no '{figure.qualifier}' before {mention.text}"))
        if figure.range is None and figure.unit != "percent" and not _belongs(text, mention, figure):
            findings.append(
                (
                    "counts",
                    f"the words around {mention.text} in the text are not in unit or counts: "
                    "is this number this figure's?",
                )
            )
    if figure.per:
        amount = f"per {format_number(figure.per.value)} {figure.per.unit}" if figure.per.value != 1 else ""
        if not mentions(figure.evidence, amount or f"per {figure.per.unit}"):
            findings.append(("per", f"the evidence does not say '{amount or 'per ' + figure.per.unit}'"))
    findings += _period_findings(text, figure)
    findings += _place_findings(text, figure)
    inside = [q for q in quotes if verbatim_in_any(q.parts, figure.evidence)]
    if figure.quote and figure.quote not in inside:
        findings.append(("quote", f"the evidence is not within the quote '{figure.quote.id}'"))
    if not figure.quote and inside:
        findings.append(("evidence", f"the evidence is inside the quote '{inside[0].id}': add quote: {inside[0].id}"))
    return findings


# ---- quotes --------------------------------------------------------------------------------------

_OPEN_CLOSE = {"“": "”", '"': '"', "«": "»", "„": "“"}
_OPENING = re.compile("[" + "".join(_OPEN_CLOSE) + "]")
_BETWEEN = re.compile(r"[\s,.;:!?“”\"«»„]*")
_PRONOUN_SAID = re.compile(r"\b(?:she|he|they)\s+(?:said|says|added|explained|noted|stated|continued)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"(?:\r?\n|\r)\s*(?:\r?\n|\r)")


@lru_cache(maxsize=16)
def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside quotation marks; a quote left open at a paragraph's end closes there. Where a straight
    mark that should close a quote opens one instead (`"We helped people in "Kenya" last year"`), which
    marks pair is unclear: the rest of that paragraph gives no span, so no quote is read from it."""
    spans, index = [], 0
    while opening := _OPENING.search(text, index):
        index = opening.start()
        closing = _OPEN_CLOSE[text[index]]
        end = text.find(closing, index + 1)
        paragraph = _PARAGRAPH_BREAK.search(text, index + 1)
        if end == -1 or (paragraph and paragraph.start() < end):
            end = paragraph.start() if paragraph else len(text)
        elif closing == '"' and _opens(text, end):
            index = paragraph.start() if paragraph else len(text)
            continue
        spans.append((index + 1, end))
        index = end + 1
    return spans


def _opens(text: str, index: int) -> bool:
    """The straight mark at INDEX opens a quotation: a space before it, a word after it."""
    return text[index - 1].isspace() and index + 1 < len(text) and text[index + 1].isalnum()


def _is_whole_quote(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """The part is a quoted passage: from its opening mark to its closing one, trailing punctuation aside."""
    return any(
        text[s:start].strip() == "" and _BETWEEN.fullmatch(text[end:e]) is not None for s, e in spans if s <= start <= e
    )


_SAID_WORDS = set(
    "said says explained stated added noted emphasized emphasised highlighted declared affirmed according "
    "dijo afirmo explico senalo declaro agrego".split()
)
_TITLE_WORDS = {"dr", "mr", "mrs", "ms", "prof", "he", "h"}
_ROLE_WORDS_FOLDED = set(
    "iom un director general deputy chief head minister vice spokesperson spokesman spokeswoman regional "
    "coordinator officer manager president secretary ambassador representative advisor adviser executive".split()
)


def quote_findings(text: str, quote: Quote) -> list[Finding]:
    """Each part a whole quoted passage, the parts and the attribution side by side, the speaker named first."""
    spans = quoted_spans(text)
    places = [find_verbatim(text, part) for part in quote.parts]
    findings: list[Finding] = []
    for part, found in zip(quote.parts, places, strict=True):
        if found and not any(_is_whole_quote(text, s, e, spans) for s, e in found):
            findings.append(
                (
                    "text",
                    f"'{part[:40]}…' is not a whole quoted passage: the part must run from the "
                    "opening quotation mark to the closing one",
                )
            )
    attribution = find_verbatim(text, quote.attribution)
    firsts = [found[0] for found in places if found]
    if attribution and len(firsts) == len(quote.parts):
        said = " ".join(quote.attribution.split())
        for (_, end), (start, _) in pairwise(firsts):
            gap = " ".join(text[end:start].split()).replace(said, "", 1)
            gap = _PRONOUN_SAID.sub("", gap)  # "…,” she said. “…"
            if end > start or not _BETWEEN.fullmatch(gap):
                findings.append(("text", "the parts are not consecutive passages of one quote"))
                break
        a_start, a_end = attribution[0]
        gaps = [text[a_end:s] if a_end <= s else text[e:a_start] for s, e in firsts if a_end <= s or e <= a_start]
        beside = any(_BETWEEN.fullmatch(gap) for gap in gaps)
        if not beside:
            findings.append(("attribution", "the attribution does not stand next to the quote"))
    words = fold(quote.attribution).split()
    name = fold(quote.speaker).split()
    lead = 0
    if words[:2] == ["according", "to"]:
        lead = 2
    elif words[:1] and words[0] in _SAID_WORDS:
        lead = 1
    if lead:  # "said IOM Director General António Vitorino": role words between the verb and the name
        while words[lead : lead + 1] and words[lead] in _ROLE_WORDS_FOLDED and words[lead : lead + len(name)] != name:
            lead += 1
    if words[lead : lead + 1] and words[lead] in _TITLE_WORDS:
        lead += 1
    by_surname = words[lead : lead + 1] == name[-1:] and mentions(text, quote.speaker)  # "added Doe"
    if words[lead : lead + len(name)] != name and not by_surname:  # "Jane Doe", "said Jane Doe", "said Dr Jane Doe"
        findings.append(("speaker", f"the attribution does not open with the speaker '{quote.speaker}'"))
    if quote.role and not mentions(quote.attribution, quote.role):
        findings.append(("role", f"'{quote.role}' is not in the attribution"))
    rest = quote.attribution.split(quote.speaker, 1)[-1] if quote.speaker in quote.attribution else ""
    if quote.role is None and re.match(r"\s*,\s*\w+", rest):
        findings.append(
            ("role", "the attribution gives a role after the name: write it (null is for a role not given)")
        )
    if quote.organisation:
        where, scope = (text, "the article") if quote.organisation_note else (quote.attribution, "the attribution")
        if not mentions(where, quote.organisation):
            hint = "" if quote.organisation_note else " (say in organisation_note where the article gives it)"
            findings.append(("organisation", f"'{quote.organisation}' is not in {scope}{hint}"))
    return findings


# ---- contacts ------------------------------------------------------------------------------------

_PHONE_LIKE = re.compile(r"\(?\+?\d[\d\s().-]{4,}\d")
_EMAIL = re.compile(r"[^@\s:;,]+@[^@\s]+\.\w+")


def phone_digits(text: str) -> str:
    """A phone number's digits and plus sign, without spaces, dots, dashes or brackets."""
    return re.sub(r"[^\d+]", "", text)


def contact_findings(text: str, contact: Contact) -> list[Finding]:
    findings: list[Finding] = []
    found = find_verbatim(text, contact.evidence)
    lead = text[max(0, found[0][0] - 300) : found[0][0]] if found else ""
    if not re.search(r"contact", contact.evidence + " " + lead.rsplit("\n\n\n", 1)[-1], re.IGNORECASE):
        findings.append(
            ("evidence", "a contact's evidence is the release's contact line ('For more information, contact …')")
        )
    if not mentions(contact.evidence, contact.name):
        findings.append(("name", f"'{contact.name}' is not in the contact's evidence"))
    if contact.phone and phone_digits(contact.phone) not in {
        phone_digits(run) for run in _PHONE_LIKE.findall(contact.evidence)
    }:
        findings.append(("phone", f"{contact.phone} is not the phone number in the contact's evidence"))
    if contact.email and not find_verbatim(contact.evidence, contact.email):
        findings.append(("email", f"{contact.email} is not in the contact's evidence"))
    if contact.email is None and _EMAIL.search(contact.evidence):
        findings.append(("email", "the contact's evidence gives an email address: write it"))
    if contact.phone is None and _PHONE_LIKE.search(contact.evidence):
        findings.append(("phone", "the contact's evidence gives a phone number: write it"))
    if contact.organisation:
        where, scope = (text, "the article") if contact.organisation_note else (contact.evidence, "the evidence")
        if not mentions(where, contact.organisation):
            findings.append(("organisation", f"'{contact.organisation}' is not in {scope}"))
    return findings


# ---- sources -------------------------------------------------------------------------------------

_MONTHS = "|".join(calendar.month_name[1:])
_SHORT_MONTHS = "|".join(calendar.month_abbr[1:])


def _month(name: str) -> int:
    return [m.lower()[:3] for m in calendar.month_abbr].index(name.lower()[:3])


_HEADER_DATES = (
    (re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b"), lambda m: (m[3], m[2], m[1])),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (m[1], m[2], m[3])),
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}|{_SHORT_MONTHS})\.? (\d{{4}})\b"), lambda m: (m[3], _month(m[2]), m[1])),
    (re.compile(rf"\b({_MONTHS}|{_SHORT_MONTHS})\.? (\d{{1,2}}),? (\d{{4}})\b"), lambda m: (m[3], _month(m[1]), m[2])),
)
HEADER_LINES = 8


def header_date(text: str) -> dt.date | str | None:
    """A date written at the head of an archived text; the text itself when it is no real date."""
    head = "\n".join(text.splitlines()[:HEADER_LINES])
    for pattern, parts in _HEADER_DATES:
        if match := pattern.search(head):
            year, month, day = (int(p) for p in parts(match))
            try:
                return dt.date(year, month, day)
            except ValueError:
                return match.group(0)
    return None


def source_findings(source: Source) -> list[Finding]:
    text, findings = source.text, []
    stated = header_date(text)
    if isinstance(stated, str):
        findings.append(("published", f"the head of the text has '{stated}', which is not a real date"))
    elif stated and source.published != stated:
        findings.append(
            ("published", f"the text gives the date {stated.isoformat()}, not {source.published or 'null'}")
        )
    elif source.published and not stated:
        copies = {copy.published for copy in source.copies}
        written = header_date(source.published_from or "")
        if source.published not in copies and written != source.published:
            findings.append(
                (
                    "published",
                    "the text gives no date: write the date in published_from with where it "
                    "comes from (or give the copy it is taken from)",
                )
            )
    if source.dateline:
        opens = re.compile(rf"\s*{re.escape(source.dateline)}\b[^\n]{{0,40}}?\s[–—-]\s", re.IGNORECASE)
        if not any(opens.match(line) for line in text.splitlines()):
            findings.append(("dateline", f"no paragraph of the text opens with '{source.dateline} –'"))
    if not mentions(text, source.title):
        findings.append(("title", "the title does not stand in the text"))
    return findings
