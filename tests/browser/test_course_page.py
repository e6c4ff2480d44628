"""A course page on another origin shows correct numbers before Python starts, made either way an author can: (a) with
the embed code copied from the authors' page (its first frame inside the element) or (b) with `build.py prerender`.
Then it goes live with no layout shift, and the widgets answer as they do anywhere. Expected numbers are hand
arithmetic: L = sin(u^2), u = 3x + 2, so dL/dx = cos(u^2) * 2u * 3."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import LIVE_TIMEOUT_MS, ROOT, Site, display

HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3</title>
<link rel="icon" href="data:,"></head><body><h1>Week 3: the chain rule</h1><p>Read this, then move x.</p>"""
LAYOUT_SHIFT = """window.__cls = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({ type: "layout-shift", buffered: true });"""


def dl_dx(x: float) -> float:
    u = 3 * x + 2
    return math.cos(u * u) * 2 * u * 3


def copied_code(browser, site: Site) -> str:
    """What an author copies from the authors' page after setting the chain rule's x to 1.25 in its preview, and the
    graph stepper's code as it starts: the script tag once, then both elements."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site.url("authors.html"))
        article = page.locator("#doc-chain-rule")
        article.locator("bp-chain-rule[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
        article.locator("bp-chain-rule").locator("#x-number").fill("1.25")
        page.wait_for_function("""() => { const code = document.querySelector('#doc-chain-rule [data-embed-script]').value;
                                   return code.includes('x="1.25"><template shadowrootmode="open">'); }""")
        chain = article.locator("[data-embed-script]").input_value()
        graph = page.locator("#doc-graph-stepper [data-embed-script]").input_value()
    finally:
        context.close()
    assert "<template shadowrootmode" in graph
    return chain + "\n" + graph.split("\n", 1)[1]  # one script tag is enough


@pytest.fixture(scope="module")
def course(tmp_path_factory, browser, site) -> Iterator[Site]:
    """The course's own server, another origin: copied.html from the authors' page's code, prerendered.html from
    `build.py prerender` on a page an author wrote with the short form."""
    folder: Path = tmp_path_factory.mktemp("course-page")
    (folder / "copied.html").write_text(HEAD + copied_code(browser, site) + "\n<p>The end.</p></body></html>")
    source = folder / "source.html"
    source.write_text(HEAD + f"""<script type="module" src="{site.url('widgets.js')}"></script>
<bp-chain-rule x="1.25"></bp-chain-rule>
<bp-graph-stepper expr="(a*b + c)*d" a="2" b="3" c="-1" d="4"></bp-graph-stepper><p>The end.</p></body></html>""")
    command = [sys.executable, str(ROOT / "build.py"), "prerender", str(source), str(folder / "prerendered.html"),
               "--site", site.url()]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    server = Site(directory=folder)
    yield server
    server.close()


PAGES = ["copied.html", "prerendered.html"]


def chain_result(page) -> str:
    return page.locator("bp-chain-rule").locator('[data-f="result"]').inner_text()


def placeholders(page) -> int:
    """Slots still showing "…" (no number yet) in every widget on the page."""
    return page.evaluate("""() => [...document.querySelectorAll('bp-chain-rule, bp-graph-stepper')]
      .flatMap((w) => [...w.shadowRoot.querySelectorAll('[data-f]')]).filter((s) => s.textContent === '…').length""")


@pytest.mark.parametrize("name", PAGES)
def test_numbers_are_painted_before_python_starts(watched, course, name):
    page = watched.page
    held = []
    page.context.route("**/js/worker.js", lambda route: held.append(route))  # never answered: Python never starts
    page.goto(course.url(name))
    page.locator("bp-chain-rule[engine='static']").wait_for()
    assert chain_result(page) == display(dl_dx(1.25))
    assert page.locator("bp-chain-rule").locator("#x-number").input_value() == "1.25"
    assert placeholders(page) == 0
    # the graph is drawn, not "Starting Python…", with its inputs in its boxes (step 0 computes nothing yet)
    stepper = page.locator("bp-graph-stepper")
    assert stepper.locator("[data-placeholder]").count() == 0
    assert stepper.locator("svg").count() >= 1
    shown = stepper.locator("[data-bp-root]").inner_text()
    assert all(display(v) in shown for v in (2.0, 3.0, -1.0, 4.0)), shown
    # the stylesheets came from the widgets' site, so the frame is laid out as on the lesson page
    assert page.evaluate("() => getComputedStyle(document.querySelector('bp-chain-rule').shadowRoot"
                         ".querySelector('[data-bp-root]')).display") != "inline"
    assert page.evaluate("() => document.querySelector('bp-chain-rule').getAttribute('engine')") == "static"
    assert watched.errors == []


@pytest.mark.parametrize("name", PAGES)
def test_goes_live_without_layout_shift_and_answers(watched, course, name):
    page = watched.page
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(course.url(name))
    watched.wait_live("bp-chain-rule, bp-graph-stepper")
    page.wait_for_timeout(500)  # anything painted as it went live has been laid out
    assert page.evaluate("() => window.__cls") < 0.01
    assert chain_result(page) == display(dl_dx(1.25))
    page.locator("bp-chain-rule").locator("#x-number").fill("-0.3")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === -0.3", timeout=LIVE_TIMEOUT_MS)
    assert chain_result(page) == display(dl_dx(-0.3))
    assert watched.errors == [] and watched.console_errors == []
    assert watched.foreign_requests() == []


def test_the_switch_gives_the_short_form_from_the_keyboard(watched, site):
    page = watched.page
    page.goto(site.url("authors.html"))
    code = page.locator("#doc-chain-rule [data-embed-script]")
    page.wait_for_function("() => document.querySelector('#doc-chain-rule [data-embed-script]').value.includes('<template')")
    switch = page.locator("#doc-chain-rule").get_by_role("checkbox", name="Include the first frame")
    switch.focus()
    page.keyboard.press("Space")
    assert not switch.is_checked()
    assert code.input_value().endswith('<bp-chain-rule x="0.4"></bp-chain-rule>')
    page.keyboard.press("Space")
    assert '<bp-chain-rule x="0.4"><template shadowrootmode="open">' in code.input_value()
    assert watched.errors == []
