"""trace() and Stepper: the JSON format, labels, steps, the stepper's rules, and gradients vs finite differences."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import assume, given, settings

from backprop import ExpressionError, SettingError, Stepper, StepOrderError, json_safe, to_json_number, trace
from backprop.trace import evaluate
from tests.conftest import centred_difference, expressions, relative_error, trace_generated, variable_values

NUM_TYPES = (int, float)


def _check_json_types(obj: Any) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            assert isinstance(k, str)
            _check_json_types(v)
    elif isinstance(obj, list):
        for v in obj:
            _check_json_types(v)
    else:
        assert obj is None or isinstance(obj, (str, bool, int, float)), type(obj)
        if isinstance(obj, float):
            assert math.isfinite(obj)


def _from_json_number(x: Any) -> float:
    return float(x.replace("Infinity", "inf")) if isinstance(x, str) else float(x)


def test_format_of_the_section_2_example() -> None:
    t = trace("(a*b + c)*d", a=2, b=3, c=-1, d=4)
    assert set(t) == {"expression", "variables", "nodes", "edges", "output", "forward_order", "backward_order", "steps",
                      "n_steps", "nonfinite"}
    assert t["expression"] == "(a*b + c)*d"
    assert t["variables"] == {"a": 2.0, "b": 3.0, "c": -1.0, "d": 4.0}
    assert [n["id"] for n in t["nodes"]] == list(range(len(t["nodes"])))
    for n in t["nodes"]:
        assert set(n) == {"id", "label", "op", "kind", "value", "grad", "text", "finite"}
    for e in t["edges"]:
        assert set(e) == {"id", "source", "target", "slot", "local", "local_formula", "upstream", "contribution"}
    labels = [n["label"] for n in t["nodes"]]
    assert labels == ["a", "b", "c", "d", "a*b", "a*b + c", "L"]
    assert [n["kind"] for n in t["nodes"]] == ["input"] * 4 + ["op"] * 3
    assert [n["op"] for n in t["nodes"]] == ["", "", "", "", "*", "+", "*"]
    assert t["output"] == 6
    assert t["forward_order"] == [4, 5, 6] and t["backward_order"] == [6, 5, 4]
    assert t["n_steps"] == 7 == len(t["steps"]) - 1
    assert t["steps"][0] == {"phase": "inputs"}
    assert t["steps"][1:4] == [{"phase": "forward", "node": i} for i in (4, 5, 6)]
    assert t["steps"][4] == {"phase": "seed", "node": 6}
    for step, node in zip(t["steps"][5:], (6, 5, 4)):
        assert step["phase"] == "backward" and step["node"] == node
        assert step["edges"] == [e["id"] for e in t["edges"] if e["target"] == node]
    assert t["nonfinite"] is False
    _check_json_types(t)
    json.dumps(t, allow_nan=False)


def test_edges_carry_local_times_upstream() -> None:
    t = trace("(a*b + c)*d", a=2, b=3, c=-1, d=4)
    by_label = {n["label"]: n for n in t["nodes"]}
    for e in t["edges"]:
        target = t["nodes"][e["target"]]
        assert e["upstream"] == target["grad"]
        assert e["contribution"] == e["local"] * e["upstream"]
    # each input's gradient is the sum of the contributions on its outgoing edges
    for n in t["nodes"]:
        if n["grad"] is not None and n["id"] != t["output"]:
            total = sum(e["contribution"] for e in t["edges"] if e["source"] == n["id"])
            assert total == n["grad"]
    edge = next(e for e in t["edges"] if e["source"] == by_label["a"]["id"])
    assert edge["local"] == 3.0 and edge["local_formula"] == "b" and edge["upstream"] == 4.0
    assert edge["contribution"] == 12.0


def test_names_label_intermediates_by_structure() -> None:
    names = {"3 * x+2": "u", "((3*x + 2))**2": "v"}  # spacing and redundant parentheses do not matter
    t = trace("sin((3*x + 2)**2)", names=names, x=0.4)
    labels = {n["label"]: n for n in t["nodes"]}
    assert labels["u"]["text"] == "3*x + 2" and labels["u"]["op"] == "+"
    assert labels["v"]["text"] == "(3*x + 2)**2" and labels["v"]["op"] == "**"
    assert labels["L"]["op"] == "sin" and labels["L"]["id"] == t["output"]
    formulas = {(t["nodes"][e["source"]]["label"], t["nodes"][e["target"]]["label"]): e["local_formula"]
                for e in t["edges"]}
    assert formulas[("v", "L")] == "cos v"
    assert formulas[("u", "v")] == "2u"
    assert formulas[("x", "3*x")] == "3"
    custom = trace("x*y", output="loss", x=1, y=2)
    assert custom["nodes"][custom["output"]]["label"] == "loss"


def test_a_variable_used_twice_is_one_node_that_fans_out() -> None:
    t = trace("(a*b + a)*d", a=2, b=3, d=4)
    inputs = [n for n in t["nodes"] if n["kind"] == "input"]
    assert [n["label"] for n in inputs] == ["a", "b", "d"]
    a = inputs[0]
    out_edges = [e for e in t["edges"] if e["source"] == a["id"]]
    assert len(out_edges) == 2
    assert sorted(e["contribution"] for e in out_edges) == [4.0, 12.0]
    assert a["grad"] == 16.0


def test_constants_are_leaves_without_gradient() -> None:
    t = trace("2*x + pi - 3", x=1.0)
    consts = [n for n in t["nodes"] if n["kind"] == "const"]
    assert [n["label"] for n in consts] == ["2", "pi", "3"]
    assert all(n["grad"] is None for n in consts)
    for e in t["edges"]:
        if t["nodes"][e["source"]]["kind"] == "const":
            assert e["contribution"] is None
    neg = trace("x * -3", x=2.0)
    assert [n["label"] for n in neg["nodes"] if n["kind"] == "const"] == ["-3"]
    assert neg["nodes"][neg["output"]]["value"] == -6.0


def test_long_subexpressions_get_short_names() -> None:
    t = trace("sin(x*y + y*y + x*x + x*y*y) * y", x=0.1, y=0.2)
    for n in t["nodes"]:
        assert len(n["label"]) <= 24
        if n["kind"] == "op" and n["id"] != t["output"] and len(n["text"]) > 24:
            assert n["label"] == f"n{n['id']}"


def test_ids_are_stable() -> None:
    assert trace("(a*b + a)*d", a=2, b=3, d=4) == trace("(a*b + a)*d", a=2, b=3, d=4)


def test_expression_without_variables_and_a_bare_variable() -> None:
    t = trace("2*3")
    assert t["nodes"][t["output"]]["value"] == 6.0 and t["nodes"][t["output"]]["grad"] is None
    assert t["n_steps"] == 1 + 1 + 1
    bare = trace("x", x=5)
    assert bare["n_steps"] == 1 and bare["nodes"][0]["grad"] == 1.0


def test_missing_reserved_and_shadowing_variables() -> None:
    with pytest.raises(ExpressionError, match="no value given for the variable 'y'") as info:
        trace("x + y", x=1)
    assert info.value.column == 5
    with pytest.raises(ExpressionError, match="'sin' is a built-in function"):
        trace("x", x=1, sin=2)
    with pytest.raises(ExpressionError, match="'pi' is a built-in constant"):
        trace("x", x=1, pi=3)
    with pytest.raises(ExpressionError, match="reserved"):
        trace("output + 1", output="L")
    with pytest.raises(ExpressionError, match="variable name 'expression' is reserved"):
        trace("expression * 2", expression=2)  # not a clash with trace's own first argument
    with pytest.raises(SettingError, match="must be a number"):
        trace("x + 1", x="1")  # type: ignore[arg-type]
    unused = trace("x + 1", x=1, y=2)  # extra values are ignored
    assert unused["variables"] == {"x": 1.0}


def test_evaluate_is_the_forward_pass_alone() -> None:
    # against the math module: worked out without the engine
    assert evaluate("sin(x*y) + x**2", {"x": 0.5, "y": 1.5}) == pytest.approx(math.sin(0.75) + 0.25, rel=1e-15)
    assert evaluate("(a*b + c)*d", {"a": 2, "b": 3, "c": -1, "d": 4}) == 20.0
    assert evaluate("log(x)", {"x": 0.0}) == -math.inf
    # checked as trace checks: the same refusals
    with pytest.raises(ExpressionError, match="no value given for the variable 'y'"):
        evaluate("x + y", {"x": 1})
    with pytest.raises(ExpressionError, match="variable name 'expression' is reserved"):
        evaluate("expression + 1", {"expression": 1})


def test_nonfinite_values_are_encoded_for_json() -> None:
    for expression, value in (("exp(x)", 1000.0), ("log(x)", 0.0), ("log(x)", -1.0), ("x / (x - x)", 1.0)):
        t = trace(expression, x=value)
        assert t["nonfinite"] is True
        text = json.dumps(t, allow_nan=False)
        assert json.loads(text) == t
        _check_json_types(t)
    t = trace("exp(x)", x=1000.0)
    assert t["nodes"][t["output"]]["value"] == "Infinity"
    assert t["nodes"][t["output"]]["finite"] is False
    assert trace("log(x)", x=0.0)["nodes"][-1]["value"] == "-Infinity"
    assert trace("log(x)", x=-1.0)["nodes"][-1]["value"] == "NaN"
    assert trace("x**2", x=-1.0)["nonfinite"] is False  # the unused d/d(2) edge (ln of -1) is not flagged


def test_to_json_number_and_json_safe() -> None:
    assert to_json_number(math.inf) == "Infinity"
    assert to_json_number(-math.inf) == "-Infinity"
    assert to_json_number(math.nan) == "NaN"
    assert to_json_number(1.5) == 1.5 and to_json_number(None) is None and to_json_number(3) == 3
    data = {"a": (1.0, math.inf), 2: [math.nan, {"b": -math.inf}], "c": True, "d": None, "e": "s"}
    assert json_safe(data) == {"a": [1.0, "Infinity"], "2": ["NaN", {"b": "-Infinity"}], "c": True, "d": None,
                               "e": "s"}
    with pytest.raises(TypeError):
        json_safe({"x": object()})


# ---- Stepper ---------------------------------------------------------------------------------------------------

def test_stepper_walks_section_2() -> None:
    t = trace("(a*b + c)*d", a=2, b=3, c=-1, d=4)
    s = Stepper(t)
    assert (s.k, s.n) == (0, 7)
    st0 = s.state()
    assert st0 == {"k": 0, "n": 7, "phase": "inputs", "visible_values": [0, 1, 2, 3], "visible_grads": [],
                   "active_edges": [], "done_edges": []}
    assert s.next()["visible_values"] == [0, 1, 2, 3, 4]
    assert s.next()["visible_values"] == [0, 1, 2, 3, 4, 5]
    st3 = s.next()
    assert st3["phase"] == "forward" and st3["active_edges"] == [4, 5]
    seed = s.next()
    assert seed["phase"] == "seed" and seed["visible_grads"] == [6]
    b1 = s.next()  # L's incoming edges: dL/d(a*b+c) = 4 and dL/dd = 5 arrive, both complete
    assert b1["active_edges"] == [4, 5] and b1["done_edges"] == [4, 5]
    assert sorted(b1["visible_grads"]) == [3, 5, 6]
    s.next()
    last = s.next()
    assert last["k"] == 7 and sorted(last["visible_grads"]) == list(range(7))
    assert sorted(last["done_edges"]) == list(range(6))
    assert s.next()["k"] == 7  # clamped at the end
    assert s.previous()["k"] == 6
    assert s.reset()["k"] == 0
    assert s.goto(99)["k"] == 7 and s.goto(-3)["k"] == 0
    with pytest.raises(ValueError):
        s.state(8)


def test_fan_out_gradient_appears_only_when_complete() -> None:
    t = trace("(a*b + a)*d", a=2, b=3, d=4)
    s = Stepper(t)
    a = 0
    s.forward()
    seen_at = None
    for k in range(s.k, s.n + 1):
        state = s.state(k)
        if a in state["visible_grads"]:
            seen_at = k
            break
        arrived = [e for e in state["done_edges"] if t["edges"][e]["source"] == a]
        assert len(arrived) < 2  # one contribution in, the other not yet: a's grad is still hidden
    assert seen_at == s.n  # a's second contribution (through a*b) arrives in the last step
    edges_of_a = [e["id"] for e in t["edges"] if e["source"] == a]
    before = s.state(seen_at - 1)["done_edges"]
    assert len([e for e in edges_of_a if e in before]) == 1


def test_backward_before_forward_is_refused() -> None:
    s = Stepper(trace("(a*b + c)*d", a=2, b=3, c=-1, d=4))
    s.goto(2)
    with pytest.raises(StepOrderError) as info:
        s.backward_step()
    assert isinstance(info.value, ValueError)
    assert str(info.value) == ("Run the forward pass first: the backward pass needs the values the forward pass writes "
                               "(step 3 of 7 is still forward)")
    assert s.k == 2
    assert s.forward()["k"] == 3
    assert s.backward_step()["phase"] == "seed"
    assert s.backward_step()["phase"] == "backward"
    assert s.forward()["k"] == 5  # forward() never moves backwards


def test_stepper_state_depends_only_on_the_trace() -> None:
    t = trace("sin(x*y) + x", x=0.3, y=-1.2)
    s1, s2 = Stepper(t), Stepper(json.loads(json.dumps(t)))
    assert [s1.state(k) for k in range(s1.n + 1)] == [s2.state(k) for k in range(s2.n + 1)]


# ---- gradients of random expressions vs centred finite differences ------------------------------------------------

def _kinks_are_far(t: dict[str, Any], margin: float) -> bool:
    """No relu, sqrt, log, division or power sits near a kink or a singularity at this point."""
    for n in t["nodes"]:
        if n["kind"] != "op":
            continue
        parents = [t["nodes"][e["source"]] for e in t["edges"] if e["target"] == n["id"]]
        if n["op"] in ("relu", "sqrt", "log") and abs(_from_json_number(parents[0]["value"])) < margin:
            return False
        if n["op"] == "/" and abs(_from_json_number(parents[1]["value"])) < margin:
            return False
        if n["op"] == "**" and abs(_from_json_number(parents[0]["value"])) < margin:
            return False
    return True


@given(expression=expressions, values=variable_values)
@settings(max_examples=300, deadline=None)
def test_random_expressions_match_finite_differences(expression: str, values: dict[str, float]) -> None:
    t = trace_generated(expression, values)
    assume(not t["nonfinite"])
    assume(abs(_from_json_number(t["nodes"][t["output"]]["value"])) < 1e6)
    assume(all(abs(_from_json_number(n["grad"])) < 1e6 for n in t["nodes"] if n["grad"] is not None))
    assume(_kinks_are_far(t, 1e-2))
    h = 1e-5

    def f(name: str, x: float) -> float:
        shifted = dict(values, **{name: x})
        out = trace(expression, **shifted)
        return _from_json_number(out["nodes"][out["output"]]["value"])

    for node in t["nodes"]:
        if node["kind"] != "input":
            continue
        name = node["label"]
        fd = centred_difference(lambda x: f(name, x), values[name], h)
        fd_coarse = centred_difference(lambda x: f(name, x), values[name], 4 * h)
        assume(math.isfinite(fd) and relative_error(fd, fd_coarse) < 1e-7)  # smooth here (no kink crossed)
        assert relative_error(_from_json_number(node["grad"]), fd) < 1e-6, (expression, values, name, node["grad"], fd)
