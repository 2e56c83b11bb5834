"""Reading a claim as people write it: its numbers, their qualifiers and units, the years it speaks of.

"IOM detected 584 TB cases in 2018", "1.3M deaths", "ninety per cent", "155 per 100,000",
"between 2010 and 2016", and the same in Spanish ("La OIM detectó 584 casos activos de tuberculosis
en 2018"). Number words are read by text2num (English and Spanish); the rest is here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from migfacts.numbers import MAX_DIGITS
from migfacts.textnorm import fold
from migfacts.years import YearSpan

SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "mil": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mio": 10**6,
    "bln": 10**9,
    "millón": 10**6,
    "thousands": 10**3,
    "millon": 10**6,
    "millones": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
}
_SPANISH = set(
    (
        "de la el en los las del que y por con una un casos caso personas detecto detectaron muertes "
        "millones millon migrantes tuberculosis oim fueron entre desde hasta durante mas cerca casi "
        "alrededor unos unas se"
    ).split()
)
_ENGLISH = set(("the of in and was were by with from to people cases deaths migrants detected about more than").split())

# Qualifiers as claims write them, each to the sense the checker uses.
QUALIFIER_WORDS: list[tuple[str, str]] = sorted(
    [
        ("about", "about"),
        ("approximately", "about"),
        ("around", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("estimated", "about"),
        ("nearly", "close to"),
        ("almost", "close to"),
        ("close to", "close to"),
        ("just under", "close to"),
        ("approx", "about"),
        ("approx.", "about"),
        ("est.", "about"),
        ("ca.", "about"),
        ("more than", "more than"),
        ("over", "more than"),
        ("upwards of", "more than"),
        ("in excess of", "more than"),
        ("at least", "at least"),
        ("no fewer than", "at least"),
        ("no less than", "at least"),
        ("not less than", "at least"),
        ("not fewer than", "at least"),
        ("less than", "less than"),
        ("fewer than", "less than"),
        ("under", "less than"),
        ("up to", "at most"),
        ("at most", "at most"),
        ("no more than", "at most"),
        ("not more than", "at most"),
        ("alrededor de", "about"),
        ("aproximadamente", "about"),
        ("unos", "about"),
        ("unas", "about"),
        ("cerca de", "close to"),
        ("casi", "close to"),
        ("mas de", "more than"),
        ("menos de", "less than"),
        ("al menos", "at least"),
        ("como minimo", "at least"),
        ("como maximo", "at most"),
        ("no mas de", "at most"),
        ("no menos de", "at least"),
    ],
    key=lambda pair: -len(pair[0]),
)

_PERCENT_WORDS = re.compile(r"\b(?:per\s*cent|percent|por\s+ciento)\b", re.IGNORECASE)
# A leading 0 groups no thousands: 0.584 and 0,584 are decimals in any language, never 584.
_NUMBER = r"(?:[1-9]\d*(?:[.,\s]\d{3})*|0)(?:[.,]\d+)?|\d+"
_SCALE_WORDS = "|".join(sorted(SCALES, key=len, reverse=True))
_REPEATED_SCALES = ("thousand", "thousands", "million", "millions", "billion", "mil", "millón", "millon", "millones")
"""Scales a scale may follow, each multiplying the last: '10 million million' (10^13), 'mil millones' (10^9)."""
_SCALED = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s*((?:{_SCALE_WORDS})(?:\s+(?:{'|'.join(_REPEATED_SCALES)}))*)\b", re.IGNORECASE
)
_EXPONENT = r"(?:[eE](?P<exponent>[+-]?\d{1,6})(?!\d))"
"""Scientific notation: 1.3e6 is 1,300,000."""
_QUANTITY = re.compile(rf"(?<![\w.,])(?P<number>{_NUMBER}){_EXPONENT}?(?P<percent>\s*%)?(?![\w]|[.,]\d)")
_MINUS = re.compile(r"(?:^|(?<=[\s(\[]))[-\u2212]$")
"""A minus sign that starts a number: -1.3 million (not the dash of 2010-2016 or 90-100%)."""
_RANGE_TO = re.compile(r"^\s*%?\s*(?:to|and|-|–|a|y)\s*$", re.IGNORECASE)
_RELATIVE_YEARS = re.compile(
    r"\b(?:last|this|next|previous|past)\s+year\b|\bthe\s+year\s+before\b|\bel\s+a[nñ]o\s+pasado\b|"
    r"\beste\s+a[nñ]o\b",
    re.IGNORECASE,
)


@dataclass
class Quantity:
    """One number of a claim, read as the claim means it."""

    value: Decimal
    text: str
    start: int
    end: int
    qualifier: str | None = None
    percent: bool = False
    per: Decimal | None = None
    high: Decimal | None = None  # a range: value to high
    other: str | None = None  # money ("$2.5M") or a ratio ("1 in 4"): no figure counts such things
    negative: bool = False  # written with a minus sign: -1.3 million (the value is its size, 1.3 million)
    denied: str | None = None  # the word that denies it: "did *not* detect 584 cases"


@dataclass
class Claim:
    text: str
    language: str
    quantities: list[Quantity]
    years: YearSpan | None
    relative_year: bool
    words: list[str] = field(default_factory=list)
    normalized: str = ""
    months: tuple[int, ...] = ()
    """The months (1-12) the claim names before a year: 'March 2019', 'marzo de 2019'."""

    def period_text(self) -> str:
        """March 2019, or the years: what the claim says of its period."""
        if self.months and self.years and self.years.first == self.years.last:
            return " and ".join(f"{calendar.month_name[month]} {self.years.first}" for month in self.months)
        return str(self.years)


def language_of(text: str) -> str:
    words = fold(text).split()
    spanish = sum(word in _SPANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "es" if spanish > english else "en"


def parse_decimal(text: str) -> Decimal | None:
    """376,800 / 376.800 / 376 800 / 1.3 / 1,3: a separator before exactly three digits groups thousands,
    any other is the decimal point, whichever the language; after a lone 0 it is always the decimal point
    (0.584, 0,584). None for what is no such number, or one of more than `MAX_DIGITS` digits (no count a
    claim makes)."""
    raw = text.strip().replace("\u00a0", " ")
    grouped = re.fullmatch(r"([1-9]\d{0,2}(?:([.,\s])\d{3})(?:\2\d{3})*)(?:[.,](\d+))?", raw)
    if grouped and not (grouped.group(3) and grouped.group(2) in ".," and len(grouped.group(3)) == 3):
        integer, fraction = re.sub(r"\D", "", grouped.group(1)), grouped.group(3)
    elif plain := re.fullmatch(r"(\d+)(?:[.,](\d+))?", raw):
        integer, fraction = plain.group(1), plain.group(2)
    else:
        return None
    if len(integer) + len(fraction or "") > MAX_DIGITS:
        return None
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None


def _times_ten_to(number: Decimal, exponent: int) -> Decimal | None:
    """NUMBER x 10^EXPONENT, or None past `MAX_DIGITS` digits (no count) or below a millionth."""
    value = number.scaleb(exponent)
    if value and not -6 <= value.adjusted() < MAX_DIGITS:
        return None
    return value if value != value.to_integral_value() else value.quantize(Decimal(1))


_NEGATIONS = {"not", "never", "no", "nunca", "neither", "nor", "ni", "cannot"}
_NOT_DENYING = re.compile(r"\b(?:not|no)\s+(?:only|just|solo|sólo|solamente|least|fewer|less|more)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:,!?()¿¡—–]\s|[.;:!?]$|\d|\b(?:and|y|but|pero|sino|although|while|whereas)\s")


def _denial(before: str) -> str | None:
    """The word that denies a number, in the clause before it (since a punctuation mark, a number or 'and'):
    'IOM did *not* detect 584 cases', 'IOM *didn't* detect', 'la OIM *no* detectó'. 'not only', 'no more
    than' and the like deny nothing."""
    clause = before[-120:]
    ends = list(_CLAUSE_END.finditer(clause))
    clause = _NOT_DENYING.sub(" ", clause[ends[-1].end() :] if ends else clause)
    for word in re.findall(r"[\w']+", clause.lower().replace("’", "'")):
        if word in _NEGATIONS or word.endswith("n't"):
            return word
    return None


