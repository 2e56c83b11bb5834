"""Property tests of the renderers: fact text is data, whatever it holds.

JSON, JSON lines and YAML give the text back exactly; CSV gives it back through csv.reader, but for the
formula rule (a text cell that starts with = + - @, a tab or a carriage return gets a leading '); table,
plain and Markdown send no raw control character to the terminal (no ESC, BEL, other C0 controls but the
line feed, and the tab of plain; no C1 controls, no bidi overrides) and print Rich markup as written.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from migfacts.layout import bundled_facts
from migfacts.loader import load_factbase
from migfacts.records import contact_record, figure_record, quote_record
from migfacts.render import Format, render, visible
from migfacts.result import Result, Section
from migfacts.textnorm import UNSAFE_CHARACTERS
from properties import NASTY_PIECES, budget, nasty_text, within

from helpers import make_base, run_cli

BASE = load_factbase(bundled_facts())
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # render.py's rule: README names the first four
RAW = re.compile(f"[\x00-\x08\x0b-\x1f{UNSAFE_CHARACTERS}]")
"""What a terminal must never get raw from fact text: C0 controls but tab and line feed, C1, bidi."""
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Rich's own colours, when colour is on: the only escape sequences a table may hold."""

texts = st.one_of(nasty_text, st.text(max_size=30), st.sampled_from(NASTY_PIECES))
some_text = texts.filter(lambda t: t != "")


def _sections(quote_text: str, speaker: str, name: str, phone: str | None, unit: str) -> list[Section]:
    quote = dataclasses.replace(BASE.quotes[0], parts=(quote_text,), speaker=speaker, role=None)
    contact = dataclasses.replace(BASE.contacts[0], name=name, phone=phone, organisation=speaker)
    figure = dataclasses.replace(BASE.figures[0], unit=unit, counts=unit)
    return [
        Section("figures", "figure", "Figures", [figure_record(figure)]),
        Section("quotes", "quote", "Quotes", [quote_record(quote)]),
        Section("contacts", "contact", "Contacts", [contact_record(contact)]),
    ]


def _rendered(result: Result, fmt: Format, color: bool = False) -> str:
    out = io.StringIO()
    render(result, fmt, out, color=color)
    return out.getvalue()


def _no_raw_controls(shown: str, fmt: Format) -> None:
    """No raw control character in SHOWN but Rich's colours (and plain's tabs, which RAW lets pass)."""
    for char in RAW.findall(SGR.sub("", shown)):
        raise AssertionError(f"{fmt}: a raw {char!r}")
    assert "\x1b" not in SGR.sub("", shown)


@budget(80)
@given(quote_text=some_text, speaker=some_text, name=some_text, phone=st.one_of(st.none(), some_text), unit=some_text)
@example(
    quote_text="[bold]Migrants[/] \x1b[31mred\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\u202eevil",
    speaker="=HYPERLINK(1)",
    name="\r\n@SUM(A1)",
    phone="+41 22 717 9111",
    unit="\x9b31m\x85\u2028",
)
@example(quote_text="\r", speaker="0", name="a\rb", phone=None, unit="\x1b")  # CSV: a lone CR split the row
def test_every_format_keeps_fact_text_as_data(quote_text, speaker, name, phone, unit):
    sections = _sections(quote_text, speaker, name, phone, unit)
    with within(20):
        for section in sections:
            result = Result([section])
            (record,) = section.records
            data = json.loads(_rendered(result, Format.json))
            assert data == [record]  # every text exactly as it was
            assert [json.loads(line) for line in _rendered(result, Format.jsonl).splitlines()] == [record]
            assert yaml.safe_load(_rendered(result, Format.yaml)) == [record]
            _csv_round_trips(result, record)
            for fmt in (Format.plain, Format.markdown, Format.table):
                _no_raw_controls(_rendered(result, fmt), fmt)
            _no_raw_controls(_rendered(result, Format.table, color=True), Format.table)
            plain = _rendered(result, Format.plain)
            assert plain.count("\n") == 1  # one record, one line
            assert all(visible(cell, one_line=True) in plain for cell in _texts(record, section.kind))
            _markdown_keeps_its_columns(_rendered(result, Format.markdown))


