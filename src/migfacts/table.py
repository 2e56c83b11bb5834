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

WIDE = 110
"""From this many columns, tables have a Source column; the sources are listed under every table."""
MIN_TEXT_WIDTH = 14
MIN_VALUE_WIDTH = 8
MIN_WIDTH = 20
"""Narrower than this (COLUMNS=0, a broken setting), the width is taken as unknown: 80 columns."""
WHOLE_COLUMNS = {"#", "ID", "Period", "Phone", "Figures", "Quotes", "Contacts", "Sources", "Source"}
"""Columns whose cells are never broken across lines: ids, numbers, periods."""


class _Console(Console):
    def on_broken_pipe(self) -> None:  # Rich's own handler would exit 1
        raise PipeClosed


def _text(value: str, **style) -> Text:
    return Text(visible(value), **style)


def _fields_table(records: list[list[tuple[str, str]]]) -> Table:
    """Field and value rows, a rule between records."""
    table = Table(box=box.ROUNDED, show_header=False)
    table.add_column("Field", style="bold", overflow="fold")  # long names fold on a narrow terminal...
    table.add_column("Value", overflow="fold", min_width=MIN_VALUE_WIDTH)  # ...so that values keep their room
    for index, rows in enumerate(records):
        if index:
            table.add_section()
        for key, value in rows:
            table.add_row(Text(key), _text(value))
    return table


def _rows_table(section: Section, width: int, with_source: bool) -> Table | None:
    """One row a record, the id under the first column's text (dimmed); None when that cannot fit `width`
    with every id, number and header whole and every text column at least MIN_TEXT_WIDTH wide."""
    headers, rows = human_rows(section)
    keep = [i for i, header in enumerate(headers) if with_source or header != "Source"]
    headers, rows = [headers[i] for i in keep], [[row[i] for i in keep] for row in rows]
    merge_id = headers[0] == "ID" and len(headers) > 2
    offset = 1 if merge_id else 0
    shown = headers[offset:]
    longest_id = max(len(row[0]) for row in rows)
    needs = []
    for index, header in enumerate(shown):
        cells = [row[index + offset] for row in rows]
        if index == 0 and merge_id:
            needs.append(max(longest_id, len(header), MIN_TEXT_WIDTH))
        elif header in WHOLE_COLUMNS:
            needs.append(max(len(header), *(len(cell) for cell in cells)))
        else:
            longest_word = max(len(word) for cell in cells for word in (cell.split() or [""]))
            needs.append(max(len(header), MIN_TEXT_WIDTH, longest_word))
    if sum(needs) + 3 * len(shown) + 1 > width:
        return None
    table = Table(box=box.ROUNDED, header_style="bold")
    for index, header in enumerate(shown):
        whole = header in WHOLE_COLUMNS
        table.add_column(header, overflow="fold", no_wrap=whole, width=needs[index] if index == 0 else None)
    for row in rows:
        cells = [_text(cell) for cell in row]
        if merge_id:
            cells = [Text.assemble(cells[1], "\n", _text(row[0], style="dim")), *cells[2:]]
        table.add_row(*cells)
    return table


def _sources_caption(section: Section) -> Text | None:
    """The sources of a section's records: title and date, for the reader to cite."""
    sources = {r["source"]["id"]: r["source"] for r in section.records if isinstance(r.get("source"), dict)}
    if not sources:
        return None
    lines = [f"{ident}: “{ref['title']}”, {ref['date']}" for ident, ref in sources.items()]
    return _text(("Source: " if len(lines) == 1 else "Sources: ") + "; ".join(lines), style="dim")


def print_tables(result: Result, out: IO[str], color: bool) -> None:
    console = _Console(
        file=out, markup=False, highlight=False, emoji=False, no_color=not color, color_system="auto" if color else None
    )
    if console.width < MIN_WIDTH:
        console.width = 80
    for index, section in enumerate(result.sections):
        if index:
            console.print()
        console.print(_text(section.title, style="bold"))  # not the table's title: Rich pads that to the width
        if result.shape == "item":
            console.print(_fields_table([item_rows(section.records[0])]))
        elif not section.records:
            console.print(_text(section.empty or "None.", style="italic"))
        else:
            table = _rows_table(section, console.width, with_source=console.width >= WIDE)
            if table is None:  # too narrow for rows: each record as a stack of fields
                headers, rows = human_rows(section)
                table = _fields_table([list(zip(headers, row, strict=True)) for row in rows])
            console.print(table)
            if caption := _sources_caption(section):
                console.print(caption)
            if section.held_back:
                console.print(_text(_held_back_line(section), style="italic"))


def _held_back_line(section: Section) -> str:
    shown = len(section.records)
    return f"The first {shown} of {shown + section.held_back} {section.key} (--limit 0 shows them all)."
