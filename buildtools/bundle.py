"""dist/widgets.js as one request: its whole module graph bundled by esbuild (pinned in package-lock.json).

Why: unbundled, a page holding the widgets asked for widgets.js and then about 45 modules, level by level. Over
HTTP/1.1 (six connections a host) those requests queued ahead of the worker's own downloads, and each level of the
graph waited for the busy main thread; the worker started about 400 ms after a bare Pyodide page's script
(benchmarks/startup.py, where the lesson's time goes). Bundled, the lesson was live 1.22x the bare page against 1.45x
in one run (medians of 4 cold loads), its first paint sooner too (144 against 168 ms).

The bundle lives in js/, beside the modules it was made from, so that every `new URL("...", import.meta.url)` in them
(the worker, the stylesheets, the site's root in build-id.js) resolves as it did. widgets.js, the one address a course
page names, becomes a one-line module that imports it; the sources stay in js/ for the pages that load modules one by
one (the authors' previews, the notebook, the build's prerender). Nothing is minified: brotli does the shrinking, and a
course author reading our code in their browser sees it as written.
"""

from __future__ import annotations

from pathlib import Path

from .paths import ROOT
from .shell import BuildError, run

ENTRY = "widgets.js"
BUNDLE = "js/widgets-bundle.js"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def bundle_widgets(dist: Path) -> None:
    """Bundle dist/widgets.js (its imports written, its placeholders filled) into dist/js/widgets-bundle.js and make
    widgets.js import that."""
    entry, bundle = dist / ENTRY, dist / BUNDLE
    if not ESBUILD.exists():
        raise BuildError("esbuild is missing from node_modules: run `npm ci` (python3 build.py does)")
    run([str(ESBUILD), str(entry), "--bundle", "--format=esm", "--charset=utf8", "--log-level=warning",
         f"--outfile={bundle}"])
    text = bundle.read_text()
    if "import.meta.url" not in text or "./worker.js" not in text:
        raise BuildError(f"{BUNDLE} lost the worker's address (new URL('./worker.js', import.meta.url))")
    entry.write_text(
        "// The widgets' one script. Its module graph is bundled into js/widgets-bundle.js by the build\n"
        f'// (buildtools/bundle.py); web/widgets.js is the source.\nimport "./{BUNDLE}";\n'
    )
