"""Value: one number in a computation graph, and the chain rule run backwards over the graph.

Every operation does two things at forward time:

* computes its result, like ordinary arithmetic, and
* writes down its *local derivative* with respect to each input ("if this input moved a little, how fast would I
  move?"). That is a number, known right now, because the inputs are known right now.

``backward()`` then walks the graph from the output back to the inputs. Each node receives dL/d(node) from the nodes it
feeds (its "upstream" gradient), and passes ``local * upstream`` to each of its parents. A parent that feeds several
nodes receives several contributions and adds them up. That is all of backpropagation: the chain rule, applied edge by
edge, in reverse order.

Semantics follow PyTorch, because the lesson's gotchas are about PyTorch:

* ``backward()`` *adds* to ``.grad``. Call it twice and every gradient doubles; clear with ``zero_grad(values)``.
* A Value made with ``requires_grad=False`` (a constant, a data point) never receives a gradient: its ``.grad`` stays
  0.0 and is never written. The result of an operation needs a gradient if any of its inputs does.
* Unlike PyTorch, every node keeps its gradient (PyTorch keeps it only for leaves), because a lesson wants to show
  dL/du for the intermediates too, and ``backward()`` on a Value that needs no gradient does nothing instead of raising.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable

from . import numerics as _num

__all__ = ["Value", "zero_grad", "FUNCTION_OPS"]

# The one-argument functions, in the order the lesson lists them.
FUNCTION_OPS = ("sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu")


class Value:
    """A scalar node: ``data`` (forward value), ``grad`` (dL/d this, filled by backward), and how it was made.

    ``op`` is "" for a leaf, otherwise the operation's name. ``parents`` are the Values it was computed from, and
    ``locals[i]`` is the local derivative d(self)/d(parents[i]), a number fixed at forward time.
    ``local_formulas`` gives the same derivatives as short text in terms of the parents' labels.
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "locals", "requires_grad", "_mark", "_pending", "_acc")

    def __init__(self, data: float, label: str = "", requires_grad: bool = True) -> None:
        self.data = _num.to_float(data)
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.parents: tuple[Value, ...] = ()
        self.locals: tuple[float, ...] = ()
        self.requires_grad = bool(requires_grad)
        self._mark: object = None  # which backward() pass last visited this node

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{name})"

    # ---- arithmetic --------------------------------------------------------------------------------------------
    # Each method states its local derivatives once, in the comment next to the code.

    def __add__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = _constant(other)
        # d(a+b)/da = 1, d(a+b)/db = 1
        return _node(self.data + other.data, "+", (self, other), (1.0, 1.0),
                     self.requires_grad or other.requires_grad)

    def __radd__(self, other: float) -> Value:
        return _constant(other) + self

    def __sub__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = _constant(other)
        # d(a-b)/da = 1, d(a-b)/db = -1
        return _node(self.data - other.data, "-", (self, other), (1.0, -1.0),
                     self.requires_grad or other.requires_grad)

    def __rsub__(self, other: float) -> Value:
        return _constant(other) - self

    def __mul__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = _constant(other)
        a, b = self.data, other.data
        # d(a*b)/da = b, d(a*b)/db = a
        return _node(a * b, "*", (self, other), (b, a), self.requires_grad or other.requires_grad)

    def __rmul__(self, other: float) -> Value:
        return _constant(other) * self

    def __truediv__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = _constant(other)
        a, b = self.data, other.data
        out = _num.div(a, b)
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 (computed as -(a/b)/b)
        return _node(out, "/", (self, other), (_num.div(1.0, b), -_num.div(out, b)),
                     self.requires_grad or other.requires_grad)

    def __rtruediv__(self, other: float) -> Value:
        return _constant(other) / self

    def __pow__(self, other: Value | float) -> Value:
        if not isinstance(other, Value):
            other = _constant(other)
        a, b = self.data, other.data
        out = _num.power(a, b)
        # d(a^b)/da = b * a^(b-1) (0 when b == 0), d(a^b)/db = a^b * ln a
        da = 0.0 if b == 0.0 else b * _num.power(a, b - 1.0)
        return _node(out, "**", (self, other), (da, _num.power_exponent_local(a, out, b)),
                     self.requires_grad or other.requires_grad)

    def __rpow__(self, other: float) -> Value:
        return _constant(other) ** self

    def __neg__(self) -> Value:
        # d(-a)/da = -1
        return _node(-self.data, "neg", (self,), (-1.0,), self.requires_grad)

    def __pos__(self) -> Value:
        return self

    # ---- functions ---------------------------------------------------------------------------------------------

    def sin(self) -> Value:
        a = self.data
        # d sin(a)/da = cos a
        return _node(_num.sin(a), "sin", (self,), (_num.cos(a),), self.requires_grad)

    def cos(self) -> Value:
        a = self.data
        # d cos(a)/da = -sin a
        return _node(_num.cos(a), "cos", (self,), (-_num.sin(a),), self.requires_grad)

    def exp(self) -> Value:
        out = _num.exp(self.data)
        # d e^a/da = e^a (the output itself)
        return _node(out, "exp", (self,), (out,), self.requires_grad)

    def log(self) -> Value:
        a = self.data
        # d ln(a)/da = 1/a
        return _node(_num.log(a), "log", (self,), (_num.div(1.0, a),), self.requires_grad)

    def sqrt(self) -> Value:
        out = _num.sqrt(self.data)
        # d sqrt(a)/da = 1 / (2 sqrt a)
        return _node(out, "sqrt", (self,), (_num.div(0.5, out),), self.requires_grad)

    def tanh(self) -> Value:
        t = _num.tanh(self.data)
        # d tanh(a)/da = 1 - tanh(a)^2
        return _node(t, "tanh", (self,), (1.0 - t * t,), self.requires_grad)

    def sigmoid(self) -> Value:
        s = _num.sigmoid(self.data)
        # d sigma(a)/da = sigma(a) (1 - sigma(a))
        return _node(s, "sigmoid", (self,), (s * (1.0 - s),), self.requires_grad)

    def relu(self) -> Value:
        a = self.data
        # d relu(a)/da = 1 if a > 0 else 0 (0 at the kink, as in PyTorch)
        return _node(0.0 if a <= 0.0 else a, "relu", (self,), (0.0 if a <= 0.0 else 1.0,), self.requires_grad)

    # ---- the backward pass -------------------------------------------------------------------------------------

    def backward(self) -> None:
        """Add dself/dv to ``v.grad`` for every Value v in this graph that requires a gradient (self gets 1.0).

        No recursion, so a chain of 100,000 operations is fine. Pass 1 walks the graph and counts, for every node, how
        many of its children will send it a contribution. Pass 2 starts from self with dself/dself = 1 and hands each
        node's gradient to its parents (local * upstream); a node is processed once all its contributions have arrived,
        so nodes are visited in reverse topological order, and fan-out is summed. Gradients of this pass are collected
        separately and then *added* to ``.grad``, so a second backward() accumulates exactly like PyTorch.
        """
        if not self.requires_grad:
            return  # nothing in this graph asks for a gradient (PyTorch would raise here)
        token = object()
        self._mark = token
        self._pending = 0
        self._acc = 1.0  # the seed: dL/dL = 1
        stack = [self]
        while stack:  # pass 1: count incoming contributions
            v = stack.pop()
            for p in v.parents:
                if p.requires_grad:
                    if p._mark is token:
                        p._pending += 1
                    else:
                        p._mark = token
                        p._pending = 1
                        p._acc = 0.0
                        stack.append(p)
        ready = [self]
        while ready:  # pass 2: chain rule, node by node, in reverse topological order
            v = ready.pop()
            g = v._acc  # dL/dv, complete: every path through v has been summed
            v.grad += g
            for p, local in zip(v.parents, v.locals):
                if p.requires_grad:
                    p._acc += local * g  # contribution along this edge = local derivative * upstream gradient
                    p._pending -= 1
                    if p._pending == 0:
                        ready.append(p)

    # ---- teaching text -----------------------------------------------------------------------------------------

    @property
    def local_formulas(self) -> tuple[str, ...]:
        """The local derivatives as short text, in terms of the parents' labels (generic letters when unlabelled).

        Built on demand from ``op`` and the parents' current labels, so labels given after the forward pass show up.
        """
        if not self.op:
            return ()
        return _FORMULAS[self.op](self)


