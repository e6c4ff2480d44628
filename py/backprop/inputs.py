"""Reading what people type: attributes, inputs and URL hashes arrive as text, and a number that is not a finite
float is refused with a message that says what to type instead (a SettingError, an InputError like a refused
expression, so every widget shows it the same way, where the learner is looking)."""

from __future__ import annotations

import math
from typing import Any

from .errors import SettingError
from .expr import variables


def number(value: Any, name: str, example: str = "0.4") -> float:
    """A finite float from a number or from text such as " 0.4 "; anything else raises SettingError."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SettingError(f"{name} must be a number such as {example}")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise SettingError(f"{name} is empty: type a number such as {example}")
        try:
            value = float(text)
        except ValueError:
            raise SettingError(f"{name} must be a number such as {example}, not {text[:40]!r}") from None
    result = float(value)
    if not math.isfinite(result):
        raise SettingError(f"{name} must be a finite number, not {result}")
    return result


def variable_values(expr: str, values: dict[str, Any] | None) -> tuple[dict[str, float], list[str]]:
    """A value for every variable of `expr`, read from `values` (attributes named after the variables); a variable
    with none gets 1 and is listed second, so the widget can say which ones it filled in.

    HTML lowercases attribute names, so a variable X arrives as x="2": a name not found as it is, is looked up in
    lower case. Two variables that differ only in capitals (x and X) would then be one attribute, so they are refused.

    Raises ExpressionError for an expression the language refuses, SettingError for a value or an attribute clash.
    """
    values = values or {}
    names = variables(expr)
    first: dict[str, str] = {}
    for name in names:
        other = first.setdefault(name.lower(), name)
        if other != name:
            raise SettingError(f"{other} and {name} differ only in capitals, and attribute names ignore capitals, "
                                  "so one value would set both: rename one of them")
    given: dict[str, float] = {}
    missing = []
    for name in names:
        key = name if name in values else name.lower()
        if key in values and str(values[key]).strip() != "":
            given[name] = number(values[key], name)
        else:
            given[name] = 1.0
            missing.append(name)
    return given, missing
