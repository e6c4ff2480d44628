"""<bp-graph-stepper> in real Chromium: stepping reproduces the gradients of section 2 of the lesson page ("Graphs, not
chains", web/index.html; expected values worked out here by hand with the chain rule, not taken from the engine), the
controls and keys, the fan-out sum and expression errors. Layout and the first frame: test_bp_graph_stepper_layout.py."""

from __future__ import annotations

from .conftest import LIVE_TIMEOUT_MS, display
from .graph_stepper_driver import (
    LESSON_ATTRS, PUT, VISIBLE, k_of, lesson_by_hand, no_errors, open_stepper, press, shown, step_text, stepper,
    wait_for,
)


def test_stepping_to_n_reproduces_the_lesson_gradients(watched, site):
    page = open_stepper(watched, site)
    expected = lesson_by_hand()
    # the gradients section 2 of the lesson page names: dL/dd, dL/dc, dL/da, dL/db (and the two inner nodes')
    assert {name: g for name, (_, g) in expected.items() if name != "L"} == {
        "a": 12.0, "b": 8.0, "c": 4.0, "d": 5.0, "a*b": 4.0, "a*b + c": 4.0}
    assert step_text(page) == "Step 0 / 7"
    press(page, "next", 7)
    assert step_text(page) == "Step 7 / 7"
    assert k_of(page) == 7
    numbers = shown(page)
    for name, (value, grad) in expected.items():
        assert numbers[name]["value"] == display(value), name
        assert numbers[name]["grad"] == display(grad), name
    state = page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').state")
    assert state["k"] == 7
    by_label = {node["label"]: node for node in state["nodes"]}
    for name, (value, grad) in expected.items():  # full precision in the state property
        assert by_label[name]["value"] == value and by_label[name]["grad"] == grad, name
    live = stepper(page).locator("[data-live]")
    page.wait_for_function(
        "() => document.querySelector('#graphs bp-graph-stepper').shadowRoot.querySelector('[data-live]').textContent !== ''")
    assert live.text_content() == f"Step 7 of 7: backward through ×, dL/da = {display(12)}, dL/db = {display(8)}"
    no_errors(watched)


def test_active_edge_shows_local_times_upstream(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 5)  # backward through the output: d's edge is active
    explain = stepper(page).locator("[data-explain]").inner_text()
    s, d = 2.0 * 3.0 - 1.0, 4.0
    assert f"d → L: local = a*b + c = {display(s)} × upstream {display(1)} = {display(s * 1.0)}" in " ".join(explain.split())
    assert f"a*b + c → L: local = d = {display(d)} × upstream {display(1)} = {display(d)}" in " ".join(explain.split())
    active = stepper(page).evaluate(
        f"el => [...({VISIBLE})(el).querySelectorAll('.elabel.active')].map(g => [...g.querySelectorAll('text')].map(t => t.textContent))")
    assert ["a*b + c", f"= {display(s)}", f"× {display(1)}", f"= {display(s)}"] in active
    # the wire of an active backward edge is drawn differently from a forward one, not only in another colour
    dash = stepper(page).evaluate(
        f"el => getComputedStyle(({VISIBLE})(el).querySelector('.edge.active .wire')).strokeDasharray")
    assert dash not in ("none", "")
    no_errors(watched)


def test_previous_goes_back(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 5)
    press(page, "prev")
    assert step_text(page) == "Step 4 / 7"
    numbers = shown(page)
    assert numbers["L"]["grad"] == display(1.0)  # the seed
    assert all(numbers[name]["grad"] == "…" for name in ("a", "b", "c", "d", "a*b", "a*b + c"))
    press(page, "prev")
    assert step_text(page) == "Step 3 / 7"
    numbers = shown(page)
    assert numbers["L"]["value"] == display(20.0)
    assert all(entry["grad"] == "…" for entry in numbers.values())
    no_errors(watched)


