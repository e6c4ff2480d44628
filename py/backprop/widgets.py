"""What each widget asks the engine, answered as plain JSON-able data.

One function per widget. The browser calls them through `bridge.handle`; the build calls the very same functions in
CPython to prerender each widget's first frame. Every number here is produced by `trace` or `models`; this module only
picks them out and names them for the view.
"""

from __future__ import annotations

import inspect
from typing import Any

from .expr import ExpressionError
from .inputs import number, variable_values
from .jsonsafe import json_safe
from .models import neuron_step, neuron_train, xor_mlp_history, xor_single_history
from .trace import Stepper, trace
from .playground import playground
from .xor_lab import xor_lab, xor_lab_start

# Section 1 of the lesson: L = sin((3x + 2)^2), with the intermediates named as the lesson names them.
CHAIN_EXPRESSION = "sin((3*x + 2)**2)"
CHAIN_NAMES = {"3*x + 2": "u", "(3*x + 2)**2": "v"}
CHAIN_STAGES = ("x", "u", "v", "L")


def _path_derivative(graph: dict, source: int, target: int) -> tuple[float, list[str]]:
    """d target / d source through the nodes between them: the chain rule on a sub-graph (sum over paths of the
    product of local derivatives), plus the formula texts of the non-trivial factors met on the way."""
    edges_into: dict[int, list[dict]] = {}
    for edge in graph["edges"]:
        edges_into.setdefault(edge["target"], []).append(edge)
    memo: dict[int, float | None] = {source: 1.0}  # None: no path from source
    formulas: list[str] = []

    def walk(node: int) -> float | None:
        # plain recursion is fine: a chain segment is a handful of nodes deep
        if node in memo:
            return memo[node]
        total = None
        for edge in edges_into.get(node, []):
            upstream = walk(edge["source"])
            if upstream is None:
                continue
            total = (total or 0.0) + float(edge["local"]) * upstream
            if edge["local_formula"] not in ("1", "", *formulas):
                formulas.append(edge["local_formula"])
        memo[node] = total
        return total

    for node in graph["nodes"]:  # other leaves lie on no path from source
        if node["kind"] in ("const", "input") and node["id"] != source:
            memo[node["id"]] = None
    return walk(target) or 0.0, formulas


def chain_rule(x: Any = 0.4) -> dict:
    """The chain-rule slider: x -> u = 3x + 2 -> v = u^2 -> L = sin v, forward values, local derivatives between the
    stages, and the backward gradients dL/d(stage) filled from the right."""
    x_value = number(x, "x")
    graph = trace(CHAIN_EXPRESSION, names=CHAIN_NAMES, output="L", x=x_value)
    by_label = {node["label"]: node for node in graph["nodes"]}
    stages = []
    for label in CHAIN_STAGES:
        node = by_label[label]
        stages.append({"label": label, "id": node["id"], "value": node["value"], "grad": node["grad"]})
    locals_ = []
    for left, right in zip(stages, stages[1:]):
        value, formulas = _path_derivative(graph, left["id"], right["id"])
        locals_.append(
            {"from": left["label"], "to": right["label"], "value": value, "formula": " · ".join(formulas) or "1"}
        )
    return json_safe(
        {
            "widget": "chain-rule",
            "x": x_value,
            "expression": CHAIN_EXPRESSION,
            "stages": stages,
            "locals": locals_,
            "seed": by_label["L"]["grad"],
            "nonfinite": graph["nonfinite"],
        }
    )


# Section 2: a graph, stepped through. Any expression the language allows; this one is the lesson's.
GRAPH_EXPRESSION = "(a*b + c)*d"
FANOUT_EXPRESSION = "(a*b + a)*d"  # a is used twice: its two gradient contributions add


def graph(expr: str = GRAPH_EXPRESSION, values: dict[str, Any] | None = None) -> dict:
    """The computation graph of `expr` with every node, edge and step (see trace). Variables without a value get 1, and
    are listed under "missing" so the widget can say so."""
    given, missing = variable_values(expr, values)
    result = trace(expr, **given)
    result["missing"] = missing
    return result


def numbers(value: Any, name: str) -> list[float]:
    """A list of numbers from a list or from text like "0.8, -0.4, 1.2"."""
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    if not items or (len(items) == 1 and str(items[0]).strip() == ""):
        raise ExpressionError(f"{name} is empty: give numbers separated by commas, such as 0.8, -0.4, 1.2")
    return [number(item, f"{name}[{i + 1}]") for i, item in enumerate(items)]


# Section 3: one sigmoid neuron, one SGD step.
NEURON_DEFAULTS = {"x": [0.8, -0.4, 1.2], "w": [0.2, -0.1, 0.3], "b": 0.1, "y": 1.0, "lr": 0.5}


