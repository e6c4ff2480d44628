"""The one door between the page and the engine: the worker (web/js/worker.js) imports this module and calls its
functions, and nothing else in the engine.

`handle` takes a JSON text {"fn": name, "args": {...}} and gives a JSON text back; `begin_listing` and `end_listing`
stand on either side of a learner's code, which the worker runs with Pyodide's own runPythonAsync (backprop/sandbox.py:
the time budget and what it prints), and `check_exercise` reads what an exercise's code defined, after it ran and
before end_listing (backprop/exercise.py); `tracked_objects` counts what the garbage collector holds, for leak checks. Only text and
numbers cross, so nothing crosses the JS/Python boundary that would need destroying, and a page can call this a
million times without leaking. It needs neither `js` nor `pyodide.ffi`.
"""

from __future__ import annotations

import gc
import json
from typing import Any

from .errors import InputError
from .exercise import check_xor
from .sandbox import begin as begin_listing
from .sandbox import end as end_listing
from .widgets import FUNCTIONS

__all__ = ["begin_listing", "check_exercise", "end_listing", "handle", "tracked_objects"]

# the exercises a cell can ask to be checked (its `exercise` attribute): name -> check(namespace, error) -> verdict
EXERCISES = {"xor": check_xor}


def _error(kind: str, message: str, column: int | None = None) -> str:
    return json.dumps({"ok": False, "error": {"type": kind, "message": message, "column": column}})


def _failure(error: BaseException) -> str:
    """Anything that is not a refusal is the engine's own failure; the page still gets an answer."""
    return _error(type(error).__name__, f"the engine failed: {error}")


def handle(request: str) -> str:
    """Run one widget call. Never raises. The reply is {"ok": true, "result": ...} or {"ok": false, "error": {"type",
    "message", "column"}}: type is the refusal's class (an InputError such as ExpressionError or SettingError, with the
    words to show the learner), "BadRequest" for a request that is not a widget call, or the class of whatever made
    the engine fail."""
    try:
        call: Any = json.loads(request)
        name = call["fn"]
        args = call.get("args") or {}
        function = FUNCTIONS[name]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return _error("BadRequest", f"not a widget call: {str(request)[:80]!r}")
    try:
        result = function(**args)
    except InputError as error:
        return _error(type(error).__name__, str(error), error.column)
    except TypeError as error:
        # raised by the call itself, before the function ran: arguments it does not take
        if error.__traceback__ is not None and error.__traceback__.tb_next is None:
            return _error("BadRequest", f"{name}: {error}")
        return _failure(error)
    except Exception as error:  # noqa: BLE001 - the page must get an answer, whatever went wrong
        return _failure(error)
    try:
        # strict JSON: a non-finite float the engine failed to encode (see jsonsafe.py) is its failure, not a bare NaN
        return json.dumps({"ok": True, "result": result}, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as error:
        return _failure(error)


def check_exercise(name: str, namespace: Any, error: str | None = None) -> str:
    """The verdict on a run of the exercise `name`, as JSON text (see exercise.py): `namespace` is the globals the
    learner's code ran in, `error` the last line of what it raised, or None. Never raises."""
    check = EXERCISES.get(name)
    if check is None:
        return json.dumps({"passed": False, "kind": "error", "message": f"there is no exercise {str(name)[:40]!r}"})
    try:
        # the worker's null arrives as Pyodide's JsNull, not None: anything but text means the code raised nothing
        return json.dumps(check(namespace, error if isinstance(error, str) else None), allow_nan=False)
    except Exception as failure:  # noqa: BLE001 - the page must get a verdict, whatever went wrong
        return json.dumps({"passed": False, "kind": "error", "message": f"the check failed: {failure}"})


def tracked_objects() -> int:
    """How many objects the garbage collector tracks after a collection: grows with anything a call keeps alive."""
    gc.collect()
    return len(gc.get_objects())