def test_reset_returns_to_step_zero_with_only_inputs(watched, site):
    page = open_stepper(watched, site)
    press(page, "next", 7)
    press(page, "reset")
    assert step_text(page) == "Step 0 / 7" and k_of(page) == 0
    numbers = shown(page)
    for name, value in (("a", 2.0), ("b", 3.0), ("c", -1.0), ("d", 4.0)):
        assert numbers[name]["value"] == display(value)
    for name in ("a*b", "a*b + c", "L"):
        assert numbers[name]["value"] == "…"
    assert all(entry["grad"] == "…" for entry in numbers.values())
    assert stepper(page).evaluate(f"el => ({VISIBLE})(el).querySelectorAll('.elabel').length") == 0
    assert stepper(page).locator('button[data-act="prev"]').get_attribute("aria-disabled") == "true"
    no_errors(watched)


def test_keyboard_only_stepping_keeps_focus(watched, site):
    page = open_stepper(watched, site)
    events = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-step', e => seen.push(e.detail)); return seen; }")
    stepper(page).locator("select").focus()
    focused = "() => document.querySelector('#graphs bp-graph-stepper').shadowRoot.activeElement?.dataset.act ?? null"
    for _ in range(4):  # Tab from the example switch to the step buttons (past the drawing, if it scrolls)
        page.keyboard.press("Tab")
        if page.evaluate(focused):
            break
    assert page.evaluate(focused) == "prev"
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert k_of(page) == 7
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert k_of(page) == 7
    page.keyboard.press("ArrowLeft")
    assert k_of(page) == 6
    page.keyboard.press("Home")
    assert k_of(page) == 0
    page.keyboard.press("End")
    assert k_of(page) == 7
    page.keyboard.press("Home")
    page.keyboard.press("Tab")  # to Next
    assert page.evaluate(focused) == "next"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert k_of(page) == 2
    assert page.evaluate(focused) == "next", "the pressed button keeps focus while the drawing re-renders"
    numbers = shown(page)
    assert numbers["a*b"]["value"] == display(6.0) and numbers["a*b + c"]["value"] == display(5.0)
    details = events.json_value()
    assert [e["k"] for e in details] == [1, 2, 3, 4, 5, 6, 7, 6, 0, 7, 0, 1, 2]
    assert details[-1]["n"] == 7 and details[-1]["phase"] == "forward" and details[-1]["state"]["k"] == 2
    no_errors(watched)


def test_initial_step_attribute_and_strict_csp(watched, strict_site):
    """Under the site's strictest policy (default-src 'self'): no style attribute, no <style>, nothing blocked."""
    page = watched.page
    response = page.goto(strict_site.url())
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper')?.remove()")
    page.evaluate(PUT, [{**LESSON_ATTRS, "step": "3"}])
    wait_for(page, LESSON_ATTRS["expr"])
    assert step_text(page) == "Step 3 / 7"
    numbers = shown(page)
    assert numbers["L"]["value"] == display(20.0) and numbers["L"]["grad"] == "…"
    press(page, "next", 2)
    assert stepper(page).evaluate("el => el.shadowRoot.querySelectorAll('[style]').length") == 0
    no_errors(watched)


def test_setting_k_or_step_from_code_fires_no_event(watched, site):
    page = open_stepper(watched, site)
    fired = page.evaluate_handle(
        "() => { const n = {count: 0}; document.addEventListener('bp-step', () => n.count++); return n; }")
    page.evaluate("() => { document.querySelector('#graphs bp-graph-stepper').k = 5; }")
    assert step_text(page) == "Step 5 / 7"
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('step', '2')")
    assert step_text(page) == "Step 2 / 7"
    page.wait_for_timeout(100)
    assert fired.evaluate("n => n.count") == 0
    press(page, "next")
    assert fired.evaluate("n => n.count") == 1
    no_errors(watched)


def test_pinned_attributes_open_at_the_step_shown(watched, site):
    """What the authors' page copies: the attributes with step = the step the learner is on. On a fresh page they
    open at that step, with the same numbers; the step attribute itself still says where the graph opened."""
    page = open_stepper(watched, site, {**LESSON_ATTRS, "step": "1"})
    press(page, "next", 4)
    assert step_text(page) == "Step 5 / 7"
    pinned = stepper(page).evaluate("el => el.pinnedAttributes()")
    assert pinned == {**LESSON_ATTRS, "id": "graph-stepper", "step": "5"}  # every attribute but engine
    assert stepper(page).get_attribute("step") == "1"
    seen = shown(page)
    fresh = page.context.new_page()
    fresh.goto(site.url())
    fresh.evaluate("() => document.querySelector('#graphs bp-graph-stepper')?.remove()")
    fresh.evaluate(PUT, [pinned])
    wait_for(fresh, LESSON_ATTRS["expr"])
    assert step_text(fresh) == "Step 5 / 7"
    assert shown(fresh) == seen
    by_hand = lesson_by_hand()
    assert seen["d"]["grad"] == display(by_hand["d"][1]) and seen["a"]["grad"] == "…"  # backward reached d, not a
    no_errors(watched)


