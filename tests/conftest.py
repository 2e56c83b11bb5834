"""Shared fixtures: the real CLI, and writable copies of the fact base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migfacts.layout import bundled_facts

from helpers import run_cli


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled fact base."""
    target = tmp_path / "facts"
    shutil.copytree(bundled_facts(), target)
    return target


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Every test's cache goes to one temporary folder, never the user's cache directory."""
    import os

    os.environ["MIGFACTS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("MIGFACTS_NO_CACHE", None)
