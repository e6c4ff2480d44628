"""The expression playground: any expression the language allows, its graph, and each gradient next to a
finite-difference estimate, so a learner can check the chain rule against the plain definition of a derivative."""

from __future__ import annotations

from typing import Any

from .expr import ExpressionError, variables
from .inputs import variable_values
from .jsonsafe import json_safe, to_json_number
from .numerics import is_finite
from .trace import evaluate, trace

DEFAULT_EXPRESSION = "sin(x*y) + x**2"
MAX_VARIABLES = 8


def _output(expression: str, values: dict[str, float]) -> float:
    value = evaluate(expression, values)  # forward only: no gradient, no chain rule
    return value if is_finite(value) else float("nan")  # a difference of infinities estimates nothing


def finite_difference(expression: str, values: dict[str, float], name: str) -> float:
    """Centred difference (f(x + h) - f(x - h)) / 2h, with h scaled to the size of x so it stays well above the
    float spacing: the textbook definition of the derivative, evaluated, with no chain rule involved."""
    h = 1e-6 * max(1.0, abs(values[name]))
    up = dict(values, **{name: values[name] + h})
    down = dict(values, **{name: values[name] - h})
    return (_output(expression, up) - _output(expression, down)) / (2 * h)


def playground(expr: str = DEFAULT_EXPRESSION, values: dict[str, Any] | None = None) -> dict:
    """Trace of `expr` (nodes, edges, steps: see trace) plus, per variable, the engine's gradient and a centred
    finite-difference estimate of it. Variables without a value get 1 and are listed under "missing"."""
    names = variables(expr)
    if len(names) > MAX_VARIABLES:
        raise ExpressionError(f"at most {MAX_VARIABLES} variables, so each can have a slider; this has {len(names)}")
    given, missing = variable_values(expr, values)
    result = trace(expr, **given)
    checks = []
    for node in result["nodes"]:
        if node["kind"] != "input":
            continue
        estimate = finite_difference(expr, given, node["label"])
        checks.append({
            "name": node["label"],
            "value": given[node["label"]],
            "grad": node["grad"],
            "finite_difference": to_json_number(estimate),
            # engine minus estimate: tiny where the function is smooth, large at a kink or a pole
            "difference": to_json_number(node["grad"] - estimate) if isinstance(node["grad"], float) else None,
            "finite": is_finite(estimate),
        })
    result["missing"] = missing
    result["checks"] = checks
    return json_safe(result)
