"""Rich tables for people: one titled table a section; stacked fields on a narrow terminal.

Fact text reaches Rich only as `Text`, never as markup, and with control
characters made visible.
"""

from __future__ import annotations

from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from migfacts.errors import PipeClosed
from migfacts.render import human_rows, item_rows, visible
from migfacts.result import Result, Section

NARROW = 60
"""Below this many columns, each record is a stack of fields instead of a row."""
WIDE = 110
"""From this many columns, tables have a Source column; narrower, the sources are listed under the table."""
MIN_TEXT_WIDTH = 12
SHORT_COLUMNS = {"#", "Period", "Figures", "Quotes", "Contacts", "Sources", "Source"}


class _Console(Console):
    def on_broken_pipe(self) -> None:  # Rich's own handler would exit 1
        raise PipeClosed


def _text(value: str, **style) -> Text:
    return Text(visible(value), **style)


def _fields_table(records: list[list[tuple[str, str]]]) -> Table:
    """Field and value rows, a rule between records."""
    table = Table(box=box.ROUNDED, show_header=False)
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    for index, rows in enumerate(records):
        if index:
            table.add_section()
        for key, value in rows:
            table.add_row(Text(key), _text(value))
    return table


def _rows_table(section: Section, width: int, with_source: bool) -> Table:
    """One row a record. The id goes under the first column's text, dimmed, kept whole when the width allows."""
    headers, rows = human_rows(section)
    keep = [i for i, header in enumerate(headers) if with_source or header != "Source"]
    headers, rows = [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]
    merge_id = headers[0] == "ID" and len(headers) > 2
    shown = headers[1:] if merge_id else headers
    short = [header in SHORT_COLUMNS for header in shown]
    # What the columns need at least: the short ones whole, the others MIN_TEXT_WIDTH, the borders 3 a column.
    offset = 1 if merge_id else 0
    needed = (
        sum(
            max(len(header), *(len(row[i + offset]) for row in rows)) if is_short else MIN_TEXT_WIDTH
            for i, (header, is_short) in enumerate(zip(shown, short, strict=True))
        )
        + 3 * len(shown)
        + 1
    )
    longest_id = max(len(row[0]) for row in rows)
    keep_id_whole = merge_id and needed - MIN_TEXT_WIDTH + longest_id <= width
    table = Table(box=box.ROUNDED, header_style="bold")
    for index, header in enumerate(shown):
        table.add_column(
            header, overflow="fold", no_wrap=short[index], width=longest_id if index == 0 and keep_id_whole else None
        )
    for row in rows:
        cells = [_text(cell) for cell in row]
        if merge_id:
            cells = [Text.assemble(cells[1], "\n", _text(row[0], style="dim")), *cells[2:]]
        table.add_row(*cells)
    return table


def _sources_caption(section: Section) -> Text:
    """The sources of a section's records, for a table too narrow for a Source column."""
    sources = {r["source"]["id"]: r["source"] for r in section.records if isinstance(r.get("source"), dict)}
    lines = [f"{ident}: “{ref['title']}”, {ref['date']}" for ident, ref in sources.items()]
    return _text(("Source: " if len(lines) == 1 else "Sources: ") + "; ".join(lines), style="dim")


def print_tables(result: Result, out: IO[str], color: bool) -> None:
    console = _Console(
        file=out, markup=False, highlight=False, emoji=False, no_color=not color, color_system="auto" if color else None
    )
    narrow = console.width < NARROW
    for index, section in enumerate(result.sections):
        if index:
            console.print()
        console.print(_text(section.title, style="bold"))  # not the table's title: Rich pads that to the width
        if result.shape == "item":
            console.print(_fields_table([item_rows(section.records[0])]))
        elif not section.records:
            console.print(_text(section.empty or "None.", style="italic"))
        elif narrow:
            headers, rows = human_rows(section)
            console.print(_fields_table([list(zip(headers, row, strict=True)) for row in rows]))
        else:
            with_source = console.width >= WIDE or "Source" not in human_rows(section)[0]
            console.print(_rows_table(section, console.width, with_source))
            if not with_source:
                console.print(_sources_caption(section))
