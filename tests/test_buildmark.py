"""A lookup started while another process builds the index waits for that build (its progress shown on a
terminal) rather than reading every YAML file itself; a TAB never waits; a build that is gone or stuck is
not waited for."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from migfacts import buildmark, cache, index, indexparts, indexrows
from migfacts.buildmark import PATIENCE, BuildMark, mark_path, underway, wait_for_build
from migfacts.index import Index
from migfacts.progress import BuildProgress

from helpers import Terminal

_KEEP_MARK = """
import sys, time
from pathlib import Path
from migfacts.buildmark import BuildMark
with BuildMark(Path(sys.argv[1])) as mark:
    time.sleep(0.25)  # (a mark tells at most every 0.2 s)
    mark.tell(3, 8)
    print("marked", flush=True)
    time.sleep(60)
"""


def _ids(stdout: str) -> list[str]:
    return [item["id"] for item in json.loads(stdout)["figures"]]


def _kept_by_another_process(index: Path) -> subprocess.Popen:
    builder = subprocess.Popen([sys.executable, "-c", _KEEP_MARK, str(index)], stdout=subprocess.PIPE, text=True)
    assert builder.stdout.readline() == "marked\n"
    return builder


def test_a_marked_build_is_underway_while_its_process_lives_and_not_after(tmp_path):
    """Killed: no chance to tidy up; not yet reaped (a zombie): still a pid. The lock went with it."""
    index = tmp_path / "index.sqlite"
    assert underway(index) is None  # no mark
    builder = _kept_by_another_process(index)
    assert underway(index) == (3, 8)
    builder.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 10
    while underway(index) is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert underway(index) is None
    assert mark_path(index).exists()  # left as it was, and saying nothing now
    builder.wait()


def _started_then_sleep(started, seconds: float) -> None:
    started.set()
    time.sleep(seconds)


def test_the_lock_goes_with_the_builder_not_with_its_workers(tmp_path):
    """A worker forked during a build (and left running, as a killed builder can leave its workers) does
    not hold the mark's lock."""
    import multiprocessing

    index = tmp_path / "index.sqlite"
    fork = multiprocessing.get_context("fork")
    started = fork.Event()
    with BuildMark(index):
        worker = fork.Process(target=_started_then_sleep, args=(started, 5))
        worker.start()
        assert started.wait(10)
        assert underway(index) == (0, 0)
    try:
        assert worker.is_alive()
        assert underway(index) is None
    finally:
        worker.kill()
        worker.join()


def test_a_build_silent_for_longer_than_patience_is_taken_for_stuck(tmp_path):
    index = tmp_path / "index.sqlite"
    with BuildMark(index) as mark:  # this process's lock: another open of the file sees it
        mark.tell(3, 8)
        assert underway(index) == (0, 0)  # (3, 8) not yet told: at most every EVERY s
        told = time.time() - PATIENCE - 5
        os.utime(mark_path(index), (told, told))
        assert underway(index) is None


def test_the_mark_tells_at_most_every_fifth_of_a_second_and_always_in_one_width(tmp_path, monkeypatch):
    index = tmp_path / "index.sqlite"
    clock = {"now": 100.0}
    monkeypatch.setattr(buildmark.time, "monotonic", lambda: clock["now"])
    path = mark_path(index)
    with BuildMark(index) as mark:
        assert path.read_text(encoding="ascii") == "0 0".ljust(39) + "\n"
        assert underway(index) == (0, 0)
        mark.tell(5, 10)
        assert underway(index) == (0, 0)  # within EVERY of the last
        clock["now"] += buildmark.EVERY
        mark.tell(6, 10)
        assert underway(index) == (6, 10)
        clock["now"] += buildmark.EVERY
        mark.tell(1000, 10000)
        assert underway(index) == (1000, 10000)
        assert path.stat().st_size == buildmark.WIDTH
    assert underway(index) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite.building"]


def test_a_mark_that_cannot_be_made_leaves_the_build_unmarked(tmp_path):
    index = tmp_path / "index.sqlite"
    mark_path(index).mkdir()  # a folder in its place
    with BuildMark(index) as mark:
        mark.tell(1, 2)
        mark.beat()
    assert underway(index) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite.building"]  # nothing left beside it


