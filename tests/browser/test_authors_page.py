"""The authors' page: every widget previewed live, its own documentation, and embed code that pins the preview's
current state and can be copied."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import LIVE_TIMEOUT_MS


def test_every_widget_is_previewed_and_documented(watched, site):
    page = watched.page
    page.goto(site.url("authors.html"))
    articles = page.locator("[data-embed-for]")
    tags = [articles.nth(i).get_attribute("data-embed-for") for i in range(articles.count())]
    assert {"bp-chain-rule", "bp-graph-stepper", "bp-neuron-trainer"} <= set(tags)
    for i, tag in enumerate(tags):
        article = articles.nth(i)
        assert article.locator(tag).count() == 1
        assert article.locator("details pre").text_content().startswith("Properties:")
        # the attribute table, generated from the view: one row per attribute, each with what it takes and does
        rows = article.locator("table.attribute-docs tbody tr")
        assert rows.count() >= 1 and all(rows.nth(r).locator("td").count() == 3 for r in range(rows.count()))
        assert f"<{tag}" in article.locator("[data-embed-script]").input_value()
    assert "--bp-forward" in page.locator("#theming pre").first.inner_text()
    # written for authors: nothing that only makes sense inside this repository
    text = page.locator("main").inner_text()
    for internal in ("LESSON.md", "py/backprop", "TARGET_CALL_MS", "-view.js", "ATTRIBUTES"):
        assert internal not in text, internal


def test_embed_code_pins_the_current_state_and_copies(browser, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site.url("authors.html"))
        article = page.locator("#doc-chain-rule")
        article.locator("bp-chain-rule[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
        entry = article.locator("bp-chain-rule").locator("#x-number")
        entry.fill("1.25")
        code = article.locator("[data-embed-script]")
        page.wait_for_function(
            "() => document.querySelector('#doc-chain-rule [data-embed-script]').value.includes('x=\"1.25\"')")
        iframe_code = article.locator("[data-embed-iframe]").input_value()
        assert "widget=chain-rule" in iframe_code and "x=1.25" in iframe_code
        article.get_by_role("button", name="Copy script-tag code").click()
        # the clipboard write is asynchronous: the status follows it
        expect(article.locator("[data-copy-status]")).to_have_text("Copied.", timeout=10_000)
        assert page.evaluate("() => navigator.clipboard.readText()") == code.input_value()
    finally:
        context.close()
