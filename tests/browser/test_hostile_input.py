"""Hostile and odd input through each widget's attributes and typed entries (the playground's URL hash, embed.html's
query and messages posted into an embed: test_hostile_addresses.py).

Whatever arrives: nothing runs as code or appears as markup, no error escapes to the console, a value the widget
cannot use is explained where the learner looks, and the widget keeps working - afterwards it shows numbers worked out
here by hand (tests/browser/by_hand.py), not asked of the engine."""

from __future__ import annotations

import math

from .by_hand import chain_dldx, neuron_after, xor_single_step
from .conftest import LIVE_TIMEOUT_MS, display
from .hostile_driver import (
    MARKUP, MESSAGE, ODD_EXPRESSIONS, ODD_NUMBERS, clean, no_errors, playground_shows, playground_value_is,
    refused,
)


def open_lesson(watched, site, tag: str):
    page = watched.page
    page.goto(site.url())
    watched.wait_live(tag)
    page.wait_for_function("tag => !!document.querySelector(tag).state", arg=tag, timeout=LIVE_TIMEOUT_MS)
    return page, page.locator(tag).first


def set_attribute(page, tag: str, name: str, value: str | None) -> None:
    page.evaluate("""([tag, name, value]) => { const el = document.querySelector(tag);
        if (value === null) el.removeAttribute(name); else el.setAttribute(name, value); }""", [tag, name, value])


def try_each(page, tag: str, name: str, values, words: tuple[str, ...]) -> None:
    """Set each value, see it refused, put the attribute back; the widget stays live and nothing is injected."""
    original = page.evaluate("([tag, name]) => document.querySelector(tag).getAttribute(name)", [tag, name])
    for value in values:
        set_attribute(page, tag, name, value)
        refused(page, tag, words, value)
        set_attribute(page, tag, name, original)
        page.wait_for_function(f"tag => ({MESSAGE})(tag) === ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
        assert page.locator(tag).first.get_attribute("engine") == "live"
        clean(page)


# ---- attributes, widget by widget ------------------------------------------------------------------------------------

def test_chain_rule_attributes(watched, site):
    tag = "bp-chain-rule"
    page, widget = open_lesson(watched, site, tag)
    for name in ("x", "min", "max", "step"):
        try_each(page, tag, name, ODD_NUMBERS, (f'{name}="',))
    for name, value in [("min", "5"), ("max", "-3"), ("step", "0"), ("step", "-0.5"), ("step", "-0")]:
        try_each(page, tag, name, [value], ("min", "step"))
    # huge but finite: the engine's numbers overflow, and the widget says so instead of showing garbage as numbers
    set_attribute(page, tag, "x", "1e300")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 1e300", timeout=LIVE_TIMEOUT_MS)
    assert widget.locator("[data-nonfinite]").is_visible()
    assert page.evaluate(MESSAGE, tag) == ""
    set_attribute(page, tag, "x", "0.4")
    # still a working widget
    widget.locator("#x-number").fill("0.7")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.7", timeout=LIVE_TIMEOUT_MS)
    assert widget.locator('[data-f="result"]').inner_text() == display(chain_dldx(0.7))
    assert widget.locator("[data-nonfinite]").is_hidden()
    no_errors(watched)


GRAPH_BY_HAND = {"a": 3 * 4, "b": 2 * 4, "c": 4, "d": 2 * 3 - 1}  # (a*b + c)*d at 2, 3, -1, 4


def graph_table(widget) -> dict[str, tuple[str, str]]:
    return widget.evaluate("""w => Object.fromEntries([...w.shadowRoot.querySelectorAll('[data-table] tbody tr')]
        .map(tr => [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].slice(1).map(t => t.textContent)]))""")


def test_graph_stepper_attributes(watched, site):
    tag = "bp-graph-stepper"
    page, widget = open_lesson(watched, site, tag)
    try_each(page, tag, "a", [v for v in ODD_NUMBERS if v.strip()], ("a must be",))
    try_each(page, tag, "a", ["", "  "], ("No value given for a",))
    try_each(page, tag, "step", ["-1", "1.5", "abc", "NaN", MARKUP, ""], ('step="',))
    try_each(page, tag, "expr", ODD_EXPRESSIONS, ("Cannot draw", "expr is empty"))
    # a step past the end, even one too large for a float, is the last step
    for value in ("99", "9" * 400):
        set_attribute(page, tag, "step", value)
        assert widget.locator('[data-f="stepText"]').inner_text() == "Step 7 / 7"
        set_attribute(page, tag, "step", "0")
    # variables named like attributes the element or HTML already uses cannot take a value: said, not obeyed
    set_attribute(page, tag, "expr", "(a*b + c)*title + onset")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression.includes('onset')",
                           timeout=LIVE_TIMEOUT_MS)
    assert "No attribute can give title, onset a value" in page.evaluate(MESSAGE, tag)
    # capitals: HTML lowercases attribute names, so A is given by a="2"
    set_attribute(page, tag, "expr", "(A*b + c)*d")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression === '(A*b + c)*d'",
                           timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate(MESSAGE, tag) == ""
    widget.locator('button[data-act="next"]').press("End")
    table = graph_table(widget)
    assert float(table["A"][0]) == 2 and float(table["A"][1]) == GRAPH_BY_HAND["a"]
    # back to the lesson's graph: every gradient as worked out by hand
    set_attribute(page, tag, "expr", "(a*b + c)*d")
    page.wait_for_function("() => document.querySelector('bp-graph-stepper').state.expression === '(a*b + c)*d'",
                           timeout=LIVE_TIMEOUT_MS)
    widget.locator('button[data-act="next"]').press("End")
    table = graph_table(widget)
    assert {name: float(table[name][1]) for name in GRAPH_BY_HAND} == GRAPH_BY_HAND
    clean(page)
    no_errors(watched)


