"""The start-up snapshot (web/js/snapshot.js): a first visit stores the live interpreter, the next visit resumes it
and gives the same numbers, and a snapshot that cannot resume is dropped without the learner noticing."""

from __future__ import annotations

import math
import re

from .conftest import LIVE_TIMEOUT_MS, display

SNAPSHOT_STORED = "() => performance.getEntriesByName('backprop:snapshot').length > 0"
LIVE = "() => performance.getEntriesByName('backprop:live').length > 0"
RESUMED = "() => performance.getEntriesByName('backprop:live')[0].detail.resumed"


def chain_rule_gradient(x: float) -> float:
    """dL/dx of L = sin((3x + 2)^2), by hand: cos(v) * 2u * 3 with u = 3x + 2, v = u^2."""
    u = 3 * x + 2
    return math.cos(u * u) * 2 * u * 3


def visit(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(LIVE, timeout=LIVE_TIMEOUT_MS)
    return page


def slide_to(page, x: float) -> str:
    page.evaluate("x => document.querySelector('bp-chain-rule').setAttribute('x', String(x))", x)
    page.wait_for_function("x => document.querySelector('bp-chain-rule').state.x === x", arg=x, timeout=LIVE_TIMEOUT_MS)
    return page.locator("bp-chain-rule").first.locator('[data-f="result"]').inner_text()


def run_first_listing(page) -> str:
    cell = page.locator("bp-python-cell").first
    cell.get_by_role("button", name="Run in your browser").click()
    page.wait_for_function(
        "() => document.querySelector('bp-python-cell .cell-status').textContent.startsWith('Output below')",
        timeout=LIVE_TIMEOUT_MS)
    return cell.locator("[data-output]").text_content()


def test_the_next_visit_resumes_the_first_visits_interpreter_and_computes_the_same(watched, site, dist):
    context = watched.page.context
    first = visit(context, site.url())
    assert first.evaluate(RESUMED) is False
    first.wait_for_function(SNAPSHOT_STORED, timeout=LIVE_TIMEOUT_MS)
    first.close()

    second = visit(context, site.url())
    assert second.evaluate(RESUMED) is True
    assert slide_to(second, 0.3) == display(chain_rule_gradient(0.3))
    # a listing runs in the resumed interpreter and prints what the listing really prints (stdlib imports included)
    assert run_first_listing(second) == (dist.parent / "web" / "listings" / "neuron_pure.out").read_text()
    # a resumed visit does not store another snapshot
    second.wait_for_timeout(1000)
    assert second.evaluate(SNAPSHOT_STORED) is False
    second.close()


def test_a_snapshot_that_cannot_resume_is_dropped_and_python_starts_afresh(watched, site, dist):
    page = watched.page
    runtime_id = re.search(r'const RUNTIME_ID = "([0-9a-f]+)"', (dist / "js" / "worker.js").read_text()).group(1)
    page.goto(site.url("favicon.svg"))
    page.evaluate("""async (key) => {
        const cache = await caches.open('backprop-lab-start-up');
        await cache.put(new URL(key, location.href).href, new Response(new Uint8Array(4096).fill(7)));
    }""", f"start-up-snapshot/{runtime_id}")

    page.goto(site.url())
    page.wait_for_function(LIVE, timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate(RESUMED) is False
    assert page.locator("bp-chain-rule").first.get_attribute("engine") == "live"
    assert slide_to(page, -0.7) == display(chain_rule_gradient(-0.7))
    # the bad snapshot was replaced by a good one, which the next visit resumes
    page.wait_for_function(SNAPSHOT_STORED, timeout=LIVE_TIMEOUT_MS)
    again = visit(page.context, site.url())
    assert again.evaluate(RESUMED) is True
    assert watched.errors == []
