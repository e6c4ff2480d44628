"""backprop.bridge: the page's one door. A refusal keeps its class name and column, a bad request is named as such,
anything else is the engine's failure, and every reply is strict JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backprop import bridge
from backprop.errors import SettingError
from backprop.widgets import FUNCTIONS


def strict(text: str) -> Any:
    """Parse as the page's JSON.parse would: a bare NaN or Infinity token is an error."""
    def refuse(token: str) -> None:
        raise AssertionError(f"not JSON: bare {token}")

    return json.loads(text, parse_constant=refuse)


def ask(fn: str, **args: Any) -> dict:
    return strict(bridge.handle(json.dumps({"fn": fn, "args": args})))


def nodes(result: dict) -> dict[str, tuple[Any, Any]]:
    return {node["label"]: (node["value"], node["grad"]) for node in result["nodes"]}


def test_a_widget_call_gives_the_engines_numbers():
    reply = ask("graph", expr="a*b + c", values={"a": 2, "b": 3, "c": 0.5})
    assert reply["ok"] is True
    # by hand: L = a*b + c = 2*3 + 0.5; dL/da = b, dL/db = a, dL/dc = 1
    assert nodes(reply["result"]) == {
        "a": (2.0, 3.0), "b": (3.0, 2.0), "c": (0.5, 1.0), "a*b": (6.0, 1.0), "L": (6.5, 1.0)}


def test_an_expression_refused_keeps_its_class_and_column():
    reply = ask("graph", expr="a +* b")
    assert reply == {"ok": False, "error": {
        "type": "ExpressionError", "message": "column 4: syntax error: invalid syntax", "column": 4}}


def test_every_input_error_is_a_refusal_under_its_own_name(monkeypatch):
    def strict_steps(steps: Any = 1) -> dict:
        raise SettingError("steps must be between 1 and 10000")

    monkeypatch.setitem(FUNCTIONS, "strict_steps", strict_steps)
    assert ask("strict_steps", steps=0)["error"] == {
        "type": "SettingError", "message": "steps must be between 1 and 10000", "column": None}


@pytest.mark.parametrize("request_text", [
    "not json {",
    "[" * 100_000,  # nested deeper than the parser recurses
    '"chain_rule"',
    '{"args": {"x": 0.4}}',
    '{"fn": "no_such_widget"}',
    '{"fn": ["chain_rule"]}',
    '{"fn": "chain_rule", "args": {"y": 1}}',  # an argument the function does not take
    '{"fn": "chain_rule", "args": [0.4]}',
])
def test_a_request_that_is_not_a_widget_call_is_a_bad_request(request_text):
    reply = strict(bridge.handle(request_text))
    assert reply["ok"] is False and reply["error"]["type"] == "BadRequest"


def test_a_type_error_inside_the_engine_is_its_failure_not_a_bad_request(monkeypatch):
    def broken(x: Any = 0) -> dict:
        return {"sum": 1 + "x"}

    monkeypatch.setitem(FUNCTIONS, "broken", broken)
    error = ask("broken", x=1)["error"]
    assert error["type"] == "TypeError" and error["message"].startswith("the engine failed: ")


def test_anything_else_is_the_engines_failure(monkeypatch):
    def divides(x: Any = 0) -> dict:
        return {"q": 1 / x}

    monkeypatch.setitem(FUNCTIONS, "divides", divides)
    assert ask("divides", x=4) == {"ok": True, "result": {"q": 0.25}}
    assert ask("divides", x=0)["error"] == {
        "type": "ZeroDivisionError", "message": "the engine failed: division by zero", "column": None}


def test_a_non_finite_result_crosses_as_text_and_a_non_finite_input_is_refused():
    # by hand: 1e200 * 1e200 = 1e400, beyond the largest double (about 1.8e308), so +inf
    reply = ask("graph", expr="a*b", values={"a": 1e200, "b": 1e200})
    assert nodes(reply["result"])["L"] == ("Infinity", 1.0)
    # Python's json reads a bare NaN; the engine refuses it as a number a learner could not have meant
    refused = strict(bridge.handle('{"fn": "chain_rule", "args": {"x": NaN}}'))
    assert refused["error"]["type"] == "SettingError" and "finite" in refused["error"]["message"]


def test_a_non_finite_float_the_engine_forgot_to_encode_is_a_failure_not_bare_json(monkeypatch):
    monkeypatch.setitem(FUNCTIONS, "raw", lambda: {"value": float("nan")})
    error = ask("raw")["error"]
    assert error["type"] == "ValueError" and error["message"].startswith("the engine failed: ")


def test_tracked_objects_grows_with_what_is_kept_alive():
    kept = []
    before = bridge.tracked_objects()
    kept.extend([] for _ in range(1000))
    assert 990 <= bridge.tracked_objects() - before <= 1010  # the thousand lists, give or take the test's own
