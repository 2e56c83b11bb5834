"""The index is never wrong: the same answers as the YAML, every edit seen, a broken cache survived."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from migfacts import index, layout, loader
from migfacts.index import Index

from helpers import edit, set_key

TB = "sources/world-tb-day-2019.yaml"
C4D = "sources/c4d-mesoamerica-2019.yaml"


def _tb_2018(cli, root: Path, **env: str) -> tuple[int, list[str], str]:
    result = cli("tb", "--year", "2018", "--facts", str(root), "-f", "json", env=env)
    ids = [item["id"] for item in json.loads(result.stdout)["figures"]] if result.code == 0 else []
    return result.code, ids, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("tb", "--year", "2018", "-f", "json"),
        ("figures", "-f", "csv"),
        ("quotes", "--speaker", "weekers", "-f", "jsonl"),
        ("search", "active cases", "-f", "json"),
        ("sources", "-f", "json"),
        ("check", "IOM detected 584 TB cases in 2018", "-f", "json"),
    ],
)
def test_the_same_answers_with_and_without_the_index(cli, facts_copy, args):
    without = cli(*args, "--facts", str(facts_copy), env={"MIGFACTS_NO_CACHE": "1"})
    first = cli(*args, "--facts", str(facts_copy))  # builds it
    second = cli(*args, "--facts", str(facts_copy))  # reads it
    assert (first.code, first.stdout, first.stderr) == (without.code, without.stdout, without.stderr)
    assert (second.code, second.stdout, second.stderr) == (without.code, without.stdout, without.stderr)
    assert Index(facts_copy).path.exists()


def test_an_edited_fact_is_seen_by_the_next_query(cli, facts_copy):
    def counts() -> str:
        result = cli("show", "tb-active-cases-2018", "--facts", str(facts_copy), "-f", "json")
        return json.loads(result.stdout)["counts"]

    assert counts() == counts()  # the second from the cache
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", "'active TB cases, as edited'")
    assert counts() == "active TB cases, as edited"


def test_an_edit_that_breaks_the_base_is_reported_not_served(cli, facts_copy):
    assert _tb_2018(cli, facts_copy)[0] == 0
    edit(facts_copy / TB, "value: 584", "value: 585")
    code, ids, stderr = _tb_2018(cli, facts_copy)
    assert code == 3 and ids == []
    assert stderr.startswith(f"migfacts: {facts_copy / TB}:")
    edit(facts_copy / TB, "value: 585", "value: 584")
    assert _tb_2018(cli, facts_copy)[:2] == (0, _tb_2018(cli, facts_copy, MIGFACTS_NO_CACHE="1")[1])


def test_an_edited_archived_text_is_seen(cli, facts_copy):
    assert _tb_2018(cli, facts_copy)[0] == 0
    text = facts_copy / TB.replace(".yaml", ".txt")
    text.write_text(text.read_text(encoding="utf-8").replace("584", "585"), encoding="utf-8")
    code, _, stderr = _tb_2018(cli, facts_copy)
    assert code == 3 and stderr.startswith(f"migfacts: {facts_copy / TB}:86: ")


def test_an_added_and_a_deleted_source_are_seen(cli, facts_copy):
    before = json.loads(cli("sources", "--facts", str(facts_copy), "-f", "json").stdout)
    assert [s["id"] for s in before] == ["c4d-mesoamerica-2019", "world-tb-day-2019"]
    (facts_copy / C4D).unlink()
    (facts_copy / C4D.replace(".yaml", ".txt")).unlink()
    after = json.loads(cli("sources", "--facts", str(facts_copy), "-f", "json").stdout)
    assert [s["id"] for s in after] == ["world-tb-day-2019"]
    shutil.copy(Path(layout.bundled_facts()) / C4D, facts_copy / C4D)
    shutil.copy(Path(layout.bundled_facts()) / C4D.replace(".yaml", ".txt"), facts_copy / "sources")
    again = json.loads(cli("sources", "--facts", str(facts_copy), "-f", "json").stdout)
    assert [s["id"] for s in again] == ["c4d-mesoamerica-2019", "world-tb-day-2019"]


@pytest.fixture
def settled_now(monkeypatch):
    """Files just written count as settled, as they would be two seconds later."""
    monkeypatch.setattr("migfacts.cache.RACY_NS", -(10**12))


def test_only_the_changed_file_is_parsed_again(cli, facts_copy, monkeypatch, settled_now):
    cli("tb", "--facts", str(facts_copy))
    parsed: list[str] = []
    original = loader.parse_source

    def counting(path, problems):
        parsed.append(path.name)
        return original(path, problems)

    monkeypatch.setattr(loader, "parse_source", counting)
    assert cli("tb", "--facts", str(facts_copy)).code == 0
    assert parsed == []  # nothing changed: the whole base from the cache
    set_key(facts_copy / TB, "tb-active-cases-2018", "note", "'Edited.'")
    assert cli("tb", "--facts", str(facts_copy)).code == 0
    assert parsed == ["world-tb-day-2019.yaml"]


def test_a_damaged_cache_is_one_warning_then_rebuilt(cli, facts_copy):
    expected = _tb_2018(cli, facts_copy, MIGFACTS_NO_CACHE="1")[1]
    cache = Index(facts_copy).path
    assert _tb_2018(cli, facts_copy)[1] == expected
    cache.write_bytes(b"this is not a database" * 100)
    code, ids, stderr = _tb_2018(cli, facts_copy)
    assert (code, ids) == (0, expected)
    assert stderr == (
        f"migfacts: warning: cache {cache} was damaged (file is not a database); removed it, reading the YAML\n"
    )
    assert _tb_2018(cli, facts_copy) == (0, expected, "")


def test_a_cache_folder_that_cannot_be_made_is_one_warning(cli, facts_copy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code, ids, stderr = _tb_2018(cli, facts_copy, MIGFACTS_CACHE=str(blocker / "cache"))
    assert (code, ids) == (0, _tb_2018(cli, facts_copy, MIGFACTS_NO_CACHE="1")[1])
    assert stderr.startswith(f"migfacts: warning: cache {blocker / 'cache'}/index-") and stderr.count("\n") == 1
    assert stderr.endswith("unusable (Not a directory); reading the YAML\n")


def test_the_folder_is_listed_again_only_when_it_changed(cli, facts_copy, monkeypatch, settled_now):
    """While the sources folder's times are as they were, a lookup takes the names in it from the index
    (listing 20,000 names costs more); a file added or removed changes them, even when the modification
    time is set back (the change time cannot be)."""
    real, listed = os.listdir, []

    def listing(path=".", *args):
        if isinstance(path, int):  # the folder, as `whole_signature` opens it
            listed.append(path)
        return real(path, *args)

    def ids() -> list[str]:
        result = cli("sources", "--facts", str(facts_copy), "-f", "json")
        assert result.code == 0, result.stderr
        return [source["id"] for source in json.loads(result.stdout)]

    monkeypatch.setattr(index.os, "listdir", listing)
    assert ids() == ["c4d-mesoamerica-2019", "world-tb-day-2019"]
    assert len(listed) == 1
    assert ids() == ["c4d-mesoamerica-2019", "world-tb-day-2019"]
    assert len(listed) == 1  # the names kept with the index
    folder = facts_copy / "sources"
    (facts_copy / C4D).unlink()
    (facts_copy / C4D.replace(".yaml", ".txt")).unlink()
    assert ids() == ["world-tb-day-2019"]
    assert len(listed) == 2
    before = folder.stat()
    shutil.copy(Path(layout.bundled_facts()) / C4D, facts_copy / C4D)
    shutil.copy(Path(layout.bundled_facts()) / C4D.replace(".yaml", ".txt"), folder)
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if added within the same tick
    assert folder.stat().st_mtime_ns == before.st_mtime_ns
    assert ids() == ["c4d-mesoamerica-2019", "world-tb-day-2019"]
    assert len(listed) == 3


def test_a_folder_changed_within_two_seconds_is_listed_every_time(cli, facts_copy, monkeypatch):
    """A folder changed just now may change again within the same tick of its clock, unseen by its times:
    its names are not kept, and each lookup lists it."""
    real, listed = os.listdir, []
    monkeypatch.setattr(index.os, "listdir", lambda path=".": listed.append(path) or real(path))
    (facts_copy / "sources" / "notes.md").write_text("a file of the editor's", encoding="utf-8")
    for _ in range(2):
        assert cli("topics", "--facts", str(facts_copy)).code == 0
    assert len([path for path in listed if isinstance(path, int)]) == 2


def test_topic_completion_comes_from_the_index_and_sees_an_edit(cli, facts_copy, monkeypatch, settled_now):
    env = {"MIGFACTS_FACTS": str(facts_copy), "_MIGFACTS_COMPLETE": "complete_bash", "COMP_CWORD": "1"}
    assert cli(env={**env, "COMP_WORDS": "migfacts tu"}).stdout.split() == ["tuberculosis"]
    monkeypatch.setattr(loader, "load_factbase", lambda *a, **k: pytest.fail("the index holds the topics"))
    monkeypatch.setattr(loader, "parse_source", lambda *a, **k: pytest.fail("nothing changed"))
    assert cli(env={**env, "COMP_WORDS": "migfacts tu"}).stdout.split() == ["tuberculosis"]
    monkeypatch.undo()
    edit(facts_copy / "topics.yaml", "aliases: [", "aliases: [tuber, ")
    assert cli(env={**env, "COMP_WORDS": "migfacts tu"}).stdout.split() == ["tuber", "tuberculosis"]


def test_an_index_that_cannot_be_written_costs_one_warning(cli, facts_copy, monkeypatch):
    import sqlite3

    def refuse(self, db, root, progress, beat):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Index, "_update", refuse)
    code, ids, stderr = _tb_2018(cli, facts_copy)
    assert (code, ids) == (0, _tb_2018(cli, facts_copy, MIGFACTS_NO_CACHE="1")[1])
    path = Index(facts_copy).path
    assert stderr == f"migfacts: warning: cache {path} unusable (database is locked); reading the YAML\n"


@pytest.fixture
def slow_build(monkeypatch):
    """A build whose end, once the files are read, comes ten seconds (of the clock `settled` reads) later."""
    from migfacts import cache

    shift = {"ns": 0}
    monkeypatch.setattr(cache, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + shift["ns"]))
    real = index.index_text

    def slow(*args):
        shift["ns"] = 10 * 10**9
        return real(*args)

    monkeypatch.setattr(index, "index_text", slow)


@pytest.mark.parametrize(("changed", "key"), [("sources/notes.md", "folder"), ("topics.yaml", "topics")])
def test_what_changed_just_before_a_long_build_is_not_kept(cli, facts_copy, slow_build, changed, key):
    """Whether a file (or the sources folder) had settled is judged when it is read (or listed), not when the
    build ends: a second change within the same tick of its clock after the read would otherwise go unseen
    for good (a long build, or one that waited for another's, outlasts the two seconds)."""
    import sqlite3

    path = facts_copy / changed
    path.write_text(path.read_text(encoding="utf-8") if path.exists() else "notes", encoding="utf-8")
    assert cli("topics", "--facts", str(facts_copy)).code == 0
    with sqlite3.connect(Index(facts_copy).path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone() == ("",)


def test_a_busy_database_of_any_kind_keeps_its_journal_mode():
    """`set_journal_mode` never waits: SQLITE_BUSY, and its extended codes such as SQLITE_BUSY_RECOVERY
    (another process recovering the log), leave the mode as it was; any other error is raised."""
    import sqlite3

    from migfacts.cache import set_journal_mode

    class Database:
        def __init__(self, code: int):
            self.code = code

        def execute(self, sql: str):
            if "journal_mode" in sql:
                error = sqlite3.OperationalError("database is locked")
                error.sqlite_errorcode = self.code
                raise error
            return SimpleNamespace(fetchone=lambda: (5000,))

    assert set_journal_mode(Database(5), "wal") is False  # SQLITE_BUSY
    assert set_journal_mode(Database(261), "wal") is False  # SQLITE_BUSY_RECOVERY
    with pytest.raises(sqlite3.OperationalError):
        set_journal_mode(Database(10), "wal")  # SQLITE_IOERR


def test_a_new_index_has_large_pages_and_an_old_one_keeps_its_own(cli, facts_copy, tmp_path):
    """A new index is made of 16 KB pages (a fact's row is 2 KB); an index made before, of 4 KB pages, is
    used as it is (a page size is fixed once a database holds a table)."""
    import sqlite3

    from migfacts.cache import PAGE_SIZE

    assert _tb_2018(cli, facts_copy)[0] == 0
    with sqlite3.connect(Index(facts_copy).path) as db:
        assert db.execute("PRAGMA page_size").fetchone() == (PAGE_SIZE,) == (16384,)
    other = tmp_path / "other"
    shutil.copytree(facts_copy, other)
    with sqlite3.connect(Index(other).path) as db:
        db.execute("CREATE TABLE made_before (x)")  # 4 KB pages, SQLite's own
    assert _tb_2018(cli, other) == _tb_2018(cli, other, MIGFACTS_NO_CACHE="1")
    with sqlite3.connect(Index(other).path) as db:
        assert db.execute("PRAGMA page_size").fetchone() == (4096,)
        assert db.execute("SELECT count(*) FROM files").fetchone() == (2,)


def test_a_first_build_writes_to_the_file_itself_then_goes_back_to_the_log(cli, facts_copy, monkeypatch):
    """The first build needs no write-ahead log (nothing to keep for readers meanwhile: every page would be
    written twice); the builds after it use it, so that readers go on while they write."""
    import sqlite3

    modes: list[str] = []
    real = index.set_journal_mode
    monkeypatch.setattr(index, "set_journal_mode", lambda db, mode: modes.append(mode) or real(db, mode))
    assert _tb_2018(cli, facts_copy)[0] == 0
    assert modes == ["delete", "wal"]
    set_key(facts_copy / TB, "tb-active-cases-2018", "note", "'Edited.'")
    assert _tb_2018(cli, facts_copy)[0] == 0
    assert modes == ["delete", "wal"]  # a later build, in the log
    with sqlite3.connect(Index(facts_copy).path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_lookup_started_during_a_first_build_waits_for_it(facts_copy, tmp_path):
    """Another process that opens the index while a first build writes to the file itself neither fails nor
    warns: it waits, and answers from the index (here, building it once the other lets go)."""
    import sqlite3
    import subprocess
    import sys
    import time

    cache = tmp_path / "cache"
    env = {**os.environ, "MIGFACTS_CACHE": str(cache), "MIGFACTS_FACTS": str(facts_copy)}
    args = [sys.executable, "-m", "migfacts", "tb", "--year", "2018", "-f", "json"]
    expected = subprocess.run(args, env={**env, "MIGFACTS_NO_CACHE": "1"}, capture_output=True, text=True)
    cache.mkdir()
    builder = sqlite3.connect(cache / Index(facts_copy).path.name, isolation_level=None)
    assert builder.execute("PRAGMA journal_mode = delete").fetchone() == ("delete",)
    builder.execute("BEGIN IMMEDIATE")  # as a first build holds it
    builder.execute("CREATE TABLE building (x)")
    lookup = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    builder.execute("ROLLBACK")
    builder.close()
    stdout, stderr = lookup.communicate(timeout=60)
    assert (lookup.returncode, stderr, stdout) == (0, "", expected.stdout)
    with sqlite3.connect(cache / Index(facts_copy).path.name) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM files").fetchone() == (2,)


def test_an_edit_to_a_hidden_archived_text_is_seen(cli, facts_copy):
    text = facts_copy / TB.replace(".yaml", ".txt")
    hidden = text.with_name(".world-tb-day-2019.txt")
    text.rename(hidden)
    edit(facts_copy / TB, "text: world-tb-day-2019.txt", "text: .world-tb-day-2019.txt")
    assert _tb_2018(cli, facts_copy)[0] == 0
    assert _tb_2018(cli, facts_copy)[0] == 0  # from the cache
    hidden.write_text(hidden.read_text(encoding="utf-8").replace("584", "585"), encoding="utf-8")
    assert _tb_2018(cli, facts_copy)[0] == 3


def test_what_is_read_from_a_file_changed_just_now_is_not_stored(cli, facts_copy, monkeypatch):
    """A file rewritten within one timestamp tick keeps its signature: so nothing read from a file changed
    in the last two seconds is stored, and the next lookup reads it again."""
    parsed: list[str] = []
    original = loader.parse_source
    monkeypatch.setattr(
        loader, "parse_source", lambda path, problems: parsed.append(path.name) or original(path, problems)
    )
    set_key(facts_copy / TB, "tb-active-cases-2018", "note", "'Edited.'")  # just now; the c4d file is older
    cli("tb", "--facts", str(facts_copy))
    cli("tb", "--facts", str(facts_copy))
    assert parsed.count("world-tb-day-2019.yaml") == 2


def test_the_same_folder_by_two_spellings_keeps_each_spelling(cli, facts_copy, monkeypatch, settled_now):
    """Problems name files as the folder was given, also those found with what the index holds."""
    monkeypatch.chdir(facts_copy.parent)
    for facts in ("facts", str(facts_copy)):
        assert cli("sources", "--facts", facts).code == 0  # each spelling indexed
    edit(facts_copy / C4D, "- id: iomx-roadshow-reach", "- id: tb-active-cases-2018")
    for facts in ("facts", str(facts_copy)):
        result = cli("sources", "--facts", facts)
        where, first = Path(facts) / TB, Path(facts) / C4D  # the first as read, the other as the index holds it
        assert (result.code, result.stderr) == (
            3,
            f"migfacts: {where}:77: duplicate id 'tb-active-cases-2018' (first at {first}:22)\n",
        )


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "", "relative/cache", " /tmp/padded"])
def test_the_cache_folder_is_where_platformdirs_puts_it(monkeypatch, xdg):
    import platformdirs

    from migfacts.cache import cache_dir

    monkeypatch.delenv("MIGFACTS_CACHE", raising=False)
    monkeypatch.setenv("HOME", "/home/someone")
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(platformdirs.user_cache_dir("migfacts", appauthor=False))


def test_two_bases_whose_names_share_a_digest_never_share_an_index(cli, facts_copy, tmp_path, monkeypatch):
    import migfacts.cache

    monkeypatch.setattr(migfacts.cache, "_digest", lambda text: "same")
    other = tmp_path / "other"
    shutil.copytree(facts_copy, other)
    (other / C4D).unlink()
    (other / C4D.replace(".yaml", ".txt")).unlink()
    for _ in range(2):
        for root, expected in ((facts_copy, 2), (other, 1)):
            result = cli("sources", "--facts", str(root), "-f", "json")
            assert (result.code, len(json.loads(result.stdout)), result.stderr) == (0, expected, "")


def test_search_after_edits_finds_what_the_yaml_holds(cli, facts_copy, settled_now):
    """The full-text tables follow every edit: words removed are not found, words added are."""

    def same(*args: str) -> str:
        args = (*args, "--facts", str(facts_copy), "-f", "json")
        expected = cli(*args, env={"MIGFACTS_NO_CACHE": "1"})
        got = cli(*args)
        assert (got.code, got.stdout, got.stderr) == (expected.code, expected.stdout, expected.stderr), args
        return got.stdout

    questions = [("search", "active cases"), ("search", "phthisis"), ("search", "edited"), ("figures", "phthisis")]
    for question in questions:
        same(*question)
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", "'active TB cases, as edited'")
    edit(facts_copy / "topics.yaml", "aliases: [", "aliases: [phthisis, ")
    for question in questions:
        same(*question)
    assert "tb-active-cases-2018" in same("search", "edited") and "tb-active-cases-2018" in same("search", "phthisis")
    edit(facts_copy / "topics.yaml", "aliases: [phthisis, ", "aliases: [")
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", "'active TB cases'")
    for question in questions:
        same(*question)


def test_a_topic_edit_that_clashes_with_an_indexed_id_is_reported(cli, facts_copy, settled_now):
    """The checks across files run over what the index holds: a new alias that is a fact's id is caught,
    with the file and line of each, though no source file changed."""
    assert _tb_2018(cli, facts_copy)[0] == 0
    edit(facts_copy / "topics.yaml", "aliases: [", "aliases: [tb-deaths-2017, ")
    result = cli("sources", "--facts", str(facts_copy))
    expected = cli("sources", "--facts", str(facts_copy), env={"MIGFACTS_NO_CACHE": "1"})
    assert (result.code, result.stderr) == (expected.code, expected.stderr)
    assert result.code == 3 and "the id 'tb-deaths-2017' is also a topic word" in result.stderr


def test_topic_completion_needs_only_topics_yaml_unchanged(cli, facts_copy, monkeypatch, settled_now):
    """TAB completes a topic to the words of topics.yaml, whether or not the source files are sound: from the
    index while topics.yaml is unchanged (no look at every file), else from topics.yaml alone; the same as
    without the index."""
    env = {"MIGFACTS_FACTS": str(facts_copy), "_MIGFACTS_COMPLETE": "complete_bash", "COMP_CWORD": "1"}

    def words(typed: str) -> list[str]:
        expected = cli(env={**env, "COMP_WORDS": typed, "MIGFACTS_NO_CACHE": "1"}).stdout.split()
        assert cli(env={**env, "COMP_WORDS": typed}).stdout.split() == expected
        return expected

    assert words("migfacts tu") == ["tuberculosis"]
    edit(facts_copy / TB, "value: 584", "value: 585")  # a broken source: a lookup would say so
    monkeypatch.setattr("migfacts.index.whole_signature", lambda *args: pytest.fail("no look at every file"))
    assert cli(env={**env, "COMP_WORDS": "migfacts tu"}).stdout.split() == ["tuberculosis"]
    monkeypatch.undo()
    edit(facts_copy / "topics.yaml", "aliases: [", "aliases: [tuber, ")
    assert words("migfacts tu") == ["tuber", "tuberculosis"]
    edit(facts_copy / "topics.yaml", "aliases: [tuber, ", 'aliases: ["", ')  # topics.yaml itself broken
    assert words("migfacts tu") == []


@pytest.mark.parametrize(
    ("edits", "several"),
    [
        (  # a problem in one file, and an id used twice across files
            [
                (TB, "- id: tb-active-cases-2018", "- id: iomx-roadshow-reach"),
                (C4D, "  dateline: null", "  dateline: null\n  bogus: 1"),
            ],
            True,
        ),
        ([("topics.yaml", "aliases: [tuberculosis]", 'aliases: [tuberculosis, "-x", ""]')], True),
        ([(TB, "- id: tb-active-cases-2018", "- id: tb-deaths-2017")], False),  # an id twice in one file
    ],
)
def test_every_problem_is_counted_as_the_yaml_path_counts_it(cli, facts_copy, edits, several):
    """Problems found in a file and across files together: the same first line and count as without the
    index, after an index was built from the sound base."""
    assert cli("sources", "--facts", str(facts_copy)).code == 0
    for name, old, new in edits:
        edit(facts_copy / name, old, new)
    expected = cli("sources", "--facts", str(facts_copy), env={"MIGFACTS_NO_CACHE": "1"})
    got = cli("sources", "--facts", str(facts_copy))
    assert expected.code == 3 and ("more problem" in expected.stderr) == several
    assert (got.code, got.stderr) == (expected.code, expected.stderr)


def test_a_file_name_that_is_not_utf8_is_reported_as_the_yaml_reports_it(cli, facts_copy):
    import os

    odd = facts_copy / "sources" / os.fsdecode(b"x\xff.yaml")
    shutil.copy(facts_copy / TB, odd)
    expected = cli("topics", "--facts", str(facts_copy), env={"MIGFACTS_NO_CACHE": "1"})
    got = cli("topics", "--facts", str(facts_copy))
    assert expected.code == 3
    assert (got.code, got.stdout, got.stderr) == (expected.code, expected.stdout, expected.stderr)


def test_parts_left_by_a_killed_build_are_removed_by_the_next(tmp_path, monkeypatch):
    from migfacts import indexparts

    index = tmp_path / "index-x.sqlite"
    stale = tmp_path / "index-x.sqlite.part-99999.sqlite"
    stale.write_bytes(b"left behind")
    monkeypatch.setattr("multiprocessing.get_context", lambda method: pytest.fail("stopped after the clean-up"))
    with pytest.raises(pytest.fail.Exception):
        indexparts.read_in_parts([], {}, index, 2, None, [])
    assert not stale.exists()


def test_an_inode_number_of_64_bits_is_kept_in_the_signature(cli, facts_copy, monkeypatch, settled_now):
    real = os.stat

    def wide(path, *args, dir_fd=None, **kwargs):  # the stat of each file in the folder, as a wide filesystem gives it
        found = real(path, *args, dir_fd=dir_fd, **kwargs)
        if dir_fd is None:
            return found
        return SimpleNamespace(
            st_size=found.st_size,
            st_mtime_ns=found.st_mtime_ns,
            st_ctime_ns=found.st_ctime_ns,
            st_ino=found.st_ino + (1 << 63),
        )

    monkeypatch.setattr(index.os, "stat", wide)
    first = index.whole_signature(facts_copy)[0]
    assert index.whole_signature(facts_copy)[0] == first
    assert _tb_2018(cli, facts_copy) == _tb_2018(cli, facts_copy, MIGFACTS_NO_CACHE="1")
    set_key(facts_copy / TB, "tb-active-cases-2018", "note", "'Edited.'")
    assert index.whole_signature(facts_copy)[0] != first
    shown = cli("show", "tb-active-cases-2018", "--facts", str(facts_copy), "-f", "json")
    assert json.loads(shown.stdout)["note"] == "Edited."
