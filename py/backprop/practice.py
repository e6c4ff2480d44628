"""Practice: the questions a widget asks before it shows a number, and the grading of the learner's answer.

`questions(widget, state)` reads a widget's own engine state (what widgets.chain_rule, widgets.graph or
widgets.neuron answered) and lists what the widget asks, in the order it asks: each question with its expected value,
the precision the widget shows it at, the question in words and in the widget's notation, and the wrong answers the
engine can tell apart ("candidates", each with the kind of mistake and a hint that never contains the answer).

`check(response, question)` grades one answer. The response is a number or arithmetic in the expression language with
constants only ("3*4", "-0.6857*6.4"), evaluated by the engine's own forward pass (never Python's eval). It is right
when it rounds to what the widget shows for the expected value. A response that is no number (empty, "abc", too long,
too large for a float) is "invalid": a message saying why, and it is not an attempt.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import InputError
from .expr import variables
from .trace import evaluate

__all__ = ["DECIMALS", "RESPONSE_LIMIT", "HINT_KINDS", "questions", "check", "shown"]

# The widgets show numbers with 4 decimals (web/js/format.js, fmt): an answer is graded at that precision.
DECIMALS = 4
RESPONSE_LIMIT = 200  # characters: a number or a short calculation, never a paste of a page
HINT_KINDS = ("sign", "local-only", "fan-out", "other-factor", "update-sign", "general")
# what the page shows for these characters, typed or pasted back: read as the language's operators
_TYPOGRAPHY = str.maketrans({"\u2212": "-", "×": "*", "·": "*", "÷": "/"})
_SIGN = "Check the sign: your answer has the right size but points the wrong way."


def shown(value: float, decimals: int = DECIMALS) -> str:
    """The text the page shows for `value` (format.js fmt): fixed decimals, or 4 significant digits in exponent form
    for a magnitude of 1e9 or more or below half the last decimal; rounded half up on the exact binary value, as
    JavaScript's toFixed does. The sign is dropped where the rounded number is zero."""
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    size = abs(x)
    if size != 0 and (size >= 1e9 or size < 10.0 ** -decimals / 2):
        exponent = math.floor(math.log10(size))
        mantissa = Decimal(size).scaleb(-exponent).quantize(Decimal(10) ** -(decimals - 1), ROUND_HALF_UP)
        if mantissa >= 10:
            mantissa, exponent = (mantissa / 10).quantize(Decimal(10) ** -(decimals - 1)), exponent + 1
        text = f"{mantissa}e{exponent}"
        return f"-{text}" if x < 0 else text
    text = str(Decimal(size).quantize(Decimal(10) ** -decimals, ROUND_HALF_UP))
    return f"-{text}" if x < 0 and Decimal(text) != 0 else text


def _finite(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values)


def _question(qid: str, notation: str, words: str, expected: float, general: str,
              candidates: list[tuple[str, float, str]], **extra: Any) -> dict:
    """One question. A candidate that the widget would show as the expected value is no mistake: dropped, as is a
    second candidate for the same shown value (the first kind listed wins)."""
    seen = {shown(expected)}
    kept = []
    for kind, value, hint in candidates:
        if not _finite(value) or shown(value) in seen:
            continue
        seen.add(shown(value))
        kept.append({"kind": kind, "value": value, "hint": hint})
    return {"id": qid, "notation": notation, "words": words, "expected": expected, "decimals": DECIMALS,
            "candidates": kept, "general": general, **extra}


# ---- what each widget asks --------------------------------------------------------------------------------------

def _chain_rule(state: dict) -> list[dict]:
    """The three local derivatives, as the backward pass meets them (dL/dv, dv/du, du/dx), then dL/dx."""
    stages = {s["label"]: s for s in state["stages"]}
    locals_ = state["locals"]
    x = state["x"]
    if not _finite(x, *(s["value"] for s in locals_), stages["x"]["grad"]):
        return []
    out = []
    for i in reversed(range(len(locals_))):
        local = locals_[i]
        top, bottom = local["to"], local["from"]
        notation = f"d{top}/d{bottom}"
        out.append(_question(
            notation, notation,
            f"the local derivative {notation}, how fast {top} changes with {bottom}, at x = {shown(x)}",
            local["value"],
            f"Differentiate the one step from {bottom} to {top} on its own (L = sin v, v = u², u = 3x + 2), then "
            f"put in the value of {bottom} shown above.",
            [("sign", -local["value"], _SIGN)]))
    grad_x = stages["x"]["grad"]
    grad_u = stages["u"]["grad"]
    du_dx = locals_[0]["value"]
    out.append(_question(
        "dL/dx", "dL/dx", f"the gradient dL/dx at x = {shown(x)}, the product of the local derivatives", grad_x,
        "dL/dx = dL/dv · dv/du · du/dx: multiply the three local derivatives you found.",
        [("sign", -grad_x, _SIGN),
         ("local-only", du_dx, "That is du/dx, the local derivative alone: multiply it by the upstream gradient "
                               "dL/du, which carries the rest of the chain.")]))
    return out


