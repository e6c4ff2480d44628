"""What each widget asks the engine, answered as plain JSON-able data.

One function per widget. The browser calls them through `bridge.handle`; the build calls the very same functions in
CPython to prerender each widget's first frame. Every number here is produced by `trace` or `models`; this module only
picks them out and names them for the view.
"""

from __future__ import annotations

import inspect
from typing import Any

from .errors import SettingError
from .inputs import number, variable_values
from .jsonsafe import json_safe
from .models import XOR_MODELS, neuron_step, neuron_train, xor_fit, xor_init
from .settings import choice, numbers, setting, switch, whole
from .trace import Stepper, trace
from .playground import playground
from .practice import check as practice_check
from .practice import questions as practice_questions
from .xor_lab import xor_lab, xor_lab_start
from .costs import gradient_cost
from .saturation import sigmoid_chain, xor_saturation

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


def fan_out(a: Any = 2, b: Any = 3, d: Any = 4) -> dict:
    """The fan-out example's graph (as graph() answers it) and, by name, what `a` receives along each of its two
    paths and their sum (section 7 of the lesson: why the backward pass adds into a gradient)."""
    result = graph(FANOUT_EXPRESSION, {"a": a, "b": b, "d": d})
    a_id = next(node["id"] for node in result["nodes"] if node["label"] == "a")
    into = {result["nodes"][e["target"]]["op"]: e for e in result["edges"] if e["source"] == a_id}
    result["a_paths"] = {"via_product": into["*"]["contribution"], "via_sum": into["+"]["contribution"],
                         "local_via_product": into["*"]["local"], "grad": result["nodes"][a_id]["grad"]}
    result["backward_labels"] = [result["nodes"][i]["label"] for i in result["backward_order"]]
    return result


# Section 3: one sigmoid neuron, one SGD step. Its starting point and limits are sent with every answer, so the page
# keeps no copy of them.
NEURON_DEFAULTS = {"x": [0.8, -0.4, 1.2], "w": [0.2, -0.1, 0.3], "b": 0.1, "y": 1.0, "lr": 0.5}
# the most inputs, so every number still fits on screen; the most updates one answer runs (steps)
NEURON_LIMITS = {"inputs": 8, "steps": 1000}
NEURON_NAMES = {"x": "x", "w": "w", "b": "b (bias)", "y": "y (target)", "lr": "learning rate"}


def _neuron_inputs(x: Any, w: Any) -> tuple[list[float], list[float]]:
    """The neuron's inputs and weights (the lesson's where not given), one weight per input, at most the limit."""
    xs = numbers(NEURON_DEFAULTS["x"] if x is None else x, "x")
    ws = numbers(NEURON_DEFAULTS["w"] if w is None else w, "w")
    if len(xs) != len(ws):
        raise SettingError(f"x has {len(xs)} numbers but w has {len(ws)}: give one weight per input")
    if len(xs) > NEURON_LIMITS["inputs"]:
        raise SettingError(f"at most {NEURON_LIMITS['inputs']} inputs, so every number still fits on screen")
    return xs, ws


def _neuron_number(value: Any, name: str) -> float:
    default = NEURON_DEFAULTS[name]
    return setting(default if value is None else value, NEURON_NAMES[name], f"{default:g}")


def _no_grad_flags(no_grad: Any, n: int) -> list[bool]:
    """requires_grad for n weights and the bias, from the parameters named to have it off: "w2, b" (text, as the
    no-grad attribute gives them) or a list of names; weights count from 1, as the page shows them."""
    names = no_grad.replace(",", " ").split() if isinstance(no_grad, str) else list(no_grad or [])
    allowed = [f"w{i + 1}" for i in range(n)] + ["b"]
    for name in names:
        if name not in allowed:
            raise SettingError(f"no-grad names parameters w1 to w{n} and b, separated by commas, not {str(name)[:20]!r}")
    return [name not in names for name in allowed]


def _neuron_once(xs: Any, ws: Any, b: Any, y: Any, lr: Any, zero: bool, flags: list[bool] | None,
                 prev_grads: dict | None) -> dict:
    """One forward, backward and update, from numbers as the page sends them (text, or the JSON of an earlier
    answer): what one click of "One step" asks."""
    xs, ws = _neuron_inputs(xs, ws)
    result = neuron_step(
        xs, ws, _neuron_number(b, "b"), _neuron_number(y, "y"), _neuron_number(lr, "lr"),
        zero_grads=zero, requires_grad=flags, prev_grads=prev_grads,
    )
    return json_safe(result)


def neuron(x: Any = None, w: Any = None, b: Any = None, y: Any = None, lr: Any = None, steps: Any = 0,
           no_zero_grad: Any = False, no_grad: Any = None, prev_grads: dict | None = None) -> dict:
    """The lesson's neuron after `steps` updates from its starting point: forward, backward and the next update.
    Numbers may arrive as text (attributes, inputs); any not given is the lesson's (NEURON_DEFAULTS).

    The switches of section 4: `no_zero_grad` (true, or an attribute's text other than "false"/"off": gradients are
    not zeroed, so each backward pass adds onto the .grad buffers left by the one before; `prev_grads` are the buffers
    to start from) and `no_grad` (the parameters with requires_grad off, e.g. "w2, b"). Each update starts from the
    previous answer's w_new, b_new and buffers, exactly as the page's "One step" sends them back, so `steps` here and
    that many clicks give the same numbers bit for bit. At most NEURON_LIMITS["steps"].

    The answer: neuron_step's numbers for the current parameters, and steps, losses (losses[k] after k updates),
    carried (the buffers this pass started from, or None), zero_grads, requires_grad, start (the starting w and b) and
    limits (NEURON_LIMITS)."""
    count = whole(steps, "steps", 0, NEURON_LIMITS["steps"], "10")
    zero = not switch(no_zero_grad)
    xs, ws = _neuron_inputs(x, w)
    flags = _no_grad_flags(no_grad, len(ws))
    carried = None if zero else prev_grads
    state = _neuron_once(xs, ws, b, y, lr, zero, flags, carried)
    start = {"w": state["w"], "b": state["b"]}
    losses = [state["loss"]]
    for _ in range(count):
        carried = None if zero else {"w": state["grad_w"], "b": state["grad_b"]}
        state = _neuron_once(state["x"], state["w_new"], state["b_new"], state["y"], state["lr"], zero, flags, carried)
        losses.append(state["loss"])
    return {**state, "limits": NEURON_LIMITS, "steps": count, "losses": losses, "carried": carried,
            "zero_grads": zero, "requires_grad": flags, "start": start}


