"""Course authors' ways in: a third-party page on another origin with only our script tag and an element, and an
iframe of embed.html that reports its height to the parent. A widget stays in its page's paint order: it never
covers the page's own sticky header."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backprop.widgets import chain_rule

from .conftest import LIVE_TIMEOUT_MS, Site, display


@pytest.fixture(scope="module")
def course_site(tmp_path_factory, site) -> Iterator[tuple[Site, str]]:
    """A plain course page, not ours, served from a second loopback port (another origin)."""
    folder: Path = tmp_path_factory.mktemp("course")
    widgets = site.url("widgets.js")
    (folder / "script.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,"><script type="module" src="{widgets}"></script></head>
<body><h1>Week 3</h1><bp-chain-rule x="0.9"></bp-chain-rule></body></html>""")
    (folder / "iframe.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,"><script src="fit.js"></script></head>
<body><h1>Week 3</h1><iframe title="Chain rule" src="{site.url('embed.html?widget=chain-rule&x=0.9')}"></iframe>
</body></html>""")
    # the common sticky header, with no z-index: the page's content scrolls beneath it
    (folder / "sticky.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Course page</title><link rel="icon" href="data:,"><script type="module" src="{widgets}"></script>
<style>body {{ margin: 0; }} header {{ position: sticky; top: 0; height: 4rem; background: #fff; }}</style></head>
<body><header><h1>Week 3</h1></header><bp-graph-stepper></bp-graph-stepper><bp-chain-rule></bp-chain-rule>
<div style="height: 200vh"></div></body></html>""")
    (folder / "fit.js").write_text("""window.heights = [];
addEventListener("message", (e) => { if (e.data && e.data.type === "backprop-lab:height") {
  window.heights.push(e.data.height); document.querySelector("iframe").style.height = e.data.height + "px"; } });""")
    server = Site(directory=folder)
    yield server, widgets
    server.close()


def test_script_tag_on_another_origin_goes_live(watched, course_site, site):
    course, _ = course_site
    page = watched.page
    page.goto(course.url("script.html"))
    watched.wait_live()
    page.wait_for_function("() => { const s = document.querySelector('bp-chain-rule').state; return s && s.x === 0.9; }",
                           timeout=LIVE_TIMEOUT_MS)
    shown = page.locator("bp-chain-rule").locator('[data-f="result"]').inner_text()
    assert shown == display(chain_rule(0.9)["stages"][0]["grad"])
    assert watched.errors == [] and watched.console_errors == []
    assert all(u.startswith(("http://127.0.0.1:", "blob:")) for u in watched.requests)
    # the start-up snapshot is the site's own business: nothing lands in the course page's storage
    page.wait_for_timeout(1500)
    assert page.evaluate("async () => (await caches.keys()).length") == 0


def test_iframe_embed_posts_its_height_and_goes_live(watched, course_site):
    course, _ = course_site
    page = watched.page
    page.goto(course.url("iframe.html"))
    frame = page.frame_locator("iframe")
    frame.locator("bp-chain-rule[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
    page.wait_for_function("() => window.heights.length > 0 && window.heights.at(-1) > 200", timeout=LIVE_TIMEOUT_MS)
    assert frame.locator("bp-chain-rule").locator('[data-f="result"]').inner_text() == display(
        chain_rule(0.9)["stages"][0]["grad"])
    height = page.evaluate("() => window.heights.at(-1)")
    box = page.locator("iframe").bounding_box()
    assert abs(box["height"] - height) <= 4


def test_a_widget_scrolls_beneath_the_pages_sticky_header(watched, course_site):
    course, _ = course_site
    page = watched.page
    page.goto(course.url("sticky.html"))
    watched.wait_live("bp-chain-rule, bp-graph-stepper")
    for name in ("bp-graph-stepper", "bp-chain-rule"):
        # the widget's middle scrolled to the header's middle: what is on top there is the header
        page.evaluate("""name => { const w = document.querySelector(name).getBoundingClientRect();
          const h = document.querySelector('header').getBoundingClientRect();
          scrollBy(0, (w.top + w.bottom) / 2 - (h.top + h.bottom) / 2); }""", name)
        on_top = page.evaluate("""() => { const h = document.querySelector('header').getBoundingClientRect();
          return document.elementFromPoint(innerWidth / 2, (h.top + h.bottom) / 2).closest('header') !== null; }""")
        assert on_top, f"{name} paints over the page's sticky header"
    assert watched.errors == []


def test_embed_with_unknown_widget_says_so(watched, site):
    page = watched.page
    page.goto(site.url("embed.html?widget=<img src=x onerror=alert(1)>"))
    alert = page.locator("[role=alert]")
    assert "Unknown widget" in alert.inner_text()
    assert page.locator("img").count() == 0  # shown as text, never as markup
    assert watched.errors == []
