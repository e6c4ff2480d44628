"""backprop: a small reverse-mode autodiff engine that records every step of the chain rule, for teaching.

Standard library only; runs unchanged in CPython 3.11+ and in Pyodide.

    from backprop import Value, trace
    x = Value(0.4, "x")
    L = ((3 * x + 2) ** 2).sin()
    L.backward()          # x.grad == dL/dx
    trace("sin((3*x + 2)**2)", x=0.4)   # the same, as JSON-able nodes, edges and steps

What it refuses is an InputError: an ExpressionError for an expression, a SettingError for a setting.
"""

from .errors import ExpressionError, InputError, SettingError
from .expr import parse, variables
from .jsonsafe import json_safe, to_json_number
from .trace import Stepper, StepOrderError, trace
from .value import Value, zero_grad
from . import models

__all__ = [
    "Value",
    "zero_grad",
    "trace",
    "Stepper",
    "StepOrderError",
    "InputError",
    "ExpressionError",
    "SettingError",
    "parse",
    "variables",
    "to_json_number",
    "json_safe",
    "models",
]
