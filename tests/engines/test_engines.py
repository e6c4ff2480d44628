"""Every engine a learner may use: Firefox ESR and WebKitGTK (the engine behind Safari) each open the lesson page and
an author's course page on another origin (conftest.py). In each: every widget goes live, the chain rule's slider
moves by keyboard and shows the right numbers, the graph steps, nothing is logged as an error; and WebKit runs the
lesson once more without element internals, as Safari before 16.4 would. Expected numbers are hand arithmetic:
L = sin(v), v = u^2, u = 3x + 2 (the chain rule), and section 2's graph worked out by hand (test_bp_graph_stepper)."""

from __future__ import annotations

import math

import pytest

from buildtools import registry
from tests.browser.conftest import display
from tests.browser.test_bp_graph_stepper import lesson_by_hand

ENGINES = ["firefox", "webkit"]
PAGES = {"lesson": 0.4, "course": 1.25}  # each page's chain rule starts at this x
SLIDER = {"step": 0.01, "max": 2.0}  # the chain rule's defaults (its attribute table), as the pages leave them
DEGRADED = "lesson without element internals"
CASES = [(engine, page) for engine in ENGINES for page in PAGES] + [("webkit", DEGRADED)]
IDS = [f"{engine}-{page.replace(' ', '-')}" for engine, page in CASES]


def seen(request, engine: str, page: str) -> dict:
    return request.getfixturevalue(engine)["pages"][page]


def chain_by_hand(x: float) -> dict[str, str]:
    u = 3 * x + 2
    v = u * u
    dv = math.cos(v)  # dL/dv
    du = dv * 2 * u  # dL/du
    dx = du * 3  # dL/dx
    numbers = {"value0": x, "value1": u, "value2": v, "value3": math.sin(v), "grad0": dx, "grad1": du, "grad2": dv,
               "grad3": 1.0, "local0": 3.0, "local1": 2 * u, "local2": dv, "result": dx}
    return {slot: display(value) for slot, value in numbers.items()}


def start_x(page: str) -> float:
    return PAGES["lesson" if page == DEGRADED else page]


@pytest.mark.parametrize("engine,page", CASES, ids=IDS)
def test_every_widget_goes_live(request, engine, page):
    live = seen(request, engine, page)["live"]
    assert "error" not in live, live["error"]
    expected = {row["tag"] for row in registry.widgets()} if page != "course" else {"bp-chain-rule", "bp-graph-stepper"}
    assert set(live["tags"]) == expected


@pytest.mark.parametrize("engine,page", CASES, ids=IDS)
def test_the_slider_moves_by_keyboard_and_shows_the_chain_rule(request, engine, page):
    chain = seen(request, engine, page)["chain"]
    x0 = start_x(page)
    xs = [x0, round(x0 + 3 * SLIDER["step"], 10), SLIDER["max"]]  # as it starts; three ArrowRight; End
    assert [frame["x"] for frame in chain] == xs
    for frame, x in zip(chain, xs):
        assert float(frame["slider"]) == x
        shown = {slot: text for slot, text in frame["shown"].items() if slot in chain_by_hand(x)}
        assert shown == chain_by_hand(x), f"x = {x}"


@pytest.mark.parametrize("engine,page", CASES, ids=IDS)
def test_the_graph_steps_to_the_gradients_by_hand(request, engine, page):
    before, after = seen(request, engine, page)["graph"]
    by_hand = lesson_by_hand()
    assert before["step"] == "Step 0 / 7"
    assert {name: shown["grad"] for name, shown in before["nodes"].items()} == {name: "…" for name in by_hand}
    assert after["step"] == "Step 7 / 7"
    assert after["nodes"] == {name: {"value": display(v), "grad": display(g)} for name, (v, g) in by_hand.items()}


@pytest.mark.parametrize("engine,page", CASES, ids=IDS)
def test_nothing_is_logged_as_an_error(request, engine, page):
    assert seen(request, engine, page)["errors"] == []


@pytest.mark.parametrize("engine,page", CASES, ids=IDS)
def test_the_platform_features_the_widgets_use(request, engine, page):
    """Both engines have every feature the widgets use (so nothing here needs its fallback, except the run that takes
    element internals away). Should an engine lack one, this names it; its fallback must then be proven like that run."""
    features = seen(request, engine, page)["features"]
    if page == DEGRADED:  # no internals and so, as far as the widget can tell, no :state(onscreen) to set
        assert features.pop("elementInternals") is False
    assert {name for name, present in features.items() if not present} == set()
