"""Property tests of the loader and `validate`: whatever a fact file holds, a valid base or a clean error.

A clean error is exit 3 and, on stderr, one line a problem, each `PATH:LINE: message` or `PATH: message`
naming a file of the base (with its line wherever the problem has one); never a traceback, never exit 70,
never a hang. A lookup refuses the same base with the same first problem, from the index or from the YAML.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from migfacts.errors import FactBaseError
from migfacts.layout import bundled_facts
from migfacts.loader import collect, load_factbase
from migfacts.render import visible
from migfacts.validate import validate
from properties import budget, within

from helpers import run_cli

SOURCE = "world-tb-day-2019"
ORIGINAL = (bundled_facts() / "sources" / f"{SOURCE}.yaml").read_text(encoding="utf-8")
TOPICS = (bundled_facts() / "topics.yaml").read_text(encoding="utf-8")
NO_CACHE = {"MIGFACTS_NO_CACHE": "1"}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A copy of the bundled base whose files each example overwrites (and the test puts back)."""
    root = tmp_path_factory.mktemp("prop") / "facts"
    shutil.copytree(bundled_facts(), root)
    return root


def _problem_lines(root: Path, stderr: str) -> list[tuple[Path, int | None, str]]:
    """Each problem line of `validate` parsed, after checking its form; the closing count line dropped."""
    lines = stderr.splitlines()
    assert lines[-1] == f"migfacts: {len(lines) - 1} problem{'s' if len(lines) > 2 else ''} found", stderr
    files = {root / "topics.yaml", *(root / "sources").iterdir(), root / "sources"}
    parsed = []
    for line in lines[:-1]:
        match = re.fullmatch(r"(.+?\.(?:yaml|txt)|.+/sources)(?::(\d+))?: (\S.*)", line)
        assert match, f"not PATH:LINE: message: {line!r}"
        path = Path(match.group(1))
        assert path in files, line
        parsed.append((path, int(match.group(2)) if match.group(2) else None, match.group(3)))
    return parsed


LINED = ("invalid YAML", "not UTF-8 text", "the file holds no YAML document", "duplicate key", "YAML aliases")


def _check_base(root: Path, written: Path) -> None:
    """The properties every state of a base must keep: the library, `validate`, and a lookup (indexed and
    from the YAML) agree, and every problem is one clean line that names a file of the base."""
    with within(30):
        report = validate(root)
        _, problems = collect(root)
        result = run_cli("validate", "--facts", str(root))
        indexed = run_cli("figures", "--facts", str(root))
        from_yaml = run_cli("figures", "--facts", str(root), env=NO_CACHE)
    assert "Traceback" not in result.stderr + indexed.stderr + from_yaml.stderr
    assert (indexed.code, indexed.stdout, indexed.stderr) == (from_yaml.code, from_yaml.stdout, from_yaml.stderr)
    if not report.problems:
        assert (result.code, result.stderr, problems) == (0, "", [])
        assert indexed.code == 0 and indexed.stderr == ""
        assert load_factbase(root).sources
        return
    assert result.code == 3
    assert result.stdout.startswith(f"{root}: ") and result.stdout.count("\n") == 1
    lines = _problem_lines(root, result.stderr)
    assert len(lines) == len(report.problems)
    for path, line, message in lines:
        if message.startswith(LINED):
            assert line is not None, f"{path}: {message}: no line"
        if path == written and line is not None:
            breaks = len(re.findall(rb"\r\n|\r|\n", written.read_bytes()))  # as textnorm.line_at counts
            assert 1 <= line <= breaks + 1, (line, message)
    if problems:  # a lookup refuses with the loader's first problem, which validate lists too
        assert (indexed.code, indexed.stdout) == (3, "")
        assert indexed.stderr.count("\n") == 1
        with pytest.raises(FactBaseError) as raised:
            load_factbase(root)
        said = visible(raised.value.message, one_line=True)
        assert indexed.stderr == f"migfacts: {said if len(said) <= 400 else said[:399] + '…'}\n"
        assert set(map(str, problems)) <= set(map(str, report.problems))


