"""The console script's first step: an interrupt while Python imports the CLI still ends in one line."""

from __future__ import annotations

import sys


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the locale: JSON and CSV stay valid (RFC 8259)
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    try:
        from migfacts.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("migfacts: interrupted\n")
        sys.exit(130)
