"""<bp-neuron-trainer> in real Chromium: editing its entries, state pinned as attributes, keyboard, axe and phone
width, and the linked highlighting of the formula, its rows and its numbers."""

from __future__ import annotations

import pytest

from backprop.widgets import neuron

from .conftest import LIVE_TIMEOUT_MS, display, focused_text, marked
from .neuron_trainer_driver import (
    LESSON_BACKWARD, LESSON_FORWARD, TAG, click_steps, no_errors, open_trainer, slot, slots, state, torch_sgd, wait_state,
)

# ---- editing ----------------------------------------------------------------------------------------------------

def test_editing_w_recomputes(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 2)
    causes = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-change', e => seen.push(e.detail.cause)); return seen; }"
    )
    widget.locator("#in-w").fill("0.5, -0.2, 0.1")
    wait_state(page, "s.w[0] === 0.5 && s.steps === 0")
    s = state(page)
    expected = neuron(w=[0.5, -0.2, 0.1])
    assert s == expected
    assert page.locator(TAG).first.get_attribute("steps") is None, "a new starting point: steps back to 0"
    assert slot(widget, "forward", "loss") == display(expected["loss"])
    assert slot(widget, "update", "w_new0") == display(expected["w_new"][0])
    assert page.locator(TAG).first.get_attribute("w") == "0.5, -0.2, 0.1"
    assert "edit" in causes.evaluate("seen => seen")
    no_errors(watched)


@pytest.mark.parametrize("field,text,says", [
    ("w", "abc", "not a number"),
    ("b", "NaN", "not a number"),
    ("lr", "", "empty"),
    ("x", "0.8, , 1.2", "missing"),
])
def test_bad_entry_gives_message_and_keeps_last_good_numbers(watched, site, field, text, says):
    page = watched.page
    widget = open_trainer(watched, site)
    before = state(page)
    attribute = widget.get_attribute(field)
    entry = widget.locator(f"#in-{field}")
    entry.fill(text)
    entry.press("Tab")  # leaving the field commits it
    message = widget.locator("[data-message]")
    message.wait_for(state="visible")
    assert says in message.inner_text() and "last good numbers" in message.inner_text()
    assert entry.get_attribute("aria-invalid") == "true"
    page.wait_for_timeout(300)
    assert state(page) == before
    assert slots(widget, "forward", LESSON_FORWARD) == LESSON_FORWARD
    assert widget.get_attribute(field) == attribute  # the attribute never took the bad text
    entry.fill({"w": "0.2, -0.1, 0.3", "b": "0.1", "lr": "0.5", "x": "0.8, -0.4, 1.2"}[field])
    entry.press("Tab")
    message.wait_for(state="hidden")
    assert entry.get_attribute("aria-invalid") is None
    no_errors(watched)


