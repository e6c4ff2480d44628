"""Running code a learner wrote, in the page's one interpreter, within a time budget.

The page's interpreter also serves every widget, so a listing that loops forever must not take it down. `arm`
installs a line tracer that raises `TimeBudgetExceeded` once the budget is spent; `disarm` removes it. Tracing costs
little next to the code itself, and it catches loops that never call a function (`while True: pass`). `run` is what
the page calls: fresh globals, stdout captured, the budget armed, and one line of error a learner can act on.
"""

from __future__ import annotations

import ast
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


def last_line(error: BaseException) -> str:
    """The last line of the error's traceback ("NameError: name 'x' is not defined"): the part a learner can act on."""
    import traceback  # only when something failed

    return "".join(traceback.format_exception_only(error)).strip().split("\n")[-1]


async def run(code: str, seconds: float) -> str:
    """Run `code` as a listing: in fresh globals (a learner's earlier cell cannot change what a listing prints), what
    it prints captured, stopped after `seconds`. Top-level `await` is allowed, as at Python's own prompt. Returns the
    JSON text {"stdout": str, "error": str | null}; never raises, whatever the code does."""
    out = io.StringIO()
    error = None
    saved, tracing = sys.stdout, sys.gettrace()
    sys.stdout = out
    arm(seconds)
    try:
        compiled = compile(code, "<exec>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        pending = eval(compiled, {})  # a coroutine when the code awaits, else None
        if pending is not None:
            await pending
    except BaseException as caught:  # noqa: BLE001 - SystemExit and the rest are the learner's to see, not ours
        error = last_line(caught)
    finally:
        sys.settrace(tracing)  # disarmed
        sys.stdout = saved
    return json.dumps({"stdout": out.getvalue(), "error": error})
