"""backprop.libm against mpmath at 300 bits: every result is the correctly rounded float, and special arguments
(huge, tiny, next to multiples of pi/2) do not lose digits. The same code then gives the same bits in Pyodide."""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import libm, numerics

mpmath.mp.prec = 300

REFERENCE = {
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tanh": mpmath.tanh,
    "exp": mpmath.exp,
    "log": mpmath.log,
    "sigmoid": lambda v: 1 / (1 + mpmath.exp(-v)),
}


def correctly_rounded(name: str, x: float) -> float:
    return float(REFERENCE[name](mpmath.mpf(x)))


finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-700, max_value=700, allow_nan=False)
positive = st.floats(min_value=5e-324, max_value=1.7e308, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(finite)
def test_sin_cos_tanh_correctly_rounded_anywhere(x):
    for name in ("sin", "cos", "tanh"):
        assert getattr(libm, name)(x) == correctly_rounded(name, x), (name, x)


@settings(max_examples=300, deadline=None)
@given(moderate)
def test_exp_and_sigmoid_correctly_rounded(x):
    assert libm.exp(x) == correctly_rounded("exp", x)
    assert libm.sigmoid(x) == correctly_rounded("sigmoid", x)


@settings(max_examples=300, deadline=None)
@given(positive)
def test_log_correctly_rounded(x):
    assert libm.log(x) == correctly_rounded("log", x)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-3, max_value=1e3), st.floats(min_value=-20, max_value=20))
def test_power_correctly_rounded(a, b):
    assert libm.power(a, b) == float(mpmath.mpf(a) ** mpmath.mpf(b))


@pytest.mark.parametrize("x", [math.pi, math.pi / 2, -math.pi / 2, 355.0, 1e22, 1e300, -1e300, 5e-324, 1e-300,
                               6381956970095103.0 * 2.0**797])  # the last: the float closest to a multiple of pi/2
def test_hard_arguments(x):
    for name in ("sin", "cos", "tanh"):
        assert getattr(libm, name)(x) == correctly_rounded(name, x), (name, x)


def test_lesson_value_where_glibc_and_musl_disagree():
    # sin(64) is one of the arguments where Pyodide's C library was one unit in the last place off glibc's
    assert libm.sin(64.0) == correctly_rounded("sin", 64.0) == 0.9200260381967906


def test_the_sign_of_zero_survives_odd_functions():
    """sin, tanh and relu keep the sign of a zero (IEEE 754, and PyTorch): 1/sin(-0.0) is -inf, not inf. Hypothesis
    found sin(-0.0) and relu(-0.0) coming back as +0.0, which turned (sin(-x))**-1 and (relu(-x))**-1 at x = 0 into
    +inf where PyTorch gives -inf."""
    for function in (libm.sin, libm.tanh, numerics.relu):
        assert math.copysign(1.0, function(-0.0)) == -1.0 and math.copysign(1.0, function(0.0)) == 1.0
    assert numerics.relu(-2.0) == 0.0 and math.isnan(numerics.relu(math.nan))  # as torch.relu: nan passes through
