"""The command line's options, declared once and reused by every command, with their shell completion.

Completion reads the fact base in use (--facts, $MIGFACTS_FACTS or the bundled one) and offers
nothing, rather than an error, when it cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from migfacts.errors import MigfactsError
from migfacts.filters import topic_completions
from migfacts.layout import ENV_VAR, resolve_root
from migfacts.render import TABLE_ROWS, Format
from migfacts.stores import BuildUnderway, answer, current_topics
from migfacts.textnorm import fold
from migfacts.years import YearSpan, parse_year_span

# ---- completion -----------------------------------------------------------------------------------


def _completions(ctx: Any, what: str) -> list[tuple[str, str]]:
    """(word, help) pairs for WHAT from the base in use; none when it cannot be read."""
    facts = None
    while ctx is not None and facts is None:
        facts = ctx.params.get("facts")
        ctx = ctx.parent
    root = resolve_root(Path(facts) if facts else None)
    try:
        if what == "topics":  # the words of topics.yaml, sound source files or not
            return topic_completions(_topics(root))
        return answer(root, lambda store: store.completions(what), wait=False)
    except (MigfactsError, OSError, BuildUnderway):  # a TAB never waits for a build: no words this time
        return []


def _topics(root: Path) -> list[Any]:
    """The topics of topics.yaml: from the index while topics.yaml is unchanged (no look at every file, on
    every TAB), else from the index brought up to date, else, when the base has problems or another process
    is building its index, from topics.yaml alone."""
    topics = current_topics(root)
    if topics is not None:
        return topics
    try:
        return answer(root, lambda store: store.topics, wait=False)
    except (MigfactsError, BuildUnderway):
        from migfacts.loader import load_topics

        return load_topics(root)


def _complete(what: str):
    def complete(ctx: typer.Context | None, incomplete: str) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for value, help_text in _completions(ctx, what):
            if value.startswith(incomplete):
                seen.setdefault(value, help_text)
            elif (folded := fold(incomplete)) and fold(value).startswith(folded) and len(value) >= len(incomplete):
                # The shell keeps only words that start as typed: 'Wee' completes to 'Weekers', 'k' to 'ke'
                # (and a word of no letters or digits, as '-', completes to nothing: it folds to nothing).
                rest = value[len(incomplete) :]
                rest = rest.lower() if incomplete.islower() else rest.upper() if incomplete.isupper() else rest
                seen.setdefault(incomplete + rest, help_text)
        return list(seen.items())

    return complete


complete_topics = _complete("topics")
complete_ids = _complete("ids")
complete_sources = _complete("sources")
complete_speakers = _complete("speakers")
complete_countries = _complete("countries")
complete_years = _complete("years")


# ---- options, declared once ----------------------------------------------------------------------


def _year(value: str) -> YearSpan:
    try:
        return parse_year_span(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


FactsOption = Annotated[
    Optional[Path],
    typer.Option(
        "--facts",
        metavar="DIR",
        show_default=False,
        help=f"Fact base folder to read instead of the bundled one (or set ${ENV_VAR}; this option wins).",
    ),
]
FormatOption = Annotated[
    Optional[Format],
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        case_sensitive=False,
        help="Output format. Default: table on a terminal, plain (tab-separated lines) when piped.",
    ),
]
LimitOption = Annotated[
    Optional[int],
    typer.Option(
        "--limit",
        "-n",
        min=0,
        metavar="N",
        show_default=False,
        help=f"At most N records of each kind, the first in order (0: all). Default: {TABLE_ROWS} in a table,"
        " all in any other format.",
    ),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1 or TERM=dumb).")]
YearOption = Annotated[
    Optional[YearSpan],
    typer.Option(
        "--year",
        "-y",
        parser=_year,
        autocompletion=complete_years,
        metavar="YEAR|FROM-TO",
        show_default=False,
        help="Figures whose period overlaps 2018 or 2010-2016; quotes and contacts from articles "
        "published then (and, for a topic, those of the figures' articles).",
    ),
]
CountryOption = Annotated[
    Optional[str],
    typer.Option(
        "--country",
        "-c",
        metavar="COUNTRY",
        autocompletion=complete_countries,
        show_default=False,
        help="Country name or ISO code, any case (kenya, KE). Quotes and contacts match through their article.",
    ),
]
TopicOption = Annotated[
    Optional[str],
    typer.Option(
        "--topic",
        "-t",
        metavar="TOPIC",
        autocompletion=complete_topics,
        show_default=False,
        help="Topic id or alias (tb, tuberculosis, c4d).",
    ),
]
SourceOption = Annotated[
    Optional[str],
    typer.Option(
        "--source",
        "-s",
        metavar="SOURCE",
        autocompletion=complete_sources,
        show_default=False,
        help="Source id (see 'migfacts sources').",
    ),
]
SpeakerOption = Annotated[
    Optional[str],
    typer.Option(
        "--speaker",
        metavar="NAME",
        autocompletion=complete_speakers,
        show_default=False,
        help="Speaker's name or part of it, any case or accents (weekers, chacon).",
    ),
]
QueryArgument = Annotated[
    Optional[str], typer.Argument(metavar="[QUERY]", show_default=False, help="Words the fact must contain.")
]
