"""Start-up of the lesson page next to two bare Pyodide pages, measured side by side in one run of headless Chromium.

    .venv/bin/python benchmarks/startup.py [--runs 5]

Baselines (benchmarks/pages.py), on the same server: "same-files bare", a page whose only script calls loadPyodide()
from the site's own dist/pyodide/ (our start-up standard library of bytecode included): the floor, so the ratio is
what the lesson page adds on top; and "stock Pyodide", loadPyodide() from the npm package's files as they ship (its
source standard library): what a plain Pyodide page costs. Ours: the lesson page, until every widget carries
engine="live". Cold = a fresh browser context (empty HTTP cache, no stored start-up snapshot); warm = the same context
loading the page again, after the first visit has finished (stored its start-up snapshot, web/js/snapshot.js). Each
run loads the three pages in turn (the order rotating), so drift in the machine's speed hits all alike. Also: where
the lesson page's time goes (its worker's own milestones placed on the page's clock), first contentful paint, layout
shift, transfer sizes. Absolute times on these machines are noisy; the ratios, measured in the same run, are what to
compare.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from buildtools.site import build as build_site  # noqa: E402
from pages import (BARE_PAGES, CHROMIUM_ARGS, OBSERVE, bare_load, common_figures, lesson_load,  # noqa: E402
                   serve_folder, site_with_bare_pages)
from playwright.sync_api import sync_playwright  # noqa: E402

LESSON_LIVE = "() => window.__allLive !== null"
BARE_LIVE = "() => performance.getEntriesByName('bare:live').length > 0"
# the widgets' first calls once live have all been answered
ANSWERED = "() => window.__sent.length > 0 && window.__answered.length >= window.__sent.length"
# a first visit stores a start-up snapshot once live (web/js/snapshot.js): the visit is over when it has
SNAPSHOT = """() => performance.getEntriesByName('backprop:snapshot').length > 0
                  || performance.getEntriesByName('backprop:live')[0].detail.resumed"""
PAGES = {"lesson": "index.html", **BARE_PAGES}
TARGETS = (("live cold", "lesson", "same-files bare", 1.15), ("live cold", "lesson", "stock Pyodide", 0.5),
           ("live warm", "lesson", "same-files bare", 0.5))


def load(context, url: str, lesson: bool, snapshot: bool = True) -> dict:
    """One visit until live; a lesson page's (`lesson`) until its widgets' first calls are answered and, with
    `snapshot` (a page on the site's own origin), until it has stored its start-up snapshot."""
    page = context.new_page()
    page.add_init_script(OBSERVE)
    transferred = []
    page.on("requestfinished", lambda r: transferred.append(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
    page.goto(url)
    page.wait_for_function(LESSON_LIVE if lesson else BARE_LIVE, timeout=120_000, polling=10)
    if lesson:
        page.wait_for_function(ANSWERED, timeout=60_000)
        if snapshot:
            page.wait_for_function(SNAPSHOT, timeout=60_000)
        result = lesson_load(page)
    else:
        result = bare_load(page)
    result.update(common_figures(page, result["live_ms"]), bytes=sum(transferred))
    page.close()
    return result


def measure(browser, base: str, runs: int) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {f"{name} {cache}": [] for name in PAGES for cache in ("cold", "warm")}
    names = list(PAGES)
    for run in range(runs):
        for name in names[run % 3:] + names[:run % 3]:
            context = browser.new_context()
            for cache in ("cold", "warm"):
                results[f"{name} {cache}"].append(load(context, base + PAGES[name], name == "lesson"))
            context.close()
    return results


def median(loads: list[dict], key: str) -> float | None:
    values = [r[key] for r in loads if r.get(key) is not None]
    return statistics.median(values) if values else None


def print_live(results: dict[str, list[dict]], runs: int) -> None:
    """Time to live, cold and warm, of the three pages, with the lesson's ratios to each baseline."""
    print(f"start-up: time to live, median of {runs} loads each (headless Chromium, loopback)")
    print(f"{'':11}{'lesson':>10}{'same-files bare':>17}{'stock Pyodide':>15}{'lesson/bare':>13}{'lesson/stock':>14}")
    for cache in ("cold", "warm"):
        ours, bare, stock = (median(results[f"{name} {cache}"], "live_ms") for name in PAGES)
        print(f"{'live ' + cache:11}{ours:>8.0f}ms{bare:>15.0f}ms{stock:>13.0f}ms{ours / bare:>12.2f}x"
              f"{ours / stock:>13.2f}x")
    for figure, ours, base, target in TARGETS:
        cache = figure.split()[1]
        ratio = median(results[f"{ours} {cache}"], "live_ms") / median(results[f"{base} {cache}"], "live_ms")
        verdict = "met" if ratio <= target else "NOT met"
        print(f"  {figure}, {ours}/{base}: {ratio:.2f}x (target <= {target}x: {verdict})")
    per_load = {k: [round(r["live_ms"]) for r in v] for k, v in results.items()}
    print(f"  per load (ms): {per_load}")


# The worker's chain, which is the time to live: on the lesson page the worker is created just after the first frame
# (js/page.js), while the HTML is still parsed, so the page's own parse runs beside the chain, not before it.
STEPS = (("navigation -> worker created (backprop:worker)", None, "worker_ms"),
         ("worker created -> worker script runs", "worker_ms", "w_start_ms"),
         ("worker script -> Pyodide's wasm downloaded", "w_start_ms", "w_wasm_ms"),
         ("wasm downloaded -> loadPyodide() resolved", "w_wasm_ms", "w_pyodide_ms"),
         ("loadPyodide -> engine unpacked, bridge imported", "w_pyodide_ms", "w_engine_ms"),
         ("engine -> ready posted", "w_engine_ms", "w_ready_ms"),
         ("ready posted -> backprop:live on the page", "w_ready_ms", "mark_ms"),
         ("backprop:live -> every widget engine=live", "mark_ms", "live_ms"))
# ... and beside it, on the page's main thread (from navigation)
PAGE_STEPS = (("beside it: HTML parsed (domInteractive)", None, "parsed_ms"),)


def print_breakdown(results: dict[str, list[dict]]) -> None:
    """Where the lesson page's time to live goes, step by step (medians of each step), beside the same-files bare
    page's two steps, and the lesson's widgets' first answers after live (not part of time to live)."""
    for cache in ("cold", "warm"):
        ours, bare = results[f"lesson {cache}"], results[f"same-files bare {cache}"]
        print(f"where the lesson's time goes, {cache} (median of each step, ms; worker milestones on the page's clock)")
        for label, begin, end in STEPS + PAGE_STEPS:
            steps = [r[end] - (r[begin] if begin else 0) for r in ours if r.get(end) is not None
                     and (begin is None or r.get(begin) is not None)]
            if steps:
                print(f"  {label:56}{statistics.median(steps):>8.0f}")
        after = [r["answers_ms"] - r["mark_ms"] for r in ours if r.get("answers_ms") is not None]
        if after:
            print(f"  {'(after backprop:live: the widgets first calls answered)':56}{statistics.median(after):>8.0f}")
        for label, begin, end in (("navigation -> script runs", None, "start_ms"),
                                  ("script -> Pyodide's wasm downloaded", "start_ms", "wasm_ms"),
                                  ("wasm downloaded -> loadPyodide() resolved", "wasm_ms", "live_ms")):
            steps = [r[end] - (r[begin] if begin else 0) for r in bare if r.get(end) and (not begin or r.get(begin))]
            print(f"  same-files bare: {label:39}{statistics.median(steps):>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = serve_folder(site_with_bare_pages(build_site(), Path(tmp)))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            results = measure(browser, base, args.runs)
            browser.close()
        server.shutdown()

    print_live(results, args.runs)
    print_breakdown(results)
    fcp = [median(results[f"{name} cold"], "fcp_ms") for name in PAGES]
    print(f"{'first paint':11}{fcp[0]:>8.0f}ms{fcp[1]:>15.0f}ms{fcp[2]:>13.0f}ms")
    print(f"{'CLS':11}{median(results['lesson cold'], 'cls'):>10.4f}")
    long = [r["long_ms"] for r in results["lesson cold"]]
    print(f"long tasks > 50 ms before live, lesson cold: none in {sum(not t for t in long)} of {len(long)} loads; "
          f"per load {long}")
    size = [median(results[f"{name} cold"], "bytes") / 1e6 for name in PAGES]
    print(f"{'transfer':11}{size[0]:>8.2f}MB{size[1]:>15.2f}MB{size[2]:>13.2f}MB")


if __name__ == "__main__":
    main()
