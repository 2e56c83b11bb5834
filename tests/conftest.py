"""Shared fixtures: the real CLI, and writable copies of the fact base."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from migfacts.layout import bundled_facts

from helpers import run_cli

# Property tests (tests/test_properties_*.py): "ci" is the suite's, the same examples at every run and a few
# seconds a test; "explore" is for a run by hand (HYPOTHESIS_PROFILE=explore), new examples and many more.
_SHARED = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", derandomize=True, max_examples=40, **_SHARED)
settings.register_profile("explore", derandomize=False, max_examples=2000, **_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
