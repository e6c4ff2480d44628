"""axe-core (bundled by axe-playwright-python, offline) on every page, in light and dark, before and after the
learner interacts: no serious or critical violation. Plus the keyboard basics axe cannot see."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import LIVE_TIMEOUT_MS

PAGES = ["index.html", "authors.html", "embed.html?widget=chain-rule&x=0.9"]


def serious(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations_before_and_after_interaction(browser, site, scheme, path):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site.url(path))
        assert serious(page) == [], "before the engine is live"
        page.locator("bp-chain-rule[engine='live']").first.wait_for(timeout=LIVE_TIMEOUT_MS)
        slider = page.locator("bp-chain-rule").first.locator("#x-range")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("PageUp")
        page.wait_for_timeout(300)
        assert serious(page) == [], "after moving the slider"
    finally:
        context.close()


def test_theme_toggle_is_a_labelled_pressed_button_and_switches_dark(watched, site):
    page = watched.page
    page.goto(site.url())
    toggle = page.get_by_role("button", name="Dark theme: off")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert page.get_by_role("button", name="Dark theme: on").get_attribute("aria-pressed") == "true"


def test_focus_ring_is_visible_on_the_slider(watched, site):
    page = watched.page
    page.goto(site.url())
    slider = page.locator("bp-chain-rule").locator("#x-range")
    page.keyboard.press("Tab")  # focus moves by keyboard, so :focus-visible applies
    slider.focus()
    page.keyboard.press("ArrowRight")
    outline = slider.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")
