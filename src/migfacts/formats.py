"""The two file formats of a fact base, declared once: `topics.yaml` and a source file."""

from __future__ import annotations

import re

from migfacts.schema import Choice, Date, Invalid, Key, ListOf, Number, Raw, Reader, Record, Text, TextOrList
from migfacts.yamlnodes import Node

QUALIFIERS = (
    "about",
    "approximately",
    "around",
    "roughly",
    "some",
    "estimated",
    "close to",
    "nearly",
    "almost",
    "more than",
    "over",
    "at least",
    "up to",
    "at most",
    "less than",
    "fewer than",
    "under",
)


class Pattern(Text):
    """Text of a given shape."""

    def __init__(self, pattern: str, name: str):
        self.pattern = re.compile(pattern)
        self.name = name

    def read(self, node: Node, reader: Reader) -> str:
        value = super().read(node, reader)
        if not self.pattern.fullmatch(value):
            odd = next((char for char in value if not (char.isascii() and char.isprintable())), None)
            unseen = f"; it holds U+{ord(odd):04X}, which looks like what it is not" if odd else ""
            raise Invalid(f"'{value}' is not {self.name}{unseen}", node)
        return value


# Regions a figure may name (UN M49 names and a few in common use), with the words that state each.
REGIONS: dict[str, tuple[str, ...]] = {
    "Worldwide": ("worldwide", "world", "global", "globally"),
    **{name: (name,) for name in (
        "Africa", "Americas", "Asia", "Europe", "Oceania", "Northern Africa", "Sub-Saharan Africa", "Eastern Africa",
        "Middle Africa", "Southern Africa", "Western Africa", "East Africa", "West Africa", "Horn of Africa", "Sahel",
        "Latin America and the Caribbean", "Latin America", "Caribbean", "Central America", "South America",
        "Northern America", "North America", "Mesoamerica", "Central Asia", "Eastern Asia", "East Asia",
        "South-eastern Asia", "Southeast Asia", "Southern Asia", "South Asia", "Western Asia", "Middle East",
        "Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe", "Balkans", "Mediterranean",
        "European Union", "Pacific", "Melanesia", "Micronesia", "Polynesia",
    )},
}  # fmt: skip

ID = Pattern(r"[a-z0-9]+(?:-[a-z0-9]+)*", "an id (lower-case words joined by hyphens, like tb-active-cases-2018)")
URL = Pattern(r"https?://\S+", "a web address (http:// or https://)")
EMAIL = Pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", "an email address")
PHONE = Pattern(r"\(?\+?[0-9][0-9 ().-]{4,}", 'a phone number (quote it: "+41 22 717 9111")')
COUNTRY = Pattern(r"[A-Z]{2}", "an ISO 3166-1 alpha-2 country code (KE, SV)")
FILE_NAME = Pattern(r"[\w.-]+\.txt", "the name of a .txt file beside this one")

TEXT, NOTE = Key(Text()), Key(Text(), required=False, nullable=True)
TOPIC_REFS = Key(ListOf(Text()))
REVIEW = Key(Text(), required=False, nullable=True)
"""What a reviewer should check in an entry that `migfacts draft` wrote; removed once checked."""


def _maybe(kind) -> Key:
    """A key that must be written, null when the source does not give it."""
    return Key(kind, nullable=True)


TOPIC = Record(
    {"id": Key(ID), "label": TEXT, "aliases": Key(ListOf(Text()), required=False), "description": NOTE}, "a topic"
)
TOPICS_FILE = Record({"topics": Key(ListOf(TOPIC, min_items=1))}, "a topics file")

COPY = Record({"site": TEXT, "url": _maybe(URL), "published": _maybe(Date()), "note": NOTE}, "a copy")
SOURCE = Record(
    {
        "id": Key(ID),
        "title": TEXT,
        "publisher": TEXT,
        "published": _maybe(Date()),
        "published_from": NOTE,
        "dateline": _maybe(Text()),
        "tags": Key(ListOf(Text())),
        "url": _maybe(URL),
        "url_from": NOTE,
        "copies": Key(ListOf(COPY), required=False),
        "text": Key(FILE_NAME),
    },
    "a source",
)

PLACE = Record(
    {
        "country": Key(COUNTRY, required=False),
        "name": Key(Text(), required=False),
        "region": Key(Text(), required=False),
    },
    "a place",
)
FIGURE = Record(
    {
        "id": Key(ID),
        "value": Key(Number(), required=False),
        "range": Key(Record({"low": Key(Number()), "high": Key(Number())}, "a range"), required=False),
        "per": Key(Record({"value": Key(Number()), "unit": TEXT}, "a rate's denominator"), required=False),
        "qualifier": _maybe(Choice(*QUALIFIERS)),
        "unit": TEXT,
        "counts": TEXT,
        "period": _maybe(Raw()),
        "period_note": NOTE,
        "places": Key(ListOf(PLACE)),
        "places_note": NOTE,
        "topics": TOPIC_REFS,
        "evidence": TEXT,
        "quote": Key(ID, required=False),
        "note": NOTE,
        "review": REVIEW,
    },
    "a figure",
    required_one_of=("value", "range"),
)
QUOTE = Record(
    {
        "id": Key(ID),
        "speaker": TEXT,
        "role": _maybe(Text()),
        "organisation": _maybe(Text()),
        "organisation_note": NOTE,
        "topics": TOPIC_REFS,
        "text": Key(TextOrList()),
        "attribution": TEXT,
        "review": REVIEW,
    },
    "a quote",
)
CONTACT = Record(
    {
        "id": Key(ID),
        "name": TEXT,
        "organisation": _maybe(Text()),
        "organisation_note": NOTE,
        "phone": _maybe(PHONE),
        "phone_note": NOTE,
        "email": _maybe(EMAIL),
        "for": TEXT,
        "topics": TOPIC_REFS,
        "evidence": TEXT,
        "review": REVIEW,
    },
    "a contact",
)
OTHER_NUMBER = Record({"text": TEXT, "reason": TEXT, "review": REVIEW}, "a number that is not a figure")
SOURCE_FILE = Record(
    {
        "source": Key(SOURCE),
        "figures": Key(ListOf(FIGURE), required=False),
        "quotes": Key(ListOf(QUOTE), required=False),
        "contacts": Key(ListOf(CONTACT), required=False),
        "other_numbers": Key(ListOf(OTHER_NUMBER), required=False),
    },
    "a source file",
)
