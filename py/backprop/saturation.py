"""Why gradients shrink through sigmoids (the lesson's section 3, "Patterns, and a slope that shrinks"): the numbers
of a chain of sigmoids, and how saturated the hidden units of a stalled XOR network are. Every number is the engine's:
a trace of the expression, or the local derivative a sigmoid Value records."""

from __future__ import annotations

from typing import Any

from .inputs import number
from .jsonsafe import json_safe
from .models import XOR_DATA, xor_fit, xor_init
from .settings import whole
from .trace import trace
from .value import Value

MAX_DEPTH = 20
DEFAULT_DEPTH = 5


def chain_expression(depth: int, name: str = "x") -> str:
    """sigmoid(sigmoid(...(x))), `depth` sigmoids deep."""
    return "sigmoid(" * depth + name + ")" * depth


def sigmoid_chain(depth: Any = DEFAULT_DEPTH, x: Any = 0) -> dict:
    """A chain of `depth` sigmoids at x: each sigmoid's local slope (innermost first), the gradient dL/dx of the
    whole chain, the same for every shorter chain (grads[k - 1]: k sigmoids deep), and the largest slope a sigmoid
    has (at 0) with its power, the bound on the chain's gradient."""
    count = whole(depth, "depth", 1, MAX_DEPTH, str(DEFAULT_DEPTH))
    at = number(x, "x", "0")
    graph = trace(chain_expression(count), x=at)
    slopes = [edge["local"] for edge in graph["edges"]]  # one edge per sigmoid, in the order they were made
    grads = [trace(chain_expression(k), x=at)["nodes"][0]["grad"] for k in range(1, count + 1)]
    top = trace("sigmoid(x)", x=0.0)["nodes"][0]["grad"]
    return json_safe({
        "depth": count,
        "x": at,
        "expression": chain_expression(count),
        "slopes": slopes,
        "grad": graph["nodes"][0]["grad"],
        "grads": grads,
        "max_slope": top,
        "bound": top**count,
    })


def xor_saturation(seed: Any = 2, steps: Any = 5000, lr: Any = 2.0) -> dict:
    """The 2-2-1 XOR network after `steps` updates from `seed`: per example, the output and the local slope of each
    hidden sigmoid and of the output sigmoid (from Value.sigmoid), and the smallest hidden slope on the examples whose
    output is still near one half (within 0.1)."""
    start = xor_init("mlp", int(whole(seed, "seed", 0, 10_000, "2")))
    fit = xor_fit("mlp", start, whole(steps, "steps", 1, 20_000, "5000"), number(lr, "learning rate", "2"))
    w11, w12, b1, w21, w22, b2, v1, v2, c = (Value(p) for p in fit["params"])
    examples = []
    for (x1, x2), target in XOR_DATA:
        h1 = (w11 * x1 + w12 * x2 + b1).sigmoid()
        h2 = (w21 * x1 + w22 * x2 + b2).sigmoid()
        out = (v1 * h1 + v2 * h2 + c).sigmoid()
        examples.append({"x": [x1, x2], "target": target, "output": out.data,
                         "hidden_slopes": [h1.locals[0], h2.locals[0]], "output_slope": out.locals[0]})
    undecided = [ex for ex in examples if abs(ex["output"] - 0.5) < 0.1]
    largest = max((max(ex["hidden_slopes"]) for ex in undecided), default=None)
    return json_safe({"final_loss": fit["final_loss"], "examples": examples, "undecided": len(undecided),
                      "largest_hidden_slope_undecided": largest})
