"""`check`: is this number right? A claim against the figures of the fact base.

For each number a claim states, the checker finds the stored figures on the same subject (what is
counted, with what words, on which topic) and compares the number within what each qualifier allows,
then the period and the place. A claim is `supported` when every number is, `contradicted` when a
figure on the same subject says otherwise, and `unverified` when nothing in the base speaks to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from migfacts.claims import QUALIFIER_WORDS, Claim, Quantity, parse_claim
from migfacts.models import FactBase, Figure
from migfacts.numbers import format_number
from migfacts.textnorm import fold
from migfacts.vocabulary import EVENTS, canon

SENSES = dict(QUALIFIER_WORDS)
"""Each qualifier, as claims and fact files write it, to the sense the checker compares by."""
SUPPORTED, CONTRADICTED, UNVERIFIED = "supported", "contradicted", "unverified"
VERDICTS = (SUPPORTED, CONTRADICTED, UNVERIFIED)

# What is counted: the words after a number say which of these it is, and the figure must count the same.
NOUN_CONTRASTS = [
    {"international", "internal"},
    {"death", "case"},
    {"assessment", "case"},
    {"volunteer", "survey", "country"},
]
# What happened to it: when both the claim and the figure say, they must say the same.
_MODIFIERS = {"new", "active", "international", "internal", "tb", "health", "pre", "departure", "participating"}
"""Words that stand between a number and what it counts: 584 *active TB* cases."""
_STOP = set(
    (
        "them they he she him her we us you ellos ellas el ella les quienes nosotros "
        "a an the of in on at to for from by with and or as is are was were be been that this these those "
        "it its their iom oim de la el en los las del y por con una un que se su sus more than over about "
        "nearly almost close some around roughly estimated approximately under less fewer least up mas "
        "menos cerca casi alrededor unos unas which who per cent percent year years ano anos"
    ).split()
)
_TOPIC_TERMS = {"tb": "tb", "roadshow": "c4d", "c4d": "c4d"}


def terms(text: str) -> list[str]:
    return [canon(w) for w in fold(text).split() if w not in _STOP and not w[0].isdigit()]


@dataclass
class _Profile:
    """What a figure counts, in canonical terms."""

    figure: Figure
    unit: set[str]
    counts: set[str]
    counted: set[str]
    subject: set[str]

    @classmethod
    def of(cls, figure: Figure) -> _Profile:
        unit, counts = set(terms(figure.unit)), terms(figure.counts)
        counted = unit | set(counts[:5]) | (set(terms(figure.per.unit)) if figure.per else set())
        places = {term for place in figure.places for term in terms(place.name)}
        return cls(figure, unit, set(counts), counted, counted | set(counts) | set(figure.topics) | places)

    def contrast_terms(self, group: set[str]) -> set[str]:
        per = set(terms(self.figure.per.unit)) if self.figure.per else set()
        return ((self.unit | per) & group) or (self.counts & group)


@dataclass
class Finding:
    """The answer for one number of a claim."""

    verdict: str
    quantity: Quantity
    figure: Figure | None
    explanation: str


@dataclass
class Verdict:
    claim: str
    verdict: str
    explanation: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        return [f.figure for f in self.findings if f.figure is not None]


def _interval(value: Decimal, high: Decimal | None, qualifier: str | None) -> tuple[Decimal, Decimal]:
    """The values a number with its qualifier allows."""
    low, high = value, high if high is not None else value
    sense = SENSES.get(qualifier or "", qualifier)
    if sense == "about":
        return low * Decimal("0.95"), high * Decimal("1.05")
    if sense == "close to":
        return low * Decimal("0.9"), high
    if sense in ("more than", "at least"):
        return low, high * Decimal("1.1")
    if sense in ("less than", "at most"):
        return low * Decimal("0.9"), high
    return low * Decimal("0.995"), high * Decimal("1.005")  # as written, rounding aside


BOUNDS = {"more than", "at least", "less than", "at most"}
"""The qualifiers that bound a number on one side, which a claim's number is checked against as a bound."""


def _stored_values(figure: Figure) -> tuple[Decimal, bool, Decimal, bool]:
    """The values a figure with its qualifier stands for, as a source means it: (low, low end excluded,
    high, high end excluded). Exactly 584 is 584; about 1.3 million, 5% either way; close to 300 million,
    up to 10% under it; more than 376,800, above it by up to 10% (a source that says 'more than 50' for
    500 would have said 500); less than N, under it by up to 10%."""
    value = Decimal(str(figure.range.low if figure.range else figure.value))
    high = Decimal(str(figure.range.high)) if figure.range else value
    sense = SENSES.get(figure.qualifier or "", figure.qualifier)
    if sense is None:
        return value, False, high, False
    low, top = _interval(value, high, sense)
    return low, sense == "more than", top, sense in ("less than", "close to")


