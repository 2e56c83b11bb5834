"""What a new user tried that the other tests had not: each now ends in its documented error or a right answer."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import edit

TB = Path("sources/world-tb-day-2019.yaml")
BOMB = "".join(
    f"x{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9) if level else ', '.join(['lol'] * 9)}]\n"
    for level in range(8)
)


def _console(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The console script as a shell runs it, in a process of its own."""
    code = "from migfacts.console import run; run()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, env={**os.environ, **(env or {})}, **kwargs
    )


def test_validate_never_expands_a_bomb_of_aliases(facts_copy):
    """Eight lines of aliases are 9^8 values expanded: validate reports them, at once, as the lookups do."""
    with (facts_copy / TB).open("a", encoding="utf-8") as stream:
        stream.write(BOMB)
    result = _console("validate", "--facts", str(facts_copy), text=True, timeout=60)
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert f"{facts_copy / TB}:171: YAML aliases (*name) are not allowed in a fact file" in lines
    assert lines[-1] == "migfacts: 15 problems found"


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_validate_refuses_a_topics_file_that_is_a_device_or_a_pipe(cli, facts_copy, kind):
    topics = facts_copy / "topics.yaml"
    topics.unlink()
    if kind == "device":
        topics.symlink_to("/dev/zero")  # read whole, it would never end
    else:
        os.mkfifo(topics)  # read, it would wait for a writer forever
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines() == [
        f"{topics}: not a regular file (a device, a pipe or a socket)",
        "migfacts: 1 problem found",
    ]


def test_check_refuses_a_device_an_empty_claim_and_a_huge_file(cli, tmp_path):
    assert cli("check", "--file", "/dev/zero").stderr == (
        "migfacts: /dev/zero: not a regular file (a device or a socket)\n"
    )
    empty = cli("check", "  ")
    assert (empty.code, empty.stderr) == (
        2,
        "migfacts: an empty claim: give the sentence to check (see 'migfacts check --help')\n",
    )
    huge = tmp_path / "draft.txt"
    huge.write_text("IOM detected 584 TB cases in 2018. " * 6000, encoding="utf-8")
    result = cli("check", "--file", str(huge))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"migfacts: {huge}: more than 204,800 bytes of claims; check a draft at a time\n"


def test_check_reads_binary_stdin_as_not_utf8():
    result = _console("check", "-", input=b"\x00\xff\xfe junk 584", timeout=60)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"migfacts: stdin: not UTF-8 text (byte 0xff at offset 1)\n"


