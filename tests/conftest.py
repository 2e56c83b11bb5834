"""Shared fixtures: the real CLI, and writable copies of the fact base."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migfacts.loader import bundled_facts

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
