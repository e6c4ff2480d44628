"""Start-up of the lesson page next to a bare Pyodide page, measured side by side in one run of headless Chromium.

    .venv/bin/python benchmarks/startup.py [--runs 5]

Baseline: a page whose only script calls loadPyodide() from the same dist/pyodide/ runtime on the same server, with
Pyodide's own (source) standard library. Ours: the lesson page, until every widget carries engine="live". Cold = a
fresh browser context (empty HTTP cache, no stored start-up snapshot); warm = the same context loading the page
again, after the first visit has finished (stored its start-up snapshot, web/js/snapshot.js). Also: first
contentful paint, layout shift, transfer sizes, and the worker's own milestones. Absolute times on these machines are
noisy; the ratios, measured in the same run, are what to compare.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import compress, runtime, serve  # noqa: E402
from buildtools.paths import PYODIDE_NPM  # noqa: E402
from buildtools.site import build as build_site  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module" src="bare.js"></script></head><body><p>bare</p></body></html>"""
# The bare page gets Pyodide's own standard library (the npm package's, repacked stored like ours); the lesson's
# python_stdlib.zip has its start-up modules compiled to bytecode by the build, and that is part of what is measured.
BARE_JS = """import { loadPyodide } from "./pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href,
                    stdLibURL: new URL("./pyodide/stock_stdlib.zip", import.meta.url).href });
performance.mark("bare:live");
"""

OURS_LIVE = """() => [...document.querySelectorAll('bp-chain-rule, bp-graph-stepper, bp-neuron-trainer, bp-xor-lab')]
                  .every(e => e.getAttribute('engine') === 'live')"""
BARE_LIVE = "() => performance.getEntriesByName('bare:live').length > 0"
MARK = "name => performance.getEntriesByName(name)[0].startTime"


def observe(page) -> None:
    page.add_init_script("""
      window.__cls = 0;
      new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
      window.__long = [];
      new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
    """)


def load(context, url: str, live: str, mark: str, snapshot: bool = True) -> dict:
    """One visit until live; `snapshot`: a visit of our own origin, over when it has stored its start-up snapshot."""
    page = context.new_page()
    observe(page)
    transferred = []
    page.on("requestfinished", lambda r: transferred.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
    page.goto(url)
    page.wait_for_function(live, timeout=120_000, polling=10)
    if mark == "backprop:live" and snapshot:
        # a first visit stores a start-up snapshot once live (web/js/snapshot.js): the visit is over when it has
        page.wait_for_function("""() => performance.getEntriesByName('backprop:snapshot').length > 0
                                        || performance.getEntriesByName('backprop:live')[0].detail.resumed""",
                               timeout=60_000)
    result = {
        "live_ms": page.evaluate(MARK, mark),
        "fcp_ms": page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"),
        "cls": page.evaluate("() => window.__cls"),
        # main-thread tasks over 50 ms from navigation until live
        "long_ms": page.evaluate("live => window.__long.filter(([t]) => t < live).map(([, d]) => Math.round(d))",
                                 page.evaluate(MARK, mark)),
        "bytes": sum(transferred),
        # the worker's own clock: Pyodide loaded, engine installed, ready (ms since the worker started)
        "worker": page.evaluate("""() => { const m = performance.getEntriesByName('backprop:live')[0];
                                    const t = m && m.detail; return t ? [t.pyodide - t.start, t.engine - t.start, t.ready - t.start] : null; }"""),
    }
    page.close()
    return result


def measure(browser, base: str, runs: int) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {k: [] for k in ("bare cold", "ours cold", "bare warm", "ours warm")}
    for _ in range(runs):
        for name, path, live, mark in (("bare", "bare.html", BARE_LIVE, "bare:live"),
                                       ("ours", "index.html", OURS_LIVE, "backprop:live")):
            context = browser.new_context()
            results[f"{name} cold"].append(load(context, base + path, live, mark))
            results[f"{name} warm"].append(load(context, base + path, live, mark))
            context.close()
    return results


def bare_site(dist: Path, tmp: Path) -> Path:
    """A copy of the built site in `tmp`, with the bare Pyodide page beside it."""
    site = tmp / "site"
    shutil.copytree(dist, site)
    (site / "bare.html").write_text(BARE_HTML)
    (site / "bare.js").write_text(BARE_JS)
    stock = site / "pyodide" / "stock_stdlib.zip"
    runtime.store_uncompressed(PYODIDE_NPM / "python_stdlib.zip", stock)
    compress.compress_tree(stock.parent)
    return site


def serve_folder(folder: Path) -> tuple[serve.Server, str]:
    """`folder` served on loopback in a thread; the server and its base address."""
    server = serve.make_server(0, directory=folder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def medians(results: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Each kind of load's median of every figure (not the per-load lists)."""
    return {k: {m: statistics.median(r[m] for r in v) for m in v[0] if m not in ("worker", "long_ms")}
            for k, v in results.items()}


def print_live(med: dict[str, dict[str, float]], title: str, ours: str, label: str) -> None:
    """Time to live, cold and warm, of the `ours` loads beside the bare page's, with their ratio."""
    print(title)
    print(f"{'':12}{'bare loadPyodide':>18}{label:>14}{'ratio':>8}")
    for cache in ("cold", "warm"):
        bare, mine = med[f"bare {cache}"]["live_ms"], med[f"{ours} {cache}"]["live_ms"]
        print(f"{'live ' + cache:12}{bare:>16.0f}ms{mine:>12.0f}ms{mine / bare:>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = serve_folder(bare_site(build_site(), Path(tmp)))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            results = measure(browser, base, args.runs)
            browser.close()
        server.shutdown()

    med = medians(results)
    print_live(med, f"start-up, median of {args.runs} runs (headless Chromium, loopback)", "ours", "lesson page")
    print(f"{'first paint':12}{med['bare cold']['fcp_ms']:>16.0f}ms{med['ours cold']['fcp_ms']:>12.0f}ms")
    print(f"{'CLS':12}{'':>18}{med['ours cold']['cls']:>14.4f}")
    long = [r["long_ms"] for r in results["ours cold"]]
    print(f"long tasks > 50 ms before live, ours cold: none in {sum(not t for t in long)} of {len(long)} loads; "
          f"per load {long}")
    for cache in ("cold", "warm"):
        steps = [r["worker"] for r in results[f"ours {cache}"] if r["worker"]]
        if steps:
            pyodide, engine, ready = (statistics.median(s[i] for s in steps) for i in range(3))
            print(f"  ours {cache}, in the worker: Pyodide loaded {pyodide:.0f}ms, engine installed {engine:.0f}ms, "
                  f"bridge imported {ready:.0f}ms")
    print(f"{'transfer':12}{med['bare cold']['bytes'] / 1e6:>16.2f}MB{med['ours cold']['bytes'] / 1e6:>12.2f}MB")


if __name__ == "__main__":
    main()
