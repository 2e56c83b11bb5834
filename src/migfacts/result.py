"""What a command returns: titled sections of records, for the renderer to print in any format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from migfacts.records import Record

Shape = Literal["list", "grouped", "item"]


@dataclass
class Section:
    """Records of one kind under a title; `empty` says why there are none."""

    key: str
    kind: str
    title: str
    records: list[Record]
    empty: str | None = None


@dataclass
class Result:
    """A command's answer.

    `list`: one section, a JSON array. `grouped`: several sections, a JSON
    object keyed by section with `meta` beside them. `item`: one record in full.
    """

    sections: list[Section]
    shape: Shape = "list"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(section.records for section in self.sections)


def plural(count: int, noun: str) -> str:
    """1 source, 2 sources."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
