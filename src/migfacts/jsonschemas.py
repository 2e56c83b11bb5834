"""The JSON Schemas of the two file formats, made from their declarations in `formats.py`, and the check
that `validate` runs with them (the jsonschema library, imported only here).

The schemas in the repository's `schema/` folder are these, written out (a test keeps them equal), so that
editors check a fact file as people type: the YAML language server reads the schema named in the
`# yaml-language-server: $schema=...` line at the top of each file. They describe the values; how YAML
spells them (`010` read as octal, `NO` as a boolean, a duplicate key) is the loader's to catch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

from migfacts import formats
from migfacts.errors import Problem
from migfacts.schema import BOOL, FLOAT, INT, MAX_EXACT, NULL, ListOf, Number, Raw, Record, Text, TextOrList, Type
from migfacts.yamlnodes import MappingNode, Node, ScalarNode, SequenceNode, line_of

DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: what editors' YAML language servers know best, and checked in 3 ms a file where 2020-12 takes 5."""
FILES = {"source": "source.schema.json", "topics": "topics.schema.json"}
MODELINE = "# yaml-language-server: $schema="

# What each key means, for the editor's hover text: by "record.key", else by key.
DOCS = {
    "id": "Stable id, lower-case words joined by hyphens (tb-active-cases-2018); a source's id is its file name.",
    "source": "The article: its title, date, address, and the archived text beside this file.",
    "figures": "The numbers the article states, each with the verbatim words that state it.",
    "quotes": "What people said, in their exact words, with the attribution around them.",
    "contacts": "The press contacts the article gives.",
    "other_numbers": "Numbers in the text that are no figure (dates, footnotes, goal numbers), and why.",
    "source.title": "The article's title, as it stands in the archived text.",
    "source.publisher": "Who published the article (IOM).",
    "source.published": "The publication date, YYYY-MM-DD; null when the source gives none.",
    "source.published_from": "Where the date comes from, when the text does not give it.",
    "source.dateline": "The place that opens the article (Geneva); null when not given.",
    "source.tags": "The article's own tags.",
    "source.url": "The release's own address; null when not on record.",
    "source.url_from": "Where the address comes from.",
    "source.copies": "Other places the article was published, with their own dates.",
    "source.text": "The archived text of the article: ID.txt beside this file, exactly as published.",
    "copy.site": "The site that carries the copy.",
    "copy.url": "The copy's address; null when not on record.",
    "copy.published": "The copy's date, YYYY-MM-DD; null when not given.",
    "figure.value": "The number, as a YAML number: 376800 (never 376,800 or 1.3 million). Or give range.",
    "figure.range": "A range the text gives (90 to 100 percent), instead of value.",
    "figure.per": "A rate's denominator: 155 per 100,000 health assessments.",
    "figure.qualifier": "How the text qualifies the number (about, more than...); null when it does not.",
    "figure.unit": "What the number is a number of, in the text's words.",
    "figure.counts": "What the figure counts, in full.",
    "figure.period": "The period the figure describes: 2018, 2019-01, 2010/2016; null when not given.",
    "figure.period_note": "Where the period comes from when the evidence does not state it.",
    "figure.places": "Where: {country: KE, name: Kenya} (ISO 3166-1 alpha-2) or {region: Worldwide}.",
    "figure.places_note": "Where the places come from when the evidence does not state them.",
    "figure.quote": "The id of the quote the figure is said in.",
    "topics": "Topic ids of topics.yaml.",
    "evidence": "The words of the archived text that state it, verbatim.",
    "quote.speaker": "Who said it.",
    "quote.role": "The speaker's role, as the article gives it; null when not given.",
    "quote.organisation": "The speaker's organisation; null when not given.",
    "quote.text": "The exact words; a list of parts when the attribution interrupts the quote.",
    "quote.attribution": "The words that attribute the quote, verbatim (said Jane Doe, Head of Tests).",
    "contact.name": "The contact's name.",
    "contact.organisation": "The contact's office or organisation; null when not given.",
    "contact.phone": 'The phone number as printed, quoted ("+41 22 717 9111"); null when not given.',
    "contact.email": "The email address; null when not given.",
    "contact.for": "What to contact them for.",
    "other_number.text": "The words of the text that hold the number, verbatim.",
    "other_number.reason": "Why the number is no figure.",
    "topic.label": "The topic's name as shown.",
    "topic.aliases": "Other words for the topic; each works wherever the id does.",
    "topic.description": "What the topic covers.",
    "review": "What a reviewer should check in an entry `migfacts draft` wrote; removed once checked.",
    "note": "Anything a reader should know about the entry.",
}


