"""The authors' page: every widget previewed live, its own documentation, and embed code that pins the preview's
current state and can be copied."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import LIVE_TIMEOUT_MS, Site


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
        # filled once the page's script has loaded each widget's view (a moment after the page itself)
        expect(article.locator("[data-embed-script]")).to_have_value(re.compile(f"<{tag}[ >]"))
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


# What a person sees in a widget: every text of its markup (numbers, step counts, the drawing's labels) but its status
# lines, and the state of every control.
SEEN = """el => {
  const root = el.shadowRoot.querySelector('[data-bp-root]').cloneNode(true);
  root.querySelectorAll('[data-notice], [data-live], [data-message], [data-refusal]').forEach((n) => n.remove());
  const controls = [...el.shadowRoot.querySelectorAll('input')].map((i) => i.type === 'checkbox' ? String(i.checked) : i.value);
  return [root.textContent.replace(/\\s+/g, ' ').trim(), ...controls];
}"""

# For each widget: what a learner does to its preview, and what its copied code then says.
LEARNER = {
    "bp-chain-rule": (lambda w: w.locator("#x-number").fill("1.25"), 'x="1.25"'),
    "bp-graph-stepper": (lambda w: [w.locator('button[data-act="next"]').click() for _ in range(3)], 'step="3"'),
    "bp-neuron-trainer": (lambda w: [w.get_by_label("Zero gradients each step").uncheck(),
                                     *[w.locator("#step").click() for _ in range(3)]], 'steps="3"'),
    "bp-xor-lab": (lambda w: [w.locator("#step").click() for _ in range(2)], 'steps="2"'),
    "bp-playground": (lambda w: w.locator('[data-number="x"]').fill("0.9"), 'x="0.9"'),
}


@pytest.fixture(scope="module")
def course_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("authors-course")


@pytest.mark.parametrize("tag", list(LEARNER))
def test_copied_code_reproduces_what_the_preview_shows(watched, site, course_folder, tag):
    """A learner's changes to a preview (a slider, a step, a switch, training) are in its copied script-tag code:
    pasted into a course page on another origin, it shows every number the preview shows."""
    page = watched.page
    page.goto(site.url("authors.html"))
    article = page.locator(f'[data-embed-for="{tag}"]')
    widget = article.locator(tag)
    page.wait_for_function("el => el.getAttribute('engine') === 'live' && el.state", arg=widget.element_handle(),
                           timeout=LIVE_TIMEOUT_MS)
    act, pinned = LEARNER[tag]
    act(widget)
    code = article.locator("[data-embed-script]")
    page.wait_for_function("([el, text]) => el.value.includes(text)", arg=[code.element_handle(), pinned],
                           timeout=LIVE_TIMEOUT_MS)
    page.wait_for_timeout(300)  # the last answer painted (the code follows the attributes at once)
    seen = widget.evaluate(SEEN)
    (course_folder / f"{tag}.html").write_text(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course page</title>
<link rel="icon" href="data:,"></head><body><main>
{code.input_value()}
</main></body></html>""")
    course = Site(directory=course_folder)
    try:
        other = page.context.new_page()
        other.goto(course.url(f"{tag}.html"))
        pasted = other.locator(tag)
        other.wait_for_function("el => el.getAttribute('engine') === 'live' && el.state", arg=pasted.element_handle(),
                                timeout=LIVE_TIMEOUT_MS)
        expect_same(other, pasted, seen)
    finally:
        course.close()
    assert watched.errors == []


def expect_same(page, widget, seen, timeout_ms: int = LIVE_TIMEOUT_MS) -> None:
    """Waits (the engine may still be answering) until the widget shows exactly `seen`; fails showing the difference."""
    deadline = timeout_ms
    while widget.evaluate(SEEN) != seen and deadline > 0:
        page.wait_for_timeout(200)
        deadline -= 200
    assert widget.evaluate(SEEN) == seen
