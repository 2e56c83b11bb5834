"""What a command returns: titled sections of records, for the renderer to print in any format."""

from __future__ import annotations

from typing import Any, Literal

from migfacts.records import Record

Shape = Literal["list", "grouped", "item"]


class Section:
    """Records of one kind under a title; `empty` says why there are none."""

    __slots__ = ("empty", "held_back", "key", "kind", "records", "title")

    def __init__(self, key: str, kind: str, title: str, records: list[Record], empty: str | None = None):
        self.key, self.kind, self.title, self.records, self.empty = key, kind, title, records, empty
        self.held_back = 0
        """Records of this kind that a limit left out (see `Result.first`)."""


class Result:
    """A command's answer.

    `list`: one section, a JSON array. `grouped`: several sections, a JSON
    object keyed by section with `meta` beside them. `item`: one record in full.
    (Plain classes, as on every lookup's path: a dataclass costs a millisecond to create.)
    """

    __slots__ = ("meta", "sections", "shape")

    def __init__(self, sections: list[Section], shape: Shape = "list", meta: dict[str, Any] | None = None):
        self.sections, self.shape, self.meta = sections, shape, meta if meta is not None else {}

    @property
    def empty(self) -> bool:
        return not any(section.records for section in self.sections)

    def first(self, limit: int) -> Result:
        """The first LIMIT records of each section (all of them for 0, or for one record in full); each
        section says how many it held back."""
        if not limit or self.shape == "item":
            return self
        sections = []
        for section in self.sections:
            shown = Section(section.key, section.kind, section.title, section.records[:limit], section.empty)
            shown.held_back = section.held_back + len(section.records) - len(shown.records)
            sections.append(shown)
        return Result(sections, self.shape, self.meta)


def plural(count: int, noun: str) -> str:
    """1 source, 2 sources."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
