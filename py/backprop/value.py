"""Value: one number in a computation graph, and the chain rule run backwards over the graph.

Every operation does two things at forward time:

* computes its result, like ordinary arithmetic, and
* writes down its *local derivative* with respect to each input ("if this input moved a little, how fast would I
  move?"). That is a number, known right now, because the inputs are known right now.

``backward()`` then walks the graph from the output back to the inputs. Each node receives dL/d(node) from the nodes it
feeds (its "upstream" gradient), and passes ``local * upstream`` to each of its parents. A parent that feeds several
nodes receives several contributions and adds them up. That is all of backpropagation: the chain rule, applied edge by
edge, in reverse order.

Each operation below is one short method: the value it computes, its local derivatives (with the rule in a comment),
and, on the line above it, the same derivatives as the text a widget shows (``@shown_as``).

Semantics follow PyTorch, because the lesson's gotchas (section 4 of the lesson page) are about PyTorch:

* ``backward()`` *adds* to ``.grad``. Call it twice and every gradient doubles; clear with ``zero_grad(values)``.
* A Value made with ``requires_grad=False`` (a constant, a data point) never receives a gradient: its ``.grad`` stays
  0.0 and is never written. The result of an operation needs a gradient if any of its inputs does.
* Unlike PyTorch, every node keeps its gradient (PyTorch keeps it only for leaves), because a lesson wants to show
  dL/du for the intermediates too, and ``backward()`` on a Value that needs no gradient does nothing instead of raising.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Union

from . import numerics
from .formulas import FORMULAS, MINUS, operand, power_rule, shown_as, sigmoid_rule

__all__ = ["Value", "zero_grad", "FUNCTION_OPS"]

# The one-argument functions, in the order the lesson lists them.
FUNCTION_OPS = ("sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu")

# A local derivative as an edge holds it: a number, or the recipe for one that nothing has needed yet (see __pow__).
Local = Union[float, Callable[[], float]]


class Value:
    """A scalar node: ``data`` (forward value), ``grad`` (dL/d this, filled by backward), and how it was made.

    ``op`` is "" for a leaf, otherwise the operation's name. ``edges`` pairs each Value it was computed from (a
    parent) with the local derivative d(self)/d(parent), a number fixed at forward time (see ``Local``); ``parents``
    and ``locals`` list the two halves. ``local_formulas`` gives the same derivatives as short text in terms of the parents' labels.

    An operation has one or two parents, so a node keeps them in four plain slots, first parent ``_a`` with its local
    ``_da``, second ``_b`` with ``_db`` (None where there is none; a constant exponent's ``_db`` is the numbers its
    recipe needs, see __pow__), rather than in tuples of pairs: making and walking a graph then allocates nothing but
    the nodes themselves.
    """

    __slots__ = ("data", "grad", "_label", "op", "requires_grad", "_a", "_da", "_b", "_db", "_mark", "_pending", "_acc")

    def __init__(self, data: float, label: str = "", requires_grad: bool = True, _op: str = "",
                 _a: Value | None = None, _da: Local | None = None,
                 _b: Value | None = None, _db: Local | tuple[float, float, float] | None = None) -> None:
        """A leaf: ``Value(data, label, requires_grad)``. An operation makes its result with all eight arguments,
        ``Value(data, "", requires_grad, op, a, da, b, db)``, always positionally: Python 3.14, the page's, then
        allocates the node and enters __init__ in one specialised step, which costs less there than
        ``object.__new__`` and setting the slots from outside."""
        if not _op:  # a leaf made by hand: any real number, any truthy flag
            data = data if type(data) is float else numerics.to_float(data)
            requires_grad = requires_grad if type(requires_grad) is bool else bool(requires_grad)
        self.data = data
        self.grad = 0.0
        self._label = label
        self.op = _op
        self.requires_grad = requires_grad
        self._a = _a
        self._da = _da
        self._b = _b
        self._db = _db
        self._mark: object = None  # which backward() pass last visited this node

    @property
    def label(self) -> str:
        """The name shown for this node ("" for none). A constant's is the text of its number, written out only when
        read: most constants are never shown, and repr() of a float costs as much as the rest of making one."""
        label = self._label
        return numerics.number_text(label) if type(label) in _NUMBER_TYPES else label

    @label.setter
    def label(self, label: str) -> None:
        self._label = label

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{name})"

    # ---- arithmetic: a is self, b the other operand (a plain number becomes a constant leaf) -------------------

    @shown_as("+", lambda a, b: ("1", "1"))
    def __add__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _constant(other)
        # d(a+b)/da = 1, d(a+b)/db = 1
        return Value(self.data + other.data, "", self.requires_grad or other.requires_grad, "+", self, 1.0, other, 1.0)

    @shown_as("-", lambda a, b: ("1", f"{MINUS}1"))
    def __sub__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _constant(other)
        # d(a-b)/da = 1, d(a-b)/db = -1
        return Value(self.data - other.data, "", self.requires_grad or other.requires_grad, "-", self, 1.0, other, -1.0)

    @shown_as("*", lambda a, b: (operand(b, "b"), operand(a, "a")))
    def __mul__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _constant(other)
        a, b = self.data, other.data
        # d(a*b)/da = b, d(a*b)/db = a
        return Value(a * b, "", self.requires_grad or other.requires_grad,
                     "*", self, b, other, a)  # each parent, then its slope

    @shown_as("/", lambda a, b: (f"1/{operand(b, 'b')}", f"{MINUS}{operand(a, 'a')}/{operand(b, 'b')}\u00b2"))
    def __truediv__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _constant(other)
        b = other.data
        out = numerics.div(self.data, b)
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 (computed as -(a/b)/b)
        da, db = numerics.div(1.0, b), -numerics.div(out, b)
        return Value(out, "", self.requires_grad or other.requires_grad, "/", self, da, other, db)

    @shown_as("**", power_rule)
    def __pow__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _constant(other)
        a, b = self.data, other.data
        if b == 2.0:  # the commonest power: a*a and 2*a are single IEEE operations, correctly rounded already
            out, da = a * a, 2.0 * a
        else:
            out = numerics.power(a, b)
            # d(a^b)/da = b * a^(b-1) (0 when b == 0)
            da = 0.0 if b == 0.0 else b * numerics.power(a, b - 1.0)
        # d(a^b)/db = a^b * ln a (0 where a == 0 and b >= 0, as in PyTorch). A correctly rounded log is costly, and a
        # constant exponent receives no gradient: then the edge keeps the recipe's numbers, worked out only if `locals`
        # is read (see edges).
        db = numerics.power_exponent_local(a, out, b) if other.requires_grad else (a, out, b)
        return Value(out, "", self.requires_grad or other.requires_grad, "**", self, da, other, db)

    @shown_as("neg", lambda u: f"{MINUS}1")
    def __neg__(self) -> Value:
        # d(-a)/da = -1
        return Value(-self.data, "", self.requires_grad, "neg", self, -1.0)

    def __pos__(self) -> Value:
        return self

    # a number on the left (3 * x) is the same operation with a constant leaf as a
    def __radd__(self, other: float) -> Value:
        return _constant(other) + self

    def __rsub__(self, other: float) -> Value:
        return _constant(other) - self

    def __rmul__(self, other: float) -> Value:
        return _constant(other) * self

    def __rtruediv__(self, other: float) -> Value:
        return _constant(other) / self

    def __rpow__(self, other: float) -> Value:
        return _constant(other) ** self

    # ---- functions of one argument u (the expression language's FUNCTION_OPS) --------------------------------

    @shown_as("sin", lambda u: f"cos {operand(u)}")
    def sin(self) -> Value:
        a = self.data
        # d sin(u)/du = cos u
        return Value(numerics.sin(a), "", self.requires_grad, "sin", self, numerics.cos(a))

    @shown_as("cos", lambda u: f"{MINUS}sin {operand(u)}")
    def cos(self) -> Value:
        a = self.data
        # d cos(u)/du = -sin u
        return Value(numerics.cos(a), "", self.requires_grad, "cos", self, -numerics.sin(a))

    @shown_as("exp", lambda u: f"exp {operand(u)}")
    def exp(self) -> Value:
        out = numerics.exp(self.data)
        # d e^u/du = e^u (the output itself)
        return Value(out, "", self.requires_grad, "exp", self, out)

    @shown_as("log", lambda u: f"1/{operand(u)}")
    def log(self) -> Value:
        a = self.data
        # d ln(u)/du = 1/u
        return Value(numerics.log(a), "", self.requires_grad, "log", self, numerics.div(1.0, a))

    @shown_as("sqrt", lambda u: f"1/(2\u221a{operand(u)})")
    def sqrt(self) -> Value:
        out = numerics.sqrt(self.data)
        # d sqrt(u)/du = 1 / (2 sqrt u)
        return Value(out, "", self.requires_grad, "sqrt", self, numerics.div(0.5, out))

    @shown_as("tanh", lambda u: f"1{MINUS}tanh\u00b2 {operand(u)}")
    def tanh(self) -> Value:
        t = numerics.tanh(self.data)
        # d tanh(u)/du = 1 - tanh(u)^2
        return Value(t, "", self.requires_grad, "tanh", self, 1.0 - t * t)

    @shown_as("sigmoid", sigmoid_rule)
    def sigmoid(self) -> Value:
        s = numerics.sigmoid(self.data)
        # d sigma(u)/du = sigma(u) (1 - sigma(u))
        return Value(s, "", self.requires_grad, "sigmoid", self, s * (1.0 - s))

    @shown_as("relu", lambda u: f"1 if {operand(u)} > 0 else 0")
    def relu(self) -> Value:
        a = self.data
        # d relu(u)/du = 1 if u > 0 else 0 (0 at the kink, as in PyTorch)
        return Value(numerics.relu(a), "", self.requires_grad, "relu", self, 0.0 if a <= 0.0 else 1.0)

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
        self._mark, self._pending, self._acc = token, 0, 1.0  # the seed: dL/dL = 1
        reached = [self]
        # Both passes walk a list that grows as they go (cheaper than popping a stack, in Pyodide most of all).
        for v in reached:  # pass 1: count incoming contributions
            p = v._a  # the first parent (None for a leaf)
            if p is not None:
                if p.requires_grad:
                    if p._mark is token:
                        p._pending += 1
                    else:
                        p._mark, p._pending, p._acc = token, 1, 0.0
                        reached.append(p)
                p = v._b  # then the second (None for a one-input operation), the same way
                if p is not None and p.requires_grad:
                    if p._mark is token:
                        p._pending += 1
                    else:
                        p._mark, p._pending, p._acc = token, 1, 0.0
                        reached.append(p)
        ready = [self]
        for v in ready:  # pass 2: chain rule, node by node, in reverse topological order
            g = v._acc  # dL/dv, complete: every path through v has been summed
            v.grad += g
            p, local = v._a, v._da  # the first parent and d(v)/d(parent)
            if p is not None:
                if p.requires_grad:
                    p._acc += local * g  # contribution along this edge = local derivative * upstream gradient
                    if p._pending == 1:  # the last one it waited for: p's gradient is complete
                        ready.append(p)  # (its count stays at 1: the next pass counts afresh)
                    else:
                        p._pending -= 1
                p, local = v._b, v._db  # then the second, the same way
                if p is not None and p.requires_grad:
                    p._acc += local * g
                    if p._pending == 1:
                        ready.append(p)
                    else:
                        p._pending -= 1

    # ---- the graph, edge by edge ---------------------------------------------------------------------------------

    @property
    def edges(self) -> tuple[tuple[Value, Local], ...]:
        """Each parent paired with its local derivative d(self)/d(parent), in operand order (empty for a leaf)."""
        if self._a is None:
            return ()
        if self._b is None:
            return ((self._a, self._da),)
        db = self._db
        if type(db) is tuple:  # a constant exponent's d(a^b)/db, kept as the numbers it needs (see __pow__)
            db = partial(numerics.power_exponent_local, *db)
        return ((self._a, self._da), (self._b, db))

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, in operand order (empty for a leaf)."""
        return tuple(p for p, _ in self.edges)

    @property
    def locals(self) -> tuple[float, ...]:
        """The local derivatives d(self)/d(parent), one per parent (a costly one left for later is worked out here)."""
        return tuple(local() if callable(local) else local for _, local in self.edges)

    # ---- teaching text -----------------------------------------------------------------------------------------

    @property
    def local_formulas(self) -> tuple[str, ...]:
        """The local derivatives as short text, in terms of the parents' labels (generic letters when unlabelled).

        Built on demand from ``op`` and the parents' current labels, so labels given after the forward pass show up.
        """
        if not self.op:
            return ()
        texts = FORMULAS[self.op](*self.parents)
        return (texts,) if isinstance(texts, str) else texts


_NUMBER_TYPES = (float, int)


def _constant(x: float) -> Value:
    """A plain number used as an operand: a leaf that never needs a gradient, labelled with its own text. (The
    operations test ``type(other) is Value`` first: for a number, isinstance() would also look up ``__class__``.)"""
    kind = type(x)
    if kind is float or kind is int:  # the common cases: the label holds the number, written out when read (see label)
        return Value(x, x, False)
    if isinstance(x, Value):  # an instance of a subclass
        return x
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"cannot combine a Value with {type(x).__name__!r}; use a number or a Value")
    return Value(x, numerics.number_text(x), False)


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``.grad`` to 0.0 on each Value: the job of optimizer.zero_grad() in PyTorch (which by default sets it to
    None instead). Values with requires_grad=False are left alone: they are never written."""
    for v in values:
        if v.requires_grad:
            v.grad = 0.0