def _texts(record: dict, kind: str) -> list[str]:
    """The hostile texts a record's plain line shows whole."""
    if kind == "quote":
        return [record["speaker"]]
    if kind == "contact":
        return [record["name"]] + ([record["phone"]] if record["phone"] else [])
    return [record["counts"]]


def _csv_round_trips(result: Result, record: dict) -> None:
    header, *rows = list(csv.reader(io.StringIO(_rendered(result, Format.csv), newline="")))
    (row,) = rows
    cells = dict(zip(header, row, strict=True))
    for key in ("text", "speaker", "name", "phone", "unit", "counts", "organisation"):
        if key in cells and isinstance(record.get(key), str):
            value = record[key]
            expected = "'" + value if value.startswith(FORMULA_START) else value
            assert cells[key] == expected, key


def _markdown_keeps_its_columns(markdown: str) -> None:
    """Each row of the table has as many cells as its header: no text breaks a row or adds a column."""
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    widths = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
    assert len(widths) == 1 and len(rows) == 3, markdown


# ---- through the real CLI: a base whose facts hold the hostile text ------------------------------------


def _yaml_quoted(text: str) -> str:
    """TEXT as a double-quoted YAML scalar, every character but printable ASCII escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif " " <= char <= "~":
            escaped.append(char)
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(escaped) + '"'


one_line = st.lists(
    st.one_of(st.sampled_from([p for p in NASTY_PIECES if not re.search("[\r\n\x85\u2028\u2029]", p)]), st.text("ab ")),
    min_size=1,
    max_size=8,
).map(lambda parts: unicodedata.normalize("NFC", "Words " + "".join(parts) + " end"))


@budget(25)
@given(words=one_line)
@example(words="Words [bold]x[/] \x1b[31m\x07\x9b\u202e end")
def test_the_cli_shows_any_quote_safely_and_exports_it_exactly(words):
    with tempfile.TemporaryDirectory() as folder:
        body = (
            "quotes:\n  - id: doe-words\n    speaker: Jane Doe\n    role: null\n    organisation: null\n"
            f"    topics: [tb]\n    text: {_yaml_quoted(words)}\n    attribution: said Jane Doe.\n"
        )
        root = make_base(Path(folder) / "facts", f"“{words},” said Jane Doe.\n", body)
        with within(30):
            shown = {fmt: run_cli("quotes", "--facts", str(root), "-f", fmt, env={"COLUMNS": "400"}) for fmt in Format}
    for fmt, result in shown.items():
        assert (result.code, result.stderr) == (0, ""), (fmt, result)
    assert json.loads(shown[Format.json].stdout)[0]["text"] == words
    assert json.loads(shown[Format.jsonl].stdout)["text"] == words
    assert yaml.safe_load(shown[Format.yaml].stdout)[0]["text"] == words
    (row,) = csv.DictReader(io.StringIO(shown[Format.csv].stdout, newline=""))
    assert row["text"] == words  # starts with "Words": no formula
    assert shown[Format.plain].stdout == f"doe-words\tJane Doe\t“{visible(words, one_line=True)}”\ttest-release\n"
    for fmt in (Format.plain, Format.markdown, Format.table, Format.tsv):
        _no_raw_controls(shown[fmt].stdout, fmt if fmt is not Format.tsv else Format.plain)
    if "[bold]" in words:  # markup printed as written, never read
        assert "[bold]" in shown[Format.table].stdout and "[bold]" in shown[Format.markdown].stdout


def test_csv_quotes_a_lone_carriage_return_as_a_line_feed():
    """csv.writer quotes only its own line terminator ("\\n"), and csv.reader ends a row at a lone CR too."""
    (contact,) = _sections("x", "y", "a\rb", None, "u")[2].records
    written = _rendered(Result([Section("contacts", "contact", "Contacts", [contact])]), Format.csv)
    assert ',"a\rb",' in written and written.endswith("\n") and "\r\n" not in written
    (row,) = csv.DictReader(io.StringIO(written, newline=""))
    assert row["name"] == "a\rb"
