"""backprop.sandbox: a learner's endless loop is stopped, and ordinary code is left alone."""

from __future__ import annotations

import json
import sys
import time

import pytest

from backprop import sandbox


def endless() -> None:
    while True:
        pass


def test_endless_loop_is_stopped_close_to_its_budget():
    start = time.monotonic()
    sandbox.arm(0.3)
    try:
        with pytest.raises(sandbox.TimeBudgetExceeded, match="stopped after 0.3 seconds"):
            endless()
    finally:
        sandbox.disarm()
    assert 0.3 <= time.monotonic() - start < 2.0


def test_code_within_budget_runs_to_completion():
    sandbox.arm(5)
    try:
        total = sum(i * i for i in range(10_000))
    finally:
        sandbox.disarm()
    assert total == 333283335000


def ran(code: str, seconds: float = 5) -> dict:
    """sandbox.run to its end, without an event loop (Pyodide's cannot be run from Python): asyncio.sleep(0) only
    yields, and nothing else here awaits."""
    running = sandbox.run(code, seconds)
    try:
        while True:
            running.send(None)
    except StopIteration as done:
        return json.loads(done.value)


def test_run_captures_exactly_what_the_code_prints():
    assert ran("print('a')\nprint()\nprint('b', end='')") == {"stdout": "a\n\nb", "error": None}


def test_run_gives_fresh_globals_and_the_last_line_of_an_error():
    ran("leftover = 1")
    result = ran("print('before')\nprint(leftover)")
    assert result == {"stdout": "before\n", "error": "NameError: name 'leftover' is not defined"}
    assert ran("x = (")["error"].startswith("SyntaxError: ")
    assert ran("raise SystemExit(3)")["error"] == "SystemExit: 3"


def test_run_stops_an_endless_loop_and_leaves_stdout_and_tracing_as_they_were():
    stdout, tracer = sys.stdout, sys.gettrace()
    result = ran("print('start')\nwhile True:\n    pass", seconds=0.2)
    assert result["stdout"] == "start\n"
    assert "stopped after 0.2 seconds" in result["error"]
    assert sys.stdout is stdout and sys.gettrace() is tracer


def test_run_allows_top_level_await():
    assert ran("import asyncio\nawait asyncio.sleep(0)\nprint(6 * 7)") == {"stdout": "42\n", "error": None}
