"""backprop.sandbox: a learner's endless loop is stopped, and ordinary code is left alone."""

from __future__ import annotations

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
