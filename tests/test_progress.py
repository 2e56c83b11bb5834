"""A build that takes more than a second shows a progress bar on a terminal, and nothing when piped."""

from __future__ import annotations

import itertools

import pytest

from migfacts.index import Index
from migfacts.progress import BuildProgress

from helpers import Terminal


@pytest.fixture
def slow_clock(monkeypatch):
    """Each look at the clock finds a second gone by: every build takes more than a second."""
    ticks = itertools.count(step=1.0)
    monkeypatch.setattr("migfacts.index.time.monotonic", lambda: next(ticks))


def test_a_long_build_shows_a_bar_on_a_terminal(facts_copy, slow_clock):
    screen = Terminal()
    index = Index(facts_copy)
    index.refresh(facts_copy, BuildProgress(screen))
    index.close()
    assert "migfacts: indexing the fact base" in screen.getvalue()
    assert "2/2" in screen.getvalue()  # both source files


def test_a_short_build_shows_nothing(facts_copy):
    screen = Terminal()
    index = Index(facts_copy)
    index.refresh(facts_copy, BuildProgress(screen))
    index.close()
    assert screen.getvalue() == ""


def test_nothing_is_shown_when_stderr_is_piped(cli, facts_copy, slow_clock):
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