def test_a_build_tells_its_mark_of_every_chunk_and_beats_through_every_step_after(cli, facts_copy, monkeypatch):
    """The two files parsed by the workers (as a large base's are), merged, indexed."""
    told: list[tuple[int, int]] = []
    beats: list[str] = []
    real_tell, real_beat, real_merge = BuildMark.tell, BuildMark.beat, indexparts.merge_part
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(
        BuildMark, "tell", lambda self, done, total: told.append((done, total)) or real_tell(self, done, total)
    )
    monkeypatch.setattr(BuildMark, "beat", lambda self: beats.append("beat") or real_beat(self))

    def merge(db, part, alias, writer, beat):
        beats.append("merge")
        real_merge(db, part, alias, writer, beat)

    monkeypatch.setattr(indexparts, "merge_part", merge)
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
    assert told == [(2, 2)]  # one chunk of both files
    assert beats.count("merge") == 1  # the one part of that chunk
    # each table of the part merged, its full-text rows; before and after the full-text tables; around the checks
    assert beats == ["beat"] * len(told) + ["merge"] + ["beat"] * (6 + 1) + ["beat"] * (2 + 2)
    assert underway(Index(facts_copy).path) is None


def test_no_build_is_waited_for_when_there_is_none(tmp_path):
    calls = []
    assert wait_for_build(tmp_path / "index.sqlite", lambda *a, **k: calls.append(a)) is False
    assert calls == []


class _Told:
    def __init__(self):
        self.calls: list[tuple] = []

    def __call__(self, *args, **kwargs):
        self.calls.append((*args, kwargs))

    def clear(self):
        self.calls.append("clear")


def test_a_wait_shows_the_builders_progress_once_it_has_taken_a_second_then_clears_it(tmp_path):
    index = tmp_path / "index.sqlite"
    told = _Told()
    mark = BuildMark(index).__enter__()
    mark.tell(3, 8)

    def builder():
        time.sleep(0.6)
        mark._progress = (8, 8)  # every file parsed: not yet the end (the tables come after)
        mark._write()
        time.sleep(0.8)
        mark.__exit__()

    thread = threading.Thread(target=builder)
    started = time.monotonic()
    thread.start()
    assert wait_for_build(index, told) is True
    thread.join()
    assert time.monotonic() - started >= 1.3
    assert told.calls[0] == (7, 8, {"waiting": True})  # shown from the first second on
    assert told.calls[-1] == "clear"


def test_the_waiting_bar_says_whose_build_it_is_and_a_bar_can_follow_it():
    screen = Terminal()
    bar = BuildProgress(screen)
    bar(1, 4, waiting=True)
    bar.clear()
    assert "migfacts: waiting for another migfacts to index the fact base" in screen.getvalue()
    bar(1, 4)  # the lookup, after the wait, building the index itself (the other build failed)
    bar(4, 4)
    assert "migfacts: indexing the fact base" in screen.getvalue()


def test_a_lookup_in_another_process_waits_for_the_build_then_answers_from_the_index(facts_copy, tmp_path):
    """Here no lock of SQLite's is held: only the mark keeps the lookup waiting (a lookup that did not look
    at it would answer within a second)."""
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "MIGFACTS_CACHE": str(cache_dir), "MIGFACTS_FACTS": str(facts_copy)}
    args = [sys.executable, "-m", "migfacts", "tb", "--year", "2018", "-f", "json"]
    expected = subprocess.run(args, env={**env, "MIGFACTS_NO_CACHE": "1"}, capture_output=True, text=True)
    cache_dir.mkdir()
    with BuildMark(cache_dir / Index(facts_copy).path.name):  # held by this process, the lookup's builder
        lookup = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3.0)
        assert lookup.poll() is None  # still waiting
    stdout, stderr = lookup.communicate(timeout=60)
    assert (lookup.returncode, stderr, stdout) == (0, "", expected.stdout)
    assert "tb-active-cases-2018" in _ids(stdout)


def test_a_build_that_began_after_the_look_is_waited_for_not_warned_of(cli, facts_copy, monkeypatch):
    """SQLite's lock held past its wait by a build whose mark came after the lookup looked: the lookup waits
    for the build to end, then asks again."""
    monkeypatch.setattr(cache, "BUSY_WAIT", 0.3)
    path = Index(facts_copy).path
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    assert holder.execute("PRAGMA journal_mode = delete").fetchone() == ("delete",)
    holder.execute("BEGIN EXCLUSIVE")  # as a first build holds it when its pages spill
    holder.execute("CREATE TABLE building (x)")
    mark = BuildMark(path)

    def builder():
        time.sleep(0.1)
        mark.__enter__()  # after the lookup's first look
        time.sleep(1.0)
        holder.execute("ROLLBACK")
        holder.close()
        mark.__exit__()

    thread = threading.Thread(target=builder)
    thread.start()
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    thread.join()
    assert (result.code, result.stderr) == (0, "")
    assert "tb-active-cases-2018" in _ids(result.stdout)