def _bound_holds(quantity: Quantity, figure: Figure) -> bool | None:
    """Whether a claim's bound ('more than 500', 'at most 600') holds for a figure: True when every value
    the figure stands for is within it, False when none is, None when the figure cannot say (about 1.3
    million is not 'more than 1.3 million', nor less). The bound itself is in or out as the words say:
    'more than 584' and 'less than 584' exclude 584 itself, 'at least' and 'at most' include it."""
    low, low_open, high, high_open = _stored_values(figure)
    if quantity.qualifier in ("more than", "at least"):
        bound = quantity.value
        if low > bound or (low == bound and (low_open or quantity.qualifier == "at least")):
            return True
        if high < bound or (high == bound and (high_open or quantity.qualifier == "more than")):
            return False
        return None
    bound = quantity.high if quantity.high is not None else quantity.value
    if high < bound or (high == bound and (high_open or quantity.qualifier == "at most")):
        return True
    if low > bound or (low == bound and (low_open or quantity.qualifier == "less than")):
        return False
    return None


def _number_agrees(quantity: Quantity, figure: Figure) -> bool | None:
    """Whether the claim's number is one the stored figure, with its qualifier, allows; None for a bound
    the figure neither meets nor breaks (see `_bound_holds`), and False for a number written negative."""
    if quantity.negative:
        return False
    if quantity.qualifier in BOUNDS:
        return _bound_holds(quantity, figure)
    stored_value = Decimal(str(figure.range.low if figure.range else figure.value))
    stored_high = Decimal(str(figure.range.high)) if figure.range else None
    s_low, s_high = _interval(stored_value, stored_high, figure.qualifier)
    value, high = quantity.value, quantity.high if quantity.high is not None else quantity.value
    if quantity.qualifier == "close to":  # "almost 300 million" for "close to 300 million", or for 290 million
        return s_low <= value * Decimal("1.005") and value * Decimal("0.9") <= s_high
    if figure.range and quantity.high is not None:  # a range claimed for a range: the same ends
        r_low, r_high = _interval(Decimal(str(figure.range.low)), None, None)
        h_low, h_high = _interval(Decimal(str(figure.range.high)), None, None)
        return r_low <= value <= r_high and h_low <= high <= h_high
    return s_low <= value <= s_high and s_low <= high <= s_high


def _kind_agrees(quantity: Quantity, figure: Figure) -> bool:
    if quantity.other:  # money, ratios: no figure here counts them
        return False
    if figure.unit == "percent":
        return quantity.percent
    if figure.per and figure.per.value != 1:
        return quantity.per is not None and quantity.per == Decimal(str(figure.per.value))
    return not quantity.percent and quantity.per is None


def _clause(claim: Claim, index: int) -> str:
    """The words that belong to one number: from the claim's start (or the few words before it, after another
    number) to the next number."""
    quantities = claim.quantities
    end = quantities[index + 1].start if index + 1 < len(quantities) else len(claim.normalized)
    if not index:
        return claim.normalized[:end]
    before = claim.normalized[quantities[index - 1].end : quantities[index].start].split()[-4:]
    return " ".join(before) + " " + claim.normalized[quantities[index].start : end]


def _after(claim: Claim, quantity: Quantity, index: int) -> list[str]:
    following = claim.quantities[index + 1].start if index + 1 < len(claim.quantities) else len(claim.normalized)
    return terms(claim.normalized[quantity.end : following])[:5]


_GENERIC = {"tb", "health", "world", "people", "migrant"}
"""Terms that say little about what is counted: a match on them alone is no match."""