def test_check_reads_claims_from_a_pipe_given_as_a_file(tmp_path):
    """`check --file <(pbpaste)` gives a pipe: it is read like a file."""
    result = subprocess.run(
        ["bash", "-c", f'{sys.executable} -c "from migfacts.console import run; run()" check -f plain '
         '--file <(echo "IOM detected 584 TB cases in 2018")'],
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("supported\tIOM detected 584 TB cases in 2018\t")


def test_a_number_beyond_what_json_keeps_exact_is_refused(cli, facts_copy):
    """258,000,000,000,000,000,000,000 would be rounded by JSON readers and overflow SQLite's integers."""
    edit(facts_copy / TB, "value: 258000000\n", "value: 258000000000000000000000\n")
    result = cli("figures", "--facts", str(facts_copy))
    assert (result.code, result.stdout) == (3, "")
    assert result.stderr == (
        f"migfacts: {facts_copy / TB}:21: 'value': '258000000000000000000000' is beyond the numbers JSON and "
        "SQLite keep exact (9,007,199,254,740,991)\n"
    )


def test_export_never_replaces_a_device_or_a_pipe_and_writes_through_a_link(cli, tmp_path):
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    result = cli("export", "--sqlite", str(pipe), "--force")
    assert (result.code, result.stderr) == (
        2,
        f"migfacts: {pipe}: not a regular file (a device, a pipe or a socket); give a database file\n",
    )
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    target, link = tmp_path / "target.db", tmp_path / "link.db"
    link.symlink_to(target)
    old = os.umask(0o022)
    try:
        assert cli("export", "--sqlite", str(link)).code == 0
    finally:
        os.umask(old)
    assert link.is_symlink() and target.is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by a Datasette of another user


def test_completion_without_a_word_position_completes_nothing():
    env = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts show ", "COMP_CWORD": "abc"}
    result = _console(env=env, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_output_is_utf8_whatever_the_locale():
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    result = _console("contacts", "chacon", "--format", "json", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))[0]["name"] == "Tatiana Chacón"


@pytest.mark.parametrize("columns", ["0", "5", "21", "23", "25", "27"])
def test_a_narrow_or_unset_width_keeps_every_value(cli, columns):
    """COLUMNS=0 is no width (80 is taken); from 20 columns, field names fold so that values keep room."""
    result = cli("show", "tb-active-cases-2018", "--format", "table", env={"COLUMNS": columns})
    assert result.code == 0
    rows = [line.split("│") for line in result.stdout.splitlines()]
    values = "".join(row[2].strip() for row in rows if len(row) >= 3)  # at 20 or 21, the right border is cut
    assert "tb-active-cases-2018" in values.replace(" ", "")
    assert "584activeTBcases" in values.replace(" ", "")
    assert "Worldwide" in values


def test_a_pasted_text_as_a_search_is_a_usage_error(cli):
    """A thousand words would pass SQLite's expression depth (1000): one line, not a cache warning."""
    result = cli("search", " ".join(f"w{index}" for index in range(1000)))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "migfacts: the search text has 1,000 words; look for at most 64\n"


def test_a_cache_setting_that_names_a_file_says_so(cli, tmp_path):
    file = tmp_path / "cachefile"
    file.write_text("", encoding="utf-8")
    result = cli("figures", "--format", "plain", env={"MIGFACTS_CACHE": str(file)})
    assert result.code == 0 and "tb-active-cases-2018" in result.stdout
    assert result.stderr.startswith(f"migfacts: warning: cache {file}/index-")
    assert result.stderr.endswith(f".sqlite unusable ({file} is not a folder); reading the YAML\n")


def test_a_control_character_is_reported_once_at_its_own_line(cli, facts_copy):
    line = next(
        number
        for number, text in enumerate((facts_copy / TB).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "speaker: Jacqueline Weekers"
    )
    edit(facts_copy / TB, "speaker: Jacqueline Weekers", "speaker: Jacqueline \u202eWeekers")
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert [text for text in result.stderr.splitlines() if "control character" in text] == [
        f"{facts_copy / TB}:{line}: a control character (U+202E): remove it"
    ]
    edit(facts_copy / TB, "speaker: Jacqueline \u202eWeekers", 'speaker: "Jacqueline \\u202eWeekers"')
    escaped = cli("validate", "--facts", str(facts_copy))
    assert [text for text in escaped.stderr.splitlines() if "control character" in text] == [
        f"{facts_copy / TB}:{line - 1}: a control character (U+202E) in a value: remove it"  # at the entry's id
    ]


def test_an_id_with_an_invisible_character_names_it(cli, facts_copy):
    edit(facts_copy / TB, "- id: tb-active-cases-2018", "- id: tb-active\u200b-cases-2018")
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines()[0] == (
        f"{facts_copy / TB}:77: 'id': 'tb-active\u200b-cases-2018' is not an id (lower-case words joined by hyphens, "
        "like tb-active-cases-2018); it holds U+200B, which looks like what it is not"
    )


@pytest.mark.parametrize("char", ["\u061c", "\ufeff"])
def test_a_bidi_mark_or_an_invisible_no_break_space_is_shown_as_an_escape(cli, facts_copy, char):
    edit(facts_copy / TB, "speaker: Jacqueline Weekers", f'speaker: "Jacqueline \\u{ord(char):04x}Weekers"')
    result = cli("quotes", "--speaker", "weekers", "--format", "plain", env={"MIGFACTS_FACTS": str(facts_copy)})
    assert result.code == 0
    assert char not in result.stdout and f"Jacqueline \\u{ord(char):04x}Weekers" in result.stdout


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2018/2018", "'2018/2018' starts and ends in the same period: write 2018"),
        ("2018-01-01", "'2018-01-01' is not a year (2018), a month (2019-01) or a span of them (2010/2016)"),
    ],
)
def test_a_period_of_one_year_written_as_a_span_or_a_date(cli, facts_copy, period, message):
    edit(facts_copy / TB, "    period: 2018\n", f"    period: {period}\n")
    result = cli("figures", "--facts", str(facts_copy))
    assert (result.code, result.stdout) == (3, "")
    assert f"'period': {message}" in result.stderr


def test_draft_onto_a_folder_of_the_yaml_name_writes_nothing(cli, tmp_path, facts_copy):
    target = tmp_path / "out" / "mine.yaml"
    target.mkdir(parents=True)
    article = facts_copy / "sources" / "world-tb-day-2019.txt"
    result = cli("draft", str(article), "-o", str(target), "--force")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"migfacts: {target}: is a folder; give another name with -o\n"
    assert sorted(path.name for path in target.parent.iterdir()) == ["mine.yaml"]


