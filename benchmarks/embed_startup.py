"""Start-up of a course page that embeds one widget with the authors' page's versioned script tag, next to a bare
Pyodide page, measured side by side in one run of headless Chromium; the result is written for the authors' page.

    .venv/bin/python benchmarks/embed_startup.py [--runs 5]

The course page is served from a second loopback origin and holds one <bp-chain-rule> and the script tag the authors'
page copies (dist/v/VERSION/widgets.js, with integrity and crossorigin). Live = the widget carries engine="live".
Cold = a fresh browser context; warm = the same context loading the page again (HTTP cache warm; a course page on
another origin stores no start-up snapshot, web/js/snapshot.js). Baseline: the stock Pyodide page of startup.py
(benchmarks/pages.py: loadPyodide() from the npm package's files as they ship) on the widgets' origin, in the same
run. Writes benchmarks/results/embed-startup.json (medians, the version measured and the
date); the build states it on the authors' page, naming the version it was measured on.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import CHROMIUM_ARGS, serve_folder, site_with_bare_pages  # noqa: E402
from startup import load  # noqa: E402

from buildtools import versions  # noqa: E402  (pages put the repository on the path)
from buildtools.site import build as build_site  # noqa: E402


def course_page(script_tag: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course page</title>
<link rel="icon" href="data:,">{script_tag}</head>
<body><h1>Week 3</h1><bp-chain-rule x="0.4"></bp-chain-rule></body></html>"""


def script_tag(base: str, version: str, integrity: str) -> str:
    """The tag the authors' page copies (web/js/authors.js), for the widgets served at `base`."""
    return (f'<script type="module" src="{base}{versions.VERSIONS}/{version}/widgets.js" integrity="{integrity}" '
            f'crossorigin="anonymous"></script>')


def measure(browser, bare_url: str, course_url: str, runs: int) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {k: [] for k in ("bare cold", "bare warm", "course cold", "course warm")}
    for _ in range(runs):
        for name, url in (("bare", bare_url), ("course", course_url)):
            context = browser.new_context()
            for cache in ("cold", "warm"):
                results[f"{name} {cache}"].append(load(context, url, name == "course", snapshot=False))
            context.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    dist = build_site()
    version = versions.version_of(dist)
    integrity = versions.integrity_of(dist / versions.VERSIONS / version / versions.ENTRY)
    with tempfile.TemporaryDirectory() as tmp:
        widgets, base = serve_folder(site_with_bare_pages(dist, Path(tmp)))
        course = Path(tmp) / "course"
        course.mkdir()
        (course / "page.html").write_text(course_page(script_tag(base, version, integrity)))
        course_server, course_base = serve_folder(course)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            results = measure(browser, base + "stock.html", course_base + "page.html", args.runs)
            browser.close()
        widgets.shutdown()
        course_server.shutdown()

    median = {k: {m: statistics.median(r[m] for r in v) for m in ("live_ms", "fcp_ms", "bytes")}
              for k, v in results.items()}
    print(f"course page with one widget (version {version}), median of {args.runs} runs, headless Chromium, loopback")
    print(f"{'':12}{'stock Pyodide':>16}{'course page':>14}{'ratio':>8}")
    for cache in ("cold", "warm"):
        bare, mine = median[f"bare {cache}"]["live_ms"], median[f"course {cache}"]["live_ms"]
        print(f"{'live ' + cache:12}{bare:>14.0f}ms{mine:>12.0f}ms{mine / bare:>8.2f}")
    size = [median[f"{name} cold"]["bytes"] / 1e6 for name in ("bare", "course")]
    print(f"{'transfer':12}{size[0]:>14.2f}MB{size[1]:>12.2f}MB")
    result = {
        "version": version,
        "date": datetime.date.today().isoformat(),
        "where": f"headless Chromium, loopback (no network time), {os.cpu_count()} cores",
        "runs": args.runs,
        "cold_ms": round(median["course cold"]["live_ms"]),
        "warm_ms": round(median["course warm"]["live_ms"]),
        "bare_cold_ms": round(median["bare cold"]["live_ms"]),
        "bare_warm_ms": round(median["bare warm"]["live_ms"]),
        "first_paint_ms": round(median["course cold"]["fcp_ms"]),
        "transfer_bytes": round(median["course cold"]["bytes"]),
    }
    versions.STARTUP_RESULT.parent.mkdir(exist_ok=True)
    versions.STARTUP_RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {versions.STARTUP_RESULT.relative_to(versions.ROOT)}")


if __name__ == "__main__":
    main()
