"""The authors' page's live event log: what a preview dispatches appears as one readable line, as it happens, and the
log keeps the newest entries only. (No widget on this branch has a practice mode yet, so the preview's event is
dispatched from the page, as a practice widget dispatches it: from the element, bubbling and composed.)"""

from __future__ import annotations

from .conftest import LIVE_TIMEOUT_MS

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