def _with_scales(text: str, language: str) -> str:
    """'1.3 million', '1.3M', '258m', '1,3 millones' written out in digits, before text2num reads words."""

    def write_out(match: re.Match[str]) -> str:
        number = parse_decimal(match.group(1))
        if number is None:  # a number too long to read takes its scale along: no "million" is left to read
            return match.group(1) if len(re.sub(r"\D", "", match.group(1))) > MAX_DIGITS else match.group(0)
        value = number
        for scale in match.group(2).split():
            value *= SCALES[scale.lower()]
        if value.adjusted() >= MAX_DIGITS:  # 10 million million million million million: no count
            return match.group(1) + "0" * MAX_DIGITS
        return str(int(value)) if value == value.to_integral_value() else str(value)

    return _SCALED.sub(write_out, text)


def _words_to_digits(text: str, language: str) -> str:
    from text_to_num import alpha2digit  # only `check` pays for it

    try:
        return alpha2digit(text, language)
    except Exception:
        return text


def _qualifier_before(text: str) -> str | None:
    before = f" {fold(text[-40:])}"
    for words, sense in QUALIFIER_WORDS:
        if before.endswith(f" {fold(words)}"):
            return sense
    return None


_NO_COUNTS = re.compile(
    r"\S+@\S+\.\w+"  # an email address
    r"|(?:\b(?:tel|phone|mobile|mob|cell|fax|tél|teléfono|telefono|móvil)\b\.?:?\s*)\+?\(?[0-9][0-9 ().-]{5,}[0-9]"
    r"|\+[0-9][0-9 ().-]{6,}[0-9]"  # a phone number
    r"|(?<=[^\s\[])\[[0-9]{1,3}\]"  # a footnote marker: migrants[1], in 2017[2]
    r"|\b[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[12][0-9]{3}\b",  # a date, 22 / 03 / 2019
    re.IGNORECASE,
)
"""What holds digits but states no count: blanked (its length kept) before a claim's numbers are read."""


