"""Practice mode's engine side (backprop/practice.py): what each widget asks, grading at the shown precision, the
hint kinds, and bad answers. Expected values by hand arithmetic (math's own functions for the sigmoid and cosine)."""

import json
import math
import re
from pathlib import Path

import pytest

from backprop import bridge
from backprop import practice as P
from backprop import widgets as W

ROOT = Path(__file__).resolve().parents[1]


def by_id(widget, state):
    return {q["id"]: q for q in P.questions(widget, state)["questions"]}


def graded(response, question):
    result = P.check(response, question)
    assert result["status"] == "graded", result
    return result


# ---- what each widget asks ----------------------------------------------------------------------------------------

def test_chain_rule_asks_the_local_derivatives_then_dl_dx():
    qs = P.questions("chain-rule", W.chain_rule(0.4))["questions"]
    assert [q["notation"] for q in qs] == ["dL/dv", "dv/du", "du/dx", "dL/dx"]
    u = 3 * 0.4 + 2
    v = u * u
    expected = [math.cos(v), 2 * u, 3.0, math.cos(v) * 2 * u * 3]
    for q, value in zip(qs, expected):
        assert q["expected"] == pytest.approx(value, rel=1e-12)
        assert q["decimals"] == 4
        assert "x = 0.4000" in q["words"]


def test_graph_asks_each_gradient_in_the_order_the_backward_pass_completes_it():
    trace = W.graph("(a*b + c)*d", {"a": "2", "b": "3", "c": "-1", "d": "4"})
    qs = P.questions("graph", trace)["questions"]
    # by hand: L = (a*b + c)*d = 20; dL/dd = a*b + c = 5, dL/d(a*b + c) = d = 4, dL/dc = dL/d(a*b) = 4,
    # dL/da = b*4 = 12, dL/db = a*4 = 8; the output's own dL/dL = 1 is not asked
    assert {q["notation"]: q["expected"] for q in qs} == {
        "dL/dd": 5, "dL/d(a*b + c)": 4, "dL/dc": 4, "dL/d(a*b)": 4, "dL/da": 12, "dL/db": 8}
    steps = [q["step"] for q in qs]
    assert steps == sorted(steps)
    for q in qs:  # asked at the step that reveals it: a backward step
        assert trace["steps"][q["step"]]["phase"] == "backward"
    assert [q["notation"] for q in qs][-2:] == ["dL/da", "dL/db"]


def test_graph_fan_out_asks_the_sum():
    qs = by_id("graph", W.graph("(a*b + a)*d", {"a": "2", "b": "3", "d": "4"}))
    q = qs["dL/da"]
    assert q["expected"] == 16  # (b + 1)*d: 12 through a*b, 4 through the sum
    assert "sum of the contributions of the 2 uses of a" in q["words"]


def test_neuron_asks_delta_one_weight_gradient_and_that_weight_after_the_update():
    qs = P.questions("neuron", W.neuron())["questions"]
    z = 0.8 * 0.2 + (-0.4) * (-0.1) + 1.2 * 0.3 + 0.1  # 0.66
    yhat = 1 / (1 + math.exp(-z))
    delta = (yhat - 1) * yhat * (1 - yhat)
    assert [q["notation"] for q in qs] == ["δ = dL/dz", "dL/dw₁", "new w₁"]
    assert [q["expected"] for q in qs] == pytest.approx([delta, delta * 0.8, 0.2 - 0.5 * delta * 0.8], rel=1e-12)


def test_neuron_skips_a_weight_with_no_gradient():
    qs = P.questions("neuron", W.neuron(no_grad="w1"))["questions"]
    assert [q["notation"] for q in qs] == ["δ = dL/dz", "dL/dw₂", "new w₂"]


def test_no_questions_where_the_numbers_are_not_finite():
    assert P.questions("graph", W.graph("exp(a)", {"a": "1000"}))["questions"] == []


def test_unknown_widget_or_state_is_refused_with_words():
    with pytest.raises(P.InputError, match="chain-rule, graph or neuron"):
        P.questions("xor", {})
    with pytest.raises(P.InputError, match="not a graph state"):
        P.questions("graph", {"nodes": 3})


# ---- grading ------------------------------------------------------------------------------------------------------

def test_accepts_arithmetic_that_rounds_to_the_shown_value():
    q = by_id("chain-rule", W.chain_rule(0.4))["dL/dx"]  # 19.2 cos(10.24) = -13.16557...: shown -13.1656
    assert graded("-13.1656", q)["correct"]
    assert graded("−13.16557", q)["correct"]  # a pasted minus sign
    assert graded("19.2*cos(10.24)", q)["correct"]
    assert not graded("-13.1655", q)["correct"]
    dv = by_id("chain-rule", W.chain_rule(0.4))["dv/du"]
    assert graded("2*3.2", dv)["correct"]
    assert graded("6.40004", dv)["correct"] and not graded("6.40005", dv)["correct"]  # 6.4000 vs 6.4001


