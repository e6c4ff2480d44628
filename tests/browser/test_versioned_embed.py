"""The authors' page's copied code, pasted into a course page on a second loopback origin: it names the versioned
folder with the integrity of its widgets.js, goes live with the numbers worked out by hand, downloads nothing outside
that folder, and a widgets.js that is not the one the code names is refused by the browser."""

from __future__ import annotations

import base64
import hashlib
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .by_hand import chain_dldx
from .conftest import LIVE_TIMEOUT_MS, Site, display

SCRIPT_SRC = re.compile(r'<script type="module" src="([^"]+)" integrity="(sha384-[^"]+)" crossorigin="anonymous">')
IFRAME_SRC = re.compile(r'<iframe [^>]*src="([^"]+)"')
STATE_X = "() => { const e = document.querySelector('bp-chain-rule'); return e.state && e.state.x; }"


def copied(browser, site: Site, kind: str = "script") -> str:
    """The chain rule's embed code as the authors' page offers it for copying."""
    page = browser.new_page()
    try:
        page.goto(site.url("authors.html"))
        code = page.locator(f"#doc-chain-rule [data-embed-{kind}]")
        page.wait_for_function("el => el.value.includes('bp-chain-rule') || el.value.includes('chain-rule')",
                               arg=code.element_handle())
        return code.input_value()
    finally:
        page.close()


def course_page(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course</title>
<link rel="icon" href="data:,"></head><body><h1>Week 3</h1>
{body}</body></html>""")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Iterator[tuple[Site, Path]]:
    """A course's own site on a second loopback origin; tests write their pages into its folder."""
    folder = tmp_path_factory.mktemp("course")
    server = Site(directory=folder)
    yield server, folder
    server.close()


def test_the_copied_script_tag_names_the_versioned_widgets_js_with_its_integrity(browser, site):
    code = copied(browser, site)
    src, integrity = SCRIPT_SRC.search(code).groups()
    assert re.fullmatch(re.escape(site.url("v/")) + r"[0-9a-f]{16}/widgets\.js", src)
    served = urllib.request.urlopen(src).read()  # as served, no content coding asked for
    assert integrity == "sha384-" + base64.b64encode(hashlib.sha384(served).digest()).decode()


def test_the_pasted_code_goes_live_on_another_origin_and_its_slider_shows_dl_dx_by_hand(watched, browser, site,
                                                                                        course, dist):
    server, folder = course
    code = copied(browser, site)
    course_page(folder, "script.html", code)
    page = watched.page
    page.goto(server.url("script.html"))
    watched.wait_live()
    slider = page.locator("bp-chain-rule").locator("#x-range")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => String(({STATE_X})()) === document.querySelector('bp-chain-rule')"
                           ".shadowRoot.querySelector('#x-range').value", timeout=LIVE_TIMEOUT_MS)
    x = float(slider.input_value())
    assert x != float(re.search(r' x="([^"]+)"', code).group(1)), "the slider moved"
    assert page.locator("bp-chain-rule").locator('[data-f="result"]').inner_text() == display(chain_dldx(x))
    assert watched.errors == [] and watched.console_errors == []

    # everything came from the versioned folder, and what came is what the authors' page's figure counts
    folder_url = SCRIPT_SRC.search(code).group(1).removesuffix("widgets.js")
    theirs = [u for u in watched.requests if u.startswith(site.url())]
    assert theirs and all(u.startswith(folder_url) for u in theirs), theirs
    fetched = {urlsplit(u).path.removeprefix(urlsplit(folder_url).path) for u in theirs}
    version = dist / urlsplit(folder_url).path.strip("/")
    brotli = sum((version / (name + ".br") if (version / (name + ".br")).exists() else version / name).stat().st_size
                 for name in fetched)
    stated = page.context.new_page()
    stated.goto(site.url("authors.html"))
    assert f"downloads {brotli / 1e6:.1f} MB (brotli) before the widget is live" in stated.locator(
        "#embed-version").inner_text()


def test_the_copied_iframe_names_the_versioned_embed_page(watched, browser, site, course):
    server, folder = course
    code = copied(browser, site, "iframe")
    src = IFRAME_SRC.search(code).group(1).replace("&amp;", "&")
    assert re.match(re.escape(site.url("v/")) + r"[0-9a-f]{16}/embed\.html\?widget=chain-rule&", src)
    course_page(folder, "iframe.html", code)
    page = watched.page
    page.goto(server.url("iframe.html"))
    frame = page.frame_locator("iframe")
    frame.locator("bp-chain-rule[engine='live']").wait_for(timeout=LIVE_TIMEOUT_MS)
    x = float(re.search(r"[?&]x=([^&]+)", src).group(1))
    assert frame.locator("bp-chain-rule").locator('[data-f="result"]').inner_text() == display(chain_dldx(x))
    folder_url = src.split("embed.html")[0]
    theirs = [u for u in watched.requests if u.startswith(site.url())]
    assert theirs and all(u.startswith(folder_url) for u in theirs), theirs


def tampered_copy(dist: Path, version: str, folder: Path) -> None:
    """dist/ linked file by file into `folder`, except v/VERSION/widgets.js: one comment added, no precompressed
    variants (as a host that changed the file would serve it)."""
    for entry in dist.iterdir():
        if entry.name != "v":
            (folder / entry.name).symlink_to(entry)
    versioned = folder / "v" / version
    versioned.mkdir(parents=True)
    for entry in (dist / "v" / version).iterdir():
        if not entry.name.startswith("widgets.js"):
            (versioned / entry.name).symlink_to(entry)
    (versioned / "widgets.js").write_bytes((dist / "v" / version / "widgets.js").read_bytes() + b"\n// changed\n")


def test_a_widgets_js_that_is_not_the_one_the_code_names_is_refused(watched, browser, site, course, dist,
                                                                     tmp_path):
    server, folder = course
    code = copied(browser, site)
    version = re.search(r"/v/([0-9a-f]{16})/", code).group(1)
    tampered_copy(dist, version, tmp_path)
    other = Site(directory=tmp_path)
    try:
        course_page(folder, "genuine.html", code)
        course_page(folder, "tampered.html", code.replace(site.url(), other.url()))
        page = watched.page
        page.goto(server.url("genuine.html"))
        page.wait_for_function("() => customElements.get('bp-chain-rule') !== undefined", timeout=LIVE_TIMEOUT_MS)

        assert b"// changed" in urllib.request.urlopen(other.url(f"v/{version}/widgets.js")).read()
        page.goto(server.url("tampered.html"))
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)
        assert page.evaluate("() => customElements.get('bp-chain-rule')") is None
        assert page.locator("bp-chain-rule").get_attribute("engine") is None
        assert any("integrity" in text for text in watched.console_errors), watched.console_errors
    finally:
        other.close()
