"""Rendered output pinned with golden files (tests/golden/): tables at 100 columns without colour, and plain."""

from __future__ import annotations

import pytest

from helpers import check_golden

CASES = {
    "tb-2018": ["tb", "--year", "2018"],
    "tb-limit-2": ["tb", "--limit", "2"],
    "c4d": ["c4d"],
    "figures": ["figures"],
    "quotes-weekers": ["quotes", "--speaker", "weekers"],
    "contacts": ["contacts"],
    "topics": ["topics"],
    "sources": ["sources"],
    "search-chacon": ["search", "chacon"],
    "show-tb-active-cases-2018": ["show", "tb-active-cases-2018"],
    "check": ["check", "IOM detected 584 TB cases in 2018", "TB killed 10 million people in 2017", "IOM has 173 staff"],
}


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
@pytest.mark.parametrize("name", CASES)
def test_rendered_output_is_pinned(cli, name, fmt):
    result = cli(*CASES[name], "--format", fmt)
    assert result.code == (1 if name == "check" else 0)  # check: not every claim is supported
    check_golden(f"{name}.{fmt}.txt", result.stdout)