def neuron_backward_first(x: Any = None, w: Any = None, b: Any = None, y: Any = None) -> dict:
    """Section 4, "forward first": ask for the neuron's backward pass before its forward pass has run.

    The loss L = 1/2 (sigmoid(w.x + b) - y)^2 is traced and handed to a Stepper at step 0, where nothing has run
    forward yet; its backward_step() refuses with StepOrderError. That refusal, with the engine's own message, is the
    answer (the bridge passes it to the page as {"ok": false, "error": {"type": "StepOrderError", ...}})."""
    xs, ws = _neuron_inputs(x, w)
    values = {f"x{i + 1}": v for i, v in enumerate(xs)} | {f"w{i + 1}": v for i, v in enumerate(ws)}
    values |= {"b": _neuron_number(b, "b"), "y": _neuron_number(y, "y")}
    z = " + ".join(f"w{i + 1}*x{i + 1}" for i in range(len(xs))) + " + b"
    stepper = Stepper(trace(f"0.5*(sigmoid({z}) - y)**2", **values))
    return stepper.backward_step()  # at step 0 every forward step is still to come: raises StepOrderError


def _steps(steps: Any, most: int) -> int:
    """A step count from 1 to `most`; a fraction is cut to its whole part, as int() does."""
    count = int(setting(steps, "steps", "50"))
    if not 0 < count <= most:
        raise SettingError(f"steps must be between 1 and {most}")
    return count


def neuron_history(steps: Any = 50) -> dict:
    """Training the lesson's neuron for `steps` updates (section 5): loss, yhat, weights per step."""
    count = _steps(steps, 10_000)
    d = NEURON_DEFAULTS
    return json_safe(neuron_train(d["x"], d["w"], d["b"], d["y"], d["lr"], count))


def xor(model: str = "mlp", seed: Any = 0, steps: Any = 5000, lr: Any = 2.0, every: Any = 1) -> dict:
    """XOR trained full batch (section 6): one neuron ("single") or a 2-2-1 network ("mlp") from a seeded start.
    Returns the loss and the four outputs every `every` steps, and where training ended."""
    name = choice(model, "model", XOR_MODELS, "'single' or 'mlp'")
    count = _steps(steps, 20_000)
    stride = max(1, int(setting(every, "every", "1")))
    fit = xor_fit(name, xor_init(name, int(setting(seed, "seed", "0"))), count, setting(lr, "learning rate", "2.0"))
    return json_safe({
        "model": name,
        "loss": fit["loss"][::stride],
        "outputs": fit["outputs"][::stride],
        "final_loss": fit["loss"][-1],
        "final_outputs": fit["outputs"][-1],
        "params": fit["params"],
    })


def xor_neuron(w1: Any = 0, w2: Any = 0, b: Any = 0) -> dict:
    """One neuron on XOR at the parameters given, untrained (section 6 compares two answers that cost the same):
    xor_lab's report at [w1, w2, b], final_loss, outputs and grad_norm among it."""
    return xor_lab(model="single", params=[w1, w2, b], steps=0, grid=0)


FUNCTIONS = {
    "chain_rule": chain_rule,
    "graph": graph,
    "neuron": neuron,
    "neuron_backward_first": neuron_backward_first,
    "neuron_history": neuron_history,
    "xor": xor,
    "xor_neuron": xor_neuron,
    "xor_lab": xor_lab,
    "xor_lab_start": xor_lab_start,
    "playground": playground,
    # practice mode (practice.py): what a widget asks about its state, and the grading of one answer
    "practice_questions": practice_questions,
    "practice_check": practice_check,
    "fan_out": fan_out,
    "gradient_cost": gradient_cost,
    "sigmoid_chain": sigmoid_chain,
    "xor_saturation": xor_saturation,
}
def call(function: Any, attributes: dict[str, Any]) -> dict:
    """Call an engine function with attribute-style arguments: those it names go to it directly (an attribute's
    hyphens are the parameter's underscores: no-zero-grad is no_zero_grad); if it takes `values`, every other
    attribute is a variable's value (an expression's variables are attributes named after them). Attributes it does
    not take (min, max, step, ...) belong to the view and are ignored."""
    accepted = inspect.signature(function).parameters

    def parameter(key: str) -> str:
        return key.replace("-", "_")

    args: dict[str, Any] = {
        parameter(key): value for key, value in attributes.items() if parameter(key) in accepted and key != "values"
    }
    if "values" in accepted:
        args["values"] = {key: value for key, value in attributes.items() if parameter(key) not in accepted}
    return function(**args)
