"""The one door between the page and the engine.

The worker hands `handle` a JSON text {"fn": name, "args": {...}} and gets a JSON text back. Passing text, not proxies,
means nothing crosses the JS/Python boundary that would need destroying, so a page can call this a million times
without leaking. This is the only module written for Pyodide; it needs neither `js` nor `pyodide.ffi` because text is
all it exchanges.
"""

from __future__ import annotations

import json
from typing import Any

from .expr import ExpressionError
from .widgets import FUNCTIONS


def _error(kind: str, message: str, column: int | None = None) -> str:
    return json.dumps({"ok": False, "error": {"type": kind, "message": message, "column": column}})


def handle(request: str) -> str:
    """Run one widget call. Never raises: a refusal comes back as {"ok": false, "error": {...}}."""
    try:
        call: Any = json.loads(request)
        name = call["fn"]
        args = call.get("args") or {}
        function = FUNCTIONS[name]
    except (ValueError, KeyError, TypeError):
        return _error("BadRequest", f"not a widget call: {request[:80]!r}")
    try:
        result = function(**args)
        return json.dumps({"ok": True, "result": result}, allow_nan=False)
    except ExpressionError as error:
        return _error("ExpressionError", str(error), getattr(error, "column", None))
    except ValueError as error:  # StepOrderError and other refusals the engine explains itself
        return _error(type(error).__name__, str(error))
    except TypeError as error:
        return _error("BadRequest", f"{name}: {error}")
    except Exception as error:  # the page must get an answer, whatever went wrong
        return _error(type(error).__name__, f"the engine failed: {error}")
