"""backprop.sandbox: a learner's endless loop is stopped, ordinary code is left alone, and what a listing prints is
captured between begin() and end(), with the interpreter's stdout and tracer put back. (The code itself is run by the
worker with Pyodide's runPythonAsync; here a test stands in for it.)"""

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


def test_begin_and_end_capture_exactly_what_is_printed_and_put_stdout_back():
    stdout, tracer = sys.stdout, sys.gettrace()
    sandbox.begin(5)
    print("a")
    print()
    print("b", end="")
    result = json.loads(sandbox.end(None))
    assert result == {"stdout": "a\n\nb", "error": None}
    assert sys.stdout is stdout and sys.gettrace() is tracer


def test_an_endless_listing_is_stopped_and_its_error_and_output_come_back():
    stdout, tracer = sys.stdout, sys.gettrace()
    sandbox.begin(0.2)
    print("start")
    with pytest.raises(sandbox.TimeBudgetExceeded) as stopped:
        endless()
    result = json.loads(sandbox.end(f"TimeBudgetExceeded: {stopped.value}"))
    assert result["stdout"] == "start\n" and "stopped after 0.2 seconds" in result["error"]
    assert sys.stdout is stdout and sys.gettrace() is tracer


def test_a_run_that_never_ended_is_put_back_by_the_next():
    stdout = sys.stdout
    sandbox.begin(5)
    print("lost")  # its worker call was cut short: no end()
    sandbox.begin(5)
    print("kept")
    assert json.loads(sandbox.end(None)) == {"stdout": "kept\n", "error": None}
    assert sys.stdout is stdout
    assert json.loads(sandbox.end("late")) == {"stdout": "", "error": "late"}  # an end with no run: nothing captured