def _grad_name(label: str) -> str:
    """dL/da for a one-word label, dL/d(a*b + c) otherwise: as the graph writes it (graph-labels.js gradName)."""
    return f"dL/d{label}" if label.isidentifier() else f"dL/d({label})"


def _graph(state: dict) -> list[dict]:
    """Each node's gradient before the stepper shows it, in the order the backward pass completes them; a node used
    more than once (a fan-out) is asked for the sum of its contributions."""
    nodes, edges = state["nodes"], state["edges"]
    step_of_edge = {e: k for k, step in enumerate(state["steps"]) if step["phase"] == "backward" for e in step["edges"]}
    out = []
    for node in nodes:
        grad = node["grad"]
        if node["id"] == state["output"] or grad is None:
            continue
        uses = [e for e in edges if e["source"] == node["id"]]
        if not uses or not _finite(grad, node["value"], *(v for e in uses for v in (e["local"], e["upstream"]))):
            continue
        name, label = _grad_name(node["label"]), node["label"]
        targets = [nodes[e["target"]]["label"] for e in uses]
        candidates: list[tuple[str, float, str]] = [("sign", -grad, _SIGN)]
        if len(uses) > 1:  # first: one path alone is the likeliest slip, and may equal a local derivative's value
            for e, target in zip(uses, targets):
                candidates.append(("fan-out", e["contribution"],
                                   f"That is the contribution through {target} only: {label} is used {len(uses)} "
                                   "times, so add the contributions of all its uses."))
        for e, target in zip(uses, targets):
            candidates.append(("local-only", e["local"],
                               f"That is the local derivative of {target} with respect to {label} alone: multiply it "
                               f"by the upstream gradient {_grad_name(target)}."))
        if len(uses) > 1:
            candidates.append(("local-only", sum(e["local"] for e in uses),
                               "Those are the local derivatives alone: multiply each by the upstream gradient of the "
                               "node it feeds, then add."))
        for e, target in zip(uses, targets):
            parents = [edge["source"] for edge in edges if edge["target"] == e["target"]]
            if nodes[e["target"]]["op"] == "*" and len(set(parents)) == 2:
                swapped = grad - e["contribution"] + node["value"] * e["upstream"]
                candidates.append(("other-factor", swapped,
                                   f"In {target}, a product, the local derivative with respect to one factor is the "
                                   f"other factor: you multiplied by {label} itself."))
        fan = len(uses) > 1
        words = (f"the gradient {name}, the sum of the contributions of the {len(uses)} uses of {label}" if fan
                 else f"the gradient {name}")
        general = ("Each use of a node passes back its local derivative times the gradient of the node it feeds; a "
                   "node used more than once adds them." if fan else
                   f"{name} = local derivative of {targets[0]} with respect to {label} × {_grad_name(targets[0])}.")
        out.append(_question(name, name, words, grad, general, candidates,
                             node=node["id"], step=max(step_of_edge[e["id"]] for e in uses)))
    return sorted(out, key=lambda q: (q["step"], q["node"]))


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _neuron(state: dict) -> list[dict]:
    """delta, one weight's gradient (the first that has one) and that weight after the update."""
    delta, local, upstream = state["dL_dz"], state["dyhat_dz"], state["dL_dyhat"]
    if not _finite(delta, local, upstream):
        return []
    out = [_question(
        "delta", "δ = dL/dz", "delta, δ = dL/dz, the gradient of the loss with respect to z", delta,
        "δ = dL/dŷ · dŷ/dz: the gradient arriving at ŷ times the sigmoid's local slope.",
        [("sign", -delta, _SIGN),
         ("local-only", local, "That is dŷ/dz, the sigmoid's local slope alone: multiply it by the upstream gradient "
                               "dL/dŷ.")])]
    i = next((i for i, g in enumerate(state["dL_dw"]) if g is not None), None)
    if i is None:
        return out
    w, x, lr = state["w"][i], state["x"][i], state["lr"]
    grad, used, new = state["dL_dw"][i], state["grad_w"][i], state["w_new"][i]
    if not _finite(w, x, lr, grad, used, new):
        return out
    n = str(i + 1).translate(_SUB)
    out.append(_question(
        f"dL/dw{i + 1}", f"dL/dw{n}", f"the gradient dL/dw{n} of this backward pass", grad,
        f"z = w·x + b, so dz/dw{n} = x{n}: dL/dw{n} = δ · x{n}.",
        [("sign", -grad, _SIGN),
         ("local-only", x, f"That is dz/dw{n} = x{n}, the local derivative alone: multiply it by the upstream "
                           "gradient δ."),
         ("other-factor", delta * w, f"In the product w{n}·x{n}, the derivative with respect to w{n} is the other "
                                     f"factor, x{n}: you multiplied δ by w{n} itself.")]))
    out.append(_question(
        f"w{i + 1}_new", f"new w{n}", f"w{n} after the update, w{n} − lr · w{n}.grad", new,
        f"The update steps against the gradient: new w{n} = w{n} − lr · w{n}.grad, with the .grad the table shows.",
        [("update-sign", w + lr * used, f"The update goes against the gradient: subtract lr · w{n}.grad from w{n}, "
                                        "do not add it."),
         ("local-only", w - used, "Scale the gradient by the learning rate lr before subtracting it.")]))
    return out


