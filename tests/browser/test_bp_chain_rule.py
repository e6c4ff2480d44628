"""<bp-chain-rule> in real Chromium: prerendered first, then live numbers identical to the engine's in CPython."""

from __future__ import annotations

import pytest

from backprop.widgets import chain_rule

from .conftest import LIVE_TIMEOUT_MS, display, focused_text, marked

SLOTS = {  # slot in the view -> where the number is in the engine's state
    "value0": lambda s: s["stages"][0]["value"],
    "value1": lambda s: s["stages"][1]["value"],
    "value2": lambda s: s["stages"][2]["value"],
    "value3": lambda s: s["stages"][3]["value"],
    "grad0": lambda s: s["stages"][0]["grad"],
    "grad1": lambda s: s["stages"][1]["grad"],
    "grad2": lambda s: s["stages"][2]["grad"],
    "grad3": lambda s: s["stages"][3]["grad"],
    "local0": lambda s: s["locals"][0]["value"],
    "local1": lambda s: s["locals"][1]["value"],
    "local2": lambda s: s["locals"][2]["value"],
    "result": lambda s: s["stages"][0]["grad"],
}


def shown_numbers(page, precision: str = "display") -> dict[str, str]:
    selector = '[data-f][data-precision="full"]' if precision == "full" else '[data-f]:not([data-precision="full"])'
    return page.evaluate(
        """sel => Object.fromEntries([...document.querySelector('bp-chain-rule').shadowRoot
              .querySelectorAll(sel)].map(e => [e.dataset.f, e.textContent.trim()]))""",
        selector,
    )


def assert_shows(page, x: float) -> None:
    expected = chain_rule(x)
    numbers = shown_numbers(page)
    for slot, pick in SLOTS.items():
        assert numbers[slot] == display(pick(expected)), slot
    # the table view: every number again, every digit of it
    table = shown_numbers(page, "full")
    for slot, text in table.items():
        assert float(text) == SLOTS[slot](expected), slot
    # the state the element exposes is the engine's result at full precision
    state = page.evaluate("() => document.querySelector('bp-chain-rule').state")
    assert state == expected


def wait_for_x(page, x: float) -> None:
    page.wait_for_function(
        "x => { const s = document.querySelector('bp-chain-rule').state; return s && s.x === x; }",
        arg=x, timeout=LIVE_TIMEOUT_MS,
    )


def test_lesson_numbers_at_default_x_before_and_after_live(watched, site):
    watched.page.goto(site.url())
    assert_shows(watched.page, 0.4)
    watched.wait_live()
    assert_shows(watched.page, 0.4)
    assert watched.errors == [] and watched.console_errors == []


