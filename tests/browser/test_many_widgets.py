"""Twenty widgets on one page share one worker and one interpreter; a thousand slider moves later the interpreter's
memory is flat (nothing is leaked per call) and the page still answers at once."""

from __future__ import annotations

from backprop.widgets import chain_rule

from .conftest import LIVE_TIMEOUT_MS, display

MOVES = """async ({count, offset}) => {
  const widgets = [...document.querySelectorAll('bp-chain-rule')];
  for (let i = 0; i < count; i++) {
    const w = widgets[i % widgets.length];
    const x = Number((((i + offset) % 400) / 100 - 2).toFixed(2));
    const range = w.shadowRoot.querySelector('#x-range');
    range.value = String(x);
    range.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise(r => setTimeout(r, 0));
  }
  await new Promise(r => setTimeout(r, 300));
}"""

SETTLED = """() => [...document.querySelectorAll('bp-chain-rule')].every(
  w => w.state && w.state.x === Number(w.shadowRoot.querySelector('#x-range').value))"""


def test_twenty_widgets_one_worker_flat_memory(watched, site):
    page = watched.page
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site.url())
    page.evaluate("""() => { for (let i = 0; i < 19; i++) document.querySelector('main')
                              .append(document.createElement('bp-chain-rule')); }""")
    watched.wait_live()
    assert page.locator("bp-chain-rule").count() == 20
    page.evaluate(MOVES, {"count": 200, "offset": 0})  # warm-up: caches, first allocations
    page.wait_for_function(SETTLED, timeout=LIVE_TIMEOUT_MS)
    stats = "async () => (await import('./js/runtime.js')).engine().stats()"
    before = page.evaluate(stats)
    page.evaluate(MOVES, {"count": 1000, "offset": 7})
    page.wait_for_function(SETTLED, timeout=LIVE_TIMEOUT_MS)
    after = page.evaluate(stats)
    assert len(workers) == 1
    assert after["wasmBytes"] == before["wasmBytes"], (before, after)
    assert after["blocks"] - before["blocks"] < 2000, (before, after)
    # still answering, with the right numbers
    last = page.locator("bp-chain-rule").nth(19)
    x = last.evaluate("w => w.state.x")
    assert last.locator('[data-f="result"]').inner_text() == display(chain_rule(x)["stages"][0]["grad"])
    assert watched.errors == []