def test_a_lock_held_with_no_build_underway_is_warned_of_and_the_yaml_read(cli, facts_copy, monkeypatch):
    monkeypatch.setattr(cache, "BUSY_WAIT", 0.3)
    path = Index(facts_copy).path
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = delete")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE building (x)")
    try:
        result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (result.code, result.stderr) == (
        0,
        f"migfacts: warning: cache {path} unusable (database is locked); reading the YAML\n",
    )
    assert "tb-active-cases-2018" in _ids(result.stdout)


def test_a_killed_builders_mark_is_not_waited_for(cli, facts_copy):
    builder = _kept_by_another_process(Index(facts_copy).path)
    builder.kill()
    builder.wait()
    started = time.monotonic()
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
    assert time.monotonic() - started < 10


def test_a_tab_never_waits_for_a_build(cli, facts_copy, monkeypatch):
    """Topics come from topics.yaml, ids not at all (the index is not ready, and reading every YAML file
    would hold the TAB for as long as the build)."""
    monkeypatch.setattr(buildmark, "wait_for_build", lambda *a, **k: pytest.fail("a TAB waited"))
    env = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_CWORD": "1", "MIGFACTS_FACTS": str(facts_copy)}
    path = Index(facts_copy).path
    path.parent.mkdir(parents=True, exist_ok=True)
    with BuildMark(path):
        topics = cli(env={**env, "COMP_WORDS": "migfacts tu"})
        ids = cli(env={**env, "COMP_WORDS": "migfacts show tb-", "COMP_CWORD": "2"})
    assert (topics.code, topics.stdout.split()) == (0, ["tuberculosis"])
    assert (ids.code, ids.stdout.split(), ids.stderr) == (0, [], "")
    assert not path.exists()  # nor did a TAB begin a build of its own


def test_rewriting_every_fact_after_a_topic_change_beats_between_its_steps(cli, facts_copy, monkeypatch):
    assert cli("tb", "--facts", str(facts_copy), "-f", "json").code == 0
    beats: list[str] = []
    real = indexrows.Writer.rewrite_bodies

    def rewrite(self, skip, beat=lambda: None):
        real(self, skip, lambda: beats.append("beat") or beat())

    monkeypatch.setattr(indexrows.Writer, "rewrite_bodies", rewrite)
    topics = facts_copy / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("aliases: [", "aliases: [tuber, ", 1), "utf-8")
    assert cli("tb", "--facts", str(facts_copy), "-f", "json").code == 0
    assert beats == ["beat"] * 3


def test_a_pipe_in_the_marks_place_hangs_neither_a_lookup_nor_a_tab(facts_copy, tmp_path):
    """Opening a pipe waits for a writer: the mark is opened without waiting, and must be a regular file."""
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    os.mkfifo(mark_path(cache_dir / Index(facts_copy).path.name))
    env = {**os.environ, "MIGFACTS_CACHE": str(cache_dir), "MIGFACTS_FACTS": str(facts_copy)}
    lookup = [sys.executable, "-m", "migfacts", "tb", "--year", "2018", "-f", "json"]
    done = subprocess.run(lookup, env=env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert "tb-active-cases-2018" in _ids(done.stdout)
    tab = {**env, "_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts tu", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-m", "migfacts"], env=tab, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.split()) == (0, ["tuberculosis"])


def test_a_link_in_the_marks_place_is_not_followed(cli, facts_copy, tmp_path):
    """A build would otherwise write its count into whatever the link names (or make the file it names)."""
    precious = tmp_path / "precious.txt"
    precious.write_text("one two three\n", encoding="utf-8")
    path = Index(facts_copy).path
    path.parent.mkdir(parents=True, exist_ok=True)
    mark_path(path).symlink_to(precious)
    result = cli("tb", "--year", "2018", "--facts", str(facts_copy), "-f", "json")
    assert (result.code, result.stderr) == (0, "")
    assert precious.read_text(encoding="utf-8") == "one two three\n"
    mark_path(path).unlink()
    mark_path(path).symlink_to(tmp_path / "made-by-the-mark")
    assert cli("tb", "--facts", str(facts_copy), "-f", "json").code == 0
    assert not (tmp_path / "made-by-the-mark").exists()


def test_a_build_takes_the_mark_that_the_build_before_is_just_letting_go(tmp_path):
    """SQLite's lock comes free at the commit; the mark's a moment later (the parts are deleted between)."""
    import fcntl

    index = tmp_path / "index.sqlite"
    before = os.open(mark_path(index), os.O_RDWR | os.O_CREAT)
    fcntl.flock(before, fcntl.LOCK_EX)
    threading.Timer(0.05, os.close, (before,)).start()
    with BuildMark(index):
        time.sleep(0.1)  # the build before has let go by now: the lock seen is this build's
        assert underway(index) == (0, 0)
