"""--limit, and the first 20 records of each kind that a table shows by default."""

from __future__ import annotations

import json

import pytest

from helpers import load_generator

ROW_END = " │\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> str:
    """A generated base of 30 sources: 400-odd figures, 120 quotes, 30 contacts."""
    root = tmp_path_factory.mktemp("limit") / "base"
    load_generator().generate(root, 30, seed=11)
    return str(root)


def _count(cli, base: str, *args: str) -> int:
    return len(json.loads(cli(*args, "--facts", base, "--format", "json").stdout))


def _table_ids(stdout: str) -> list[str]:
    """The ids of a rows table (each under its first column's text)."""
    return [line.split("│")[1].strip() for line in stdout.splitlines() if line.startswith("│ synthetic-")]


def test_a_table_shows_the_first_20_of_each_kind_and_says_how_many_more(cli, base):
    total = _count(cli, base, "figures")
    assert total > 400
    result = cli("figures", "--facts", base, "--format", "table", env={"COLUMNS": "160"})
    assert result.code == 0
    ids = _table_ids(result.stdout)
    every = [record["id"] for record in json.loads(cli("figures", "--facts", base, "-f", "json").stdout)]
    assert ids == every[:20]
    assert result.stdout.endswith(f"The first 20 of {total} figures (--limit 0 shows them all).\n")


def test_limit_0_shows_every_row_and_no_note(cli, base):
    result = cli("quotes", "--facts", base, "--format", "table", "--limit", "0", env={"COLUMNS": "200"})
    assert len(_table_ids(result.stdout)) == _count(cli, base, "quotes") == 120
    assert "--limit 0" not in result.stdout


@pytest.mark.parametrize("fmt", ["plain", "csv", "tsv", "jsonl", "markdown"])
def test_other_formats_give_everything_by_default(cli, base, fmt):
    lines = cli("figures", "--facts", base, "--format", fmt).stdout.splitlines()
    starts = ("synthetic-", "figure,synthetic-", "figure\tsynthetic-", '{"kind": "figure"', "| synthetic-")
    rows = [line for line in lines if line.startswith(starts)]
    assert len(rows) == _count(cli, base, "figures")


def test_limit_cuts_each_kind_of_a_topic_in_every_format(cli, base):
    grouped = json.loads(cli("migrant-health", "--facts", base, "--format", "json", "--limit", "3").stdout)
    every = json.loads(cli("migrant-health", "--facts", base, "--format", "json").stdout)
    assert [len(every[key]) > 3 for key in ("figures", "quotes")] == [True, True]
    for key in ("figures", "quotes", "contacts"):
        assert grouped[key] == every[key][:3]
    plain = cli("migrant-health", "--facts", base, "--format", "plain", "-n", "3").stdout.splitlines()
    assert [line.split("\t")[:2] for line in plain] == [
        [key[:-1], record["id"]] for key in ("figures", "quotes", "contacts") for record in every[key][:3]
    ]


def test_search_keeps_the_best_first(cli, base):
    every = json.loads(cli("search", "migrants", "--facts", base, "--format", "json").stdout)
    assert json.loads(cli("search", "migrants", "--facts", base, "--format", "json", "-n", "4").stdout) == every[:4]


def test_a_limit_below_0_is_a_usage_error(cli, base):
    result = cli("sources", "--facts", base, "--limit", "-1")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "migfacts: Invalid value for '--limit' / '-n': -1 is not in the range x>=0. (see 'migfacts sources --help')\n"
    )


def test_check_lists_every_verdict_in_a_table(cli, tmp_path):
    claims = tmp_path / "claims.txt"
    claims.write_text("".join(f"IOM detected {100 + n} TB cases in 2018.\n" for n in range(25)), encoding="utf-8")
    result = cli("check", "--file", str(claims), "--format", "table", env={"COLUMNS": "200"})
    assert result.code == 1
    assert result.stdout.count("IOM detected 1") == 25
    assert "--limit" not in result.stdout
