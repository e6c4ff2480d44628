"""Floating-point helpers that never raise.

Pure Python is stricter than IEEE 754: ``math.exp(1000)`` raises OverflowError, ``1.0 / 0.0`` raises
ZeroDivisionError, ``math.log(0)`` raises ValueError and ``(-8.0) ** (1/3)`` quietly returns a complex number. A
teaching page must never crash on a slider position, so every function here returns what IEEE arithmetic (and PyTorch)
would: ``inf``, ``-inf`` or ``nan``. The engine shows such values and flags them; it does not hide them.

Finite arguments go to libm.py, which rounds correctly and identically on every platform (the C libraries behind
``math`` differ in the last bit between CPython on Linux and Pyodide); the special values are decided here.
"""

from __future__ import annotations

import math
from functools import lru_cache

from . import libm

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
    # single IEEE operations are correctly rounded already: the commonest powers need no libm
    if b == 2.0:
        return a * a
    if b == 1.0:
        return a
    if math.isfinite(a) and math.isfinite(b) and a != 0.0 and b != 0.0:
        if a > 0.0:
            return libm.power(a, b)
        if b.is_integer():  # a negative base to an integer power: the sign comes from the parity of b
            magnitude = libm.power(-a, b)
            return -magnitude if _is_odd_integer(b) else magnitude
        return NAN  # negative base, non-integer exponent: no real answer
    try:
        return math.pow(a, b)  # zeros, infinities, nan: exact rules of C's pow, the same everywhere
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
    if math.isfinite(a):
        return libm.exp(a)  # beyond 709.78 the correctly rounded result is inf
    return a if a != -INF else 0.0  # inf -> inf, nan -> nan


def log(a: float) -> float:
    """Natural log: log(0) = -inf, log(negative) = nan."""
    if a > 0.0:
        return libm.log(a) if a != INF else INF
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
    return libm.sin(a) if math.isfinite(a) else NAN


def cos(a: float) -> float:
    """cos; cos(+-inf) = nan instead of ValueError."""
    return libm.cos(a) if math.isfinite(a) else NAN


def tanh(a: float) -> float:
    """tanh; tanh(+-inf) = +-1."""
    if a != a:
        return NAN
    return libm.tanh(a) if math.isfinite(a) else math.copysign(1.0, a)


def sigmoid(a: float) -> float:
    """1 / (1 + e^-a), never overflowing: sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0 exactly.

    In plain floats the formula must be split (for a < 0, e^a / (1 + e^a)) because e^-a overflows; libm evaluates it
    in decimal, where e^1000 is an ordinary number, and rounds once at the end.
    """
    if a != a:
        return NAN
    if not math.isfinite(a):
        return 1.0 if a > 0 else 0.0
    return libm.sigmoid(a)


def relu(a: float) -> float:
    """max(0, a) as PyTorch computes it: a negative number gives 0; +-0 and nan pass through unchanged (relu(-0.0)
    is -0.0, so 1/relu(-0.0) is -inf there too)."""
    return 0.0 if a < 0.0 else a


# Kept for the numbers last used: every constant in a graph is labelled with its text, and repr() of a float costs
# as much as the rest of making the constant. typed: 10**20 and 1e20 are equal but written differently.
@lru_cache(maxsize=256, typed=True)
def number_text(x: float) -> str:
    """Short text for a number used as a constant's label: 3 -> "3", 3.0 -> "3", 0.5 -> "0.5"."""
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)
