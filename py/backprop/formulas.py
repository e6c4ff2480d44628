"""The local derivatives as display text, such as "2u" or "cos v", written in terms of the parents' labels.

value.py states each primitive's display formula next to its code, through ``shown_as``; this module holds the
registry and the small rules of typesetting those formulas share (when an operand needs parentheses, how a number is
written, the minus sign).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, TypeVar

from .numerics import number_text

if TYPE_CHECKING:
    from .value import Value

__all__ = ["MINUS", "FORMULAS", "shown_as", "operand", "power_rule", "sigmoid_rule"]

MINUS = "\u2212"  # the typographic minus sign used in formulas

# op name -> the local derivatives as text, from the node's parents (one text per parent; a bare str for one parent)
FORMULAS: dict[str, Callable[..., str | tuple[str, ...]]] = {}

Method = TypeVar("Method", bound=Callable)


def shown_as(op: str, formula: Callable[..., str | tuple[str, ...]]) -> Callable[[Method], Method]:
    """Record how the operation `op` writes its local derivatives; the method it decorates is returned unchanged."""
    def register(method: Method) -> Method:
        FORMULAS[op] = formula
        return method
    return register


def operand(v: Value, letter: str = "u") -> str:
    """A parent's label as an operand (`letter` when it has none): bare if it is one name or a non-negative number,
    else in parentheses."""
    label = v.label or letter
    if label.isidentifier() or label.replace(".", "", 1).isdigit():
        return label
    return f"({label})"


def _times(coefficient: str, factor: str) -> str:
    """Juxtapose a coefficient and a factor ("2u"), with a dot when the factor starts with a digit ("2·3")."""
    if coefficient == "1":
        return factor
    joiner = "\u00b7" if factor[:1].isdigit() or factor[:1] == "." else ""
    return f"{coefficient}{joiner}{factor}"


def _text(x: float) -> str:
    return number_text(x).replace("-", MINUS)


def power_rule(base: Value, exponent: Value) -> tuple[str, str]:
    """d(a^b)/da and d(a^b)/db as text. A constant exponent is written with numbers: 2u, 3u^2, 0.5u^-0.5."""
    a, b = operand(base, "a"), operand(exponent, "b")
    if exponent.op == "" and not exponent.requires_grad and math.isfinite(exponent.data):
        c = exponent.data
        if c == 0.0:
            d_base = "0"
        elif c == 1.0:
            d_base = "1"
        elif c == 2.0:
            d_base = _times("2", a)
        else:
            d_base = _times(_text(c), f"{a}^{_text(c - 1.0)}")
    else:
        d_base = f"{b}\u00b7{a}^({b}{MINUS}1)"
    return d_base, f"{a}^{b}\u00b7ln {a}"


def sigmoid_rule(u: Value) -> str:
    """σ(u)(1−σ(u)): the label goes inside σ's own parentheses, so it needs none of its own."""
    label = u.label or "u"
    return f"\u03c3({label})(1{MINUS}\u03c3({label}))"