def neuron(x: Any = None, w: Any = None, b: Any = None, y: Any = None, lr: Any = None, zero_grads: bool = True,
           requires_grad: list[bool] | None = None, prev_grads: dict | None = None) -> dict:
    """Forward, backward and one update of the lesson's neuron; numbers may arrive as text (attributes, inputs)."""
    d = NEURON_DEFAULTS
    xs = numbers(d["x"] if x is None else x, "x")
    ws = numbers(d["w"] if w is None else w, "w")
    if len(xs) != len(ws):
        raise ExpressionError(f"x has {len(xs)} numbers but w has {len(ws)}: give one weight per input")
    if len(xs) > 8:
        raise ExpressionError("at most 8 inputs, so every number still fits on screen")
    result = neuron_step(
        xs, ws, number(d["b"] if b is None else b, "b"), number(d["y"] if y is None else y, "y"),
        number(d["lr"] if lr is None else lr, "learning rate"), zero_grads=bool(zero_grads),
        requires_grad=requires_grad, prev_grads=prev_grads,
    )
    return json_safe(result)


def neuron_backward_first(x: Any = None, w: Any = None, b: Any = None, y: Any = None) -> dict:
    """Section 4, "forward first": ask for the neuron's backward pass before its forward pass has run.

    The loss L = 1/2 (sigmoid(w.x + b) - y)^2 is traced and handed to a Stepper at step 0, where nothing has run
    forward yet; its backward_step() refuses with StepOrderError. That refusal, with the engine's own message, is the
    answer (the bridge passes it to the page as {"ok": false, "error": {"type": "StepOrderError", ...}})."""
    d = NEURON_DEFAULTS
    xs = numbers(d["x"] if x is None else x, "x")
    ws = numbers(d["w"] if w is None else w, "w")
    if len(xs) != len(ws):
        raise ExpressionError(f"x has {len(xs)} numbers but w has {len(ws)}: give one weight per input")
    values = {f"x{i + 1}": v for i, v in enumerate(xs)} | {f"w{i + 1}": v for i, v in enumerate(ws)}
    values |= {"b": number(d["b"] if b is None else b, "b"), "y": number(d["y"] if y is None else y, "y")}
    z = " + ".join(f"w{i + 1}*x{i + 1}" for i in range(len(xs))) + " + b"
    stepper = Stepper(trace(f"0.5*(sigmoid({z}) - y)**2", **values))
    return stepper.backward_step()  # at step 0 every forward step is still to come: raises StepOrderError


def neuron_history(steps: Any = 50) -> dict:
    """Training the lesson's neuron for `steps` updates (section 5): loss, yhat, weights per step."""
    count = int(number(steps, "steps"))
    if not 0 < count <= 10_000:
        raise ExpressionError("steps must be between 1 and 10000")
    d = NEURON_DEFAULTS
    return json_safe(neuron_train(d["x"], d["w"], d["b"], d["y"], d["lr"], count))


XOR_MODELS = {"single": xor_single_history, "mlp": xor_mlp_history}


def xor(model: str = "mlp", seed: Any = 0, steps: Any = 5000, lr: Any = 2.0, every: Any = 1) -> dict:
    """XOR trained full batch (section 6): one neuron ("single") or a 2-2-1 network ("mlp") from a seeded start.
    Returns the loss and the four outputs every `every` steps, and where training ended."""
    if model not in XOR_MODELS:
        raise ExpressionError(f"model must be 'single' or 'mlp', not {str(model)[:20]!r}")
    count = int(number(steps, "steps"))
    stride = max(1, int(number(every, "every")))
    if not 0 < count <= 20_000:
        raise ExpressionError("steps must be between 1 and 20000")
    history = XOR_MODELS[model](steps=count, lr=number(lr, "learning rate"), seed=int(number(seed, "seed")))
    return json_safe({
        "model": model,
        "loss": history["loss"][::stride],
        "outputs": history["outputs"][::stride],
        "final_loss": history["loss"][-1],
        "final_outputs": history["outputs"][-1],
        "params": history["params"],
    })


FUNCTIONS = {
    "chain_rule": chain_rule,
    "graph": graph,
    "neuron": neuron,
    "neuron_backward_first": neuron_backward_first,
    "neuron_history": neuron_history,
    "xor": xor,
    "xor_lab": xor_lab,
    "xor_lab_start": xor_lab_start,
    "playground": playground,
}
# custom element tag -> the function that computes its state
TAGS = {
    "bp-chain-rule": chain_rule,
    "bp-graph-stepper": graph,
    "bp-neuron-trainer": neuron,
    "bp-xor-lab": xor_lab_start,
    "bp-playground": playground,
}


def call(function: Any, attributes: dict[str, Any]) -> dict:
    """Call an engine function with attribute-style arguments: those it names go to it directly; if it takes
    `values`, every other attribute is a variable's value (an expression's variables are attributes named after them).
    Attributes it does not take (min, max, step, ...) belong to the view and are ignored."""
    accepted = inspect.signature(function).parameters
    args: dict[str, Any] = {key: value for key, value in attributes.items() if key in accepted and key != "values"}
    if "values" in accepted:
        args["values"] = {key: value for key, value in attributes.items() if key not in accepted}
    return function(**args)


def state_for(tag: str, attributes: dict[str, str]) -> dict:
    """The state a widget shows for the given element attributes (used to prerender each widget's first frame)."""
    return call(TAGS[tag], attributes)