def parse_claim(text: str) -> Claim:
    """A claim's numbers, qualifiers, units and years."""
    language = language_of(text)
    normalized = _NO_COUNTS.sub(lambda match: " " * len(match.group(0)), text)
    normalized = _PERCENT_WORDS.sub("%", normalized)
    normalized = _with_scales(normalized, language)
    normalized = _words_to_digits(normalized, language)
    normalized = _with_scales(normalized, language)  # "1.3 1000000" that text2num may leave
    quantities: list[Quantity] = []
    years: list[int] = []
    for match in _QUANTITY.finditer(normalized):
        number = parse_decimal(match.group("number"))
        if number is not None and match.group("exponent"):
            number = _times_ten_to(number, int(match.group("exponent")))
        if number is None:
            continue
        before = normalized[: match.start()]
        span_year = re.search(r"[0-9]{4}\s*[-–]\s*$", before[-40:]) or re.match(
            r"\s*[-–]\s*[0-9]{4}\b", normalized[match.end() :]
        )
        is_year = (
            number == number.to_integral_value()
            and 1900 <= number <= 2100
            and not match.group("percent")
            and re.fullmatch(r"\d{4}", match.group("number").strip())
            and not match.group("exponent")
            and (
                span_year
                or (
                    _qualifier_before(before) is None
                    and (
                        _YEAR_BEFORE.search(before[-16:])
                        or not _counts_something(normalized[match.end() : match.end() + 30])
                    )
                )
            )
        )
        if is_year:
            years.append(int(number))
            continue
        between = normalized[quantities[-1].end : match.start()].strip().lower() if quantities else ""
        if quantities and quantities[-1].other == "ratio" and between in ("in", "out of", "de cada"):
            continue  # the 4 of "1 in 4"
        if quantities and quantities[-1].per is None and _per_target(normalized, quantities[-1], match.start()):
            quantities[-1].per = number
            continue
        if quantities and _RANGE_TO.fullmatch(normalized[quantities[-1].end : match.start()]):
            quantities[-1].high = number
            quantities[-1].percent = quantities[-1].percent or bool(match.group("percent"))
            quantities[-1].end = match.end()
            continue
        after = normalized[match.end() : match.end() + 12]
        other = (
            "money"
            if _MONEY_BEFORE.search(before[-4:]) or _MONEY_AFTER.match(after)
            else "ratio"
            if number < 100 and _RATIO.match(after)
            else None
        )
        quantities.append(
            Quantity(
                value=number,
                text=match.group(0).strip(),
                start=match.start(),
                end=match.end(),
                qualifier=_qualifier_before(before),
                percent=bool(match.group("percent")),
                other=other,
                negative=bool(_MINUS.search(before[-2:])),
                denied=_denial(before),
            )
        )
    span = YearSpan(min(years), max(years)) if years else None
    months = tuple(dict.fromkeys(MONTHS[fold(match.group(1))] for match in _MONTH_YEAR.finditer(text)))
    return Claim(
        text,
        language,
        quantities,
        span,
        bool(_RELATIVE_YEARS.search(text)),
        fold(normalized).split(),
        normalized,
        months,
    )


