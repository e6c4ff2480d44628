"""Reading what people type: attributes, inputs and URL hashes arrive as text, and a number that is not a finite
float is refused with a message that says what to type instead (an ExpressionError, so every widget shows it the
same way, where the learner is looking)."""

from __future__ import annotations

import math
from typing import Any

from .expr import ExpressionError, variables


def number(value: Any, name: str, example: str = "0.4") -> float:
    """A finite float from a number or from text such as " 0.4 "; anything else raises ExpressionError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ExpressionError(f"{name} must be a number such as {example}")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ExpressionError(f"{name} is empty: type a number such as {example}")
        try:
            value = float(text)
        except ValueError:
            raise ExpressionError(f"{name} must be a number such as {example}, not {text[:40]!r}") from None
    result = float(value)
    if not math.isfinite(result):
        raise ExpressionError(f"{name} must be a finite number, not {result}")
    return result


def variable_values(expr: str, values: dict[str, Any] | None) -> tuple[dict[str, float], list[str]]:
    """A value for every variable of `expr`, read from `values` (attributes named after the variables); a variable
    with none gets 1 and is listed second, so the widget can say which ones it filled in."""
    values = values or {}
    given: dict[str, float] = {}
    missing = []
    for name in variables(expr):
        if name in values and str(values[name]).strip() != "":
            given[name] = number(values[name], name)
        else:
            given[name] = 1.0
            missing.append(name)
    return given, missing
