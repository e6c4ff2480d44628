"""<bp-grad-cost> in real Chromium, and the lesson's new parts as a learner sees them: the counts in the table are
the hand counts of the neuron's graph (tests/test_costs.py derives them), the slider and the number field change n
from the keyboard, a refused n is explained where the learner typed it, and the page shows the sigmoid chain and
the fan-out stepper it talks about."""

from __future__ import annotations

from .conftest import LIVE_TIMEOUT_MS


def hand_totals(n: int) -> list[str]:
    nodes, edges = 2 * n + 4, 3 * n + 3
    return [str(2 * n * nodes), str(nodes + n * edges), str(nodes + edges)]


def totals(widget) -> list[str]:
    return [cell.strip() for cell in widget.locator("tbody td.total").all_inner_texts()]


def live_widget(watched, site):
    """The lesson page, once the cost widget is live: the page and the widget."""
    page = watched.page
    page.goto(site.url())
    widget = page.locator("bp-grad-cost[engine='live']")
    widget.wait_for(timeout=LIVE_TIMEOUT_MS)
    return page, widget


def test_the_first_frame_counts_eight_weights_before_python_is_live(watched, site):
    page = watched.page
    page.goto(site.url())
    widget = page.locator("bp-grad-cost")
    assert totals(widget) == hand_totals(8) == ["320", "236", "47"]
    assert "All 8 gradients" in widget.locator("caption").inner_text()


def test_the_learner_slides_n_and_the_counts_follow(watched, site):
    page, widget = live_widget(watched, site)
    widget.locator("#gc-range").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    widget.locator("caption", has_text="All 12 gradients").wait_for()
    assert totals(widget) == hand_totals(12) == ["672", "496", "67"]
    rows = widget.locator("tbody tr").all_inner_texts()
    assert "24" in rows[0].split() and rows[2].split()[-6:-2] == ["1", "28", "1", "39"]
    assert "12 weights" in widget.locator(".sentence").inner_text()


def test_an_n_the_engine_does_not_take_is_explained_and_the_counts_stay(watched, site):
    page, widget = live_widget(watched, site)
    entry = widget.locator("#gc-number")
    entry.fill("100")
    message = widget.locator("[data-message]")
    message.wait_for()
    assert "n must be a whole number from 1 to 64" in message.inner_text()
    assert totals(widget) == hand_totals(8)


def test_the_lesson_shows_the_chain_and_the_fan_out_it_talks_about(watched, site):
    page = watched.page
    page.goto(site.url())
    chain = page.locator("#patterns ~ div bp-playground").first
    assert chain.locator("#pg-expr").input_value() == "sigmoid(sigmoid(sigmoid(x)))"
    # dL/dx through three sigmoids at 0, by hand: 0.25 * s'(0.5) * s'(s(0.5)) = 0.013352...
    assert chain.locator('[data-f="grad-x"]').inner_text() == "0.0134"
    stepper = page.locator("#engine bp-graph-stepper")
    assert stepper.locator("#gs-example").input_value() == "1"  # the switch names it: the fan-out example
    text = page.locator("#engine").inner_text()
    assert "dL/da = 16.0000" in text and "12.0000" in text and "4.0000" in text