def test_play_advances_and_pauses_also_with_reduced_motion(watched, site):
    page = watched.page
    page.emulate_media(reduced_motion="reduce")
    open_stepper(watched, site)
    play = stepper(page).locator('button[data-act="play"]')
    play.click()
    assert "Pause" in play.inner_text()
    page.wait_for_function("() => document.querySelector('#graphs bp-graph-stepper').k >= 2", timeout=5000)
    play.click()
    assert "Play" in play.inner_text()
    k = k_of(page)
    page.wait_for_timeout(1300)
    assert k_of(page) == k, "paused"
    page.evaluate("() => { document.querySelector('#graphs bp-graph-stepper').k = 5; }")
    animation = stepper(page).evaluate(
        f"el => getComputedStyle(({VISIBLE})(el).querySelector('.edge.active .wire')).animationName")
    assert animation == "none", "no animated transitions under prefers-reduced-motion"
    no_errors(watched)


def test_fan_out_gradient_is_the_sum_of_two_contributions(watched, site):
    page = open_stepper(watched, site)
    stepper(page).locator("select").select_option(label="fan-out: (a*b + a)*d")
    wait_for(page, "(a*b + a)*d")
    assert stepper(page).get_attribute("expr") == "(a*b + a)*d"
    # by hand: s = a*b + a, L = s*d; dL/ds = d; a gets b*dL/ds through a*b and 1*dL/ds directly
    a, b, d = 2.0, 3.0, 4.0
    ds = d
    through_product, direct = b * ds, 1.0 * ds
    assert (through_product, direct, through_product + direct) == (12.0, 4.0, 16.0)
    assert step_text(page) == "Step 0 / 7"
    press(page, "next", 6)  # the direct contribution has arrived, the other not yet
    partial = shown(page)["a"]
    assert partial["grad"] == "…" and display(direct) in partial["sum"] and "…" in partial["sum"]
    press(page, "next")
    complete = shown(page)["a"]
    assert complete["grad"] == display(through_product + direct)
    assert display(through_product) in complete["sum"] and display(direct) in complete["sum"]
    explain = " ".join(stepper(page).locator("[data-explain]").inner_text().split())
    assert f"dL/da = {display(direct)} + {display(through_product)} = {display(16.0)}" in explain
    no_errors(watched)


def test_invalid_expression_shows_the_column_and_the_widget_keeps_working(watched, site):
    page = open_stepper(watched, site)
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('expr', 'a +* b')")
    message = stepper(page).locator("[data-message]")
    message.wait_for(state="visible")
    assert "column 4" in message.inner_text()
    assert "a +* b" in message.inner_text()
    press(page, "next")  # the last good graph still steps
    assert step_text(page) == "Step 1 / 7"
    page.evaluate("() => document.querySelector('#graphs bp-graph-stepper').setAttribute('expr', '(a*b + c)*d + a')")
    wait_for(page, "(a*b + c)*d + a")
    assert message.is_hidden()
    stepper(page).locator('button[data-act="next"]').press("End")
    numbers = shown(page)
    assert numbers["a"]["grad"] == display(12.0 + 1.0)  # the extra "+ a" adds 1 * dL/dL to a's gradient
    no_errors(watched)


def test_missing_variable_gets_one_and_a_message(watched, site):
    page = open_stepper(watched, site)
    page.evaluate("() => { const el = document.querySelector('#graphs bp-graph-stepper'); el.removeAttribute('c'); }")
    page.wait_for_function("() => document.querySelector('#graphs bp-graph-stepper').state.missing.length === 1",
                           timeout=LIVE_TIMEOUT_MS)
    message = stepper(page).locator("[data-message]")
    assert "No value given for c: using 1" in message.inner_text()
    assert shown(page)["c"]["value"] == display(1.0)
    no_errors(watched)
