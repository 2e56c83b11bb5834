"""A lookup started while another process builds the index waits for that build (its progress shown on a
terminal) rather than reading every YAML file itself; a TAB never waits; a stuck or dead build is not
waited for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from migfacts import buildmark, indexrows
from migfacts.buildmark import PATIENCE, BuildMark, mark_path, underway, wait_for_build
from migfacts.cache import CacheUnusable
from migfacts.index import INDEXES, Index
from migfacts.progress import BuildProgress

from helpers import Terminal


@pytest.fixture
def other_process():
    """The pid of another live process (the builder, as far as a mark can tell)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def _mark(index: Path, pid: int, done: int = 3, total: int = 8, age: float = 0.0) -> Path:
    path = mark_path(index)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{pid} {done} {total}\n", encoding="ascii")
    if age:
        told = time.time() - age
        os.utime(path, (told, told))
    return path


def _ids(stdout: str) -> list[str]:
    return [item["id"] for item in json.loads(stdout)["figures"]]


def test_a_build_told_of_by_a_live_process_is_underway(tmp_path, other_process):
    index = tmp_path / "index.sqlite"
    assert underway(index) is None  # no mark
    _mark(index, other_process, 3, 8)
    assert underway(index) == (3, 8)


@pytest.mark.parametrize(
    "content, age",
    [
        ("{dead} 3 8\n", 0.0),  # its process is gone (killed: no chance to remove the mark)
        ("{live} 3 8\n", PATIENCE + 5),  # no news for longer than PATIENCE: stuck
        ("{own} 3 8\n", 0.0),  # this process's own
        ("{live} 3\n", 0.0),  # cut short
        ("", 0.0),
        ("{live} three 8\n", 0.0),
    ],
)
def test_a_dead_stuck_own_or_unreadable_mark_is_no_build(tmp_path, other_process, content, age):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    index = tmp_path / "index.sqlite"
    path = _mark(index, 0, age=0)
    path.write_text(content.format(dead=dead, live=other_process, own=os.getpid()), encoding="ascii")
    if age:
        os.utime(path, (time.time() - age, time.time() - age))
    assert underway(index) is None


def test_the_mark_is_kept_from_start_to_end_and_tells_at_most_every_fifth_of_a_second(tmp_path, monkeypatch):
    index = tmp_path / "index.sqlite"
    clock = {"now": 100.0}
    monkeypatch.setattr(buildmark.time, "monotonic", lambda: clock["now"])
    with BuildMark(index) as mark:
        path = mark_path(index)
        assert path.read_text(encoding="ascii") == f"{os.getpid()} 0 0\n"
        mark.tell(5, 10)
        assert path.read_text(encoding="ascii") == f"{os.getpid()} 0 0\n"  # within EVERY of the last
        clock["now"] += buildmark.EVERY
        mark.tell(6, 10)
        assert path.read_text(encoding="ascii") == f"{os.getpid()} 6 10\n"
        clock["now"] += buildmark.EVERY
        mark.beat()  # between steps: the count stays, the time is new
        assert path.read_text(encoding="ascii") == f"{os.getpid()} 6 10\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite.building"]  # no temporary left
    assert not path.exists()


def test_a_build_keeps_its_mark_while_it_parses_and_beats_through_every_step_after(cli, facts_copy, monkeypatch):
    seen: list[str] = []
    real_read = indexrows.read_one

    def read_one(path, words):
        seen.append(mark_path(Index(facts_copy).path).read_text(encoding="ascii").split()[0])
        return real_read(path, words)

    beats = []
    real_beat = BuildMark.beat
    monkeypatch.setattr("migfacts.index.read_one", read_one)
    monkeypatch.setattr(BuildMark, "beat", lambda self: beats.append(1) or real_beat(self))
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
    assert seen == [str(os.getpid())] * 2  # both files parsed under this process's mark
    assert len(beats) >= len(INDEXES) + 2 + 2  # each file, each index, before and after the full-text tables
    assert not mark_path(Index(facts_copy).path).exists()


def test_no_build_is_waited_for_when_there_is_none(tmp_path):
    calls = []
    assert wait_for_build(tmp_path / "index.sqlite", lambda *a, **k: calls.append(a)) is False
    assert calls == []