def _with_file(root: Path, name: str, data: bytes, original: str) -> None:
    path = root / name
    path.write_bytes(data)
    try:
        _check_base(root, path)
    finally:
        path.write_text(original, encoding="utf-8")


YAML_BYTES = st.sampled_from(
    [b"source:", b"topics:", b"  - ", b"id: ", b": ", b"\n", b"  ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"<<: ",
     b"!!python/object:os.system ", b"---\n", b"...\n", b"%YAML 1.1\n", b"'", b'"', b"\\u", b"#", b"\t", b"\r",
     b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xe2\x80\xae", b"\x1b[31m", b"NO", b"010", b"1_000", b"1:30",
     b".inf", b"~", b"? ", b"|", b">", b"-", b"2019-03-22", b"1e999", b"\xc2\x85"]
)  # fmt: skip
ANY_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(YAML_BYTES, st.binary(max_size=4)), max_size=40).map(b"".join),
    st.builds(
        lambda cut, junk: ORIGINAL.encode()[:cut] + junk, st.integers(0, len(ORIGINAL.encode())), st.binary(max_size=8)
    ),
)


@budget(40)
@given(data=ANY_BYTES)
@example(data=b"source: [\x00")  # a character YAML refuses: the problem was without its line, on three lines
@example(data=b"source:\n  id: x\n\x85")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\r\xc2\x80")  # a lone CR is a line break to validate's other checks too (textnorm.line_at)
@example(data=b"[" * 20000)
def test_any_bytes_as_a_source_file(base, data):
    _with_file(base, f"sources/{SOURCE}.yaml", data, ORIGINAL)


@budget(25)
@given(data=ANY_BYTES)
@example(data=b"topics:\n  - {id: tb, label: TB, aliases: [\x07]}")
def test_any_bytes_as_topics_yaml(base, data):
    _with_file(base, "topics.yaml", data, TOPICS)


# ---- structure-aware: the real source file, mutated ----------------------------------------------------

TRAPS = [
    "NO", "yes", "off", "010", "0o17", "0x1F", "1_000", "1:30", "190:20:30", ".inf", "-.inf", ".nan", "~", "null",
    "2019-03-22", "2019-02-30", "2019-03-22T10:00:00Z", "1e999", "1e-999", "1,000", "1.5e6", "-0", "+12", "",
    " ", "\t", "=cmd()", "@SUM(1)", "[bold]x[/]", "\x1b[31mred", "\u202eevil", "\x85", "\u2028", "a: b", "#",
    "- x", "'", '"', "*a", "&a", "!!python/object:os.system", "<<", "?", "|", "\ud7ff", "\U0001f642", "word " * 1000,
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TRAPS),
    st.text(max_size=20),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(TRAPS), st.text(max_size=8)), inner, max_size=4),
    ),
    max_leaves=12,
)


LOADED = yaml.safe_load(ORIGINAL)


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a loaded file: keys of mappings and indexes of lists."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _at(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated_sources(draw) -> Any:
    """The real source file as data, with one to four places changed: removed, replaced or added."""
    data = copy.deepcopy(LOADED)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent, last = _at(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["remove", "replace", "add", "nest"]))
        if action == "remove":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(values)
        elif action == "nest":
            depth = draw(st.integers(1, 200))
            for _ in range(depth):
                parent[last] = [parent[last]] if depth % 2 else {"x": parent[last]}
        elif isinstance(parent, dict):
            parent[draw(st.one_of(st.sampled_from(TRAPS), st.text(max_size=10)))] = draw(values)
        else:
            parent.insert(last, draw(values))
    return data


@budget(30)
@given(data=mutated_sources())
def test_a_mutated_source_file_dumped_by_yaml(base, data):
    _with_file(base, f"sources/{SOURCE}.yaml", yaml.safe_dump(data, allow_unicode=True).encode(), ORIGINAL)