_new = object.__new__


def _node(data: float, op: str, parents: tuple[Value, ...], local_grads: tuple[float, ...],
          requires_grad: bool) -> Value:
    """Make the result of an operation (bypassing __init__: data is already a float)."""
    v = _new(Value)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v.op = op
    v.parents = parents
    v.locals = local_grads
    v.requires_grad = requires_grad
    v._mark = None
    return v


def _constant(x: float) -> Value:
    """A plain number used as an operand: a leaf that never needs a gradient, labelled with its own text."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"cannot combine a Value with {type(x).__name__!r}; use a number or a Value")
    return Value(x, _num.number_text(x), False)


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``.grad`` to 0.0 on each Value (what optimizer.zero_grad() does); Values with requires_grad=False are left
    alone, they are never written."""
    for v in values:
        if v.requires_grad:
            v.grad = 0.0


# ---- local derivative formulas, as text -----------------------------------------------------------------------

MINUS = "\u2212"  # the typographic minus sign used in formulas


def _wrap(label: str) -> str:
    """A label as an operand in a formula: bare if it is one name or a non-negative number, else in parentheses."""
    if label.isidentifier() or label.replace(".", "", 1).isdigit():
        return label
    return f"({label})"


def _unary(v: Value) -> str:
    return _wrap(v.parents[0].label or "u")


