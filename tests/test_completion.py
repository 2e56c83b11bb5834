"""Shell completion of topics, commands, ids, speakers, countries and sources, from the fact base."""

from __future__ import annotations

import pytest


def _complete(cli, line: str) -> list[str]:
    words = line.split(" ")
    result = cli(env={"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    assert result.code == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("migfacts t", ["topic", "topics", "tb", "tuberculosis"]),
        ("migfacts c", ["contacts", "check", "c4d"]),
        ("migfacts show tb-a", ["tb-active-cases-2018"]),
        ("migfacts show world", ["world-tb-day-2019"]),
        ("migfacts quotes --speaker we", ["weekers"]),
        ("migfacts quotes --speaker ch", ["chacon"]),
        ("migfacts tb --country k", ["ke", "kenya"]),
        ("migfacts tb --country el", ["el-salvador"]),
        ("migfacts tb --year 201", [str(year) for year in range(2010, 2020)]),
        ("migfacts show u", ["uhc"]),
        ("migfacts figures --country S", ["SV"]),
        ("migfacts figures --topic mi", ["migration-statistics", "migrant-health"]),
        ("migfacts figures --source c", ["c4d-mesoamerica-2019"]),
    ],
)
def test_completion(cli, line, expected):
    assert _complete(cli, line) == expected


def test_completion_reads_the_chosen_fact_base(cli, tmp_path):
    from helpers import make_base

    root = make_base(tmp_path / "mine", "Nothing.", topics="topics:\n  - {id: malaria, label: Malaria}\n")
    result = cli(
        env={
            "_MIGFACTS_COMPLETE": "complete_bash",
            "COMP_WORDS": "migfacts ma",
            "COMP_CWORD": "1",
            "MIGFACTS_FACTS": str(root),
        }
    )
    assert result.stdout.split() == ["malaria"]


def test_completion_on_a_broken_base_completes_commands_only(cli, tmp_path):
    result = cli(
        env={
            "_MIGFACTS_COMPLETE": "complete_bash",
            "COMP_WORDS": "migfacts s",
            "COMP_CWORD": "1",
            "MIGFACTS_FACTS": str(tmp_path / "missing"),
        }
    )
    assert (result.code, result.stdout.split(), result.stderr) == (0, ["sources", "search", "show", "schema"], "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("migfacts quotes --speaker Wee", ["Weekers"]),
        ("migfacts tb --country Ke", ["Ke", "Kenya"]),
        ("migfacts tb --country K", ["KE", "KENYA"]),
    ],
)
def test_completion_keeps_the_case_typed(cli, line, expected):
    assert _complete(cli, line) == expected


def test_completion_reads_a_fact_base_given_before_the_command(cli, tmp_path):
    from helpers import make_base

    root = make_base(tmp_path / "mine", "Nothing.", topics="topics:\n  - {id: water, label: Water}\n")
    assert _complete(cli, f"migfacts --facts {root} w") == ["water"]


@pytest.mark.parametrize("line", ["migfacts ", "migfacts t", "migfacts s"])
def test_completing_a_command_makes_no_command(cli, monkeypatch, line):
    """The first word lists commands from their help alone: making a command reads its every option."""
    import typer

    made = []
    real = typer.main.get_command_from_info
    monkeypatch.setattr(typer.main, "get_command_from_info", lambda *a, **k: made.append(a) or real(*a, **k))
    words = _complete(cli, line)
    assert (made, "show" in words or "topic" in words) == ([], True)


@pytest.mark.parametrize("incomplete", ["", "s", "t", "c", "v", "-", "--f", "x"])
def test_commands_and_options_complete_as_typer_lists_them(incomplete):
    """The group's own completions (its topics aside) are Typer's, word for word and help for help."""
    import typer
    from typer.core import TyperGroup

    from migfacts.cli import MigfactsGroup, app

    group = typer.main.get_command(app)
    assert isinstance(group, MigfactsGroup)
    ctx = group.make_context("migfacts", ["--facts", "no-such-folder"], resilient_parsing=True)  # no topics
    ours = [(item.value, item.help) for item in group.shell_complete(ctx, incomplete)]
    typers = [(item.value, item.help) for item in TyperGroup.shell_complete(group, ctx, incomplete)]
    assert ours == typers
    assert (
        len(ours) == {"": 13, "s": 4, "t": 2, "c": 2, "v": 1, "-": 8, "--f": 1, "x": 0}[incomplete]
    )  # --facts is given


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "migfacts -",
            [
                "--facts",
                "--format",
                "--help",
                "--install-completion",
                "--no-color",
                "--show-completion",
                "--version",
                "-f",
                "-h",
            ],
        ),
        ("migfacts tb --country .", []),
        ("migfacts quotes --speaker .", []),
    ],
)
def test_a_word_of_no_letters_completes_to_no_value(cli, line, expected):
    """'-' folds to nothing, which every value starts with: it completes options, never '-b' for 'tb'."""
    assert sorted(_complete(cli, line)) == expected
