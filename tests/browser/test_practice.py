"""Practice mode (web/js/practice.js, py/backprop/practice.py) in real Chromium: each widget asks before it shows,
by keyboard; wrong then right, with the hint kind; the statements the DOM events carry; bad answers; restoring
state; remember and Start over; axe on the practice UI in both themes. Expected values by hand (by_hand.py, math)."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import expect

from .by_hand import chain_dldx, sigmoid
from .conftest import LIVE_TIMEOUT_MS, display, prerendered_site
from .test_accessibility import serious

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>practice</title><link rel="icon" href="favicon.svg" type="image/svg+xml">
<script type="module" src="widgets.js"></script></head>
<body><main>
<bp-chain-rule id="chain" practice x="0.4"></bp-chain-rule>
<bp-graph-stepper id="fan" practice expr="(a*b + a)*d" a="2" b="3" d="4"></bp-graph-stepper>
<bp-neuron-trainer id="neuron" practice></bp-neuron-trainer>
<bp-chain-rule id="kept" practice remember x="0.4"></bp-chain-rule>
<bp-chain-rule id="plain" x="0.4"></bp-chain-rule>
</main></body></html>
"""
EVENTS = """() => { window.events = [];
  for (const type of ["bp-answer", "bp-complete"]) document.addEventListener(type, (e) => window.events.push(
    {type, id: e.target.id, kind: e.detail.kind, correct: e.detail.correct, statement: e.detail.statement})); }"""

# by hand: the lesson's neuron, z = 0.8*0.2 - 0.4*-0.1 + 1.2*0.3 + 0.1 = 0.66
YHAT = sigmoid(0.66)
DELTA = (YHAT - 1) * YHAT * (1 - YHAT)
GRAD_W1 = DELTA * 0.8
W1_NEW = 0.2 - 0.5 * GRAD_W1
COS_V = math.cos(3.2 ** 2)  # chain rule at x = 0.4: u = 3.2, v = 10.24


@pytest.fixture(scope="module")
def practice_site(dist, tmp_path_factory):
    server = prerendered_site(dist, tmp_path_factory.mktemp("practice"), "practice.html", PAGE)
    yield server
    server.close()


def open_page(watched, practice_site):
    page = watched.page
    page.goto(practice_site.url("practice.html"))
    page.evaluate(EVENTS)
    watched.wait_live("bp-chain-rule, bp-graph-stepper, bp-neuron-trainer")
    return page


def events(page, id_=None):
    return [e for e in page.evaluate("() => window.events") if id_ is None or e["id"] == id_]


