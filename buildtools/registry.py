"""The widget registry, web/js/registry.js, read the only way that cannot drift from what the page reads: Node
imports the module and prints its rows as JSON, each with its element and view file (from the registry's own
elementModule and viewModule helpers, relative to web/js/)."""

from __future__ import annotations

import functools
import json
import subprocess

from pathlib import Path

from .paths import JS
from .shell import BuildError, run

# <bp-*> elements that are part of a page, not embeddable widgets: no registry row, no engine function, no preview.
PAGE_HELPERS = frozenset({"bp-python-cell"})

# Each row also carries its attribute documentation, rendered from the view's attribute table by attributes.js, and
# the view's STYLES.
_PRINT_ROWS = """
const { WIDGETS, elementModule, viewModule } = await import(process.argv[1]);
const { attributeDocs } = await import(new URL("./attributes.js", process.argv[1]).href);
const rows = await Promise.all(WIDGETS.map(async (row) => {
  const view = await import(new URL(viewModule(row.tag), process.argv[1]).href);
  const docs = view.ATTRIBUTES ? attributeDocs(view.ATTRIBUTES) : null;
  return { ...row, element: elementModule(row.tag), view: viewModule(row.tag), attribute_docs: docs,
           styles: view.STYLES || [] };
}));
process.stdout.write(JSON.stringify(rows));
"""


@functools.cache
def widgets() -> tuple[dict, ...]:
    """Every row of the registry, in its order: tag, fn, title, preview, element and view ("./NAME.js"),
    attribute_docs (an HTML table from the view's ATTRIBUTES) and styles (the view's own stylesheets in css/)."""
    out = run(["node", "--input-type=module", "-e", _PRINT_ROWS, (JS / "registry.js").as_uri()],
              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return tuple(json.loads(out.stdout))


def row_of(tag: str) -> dict:
    """The registry row of a widget's tag; a build error naming the tag when there is none."""
    for row in widgets():
        if row["tag"] == tag:
            return row
    raise BuildError(
        f"<{tag}> is on a page but is not in web/js/registry.js: add its row there (a widget needs its element file, "
        f"its view, its CSS and one registry row), or remove it from the page"
    )


WIDGET_IMPORTS = "/* __WIDGET_IMPORTS__ */"


def write_widget_imports(dist: Path) -> None:
    """dist/widgets.js with one static import per registry row in place of its marker, so a new widget needs no
    change there."""
    script = dist / "widgets.js"
    text = script.read_text()
    if WIDGET_IMPORTS not in text:
        raise BuildError(f"web/widgets.js has lost its marker {WIDGET_IMPORTS}: the build writes the imports there")
    imports = "\n".join(f'import "./js/{row["element"].removeprefix("./")}";' for row in widgets())
    script.write_text(text.replace(WIDGET_IMPORTS, imports))
