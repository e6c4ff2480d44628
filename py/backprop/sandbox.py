"""A time budget, and a capture of what it prints, for code a learner runs in the page.

The page's interpreter also serves every widget, so a listing that loops forever must not take it down. `arm`
installs a line tracer that raises `TimeBudgetExceeded` once the budget is spent; `disarm` removes it. Tracing costs
little next to the code itself, and it catches loops that never call a function (`while True: pass`).

The engine never runs the learner's code itself (nothing in this package calls eval or exec): the worker runs it with
Pyodide's own runPythonAsync, between `begin(seconds)`, which captures stdout and arms the budget, and `end(error)`,
which puts both back and returns what was printed.
"""

from __future__ import annotations

import io
import json
import sys
import time
from types import FrameType
from typing import Any

CHECK_EVERY = 1000  # line events between clock reads


class TimeBudgetExceeded(Exception):
    """Raised inside the learner's code when it has run for longer than its budget."""


def arm(seconds: float) -> None:
    """Start the clock: from now on, code running longer than `seconds` is stopped with TimeBudgetExceeded."""
    deadline = time.monotonic() + seconds
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any):  # noqa: ANN202 - the tracing protocol's shape
        nonlocal count
        if event == "line":
            count += 1
            if count % CHECK_EVERY == 0 and time.monotonic() > deadline:
                disarm()
                raise TimeBudgetExceeded(
                    f"stopped after {seconds:g} seconds: the code was still running. Look for a loop that never ends."
                )
        return tracer

    sys.settrace(tracer)


def disarm() -> None:
    sys.settrace(None)


class _Listing:
    """What one run changed, to put back: the interpreter's stdout and tracer, and what the code printed."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        self.stdout = sys.stdout
        self.tracer = sys.gettrace()


_running: _Listing | None = None


def begin(seconds: float) -> None:
    """Before a learner's code runs: what it prints goes to a capture, and it is stopped after `seconds`."""
    global _running
    if _running is not None:  # a run that never reached end() (its worker call was cut short): put it back first
        end(None)
    _running = _Listing()
    sys.stdout = _running.out
    arm(seconds)


def end(error: str | None) -> str:
    """After it ran (`error`: the last line of what it raised, or None): the budget disarmed, stdout put back, and the
    JSON text {"stdout": str, "error": str | null}."""
    global _running
    listing, _running = _running, None
    if listing is None:
        return json.dumps({"stdout": "", "error": error})
    sys.settrace(listing.tracer)  # disarmed
    sys.stdout = listing.stdout
    return json.dumps({"stdout": listing.out.getvalue(), "error": error})
