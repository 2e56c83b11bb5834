"""The base's signature taken ahead by a child of the console: used when it is of the base asked for, never
an answer different from the lookup's own, and no child left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migfacts.layout import bundled_facts
from migfacts.lookahead import named_base

from helpers import set_key

TB = Path("sources/world-tb-day-2019.yaml")
COUNTS = "active TB cases that IOM detected in pre-departure health assessments of migrants and refugees"
OWN = "the lookup took the signature itself"

PRELUDE = """\
import atexit, os, sys
import migfacts.cache, migfacts.index as index, migfacts.lookahead as lookahead
migfacts.cache.RACY_NS = -(10**12)  # files just written count as settled (their signature is kept)
lookahead.AHEAD_FROM = 0  # the small base is taken ahead as a large one is
parent, own = os.getpid(), index.whole_signature
def counted(*args, **kwargs):
    if os.getpid() == parent:
        sys.__stderr__.write("the lookup took the signature itself\\n")
    return own(*args, **kwargs)
index.whole_signature = counted
def no_child_left():
    try:
        os.waitpid(-1, os.WNOHANG)
        sys.__stderr__.write("a child is left\\n")
    except ChildProcessError:
        pass
atexit.register(no_child_left)
"""


def _console(cache: Path, *args: str, prelude: str = "", env: dict[str, str] | None = None):
    script = PRELUDE + prelude + "from migfacts.console import run\nrun()\n"
    environment = {**os.environ, "MIGFACTS_CACHE": str(cache), **(env or {})}
    environment.pop("MIGFACTS_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=environment, check=False
    )


def _counts(cache: Path, base: Path, prelude: str = "") -> tuple[str, str]:
    result = _console(cache, "show", "tb-active-cases-2018", "--facts", str(base), "-f", "json", prelude=prelude)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["counts"], result.stderr


pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2, reason="one core")


def test_a_lookup_uses_the_signature_its_child_took(facts_copy, tmp_path):
    first = _counts(tmp_path / "cache", facts_copy)  # builds the index: the child had none to compare with
    assert first == (COUNTS, f"{OWN}\n")
    assert _counts(tmp_path / "cache", facts_copy) == (COUNTS, "")


def test_an_edit_is_seen_with_the_signature_taken_ahead(facts_copy, tmp_path):
    _counts(tmp_path / "cache", facts_copy)
    assert _counts(tmp_path / "cache", facts_copy) == (COUNTS, "")
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", "'active TB cases, as edited'")
    assert _counts(tmp_path / "cache", facts_copy) == ("active TB cases, as edited", f"{OWN}\n")
    assert _counts(tmp_path / "cache", facts_copy) == ("active TB cases, as edited", "")


def test_the_signature_of_another_base_is_not_used(facts_copy, tmp_path):
    """The child took the signature of the bundled base; the lookup asks for an edited copy of it."""
    cache = tmp_path / "cache"
    _console(cache, "tb", "--facts", str(bundled_facts()))  # both indexed, and current
    _counts(cache, facts_copy)
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", "'active TB cases, as edited'")
    elsewhere = f"lookahead.named_base = lambda argv: __import__('pathlib').Path({str(bundled_facts())!r})\n"
    assert _counts(cache, facts_copy, elsewhere) == ("active TB cases, as edited", f"{OWN}\n")


def test_a_child_that_fails_leaves_the_lookup_to_take_it(facts_copy, tmp_path):
    _counts(tmp_path / "cache", facts_copy)
    failing = "def fail(root):\n    raise RuntimeError('no signature')\nlookahead._signature = fail\n"
    assert _counts(tmp_path / "cache", facts_copy, failing) == (COUNTS, f"{OWN}\n")


FORKS = "real_fork = os.fork\nos.fork = lambda: (sys.__stderr__.write('forked\\n'), real_fork())[1]\n"


def test_a_command_that_asks_no_signature_leaves_no_child(facts_copy, tmp_path):
    _console(tmp_path / "cache", "tb", "--facts", str(facts_copy))
    result = _console(tmp_path / "cache", "--facts", str(facts_copy), "--version", prelude=FORKS)
    assert (result.returncode, result.stderr) == (0, "forked\n")  # and killed, and reaped: none is left


def test_shell_completion_forks_no_child(facts_copy, tmp_path):
    """A command or a topic is completed from the topics alone: a child would only cost TAB its time."""
    env = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts t", "COMP_CWORD": "1"}
    _console(tmp_path / "cache", "tb", "--facts", str(facts_copy))
    result = _console(tmp_path / "cache", prelude=FORKS, env={**env, "MIGFACTS_FACTS": str(facts_copy)})
    assert (result.returncode, result.stdout.split(), result.stderr) == (
        0,
        ["topic", "topics", "tb", "tuberculosis"],
        "",
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["tb"], "from-env"),
        (["--facts", "a", "tb"], "a"),
        (["tb", "--facts", "b"], "b"),
        (["--facts", "a", "tb", "--facts=b"], "b"),
        (["search", "--", "--facts", "x"], "from-env"),
        (["tb", "--facts", " "], None),
        (["tb", "--facts"], "from-env"),
    ],
)
def test_the_base_a_command_line_names(monkeypatch, argv, expected):
    monkeypatch.setenv("MIGFACTS_FACTS", "from-env")
    assert named_base(argv) == (Path(expected) if expected else None)


def test_without_a_variable_the_bundled_base(monkeypatch):
    monkeypatch.delenv("MIGFACTS_FACTS", raising=False)
    assert named_base(["tb", "--year", "2018"]) == bundled_facts()


def test_a_signature_taken_before_a_wait_for_another_build_is_not_used(facts_copy, tmp_path):
    """The lookup waited for another process's build, during which a file changed: that build may not have
    seen it, and the child's signature, taken before, would match it."""
    _counts(tmp_path / "cache", facts_copy)
    edit_during_wait = (
        "import time, migfacts.buildmark as buildmark\n"
        "def waited(index, progress=None):\n"
        "    time.sleep(0.3)  # the child has its signature\n"
        f"    path = __import__('pathlib').Path({str(facts_copy / TB)!r})\n"
        "    text = path.read_text(encoding='utf-8')\n"
        "    path.write_text(text.replace('counts: active TB cases that', 'counts: edited TB cases that'))\n"
        "    return True\n"
        "buildmark.wait_for_build = waited\n"
    )
    counts, stderr = _counts(tmp_path / "cache", facts_copy, edit_during_wait)
    assert (counts, stderr) == (COUNTS.replace("active", "edited"), f"{OWN}\n")


def test_ctrl_c_just_after_the_fork_leaves_no_child(facts_copy, tmp_path):
    """An interrupt between the fork and the child's record waits for the record: the child is stopped."""
    _console(tmp_path / "cache", "tb", "--facts", str(facts_copy))
    interrupt_after_fork = (
        "import signal\n"
        "real_fork = os.fork\n"
        "def fork():\n"
        "    pid = real_fork()\n"
        "    if pid:\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return pid\n"
        "os.fork = fork\n"
    )
    result = _console(tmp_path / "cache", "tb", "--facts", str(facts_copy), prelude=interrupt_after_fork)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "migfacts: interrupted\n")