def test_playground_attributes(watched, site):
    tag = "bp-playground"
    page, widget = open_lesson(watched, site, tag)
    # a variable's attribute is live, whatever it holds: the engine checks it like a typed value
    try_each(page, tag, "x", [v for v in ODD_NUMBERS if v.strip()], ("x must be",))
    try_each(page, tag, "expr", ODD_EXPRESSIONS, ("column", "too long", "not allowed", "differ only in capitals",
                                                  "expr is empty", "unknown"))
    set_attribute(page, tag, "x", "-1.25")
    playground_value_is(page, 0, -1.25)
    assert widget.locator('[data-range="x"]').input_value() == "-1.25"  # the slider follows
    # a variable named like the element's own attributes or HTML's: its slider is disabled, and moving the others
    # never turns into an attribute that changes the element (a new expression, a dead engine, a hidden popover)
    entry = widget.locator("[data-expr]")
    entry.fill("expr*engine + popover*onclick + title*q")
    entry.press("Enter")
    playground_shows(page, "expr*engine + popover*onclick + title*q")
    assert "cannot have their own sliders" in page.evaluate(MESSAGE, tag)
    for name in ("expr", "engine", "popover", "onclick", "title"):
        assert widget.locator(f'[data-range="{name}"]').is_disabled()
    q = widget.locator('[data-range="q"]')
    q.fill("2.5")
    playground_value_is(page, -1, 2.5)
    assert widget.get_attribute("engine") == "live" and widget.get_attribute("expr").startswith("expr*engine")
    assert widget.is_visible() and widget.get_attribute("popover") is None and widget.get_attribute("onclick") is None
    assert widget.locator('[data-f="grad-q"]').inner_text() == display(1.0)  # dL/dq = title = 1
    # a capitalised variable's slider works: it sets the lowercase attribute the engine reads
    entry.fill("X*y")
    entry.press("Enter")
    playground_shows(page, "X*y")
    widget.locator('[data-range="X"]').fill("-2")
    playground_value_is(page, 0, -2)
    y = page.evaluate("() => document.querySelector('bp-playground').state.checks[1].value")
    assert widget.locator('[data-f="output"]').inner_text() == display(-2 * y)
    # and back to the lesson's expression, with numbers worked out by hand
    entry.fill("sin(x*y) + x**2")
    entry.press("Enter")
    playground_shows(page, "sin(x*y) + x**2")
    widget.locator('[data-number="y"]').fill("0.75")
    playground_value_is(page, 1, 0.75)
    x = page.evaluate("() => document.querySelector('bp-playground').state.checks[0].value")
    assert widget.locator('[data-f="grad-x"]').inner_text() == display(0.75 * math.cos(x * 0.75) + 2 * x)
    assert page.evaluate(MESSAGE, tag) == ""
    clean(page)
    no_errors(watched)


