"""Every command in every format: parseable, complete, the same facts; and the defaults."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest
import yaml

FORMATS = ["table", "plain", "json", "jsonl", "csv", "tsv", "yaml", "markdown"]
COMMANDS = [
    ["tb", "--year", "2018"],
    ["figures"],
    ["quotes"],
    ["contacts"],
    ["topics"],
    ["sources"],
    ["search", "migrants"],
    ["show", "tb-active-cases-2018"],
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_in_every_format(cli, command, fmt):
    result = cli(*command, "--format", fmt)
    assert result.code == 0, result.stderr
    assert result.stdout.endswith("\n")
    assert "\x1b" not in result.stdout  # NO_COLOR and TERM=dumb: no escape codes
    if command[0] in ("tb", "figures", "show"):
        assert "584" in result.stdout or "tb-active-cases-2018" in result.stdout


def _records(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "yaml":
        return yaml.safe_load(text)
    if fmt == "tsv":
        return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "csv", "tsv"])
def test_machine_formats_carry_the_same_figures(cli, fmt):
    records = _records(fmt, cli("figures", "--year", "2018", "--format", fmt).stdout)
    assert [r["id"] for r in records] == [
        "tb-health-assessments-2018",
        "tb-active-cases-2018",
        "tb-detection-rate-2018",
    ]
    values = [r["value"] for r in records]
    assert values == ([376800, 584, 155] if fmt in ("json", "jsonl", "yaml") else ["376800", "584", "155"])
    amounts = [r["amount"] for r in records]
    assert amounts == ["more than 376,800", "584", "155"]


def test_csv_has_a_header_and_flattened_columns(cli):
    text = cli("figures", "--format", "csv").stdout
    header = text.splitlines()[0].split(",")
    assert header[:5] == ["kind", "id", "display", "amount", "value"]
    assert {"period.start", "period.end", "source.id", "range.low", "range.high", "per.value", "per.unit"} <= set(
        header
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    success = next(r for r in rows if r["id"] == "kenya-tb-treatment-success-2010-2016")
    assert (success["value"], success["range.low"], success["range.high"]) == ("", "90", "100")
    assert success["places"] == "Kenya (KE)"


def test_csv_neutralises_formula_cells_but_keeps_numbers(cli):
    rows = list(csv.DictReader(io.StringIO(cli("contacts", "--format", "csv").stdout)))
    laat = next(r for r in rows if r["id"] == "van-der-laat-tb-contact")
    assert laat["phone"] == "'+14227179459"  # a cell starting with + would be a formula
    figures = list(csv.DictReader(io.StringIO(cli("figures", "--format", "csv").stdout)))
    assert figures[0]["value"] == "300000000"


def test_jsonl_of_a_topic_is_one_record_per_line_each_with_its_kind(cli):
    lines = cli("tb", "--year", "2018", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["figure", "figure", "figure", "quote", "contact"]


def test_grouped_csv_has_a_kind_column_and_the_union_of_columns(cli):
    rows = list(csv.DictReader(io.StringIO(cli("tb", "--year", "2018", "--format", "csv").stdout)))
    assert [r["kind"] for r in rows] == ["figure", "figure", "figure", "quote", "contact"]
    assert rows[3]["speaker"] == "Jacqueline Weekers" and rows[0]["speaker"] == ""


def test_markdown_is_a_pipe_table_per_section(cli):
    text = cli("tb", "--year", "2018", "--format", "markdown").stdout
    assert text.startswith("## Figures on Tuberculosis (TB) (--year 2018)\n\n| ID | Figure | What it counts |")
    assert "| tb-active-cases-2018 | 584 active TB cases |" in text
    assert "## Contacts on Tuberculosis (TB) (--year 2018)" in text


def test_format_is_case_insensitive_and_has_a_short_option(cli):
    assert cli("figures", "-f", "JSON").stdout == cli("figures", "--format", "json").stdout


def test_plain_never_truncates(cli):
    line = cli("quotes", "--speaker", "dermott", env={"COLUMNS": "20"}).stdout
    assert "IOM Central America.”" in line and len(line) > 500


def _run_on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run the installed CLI with a pseudo-terminal as stdout, as a person would."""
    main, secondary = pty.openpty()
    inherited = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "MIGFACTS_FACTS")}
    full_env = {**inherited, "COLUMNS": "100", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "migfacts", *args], stdout=secondary, stderr=subprocess.PIPE, env=full_env
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode()


def test_default_is_a_table_on_a_terminal_and_plain_in_a_pipe():
    on_terminal = _run_on_a_terminal("tb", "--year", "2018", env={"TERM": "xterm-256color"})
    assert "╭" in on_terminal and "584 active TB cases" in on_terminal
    assert "\x1b[" in on_terminal  # colour on a terminal
    piped = subprocess.run(
        [sys.executable, "-m", "migfacts", "tb", "--year", "2018"], capture_output=True, text=True, check=True
    ).stdout
    assert piped.startswith("figure\ttb-health-assessments-2018\t")
    assert "╭" not in piped and "\x1b" not in piped


@pytest.mark.parametrize("switch", [["--no-color"], "NO_COLOR", "TERM=dumb"])
def test_colour_can_be_turned_off_on_a_terminal(switch):
    env = {"TERM": "xterm-256color"}
    args = ["tb", "--year", "2018"]
    if switch == "NO_COLOR":
        env["NO_COLOR"] = "1"
    elif switch == "TERM=dumb":
        env["TERM"] = "dumb"
    else:
        args += switch
    output = _run_on_a_terminal(*args, env=env)
    assert "584 active" in output
    assert "\x1b[" not in output
