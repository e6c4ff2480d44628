"""The widgets' modules as one file: the graph under dist/widgets.js bundled by esbuild (pinned in package-lock.json).

Why: unbundled, a page holding the widgets asked for widgets.js and then about 45 modules, level by level. Over
HTTP/1.1 (six connections a host) those requests queued ahead of the worker's own downloads, and each level of the
graph waited for the busy main thread; the worker started about 400 ms after a bare Pyodide page's script
(benchmarks/startup.py, where the lesson's time goes). Bundled, on the same morning and machine, the lesson went live
cold in 1.35x the same-files bare page instead of 1.45x, warm 0.98x instead of 1.19x, and a course page in 1.26x
instead of 1.39x (benchmarks/README.md).

The bundle lives in js/, beside the modules it was made from, so that every `new URL("...", import.meta.url)` in them
(the worker, the stylesheets, the site's root in build-id.js) resolves as it did. widgets.js, the one address a course
page names, becomes a module that imports the bundle and runtime.js at once; the sources stay in js/ for the pages
that load modules one by one (the authors' previews, the notebook, the build's prerender). Nothing is minified:
brotli does the shrinking, and a course author reading our code in their browser sees it as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from .paths import ROOT
from .shell import BuildError, run

ENTRY = "widgets.js"
BUNDLE = "js/widgets-bundle.js"
# Left out of the bundle, a module of its own: the one owner of the page's Pyodide. Anything else that imports
# js/runtime.js (a page's script, a test) gets the same engine client as the widgets, never a second worker.
RUNTIME = "js/runtime.js"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;(]*?["']([^"']+)["']""", re.MULTILINE)


def bundle_widgets(dist: Path) -> None:
    """Bundle dist/widgets.js (its imports written, its placeholders filled) into dist/js/widgets-bundle.js, all but
    runtime.js, and make widgets.js import those two."""
    if not ESBUILD.exists():
        raise BuildError("esbuild is missing from node_modules: run `npm ci` (python3 build.py does)")
    js = dist / "js"
    # the entry as if it stood in js/, beside the bundle, so that the import of runtime.js that esbuild leaves in
    # place, and the comments naming each bundled file, read the same from there (and the same in any build folder)
    entry = (dist / ENTRY).read_text().replace('"./js/', '"./')
    run([str(ESBUILD), "--bundle", "--format=esm", "--charset=utf8", "--log-level=warning", "--sourcefile=widgets.js",
         f"--external:./{Path(RUNTIME).name}", f"--outfile={Path(BUNDLE).name}"], cwd=js, input=entry.encode())
    text = (dist / BUNDLE).read_text()
    imports = set(STATIC_IMPORT.findall(text))
    if imports != {f"./{Path(RUNTIME).name}"}:
        raise BuildError(f"{BUNDLE} should import only ./runtime.js, and imports {imports}")
    # both named here, so the browser asks for them at once
    (dist / ENTRY).write_text(
        "// The widgets' one script. The build bundled its module graph into js/widgets-bundle.js, all but the\n"
        "// runtime (buildtools/bundle.py); web/widgets.js is the source.\n"
        f'import "./{RUNTIME}";\nimport "./{BUNDLE}";\n'
    )
