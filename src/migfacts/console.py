"""The console script's first step: an interrupt while Python imports the CLI still ends in one line."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from migfacts.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("migfacts: interrupted\n")
        sys.exit(130)