def _binary(v: Value) -> tuple[str, str]:
    p, q = v.parents
    return _wrap(p.label or "a"), _wrap(q.label or "b")


def _times(coefficient: str, operand: str) -> str:
    """Juxtapose a coefficient and an operand ("2u"), with a dot when the operand starts with a digit ("2·3")."""
    if coefficient == "1":
        return operand
    joiner = "\u00b7" if operand[:1].isdigit() or operand[:1] == "." else ""
    return f"{coefficient}{joiner}{operand}"


def _text(x: float) -> str:
    return _num.number_text(x).replace("-", MINUS)


def _pow_formulas(v: Value) -> tuple[str, str]:
    a, b = _binary(v)
    exponent = v.parents[1]
    if exponent.op == "" and not exponent.requires_grad and math.isfinite(exponent.data):
        c = exponent.data  # a constant exponent: write the power rule with numbers, e.g. 2u, 3u^2, 0.5u^-0.5
        if c == 0.0:
            base = "0"
        elif c == 1.0:
            base = "1"
        elif c == 2.0:
            base = _times("2", a)
        else:
            base = _times(_text(c), f"{a}^{_text(c - 1.0)}")
    else:
        base = f"{b}\u00b7{a}^({b}{MINUS}1)"
    return base, f"{a}^{b}\u00b7ln {a}"


def _sigmoid_formula(v: Value) -> tuple[str]:
    u = v.parents[0].label or "u"
    return (f"\u03c3({u})(1{MINUS}\u03c3({u}))",)


_FORMULAS: dict[str, Callable[[Value], tuple[str, ...]]] = {
    "+": lambda v: ("1", "1"),
    "-": lambda v: ("1", f"{MINUS}1"),
    "*": lambda v: _binary(v)[::-1],
    "/": lambda v: (f"1/{_binary(v)[1]}", f"{MINUS}{_binary(v)[0]}/{_binary(v)[1]}\u00b2"),
    "**": _pow_formulas,
    "neg": lambda v: (f"{MINUS}1",),
    "sin": lambda v: (f"cos {_unary(v)}",),
    "cos": lambda v: (f"{MINUS}sin {_unary(v)}",),
    "exp": lambda v: (f"exp {_unary(v)}",),
    "log": lambda v: (f"1/{_unary(v)}",),
    "sqrt": lambda v: (f"1/(2\u221a{_unary(v)})",),
    "tanh": lambda v: (f"1{MINUS}tanh\u00b2 {_unary(v)}",),
    "sigmoid": _sigmoid_formula,
    "relu": lambda v: (f"1 if {_unary(v)} > 0 else 0",),
}
