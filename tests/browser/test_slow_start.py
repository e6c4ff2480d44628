"""Starting on a slow or broken link (web/js/start-downloads.js, runtime.js, engine-notice.js): the notice shows the
download's real progress and the page goes live however slow the bytes; a download that stalls or fails gets its own
message and a Retry that starts Python again in the same page; the standard library's rarer modules are fetched when
a learner's code first imports them (buildtools/lazy_stdlib.py)."""

from __future__ import annotations

import re

from .conftest import LIVE_TIMEOUT_MS, display

from backprop.widgets import chain_rule

NOTICE = "bp-chain-rule [data-notice]"
LIVE = "bp-chain-rule[engine='live']"
ERROR = "bp-chain-rule[engine='error']"
MBIT = 1_000_000 / 8  # bytes per second


def throttle(page, mbit: float, latency_ms: int) -> None:
    """The DevTools protocol's network emulation, for the page and its worker."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms, "downloadThroughput": mbit * MBIT, "uploadThroughput": mbit * MBIT})


def test_a_slow_link_shows_the_downloads_progress_rising_and_goes_live(watched, site):
    page = watched.page
    throttle(page, 4, 150)
    page.goto(site.url())
    seen = []
    notice = page.locator(NOTICE).first
    while page.locator(LIVE).count() == 0:
        if notice.is_visible():
            seen.append(notice.inner_text())
        page.wait_for_timeout(200)
    percents = [int(m.group(1)) for text in seen if (m := re.fullmatch(r"Downloading Python… (\d+)%", text))]
    assert len(set(percents)) >= 3, seen
    assert percents == sorted(percents), "progress only rises"
    assert any(text in ("Starting Python…", "Installing the engine…") for text in seen) or percents[-1] >= 90, seen
    page.wait_for_selector(LIVE, timeout=LIVE_TIMEOUT_MS)
    assert not notice.is_visible()
    page.locator("bp-chain-rule").first.locator("#x-number").fill("0.3")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x === 0.3", timeout=LIVE_TIMEOUT_MS)
    assert page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text() == display(
        chain_rule(0.3)["stages"][0]["grad"])
    assert watched.errors == []


def test_a_stalled_download_says_so_and_retry_with_the_keyboard_starts_python_in_the_same_page(watched, site):
    page = watched.page
    held = []
    stalled = lambda route: held.append(route)  # noqa: E731 - never answered: no byte ever arrives
    for pattern in ("**/pyodide.asm.wasm", "**/python_stdlib.zip", "**/engine.zip"):
        page.context.route(pattern, stalled)
    page.clock.install()  # the page's clock: the stall's wait passes at once
    page.goto(site.url())
    page.wait_for_selector(NOTICE, state="visible", timeout=LIVE_TIMEOUT_MS)  # "Downloading Python… 0%", after a while
    page.clock.fast_forward("01:00")
    page.wait_for_selector(ERROR, timeout=LIVE_TIMEOUT_MS)
    notice = page.locator(NOTICE).first
    assert "Its download stopped: no data arrived for" in notice.inner_text()
    assert "Retry" in notice.inner_text()
    # the numbers stay
    assert page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text() == display(
        chain_rule(0.4)["stages"][0]["grad"])

    for pattern in ("**/pyodide.asm.wasm", "**/python_stdlib.zip", "**/engine.zip"):
        page.context.unroute(pattern, stalled)
    retry = notice.get_by_role("button", name="Retry")
    retry.focus()
    page.keyboard.press("Enter")
    # focus moved to the notice, which now shows the new start
    assert page.evaluate("() => document.querySelector('bp-chain-rule').shadowRoot.activeElement.dataset.notice") == ""
    page.wait_for_selector(LIVE, timeout=LIVE_TIMEOUT_MS)
    assert not notice.is_visible()
    # and then to the widget's first control, not lost with the notice
    assert page.evaluate("() => document.querySelector('bp-chain-rule').shadowRoot.activeElement.tagName") == "INPUT"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('bp-chain-rule').state.x !== 0.4", timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate("() => [...document.querySelectorAll('bp-chain-rule')].every(w => w.isLive())")
    assert watched.errors == []


def run_in_the_editable_cell(page, code: str) -> str:
    cell = page.locator("bp-python-cell[editable]:not([exercise])")
    cell.get_by_label("Python code you can edit and run").fill(code)
    cell.get_by_role("button", name="Run in your browser").click()
    page.wait_for_selector("bp-python-cell[editable]:not([exercise]) .cell-status:text-matches('^(Output below|Finished)')",
                           timeout=LIVE_TIMEOUT_MS)
    return cell.locator("[data-output]").text_content()


def test_a_rarer_stdlib_module_is_fetched_when_first_imported_and_then_works_offline(watched, site):
    page = watched.page
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/pyodide/stdlib/" in r.url else None)
    page.goto(site.url())
    watched.wait_live()
    assert fetched == [], "nothing of the rest of the standard library is part of the start"
    # 1/3 + 1/6 = 1/2, by hand
    assert run_in_the_editable_cell(page, "import fractions\nprint(fractions.Fraction(1, 3) + fractions.Fraction(1, 6))") == "1/2\n"
    assert any(url.endswith("/pyodide/stdlib/fractions.py") for url in fetched)
    page.context.set_offline(True)
    assert run_in_the_editable_cell(page, "from fractions import Fraction\nprint(Fraction(3, 4) * 2)") == "3/2\n"
    # one never fetched says why it is missing
    out = run_in_the_editable_cell(page, "import statistics")
    assert "No module named 'statistics' here yet: it is fetched from the site the first time it is imported" in out
    assert watched.errors == []
