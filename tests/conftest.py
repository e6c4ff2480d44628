"""Shared test helpers: a Hypothesis strategy for random expression text, and a centred finite-difference oracle.

Imported by the engine tests as ``from tests.conftest import ...`` (tests/ is a package; the repo root is on sys.path).
"""

from __future__ import annotations

import math
from typing import Callable

from hypothesis import reject
from hypothesis import strategies as st

from backprop import ExpressionError, trace

FUNCTION_NAMES = ("sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu")
VARIABLES = ("x", "y", "z")

_numbers = st.sampled_from(["0.5", "1", "2", "3", "1.5", "0.25", "4", "10"])
_leaves = st.one_of(
    st.sampled_from(VARIABLES),
    st.sampled_from(VARIABLES),
    _numbers,
    st.sampled_from(["pi", "e"]),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, st.sampled_from(["2", "3", "0.5", "-1", "1.5"])).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(children, children).map(lambda t: f"({t[0]})**({t[1]})"),
        st.tuples(st.sampled_from(FUNCTION_NAMES), children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"-({c})"),
        children.map(lambda c: f"+{c}"),
    )


# always at least one operation; up to about a dozen leaves
expressions: st.SearchStrategy[str] = _extend(st.recursive(_leaves, _extend, max_leaves=12))

variable_values = st.fixed_dictionaries(
    {name: st.floats(min_value=-2.0, max_value=2.0, allow_nan=False) for name in VARIABLES}
)


def centred_difference(f: Callable[[float], float], x: float, h: float) -> float:
    """Centred finite difference with one Richardson step: error O(h^4) instead of O(h^2)."""
    d1 = (f(x + h) - f(x - h)) / (2 * h)
    d2 = (f(x + h / 2) - f(x - h / 2)) / h
    return (4 * d2 - d1) / 3


def relative_error(a: float, b: float, floor: float = 1e-2) -> float:
    """|a - b| relative to the larger magnitude, with a floor so that gradients near zero are compared absolutely."""
    return abs(a - b) / max(abs(a), abs(b), floor)


def is_finite_number(x: object) -> bool:
    return isinstance(x, float) and math.isfinite(x)


def trace_generated(expression: str, values: dict[str, float]) -> dict:
    """trace() a generated expression; the generator can build a constant exponent beyond the parser's limit
    (e.g. 2**(10**10)), which is refused by design: such examples are discarded, any other error propagates."""
    try:
        return trace(expression, **values)
    except ExpressionError as err:
        if "exponent" in str(err) and "too large" in str(err):
            reject()
        raise