_ASKS = {"chain-rule": _chain_rule, "graph": _graph, "neuron": _neuron}


def questions(widget: str, state: dict) -> dict:
    """What `widget` ("chain-rule", "graph" or "neuron") asks about `state`, its engine state: {"widget",
    "decimals", "questions"}; no questions where the numbers are not finite."""
    if widget not in _ASKS:
        raise InputError(f"practice has no questions for {str(widget)[:40]!r}: it asks chain-rule, graph or neuron")
    try:
        asked = _ASKS[widget](state)
    except (KeyError, TypeError, IndexError, AttributeError) as error:
        raise InputError(f"not a {widget} state: {error!r}"[:120]) from None
    return {"widget": widget, "decimals": DECIMALS, "questions": asked}


# ---- grading ----------------------------------------------------------------------------------------------------

def _invalid(message: str) -> dict:
    return {"status": "invalid", "message": message}


def _read(response: Any) -> float | dict:
    """The learner's response as a number, or an invalid answer saying why."""
    if not isinstance(response, str):
        return _invalid("Type a number, or a calculation such as 3*4.")
    text = response.translate(_TYPOGRAPHY).strip()
    if not text:
        return _invalid("Type your answer first: a number, or a calculation such as 3*4.")
    if len(text) > RESPONSE_LIMIT:
        return _invalid(f"That answer is {len(text):,} characters long; type a number or a short calculation (at "
                        f"most {RESPONSE_LIMIT} characters).")
    try:
        names = variables(text)
        if names:
            shown_names = ", ".join(repr(name[:20]) for name in names[:3])
            return _invalid(f"{shown_names} is not a number here: use numbers and + − * / ** ( ) only (pi, e and "
                            "functions such as sin(0.5) work too).")
        value = evaluate(text, {})
    except InputError as error:
        return _invalid(f"That is not a number or a calculation the engine can read: {error}.")
    except (ArithmeticError, ValueError) as error:
        return _invalid(f"That calculation has no value: {error}.")
    if not math.isfinite(value):
        return _invalid("That number is too large (or not a number at all) for the engine's floats; no gradient "
                        "here is that large.")
    return value


def check(response: Any, question: dict) -> dict:
    """Grade `response` against `question` (one of `questions`' answers). {"status": "invalid", "message"} when the
    response is no number (not an attempt); else {"status": "graded", "correct", "value" (the response evaluated),
    "kind" (the mistake: a HINT_KINDS entry, None when correct), "hint"}."""
    try:
        expected = float(question["expected"])
        decimals = int(question.get("decimals", DECIMALS))
        candidates = list(question.get("candidates") or [])
        general = str(question.get("general") or "Work it through again, one local derivative at a time.")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError("not a practice question: it needs expected, candidates and general") from None
    value = _read(response)
    if isinstance(value, dict):
        return value
    if shown(value, decimals) == shown(expected, decimals):
        return {"status": "graded", "correct": True, "value": value, "kind": None, "hint": "Right."}
    for candidate in candidates:
        if shown(value, decimals) == shown(candidate["value"], decimals):
            return {"status": "graded", "correct": False, "value": value, "kind": candidate["kind"],
                    "hint": candidate["hint"]}
    return {"status": "graded", "correct": False, "value": value, "kind": "general", "hint": general}
