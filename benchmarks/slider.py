"""Slider latency: from the input event to the DOM showing the engine's new numbers, over 200 drag steps, in headless
Chromium, next to the same page's bare round trip to the worker (a call with no DOM work) as the baseline. The chain
rule's slider is the target (#6); the playground's (its graph and checks redrawn for every answer) is shown too.

    .venv/bin/python benchmarks/slider.py

Also reports main-thread long tasks (> 50 ms) seen during load and during the drag.
"""

from __future__ import annotations

import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import serve, site  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

# Drags the element's first slider through n values; each latency ends when the element's shadow DOM changes (the
# chain rule: its result slot; the playground: anywhere, as it redraws its graph and checks for every answer).
DRAG = """async ([name, n]) => {
  const w = document.querySelector(name);
  const range = w.shadowRoot.querySelector('input[type=range]');
  const watched = w.shadowRoot.querySelector('[data-f="result"]') || w.shadowRoot;
  const [lo, hi] = [Number(range.min), Number(range.max)];
  const latencies = [];
  for (let i = 0; i < n; i++) {
    const x = (lo + (i % 100) / 100 * (hi - lo)).toFixed(2);
    const changed = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
      mo.observe(watched, {characterData: true, childList: true, subtree: true});
      setTimeout(() => reject(new Error(`${name}: no new numbers 5 s after x = ${x}`)), 5000);
    });
    const t0 = performance.now();
    range.value = x;
    range.dispatchEvent(new Event('input', {bubbles: true}));
    latencies.push((await changed) - t0);
    await new Promise(r => requestAnimationFrame(() => r()));
  }
  return latencies;
}"""

ROUND_TRIP = """async (n) => {
  const { engine } = await import('./js/runtime.js');
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await engine().call('chain_rule', {x: -2 + (i % 400) * 0.01 + 0.005});
    times.push(performance.now() - t0);
  }
  return times;
}"""


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    server = serve.make_server(0, directory=site.build())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.add_init_script("""window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries())
            window.__long.push(Math.round(e.duration)); }).observe({type: 'longtask', buffered: true});""")
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        page.wait_for_function("() => ['bp-chain-rule', 'bp-playground']"
                               ".every(name => document.querySelector(name).getAttribute('engine') === 'live')",
                               timeout=120_000)
        page.wait_for_timeout(500)
        load_long = page.evaluate("() => window.__long.splice(0)")
        base = page.evaluate(ROUND_TRIP, 200)
        drag = page.evaluate(DRAG, ["bp-chain-rule", 200])
        drag_long = page.evaluate("() => window.__long.splice(0)")
        page.locator("bp-playground").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        page.evaluate("() => window.__long.splice(0)")
        playground = page.evaluate(DRAG, ["bp-playground", 200])
        drag_long += page.evaluate("() => window.__long.splice(0)")
        browser.close()
    server.shutdown()
    print("slider: input event -> new numbers in the DOM, 200 events (ms)")
    print(f"{'':30}{'median':>8}{'p95':>8}{'max':>8}")
    for label, times in (("worker round trip", base), ("chain rule slider to DOM", drag),
                         ("playground slider to DOM", playground)):
        print(f"{label:30}{statistics.median(times):>8.2f}{p95(times):>8.2f}{max(times):>8.2f}")
    print(f"long tasks > 50 ms: during load {load_long or 'none'}, during the drags {drag_long or 'none'}")


if __name__ == "__main__":
    main()
