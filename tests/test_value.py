"""Value and numerics: every primitive against centred finite differences, PyTorch-style semantics, edge cases."""

from __future__ import annotations

import gc
import math
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop import Value, zero_grad
from backprop import numerics as num
from tests.conftest import centred_difference, relative_error

INF, NAN = math.inf, math.nan

# ---- every primitive against a centred finite difference --------------------------------------------------------
# Each entry: (name, function of plain floats via Value, input domain (lo, hi), arity).

UNARY = {
    "neg": (lambda a: -a, (-5, 5)),
    "sin": (lambda a: a.sin(), (-5, 5)),
    "cos": (lambda a: a.cos(), (-5, 5)),
    "exp": (lambda a: a.exp(), (-5, 5)),
    "log": (lambda a: a.log(), (0.05, 10)),
    "sqrt": (lambda a: a.sqrt(), (0.05, 10)),
    "tanh": (lambda a: a.tanh(), (-4, 4)),
    "sigmoid": (lambda a: a.sigmoid(), (-8, 8)),
    "relu": (lambda a: a.relu(), (-5, 5)),
    "add-number": (lambda a: a + 2.5, (-5, 5)),
    "radd-number": (lambda a: 2.5 + a, (-5, 5)),
    "sub-number": (lambda a: a - 2.5, (-5, 5)),
    "rsub-number": (lambda a: 2.5 - a, (-5, 5)),
    "mul-number": (lambda a: a * 2.5, (-5, 5)),
    "rmul-number": (lambda a: 2.5 * a, (-5, 5)),
    "div-number": (lambda a: a / 2.5, (-5, 5)),
    "rdiv-number": (lambda a: 2.5 / a, (0.1, 5)),
    "pow-2": (lambda a: a**2, (-5, 5)),
    "pow-3": (lambda a: a**3, (-5, 5)),
    "pow-half": (lambda a: a**0.5, (0.05, 5)),
    "pow-minus-1.5": (lambda a: a**-1.5, (0.1, 5)),
    "rpow": (lambda a: 2.0**a, (-5, 5)),
}
BINARY = {
    "add": (lambda a, b: a + b, (-5, 5), (-5, 5)),
    "sub": (lambda a, b: a - b, (-5, 5), (-5, 5)),
    "mul": (lambda a, b: a * b, (-5, 5), (-5, 5)),
    "div": (lambda a, b: a / b, (-5, 5), (0.1, 5)),
    "pow": (lambda a, b: a**b, (0.1, 4), (-3, 3)),
}


def _graph(out: Value) -> list[Value]:
    seen, stack, nodes = set(), [out], []
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen.add(id(v))
            nodes.append(v)
            stack.extend(v.parents)
    return nodes


def _value_of(fn, *xs: float) -> float:
    return fn(*[Value(x) for x in xs]).data


def _grads(fn, *xs: float) -> list[float]:
    leaves = [Value(x) for x in xs]
    fn(*leaves).backward()
    return [v.grad for v in leaves]


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_unary_primitive_matches_finite_difference(name: str, data: st.DataObject) -> None:
    fn, (lo, hi) = UNARY[name]
    x = data.draw(st.floats(min_value=lo, max_value=hi))
    if name == "relu":
        assume(abs(x) > 1e-3)  # the kink
    (g,) = _grads(fn, x)
    fd = centred_difference(lambda t: _value_of(fn, t), x, 1e-4)
    assert relative_error(g, fd) < 1e-6, (name, x, g, fd)


@pytest.mark.parametrize("name", sorted(BINARY))
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_binary_primitive_matches_finite_difference(name: str, data: st.DataObject) -> None:
    fn, (alo, ahi), (blo, bhi) = BINARY[name]
    a = data.draw(st.floats(min_value=alo, max_value=ahi))
    b = data.draw(st.floats(min_value=blo, max_value=bhi))
    ga, gb = _grads(fn, a, b)
    fda = centred_difference(lambda t: _value_of(fn, t, b), a, 1e-4)
    fdb = centred_difference(lambda t: _value_of(fn, a, t), b, 1e-4)
    assert relative_error(ga, fda) < 1e-6, (name, a, b, ga, fda)
    assert relative_error(gb, fdb) < 1e-6, (name, a, b, gb, fdb)


