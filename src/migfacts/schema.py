"""Typed reading of YAML nodes: every value checked against its declared type, with its line.

A `Record` reads a mapping into a `Fields` dict: the values by key, and the
line of each key, for the messages of later checks. YAML's traps are named in
the message: `NO` read as a boolean, `1,000` or `1.5e6` read as text, `010`
read as octal 8.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor

from migfacts.errors import Problem
from migfacts.yamlnodes import MappingNode, Node, ScalarNode, SequenceNode, line_of

STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_NUMBER_LIKE_TEXT = re.compile(r"^[-+]?[\d.,_ ]*\d[\d.,_ ]*(?:[eE][-+]?\d+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[\d_]+$")
_NON_DECIMAL = re.compile(r"^[-+]?0[xob]|:|_", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Invalid(Exception):
    """A value that does not fit its type."""

    def __init__(self, message: str, node: Node):
        super().__init__(message)
        self.message = message
        self.node = node


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    names = {BOOL: "a boolean", INT: "a number", FLOAT: "a number", NULL: "empty (null)", TIMESTAMP: "a date"}
    return names.get(node.tag, "text")


def _scalar(node: Node, expected: str) -> ScalarNode:
    if not isinstance(node, ScalarNode):
        raise Invalid(f"expected {expected}, got {_describe(node)}", node)
    return node


class Type:
    """A value type: `read` turns a node into a Python value or raises `Invalid`."""

    name = "a value"

    def read(self, node: Node, reader: Reader) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class Text(Type):
    """Non-empty text. Anything YAML resolved to another type is refused with the fix."""

    name = "text"

    def read(self, node: Node, reader: Reader) -> str:
        if isinstance(node, ScalarNode) and node.tag == STR and node.value.strip():  # the usual case, first
            return unicodedata.normalize("NFC", node.value)
        node = _scalar(node, "text")
        if node.tag == BOOL:
            raise Invalid(
                f"'{node.value}' was read by YAML as a boolean; quote it (\"{node.value}\") if you mean text", node
            )
        if node.tag in (INT, FLOAT, TIMESTAMP):
            raise Invalid(
                f"'{node.value}' was read by YAML as {_describe(node)}; quote it (\"{node.value}\") to keep it as text",
                node,
            )
        if node.tag == NULL:
            raise Invalid("expected text, got nothing (null)", node)
        if node.tag != STR:
            raise Invalid(f"expected text, got the tag {node.tag}", node)
        if not node.value.strip():
            raise Invalid("expected text, got an empty string", node)
        return unicodedata.normalize("NFC", node.value)


class Number(Type):
    """A number written as a YAML number: 376800, 1300000, 1.5."""

    name = "a number"

    def read(self, node: Node, reader: Reader) -> int | float:
        node = _scalar(node, "a number")
        raw = node.value
        if node.tag == STR and not node.style and _NUMBER_LIKE_TEXT.match(raw):  # plain, not quoted
            plain = re.sub(r"[,_ ]", "", raw)
            hint = f"; write {_plain_number(plain)}" if _plain_number(plain) else ""
            raise Invalid(f"'{raw}' was read by YAML as text, not a number{hint}", node)
        if node.tag == INT:
            if _LEADING_ZERO.match(raw):
                value = SafeConstructor().construct_yaml_int(node)
                raise Invalid(
                    f"'{raw}' was read by YAML as the octal number {value}; write {int(raw.replace('_', ''))}", node
                )
            if _NON_DECIMAL.search(raw):
                raise Invalid(f"'{raw}' is not a plain decimal number; write it in digits only", node)
            if len(raw.lstrip("+-")) > len(str(MAX_EXACT)):  # int() of 4,300 digits and more raises
                raise Invalid(_beyond(raw), node)
            return _exact(int(raw), raw, node)
        if node.tag == FLOAT and raw.lstrip("+-").lower() in (".inf", ".nan"):
            raise Invalid(f"'{raw}' is not a finite number", node)
        if node.tag == FLOAT:
            try:
                value = float(raw.replace("_", ""))
            except ValueError:  # YAML 1.1 floats such as 1:30.5 or ._
                raise Invalid(f"'{raw}' is not a plain decimal number; write it in digits only", node) from None
            if value != value or value in (float("inf"), float("-inf")):
                raise Invalid(f"'{raw}' is not a finite number", node)
            return _exact(int(value), raw, node) if value.is_integer() else _exact(value, raw, node)  # 584.0 is 584
        raise Invalid(f"expected a number, got {_describe(node)} '{raw}'", node)


MAX_EXACT = 2**53 - 1
"""The largest whole number that JSON readers (JavaScript's among them) and SQLite keep exact."""


def _plain_number(text: str) -> str | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def _exact(value: int | float, raw: str, node: Node) -> int | float:
    if abs(value) > MAX_EXACT:
        raise Invalid(_beyond(raw), node)
    return value


def _beyond(raw: str) -> str:
    shown = raw if len(raw) <= 40 else f"{raw[:20]}…{raw[-8:]} ({len(raw):,} characters)"
    return f"'{shown}' is beyond the numbers JSON and SQLite keep exact ({MAX_EXACT:,})"


class Date(Type):
    """A calendar date, 2019-03-22."""

    name = "a date (YYYY-MM-DD)"

    def read(self, node: Node, reader: Reader) -> dt.date:
        node = _scalar(node, self.name)
        if node.tag in (TIMESTAMP, STR) and _ISO_DATE.match(node.value):
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError as error:
                raise Invalid(f"'{node.value}' is not a real date ({error})", node) from None
        if node.tag == TIMESTAMP:
            raise Invalid(f"'{node.value}' has a time; give the date alone, YYYY-MM-DD", node)
        raise Invalid(f"expected a date YYYY-MM-DD, got {_describe(node)} '{node.value}'", node)


class Choice(Text):
    """One of a fixed set of words."""

    def __init__(self, *choices: str):
        self.choices = choices
        self.name = "one of " + ", ".join(choices)

    def read(self, node: Node, reader: Reader) -> str:
        value = super().read(node, reader)
        if value not in self.choices:
            raise Invalid(f"'{value}' is not {self.name}", node)
        return value


class Raw(Type):
    """A scalar kept as its text and tag, for types with their own grammar (periods)."""

    name = "a scalar"

    def read(self, node: Node, reader: Reader) -> tuple[str, str]:
        node = _scalar(node, "a single value")
        return node.value, node.tag


class TextOrList(Type):
    """Text, or a list of texts (the parts of a quote)."""

    name = "text or a list of texts"

    def read(self, node: Node, reader: Reader) -> list[str]:
        if isinstance(node, SequenceNode):
            return ListOf(Text(), min_items=1).read(node, reader)
        return [Text().read(node, reader)]


@dataclass
class ListOf(Type):
    """A list of one type of item."""

    item: Type
    min_items: int = 0

    @property
    def name(self) -> str:  # type: ignore[override]
        return "a list"

    def read(self, node: Node, reader: Reader) -> list[Any]:
        if not isinstance(node, SequenceNode):
            raise Invalid(f"expected a list, got {_describe(node)}", node)
        if len(node.value) < self.min_items:
            raise Invalid(f"expected at least {self.min_items} item(s)", node)
        values = []
        for item in node.value:
            value = reader.value(item, self.item)
            if value is not _FAILED:
                values.append(value)
        return values


@dataclass(frozen=True)
class Key:
    """A key of a record: its type, and whether it must be there and may be null."""

    type: Type
    required: bool = True
    nullable: bool = False


class Fields(dict):
    """The values of a record by key, with the line of the record and of each key."""

    def __init__(self, line: int, lines: dict[str, int]):
        super().__init__()
        self.line = line
        self.lines = lines

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class Record(Type):
    """A mapping with a fixed set of keys; an unknown key is an error."""

    keys: dict[str, Key]
    name: str = "a mapping"
    required_one_of: tuple[str, ...] = field(default=())

    def read(self, node: Node, reader: Reader) -> Fields:
        if not isinstance(node, MappingNode):
            raise Invalid(f"expected a mapping of {', '.join(self.keys)}, got {_describe(node)}", node)
        fields = Fields(line_of(node), {})
        lines, specs, value_of = fields.lines, self.keys, reader.value
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue  # reported by yamlnodes: a key must be plain text
            key = key_node.value
            if key in lines:  # duplicates are reported by yamlnodes
                continue
            lines[key] = key_node.start_mark.line + 1
            spec = specs.get(key)
            if spec is None:
                known = ", ".join(specs)
                reader.problem(key_node, f"unknown key '{key}' (expected: {known})")
                continue
            if value_node.tag == NULL and isinstance(value_node, ScalarNode):
                if not spec.nullable:
                    reader.problem(value_node, f"'{key}' needs a value ({spec.type.name})")
                    continue
                fields[key] = None
                continue
            value = value_of(value_node, spec.type, key)
            if value is not _FAILED:
                fields[key] = value
        for key, spec in specs.items():
            if spec.required and key not in lines:
                reader.problem(node, f"missing key '{key}'" + (" (write null if unknown)" if spec.nullable else ""))
        present = [key for key in self.required_one_of if key in fields.lines]
        if self.required_one_of and len(present) != 1:
            either = " or ".join(f"'{key}'" for key in self.required_one_of)
            reader.problem(node, f"give exactly one of {either}")
        return fields


_FAILED = object()


class Reader:
    """Reads nodes of one file, collecting every problem rather than stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.path, line_of(node), message))

    def value(self, node: Node, kind: Type, key: str | None = None) -> Any:
        try:
            return kind.read(node, self)
        except Invalid as invalid:
            prefix = f"'{key}': " if key else ""
            self.problem(invalid.node, prefix + invalid.message)
        except ConstructorError as error:  # pragma: no cover - defensive
            self.problem(node, f"invalid value: {error.problem}")
        return _FAILED

    def read(self, node: Node, kind: Type) -> Any | None:
        value = self.value(node, kind)
        return None if value is _FAILED else value