_MONTH_NAMES = (
    "january february march april may june july august september october november december "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()
MONTHS = {name: index % 12 + 1 for index, name in enumerate(_MONTH_NAMES)} | {"setiembre": 9}
_MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)})(?:\s+de)?\s+[12][0-9]{{3}}\b", re.IGNORECASE)


_COUNTED_NOUNS = re.compile(
    r"^\s*(?:[a-z]+\s+)?(?:cases?|casos?|people|persons|personas|migrants?|migrantes?|deaths?|muertes?|"
    r"assessments?|evaluaciones|volunteers?|voluntari[oa]s|surveys?|encuestas?|countries|pa[ií]ses|refugees?|"
    r"refugiad[oa]s|patients?|pacientes?|children|ni[nñ]os|dollars?|d[oó]lares|usd|euros?)\b",
    re.IGNORECASE,
)


_YEAR_BEFORE = re.compile(
    r"(?:['’]s|\b(?:in|since|during|between|from|until|of|en|desde|entre|durante|hasta|del|year|a[nñ]o)|"
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|enero|febrero|"
    r"marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre))\s*$",
    re.IGNORECASE,
)


_RATIO = re.compile(r"\s+(?:in|out\s+of|de\s+cada)\s+[0-9]{1,3}(?![0-9])", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥]|US\$|USD|EUR)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|d[oó]lares|euros?|usd|eur|francs?|pounds?)\b", re.IGNORECASE)


def _counts_something(after: str) -> bool:
    """Whether a number is followed by what it counts (2018 cases), which makes it no year."""
    return bool(_COUNTED_NOUNS.match(after))


def _per_target(text: str, quantity: Quantity, start: int) -> bool:
    """Whether the number at `start` is the denominator of a rate: '155 per 100,000'."""
    between = text[quantity.end : start]
    return bool(re.fullmatch(r"\s*(?:[a-zA-Z]+\s+){0,4}(?:per|por\s+cada|por|for\s+every)\s*", between, re.IGNORECASE))


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")


ABBREVIATIONS = set(
    (
        "approx est ca c no nos nº num núm vol fig p pp e.g i.e eg ie cf vs mr mrs ms dr prof st jr sr sra srta dra "
        "mt ft gen gov col lt jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic aprox"
    ).split()
)
"""Words whose period ends no sentence: 'approx. 1.3 million', 'Jan. 2019', 'e.g. Kenya', 'Dr. Smith'."""
_ABBREVIATION_BEFORE = re.compile(r"(?:^|[\s(\[\"“‘])([^\s(\[\"“‘]+)\.$")


def _ends_a_sentence(before: str) -> bool:
    """Whether the period that ends BEFORE (the last 40 characters of a sentence) ends it: not after an
    abbreviation (approx.) or a dotted one (U.S., e.g.)."""
    if not before.endswith("."):
        return True
    word = _ABBREVIATION_BEFORE.search(before)
    if word is None:
        return True
    word = word.group(1).lower()
    return word not in ABBREVIATIONS and not re.fullmatch(r"(?:\w\.)+\w", word)


def sentences(text: str) -> list[str]:
    """The claims of a file: one a line, and a line that holds a paragraph split into its sentences."""
    found = []
    for line in text.splitlines():
        start = 0
        for end in _SENTENCE_END.finditer(line):
            if _ends_a_sentence(line[max(start, end.start() - 40) : end.start()]):
                found.append(line[start : end.end()])
                start = end.end()
        found.append(line[start:])
    return [part.strip() for part in found if part.strip()]
