"""What the start-up benchmarks share (startup.py, course_page.py): the browser's flags, the two bare Pyodide pages
beside a copy of the built site, loopback servers, and what a load records.

The two baselines, served from the same origin as the lesson page:
- bare.html, "same files": its only script calls loadPyodide() from the site's own dist/pyodide/ (the very files the
  worker loads: our start-up standard library of bytecode, our lock file). The floor: what the lesson page adds on
  top of Pyodide's own start.
- stock.html, "stock Pyodide": loadPyodide() from the npm package's files as they ship (node_modules/pyodide: its
  source standard library, deflated; its full lock file), precompressed like the site's (as a CDN serves them). What
  a plain Pyodide page costs.
"""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import compress, serve  # noqa: E402
from buildtools.paths import PYODIDE_NPM  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>
<link rel="icon" href="data:,"><script type="module" src="{script}"></script></head><body><p>bare</p></body></html>"""
# bare:start when the page's script runs (its module graph, pyodide.mjs included, is loaded), bare:live when
# loadPyodide() has resolved
BARE_JS = """import {{ loadPyodide }} from "./{folder}/pyodide.mjs";
performance.mark("bare:start");
await loadPyodide({{ indexURL: new URL("./{folder}/", import.meta.url).href }});
performance.mark("bare:live");
"""
BARE_PAGES = {"same-files bare": "bare.html", "stock Pyodide": "stock.html"}

# Every load: layout shift, long tasks, and on the lesson's pages when every widget went live (a MutationObserver, not
# polling) and each engine call's id, sent and answered (the page's Worker wrapped, nothing else changed).
OBSERVE = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({ type: 'layout-shift', buffered: true });
window.__long = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true });
window.__allLive = null;
new MutationObserver(() => {
  if (window.__allLive !== null) return;
  const widgets = [...document.querySelectorAll('[engine]')];
  if (widgets.length && widgets.every(e => e.getAttribute('engine') === 'live')) window.__allLive = performance.now();
}).observe(document, { attributes: true, attributeFilter: ['engine'], subtree: true });
window.__sent = []; window.__answered = [];
window.Worker = class extends window.Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', e => {
      const d = e.data;
      if (d && (d.type === 'answer' || d.type === 'error')) window.__answered.push([d.id, performance.now()]);
    });
  }
  postMessage(message, ...rest) {
    if (message && message.type === 'call') window.__sent.push([message.id, performance.now()]);
    return super.postMessage(message, ...rest);
  }
};
"""
MARK = "name => (performance.getEntriesByName(name)[0] || {}).startTime"


def add_bare_pages(site: Path) -> None:
    """bare.html (dist/pyodide, as built) and stock.html (a copy of the npm package's files in stock/) in `site`."""
    for page, folder in (("bare", "pyodide"), ("stock", "stock")):
        (site / f"{page}.html").write_text(BARE_HTML.format(script=f"{page}.js"))
        (site / f"{page}.js").write_text(BARE_JS.format(folder=folder))
    stock = site / "stock"
    stock.mkdir()
    for name in STOCK_FILES:
        shutil.copyfile(PYODIDE_NPM / name, stock / name)
    compress.compress_tree(stock)


def site_with_bare_pages(dist: Path, tmp: Path) -> Path:
    """A copy of the built site in `tmp`, with the two bare Pyodide pages beside the lesson."""
    site = tmp / "site"
    shutil.copytree(dist, site)
    add_bare_pages(site)
    return site


def serve_folder(folder: Path) -> tuple[serve.Server, str]:
    """`folder` served on loopback in a thread; the server and its base address."""
    server = serve.make_server(0, directory=folder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def first_answers(sent: list, answered: list, after: float) -> float | None:
    """When the engine calls sent from `after` on (the widgets' first calls once live) were all answered: the first
    moment after one was sent at which none is pending."""
    events = sorted([(t, 1) for _, t in sent if t >= after] + [(t, -1) for i, t in answered
                                                                 if any(j == i and s >= after for j, s in sent)])
    pending = 0
    for t, step in events:
        pending += step
        if pending == 0:
            return t
    return None


WASM_LOADED = """() => { const e = performance.getEntriesByType('resource').find(e => e.name.endsWith('.asm.wasm'));
                         return e ? e.responseEnd : null; }"""


def bare_load(page) -> dict:
    """A bare page's figures, once live (ms since navigation): its script started, Pyodide's WebAssembly downloaded,
    loadPyodide() resolved."""
    return {"start_ms": page.evaluate(MARK, "bare:start"), "wasm_ms": page.evaluate(WASM_LOADED),
            "live_ms": page.evaluate(MARK, "bare:live")}


def lesson_load(page) -> dict:
    """A lesson or course page's figures, once live (ms since navigation): the HTML parsed, the worker created, the
    worker's own milestones (the detail of backprop:live and its download of Pyodide's WebAssembly, placed on the
    page's clock through the worker's time origin), every widget live, and the widgets' first calls after live all
    answered."""
    timings = page.evaluate("() => (performance.getEntriesByName('backprop:live')[0] || {}).detail || null")
    mark = page.evaluate(MARK, "backprop:live")
    worker = page.evaluate(MARK, "backprop:worker")
    result = {
        "parsed_ms": page.evaluate("() => performance.getEntriesByType('navigation')[0].domInteractive"),
        "worker_ms": worker,
        "mark_ms": mark,
        "live_ms": page.evaluate("() => window.__allLive"),
        # the widgets call the engine as they go live, before the observer of their attribute runs: from the mark on
        "answers_ms": first_answers(page.evaluate("() => window.__sent"), page.evaluate("() => window.__answered"),
                                    mark),
        "resumed": bool(timings and timings.get("resumed")),
    }
    if timings and page.workers:
        origin = (page.workers[0].evaluate("() => performance.timeOrigin")
                  - page.evaluate("() => performance.timeOrigin"))
        for key in ("start", "pyodide", "engine", "ready"):
            result[f"w_{key}_ms"] = origin + timings[key]
        wasm = page.workers[0].evaluate(WASM_LOADED)
        result["w_wasm_ms"] = origin + wasm if wasm is not None else None
    return result


def common_figures(page, live: float) -> dict:
    """First contentful paint, layout shift, and the main thread's tasks over 50 ms before `live`."""
    return {
        "fcp_ms": page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"),
        "cls": page.evaluate("() => window.__cls"),
        "long_ms": page.evaluate("live => window.__long.filter(([t]) => t < live).map(([, d]) => Math.round(d))", live),
    }
