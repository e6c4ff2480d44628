"""PyTorch (CPU, float64) as an independent oracle: random expression text, traced by the engine, and the same
structure built in torch by walking the parsed tree here (never by evaluating text). Values and gradients of every
node agree to 1e-9."""

from __future__ import annotations

import ast
import math
from typing import Any

import pytest
import torch
from hypothesis import assume, given, settings

from backprop import parse
from tests.conftest import expressions, trace_generated, variable_values

TOL = 1e-9
_TORCH_FUNCTIONS = {
    "sin": torch.sin,
    "cos": torch.cos,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}


def _const(x: float) -> torch.Tensor:
    return torch.tensor(x, dtype=torch.float64)


class TorchBuilder:
    """Builds the torch computation of a parsed expression; records the operation tensors in creation order
    (left operand, right operand, then the operation: the same order as the engine's forward pass)."""

    def __init__(self, values: dict[str, float]) -> None:
        self.leaves = {name: torch.tensor(v, dtype=torch.float64, requires_grad=True) for name, v in values.items()}
        self.ops: list[torch.Tensor] = []

    def build(self, node: ast.expr) -> torch.Tensor:
        if isinstance(node, ast.Name):
            return _const(_CONSTANTS[node.id]) if node.id in _CONSTANTS else self.leaves[node.id]
        if isinstance(node, ast.Constant):
            return _const(float(node.value))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.operand, ast.Constant):  # the engine reads -3 as one constant
                x = float(node.operand.value)
                return _const(-x if isinstance(node.op, ast.USub) else x)
            t = self.build(node.operand)
            return t if isinstance(node.op, ast.UAdd) else self._op(-t)
        if isinstance(node, ast.BinOp):
            a = self.build(node.left)
            b = self.build(node.right)
            op = type(node.op)
            if op is ast.Add:
                return self._op(a + b)
            if op is ast.Sub:
                return self._op(a - b)
            if op is ast.Mult:
                return self._op(a * b)
            if op is ast.Div:
                return self._op(a / b)
            return self._op(torch.pow(a, b))
        if isinstance(node, ast.Call):
            arg = self.build(node.args[0])
            return self._op(_TORCH_FUNCTIONS[node.func.id](arg))  # type: ignore[attr-defined]
        raise AssertionError(f"unexpected node {node!r}")

    def _op(self, t: torch.Tensor) -> torch.Tensor:
        if t.requires_grad:
            t.retain_grad()
        self.ops.append(t)
        return t


def _number(x: Any) -> float:
    return float(x.replace("Infinity", "inf")) if isinstance(x, str) else float(x)


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


def _compare(expression: str, values: dict[str, float], t: dict[str, Any], check_grads: bool) -> None:
    builder = TorchBuilder(values)
    out = builder.build(parse(expression).body)
    if out.requires_grad and check_grads:
        out.backward()
    nodes = t["nodes"]
    assert len(builder.ops) == len(t["forward_order"])
    for tensor, node_id in zip(builder.ops, t["forward_order"]):
        node = nodes[node_id]
        assert _same(_number(node["value"]), tensor.item()), (expression, node, tensor.item())
        assert (node["grad"] is not None) == tensor.requires_grad
        if check_grads and tensor.requires_grad:
            assert _same(_number(node["grad"]), tensor.grad.item()), (expression, node, tensor.grad.item())
    assert _same(_number(nodes[t["output"]]["value"]), out.item())
    if check_grads:
        for node in nodes:
            if node["kind"] == "input":
                leaf = builder.leaves[node["label"]]
                assert leaf.grad is not None
                assert _same(_number(node["grad"]), leaf.grad.item()), (expression, node, leaf.grad.item())


@given(expression=expressions, values=variable_values)
@settings(max_examples=500, deadline=None)
def test_random_expressions_agree_with_pytorch(expression: str, values: dict[str, float]) -> None:
    t = trace_generated(expression, values)
    _compare(expression, values, t, check_grads=False)  # forward values agree everywhere, inf and nan included
    assume(not t["nonfinite"])
    assume(all(abs(_number(n["value"])) < 1e8 for n in t["nodes"]))
    assume(all(abs(_number(n["grad"])) < 1e8 for n in t["nodes"] if n["grad"] is not None))
    # Huge contributions that cancel (x/x at x = 3e-236 sends +-1e236 to x) leave a sum that is rounding noise, one
    # unit in the last place of the contributions; PyTorch rounds them differently, so only the noise would differ.
    assume(all(abs(_number(e["contribution"])) < 1e8 for e in t["edges"] if e["contribution"] is not None))
    _compare(expression, values, t, check_grads=True)


FIXED = [
    ("sin((3*x + 2)**2)", {"x": 0.4}),
    ("(a*b + c)*d", {"a": 2, "b": 3, "c": -1, "d": 4}),
    ("(a*b + a)*d", {"a": 2, "b": 3, "d": 4}),
    ("sigmoid(w1*x1 + w2*x2 + b)", {"w1": 0.3, "x1": -1.2, "w2": 2.0, "x2": 0.5, "b": 0.1}),
    ("x**y + y**x - x/y", {"x": 1.7, "y": 0.6}),
    ("relu(x) * relu(-x) + relu(x - 1)", {"x": 1.5}),
    ("sqrt(x) * log(x) / exp(-x)", {"x": 2.5}),
    ("tanh(sigmoid(x) * pi - e)", {"x": -0.3}),
    ("x*x*x*x - 2**x", {"x": -1.3}),
    ("sigmoid(x)", {"x": 1000.0}),
    ("sigmoid(x)", {"x": -1000.0}),
    ("tanh(x)", {"x": 400.0}),
]


@pytest.mark.parametrize("expression, values", FIXED)
def test_fixed_expressions_agree_with_pytorch(expression: str, values: dict[str, float]) -> None:
    t = trace_generated(expression, {k: float(v) for k, v in values.items()})
    _compare(expression, {k: float(v) for k, v in values.items()}, t, check_grads=True)


NONFINITE = [
    ("exp(x)", 1000.0),
    ("log(x)", 0.0),
    ("log(x)", -1.0),
    ("sqrt(x)", -1.0),
    ("1 / x", 0.0),
    ("-1 / x", 0.0),
    ("x / x", 0.0),
    ("x ** 1000", 10.0),
    ("x ** (1/3)", -8.0),
    ("x ** -1", 0.0),
    ("sin(exp(x))", 1000.0),
    ("sigmoid(log(x))", 0.0),
]


@pytest.mark.parametrize("expression, x", NONFINITE)
def test_nonfinite_values_agree_with_pytorch(expression: str, x: float) -> None:
    t = trace_generated(expression, {"x": x})
    assert t["nonfinite"] or math.isfinite(_number(t["nodes"][t["output"]]["value"]))
    _compare(expression, {"x": x}, t, check_grads=False)