def _text(kind: Text) -> dict[str, Any]:
    pattern = getattr(kind, "pattern", None)
    if pattern is not None:  # formats.Pattern: the whole value, not a trailing newline either
        return {"type": "string", "title": kind.name, "pattern": f"^(?:{pattern.pattern})(?!\\n)$"}
    choices = getattr(kind, "choices", None)
    if choices is not None:
        return {"enum": list(choices)}
    return {"type": "string", "pattern": r"\S"}


def _record(record: Record) -> dict[str, Any]:
    noun = record.name.removeprefix("a ").removeprefix("an ").replace(" ", "_")
    properties = {}
    for key, spec in record.keys.items():
        schema = of(spec.type)
        if spec.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        doc = DOCS.get(f"{noun}.{key}") or DOCS.get(key.split("_")[-1] if key.endswith("_note") else key)
        properties[key] = {**schema, "description": doc} if doc else schema
    schema: dict[str, Any] = {
        "type": "object",
        "description": record.name[0].upper() + record.name[1:] + ".",
        "properties": properties,
        "required": [key for key, spec in record.keys.items() if spec.required],
        "additionalProperties": False,
    }
    if record.required_one_of:
        schema["oneOf"] = [{"required": [key]} for key in record.required_one_of]
    return {**schema, **SHAPES.get(record.name, {})}


SHAPES = {
    "a place": {  # the rule the loader gives a place (entries.py), said as the schema can
        "oneOf": [
            {"required": ["region"], "not": {"anyOf": [{"required": ["country"]}, {"required": ["name"]}]}},
            {"required": ["country", "name"], "not": {"required": ["region"]}},
        ]
    }
}
"""Rules of a record beyond its keys' types."""


def of(kind: Type) -> dict[str, Any]:
    """The JSON Schema of one declared type."""
    if isinstance(kind, Record):
        return _record(kind)
    if isinstance(kind, ListOf):
        schema = {"type": "array", "items": of(kind.item)}
        return {**schema, "minItems": kind.min_items} if kind.min_items else schema
    if isinstance(kind, TextOrList):
        return {"anyOf": [of(Text()), of(ListOf(Text(), min_items=1))]}
    if isinstance(kind, Number):
        return {"type": "number", "minimum": -MAX_EXACT, "maximum": MAX_EXACT}
    if isinstance(kind, Raw):  # a period: its grammar is periods.py's, its years checked by the loader
        span = r"\d{4}(?:-(?:0[1-9]|1[0-2]))?"
        return {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {
                    "type": "string",
                    "title": "a year (2018), a month (2019-01) or a span of them (2010/2016)",
                    "pattern": f"^{span}(?:/{span})?(?!\\n)$",
                },
            ]
        }
    if isinstance(kind, Text):
        return _text(kind)
    # formats.Date
    return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}(?!\n)$"}


def document(kind: str) -> dict[str, Any]:
    """The whole schema of a file format, as written to `schema/`."""
    record = formats.SOURCE_FILE if kind == "source" else formats.TOPICS_FILE
    title = "A migfacts source file" if kind == "source" else "The topics of a migfacts fact base"
    return {"$schema": DIALECT, "$id": FILES[kind], "title": title, **of(record)}


