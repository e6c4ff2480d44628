"""The authors' page's live event log: a preview switched into practice mode and answered from the keyboard puts its
statement in the log as one readable line; any statement is shown as text, never markup, and the log keeps the newest
entries only (those are dispatched from the page, as a practice widget dispatches them: bubbling and composed)."""

from __future__ import annotations

import math

from playwright.sync_api import expect

from .conftest import LIVE_TIMEOUT_MS, display

DISPATCH = """([n, response]) => { const element = document.querySelector('bp-chain-rule');
  for (let i = 0; i < n; i += 1) element.dispatchEvent(new CustomEvent('bp-answer', { bubbles: true, composed: true,
    detail: { statement: { verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
      object: { id: 'urn:q', definition: { description: { 'en-US': 'dL/dx at x = 0.4' } } },
      result: { success: i % 2 === 1, response: response + i }, timestamp: '2025-01-02T03:04:05.000Z' } } })); }"""


def test_the_event_log_shows_each_statement_and_keeps_the_newest(watched, site):
    page = watched.page
    page.goto(site.url("authors.html"))
    log = page.locator("[data-event-log]")
    page.wait_for_selector("[data-event-log-empty]", timeout=LIVE_TIMEOUT_MS)
    assert page.locator("[data-event-log-empty]").inner_text() == "No events yet."
    assert log.get_attribute("role") == "log"

    page.evaluate(DISPATCH, [1, "<b>3*4</b> #"])
    first = log.locator("li").first
    assert first.locator("span").inner_text().endswith(
        "answered · “dL/dx at x = 0.4” · response <b>3*4</b> #0 · not correct")  # shown as text, not markup
    assert page.locator("[data-event-log] b").count() == 0
    assert page.locator("[data-event-log-empty]").is_hidden()
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    assert '"response": "<b>3*4</b> #0"' in first.locator("pre").inner_text()

    page.evaluate(DISPATCH, [60, "r"])
    assert log.locator("li").count() == 50
    assert log.locator("li").last.locator("span").inner_text().endswith("response r59 · correct")
    assert log.locator("li").first.locator("span").inner_text().endswith("response r10 · not correct")

    page.get_by_role("button", name="Clear the log").click()
    assert log.locator("li").count() == 0
    assert page.locator("[data-event-log-empty]").is_visible()
    assert watched.errors == []


def test_a_preview_in_practice_mode_reports_what_the_learner_answered(watched, site):
    page = watched.page
    page.goto(site.url("authors.html"))
    preview = page.locator("[data-embed-for='bp-chain-rule']")
    switch = preview.get_by_role("checkbox", name="Practice mode (its events appear in the event log)")
    switch.focus()
    page.keyboard.press("Space")
    box = preview.locator("bp-chain-rule").get_by_role("textbox", name="dL/dv", exact=True)
    expect(box).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    x = float(preview.locator("bp-chain-rule").get_attribute("x") or "0.4")
    v = (3 * x + 2) ** 2
    box.focus()
    page.keyboard.type(f"cos({v!r})")  # dL/dv = cos v, by hand
    page.keyboard.press("Enter")
    line = page.locator("[data-event-log] li").first.locator("span")
    expect(line).to_contain_text(f"response cos({v!r}) · correct", timeout=LIVE_TIMEOUT_MS)
    expect(preview.locator("bp-chain-rule [data-practice-feedback]")).to_have_text(
        f"Right: dL/dv = {display(math.cos(v))}.")
    assert watched.errors == []
