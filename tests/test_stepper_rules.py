"""The graph widgets' stepper rules in JavaScript (web/js/stepper-rules.js) agree with the Python Stepper
(py/backprop/trace.py) on the same traces: at every step, forward and backward, both say the same values, gradients,
active edges and done edges are shown, and they clamp a step out of range the same way.

The traces come from backprop.trace in CPython, as the engine sends them (json_safe); the JS rules run under Node on
the same JSON. The Python Stepper is the original: the JS rules are its twin."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from backprop import Stepper, json_safe, trace

ROOT = Path(__file__).resolve().parents[1]
RULES = (ROOT / "web" / "js" / "stepper-rules.js").as_uri()

# stdin: [{trace, ks}]; stdout: per trace, what the JS rules show at each step, in the Python Stepper's words, and
# where each of `ks` clamps to
NODE_SCRIPT = f"""
import {{ readFileSync }} from "node:fs";
import {{ clampStep, stepCount, visibleAt }} from "{RULES}";
const cases = JSON.parse(readFileSync(0, "utf8"));
const out = cases.map(({{ trace, ks }}) => ({{
  states: Array.from({{ length: stepCount(trace) + 1 }}, (_, k) => {{
    const v = visibleAt(trace, k);
    return {{ k: v.k, n: v.n, phase: v.phase, visible_values: [...v.values], visible_grads: [...v.grads],
      active_edges: v.active, done_edges: [...v.done] }};
  }}),
  clamped: ks.map((k) => clampStep(trace, k)),
}}));
process.stdout.write(JSON.stringify(out));
"""

EXPRESSIONS = [
    ("(a*b + c)*d", {"a": 2, "b": 3, "c": -1, "d": 4}),  # the lesson's graph, section 2 of the lesson page
    ("(a*b + a)*d", {"a": 2, "b": 3, "d": 4}),  # fan-out: a's gradient waits for both contributions
    ("sin(x*y)**2 + x**y", {"x": 0.7, "y": 1.3}),  # a function, powers, a constant exponent (no gradient)
    ("tanh(exp(a*b) - (a + c)/(b*b + 1)) * sigmoid(c - a) + -(pi*c)", {"a": 0.3, "b": -1.1, "c": 0.8}),  # deeper
    ("x*y*x + log(x)", {"x": 1e308, "y": 10.0}),  # non-finite numbers travel as strings
    ("3*2 + x", {"x": 1.0}),  # an operation on constants only: no gradient flows into it
]


def random_expressions(count: int, seed: int) -> list[tuple[str, dict[str, float]]]:
    """Seeded random expressions with shared variables (fan-out) and constants, up to depth 5."""
    rng = random.Random(seed)

    def build(depth: int) -> str:
        r = rng.random()
        if depth == 0 or r < 0.25:
            return rng.choice(["a", "b", "c", "a", "2", "0.5", "pi"])
        if r < 0.4:
            return f"{rng.choice(['sin', 'exp', 'tanh', 'sigmoid', 'relu'])}({build(depth - 1)})"
        if r < 0.45:
            return f"-({build(depth - 1)})"
        return f"({build(depth - 1)} {rng.choice(['+', '-', '*'])} {build(depth - 1)})"

    out = []
    while len(out) < count:
        expr = build(rng.randint(2, 5))
        if any(name in expr for name in "abc"):
            out.append((expr, {"a": 0.4, "b": -0.9, "c": 1.3}))
    return out


def python_side(expr: str, values: dict[str, float]) -> tuple[dict, list[dict]]:
    traced = json_safe(trace(expr, **values))
    stepper = Stepper(traced)
    states = []
    while True:  # the Stepper walked one click at a time: forward steps, the seed, then backward steps
        states.append(stepper.state())
        if stepper.k == stepper.n:
            break
        stepper.next()
    return traced, states


def run_node(cases: list[dict]) -> list[dict]:
    node = shutil.which("node")
    assert node, "node is needed to run the JS stepper rules"
    done = subprocess.run([node, "--input-type=module", "-e", NODE_SCRIPT], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def check(expressions: list[tuple[str, dict[str, float]]]) -> int:
    pythons = [python_side(expr, values) for expr, values in expressions]
    cases = []
    for traced, _ in pythons:
        n = traced["n_steps"]
        cases.append({"trace": traced, "ks": [-5, -1, 0, 1, 2.7, n - 1, n, n + 1, n + 100]})
    answers = run_node(cases)
    compared = 0
    for (expr, _), (traced, states), case, js in zip(expressions, pythons, cases, answers):
        assert len(js["states"]) == len(states), expr
        for k, (py_state, js_state) in enumerate(zip(states, js["states"])):
            assert js_state == py_state, (expr, k)
            compared += 1
        reference = Stepper(traced)
        assert js["clamped"] == [reference.goto(k)["k"] for k in case["ks"]], expr
    return compared


def test_lesson_and_hand_picked_expressions():
    compared = check(EXPRESSIONS)
    # (a*b + c)*d has 3 operations: inputs, 3 forward, the seed, 3 backward
    assert compared >= 8 * len(EXPRESSIONS)


def test_lesson_graph_steps_by_hand():
    """The Python side itself, on the lesson's graph, against the steps worked out by hand: so a change that broke
    both sides alike could not pass. Nodes: a0 b1 c2 d3, a*b 4, a*b + c 5, L 6; edges 0 a->4, 1 b->4, 2 (4)->5,
    3 c->5, 4 (5)->6, 5 d->6."""
    _, states = python_side("(a*b + c)*d", {"a": 2, "b": 3, "c": -1, "d": 4})
    seen = [(s["phase"], s["visible_values"], s["visible_grads"], s["active_edges"], s["done_edges"]) for s in states]
    assert seen == [
        ("inputs", [0, 1, 2, 3], [], [], []),
        ("forward", [0, 1, 2, 3, 4], [], [0, 1], []),
        ("forward", [0, 1, 2, 3, 4, 5], [], [2, 3], []),
        ("forward", [0, 1, 2, 3, 4, 5, 6], [], [4, 5], []),
        ("seed", [0, 1, 2, 3, 4, 5, 6], [6], [], []),
        ("backward", [0, 1, 2, 3, 4, 5, 6], [6, 5, 3], [4, 5], [4, 5]),
        ("backward", [0, 1, 2, 3, 4, 5, 6], [6, 5, 3, 4, 2], [2, 3], [4, 5, 2, 3]),
        ("backward", [0, 1, 2, 3, 4, 5, 6], [6, 5, 3, 4, 2, 0, 1], [0, 1], [4, 5, 2, 3, 0, 1]),
    ]
    check([("(a*b + c)*d", {"a": 2, "b": 3, "c": -1, "d": 4})])


def test_fan_out_gradient_waits_for_every_contribution():
    """In (a*b + a)*d, a feeds two edges: its gradient appears only at the step that delivers the second one, in
    the JS rules as in Python."""
    traced, states = python_side("(a*b + a)*d", {"a": 2, "b": 3, "d": 4})
    a = next(nd["id"] for nd in traced["nodes"] if nd["label"] == "a")
    first = next(k for k, s in enumerate(states) if a in s["visible_grads"])
    backward_into_a = [k for k, s in enumerate(states) if s["phase"] == "backward"
                       and any(traced["edges"][e]["source"] == a for e in s["active_edges"])]
    assert len(backward_into_a) == 2 and first == backward_into_a[1]
    check([("(a*b + a)*d", {"a": 2, "b": 3, "d": 4})])


@pytest.mark.parametrize("seed", [1, 2])
def test_random_expressions(seed):
    assert check(random_expressions(15, seed)) > 15 * 4
