"""The console script's first step: an interrupt while Python imports the CLI still ends in one line, and a
finished command ends at once."""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def run() -> None:
    for stream in (sys.stdout, sys.stderr):  # UTF-8 whatever the locale: JSON and CSV stay valid (RFC 8259)
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    sys.unraisablehook = _unraisable
    try:
        from migfacts import lookahead

        lookahead.start(sys.argv[1:])  # the base's signature taken on another core meanwhile
        from migfacts.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("migfacts: interrupted\n")
        sys.exit(130)
    except Exception as error:  # Ctrl-C while Python made a class of the CLI's imports (see `interrupted`)
        from migfacts.errors import interrupted

        if not interrupted(error):
            raise
        sys.stderr.write("migfacts: interrupted\n")
        sys.exit(130)
    except SystemExit as done:
        end(done.code)
    end(0)


def _unraisable(unraisable: object) -> None:
    """Ctrl-C that lands in a callback Python cannot raise from (the import system's lock callbacks) still
    ends the command, as one line and exit 130; anything else is reported as Python reports it."""
    if isinstance(getattr(unraisable, "exc_value", None), KeyboardInterrupt):
        import atexit

        atexit._run_exitfuncs()
        sys.stderr.write("migfacts: interrupted\n")
        sys.stderr.flush()
        os._exit(130)
    sys.__unraisablehook__(unraisable)  # type: ignore[arg-type]


def end(code: object) -> NoReturn:
    """Exit with CODE, the exit handlers run and both streams flushed, without the interpreter's teardown of
    every module it loaded: 7 ms of `import typer` alone, 14 with Rich and the index's modules (measured), a
    tenth of a lookup. Nothing of ours is left open by then (each answer closes the index, a build joins its
    workers, temporary folders are removed where they are made). A message for a code, a thread still running
    or a stream that cannot be flushed exit as Python would, with its teardown."""
    import atexit
    import threading

    if not (code is None or isinstance(code, int)) or any(
        not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread()
    ):
        sys.exit(code)
    atexit._run_exitfuncs()  # (what Python runs before its teardown: the handlers libraries registered)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code or 0)