def _same_subject(profile: _Profile, clause: set[str], after: list[str], claim_terms: set[str]) -> bool:
    """Whether a claim's number and a figure count the same thing: what follows the number is what the figure
    counts, they share a word that is not generic, and no word of the claim contradicts the figure."""
    for term, topic in _TOPIC_TERMS.items():
        if term in claim_terms and topic not in profile.figure.topics:
            return False
    shared = ((set(after) | clause) & profile.counted) - _GENERIC
    if not shared:
        return False
    if "tb" in profile.unit | profile.counts and "tb" not in claim_terms and len(shared - {"tb"}) < 2:
        return False  # a TB figure answers a claim that says TB, or that says at least two things it counts
    head = next((t for t in after if t not in _MODIFIERS and t not in FILLER), None)
    specific = head is not None and head not in _GENERIC
    if specific and head not in profile.counted:
        return False  # "2.5 million dollars" is no count of volunteers
    for group in NOUN_CONTRASTS:
        said = set(after) & group if specific else (set(after) & group) or (clause & group)
        if said and not said & profile.contrast_terms(group):
            return False
    said_events, stored_events = clause & EVENTS, profile.contrast_terms(EVENTS)
    return not (said_events and stored_events and not said_events & stored_events)


def place_names(base: FactBase) -> set[str]:
    """The names of the countries the figures of a base are about."""
    return {p.name for f in base.figures for p in f.places if p.country}


def _places_named(claim: Claim, known: set[str]) -> set[str]:
    """The countries a claim names (those of the base as it names them, any country in English), and
    'Worldwide' for the world."""
    import pycountry

    text = f" {fold(claim.text)} "
    named = {name for name in known if f" {fold(name)} " in text}
    named |= {
        country.name
        for country in pycountry.countries
        if f" {fold(country.name)} " in text or f" {fold(getattr(country, 'common_name', '') or '~')} " in text
    }
    if {"world"} & {canon(word) for word in claim.words}:
        named.add("Worldwide")
    return named


def _where(figure: Figure) -> str:
    names = [p.name for p in figure.places]
    return "worldwide" if names == ["Worldwide"] else "in " + ", ".join(names)


def _describe(figure: Figure) -> str:
    when = f" in {figure.period.display()}" if figure.period else ""
    return f"{figure.display()}{when} ({figure.id})"


def _stated(quantity: Quantity) -> str:
    number = (
        ("-" if quantity.negative else "")
        + format_value(quantity.value)
        + (f" to {format_value(quantity.high)}" if quantity.high else "")
    )
    number += "%" if quantity.percent else ""
    return f"{quantity.qualifier} {number}" if quantity.qualifier else number


def _check_quantity(
    claim: Claim,
    index: int,
    profiles: Callable[[Quantity | None], Iterable[_Profile]],
    places: Callable[[], set[str]],
    claim_terms: set[str],
) -> Finding:
    """The finding for one number of a claim, from the figures on its subject, in the base's order.

    The first figure that agrees in number, period and place decides; failing that, the first with the
    right number (for the wrong year or place); failing that, the first of the same period and place, else
    the first on the subject. For a bound ('at most 500'), which many figures meet, the figure of the same
    period and place comes before one with the right number for another year. A number the figure neither
    confirms nor rules out (more than 1.3 million, for about 1.3 million) is unverified; a number the claim
    denies, see `_denied`. PROFILES(quantity) gives at least the figures whose number may agree,
    PROFILES(None) all, each in the base's order: the first two are found among the former, the others
    only when needed, and no figure after the one that decides is looked at (nor made, when PROFILES makes
    them as it goes). PLACES() gives the places the claim names, and CLAIM_TERMS the terms of the whole
    claim: each found once for all its numbers."""
    quantity = claim.quantities[index]
    clause = set(terms(_clause(claim, index)))
    after = _after(claim, quantity, index)

    def period_agrees(figure: Figure) -> bool:
        """The claim's years are the figure's: 2018 for 2018 or January 2019 for 2019; 2010-2016 for 2010/2016."""
        years, period = claim.years, figure.period
        if years is None:
            return True
        if period is None:  # the source gives none: a year the article never mentions is not its year
            return all(f"{year}" in figure.source.text for year in {years.first, years.last})
        if (years.first, years.last) != (period.start.year, period.end.year):
            return False
        within_a_year = period.start.year == period.end.year and (period.start.month, period.end.month) != (1, 12)
        return not (claim.months and within_a_year) or any(
            period.start.month <= month <= period.end.month for month in claim.months
        )

    def place_agrees(figure: Figure) -> bool:
        names = {p.name for p in figure.places}
        return not places() or bool(places() & names)

    def on_subject(given: Iterable[_Profile]) -> Iterator[Figure]:
        for profile in given:
            if _kind_agrees(quantity, profile.figure) and _same_subject(profile, clause, after, claim_terms):
                yield profile.figure

    agreeing = right_number = None
    for figure in on_subject(profiles(quantity)):
        if _number_agrees(quantity, figure):
            if period_agrees(figure) and place_agrees(figure):
                agreeing = figure
                break
            right_number = right_number or figure
    if agreeing:
        finding = _agreeing(claim, quantity, agreeing)
    elif right_number and quantity.qualifier not in BOUNDS:
        finding = _right_number(claim, quantity, right_number, period_agrees(right_number), places())
    else:  # a bound ('at most 500') that a figure for another year meets says less than the figure of its year
        first = same_period = None
        for figure in on_subject(profiles(None)):
            first = first or figure
            if period_agrees(figure) and place_agrees(figure):
                same_period = figure
                break
        if same_period is None and right_number:
            finding = _right_number(claim, quantity, right_number, period_agrees(right_number), places())
        elif first is None:
            subject = " ".join(after) or " ".join(sorted(clause)) or "it"
            finding = Finding(
                UNVERIFIED, quantity, None, f"nothing in the fact base speaks to {_stated(quantity)} ({subject})"
            )
        elif _number_agrees(quantity, same_period or first) is None:
            figure = same_period or first
            explanation = f"the fact base has {_describe(figure)}, which does not say whether {_stated(quantity)}"
            finding = Finding(UNVERIFIED, quantity, figure, explanation)
        else:
            figure = same_period or first
            negative = " (a count is never negative)" if quantity.negative else ""
            explanation = f"the fact base has {_describe(figure)}, not {_stated(quantity)}{negative}"
            finding = Finding(CONTRADICTED, quantity, figure, explanation)
    return _denied(quantity, finding) if quantity.denied else finding