def dumps(kind: str) -> str:
    """The schema as the file in `schema/` holds it."""
    return json.dumps(document(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> Path:
    """The schema file: inside the installed package, or the checkout's `schema/` folder."""
    here = Path(__file__).parent
    packaged = here / FILES[kind]
    return packaged if packaged.is_file() else here.parent.parent / "schema" / FILES[kind]


def modeline_for(path: Path) -> str:
    """The line that names the schema at the top of a new source file at PATH, relative to it: the schema
    found beside the fact base (`source.schema.json` or `schema/source.schema.json`, in its folder or
    the one above, as in this repository); empty when there is none to point at."""
    import os

    root = path.parent.parent  # a source file lives in ROOT/sources/
    for folder in (root, root / "schema", root.parent / "schema", root.parent):
        candidate = folder / FILES["source"]
        if candidate.is_file():
            return MODELINE + Path(os.path.relpath(candidate, path.parent)).as_posix() + "\n"
    return ""


class _Tagged:
    """A scalar of a tag no format has (!!python/object...): no type of the schema accepts it."""

    def __init__(self, node: ScalarNode):
        self.tag, self.value = node.tag, node.value

    def __repr__(self) -> str:
        return f"{self.value!r} (tagged {self.tag})"


def as_data(node: Node, seen: set[int] | None = None) -> Any:
    """A node tree as the data a JSON Schema sees: YAML's numbers, booleans and nulls typed, dates as
    their text (as an editor's YAML 1.2 reading gives them), keys in the order written, the first of
    duplicates kept (the loader reports the second). A node reached again (an alias, which the loader
    reports) is not expanded: a few lines of aliases would otherwise be billions of values."""
    seen = set() if seen is None else seen
    if isinstance(node, MappingNode | SequenceNode):
        if id(node) in seen:
            return _Tagged(ScalarNode("alias", "*"))
        seen.add(id(node))
    if isinstance(node, MappingNode):
        data: dict[str, Any] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value not in data:
                data[key.value] = as_data(value, seen)
        return data
    if isinstance(node, SequenceNode):
        return [as_data(item, seen) for item in node.value]
    return _scalar(node)


def _scalar(node: ScalarNode) -> Any:
    from yaml.constructor import ConstructorError

    make = _constructors().get(node.tag)
    if make is None:
        return node.value if node.tag.endswith((":str", ":timestamp")) else _Tagged(node)
    try:
        return make(node)
    except (ConstructorError, ValueError):  # 1:30.5 and the like: the loader names them
        return _Tagged(node)


@cache
def _constructors() -> dict[str, Callable[[ScalarNode], Any]]:
    """PyYAML's own makers of a typed scalar, bound to one constructor (they keep nothing of a scalar)."""
    from yaml.constructor import SafeConstructor

    constructor = SafeConstructor()
    return {
        NULL: constructor.construct_yaml_null,
        BOOL: constructor.construct_yaml_bool,
        INT: constructor.construct_yaml_int,
        FLOAT: constructor.construct_yaml_float,
    }


def _schema(kind: str) -> Any:
    return json.loads(schema_file(kind).read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(_schema(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@cache
def _quick_check(kind: str) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema, which says only whether data passes, in a third of
    jsonschema's time: most files do, and jsonschema is asked what is wrong only with the others. Formats
    are checked by jsonschema's own functions, so that a value passes here only where it passes there."""
    import fastjsonschema
    import jsonschema

    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    formats = {name: partial(checker.conforms, format=name) for name in checker.checkers}
    # detailed_exceptions=False: each alternative of an anyOf or a oneOf that fails (60 a file) raises an
    # exception without the message it would format from every local variable: half the check's time
    return fastjsonschema.compile(_schema(kind), formats=formats, detailed_exceptions=False)


def passes(data: Any, kind: str) -> bool:
    """Whether DATA keeps the schema of KIND (as `problems` would find nothing)."""
    try:
        _quick_check(kind)(data)
    except Exception:  # fastjsonschema refuses it, or cannot read it: jsonschema will say
        return False
    return True


def problems(path: Path, root: Node, kind: str) -> list[Problem]:
    """Where a file's data breaks its schema, each at the line of the value at fault."""
    data = as_data(root)
    if passes(data, kind):
        return []
    found = []
    for error in _validator(kind).iter_errors(data):
        node = _node_at(root, list(error.absolute_path))
        if error.validator == "additionalProperties" and isinstance(node, MappingNode):  # at the key
            known = error.schema.get("properties", {})
            node = next((key for key, _ in node.value if getattr(key, "value", None) not in known), node)
        where = "/".join(str(step) for step in error.absolute_path) or "the file"
        found.append(Problem(path, line_of(node), f"breaks {FILES[kind]} at {where}: {_message(error)}"))
    return found


MAX_MESSAGE = 200


def _message(error: Any) -> str:
    """jsonschema's message in the words of the format: a value or null said as the value, a pattern by
    its name, a long value cut short."""
    if error.validator == "anyOf" and error.context:
        branches = error.validator_value
        valued = [sub for sub in error.context if branches[sub.relative_schema_path[0]] != {"type": "null"}]
        telling = [sub for sub in valued if sub.validator != "type"]  # a branch of the value's own type
        return _message(min(telling or valued or error.context, key=lambda sub: len(sub.message)))
    if error.validator == "oneOf" and "not" in error.validator_value[0]:
        return "a place is {region: NAME} or {country: CODE, name: NAME}"
    if error.validator == "oneOf":
        return "give exactly one of " + " or ".join(f"'{branch['required'][0]}'" for branch in error.validator_value)
    if error.validator == "pattern":
        name = "text" if error.validator_value == r"\S" else error.schema.get("title", "of the expected form")
        message = f"{_short(error.instance)} is not {name}"
    else:
        message = error.message
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _node_at(root: Node, steps: list[Any]) -> Node:
    """The node a path of keys and indexes leads to, or the last found along it."""
    node = root
    for step in steps:
        if isinstance(node, MappingNode):
            found = next((value for key, value in node.value if getattr(key, "value", None) == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        else:
            found = None
        if found is None:
            break
        node = found
    return node
