"""Fact text is data: never Rich markup, never terminal control codes, never a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import make_base

HOSTILE = (
    "[bold]Migrants[/] count \x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 bell\x07 \u202eevil"
)
ESCAPES = ("\x1b]8;;https://evil.example", "link\x1b]8;;")  # an OSC 8 link: "8" is a number
TEXT = f"“{HOSTILE},” said Jane Doe, Head of Tests.\n\n“=HYPERLINK(1)” said Jane Doe, Head of Tests.\n"
BODY = f"""quotes:
  - id: doe-hostile
    speaker: Jane Doe
    role: Head of Tests
    organisation: null
    topics: [tb]
    text: {json.dumps(HOSTILE)}
    attribution: said Jane Doe, Head of Tests.
  - id: doe-formula
    speaker: Jane Doe
    role: Head of Tests
    organisation: null
    topics: [tb]
    text: "=HYPERLINK(1)"
    attribution: said Jane Doe, Head of Tests.
other_numbers:
  - text: {json.dumps(ESCAPES[0])}
    reason: parts of terminal control codes
  - text: {json.dumps(ESCAPES[1])}
    reason: parts of terminal control codes
  - text: "=HYPERLINK(1)"
    reason: a spreadsheet formula's argument
"""


@pytest.fixture
def hostile(tmp_path):
    return make_base(tmp_path / "hostile", TEXT, BODY)


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_no_raw_control_codes_and_markup_prints_as_written(cli, hostile, fmt):
    result = cli("quotes", "--facts", str(hostile), "--format", fmt, env={"COLUMNS": "400"})
    assert result.code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    shown = result.stdout.replace("\\\\", "\\") if fmt == "markdown" else result.stdout  # markdown escapes \\
    assert "[bold]Migrants[/] count \\x1b[31mred\\x1b[0m" in shown
    assert "\\x1b]8;;https://evil.example\\x07link" in shown
    assert "\\u202eevil" in shown


def test_json_keeps_the_exact_text(cli, hostile):
    result = cli("quotes", "--facts", str(hostile), "--format", "json")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout  # escaped as \u001b, \u202e
    assert json.loads(result.stdout)[0]["text"] == HOSTILE


def test_csv_round_trips_and_neutralises_formulas(cli, hostile):
    rows = list(csv.DictReader(io.StringIO(cli("quotes", "--facts", str(hostile), "--format", "csv").stdout)))
    assert rows[0]["text"] == HOSTILE
    assert rows[1]["text"] == "'=HYPERLINK(1)"


def test_validate_flags_control_characters_that_lookups_render_safely(cli, hostile):
    result = cli("validate", "--facts", str(hostile))
    assert result.code == 3
    text = hostile / "sources" / "test-release.txt"
    lines = set(result.stderr.splitlines())
    for code in ("001B", "0007", "202E"):
        assert f"{text}:3: a control character (U+{code}): remove it" in lines


@pytest.mark.parametrize("columns", ["20", "40"])
def test_a_narrow_terminal_still_renders(cli, columns):
    result = cli("tb", "--format", "table", env={"COLUMNS": columns})
    assert result.code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)


def test_a_huge_quote_renders(cli, tmp_path):
    words = " ".join(f"word{i}" for i in range(15000))  # about 100 KB
    body = f"""quotes:
  - id: doe-long
    speaker: Jane Doe
    role: null
    organisation: null
    topics: [tb]
    text: {words}
    attribution: said Jane Doe
"""
    root = make_base(tmp_path / "long", f"“{words},” said Jane Doe\n", body)
    for fmt in ("table", "plain", "json"):
        result = cli("quotes", "--facts", str(root), "--format", fmt)
        assert result.code == 0 and "word14999" in result.stdout


@pytest.mark.parametrize("columns", [30, 45, 59, 60, 70, 80, 90, 100, 109, 110, 120, 140, 200])
@pytest.mark.parametrize("command", [["tb"], ["figures"], ["quotes"], ["contacts"], ["sources"], ["search", "tb"]])
def test_tables_never_exceed_the_terminal(cli, command, columns):
    result = cli(*command, "--format", "table", env={"COLUMNS": str(columns)})
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    table_lines = [line for line in lines if line and line[0] in "╭│├╰"]
    assert all(line[-1] in "╮│┤╯" for line in table_lines), "a table was cropped"


def test_a_narrow_terminal_stacks_fields_and_a_wide_one_keeps_ids_whole(cli):
    narrow = cli("contacts", "--format", "table", env={"COLUMNS": "50"}).stdout
    assert "│ Phone        │ +14227179459" in narrow
    wide = cli("figures", "--format", "table", env={"COLUMNS": "120"}).stdout
    assert "kenya-tb-treatment-success-2010-2016" in wide and "│ Source" in wide


def test_tsv_keeps_one_record_a_line(cli):
    lines = cli("contacts", "--format", "tsv").stdout.splitlines()
    assert len(lines) == 3
    assert "For more information please contact IOM HQ\\nCarlos Van der Laat, Tel +14227179459, Email:" in lines[2]


def test_line_separators_do_not_split_a_plain_record(cli, tmp_path):
    words = "One\u2028two"
    text = f"“{words},” said Jane Doe."
    body = f"""quotes:
  - id: doe
    speaker: Jane Doe
    role: null
    organisation: null
    topics: [tb]
    text: {json.dumps(words)}
    attribution: said Jane Doe.
other_numbers:
  - text: {json.dumps(words)}
    reason: words, not quantities
"""
    root = make_base(tmp_path / "sep", text, body)
    plain = cli("quotes", "--facts", str(root)).stdout
    assert plain.splitlines() == ["doe\tJane Doe\t“One\\u2028two”\ttest-release"]
    assert json.loads(cli("quotes", "--facts", str(root), "-f", "json").stdout)[0]["text"] == words