def _agreeing(claim: Claim, quantity: Quantity, figure: Figure) -> Finding:
    """The finding for a figure that agrees with a number in number, period and place."""
    if claim.relative_year and figure.period:
        return Finding(
            UNVERIFIED,
            quantity,
            figure,
            f"the claim does not say which year; the fact base has {_describe(figure)}",
        )
    note = ""
    if claim.years and figure.period is None:
        note = "; the source gives no period for it"
    return Finding(SUPPORTED, quantity, figure, f"the fact base has {_describe(figure)}{note}")


def _right_number(claim: Claim, quantity: Quantity, figure: Figure, period_agrees: bool, places: set[str]) -> Finding:
    """The finding for a figure with the claim's number, for another period or place."""
    if not period_agrees:
        when = figure.period.display() if figure.period else "no year (the article never mentions that one)"
        explanation = f"the fact base has {figure.display()} for {when}, not {claim.period_text()}: {figure.id}"
        return Finding(CONTRADICTED, quantity, figure, explanation)
    return Finding(
        CONTRADICTED,
        quantity,
        figure,
        f"the fact base has {figure.display()} {_where(figure)}, not in {', '.join(sorted(places))}: {figure.id}",
    )


def _denied(quantity: Quantity, finding: Finding) -> Finding:
    """The finding for a number the claim denies ('IOM did not detect 584 cases'): contradicted when the fact
    base has what it denies; otherwise unverified, as no figure says what did not happen."""
    denial = f"the claim denies {_stated(quantity)} ('{quantity.denied}')"
    if finding.verdict == SUPPORTED:
        return Finding(CONTRADICTED, quantity, finding.figure, f"{denial}, but {finding.explanation}")
    if finding.figure is None:
        return Finding(UNVERIFIED, quantity, None, f"{denial}; {finding.explanation}")
    return Finding(UNVERIFIED, quantity, finding.figure, f"{denial}, which no figure confirms; {finding.explanation}")


FILLER = set(
    (
        "there here reported report reports according said says say data figure figures statistics total "
        "number numbers had has have did does do saw see seen recorded registered counted count counts "
        "found estimated estimate while during since between until last this next previous past year "
        "years time times only just also even still than then so such other others another all every each "
        "both many much most some any no not nor but however will would could should may might can must "
        "being having got get gets new recent recently latest ago run runs ran carry carried carries out "
        "take took taken make made makes put give gave given show shows showed hubo hay fueron fue son es "
        "han ha habia segun dijo dato datos cifra cifras total numero mas menos solo tambien durante "
        "desde entre hasta este esta estos estas ese esa otro otros otra otras cada todos todas"
    ).split()
)


def subject_terms(figure: Figure) -> tuple[str, ...]:
    """What a figure counts, in the checker's terms, sorted: a claim shares at least one of them with each
    figure it is checked against (the index's way of finding those figures among thousands)."""
    return _subject_terms(figure.unit, figure.counts, figure.per.unit if figure.per else None)


