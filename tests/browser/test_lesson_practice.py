"""The lesson's "Ask me first" offers (web/js/lesson.js, practice-switch.js): above section 2's graph, section 3's
neuron and section 7's fan-out graph, a checkbox the learner ticks from the keyboard turns the widget's practice mode
on; unticked, the widget shows everything again. Expected values by hand: L = (a*b + c)*d at a=2, b=3, c=-1, d=4
gives dL/dd = a*b + c = 5; the neuron's z = 0.8*0.2 - 0.4*-0.1 + 1.2*0.3 + 0.1 = 0.66; L = (a*b + a)*d at a=2, b=3,
d=4 gives dL/da = (b + 1)*d = 16."""

from __future__ import annotations

from playwright.sync_api import expect

from .by_hand import sigmoid
from .conftest import LIVE_TIMEOUT_MS, display

YHAT = sigmoid(0.66)
DELTA = (YHAT - 1) * YHAT * (1 - YHAT)  # L = 1/2 (yhat - y)^2 with y = 1


def tick(page, widget_id: str, on: bool = True) -> None:
    box = page.locator(f"input[data-practice-for='{widget_id}']")
    expect(box).to_be_enabled(timeout=LIVE_TIMEOUT_MS)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked(checked=on)


def answer(page, widget, notation: str, text: str) -> None:
    box = widget.get_by_role("textbox", name=notation, exact=True)
    expect(box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    box.focus()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(widget.locator("[data-practice-feedback]")).to_contain_text(f"Right: {notation} = ")


def step_to_the_end(page, widget) -> None:
    widget.locator('button[data-act="next"]').focus()
    page.keyboard.press("End")


def test_the_three_offers_ask_first_and_untick_to_show_everything(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live("bp-graph-stepper, bp-neuron-trainer")
    offers = page.locator(".practice-offer")
    assert offers.count() == 3
    for offer in offers.all():
        assert offer.inner_text().startswith("Ask me first")

    graph = page.locator("#graph-stepper")
    tick(page, "graph-stepper")
    step_to_the_end(page, graph)  # the stepper stops before the first gradient not yet answered
    answer(page, graph, "dL/dd", "5")
    tick(page, "graph-stepper", on=False)
    expect(graph.get_by_role("textbox", name="dL/dd", exact=True)).to_have_count(0)
    step_to_the_end(page, graph)
    expect(graph.locator('[data-f="stepText"]')).to_have_text("Step 7 / 7")

    neuron = page.locator("#neuron-trainer")
    tick(page, "neuron-trainer")
    answer(page, neuron, "δ = dL/dz", f"{DELTA:.8f}")
    expect(neuron.locator('[data-f="dL_dz"]').first).to_have_text(display(DELTA))

    fan = page.locator("#fan-out-stepper")
    tick(page, "fan-out-stepper")
    step_to_the_end(page, fan)
    answer(page, fan, "dL/dd", "2*3 + 2")
    answer(page, fan, "dL/d(a*b + a)", "4")
    step_to_the_end(page, fan)
    answer(page, fan, "dL/d(a*b)", "4")
    answer(page, fan, "dL/da", "(3 + 1)*4")
    assert watched.errors == [] and watched.console_errors == []