RAW_VALUES = st.one_of(
    st.sampled_from(TRAPS),
    st.sampled_from(
        [
            "&a x",
            "*a",
            "{<<: *a}",
            "!!python/object/apply:os.system [ls]",
            "!!binary aGVsbG8=",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!!float 1",
            "!!str",
            "!custom x",
            "[" * 500 + "]" * 500,
            "{a: 1, a: 2}",
            "? [a, b]\n  : c",
            "|\n  block\n  text",
            '"\\ud800"',
            '"\\x1b[31m"',
            "'it''s'",
            "[a, b",
            "}",
            "\t1",
        ]
    ),
    st.text(max_size=30),
)


@budget(40)
@given(line=st.integers(0, ORIGINAL.count("\n")), raw=RAW_VALUES, keep_key=st.booleans())
@example(line=2, raw="&a x", keep_key=True)
@example(line=3, raw="NO", keep_key=True)
def test_a_source_file_with_a_raw_value(base, line, raw, keep_key):
    """One line of the real file with its value (or the whole line) written raw: YAML's traps as typed."""
    lines = ORIGINAL.split("\n")
    key, colon, _ = lines[line].partition(": ")
    lines[line] = f"{key}{colon}{raw}" if keep_key and colon else raw
    _with_file(base, f"sources/{SOURCE}.yaml", "\n".join(lines).encode("utf-8", "surrogatepass"), ORIGINAL)


# ---- the bugs these properties found, pinned --------------------------------------------------------


def test_a_character_yaml_refuses_is_one_problem_at_its_line(cli, facts_copy):
    path = facts_copy / "sources" / f"{SOURCE}.yaml"
    path.write_text(ORIGINAL.replace("  dateline: Geneva\n", "  dateline: Gen\x00eva\n"), encoding="utf-8")
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines() == [
        f"{path}:8: invalid YAML: a character YAML does not allow (U+0000): control characters are not allowed",
        "migfacts: 1 problem found",
    ]


def test_a_refused_character_after_accents_is_placed_by_its_line_not_its_byte(cli, facts_copy):
    path = facts_copy / "topics.yaml"
    path.write_text("# éééééééééé\n# ééééé\ntopics:\n  - {id: tb, label: \x07}\n", encoding="utf-8")
    assert cli("validate", "--facts", str(facts_copy)).stderr.splitlines()[0] == (
        f"{path}:4: invalid YAML: a character YAML does not allow (U+0007): control characters are not allowed"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_an_editor_counts_them(cli, facts_copy, separator):
    """YAML also breaks lines at U+2028, U+2029 and U+0085: a quoted title holding one put every later problem
    a line too far."""
    path = facts_copy / "sources" / f"{SOURCE}.yaml"
    text = ORIGINAL.replace("title: It’s Time", f'title: "It’s{separator} Time').replace(
        "Universal!\n", 'Universal!"\n', 1
    )
    path.write_text(text.replace("    value: 584\n", "    value: 584\n    value: 548\n"), encoding="utf-8")
    first = text[: text.index("    value: 584")].count("\n") + 1
    result = cli("validate", "--facts", str(facts_copy))
    assert f"{path}:{first + 1}: duplicate key 'value' (first at line {first})" in result.stderr.splitlines()
    assert cli("figures", "--facts", str(facts_copy)).stderr == (
        f"migfacts: {path}:{first + 1}: duplicate key 'value' (first at line {first})\n"
    )


def test_an_error_at_the_end_of_a_file_is_on_its_last_line(cli, facts_copy):
    path = facts_copy / "topics.yaml"
    path.write_text("topics:\n  - [tb,\n", encoding="utf-8")
    assert cli("validate", "--facts", str(facts_copy)).stderr.splitlines()[0] == (
        f"{path}:2: invalid YAML: did not find expected node content"
    )


def test_a_number_of_thousands_of_digits_is_a_problem_not_a_crash(cli, facts_copy):
    path = facts_copy / "sources" / f"{SOURCE}.yaml"
    path.write_text(ORIGINAL.replace("    value: 584\n", "    value: 1" + "0" * 5000 + "\n"), encoding="utf-8")
    line = ORIGINAL[: ORIGINAL.index("    value: 584\n")].count("\n") + 1
    result = cli("validate", "--facts", str(facts_copy))
    assert result.code == 3
    assert result.stderr.splitlines()[0].startswith(f"{path}:{line}: 'value': ")