@lru_cache(maxsize=1024)
def _subject_terms(unit: str, counts: str, per_unit: str | None) -> tuple[str, ...]:
    """`subject_terms`, once for each unit and counts: a base repeats them from figure to figure."""
    counted = set(terms(unit)) | set(terms(counts)[:5])  # `_Profile.counted`, and no more
    if per_unit:
        counted |= set(terms(per_unit))
    return tuple(sorted(counted - _GENERIC))


def claim_terms(text: str) -> set[str]:
    """The terms of a claim that a figure on its subject shares (see `subject_terms`)."""
    claim = parse_claim(text)
    found: set[str] = set()
    for index, quantity in enumerate(claim.quantities):
        found |= set(terms(_clause(claim, index))) | set(_after(claim, quantity, index))
    return found - _GENERIC


def claim_topics(text: str) -> set[str]:
    """The topics every figure a claim is checked against must have (a claim that says TB, TB figures)."""
    said = set(terms(parse_claim(text).normalized))
    return {topic for term, topic in _TOPIC_TERMS.items() if term in said}


def check_claim(
    base: FactBase,
    text: str,
    profiles: Iterable[_Profile] | None = None,
    known_places: Callable[[], set[str]] | None = None,
    candidates: Candidates | None = None,
) -> Verdict:
    """The verdict on one claim. `known_places`: gives the base's country names (asked only when a claim's
    places matter); `candidates`: the figures to
    consider for this claim, in the base's order, when not every figure of `base` (the index's way)."""
    claim = parse_claim(text)
    if not claim.quantities:
        return Verdict(text, UNVERIFIED, "The claim states no figure to check.")
    known = known_places if known_places is not None else (lambda: place_names(base))
    if candidates is None:
        every = list(profiles) if profiles is not None else [_Profile.of(f) for f in base.figures]

        def given(quantity: Quantity | None) -> Iterable[_Profile]:
            return every

    else:

        def given(quantity: Quantity | None) -> Iterable[_Profile]:
            return (_Profile.of(f) for f in candidates(text, quantity))

    said = set(terms(claim.normalized))
    places = cache(lambda: _places_named(claim, known()))  # found when first needed, once for all its numbers
    findings = [_check_quantity(claim, index, given, places, said) for index in range(len(claim.quantities))]
    verdicts = {finding.verdict for finding in findings}
    verdict = CONTRADICTED if CONTRADICTED in verdicts else SUPPORTED if verdicts == {SUPPORTED} else UNVERIFIED
    explanation = "; ".join(
        f"{f.quantity.text}: {f.explanation}" if len(findings) > 1 else f.explanation for f in findings
    )
    return Verdict(text, verdict, explanation[:1].upper() + explanation[1:] + ".", findings)


Candidates = Callable[[str, "Quantity | None"], Iterable[Figure]]
"""The figures a claim may be checked against, in the base's order: at least those that share a term with it
and, given one of its quantities, whose number may agree with it (see `number_bounds`)."""


def number_bounds(quantity: Quantity) -> dict[str, float]:
    """Limits that a figure's number keeps whenever `_number_agrees` could hold for QUANTITY, wide of every
    tolerance it allows: `low_min` and `low_max` for its low end (its value, or a range's low), `high_min`
    and `high_max` for its high end. None for a number not above zero."""
    value = float(quantity.value)
    high = float(quantity.high) if quantity.high is not None else value
    if min(value, high) <= 0:
        return {}
    if quantity.qualifier in ("more than", "at least"):
        return {"low_min": value * 0.99}
    if quantity.qualifier in ("less than", "at most"):
        return {"high_max": high * 1.01}
    return {"low_max": max(value, high) * 1.25, "high_min": min(value, high) * 0.8}


def check_claims(
    base: FactBase,
    texts: Iterable[str],
    known_places: Callable[[], set[str]] | None = None,
    candidates: Candidates | None = None,
) -> list[Verdict]:
    """The verdicts on claims (see `check_claim`)."""
    known = known_places if known_places is not None else cache(lambda: place_names(base))
    profiles = [_Profile.of(f) for f in base.figures] if candidates is None else None
    return [check_claim(base, text, profiles, known, candidates) for text in texts]


def has_figure(text: str) -> bool:
    """Whether a sentence states a number other than a year: the sentences of a draft worth checking."""
    return bool(parse_claim(text).quantities)


def format_value(value: Decimal) -> str:
    if value >= 10**12 and value == value.to_integral_value():  # not "10000000000000000000 million"
        return f"{int(value):,}"
    return format_number(int(value) if value == value.to_integral_value() else float(value))