def test_shown_matches_the_pages_rounding():
    # format.js fmt: toFixed(4) rounds the exact binary value, half up; tiny and huge magnitudes in exponent form
    assert P.shown(2.00005) == "2.0000"  # 2.00005 is 2.0000499999... in binary: (2.00005).toFixed(4) too
    assert P.shown(1.00005) == "1.0001"  # 1.000050000...01: JavaScript gives 1.0001
    assert P.shown(0.125, 2) == "0.13"
    assert P.shown(-0.00004) == "-4.000e-5"
    assert P.shown(-0.00005) == "-0.0001"
    assert P.shown(2.5e9) == "2.500e9"
    assert P.shown(-0.0) == "0.0000"


def test_the_precision_is_the_pages():
    text = (ROOT / "web/js/format.js").read_text()
    assert re.search(r"export function fmt\(value, digits = (\d+)\)", text).group(1) == str(P.DECIMALS)


@pytest.mark.parametrize("response, kind", [("13.1656", "sign"), ("3", "local-only"), ("-4.3885", "general")])
def test_chain_rule_hints(response, kind):
    q = by_id("chain-rule", W.chain_rule(0.4))["dL/dx"]
    assert graded(response, q)["kind"] == kind


@pytest.mark.parametrize("response, kind", [("-12", "sign"), ("3", "local-only"), ("2*4", "other-factor"),
                                            ("7", "general")])
def test_graph_hints(response, kind):
    q = by_id("graph", W.graph("(a*b + c)*d", {"a": "2", "b": "3", "c": "-1", "d": "4"}))["dL/da"]
    result = graded(response, q)
    assert (result["correct"], result["kind"]) == (False, kind)


@pytest.mark.parametrize("response", ["12", "3*4", "4"])
def test_fan_out_hint_for_one_path(response):
    q = by_id("graph", W.graph("(a*b + a)*d", {"a": "2", "b": "3", "d": "4"}))["dL/da"]
    result = graded(response, q)
    assert result["kind"] == "fan-out"
    assert "add the contributions of all its uses" in result["hint"]


def test_neuron_hints():
    qs = by_id("neuron", W.neuron())
    z = 0.66
    yhat = 1 / (1 + math.exp(-z))
    grad = (yhat - 1) * yhat * (1 - yhat) * 0.8
    assert graded(str(yhat * (1 - yhat)), qs["delta"])["kind"] == "local-only"
    assert graded("0.8", qs["dL/dw1"])["kind"] == "local-only"
    assert graded(str((yhat - 1) * yhat * (1 - yhat) * 0.2), qs["dL/dw1"])["kind"] == "other-factor"
    assert graded(str(0.2 + 0.5 * grad), qs["w1_new"])["kind"] == "update-sign"
    assert graded(str(0.2 - 0.5 * grad), qs["w1_new"])["correct"]


def test_hints_never_contain_the_answer():
    states = [("chain-rule", W.chain_rule(0.4)), ("chain-rule", W.chain_rule(-1.3)),
              ("graph", W.graph("(a*b + c)*d", {"a": "2", "b": "3", "c": "-1", "d": "4"})),
              ("graph", W.graph("(a*b + a)*d", {"a": "2", "b": "3", "d": "4"})),
              ("graph", W.graph("sin(x*y) + x**2", {"x": "0.5", "y": "1.5"})), ("neuron", W.neuron())]
    for widget, state in states:
        for q in P.questions(widget, state)["questions"]:
            answer = P.shown(q["expected"]).lstrip("-")
            for text in [q["general"], q["words"], *(c["hint"] for c in q["candidates"])]:
                assert answer not in text, (q["id"], text)
            assert all(c["kind"] in P.HINT_KINDS for c in q["candidates"])


@pytest.mark.parametrize("response, words", [
    ("", "Type your answer first"),
    ("   ", "Type your answer first"),
    ("abc", "'abc' is not a number here"),
    ("NaN", "'NaN' is not a number here"),
    ("1e400", "too large"),
    ("9**9**9", "exponent"),
    ("<img src=x onerror=alert(1)>", "not a number or a calculation the engine can read"),
    ("7" * 100_000, "100,000 characters long"),
    ("__import__('os')", "not a number or a calculation the engine can read"),
    (None, "Type a number"),
])
def test_bad_answers_are_invalid_with_a_message(response, words):
    q = by_id("chain-rule", W.chain_rule(0.4))["dL/dx"]
    result = P.check(response, q)
    assert result["status"] == "invalid"
    assert words in result["message"]


def test_through_the_bridge():
    state = W.chain_rule(0.4)
    asked = json.loads(bridge.handle(json.dumps({"fn": "practice_questions",
                                                 "args": {"widget": "chain-rule", "state": state}})))
    assert asked["ok"]
    q = asked["result"]["questions"][0]
    reply = json.loads(bridge.handle(json.dumps({"fn": "practice_check", "args": {"response": "-0.6857", "question": q}})))
    assert reply == {"ok": True, "result": {"status": "graded", "correct": True, "value": -0.6857, "kind": None,
                                            "hint": "Right."}}
    refused = json.loads(bridge.handle(json.dumps({"fn": "practice_check", "args": {"response": "1", "question": {}}})))
    assert refused["ok"] is False and "not a practice question" in refused["error"]["message"]
