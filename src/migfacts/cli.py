"""The `migfacts` command line: options parsed here, answers from the library, one renderer."""

import errno
import inspect
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, NoReturn, Optional, TypeVar

import typer
from typer._click import exceptions as click_exceptions  # typer vendors click; pinned below 0.29
from typer._click.globals import get_current_context

from migfacts import __version__, views
from migfacts.errors import (
    ExitStatus,
    InvalidFactBase,
    MigfactsError,
    OutputError,
    PipeClosed,
    UsageProblem,
    interrupted,
)
from migfacts.layout import resolve_root
from migfacts.options import (
    CountryOption,
    FactsOption,
    FormatOption,
    LimitOption,
    NoColorOption,
    QueryArgument,
    SourceOption,
    SpeakerOption,
    TopicOption,
    YearOption,
    complete_ids,
    complete_topics,
)
from migfacts.render import TABLE_ROWS, Format, render, visible
from migfacts.result import Result, plural

PROG = "migfacts"
T = TypeVar("T")

EXIT_CODES = (
    "Exit codes: 0 results printed; 1 no match (an unknown topic, id or source, or a filter that leaves "
    "nothing); 2 usage error (a bad option or value); 3 invalid or unreadable fact base; 4 output not written; "
    "70 internal error."
)


def examples(*commands: str, exit_codes: str = EXIT_CODES) -> str:
    """A command's help epilog: real examples, then the exit codes."""
    return f"Examples: {' · '.join(commands)}. {exit_codes}"


MAX_MESSAGE = 400
WRITE_ERRORS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EPIPE}


def _say(message: str) -> None:
    """One line on stderr: control characters made visible, an overlong echo of input cut short."""
    line = visible(message, one_line=True)
    if len(line) > MAX_MESSAGE:
        line = line[: MAX_MESSAGE - 1] + "…"
    _say_raw(f"{PROG}: {line}")


def _say_raw(line: str) -> None:
    try:
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
    except (OSError, AttributeError, ValueError):  # stderr closed or gone: nothing left to tell
        pass


def _finish(code: int) -> NoReturn:
    sys.exit(int(code))


