"""Floating-point helpers that never raise.

Pure Python is stricter than IEEE 754: ``math.exp(1000)`` raises OverflowError, ``1.0 / 0.0`` raises
ZeroDivisionError, ``math.log(0)`` raises ValueError and ``(-8.0) ** (1/3)`` quietly returns a complex number. A
teaching page must never crash on a slider position, so every function here returns what IEEE arithmetic (and PyTorch)
would: ``inf``, ``-inf`` or ``nan``. The engine shows such values and flags them; it does not hide them.
"""

from __future__ import annotations

import math

__all__ = [
    "INF",
    "NAN",
    "is_finite",
    "div",
    "power",
    "power_exponent_local",
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "tanh",
    "sigmoid",
    "relu",
    "to_float",
    "number_text",
]

INF = math.inf
NAN = math.nan

is_finite = math.isfinite


def to_float(x: float) -> float:
    """``float(x)``, except that an int too large for a float becomes +-inf instead of raising OverflowError."""
    try:
        return float(x)
    except OverflowError:
        return INF if x > 0 else -INF


def div(a: float, b: float) -> float:
    """a / b with IEEE semantics: x/0 is +-inf (sign of x times sign of the zero), 0/0 and nan/0 are nan."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0.0 or a != a:
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)


def _is_odd_integer(b: float) -> bool:
    return math.isfinite(b) and b.is_integer() and int(b) % 2 == 1


def power(a: float, b: float) -> float:
    """a ** b as C's pow(): overflow gives +-inf, 0 to a negative power gives +-inf, a negative base to a
    non-integer power gives nan (never a complex number)."""
    try:
        return math.pow(a, b)
    except OverflowError:
        return -INF if (a < 0.0 and _is_odd_integer(b)) else INF
    except ValueError:
        if a == 0.0:  # a pole: 0 ** (negative)
            return math.copysign(INF, a) if _is_odd_integer(b) else INF
        return NAN  # negative base, non-integer exponent: no real answer


def power_exponent_local(a: float, out: float, b: float) -> float:
    """d(a**b)/db = a**b * ln a, with PyTorch's convention that it is 0 where a == 0 and b >= 0."""
    if a == 0.0 and b >= 0.0:
        return 0.0
    return out * log(a)


def exp(a: float) -> float:
    """e ** a; overflow gives inf."""
    try:
        return math.exp(a)
    except OverflowError:
        return INF


def log(a: float) -> float:
    """Natural log: log(0) = -inf, log(negative) = nan."""
    if a > 0.0:
        return math.log(a)
    if a == 0.0:
        return -INF
    return NAN  # negative or nan


def sqrt(a: float) -> float:
    """Square root: sqrt(negative) = nan."""
    if a >= 0.0:
        return math.sqrt(a)
    return NAN  # negative or nan


def sin(a: float) -> float:
    """sin; sin(+-inf) = nan instead of ValueError."""
    try:
        return math.sin(a)
    except ValueError:
        return NAN


def cos(a: float) -> float:
    """cos; cos(+-inf) = nan instead of ValueError."""
    try:
        return math.cos(a)
    except ValueError:
        return NAN


def tanh(a: float) -> float:
    """tanh (math.tanh never raises: tanh(+-inf) = +-1)."""
    return math.tanh(a)


def sigmoid(a: float) -> float:
    """1 / (1 + e^-a), evaluated so that exp never overflows.

    For a >= 0, e^-a <= 1, so 1 / (1 + e^-a) is safe. For a < 0 the same value is e^a / (1 + e^a), and there e^a < 1.
    sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0 exactly, with no overflow on the way.
    """
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    t = math.exp(a)  # a < 0 or nan: cannot overflow
    return t / (1.0 + t)


def relu(a: float) -> float:
    """max(0, a); nan passes through, as in PyTorch."""
    return 0.0 if a <= 0.0 else a


def number_text(x: float) -> str:
    """Short text for a number used as a constant's label: 3 -> "3", 3.0 -> "3", 0.5 -> "0.5"."""
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)