def test_mismatched_lengths_are_refused_by_the_engine(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    before = state(page)
    widget.locator("#in-x").fill("0.8, -0.4, 1.2, 2")
    widget.locator("[data-message]").wait_for(state="visible")
    assert "x has 4 numbers but w has 3" in widget.locator("[data-message]").inner_text()
    assert state(page) == before
    widget.locator("#in-w").fill("0.2, -0.1, 0.3, 0.05")  # now they agree: a fourth row everywhere
    wait_state(page, "s.w.length === 4")
    assert widget.locator("[data-message]").is_hidden()
    assert state(page) == neuron(x=[0.8, -0.4, 1.2, 2], w=[0.2, -0.1, 0.3, 0.05])
    assert widget.locator("[data-rg]").count() == 5
    no_errors(watched)


def test_attribute_set_from_code_recomputes_without_event(watched, site):
    """The state shown is always the attributes': set from code, the starting point, steps or a switch recompute it
    (steps are kept: the attributes say how many), and no learner's event fires."""
    page = watched.page
    widget = open_trainer(watched, site)
    click_steps(page, widget, 2)
    fired = page.evaluate_handle(
        "() => { const n = {count: 0}; document.addEventListener('bp-change', () => n.count++); return n; }"
    )
    page.evaluate(f"() => {{ const el = document.querySelector('{TAG}'); el.lr = 0.25; el.b = -0.3; }}")
    wait_state(page, "s.lr === 0.25 && s.start.b === -0.3 && s.steps === 2")
    w, b, losses, _, _ = torch_sgd(2, b=-0.3, lr=0.25)
    s = state(page)
    assert s["w"] == pytest.approx(w, abs=1e-12) and s["b"] == pytest.approx(b, abs=1e-12)
    assert s["losses"][:2] == pytest.approx(losses, abs=1e-12)
    assert widget.locator("#in-lr").input_value() == "0.25" and widget.locator("#in-b").input_value() == "-0.3"
    page.evaluate(f"() => {{ const el = document.querySelector('{TAG}'); el.steps = 0; el.setAttribute('no-grad', 'w1'); }}")
    wait_state(page, "s.steps === 0 && s.requires_grad[0] === false")
    assert state(page) == neuron(b=-0.3, lr=0.25, no_grad="w1")
    assert not widget.get_by_role("group", name="requires_grad for").get_by_label("w₁").is_checked()
    assert widget.get_by_role("group", name="requires_grad for").get_by_label("w₂").is_checked()
    page.evaluate(f"() => document.querySelector('{TAG}').setAttribute('steps', '1001')")
    page.wait_for_function(f"() => document.querySelector('{TAG}').shadowRoot.querySelector('[data-message]')"
                           ".textContent.includes('from 0 to 1000')", timeout=LIVE_TIMEOUT_MS)
    assert state(page)["steps"] == 0, "refused: the last good numbers stay"
    page.wait_for_timeout(200)
    assert fired.evaluate("n => n.count") == 0
    no_errors(watched)


# ---- state that pins: steps and the switches as attributes ----------------------------------------------------------

SHOWN = """el => {
  const root = el.shadowRoot.querySelector('[data-bp-root]').cloneNode(true);
  root.querySelectorAll('[data-notice], [data-live], [data-message], [data-refusal]').forEach((n) => n.remove());
  const controls = [...el.shadowRoot.querySelectorAll('input')].map((i) => i.type === 'checkbox' ? String(i.checked) : i.value);
  return [root.textContent.replace(/\\s+/g, ' ').trim(), ...controls];
}"""

REPLACE = """attrs => {
  document.querySelectorAll('bp-neuron-trainer').forEach((e) => e.remove());
  const el = document.createElement('bp-neuron-trainer');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.querySelector('main').prepend(el);
}"""


def test_clicks_and_their_pinned_attributes_show_the_same_numbers(watched, site):
    """The learner's switches and clicks are written into the attributes; those attributes, on a fresh page, show
    every number the same, and the numbers are PyTorch's."""
    page = watched.page
    widget = open_trainer(watched, site)
    element = page.locator(TAG).first
    widget.get_by_label("Zero gradients each step").uncheck()
    widget.get_by_role("group", name="requires_grad for").get_by_label("w₂").uncheck()
    wait_state(page, "s.zero_grads === false && s.requires_grad[1] === false")
    click_steps(page, widget, 5)
    assert [element.get_attribute(a) for a in ("steps", "no-zero-grad", "no-grad")] == ["5", "", "w2"]
    s = state(page)
    w, b, losses, _, _ = torch_sgd(5, zero_grad=False, frozen=(1,))
    assert s["w"] == pytest.approx(w, abs=1e-12) and s["b"] == pytest.approx(b, abs=1e-12)
    assert s["losses"] == pytest.approx(losses + [s["loss"]], abs=1e-12)
    seen = element.evaluate(SHOWN)
    pinned = element.evaluate("el => el.pinnedAttributes()")
    assert {k: pinned[k] for k in ("x", "w", "b", "y", "lr", "steps", "no-zero-grad", "no-grad")} == {
        "x": "0.8, -0.4, 1.2", "w": "0.2, -0.1, 0.3", "b": "0.1", "y": "1", "lr": "0.5", "steps": "5",
        "no-zero-grad": "", "no-grad": "w2"}
    fresh = page.context.new_page()
    fresh.goto(site.url())
    fresh.evaluate(REPLACE, pinned)
    fresh.wait_for_function(f"() => document.querySelector('{TAG}').state?.steps === 5", timeout=LIVE_TIMEOUT_MS)
    assert fresh.evaluate(f"() => document.querySelector('{TAG}').state") == s, "bit for bit"
    assert fresh.locator(TAG).evaluate(SHOWN) == seen
    # and the learner goes on from there as from the clicks
    fresh.locator(TAG).locator("#step").click()
    widget.locator("#step").click()
    for p in (page, fresh):
        p.wait_for_function(f"() => document.querySelector('{TAG}').state.steps === 6", timeout=LIVE_TIMEOUT_MS)
    assert fresh.locator(TAG).evaluate(SHOWN) == element.evaluate(SHOWN)
    widget.locator("#reset").click()
    wait_state(page, "s.steps === 0")
    assert element.get_attribute("steps") is None and element.get_attribute("no-zero-grad") == ""
    no_errors(watched)


# ---- access and layout ------------------------------------------------------------------------------------------

def test_keyboard_only(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    widget.locator("#in-lr").focus()
    for _ in range(20):  # Tab on to "One step"
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.querySelector('{TAG}').shadowRoot.activeElement?.id") == "step":
            break
    else:
        pytest.fail("Tab never reached the One step button")
    outline = page.evaluate(
        f"() => getComputedStyle(document.querySelector('{TAG}').shadowRoot.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows a focus ring"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    wait_state(page, "s.steps === 2")
    no_errors(watched)


def test_axe_finds_nothing_in_the_widget(watched, site):
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 - only this test needs it

    page = watched.page
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()
    widget.locator("[data-rg='1']").uncheck()
    widget.locator("#backward-first").click()
    widget.locator("[data-refusal-text]").wait_for()
    click_steps(page, widget, 2)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = Axe().run(page).response["violations"]
        ours = [(v["id"], n["target"]) for v in violations for n in v["nodes"]
                if isinstance(n["target"][0], list) and n["target"][0][0] == TAG]
        assert ours == [], (scheme, ours)


def test_no_inline_styles(watched, site):
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()
    click_steps(watched.page, widget, 3)
    counts = watched.page.evaluate(
        f"() => {{ const r = document.querySelector('{TAG}').shadowRoot;"
        " return [r.querySelectorAll('[style]').length, r.querySelectorAll('style').length]; }")
    assert counts == [0, 0]


def test_phone_width_no_page_scroll_and_big_targets(watched, site):
    page = watched.page
    page.set_viewport_size({"width": 360, "height": 780})
    widget = open_trainer(watched, site)
    widget.get_by_label("Zero gradients each step").uncheck()  # the widest update table: six columns
    widget.locator("#backward-first").click()
    widget.locator("[data-refusal-text]").wait_for()
    click_steps(page, widget, 3)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    box = widget.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    targets = widget.locator("button, input[type=text], label.check")
    for i in range(targets.count()):
        size = targets.nth(i).bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, targets.nth(i).inner_html()[:80]
    no_errors(watched)


# ---- linked highlighting: a term of the formula, its rows and its numbers -------------------------------------------

def test_pointing_at_delta_marks_every_number_that_uses_it_and_the_formula_walks_by_keyboard(watched, site):
    page = watched.page
    widget = open_trainer(watched, site)
    delta = LESSON_BACKWARD["dL_dz"]
    widget.locator('th[data-q="dL_dz"]').hover()
    # the row header, its value, and delta as a factor in each dL/dw rule: a person sees where delta goes
    assert marked(page, TAG) == ["dL/dz = δ delta", delta, delta, delta, delta]
    widget.locator('[part~="forward"] [data-f="w1"]').hover()  # and back: a weight in a rule marks its rows
    assert marked(page, TAG) == ["w", "−0.1000", "w₂", "−0.1000"]
    page.mouse.move(0, 0)
    assert marked(page, TAG) == []
    # the formula is one tab stop; its terms are walked with the arrow keys, each marking its quantity
    assert widget.locator('.model [tabindex="0"]').count() == 1
    widget.locator(".model .term").first.focus()
    assert focused_text(page, TAG) == "z"
    assert marked(page, TAG) == ["z", "z", LESSON_FORWARD["z"], LESSON_FORWARD["z"]]  # the other z, row, value, rule
    page.keyboard.press("ArrowRight")
    assert focused_text(page, TAG) == "w"
    assert marked(page, TAG) == ["0.2000", "−0.1000", "0.3000", "w₁", "0.2000", "w₂", "−0.1000", "w₃", "0.3000"]
    page.keyboard.press("End")
    assert focused_text(page, TAG) == "y"
    assert marked(page, TAG) == ["1.0000", "1.0000"]