class LazyCommands(MutableMapping):
    """The commands of the app, each made into a Click command when first asked for: a lookup pays for
    one command's options, not thirteen (Typer reads every signature it makes a command of)."""

    def __init__(self, infos: list[Any], settings: dict[str, Any]):
        self._infos = {info.name or typer.main.get_command_name(info.callback.__name__): info for info in infos}
        self._built: dict[str, Any] = {}
        self._settings = settings

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._infos[name]  # KeyError for no such command, as a dict
            self._built[name] = typer.main.get_command_from_info(info, **self._settings)
        return self._built[name]

    def brief(self, name: str) -> Any:
        """The command NAME as a list of commands shows it (its help, whether it is hidden), made without its
        options unless it is made already: TAB on the first word lists commands and runs none."""
        if name in self._built:
            return self._built[name]
        info = self._infos[name]
        help_text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        return typer.core.TyperCommand(  # the help as `typer.main.get_command_from_info` gives it
            name, help=help_text, short_help=info.short_help, hidden=info.hidden, deprecated=info.deprecated
        )

    def __setitem__(self, name: str, command: Any) -> None:
        self._infos.setdefault(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._infos[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos


class MigfactsGroup(typer.core.TyperGroup):
    """Commands, plus topics as commands (`migfacts tb`), and every failure mapped to its exit code."""

    command_infos: ClassVar[list[Any]] = []
    """The app's commands, made lazily (see `LazyCommands`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = {"pretty_exceptions_short": app.pretty_exceptions_short, "rich_markup_mode": self.rich_markup_mode}
        self.commands = LazyCommands(self.command_infos, settings)

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands' names in the order they were made, without making them (Typer's lists the items)."""
        return list(self.commands)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[Any, Any, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "topic", self.commands["topic"], args  # `migfacts tb` is `migfacts topic tb`
        return super().resolve_command(ctx, args)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Commands, the group's options, then topics: Typer's list of commands and options, from `brief`
        commands (Typer's would make each command whose name starts with the word typed)."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        items = [
            CompletionItem(name, help=command.get_short_help_str())
            for name in self.list_commands(ctx)
            if name.startswith(incomplete) and not (command := self.commands.brief(name)).hidden
        ]
        items += Command.shell_complete(self, ctx, incomplete)  # the options (TyperGroup's parent class)
        names = {item.value for item in items}
        topics = complete_topics(ctx, incomplete)
        return items + [CompletionItem(word, help=label) for word, label in topics if word not in names]

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if sys.stdout is None:  # every command answers on standard output
            _say("standard output is closed")
            _finish(ExitStatus.OUTPUT)
        if os.environ.get(f"_{PROG.upper()}_COMPLETE") and not _completion_position_ok():
            _finish(ExitStatus.OK)  # a shell that sends no word position gets no completions, not a crash
        try:
            code = super().main(
                args=args, prog_name=prog_name or PROG, complete_var=complete_var, standalone_mode=False, **extra
            )
            if code == ExitStatus.INTERRUPTED:  # Typer turns Ctrl-C into a quiet exit 130
                raise KeyboardInterrupt
        except click_exceptions.NoArgsIsHelpError:  # Typer printed the help while raising it
            _finish(ExitStatus.OK)
        except click_exceptions.UsageError as error:
            path = error.ctx.command_path if error.ctx else PROG
            _say(f"{error.format_message()} (see '{path} --help')")
            _finish(ExitStatus.USAGE)
        except click_exceptions.ClickException as error:
            _say(error.format_message())
            _finish(error.exit_code)
        except MigfactsError as error:
            _say(error.message)
            _finish(error.status)
        except (PipeClosed, BrokenPipeError):
            _silence_stdout()
            _finish(ExitStatus.OK)
        except SystemExit as exit_:
            # Typer and Rich end a failed write (help, version) with exit 1: a closed pipe is no error here,
            # any other failed write is exit 4. Completion and --install-completion exit 0.
            cause = exit_.__context__
            if exit_.code == 1 and isinstance(cause, OSError):
                if cause.errno == errno.EPIPE:
                    _silence_stdout()
                    _finish(ExitStatus.OK)
                _say(f"cannot write the output: {cause.strerror or cause}")
                _finish(ExitStatus.OUTPUT)
            raise
        except OSError as error:
            if error.errno not in WRITE_ERRORS:
                _internal_error(error)
            _say(f"cannot write the output: {error.strerror or error}")
            _finish(ExitStatus.OUTPUT)
        except (typer.Abort, KeyboardInterrupt):
            _say("interrupted")
            _finish(ExitStatus.INTERRUPTED)
        except Exception as error:
            if interrupted(error):
                _say("interrupted")
                _finish(ExitStatus.INTERRUPTED)
            _internal_error(error)
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
        except OSError as error:
            _say(f"cannot write the output: {error.strerror or error}")
            _finish(ExitStatus.OUTPUT)
        _finish(code if isinstance(code, int) else ExitStatus.OK)


def _internal_error(error: Exception) -> NoReturn:
    """A bug: one line, unless the traceback is asked for."""
    if os.environ.get("MIGFACTS_DEBUG"):
        raise error
    _say(f"internal error: {type(error).__name__}: {error} (MIGFACTS_DEBUG=1 shows the traceback)")
    _finish(ExitStatus.INTERNAL)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that Python's exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


app = typer.Typer(
    cls=MigfactsGroup,
    name=PROG,
    help="What exactly did IOM say? Figures, quotes and press contacts from IOM press releases, "
    "each with its source and the words that state it.",
    epilog=examples(
        "migfacts tb --year 2018",
        "migfacts quotes --speaker weekers",
        "migfacts search chacon",
        "migfacts show tb-active-cases-2018",
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _command_names() -> list[str]:
    """The commands of the running app (topic words must not clash with them)."""
    return list(get_current_context().find_root().command.commands)  # type: ignore[attr-defined]


def _global(name: str) -> Any:
    """An option given before the command (`migfacts --facts DIR tb`)."""
    return get_current_context().find_root().params.get(name)


def _root(facts: Path | None) -> Path:
    """The fact base asked for: --facts after the command, else before it, else $MIGFACTS_FACTS, else bundled."""
    given = facts if facts is not None else _global("facts")
    if given is not None and not str(given).strip():
        raise UsageProblem("--facts needs a folder")
    return resolve_root(Path(given) if given is not None else None)


def _answer(facts: Path | None, ask: Callable[[Any], T]) -> T:
    """ASK's answer from the fact base asked for: from its index, or from its YAML when the index cannot be
    used (said once, as a warning)."""
    from migfacts.stores import answer

    return answer(_root(facts), ask, warn=lambda message: _say(f"warning: {message}"), progress=_build_progress())


def _build_progress() -> Callable[[int, int], None] | None:
    """A progress bar for a long index build, on a terminal only."""
    if sys.stderr is None or not sys.stderr.isatty():
        return None
    from migfacts.progress import BuildProgress

    return BuildProgress(sys.stderr)


def _write(text: str) -> None:
    """Text on standard output, or the error that says why it could not be written."""
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed from None
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None


def _emit(result: Result, fmt: Format | None, no_color: bool, limit: int | None = 0) -> None:
    """Write RESULT in the format asked for; LIMIT is --limit's value (None: the format's default), 0 for a
    command that lists everything."""
    out = sys.stdout
    if out is None:
        raise OutputError("standard output is closed")
    given = fmt or _global("format")  # the root's value arrives as text
    chosen = Format(str(given).lower()) if given else (Format.table if out.isatty() else Format.plain)
    result = result.first(limit if limit is not None else TABLE_ROWS if chosen is Format.table else 0)
    no_color = no_color or _global("no_color") or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    try:
        notes = render(result, chosen, out, color=not no_color)
    except BrokenPipeError:  # the renderers other than Rich's table
        raise PipeClosed from None
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None
    for note in notes:
        _say(f"note: {note}")


def _version(value: bool) -> None:
    if value:
        _write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """What exactly did IOM say? Figures, quotes and press contacts from IOM press releases.

    --facts, --format and --no-color work before the command too (migfacts --format json tb).
    """


@app.command(
    "topic",
    epilog=examples("migfacts tb --year 2018", "migfacts tuberculosis --country KE", "migfacts c4d --format json"),
    # A mistyped command reaches here as a topic, with that command's options: the topic is resolved first,
    # so that `migfacts quote --speaker x` says "did you mean 'quotes'?" rather than "no such option".
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
def topic_command(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC", autocompletion=complete_topics, help="Topic id or alias: tb, c4d, tuberculosis, 'iom x'..."
        ),
    ],
    year: YearOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Everything on a topic: figures, quotes and contacts. The shortcut 'migfacts TOPIC' does the same."""
    if not topic.strip():
        raise UsageProblem("the topic is empty (see 'migfacts topics')")
    commands = _command_names()

    def ask(store: Any) -> Result:
        views.resolve_topic(store, topic, commands)
        if ctx.args:
            raise UsageProblem(f"no such option or argument: {' '.join(ctx.args)} (see 'migfacts topic --help')")
        filters = views.make_filters(store, year=year, country=country, source=source)
        return views.topic_view(store, topic, filters, commands)

    _emit(_answer(facts, ask), format, no_color, limit)


def _kind_command(
    key: str,
    query: str | None,
    facts: Path | None,
    fmt: Format | None,
    no_color: bool,
    limit: int | None,
    **filters: Any,
) -> None:
    result = _answer(facts, lambda store: views.kind_view(store, key, views.make_filters(store, text=query, **filters)))
    _emit(result, fmt, no_color, limit)


@app.command(
    "figures",
    epilog=examples(
        "migfacts figures --year 2018", "migfacts figures kenya", "migfacts figures --topic tb --format csv"
    ),
)
def figures_command(
    query: QueryArgument = None,
    topic: TopicOption = None,
    year: YearOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Figures: each number, how the article qualifies it, what it counts, when and where."""
    _kind_command(
        "figures", query, facts, format, no_color, limit, topic=topic, year=year, country=country, source=source
    )


@app.command(
    "quotes",
    epilog=examples(
        "migfacts quotes --speaker weekers", "migfacts quotes empathy", "migfacts quotes --topic c4d --format json"
    ),
)
def quotes_command(
    query: QueryArgument = None,
    speaker: SpeakerOption = None,
    topic: TopicOption = None,
    year: YearOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Quotes: the exact words, with speaker, role and organisation."""
    _kind_command(
        "quotes",
        query,
        facts,
        format,
        no_color,
        limit,
        speaker=speaker,
        topic=topic,
        year=year,
        country=country,
        source=source,
    )


@app.command(
    "contacts",
    epilog=examples("migfacts contacts", "migfacts contacts --topic tb", "migfacts contacts chacon --format json"),
)
def contacts_command(
    query: QueryArgument = None,
    topic: TopicOption = None,
    year: YearOption = None,
    country: CountryOption = None,
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Press contacts: name, organisation, phone and email ('not given' where the release leaves it out)."""
    _kind_command(
        "contacts", query, facts, format, no_color, limit, topic=topic, year=year, country=country, source=source
    )


@app.command("topics", epilog=examples("migfacts topics", "migfacts topics --format json"))
def topics_command(
    limit: LimitOption = None, facts: FactsOption = None, format: FormatOption = None, no_color: NoColorOption = False
) -> None:
    """The topics of the fact base, their aliases, and how many facts each has."""
    _emit(_answer(facts, views.topics_view), format, no_color, limit)


@app.command("sources", epilog=examples("migfacts sources", "migfacts sources --format json"))
def sources_command(
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The source articles: title, date, dateline, address, and how many facts each gives."""
    result = _answer(facts, lambda store: views.sources_view(store, views.make_filters(store, source=source)))
    _emit(result, format, no_color, limit)


@app.command(
    "search",
    epilog=examples(
        "migfacts search chacon", "migfacts search 'active cases'", "migfacts search migrants --topic tb --limit 5"
    ),
)
def search_command(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for; case and accents do not matter.")],
    topic: TopicOption = None,
    source: SourceOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Search every fact and every article's text, best match first."""
    result = _answer(
        facts, lambda store: views.search_view(store, text, views.make_filters(store, topic=topic, source=source))
    )
    _emit(result, format, no_color, limit)


@app.command(
    "show",
    epilog=examples(
        "migfacts show tb-active-cases-2018",
        "migfacts show weekers-ending-tb",
        "migfacts show world-tb-day-2019 --format json",
    ),
)
def show_command(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=complete_ids, help="Id of a figure, quote, contact, source or topic."
        ),
    ],
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """One fact in full: its provenance (source, date, address, the verbatim evidence) and a citation."""
    _emit(_answer(facts, lambda store: views.show_view(store, ident)), format, no_color)


@app.command(
    "check",
    epilog=examples(
        "migfacts check 'IOM detected 584 TB cases in 2018'",
        "migfacts check --file draft.txt",
        "pbpaste | migfacts check -",
        "migfacts check 'La OIM detectó 584 casos activos de tuberculosis en 2018' --format json",
        exit_codes="Exit codes: 0 every claim supported; 1 any claim contradicted or unverified; 2 usage error; "
        "3 invalid or unreadable fact base; 4 output not written; 70 internal error.",
    ),
)
def check_command(
    claims: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[CLAIM]...", show_default=False, help="Claims to check; '-' reads them from stdin."),
    ] = None,
    file: Annotated[
        Optional[Path],
        typer.Option(
            "--file",
            "-F",
            metavar="FILE",
            show_default=False,
            help="A file of claims, one a line, or a whole draft (split into sentences); '-' is stdin.",
        ),
    ] = None,
    facts: FactsOption = None,
    format: FormatOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Fact-check claims against the figures: supported, contradicted or unverified, with the source."""
    texts = list(claims or [])
    if any(not text.strip() for text in texts):
        raise UsageProblem("an empty claim: give the sentence to check (see 'migfacts check --help')")
    if file is not None or "-" in texts:
        from migfacts.claims import sentences

        reads_stdin = "-" in texts
        texts = [t for t in texts if t != "-"]
        if reads_stdin:
            texts += sentences(_read_claims(None))
        if file is not None and not (reads_stdin and str(file) == "-"):
            texts += sentences(_read_claims(file))
        with_figures = [t for t in texts if _states_a_figure(t)]
        skipped = len(texts) - len(with_figures)
        if skipped:
            _say(f"note: skipped {plural(skipped, 'sentence')} with no figure to check")
        texts = with_figures
    if not texts:
        raise UsageProblem("no claim to check: give one, or --file FILE (see 'migfacts check --help')")
    result, all_supported = _answer(facts, lambda store: views.check_view(store, texts))
    _emit(result, format, no_color)
    if not all_supported:
        raise typer.Exit(ExitStatus.NO_MATCH)


def _states_a_figure(text: str) -> bool:
    from migfacts.checker import has_figure

    return has_figure(text)


MAX_CLAIMS_BYTES = 200 * 1024
"""A file of claims is a draft, a speech or a post: as large as a press release at most."""


def _read_claims(file: Path | None) -> str:
    """The text of a file of claims, or of stdin: a regular file or a pipe (`--file <(pbpaste)`), of at
    most MAX_CLAIMS_BYTES, in UTF-8; anything else (a device such as /dev/zero) is a usage error."""
    import stat

    name = "stdin" if file is None or str(file) == "-" else str(file)
    try:
        if name == "stdin":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_CLAIMS_BYTES + 1) if stream is not None else b""
        else:
            mode = file.stat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a socket)"
                raise UsageProblem(f"{file}: {what}")
            with file.open("rb") as handle:
                data = handle.read(MAX_CLAIMS_BYTES + 1)
    except OSError as error:
        raise UsageProblem(f"{name}: {error.strerror or error}") from None
    if len(data) > MAX_CLAIMS_BYTES:
        raise UsageProblem(f"{name}: more than {MAX_CLAIMS_BYTES:,} bytes of claims; check a draft at a time")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise UsageProblem(f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})") from None


@app.command(
    "draft",
    epilog=examples(
        "migfacts draft release.txt",
        "migfacts draft release.txt -o facts/sources/",
        "migfacts draft release.txt -o facts/sources/world-tb-day-2019.yaml --force",
        exit_codes="Exit codes: 0 drafted; 2 the file is no press release (empty, binary, not UTF-8, too large, "
        "too short) or the output exists; 3 invalid fact base; 4 output not written.",
    ),
)
def draft_command(
    article: Annotated[Path, typer.Argument(metavar="ARTICLE", help="The press release as UTF-8 text.")],
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            show_default=False,
            help="Write ID.yaml and the archived ID.txt (in this folder, or as this .yaml file) "
            "instead of printing the YAML.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")] = False,
    facts: FactsOption = None,
) -> None:
    """Draft a source file from a press release: figures, quotes, contacts, each marked for review."""
    from migfacts.drafter import draft_source, read_article, write_draft
    from migfacts.loader import load_factbase

    text = read_article(article)
    root = _root(facts if facts is not None else _base_of(output))
    base = load_factbase(root)
    ident = output.stem if output is not None and output.suffix == ".yaml" and not output.is_dir() else None
    topics_text = (root / "topics.yaml").read_text(encoding="utf-8")
    existing = frozenset(entry.id for entry in [*base.sources, *base.facts()])
    drafted = draft_source(text, base.topics, topics_text, article.name, ident, tuple(_command_names()), existing)
    if output is None:
        _write(drafted)
        return
    for path in write_draft(drafted, text, output, force=force):
        _say(f"wrote {path}")


def _base_of(output: Path | None) -> Path | None:
    """The fact base a draft is written into (`-o BASE/sources/` or `BASE/sources/ID.yaml`), so that its ids
    are new to that base; None (the usual base) when the output is in no base's sources/ folder."""
    if output is None:
        return None
    folder = output.parent if output.suffix == ".yaml" else output
    if folder.name == "sources" and (folder.parent / "topics.yaml").is_file():
        return folder.parent
    if (folder / "sources").is_dir() and (folder / "topics.yaml").is_file():
        raise UsageProblem(
            f"{output}: is a fact base; write the draft into its sources folder: -o {folder / 'sources'}"
        )
    return None


@app.command(
    "export",
    epilog=examples(
        "migfacts export --sqlite facts.db",
        "datasette facts.db",
        exit_codes="Exit codes: 0 written; 2 no --sqlite, or the file exists (add --force); 3 invalid fact base; "
        "4 the database could not be written.",
    ),
)
def export_command(
    sqlite: Annotated[
        Optional[Path],
        typer.Option("--sqlite", metavar="PATH", show_default=False, help="Write a SQLite database here."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    facts: FactsOption = None,
) -> None:
    """Export the fact base as a SQLite database with full-text search, that Datasette serves as it is."""
    from migfacts.export import export_sqlite
    from migfacts.loader import load_factbase

    if sqlite is None:
        raise UsageProblem("export needs --sqlite PATH (see 'migfacts export --help')")
    _say(f"wrote {export_sqlite(load_factbase(_root(facts)), sqlite, force=force)}")


@app.command(
    "validate",
    epilog=examples("migfacts validate", "migfacts validate --facts ./my-facts", "migfacts validate --strict"),
)
def validate_command(
    facts: FactsOption = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Also refuse entries a draft marked review: that nobody has checked yet."),
    ] = False,
) -> None:
    """Check a fact base: schema, ids, topics, verbatim evidence and number coverage. Problems go to stderr."""
    from migfacts.validate import validate

    root = _root(facts)
    report = validate(root, _command_names(), strict=strict)
    for problem in report.problems:
        _say_raw(visible(str(problem), one_line=True))
    if report.found:
        _write(f"{visible(str(root), one_line=True)}: {report.summary()}\n")
    if report.problems:
        raise InvalidFactBase(f"{plural(len(report.problems), 'problem')} found")


@app.command(
    "schema",
    epilog=examples(
        "migfacts schema > source.schema.json",
        "migfacts schema topics > topics.schema.json",
        exit_codes="Exit codes: 0 printed; 2 an unknown format; 4 output not written.",
    ),
)
def schema_command(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="[source|topics]",
            help="The file format: a source file (the default) or topics.yaml.",
            autocompletion=lambda: ["source", "topics"],
        ),
    ] = "source",
) -> None:
    """Print the JSON Schema of a fact file's format, for editors (see the README) and `validate`."""
    from migfacts.jsonschemas import FILES, schema_file

    if kind.lower() not in FILES:
        raise UsageProblem(f"no file format '{kind}': give {' or '.join(FILES)}")
    _write(schema_file(kind.lower()).read_text(encoding="utf-8"))


# Typer would make every command at start; the group makes each when it is asked for.
MigfactsGroup.command_infos = list(app.registered_commands)
app.registered_commands.clear()


def _completion_position_ok() -> bool:
    """Whether the shell's COMP_CWORD (bash) is a number, as Click's completion reads it."""
    try:
        int(os.environ.get("COMP_CWORD", "0"))
    except ValueError:
        return False
    return True


def main() -> None:
    """The console script."""
    app()