def test_validate_counts_unreviewed_draft_entries_and_strict_refuses_them(cli, facts_copy):
    release = Path(__file__).parent / "data" / "releases" / "release-1.txt"
    assert cli("draft", str(release), "-o", str(facts_copy / "sources"), "--facts", str(facts_copy)).code == 0
    lenient = cli("validate", "--facts", str(facts_copy))
    assert (lenient.code, lenient.stderr) == (0, "")
    assert lenient.stdout.endswith("numbers accounted for: 59/59 (100.0%); 24 entries still marked review:\n")
    strict = cli("validate", "--facts", str(facts_copy), "--strict")
    assert strict.code == 3
    lines = strict.stderr.splitlines()
    drafted = facts_copy / "sources" / "iom-scales-up-emergency-response-floods-2021.yaml"
    assert len(lines) == 25 and lines[-1] == "migfacts: 24 problems found"
    assert all(
        line.startswith(f"{drafted}:")
        and line.endswith(": still marked review: check the entry against the text, then remove its review line")
        for line in lines[:-1]
    )
    assert strict.stdout.endswith("numbers accounted for: 59/59 (100.0%)\n")


def test_nested_straight_quotes_give_no_made_up_quote(cli, facts_copy):
    """In `"We helped people in "Kenya" last year," said …` the marks cannot be paired with certainty: the
    draft leaves the quote out rather than put "last year" in the speaker's mouth, and validates."""
    release = Path(__file__).parent / "data" / "releases" / "nested-quotes.txt"
    result = cli("draft", str(release), "-o", str(facts_copy / "sources"), "--facts", str(facts_copy))
    assert result.code == 0, result.stderr
    assert cli("validate", "--facts", str(facts_copy)).code == 0
    quotes = cli("quotes", "--speaker", "brien", "--facts", str(facts_copy))
    assert (quotes.code, quotes.stderr) == (1, "migfacts: No quotes match --speaker brien.\n")


def test_a_draft_into_a_base_takes_its_ids_new_to_that_base(cli, facts_copy):
    """Without --facts, `-o BASE/sources/...` makes the ids new to BASE, not to the bundled base."""
    release = Path(__file__).parent / "data" / "releases" / "release-1.txt"
    sources = facts_copy / "sources"
    first = cli("draft", str(release), "-o", str(sources / "one.yaml"), "--facts", str(facts_copy))
    assert first.code == 0, first.stderr
    second = cli("draft", str(release), "-o", str(sources / "two.yaml"))
    assert second.code == 0, second.stderr
    assert cli("validate", "--facts", str(facts_copy)).stderr == ""
    into_root = cli("draft", str(release), "-o", str(facts_copy))
    assert (into_root.code, into_root.stdout) == (2, "")
    assert into_root.stderr == (
        f"migfacts: {facts_copy}: is a fact base; write the draft into its sources folder: -o {sources}\n"
    )


def test_a_figure_without_a_place_is_cited_as_such(cli, tmp_path):
    import shutil

    base = tmp_path / "base"
    shutil.copytree(Path(__file__).parent / "broken" / "good", base)
    edit(base / "sources" / "sample-release.yaml", "places: [{region: Worldwide}]", "places: []")
    result = cli("show", "assisted-2020", "--format", "json", "--facts", str(base))
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["citation"].startswith(
        "1,234 migrants (migrants assisted; 2020; place not given). Source: "
    )


def test_a_value_refused_by_its_type_gets_no_second_finding(cli, facts_copy):
    edit(facts_copy / TB, "published: 2019-03-22", "published: 2019-02-30")
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines() == [
        f"{facts_copy / TB}:6: 'published': '2019-02-30' is not a real date (day is out of range for month)",
        "migfacts: 1 problem found",
    ]


def test_a_claim_with_bytes_that_are_no_utf8_comes_back_escaped_in_json():
    """A command line's undecodable byte is a lone surrogate, which orjson refuses: the standard library writes
    that answer instead, escaping it."""
    result = _console("check", b"IOM detected 584 TB cases in 2018 \xff", "--format", "json", timeout=60)
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout)["claim"] == "IOM detected 584 TB cases in 2018 \udcff"
    assert b'  "claim": "IOM detected 584 TB cases in 2018 \\udcff",\n' in result.stdout