@given(a=st.floats(-3, 3), b=st.floats(-3, 3), c=st.floats(0.2, 3), ops=st.lists(st.integers(0, 7), min_size=1,
                                                                                  max_size=8))
@settings(max_examples=150, deadline=None)
def test_random_composition_matches_finite_difference(a: float, b: float, c: float, ops: list[int]) -> None:
    """A random chain of smooth operations mixing three inputs; the gradient of each input against finite differences."""

    def f(xa: Value | float, xb: Value | float, xc: Value | float) -> Value:
        xa, xb, xc = (v if isinstance(v, Value) else Value(v) for v in (xa, xb, xc))
        v = xa * xb + xc
        for op in ops:
            if op == 0:
                v = v.sin() * xc
            elif op == 1:
                v = v.tanh() + xa
            elif op == 2:
                v = (v * v + xc).log()
            elif op == 3:
                v = v.sigmoid() * xb - xa
            elif op == 4:
                v = (v * v + 1.0).sqrt() / xc
            elif op == 5:
                v = (v * 0.1).exp() * xa
            elif op == 6:
                v = v.cos() ** 2 + xb
            else:
                v = v * v * xc - v / (1.0 + v * v)
        return v

    xs = [a, b, c]
    leaves = [Value(x) for x in xs]
    out = f(*leaves)
    assume(all(abs(v.data) < 1e6 for v in _graph(out)))  # no overflow on the way (inf * 0 would give nan)
    out.backward()
    for i in range(3):
        def g(t: float, i: int = i) -> float:
            args = list(xs)
            args[i] = t
            return f(*args).data
        fd = centred_difference(g, xs[i], 1e-4)
        fd_coarse = centred_difference(g, xs[i], 2e-4)
        assume(relative_error(fd, fd_coarse) < 1e-8)  # well-conditioned here
        assert relative_error(leaves[i].grad, fd) < 1e-6, (ops, xs, i, leaves[i].grad, fd)


# ---- local derivatives and formulas ----------------------------------------------------------------------------

def test_locals_are_recorded_at_forward_time_with_formulas_in_parent_labels() -> None:
    a, b = Value(2.0, "a"), Value(3.0, "b")
    p = a * b
    assert p.op == "*" and p.parents == (a, b) and p.locals == (3.0, 2.0)
    assert p.local_formulas == ("b", "a")
    s = p + a
    assert s.locals == (1.0, 1.0) and s.local_formulas == ("1", "1")
    u = Value(3.2, "u")
    v = u**2
    v.label = "v"
    assert v.local_formulas[0] == "2u" and v.locals[0] == pytest.approx(6.4, abs=1e-15)
    L = v.sin()
    assert L.local_formulas == ("cos v",)
    assert L.locals == (math.cos(v.data),)
    z = Value(0.66, "z")
    assert z.sigmoid().local_formulas == ("σ(z)(1−σ(z))",)
    assert Value(1.0).sin().local_formulas == ("cos u",)  # unlabelled parent: a generic letter
    leaf = Value(1.0, "x")
    assert leaf.op == "" and leaf.parents == () and leaf.locals == () and leaf.local_formulas == ()


def test_plain_numbers_become_constant_leaves_labelled_with_their_text() -> None:
    x = Value(0.4, "x")
    y = 3 * x
    const = y.parents[0]
    assert isinstance(const, Value) and const.label == "3" and const.requires_grad is False
    assert (x + 0.5).parents[1].label == "0.5"
    assert (2.0 - x).parents[0].label == "2"
    assert y.local_formulas == ("x", "3")
    with pytest.raises(TypeError):
        x + "3"  # type: ignore[operator]


