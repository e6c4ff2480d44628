"""A time budget for code a learner runs in the page.

The page's one interpreter also serves every widget, so a listing that loops forever must not take it down. `arm`
installs a line tracer that raises `TimeBudgetExceeded` once the budget is spent; `disarm` removes it. Tracing costs
little next to the code itself, and it catches loops that never call a function (`while True: pass`).
"""

from __future__ import annotations

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
