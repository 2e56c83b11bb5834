"""Rendered output pinned with golden files (tests/golden/): tables at 100 columns without colour, and plain."""

from __future__ import annotations

import pytest

from helpers import check_golden

CASES = {
    "tb-2018": ["tb", "--year", "2018"],
    "c4d": ["c4d"],
    "figures": ["figures"],
    "quotes-weekers": ["quotes", "--speaker", "weekers"],
    "contacts": ["contacts"],
    "topics": ["topics"],
    "sources": ["sources"],
    "search-chacon": ["search", "chacon"],
    "show-tb-active-cases-2018": ["show", "tb-active-cases-2018"],
}


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
@pytest.mark.parametrize("name", CASES)
def test_rendered_output_is_pinned(cli, name, fmt):
    result = cli(*CASES[name], "--format", fmt)
    assert result.code == 0
    check_golden(f"{name}.{fmt}.txt", result.stdout)
