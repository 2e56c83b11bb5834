"""A progress bar for an index build that takes long enough to be seen (only ever on a terminal)."""

from __future__ import annotations

from typing import Any, TextIO


class BuildProgress:
    """Called with (files parsed, files to parse); shows a Rich bar on FILE from the first call, and
    clears it when the last file is parsed or when told to. The index calls it only once a build has taken
    a second, and a lookup waiting for another process's build (`waiting`) once it has waited a second."""

    def __init__(self, file: TextIO):
        self.file = file
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int, waiting: bool = False) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            console = Console(file=self.file, stderr=True)
            self._bar = Progress(
                TextColumn(
                    "migfacts: waiting for another migfacts to index the fact base"
                    if waiting
                    else "migfacts: indexing the fact base"
                ),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("index", total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self.clear()

    def clear(self) -> None:
        """The bar taken off the screen as it stands (a build's end, or a wait's); the next call starts
        another (a lookup that waited for a build that failed or was killed then builds the index itself)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