def test_every_op_name() -> None:
    x, y = Value(0.5), Value(2.0)
    ops = {
        "+": x + y, "-": x - y, "*": x * y, "/": x / y, "**": x**y, "neg": -x, "sin": x.sin(), "cos": x.cos(),
        "exp": x.exp(), "log": x.log(), "sqrt": x.sqrt(), "tanh": x.tanh(), "sigmoid": x.sigmoid(), "relu": x.relu(),
    }
    for name, v in ops.items():
        assert v.op == name
        assert len(v.locals) == len(v.parents) == len(v.local_formulas)
    assert +x is x


# ---- backward semantics ----------------------------------------------------------------------------------------

def test_fan_out_sums_contributions_over_all_paths() -> None:
    # L = (a*b + a) * d: a reaches L along two paths; dL/da = (b + 1) d = 16 at a=2, b=3, d=4
    a, b, d = Value(2.0, "a"), Value(3.0, "b"), Value(4.0, "d")
    L = (a * b + a) * d
    L.backward()
    assert (a.grad, b.grad, d.grad) == (16.0, 8.0, 8.0)


def test_node_used_k_times_receives_sum_of_k_contributions() -> None:
    x = Value(1.5)
    k = 7
    total = x
    for _ in range(k - 1):
        total = total + x
    total.backward()
    assert x.grad == k
    y = Value(1.5)
    (y * y * y).backward()  # d(y^3)/dy = 3 y^2
    assert y.grad == pytest.approx(3 * 1.5**2, rel=1e-15)


def test_second_backward_accumulates_and_zero_grad_clears() -> None:
    x = Value(0.7, "x")
    L = (x * x).sin()
    expected = math.cos(0.49) * 1.4
    L.backward()
    assert x.grad == pytest.approx(expected, rel=1e-14)
    L.backward()  # PyTorch semantics: adds onto .grad
    assert x.grad == pytest.approx(2 * expected, rel=1e-14)
    assert L.grad == 2.0
    zero_grad([x, L])
    assert x.grad == 0.0 and L.grad == 0.0
    L.backward()
    assert x.grad == pytest.approx(expected, rel=1e-14)


def test_backward_on_a_fresh_graph_adds_to_existing_leaf_grad() -> None:
    w = Value(2.0)
    (w * 3.0).backward()
    (w * 5.0).backward()  # a new graph, same leaf: micro-batch accumulation
    assert w.grad == 8.0


def test_requires_grad_false_is_never_written() -> None:
    x = Value(2.0, "x")
    c = Value(3.0, "c", requires_grad=False)
    c.grad = 123.0  # a sentinel: backward must not touch it
    L = (x * c).exp()
    L.backward()
    assert c.grad == 123.0
    assert x.grad == pytest.approx(3.0 * math.exp(6.0), rel=1e-14)
    zero_grad([c])
    assert c.grad == 123.0
    assert Value(1.0, requires_grad=False).grad == 0.0


def test_results_need_a_gradient_only_if_an_input_does() -> None:
    c1 = Value(2.0, requires_grad=False)
    c2 = Value(3.0, requires_grad=False)
    product = c1 * c2
    assert product.requires_grad is False
    product.backward()  # nothing asks for a gradient: a no-op (PyTorch would raise)
    assert product.grad == 0.0 and c1.grad == 0.0
    x = Value(1.0)
    out = product * x
    assert out.requires_grad is True
    out.backward()
    assert x.grad == 6.0 and product.grad == 0.0


def test_intermediate_nodes_keep_their_gradient() -> None:
    x = Value(0.4, "x")
    u = 3 * x + 2
    v = u**2
    L = v.sin()
    L.backward()
    assert v.grad == pytest.approx(math.cos(10.24), rel=1e-13)
    assert u.grad == pytest.approx(math.cos(10.24) * 6.4, rel=1e-13)
    assert L.grad == 1.0


