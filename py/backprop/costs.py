"""Why reverse mode: every gradient of a loss with n inputs, three ways, with the work each way does counted as the
engine does it (the lesson's section 2, "Why not nudge every input?").

The loss is the lesson's neuron (section 3) grown to n weights: L = 0.5 (sigmoid(x1 w1 + ... + xn wn + b) - y)^2,
with the data x, the bias b and the target y fixed, so its inputs are the n weights. The three ways:

* nudging (finite differences, centred as the playground's check column): two forward passes per weight, 2n in all;
* forward mode: one forward pass, which records every local derivative, then one tangent sweep per weight, from the
  inputs to the output, each crossing every edge once (sum of local x tangent of the parent);
* reverse mode: one forward pass, then one backward sweep (Value.backward), crossing every edge once.

Work is counted in two units: node evaluations (an operation computed, in a forward pass) and edge products (one
local derivative times a gradient or tangent, in a sweep). The forward passes are really run and their nodes counted;
the tangent sweeps are run here and count their own products; the backward sweep is the engine's own backward(),
which does exactly one product per edge whose parent needs a gradient, and those edges are counted on its graph.
"""

from __future__ import annotations

from typing import Any

from .jsonsafe import json_safe
from .settings import whole
from .trace import _forward
from .value import Value

# the lesson's neuron (section 3), its data and starting weights repeated to any length
NEURON_X = (0.8, -0.4, 1.2)
NEURON_W = (0.2, -0.1, 0.3)
NEURON_B = 0.1
NEURON_Y = 1
MAX_INPUTS = 64  # the expression stays within the language's limits (length, parts, nesting)
DEFAULT_INPUTS = 8


def neuron_loss(n: int) -> tuple[str, dict[str, float]]:
    """The loss of a neuron with n weights, as an expression, and the weights' values."""
    terms = " + ".join(f"{NEURON_X[i % 3]}*w{i + 1}" for i in range(n))
    weights = {f"w{i + 1}": NEURON_W[i % 3] for i in range(n)}
    return f"0.5*(sigmoid({terms} + {NEURON_B}) - {NEURON_Y})**2", weights


def _forward_pass(expression: str, values: dict[str, float]) -> tuple[dict[str, Value], list[Value], Value]:
    inputs, builder, out = _forward(expression, values)
    return inputs, builder.ops, out


def by_nudging(expression: str, values: dict[str, float]) -> tuple[dict[str, float], int, int]:
    """Every gradient as (f(w + h) - f(w - h)) / 2h, with h as the playground takes it: the gradients, the forward
    passes run and the nodes they evaluated."""
    grads, passes, nodes = {}, 0, 0
    for name, w in values.items():
        h = 1e-6 * max(1.0, abs(w))
        outputs = []
        for shifted in (w + h, w - h):
            _, ops, out = _forward_pass(expression, dict(values, **{name: shifted}))
            outputs.append(out.data)
            passes += 1
            nodes += len(ops)
        grads[name] = (outputs[0] - outputs[1]) / (2 * h)
    return grads, passes, nodes


def tangent_sweep(ops: list[Value], seed: Value, out: Value) -> tuple[float, int]:
    """Forward mode, one sweep: d(out)/d(seed), carried from the inputs to the output in the order the operations
    were made (a topological order), with the local derivatives the forward pass recorded. Returns the derivative
    and the number of edge products done."""
    tangent = {id(seed): 1.0}
    products = 0
    for v in ops:
        t = 0.0
        for parent, local in zip(v.parents, v.locals):
            if parent.requires_grad:
                t += local * tangent.get(id(parent), 0.0)
                products += 1
        tangent[id(v)] = t
    return tangent[id(out)], products


def by_forward_mode(expression: str, values: dict[str, float]) -> tuple[dict[str, float], int, int]:
    """Every gradient by forward mode: the gradients, the nodes of the one forward pass, the products of n sweeps."""
    inputs, ops, out = _forward_pass(expression, values)
    grads, products = {}, 0
    for name, leaf in inputs.items():
        grads[name], done = tangent_sweep(ops, leaf, out)
        products += done
    return grads, len(ops), products


def by_reverse_mode(expression: str, values: dict[str, float]) -> tuple[dict[str, float], int, int]:
    """Every gradient by the engine's backward(): the gradients, the nodes of the forward pass, and the products of
    the one backward sweep (one per edge whose parent needs a gradient)."""
    inputs, ops, out = _forward_pass(expression, values)
    out.backward()
    products = sum(1 for v in ops for parent in v.parents if parent.requires_grad)
    return {name: leaf.grad for name, leaf in inputs.items()}, len(ops), products


def _largest_gap(a: dict[str, float], b: dict[str, float]) -> float:
    return max(abs(a[name] - b[name]) for name in a)


def gradient_cost(n: Any = DEFAULT_INPUTS) -> dict:
    """The work of getting all n gradients of the n-weight neuron's loss, each way, counted; and how far the ways'
    gradients are from reverse mode's (they agree: nudging to its own accuracy, forward mode to rounding)."""
    count = whole(n, "n", 1, MAX_INPUTS, str(DEFAULT_INPUTS))
    expression, values = neuron_loss(count)
    nudged, nudge_passes, nudge_nodes = by_nudging(expression, values)
    forward, forward_nodes, forward_products = by_forward_mode(expression, values)
    reverse, reverse_nodes, reverse_products = by_reverse_mode(expression, values)
    methods = [
        {"id": "nudge", "forward_passes": nudge_passes, "nodes": nudge_nodes, "sweeps": 0, "products": 0,
         "gap": _largest_gap(nudged, reverse)},
        {"id": "forward", "forward_passes": 1, "nodes": forward_nodes, "sweeps": count, "products": forward_products,
         "gap": _largest_gap(forward, reverse)},
        {"id": "reverse", "forward_passes": 1, "nodes": reverse_nodes, "sweeps": 1, "products": reverse_products,
         "gap": 0.0},
    ]
    for method in methods:
        method["total"] = method["nodes"] + method["products"]
    for method in methods:
        method["times_reverse"] = method["total"] / methods[-1]["total"]
    return json_safe({
        "n": count,
        "expression": expression,
        "graph_nodes": reverse_nodes,
        "graph_edges": reverse_products,
        "methods": methods,
        "grad_w1": reverse["w1"],
        "limits": {"min": 1, "max": MAX_INPUTS},
    })
