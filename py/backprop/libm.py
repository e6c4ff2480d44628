"""Elementary functions that give the same bits in CPython and in Pyodide.

`math.sin` calls the platform's C library: glibc on Linux, musl in Pyodide's WebAssembly build. They disagree in the
last bit for a few percent of arguments (sin, cos and tanh most often; exp and pow now and then), so a page computing
in Pyodide and a build computing in CPython would print different full-precision numbers. Here each function is
evaluated in `decimal` with 40 significant digits, which is the same arbitrary-precision code (libmpdec) on every
platform, then rounded once to the nearest float. The result is the correctly rounded value except in cases so close
to a rounding boundary that 40 digits cannot decide them, and it is identical everywhere.

Special values (overflow, log of 0, nan) are the callers' business (numerics.py); these take finite floats.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from functools import lru_cache

DIGITS = 40  # working precision; a float needs 17 significant digits, the rest absorb rounding in the series
_HUGE_RANGE = {"Emax": decimal.MAX_EMAX, "Emin": decimal.MIN_EMIN, "traps": []}


def _context(digits: int = DIGITS) -> decimal.Context:
    return decimal.Context(prec=digits, **_HUGE_RANGE)


@lru_cache(maxsize=8)
def _pi(digits: int) -> Decimal:
    """pi to `digits` significant digits, from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239)."""
    with decimal.localcontext(_context(digits + 10)):

        def atan_inverse(n: int) -> Decimal:
            # atan(1/n) = sum over k of (-1)^k / ((2k + 1) n^(2k + 1))
            total, power, k = Decimal(0), 1 / Decimal(n), 0
            while power.adjusted() >= -(digits + 12):
                term = power / (2 * k + 1)
                total = total + term if k % 2 == 0 else total - term
                power /= n * n
                k += 1
            return total

        value = 16 * atan_inverse(5) - 4 * atan_inverse(239)
    return _context(digits).plus(value)


def _reduce(x: Decimal) -> Decimal:
    """x minus the nearest multiple of 2 pi, so the result lies in [-pi, pi]; pi carries as many extra digits as x
    has before its point, so nothing is lost even for x near 1e308."""
    digits = DIGITS + max(x.adjusted(), 0) + 5
    with decimal.localcontext(_context(digits)):
        two_pi = 2 * _pi(digits)
        turns = (x / two_pi).to_integral_value(rounding=decimal.ROUND_HALF_EVEN)
        return x - turns * two_pi


def _series(first: Decimal, x2: Decimal, denominators) -> Decimal:  # noqa: ANN001
    """first - first x2 / d1 + first x2^2 / (d1 d2) - ...: the alternating Taylor series of sin and cos."""
    total = term = first
    for k in denominators:
        term = -term * x2 / k
        if not term or term.adjusted() < total.adjusted() - DIGITS - 3:
            return total
        total += term
    return total


def _sin_reduced(r: Decimal) -> Decimal:
    # sin r = r - r^3/3! + r^5/5! - ...
    with decimal.localcontext(_context(DIGITS + 5)):
        return _series(r, r * r, ((2 * k) * (2 * k + 1) for k in range(1, 200)))


def _cos_reduced(r: Decimal) -> Decimal:
    # cos r = 1 - r^2/2! + r^4/4! - ...
    with decimal.localcontext(_context(DIGITS + 5)):
        return _series(Decimal(1), r * r, ((2 * k - 1) * (2 * k) for k in range(1, 200)))


def sin(x: float) -> float:
    if x == 0.0:  # sin(+-0) = +-0, as IEEE and PyTorch have it: decimal's series would lose the sign of -0
        return x
    r = _reduce(Decimal(x))
    with decimal.localcontext(_context(DIGITS + 10)):
        pi = _pi(DIGITS + 10)
        if abs(r) > 1:  # sin r = sin(pi - r): a small argument keeps full relative precision near +-pi
            r = (pi - r) if r > 0 else (-pi - r)
    return float(_sin_reduced(r))


def cos(x: float) -> float:
    r = _reduce(Decimal(x)).copy_abs()  # cos is even; copy_abs, unlike abs(), never rounds
    if 1 < r < 2:  # near pi/2, where cos crosses zero: cos r = sin(pi/2 - r) keeps the small result exact
        with decimal.localcontext(_context(DIGITS + 10)):
            return float(_sin_reduced(_pi(DIGITS + 10) / 2 - r))
    return float(_cos_reduced(r))


def exp(x: float) -> float:
    return float(_context().exp(Decimal(x)))


def log(x: float) -> float:
    return float(_context().ln(Decimal(x)))


def power(a: float, b: float) -> float:
    """a ** b for a > 0 (the caller handles zero, negative bases and integer exponents of negative bases)."""
    return float(_context().power(Decimal(a), Decimal(b)))


def sigmoid(x: float) -> float:
    # 1 / (1 + e^-x): in decimal the exponential cannot overflow, so one formula serves every x.
    # Near 0, sigmoid(x) = 1/2 + x/4 - x^3/48 can sit a hair from a rounding midpoint of floats near 1/2; only the
    # cubic term decides, so small |x| gets two extra digits per decade it lies below 1.
    if abs(x) < 1e-30:  # x/4 is then far below half a unit in the last place of 0.5
        return 0.5
    d = Decimal(x)
    with decimal.localcontext(_context(DIGITS + 2 * max(0, -d.adjusted()))):
        return float(1 / (1 + (-d).exp()))


def tanh(x: float) -> float:
    if abs(x) > 20:  # 1 - tanh(20) < 1e-17, below half the gap between 1.0 and the float beneath it
        return math.copysign(1.0, x)
    d = Decimal(x)
    with decimal.localcontext(_context(DIGITS + 5)):
        if abs(d) >= 1:
            t = (2 * d).exp()
            return float((t - 1) / (t + 1))
        # small |x|: e^2x - 1 would cancel; sinh and cosh from their series keep every digit
        x2 = d * d
        sinh = s_term = d
        cosh = c_term = Decimal(1)
        for k in range(1, 200):
            s_term = s_term * x2 / ((2 * k) * (2 * k + 1))
            c_term = c_term * x2 / ((2 * k - 1) * (2 * k))
            if not s_term or s_term.adjusted() < sinh.adjusted() - DIGITS - 3:
                break
            sinh += s_term
            cosh += c_term
        return float(sinh / cosh)
