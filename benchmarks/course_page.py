"""A course page on another origin, prerendered with `build.py prerender`, next to the lesson page and the same-files
bare Pyodide page (benchmarks/pages.py: loadPyodide() from the site's own dist/pyodide/), in one run of headless
Chromium.

    .venv/bin/python benchmarks/course_page.py [--runs 5]

The course page is an author's own: a heading, prose, the script tag pointing at this site on another loopback port,
and the lesson's five widgets with the lesson's attributes, filled by `build.py prerender --site` (the same first
frames as the lesson page's, stylesheets from the site's origin). All three pages are loaded cold (a fresh browser
context each time), in turn. Figures: first contentful paint; first correct numbers painted: the first animation frame in which
the chain rule shows its dL/dx styled by its stylesheet, or first contentful paint if that is later (nothing is
painted before it); time to live (the runtime's
backprop:live mark, every widget then engine="live" as well); layout shift from navigation until live. Target from
issue 16: the course page's first correct numbers within 300 ms of navigation on loopback, CLS < 0.01; from issue 17:
its time to live within 1.3x the same-files bare page's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from buildtools.site import build as build_site  # noqa: E402
from pages import CHROMIUM_ARGS, MARK, OBSERVE, serve_folder, site_with_bare_pages  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

WIDGETS = """<bp-chain-rule x="0.4"></bp-chain-rule>
<p>Now a whole graph, one step at a time.</p>
<bp-graph-stepper expr="(a*b + c)*d" a="2" b="3" c="-1" d="4"></bp-graph-stepper>
<bp-playground expr="sin(x*y) + x**2" x="0.5" y="1.5"></bp-playground>
<bp-neuron-trainer x="0.8, -0.4, 1.2" w="0.2, -0.1, 0.3" b="0.1" y="1" lr="0.5"></bp-neuron-trainer>
<bp-xor-lab seed="0" lr="2"></bp-xor-lab>"""
COURSE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3: backpropagation</title>
<link rel="icon" href="data:,"><script type="module" src="{site}widgets.js"></script></head>
<body><h1>Week 3: backpropagation</h1><p>Read the chain rule, then move x and watch the gradient.</p>
{widgets}<p>That is all for this week.</p></body></html>"""
BARE_LIVE = "() => performance.getEntriesByName('bare:live').length > 0"
ALL = "bp-chain-rule, bp-graph-stepper, bp-playground, bp-neuron-trainer, bp-xor-lab"
LIVE = f"""() => performance.getEntriesByName('backprop:live').length > 0 &&
  [...document.querySelectorAll('{ALL}')].every(e => e.getAttribute('engine') === 'live')"""
# the first frame whose paint holds the chain rule's dL/dx, styled (its stylesheet has loaded: the root is a grid)
NUMBERS = """window.__numbers = null;
(function look() {
  const widget = document.querySelector('bp-chain-rule');
  const root = widget && widget.shadowRoot && widget.shadowRoot.querySelector('[data-bp-root]');
  const result = root && root.querySelector('[data-f="result"]');
  if (result && /\\d/.test(result.textContent) && getComputedStyle(root).display !== 'inline') {
    window.__numbers = performance.now();
  } else requestAnimationFrame(look);
})();"""


def load(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(OBSERVE)
    page.add_init_script(NUMBERS)
    page.goto(url)
    page.wait_for_function(LIVE, timeout=120_000, polling=10)
    result = {
        "fcp_ms": page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"),
        "numbers_ms": page.evaluate("() => Math.max(window.__numbers, "
                                    "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime)"),
        "live_ms": page.evaluate(MARK, "backprop:live"),
        "cls": page.evaluate("() => window.__cls"),
    }
    context.close()
    return result


def bare(browser, url: str) -> float:
    """The same-files bare page's time to live, cold."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(BARE_LIVE, timeout=120_000, polling=10)
    live = page.evaluate(MARK, "bare:live")
    context.close()
    return live


def prerendered_course(folder: Path, site: str) -> None:
    """course.html, prerendered from an author's page by the command an author runs."""
    (folder / "source.html").write_text(COURSE.format(site=site, widgets=WIDGETS))
    subprocess.run([sys.executable, str(ROOT / "build.py"), "prerender", str(folder / "source.html"),
                    str(folder / "course.html"), "--site", site], check=True)


def measure(runs: int) -> dict[str, list[dict]]:
    """Lesson page, course page and bare page, loaded in turn (drift in the machine's speed hits all alike)."""
    results: dict[str, list[dict]] = {"lesson": [], "course": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        site_server, site = serve_folder(site_with_bare_pages(build_site(), Path(tmp)))
        (Path(tmp) / "course").mkdir()
        course_server, course = serve_folder(Path(tmp) / "course")
        prerendered_course(Path(tmp) / "course", site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(runs):
                results["lesson"].append(load(browser, site + "index.html"))
                results["course"].append(load(browser, course + "course.html"))
                results["bare"].append({"live_ms": bare(browser, site + "bare.html")})
            browser.close()
        site_server.shutdown()
        course_server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = measure(args.runs)
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in results.items()}
    floor = med["bare"]["live_ms"]
    print(f"course page (another origin, build.py prerender) vs the lesson page, cold, median of {args.runs} runs "
          f"(headless Chromium, loopback)")
    print(f"{'':26}{'lesson page':>14}{'course page':>14}{'ratio':>8}")
    for key, label in (("fcp_ms", "first contentful paint"), ("numbers_ms", "first numbers painted"),
                       ("live_ms", "time to live")):
        lesson, page = med["lesson"][key], med["course"][key]
        print(f"{label:26}{lesson:>12.0f}ms{page:>12.0f}ms{page / lesson:>8.2f}")
    print(f"{'CLS until live':26}{med['lesson']['cls']:>14.4f}{med['course']['cls']:>14.4f}")
    ratio = med["course"]["live_ms"] / floor
    print(f"{'same-files bare, live':26}{floor:>12.0f}ms  course/bare {ratio:.2f}x (target <= 1.3x: "
          f"{'met' if ratio <= 1.3 else 'NOT met'}); lesson/bare {med['lesson']['live_ms'] / floor:.2f}x")
    print(f"time to live per load (ms): course {[round(r['live_ms']) for r in results['course']]}, "
          f"bare {[round(r['live_ms']) for r in results['bare']]}")
    print(f"course page, first numbers painted per load: {[round(r['numbers_ms']) for r in results['course']]} ms "
          f"(target <= 300 ms)")


if __name__ == "__main__":
    main()