def ask(widget, notation):
    """Wait until the widget asks for `notation` (its answer box's accessible name)."""
    box = widget.get_by_role("textbox", name=notation, exact=True)
    expect(box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    return box


def answer(page, widget, notation, text, expect_text):
    """Type `text` into the box asking for `notation` and press Enter; wait for the feedback beside it. "Right" waits
    for this question's own confirmation, not the one the previous question left in the feedback line."""
    if expect_text == "Right":
        expect_text = f"Right: {notation} = "
    box = ask(widget, notation)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(widget.locator("[data-practice-feedback]")).to_contain_text(expect_text, timeout=LIVE_TIMEOUT_MS)


def show_answer(page, widget, notation, shown):
    ask(widget, notation).focus()
    page.keyboard.press("Tab")  # Check
    page.keyboard.press("Tab")  # Show answer
    page.keyboard.press("Enter")
    expect(widget.locator("[data-practice-feedback]")).to_have_text(f"The answer: {notation} = {shown}.")


def slot(widget, key):
    return widget.locator(f'[data-f="{key}"]').first.inner_text()


def no_errors(watched):
    assert watched.errors == [] and watched.console_errors == [], (watched.errors, watched.console_errors)


def test_chain_rule_asks_before_it_shows_wrong_then_right(watched, practice_site):
    page = open_page(watched, practice_site)
    chain = page.locator("#chain")
    ask(chain, "dL/dv")
    assert [slot(chain, k) for k in ("local2", "local1", "local0", "result", "grad0")] == ["?"] * 5
    assert slot(page.locator("#plain"), "result") == display(chain_dldx(0.4))  # without practice: as before
    answer(page, chain, "dL/dv", "0.6857", "Not yet. Check the sign")
    answer(page, chain, "dL/dv", "-0.6857", f"Right: dL/dv = {display(COS_V)}.")
    assert slot(chain, "local2") == display(COS_V) and slot(chain, "result") == "?"
    show_answer(page, chain, "dv/du", display(6.4))
    show_answer(page, chain, "du/dx", display(3.0))
    answer(page, chain, "dL/dx", "3", "That is du/dx, the local derivative alone")
    answer(page, chain, "dL/dx", "-0.685707*6.4*3", f"Right: dL/dx = {display(chain_dldx(0.4))}.")
    assert slot(chain, "result") == display(chain_dldx(0.4))
    got = events(page, "chain")
    assert [(e["type"], e["kind"], e["correct"]) for e in got] == [
        ("bp-answer", "sign", False), ("bp-answer", None, True), ("bp-answer", None, False),
        ("bp-answer", None, False), ("bp-answer", "local-only", False), ("bp-answer", None, True),
        ("bp-complete", None, None)]
    wrong = got[4]["statement"]
    assert wrong["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert wrong["result"]["response"] == "3" and wrong["result"]["success"] is False
    assert wrong["result"]["duration"].startswith("PT")
    extensions = wrong["result"]["extensions"]
    assert extensions[practice_site.url("xapi/expected")] == pytest.approx(chain_dldx(0.4), rel=1e-12)
    assert extensions[practice_site.url("xapi/hint-kind")] == "local-only"
    assert wrong["object"]["id"] == practice_site.url("practice.html#chain?x=0.4&question=dL%2Fdx")
    assert "actor" not in wrong
    done = got[-1]["statement"]
    assert done["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert done["result"]["score"] == {"raw": 2, "min": 0, "max": 4, "scaled": 0.5}
    expect(chain.locator("[data-practice-status]")).to_have_text("Practice done: 2 of 4 right without Show answer.")
    no_errors(watched)


def test_graph_stepper_stops_before_each_gradient_and_asks_the_fan_out_sum(watched, practice_site):
    page = open_page(watched, practice_site)
    fan = page.locator("#fan")
    fan.locator('[data-act="next"]').focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    box = ask(fan, "dL/dd")  # by hand: L = (a*b + a)*d, dL/dd = a*b + a = 8
    assert fan.evaluate("e => e.k") == 4  # the seed step: no gradient below L shown yet
    expect(box).to_be_focused()
    answer(page, fan, "dL/dd", "8", "Right: dL/dd = 8.0000.")
    answer(page, fan, "dL/d(a*b + a)", "4", "Right")  # d = 4
    assert fan.evaluate("e => e.k") == 5
    fan.locator('[data-act="next"]').focus()
    page.keyboard.press("ArrowRight")
    answer(page, fan, "dL/d(a*b)", "4", "Right")
    answer(page, fan, "dL/da", "3*4", "That is the contribution through a*b only: a is used 2 times")
    answer(page, fan, "dL/da", "(3 + 1)*4", "Right: dL/da = 16.0000.")
    answer(page, fan, "dL/db", "2*4", "Right: dL/db = 8.0000.")
    assert fan.evaluate("e => e.k") == 7
    expect(fan.locator(".node", has_text="dL/da").first).to_contain_text("16.0000")
    kinds = [(e["type"], e["kind"]) for e in events(page, "fan")]
    assert ("bp-answer", "fan-out") in kinds and kinds[-1] == ("bp-complete", None)
    assert events(page, "fan")[-1]["statement"]["result"]["score"]["raw"] == 5
    no_errors(watched)


def test_neuron_asks_delta_gradient_and_update(watched, practice_site):
    page = open_page(watched, practice_site)
    neuron = page.locator("#neuron")
    ask(neuron, "δ = dL/dz")
    assert slot(neuron, "dL_dz") == "?" and slot(neuron, "w_new0") == "?"
    answer(page, neuron, "δ = dL/dz", f"{-DELTA:.6f}", "Check the sign")
    answer(page, neuron, "δ = dL/dz", f"{DELTA:.6f}", f"Right: δ = dL/dz = {display(DELTA)}.")
    assert slot(neuron, "dL_dz") == display(DELTA)
    answer(page, neuron, "dL/dw₁", "0.8", "the local derivative alone")
    answer(page, neuron, "dL/dw₁", f"{DELTA:.8f}*0.8", "Right")
    answer(page, neuron, "new w₁", f"0.2 + 0.5*{GRAD_W1:.8f}", "against the gradient")
    assert events(page, "neuron")[-1]["kind"] == "update-sign"
    answer(page, neuron, "new w₁", f"0.2 - 0.5*{GRAD_W1:.8f}", f"Right: new w₁ = {display(W1_NEW)}.")
    assert slot(neuron, "w_new0") == display(W1_NEW)
    assert events(page, "neuron")[-1]["type"] == "bp-complete"
    no_errors(watched)


@pytest.mark.parametrize("text, message", [
    ("", "Type your answer first"), ("abc", "'abc' is not a number here"), ("1e400", "too large"),
    ("NaN", "'NaN' is not a number here"), ("<b>1</b>", "not a number or a calculation the engine can read"),
])
def test_bad_answers_get_a_message_and_are_not_attempts(watched, practice_site, text, message):
    page = open_page(watched, practice_site)
    chain = page.locator("#chain")
    answer(page, chain, "dL/dv", text, message)
    assert ask(chain, "dL/dv").get_attribute("aria-invalid") == "true"
    answer(page, chain, "dL/dv", "-0.6857", "Right")  # the widget keeps working
    assert [e["statement"]["result"]["extensions"][practice_site.url("xapi/attempts")] for e in events(page)] == [1]
    no_errors(watched)


def test_a_pasted_page_of_text_is_refused_with_a_message(watched, practice_site):
    page = open_page(watched, practice_site)
    chain = page.locator("#chain")
    ask(chain, "dL/dv").fill("7" * 100_000)
    ask(chain, "dL/dv").press("Enter")
    expect(chain.locator("[data-practice-feedback]")).to_contain_text("100,000 characters long")
    assert events(page) == []
    no_errors(watched)


def test_state_restores_progress_and_nothing_is_stored_without_remember(watched, practice_site):
    page = open_page(watched, practice_site)
    chain = page.locator("#chain")
    answer(page, chain, "dL/dv", "-0.6857", "Right")
    progress = chain.evaluate("e => e.state.practice")
    assert progress["answers"]["dL/dv"] == {"attempts": 1, "success": True, "revealed": False, "done": True}
    assert page.evaluate("() => localStorage.length") == 0
    page.reload()
    watched.wait_live()
    ask(chain, "dL/dv")
    chain.evaluate("(e, p) => { e.state = {practice: p}; }", progress)
    ask(chain, "dv/du")
    assert slot(chain, "local2") == display(COS_V) and slot(chain, "local1") == "?"
    chain.evaluate("e => { e.state = {practice: {v: 99, key: 'nonsense'}}; }")  # not progress: ignored
    ask(chain, "dv/du")
    no_errors(watched)


def test_remember_keeps_progress_across_a_reload_until_start_over(watched, practice_site):
    page = open_page(watched, practice_site)
    kept = page.locator("#kept")
    answer(page, kept, "dL/dv", "-0.6857", "Right")
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert len(keys) == 1 and keys[0].startswith("backprop-lab:practice:/practice.html:kept:")
    page.reload()
    watched.wait_live()
    ask(kept, "dv/du")
    kept.get_by_role("button", name="Start over").focus()
    page.keyboard.press("Enter")
    ask(kept, "dL/dv")
    assert page.evaluate("() => localStorage.length") == 0
    assert slot(kept, "local2") == "?"
    no_errors(watched)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_ui_passes_axe(browser, practice_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(practice_site.url("practice.html"))
        page.locator("bp-neuron-trainer[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
        chain = page.locator("#chain")
        answer(page, chain, "dL/dv", "1", "Not yet")
        answer(page, chain, "dL/dv", "abc", "not a number")
        assert serious(page) == []
        answer(page, chain, "dL/dv", "-0.6857", "Right")
        assert serious(page) == []
    finally:
        context.close()
