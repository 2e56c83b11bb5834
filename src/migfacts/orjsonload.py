"""orjson, imported with Ctrl-C held back until it is ready.

An interrupt that lands while orjson's compiled module initialises crashes the process (a segmentation
fault, not an exception: 2 of 250 interrupts sent 120-160 ms into a JSON lookup, the moment orjson is
imported). Held back, the interrupt comes a moment later, as one line and exit 130.
"""

from __future__ import annotations

import signal
import sys
from types import ModuleType


def load_orjson() -> ModuleType:
    if "orjson" in sys.modules:
        return sys.modules["orjson"]
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        import orjson
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return orjson
