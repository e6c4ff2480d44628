"""backprop.playground: the gradients it reports agree with derivatives worked out by hand, and its finite-difference
column is an honest estimate (it tracks the hand-derived values to finite-difference accuracy)."""

from __future__ import annotations

import math

import pytest

from backprop.errors import ExpressionError, SettingError
from backprop.playground import playground


def test_default_expression_against_hand_derivatives():
    x, y = 0.5, 1.5
    result = playground("sin(x*y) + x**2", {"x": "0.5", "y": "1.5"})
    checks = {c["name"]: c for c in result["checks"]}
    by_hand = {"x": math.cos(x * y) * y + 2 * x, "y": math.cos(x * y) * x}
    for name, expected in by_hand.items():
        assert checks[name]["grad"] == pytest.approx(expected, rel=1e-12)
        assert checks[name]["finite_difference"] == pytest.approx(expected, rel=1e-6)


def test_fan_out_variable_sums_its_paths():
    result = playground("(a*b + a)*d", {"a": 2, "b": 3, "d": 4})
    checks = {c["name"]: c["grad"] for c in result["checks"]}
    assert checks == {"a": (3 + 1) * 4, "b": 2 * 4, "d": 2 * 3 + 2}


def test_missing_values_default_to_one_and_are_named():
    result = playground("x*y", {"x": "2"})
    assert result["missing"] == ["y"]
    assert {c["name"]: c["grad"] for c in result["checks"]} == {"x": 1.0, "y": 2.0}


def test_kink_gives_an_honest_disagreement():
    # relu at 0: the engine takes the derivative 0 (as PyTorch does); the centred difference straddles the kink
    result = playground("relu(x)", {"x": 0})
    check = result["checks"][0]
    assert check["grad"] == 0.0
    assert check["finite_difference"] == pytest.approx(0.5)


@pytest.mark.parametrize("expr, values, refusal, fragment", [
    ("x +* y", {}, ExpressionError, "column"),
    ("__import__('os')", {}, ExpressionError, "unknown function"),
    ("x", {"x": "abc"}, SettingError, "x must be a number"),
    ("a+b+c+d+f+g+h+i+j", {}, ExpressionError, "at most 8 variables"),
])
def test_refusals_say_what_was_refused(expr, values, refusal, fragment):
    """What the expression language refuses is an ExpressionError; a variable's value that is not a number is a
    setting the learner gave (SettingError). Both are InputErrors, which the page shows as refusals."""
    with pytest.raises(refusal, match=fragment):
        playground(expr, values)