def test_chain_of_100000_operations() -> None:
    x = Value(0.3, "x")
    v = x
    n = 100_000
    for i in range(n):
        v = v * 1.0001 if i % 2 else v + 0.5
    v.backward()  # iterative: a recursive topological sort would exceed the recursion limit here
    assert x.grad == pytest.approx(1.0001 ** (n // 2), rel=1e-9)
    deep = Value(0.5)
    t = deep
    product = 1.0
    for _ in range(n):  # tanh chain: dL/dx is the product of 1 - tanh^2 along the way
        t = t.tanh()
        product *= 1.0 - t.data * t.data
    t.backward()
    assert deep.grad == pytest.approx(product, rel=1e-9)
    del v, t, deep, x
    gc.collect()  # tearing down a deep graph must not overflow the C stack either


def test_backward_is_not_recursive() -> None:
    limit = sys.getrecursionlimit()
    x = Value(1.0)
    v = x
    for _ in range(limit * 3):
        v = v + 1.0
    v.backward()
    assert x.grad == 1.0


# ---- numerics never raise --------------------------------------------------------------------------------------

def test_numerics_edge_cases() -> None:
    assert num.exp(1000.0) == INF
    assert num.log(0.0) == -INF
    assert math.isnan(num.log(-1.0))
    assert math.isnan(num.sqrt(-1.0))
    assert num.div(1.0, 0.0) == INF and num.div(-1.0, 0.0) == -INF and num.div(1.0, -0.0) == -INF
    assert math.isnan(num.div(0.0, 0.0))
    assert num.power(10.0, 400.0) == INF
    assert num.power(-10.0, 401.0) == -INF
    assert num.power(0.0, -1.0) == INF and num.power(-0.0, -1.0) == -INF
    assert math.isnan(num.power(-8.0, 1 / 3))
    assert num.sigmoid(1000.0) == 1.0 and num.sigmoid(-1000.0) == 0.0
    assert num.sigmoid(-INF) == 0.0 and num.sigmoid(INF) == 1.0 and math.isnan(num.sigmoid(NAN))
    assert math.isnan(num.sin(INF)) and math.isnan(num.cos(-INF))
    assert num.tanh(1000.0) == 1.0
    assert num.to_float(10**400) == INF and num.to_float(-(10**400)) == -INF


@given(st.floats(min_value=-700, max_value=700))
def test_sigmoid_two_branch_form_is_exact(a: float) -> None:
    naive = 1.0 / (1.0 + math.exp(-a))
    assert num.sigmoid(a) == pytest.approx(naive, rel=1e-15, abs=1e-300)


def test_values_and_derivatives_never_raise_on_extreme_inputs() -> None:
    specials = [0.0, -0.0, 1.0, -1.0, 1000.0, -1000.0, 1e308, -1e308, INF, -INF, NAN]
    for a in specials:
        x = Value(a)
        for v in (x.sin(), x.cos(), x.exp(), x.log(), x.sqrt(), x.tanh(), x.sigmoid(), x.relu(), -x):
            v.backward()
        for b in specials:
            y = Value(b)
            for v in (x + y, x - y, x * y, x / y, x**y, a / y, a**y, x**b):
                v.backward()
    s = Value(1000.0).sigmoid()
    assert s.data == 1.0 and s.locals == (0.0,)
    s = Value(-1000.0).sigmoid()
    assert s.data == 0.0 and s.locals == (0.0,)
    e = Value(1000.0).exp()
    assert e.data == INF and e.locals == (INF,)
    lg = Value(0.0).log()
    assert lg.data == -INF and lg.locals == (INF,)
    assert math.isnan(Value(-1.0).log().data)
    assert math.isnan(Value(-1.0).sqrt().data)


def test_pow_derivative_conventions_match_pytorch() -> None:
    # d(a^b)/da at b == 0 is 0; d(a^b)/db at a == 0, b >= 0 is 0
    p = Value(0.0) ** Value(0.0)
    assert p.data == 1.0 and p.locals == (0.0, 0.0)
    q = Value(0.0) ** Value(2.0)
    assert q.data == 0.0 and q.locals == (0.0, 0.0)
    r = Value(-2.0) ** 3
    assert r.data == -8.0 and r.locals[0] == 12.0


def test_relu_at_the_kink_has_derivative_zero() -> None:
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_value_repr_and_construction() -> None:
    v = Value(3, "w")
    assert isinstance(v.data, float) and v.data == 3.0 and v.grad == 0.0 and v.requires_grad is True
    assert "w" in repr(v)