def test_a_wait_shows_the_builders_progress_once_it_has_taken_a_second(tmp_path, other_process):
    index = tmp_path / "index.sqlite"
    path = _mark(index, other_process, 3, 8)
    told: list[tuple] = []

    def builder():
        time.sleep(0.6)
        _mark(index, other_process, 8, 8)  # every file parsed: not yet the end (the tables come after)
        time.sleep(0.8)
        path.unlink()

    thread = threading.Thread(target=builder)
    thread.start()
    started = time.monotonic()
    assert wait_for_build(index, lambda *args, **kwargs: told.append((*args, kwargs))) is True
    thread.join()
    assert time.monotonic() - started >= 1.3
    assert told[0] == (7, 8, {"waiting": True})  # shown from the first second on
    assert told[-1] == (8, 8, {"waiting": True})  # and cleared at the end


def test_the_waiting_bar_says_whose_build_it_is():
    screen = Terminal()
    bar = BuildProgress(screen)
    bar(1, 4, waiting=True)
    bar(4, 4, waiting=True)
    assert "migfacts: waiting for another migfacts to index the fact base" in screen.getvalue()


def test_a_lookup_in_another_process_waits_for_the_build_then_answers_from_the_index(facts_copy, tmp_path):
    """Here no lock is held: only the mark keeps the lookup waiting (a lookup that did not look at it would
    answer within a second)."""
    cache = tmp_path / "cache"
    env = {**os.environ, "MIGFACTS_CACHE": str(cache), "MIGFACTS_FACTS": str(facts_copy)}
    args = [sys.executable, "-m", "migfacts", "tb", "--year", "2018", "-f", "json"]
    expected = subprocess.run(args, env={**env, "MIGFACTS_NO_CACHE": "1"}, capture_output=True, text=True)
    cache.mkdir()
    with BuildMark(cache / Index(facts_copy).path.name):  # told by this process, the lookup's builder
        lookup = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3.0)
        assert lookup.poll() is None  # still waiting
    stdout, stderr = lookup.communicate(timeout=60)
    assert (lookup.returncode, stderr, stdout) == (0, "", expected.stdout)
    assert "tb-active-cases-2018" in _ids(stdout)


def test_a_build_begun_after_the_look_is_waited_for_not_warned_of(cli, facts_copy, other_process, monkeypatch):
    """The lock held past SQLite's wait by a build whose mark came after the lookup looked: the lookup waits
    for the mark to go, then asks again."""
    real = Index.refresh
    refused = []

    def refresh(self, root, progress=None):
        if not refused:
            refused.append(1)
            path = _mark(self.path, other_process)
            threading.Timer(0.3, path.unlink).start()
            raise CacheUnusable("database is locked", busy=True)
        return real(self, root, progress)

    monkeypatch.setattr(Index, "refresh", refresh)
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr, refused) == (0, "", [1])
    assert "tb-active-cases-2018" in _ids(result.stdout)


def test_a_lock_held_with_no_build_underway_is_warned_of_and_the_yaml_read(cli, facts_copy, monkeypatch):
    def refresh(self, root, progress=None):
        raise CacheUnusable(f"cache {self.path} unusable (database is locked); reading the YAML", busy=True)

    monkeypatch.setattr(Index, "refresh", refresh)
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    path = Index(facts_copy).path
    assert (result.code, result.stderr) == (
        0,
        f"migfacts: warning: cache {path} unusable (database is locked); reading the YAML\n",
    )
    assert "tb-active-cases-2018" in _ids(result.stdout)


def test_a_dead_builders_mark_is_not_waited_for(cli, facts_copy):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _mark(Index(facts_copy).path, int(finished.stdout))
    started = time.monotonic()
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
    assert time.monotonic() - started < PATIENCE


def test_a_tab_never_waits_for_a_build(cli, facts_copy, other_process, monkeypatch):
    """Topics come from topics.yaml, ids not at all (the index is not ready, and reading every YAML file
    would hold the TAB for as long as the build)."""
    _mark(Index(facts_copy).path, other_process)
    monkeypatch.setattr(buildmark, "wait_for_build", lambda *a, **k: pytest.fail("a TAB waited"))
    env = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_CWORD": "1", "MIGFACTS_FACTS": str(facts_copy)}
    topics = cli(env={**env, "COMP_WORDS": "migfacts tu"})
    assert (topics.code, topics.stdout.split()) == (0, ["tuberculosis"])
    ids = cli(env={**env, "COMP_WORDS": "migfacts show tb-", "COMP_CWORD": "2"})
    assert (ids.code, ids.stdout.split(), ids.stderr) == (0, [], "")
    assert not Index(facts_copy).path.exists()  # nor did a TAB begin a build of its own
