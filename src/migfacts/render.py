"""One renderer for every command: a `Result` as table, plain, JSON, JSON lines, CSV, TSV, YAML or Markdown.

Fact text is data, never markup or terminal control: Rich gets `Text`
objects, and control characters are shown as visible escapes (\\x1b) in every
format a terminal shows as text. CSV and TSV cells that a spreadsheet would
run as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import IO, Any

from migfacts.records import Record
from migfacts.result import Result, Section
from migfacts.textnorm import UNSAFE_CHARACTERS, LazyPattern

NOT_GIVEN = "not given"


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    yaml = "yaml"
    markdown = "markdown"


_UNSAFE = UNSAFE_CHARACTERS
_CONTROL = LazyPattern(f"[\x00-\x08\x0b-\x1f{_UNSAFE}]")
_UNSAFE_RE = LazyPattern(f"[{_UNSAFE}]")
_PLAIN_CONTROL = LazyPattern(f"[\x00-\x1f{_UNSAFE}]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


TABLE_ROWS = 20
"""The records of each kind a table shows unless --limit says otherwise: a table is for reading, and past a
screenful the reader wants the filters, or a format for a spreadsheet; Rich lays out a row in a millisecond
or two, so 600 rows would take a second."""


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
    return named.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def visible(text: str, one_line: bool = False) -> str:
    """Text safe for a terminal: control and bidi characters written as escapes."""
    return (_PLAIN_CONTROL if one_line else _CONTROL).sub(_escape, text)


def _join(items: list[Any]) -> str:
    return "; ".join(_flat_text(item) for item in items)


def _scalar_text(value: Any) -> str:
    """A scalar as text: booleans as JSON writes them (true, false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _flat_text(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) == {"name", "country"}:
            return f"{value['name']} ({value['country']})" if value["country"] else value["name"]
        return ", ".join(_flat_text(v) for v in value.values() if v is not None)
    if isinstance(value, list):
        return _join(value)
    return _scalar_text(value)


_NESTED = {
    "range": ("low", "high"),
    "per": ("value", "unit"),
    "period": ("text", "display", "start", "end"),
    "quote": ("id", "speaker"),
}


def flatten(record: Record, prefix: str = "") -> dict[str, Any]:
    """A record as one row: nested mappings as dotted columns (the same ones when null), lists joined with '; '."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if value is None and key in _NESTED:
            row.update({f"{name}.{sub}": None for sub in _NESTED[key]})
        elif isinstance(value, dict):
            row.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            row[name] = _join(value)
        else:
            row[name] = value
    return row


# Columns a person reads (table, plain, markdown); machine formats carry every field.
Column = tuple[str, Callable[[Record], Any]]


def _source_id(r: Record) -> Any:
    return r["source"]["id"]


def _period(r: Record) -> Any:
    return r["period"]["display"] if r["period"] else None


def _speaker(r: Record) -> str:
    return ", ".join(part for part in (r["speaker"], r["role"], r["organisation"]) if part)


COLUMNS: dict[str, list[Column]] = {
    "figure": [
        ("ID", lambda r: r["id"]),
        ("Figure", lambda r: r["display"]),
        ("What it counts", lambda r: r["counts"]),
        ("Period", _period),
        ("Place", lambda r: _join(r["places"])),
        ("Source", _source_id),
    ],
    "quote": [
        ("ID", lambda r: r["id"]),
        ("Speaker", _speaker),
        ("Quote", lambda r: f"“{r['text']}”"),
        ("Source", _source_id),
    ],
    "contact": [
        ("ID", lambda r: r["id"]),
        ("Name", lambda r: r["name"]),
        ("Organisation", lambda r: r["organisation"]),
        ("Phone", lambda r: r["phone"]),
        ("Email", lambda r: r["email"]),
        ("Contact for", lambda r: r["for"]),
        ("Source", _source_id),
    ],
    "source": [
        ("ID", lambda r: r["id"]),
        ("Title", lambda r: r["title"]),
        ("Published", lambda r: r["date"]),
        ("Dateline", lambda r: r["dateline"]),
        ("Figures", lambda r: r["figures"]),
        ("Quotes", lambda r: r["quotes"]),
        ("Contacts", lambda r: r["contacts"]),
    ],
    "topic": [
        ("ID", lambda r: r["id"]),
        ("Label", lambda r: r["label"]),
        ("Aliases", lambda r: ", ".join(r["aliases"])),
        ("Figures", lambda r: r["figures"]),
        ("Quotes", lambda r: r["quotes"]),
        ("Contacts", lambda r: r["contacts"]),
        ("Sources", lambda r: r["sources"]),
    ],
    "verdict": [
        ("Verdict", lambda r: r["verdict"]),
        ("Claim", lambda r: r["claim"]),
        ("What the fact base says", lambda r: r["explanation"]),
        ("Figures", lambda r: ", ".join(f["id"] for f in r["figures"]) or "none"),
    ],
    "hit": [
        ("#", lambda r: r["rank"]),
        ("Type", lambda r: r["type"]),
        ("ID", lambda r: r["id"]),
        ("Text", lambda r: r["text"]),
        ("Source", _source_id),
    ],
}


NONE = "none"
# Keys whose null means "does not apply" (no qualifier, no range), not "the source leaves it out".
_NOT_APPLICABLE = ("range.", "per.", "qualifier", "note", "period_note", "organisation_note", "phone_note", "quote")


def _cell(value: Any, key: str = "") -> str:
    if value is None or value == "":
        return NONE if key.startswith(_NOT_APPLICABLE) or key.endswith("_note") else NOT_GIVEN
    return _scalar_text(value)


def human_rows(section: Section) -> tuple[list[str], list[list[str]]]:
    columns = COLUMNS[section.kind]
    headers = [name for name, _ in columns]
    return headers, [[_cell(get(record)) for _, get in columns] for record in section.records]


def item_rows(record: Record) -> list[tuple[str, str]]:
    """Every field of a record, as (field, text) rows: `show` in table, plain and markdown."""
    return [(key, _cell(value, key)) for key, value in flatten(record).items() if key != "kind"]


# ---- formats -------------------------------------------------------------------------------------


def _json_data(result: Result) -> Any:
    if result.shape == "item" or result.meta.get("single"):
        return result.sections[0].records[0]
    if result.shape == "grouped":
        return {**result.meta, **{s.key: s.records for s in result.sections}}
    return result.sections[0].records


def _json_safe(text: str) -> str:
    """JSON escapes C0 controls itself; C1 controls and bidi overrides are escaped here too."""
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def indented_json(data: Any) -> str:
    """DATA as JSON indented by two spaces, UTF-8 text as it is. orjson writes it: a large answer's
    10,000 records take 20 ms rather than the 600 of the standard library's indenting encoder (written in
    Python). Text orjson refuses (lone surrogates, from a command line's undecodable bytes) goes to the
    standard library, which escapes them."""
    from migfacts.orjsonload import load_orjson

    orjson = load_orjson()
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError
        import json

        return json.dumps(data, ensure_ascii=False, indent=2)


def render_json(result: Result, out: IO[str]) -> None:
    out.write(_json_safe(indented_json(_json_data(result))) + "\n")


def render_jsonl(result: Result, out: IO[str]) -> None:
    import json

    for section in result.sections:
        for record in section.records:
            out.write(_json_safe(json.dumps(record, ensure_ascii=False)) + "\n")


def _spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _rows(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [flatten(record) for section in result.sections for record in section.records]
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    return list(header), rows


def _csv_value(value: Any) -> Any:
    """Numbers stay numbers; booleans read true/false; missing is an empty cell."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else _scalar_text(value)


def render_csv(result: Result, out: IO[str]) -> None:
    """RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, so text round-trips exactly."""
    header, rows = _rows(result)
    import csv  # only for CSV: every lookup imports this module
    import io

    # A writer quotes a field that holds a character of its line terminator, and csv.reader ends a row at a
    # carriage return as at a line feed: each row is written with "\r\n", then ends in "\n" alone.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in [header, *([_spreadsheet_safe(_csv_value(row.get(key))) for key in header] for row in rows)]:
        writer.writerow(cells)
        out.write(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()


def render_tsv(result: Result, out: IO[str]) -> None:
    """TSV as `cut` and `awk` expect: one record a line, tabs and line breaks in text written as \\t and \\n."""
    header, rows = _rows(result)
    out.write("\t".join(header) + "\n")
    for row in rows:
        cells = (str(_spreadsheet_safe(_csv_value(row.get(key)))) for key in header)
        out.write("\t".join(visible(cell.replace("\\", "\\\\"), one_line=True) for cell in cells) + "\n")


def render_yaml(result: Result, out: IO[str]) -> None:
    """YAML of the JSON shape; a string holding bidi or C1 characters is double-quoted, with them escaped."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = '"' if _UNSAFE_RE.search(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    dumped = yaml.dump(_json_data(result), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    out.write(_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped))


def _md_cell(text: str) -> str:
    text = visible(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "<br>").replace("\n", "<br>")


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(result: Result, out: IO[str]) -> None:
    blocks = []
    for section in result.sections:
        blocks.append(f"## {_md_cell(section.title)}")
        if result.shape == "item":
            blocks.append(_md_table(["Field", "Value"], [list(row) for row in item_rows(section.records[0])]))
        elif section.records:
            blocks.append(_md_table(*human_rows(section)))
        else:
            blocks.append(_md_cell(section.empty or "None."))
    out.write("\n\n".join(blocks) + "\n")


def render_plain(result: Result, out: IO[str]) -> None:
    """One record per line, tab-separated; grouped output starts each line with its kind."""
    for section in result.sections:
        if result.shape == "item":
            for key, value in item_rows(section.records[0]):
                out.write(f"{key}\t{visible(value, one_line=True)}\n")
            continue
        _, rows = human_rows(section)
        for row in rows:
            cells = [section.kind, *row] if result.shape == "grouped" else row
            out.write("\t".join(visible(cell, one_line=True) for cell in cells) + "\n")


def render_table(result: Result, out: IO[str], color: bool) -> None:
    from migfacts.table import print_tables

    print_tables(result, out, color)


def render(result: Result, fmt: Format, out: IO[str], color: bool = True) -> list[str]:
    """Write a result; returns the notes (empty sections) that a machine format leaves to stderr."""
    if fmt is Format.table:
        render_table(result, out, color)
    elif fmt is Format.markdown:
        render_markdown(result, out)
    else:
        writers: dict[Format, Callable[[Result, IO[str]], object]] = {
            Format.plain: render_plain,
            Format.json: render_json,
            Format.jsonl: render_jsonl,
            Format.yaml: render_yaml,
            Format.csv: render_csv,
            Format.tsv: render_tsv,
        }
        writers[fmt](result, out)
        out.flush()
        return [s.empty for s in result.sections if not s.records and s.empty]
    out.flush()
    return []