def test_keyboard_moves_slider_and_numbers_follow(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    events = page.evaluate_handle(
        "() => { const seen = []; document.addEventListener('bp-change', e => seen.push(e.detail.state.x)); return seen; }"
    )
    slider = page.locator("bp-chain-rule").locator("#x-range")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_for_x(page, 0.43)
    assert_shows(page, 0.43)
    page.keyboard.press("End")
    wait_for_x(page, 2.0)
    assert_shows(page, 2.0)
    assert events.evaluate("s => s.length") >= 1, "a user change fires bp-change"
    assert page.locator("bp-chain-rule").get_attribute("x") == "2"


def test_typed_x_shows_engine_numbers(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("0.7")
    wait_for_x(page, 0.7)
    assert_shows(page, 0.7)
    assert page.locator("bp-chain-rule").locator("#x-range").input_value() == "0.7"


def test_setting_x_from_code_recomputes_without_event(watched, site):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    fired = page.evaluate_handle(
        "() => { const n = {count: 0}; document.addEventListener('bp-change', () => n.count++); return n; }"
    )
    page.evaluate("() => { document.querySelector('bp-chain-rule').x = -1.25; }")
    wait_for_x(page, -1.25)
    assert_shows(page, -1.25)
    page.wait_for_timeout(200)
    assert fired.evaluate("n => n.count") == 0


@pytest.mark.parametrize("attribute,value", [("min", "abc"), ("x", "NaN"), ("max", "-5")])
def test_bad_attribute_gives_message_and_widget_keeps_working(watched, site, attribute, value):
    page = watched.page
    page.goto(site.url())
    watched.wait_live()
    page.evaluate(f"() => document.querySelector('bp-chain-rule').setAttribute('{attribute}', '{value}')")
    message = page.locator("bp-chain-rule").locator("[data-message]")
    assert attribute in message.inner_text()
    entry = page.locator("bp-chain-rule").locator("#x-number")
    entry.fill("0.1")
    wait_for_x(page, 0.1)
    assert_shows(page, 0.1)
    assert watched.errors == []


def test_static_before_the_engine_is_live(watched, site):
    page = watched.page
    held = []
    page.route("**/js/worker.js", lambda route: held.append(route))  # never answered: the worker never starts
    page.goto(site.url())
    widget = page.locator("bp-chain-rule")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').getAttribute('engine') === 'static'")
    assert_shows(page, 0.4)
    assert widget.get_attribute("engine") == "static"
    assert watched.errors == []


def test_pointing_at_a_term_marks_it_in_the_chain_and_the_table_and_back(watched, site):
    page = watched.page
    page.goto(site.url())
    widget = page.locator("bp-chain-rule")
    widget.locator("details.table-view summary").click()
    assert marked(page, "bp-chain-rule") == []
    widget.locator(".product .term", has_text="dL/dv").hover()
    shown = marked(page, "bp-chain-rule")
    v_to_l = chain_rule(0.4)["locals"][2]["value"]  # dL/dv = cos v: the edge v -> L, and the gradient at v
    assert sorted(shown) == sorted([f"→ dL/dv = cos v = {display(v_to_l)} ←", f"dL/dv {display(v_to_l)}", "dL/dv",
                                    f"({display(v_to_l)})", f"dL/dv (local derivative) {v_to_l!r}",
                                    f"dL/dv (gradient) {v_to_l!r}"])
    # and back: pointing at a row of the table marks the term and the edge
    widget.locator("tr", has_text="du/dx (local derivative)").hover()
    assert sorted(marked(page, "bp-chain-rule")) == sorted(["→ du/dx = 3 = 3.0000 ←", "du/dx", "(3.0000)",
                                                            "du/dx (local derivative) 3"])
    page.mouse.move(0, 0)
    assert marked(page, "bp-chain-rule") == []


def test_the_product_terms_are_one_tab_stop_walked_with_the_arrow_keys(watched, site):
    page = watched.page
    page.goto(site.url())
    widget = page.locator("bp-chain-rule")
    assert widget.locator('.product [tabindex="0"]').count() == 1
    assert widget.locator(".product [data-terms]").get_attribute("role") == "group"
    widget.locator("#x-number").focus()
    page.keyboard.press("Tab")
    assert focused_text(page, "bp-chain-rule") == "dL/dx"
    # the focused term wears the focus ring; the gradient box at x and the product's result are marked with it
    grad = display(chain_rule(0.4)["stages"][0]["grad"])
    assert marked(page, "bp-chain-rule")[:2] == [f"dL/dx {grad}", grad]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused_text(page, "bp-chain-rule") == "dv/du"
    assert any(text.startswith("→ dv/du = 2u = ") for text in marked(page, "bp-chain-rule"))
    page.keyboard.press("End")
    assert focused_text(page, "bp-chain-rule") == "du/dx"
    page.keyboard.press("ArrowRight")  # wraps round
    assert focused_text(page, "bp-chain-rule") == "dL/dx"
    page.keyboard.press("Tab")  # out of the group: nothing stays marked
    assert focused_text(page, "bp-chain-rule") != "dL/dx" and marked(page, "bp-chain-rule") == []
