"""Reading a widget's settings: step counts, seeds, learning rates, model names and lists of numbers.

A setting the engine will not take is refused with a SettingError (py/backprop/errors.py) whose words say what to
give instead; the page shows it where the learner is looking. Expressions are refused elsewhere, as ExpressionError.
"""

from __future__ import annotations

from typing import Any, Collection

from .errors import ExpressionError, SettingError
from .inputs import number


def setting(value: Any, name: str, example: str = "0.4") -> float:
    """A finite float from a number or from text such as " 0.4 " (see inputs.number), refused as a SettingError."""
    try:
        return number(value, name, example)
    except ExpressionError as error:
        raise SettingError(error.reason) from None


def show(x: float) -> str:
    """A number as a message quotes it: whole numbers without ".0"."""
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


def whole(value: Any, name: str, low: int, high: int, example: str) -> int:
    """A whole number from `low` to `high` (inclusive)."""
    x = setting(value, name, example)
    if x != int(x) or not low <= x <= high:
        raise SettingError(f"{name} must be a whole number from {low} to {high}, not {show(x)}")
    return int(x)


def choice(value: Any, name: str, choices: Collection[str], described: str) -> str:
    """One of `choices`; `described` lists them for the message, e.g. "'single' or 'mlp'"."""
    if not isinstance(value, str) or value not in choices:
        raise SettingError(f"{name} must be {described}, not {str(value)[:20]!r}")
    return value


def numbers(value: Any, name: str) -> list[float]:
    """A list of numbers from a list or from text like "0.8, -0.4, 1.2"."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    if not items or (len(items) == 1 and str(items[0]).strip() == ""):
        raise SettingError(f"{name} is empty: give numbers separated by commas, such as 0.8, -0.4, 1.2")
    return [setting(item, f"{name}[{i + 1}]") for i, item in enumerate(items)]


def switch(value: Any) -> bool:
    """An on/off switch from True/False/None or from a boolean attribute's text: present is on, whatever it says,
    except "false" and "off" (as the page reads it, web/js/attributes.js)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    return str(value).strip().lower() not in ("false", "off")