NEURON = {"x": [0.8, -0.4, 1.2], "w": [0.2, -0.1, 0.3], "b": 0.1, "y": 1.0, "lr": 0.5}


def test_neuron_trainer_attributes_and_entries(watched, site):
    tag = "bp-neuron-trainer"
    page, widget = open_lesson(watched, site, tag)
    for name in ("x", "w", "b", "y", "lr"):
        # "1,5" is a list of two numbers for x and w: the engine then refuses it for not matching the other list
        try_each(page, tag, name, ODD_NUMBERS, (f"The {name} attribute", "numbers but", f'{name}="'))
    try_each(page, tag, "x", ["1e300", "1, 2", "1, 2, 3, 4, 5, 6, 7, 8, 9"], ("x has", "at most 8"))
    # typed: markup and a pasted novel are refused as text, the attribute never takes them
    for text in (MARKUP, "0.5, " * 20_000):
        entry = widget.locator("#in-b")
        entry.fill(text)
        entry.press("Tab")
        refused(page, tag, ("b (bias)",), text)
        assert widget.get_attribute("b") == "0.1"
        clean(page)
    widget.locator("#reset").click()
    page.wait_for_function(f"tag => ({MESSAGE})(tag) === ''", arg=tag, timeout=LIVE_TIMEOUT_MS)
    widget.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-neuron-trainer').state.steps === 1",
                           timeout=LIVE_TIMEOUT_MS)
    w, loss = neuron_after(1, **NEURON)
    assert widget.locator('[part~="forward"] [data-f="w0"]').inner_text() == display(w[0])
    assert widget.locator('[part~="forward"] [data-f="loss"]').inner_text() == display(loss)
    no_errors(watched)


def test_xor_lab_attributes_and_entries(watched, site):
    tag = "bp-xor-lab"
    page, widget = open_lesson(watched, site, tag)
    page.wait_for_function("() => document.querySelector('bp-xor-lab').state.panels", timeout=LIVE_TIMEOUT_MS)
    try_each(page, tag, "model", ["", "all", "SINGLE", MARKUP, "9" * 3000], ('model="',))
    try_each(page, tag, "seed", ODD_NUMBERS + ["2.5", "-1", "1000001", "1e6000"], ("seed must be", 'seed="'))
    try_each(page, tag, "lr", ODD_NUMBERS + ["0", "-1", "100.5"], ("learning rate must be", 'lr="'))
    for entry_id, words in (("#seed", ("seed must be",)), ("#lr", ("learning rate must be",))):
        entry = widget.locator(entry_id)
        entry.evaluate("(el, text) => { el.type = 'text'; el.value = text; el.dispatchEvent(new Event('change')); }",
                       MARKUP)  # what a script or a paste could put there; a number input alone would refuse it
        refused(page, tag, words, MARKUP)
        clean(page)
    # one neuron, one step from its start, by hand
    set_attribute(page, tag, "model", "single")
    page.wait_for_function("() => Object.keys(document.querySelector('bp-xor-lab').state.panels).join() === 'single'",
                           timeout=LIVE_TIMEOUT_MS)
    start = page.evaluate("() => document.querySelector('bp-xor-lab').state.panels.single.params")
    widget.locator("#step").click()
    page.wait_for_function("() => document.querySelector('bp-xor-lab').steps === 1", timeout=LIVE_TIMEOUT_MS)
    _, loss = xor_single_step(start, 2.0)
    assert widget.locator('[data-f="single-loss"]').inner_text() == display(loss)
    no_errors(watched)
