"""The console script's first step: an interrupt while Python imports the CLI still ends in one line."""

from __future__ import annotations

import sys


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show “ or é gets \u201c, not a crash
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        from migfacts.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("migfacts: interrupted\n")
        sys.exit(130)
