"""The README's promises: its gallery is real output, and its test command is what CI runs."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLES = re.findall(r"```console\n\$ (migfacts[^\n]*)\n(.*?)```", README, re.DOTALL)


def test_the_gallery_has_samples():
    assert len(SAMPLES) >= 8
    assert SAMPLES[0][0] == "migfacts tb --year 2018 --format table"


def _output(command: str) -> str:
    previous = Path.cwd()
    os.chdir(ROOT)  # the samples name paths relative to the checkout: --facts facts
    try:
        result = run_cli(*shlex.split(command)[1:])
    finally:
        os.chdir(previous)
    return result.stdout + result.stderr


@pytest.mark.parametrize(("command", "expected"), SAMPLES, ids=[command for command, _ in SAMPLES])
def test_gallery_output_is_real(command, expected):
    if os.environ.get("MIGFACTS_UPDATE_GOLDEN"):  # rewrite the README's samples, like the golden files
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        old = f"```console\n$ {command}\n{expected}```"
        (ROOT / "README.md").write_text(text.replace(old, f"```console\n$ {command}\n{_output(command)}```"))
        return
    assert _output(command) == expected


def test_readme_gives_the_install_and_run_command():
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/migfacts tb --year 2018" in README


def test_ci_runs_exactly_the_readme_test_command():
    command = re.search(r"## Install and test\n\n```sh\n(.*?)\n```", README).group(1)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_readme_documents_every_exit_code():
    from migfacts.errors import ExitStatus

    for status in ExitStatus:
        assert f"| {status.value} |" in README
