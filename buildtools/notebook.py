"""The notebook wheel, dist/notebook/backprop-VERSION-py3-none-any.whl: the engine and backprop.notebook (anywidget
classes, py/backprop/notebook/), with the site's own element and view modules and stylesheets as files in
backprop/notebook/static/, and each widget's attribute table read from its view by Node, so Python never writes the
list again. `pip install "backprop[notebook] @ file://.../dist/notebook/backprop-...whl"` pulls in anywidget.

The page's wheel (dist/wheels/) stays the engine alone: these files would only lengthen every page's start."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from . import registry
from .paths import JS, WEB
from .runtime import build_engine_wheel
from .shell import BuildError, run
from .versions import MODULE_REFERENCE

FOLDER = "notebook"
STATIC = "backprop/notebook/static"
ENTRY = "notebook.js"  # anywidget's _esm: loads the rest (web/js/notebook.js)
CONNECTOR = "kernel-engine.js"  # the element's engine in a notebook, and its traits
# anywidget 0.9 gave render({model, el}) and model.send/on("msg:custom") their present form
REQUIRES = 'Provides-Extra: notebook\nRequires-Dist: anywidget>=0.9; extra == "notebook"\n'

# Each view's attribute table as data, each row with `takes` (what it takes, in the words of the page's messages).
_PRINT_TABLES = """
const { WIDGETS, viewModule } = await import(process.argv[1]);
const { describe } = await import(new URL("./attributes.js", process.argv[1]).href);
const tables = {};
for (const row of WIDGETS) {
  const view = await import(new URL(viewModule(row.tag), process.argv[1]).href);
  tables[row.tag] = view.ATTRIBUTES.map((attribute) => ({ ...attribute, takes: describe(attribute) }));
}
process.stdout.write(JSON.stringify(tables));
"""


def imports_of(name: str) -> list[str]:
    """The modules of web/js/ that `name` imports (static imports; other files it refers to are not modules)."""
    found = []
    for match in MODULE_REFERENCE.finditer((JS / name).read_text()):
        reference = match.group(1) or match.group(2)
        if reference is None:
            continue
        if not reference.startswith("./") or "/" in reference[2:]:
            raise BuildError(f"web/js/{name} imports {reference}: a notebook loads only modules beside it (./NAME.js)")
        found.append(reference[2:])
    return found


def load_order(entries: list[str]) -> list[str]:
    """`entries` and every module they import, each after the modules it imports."""
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in path:
            raise BuildError(f"web/js/ modules import each other in a circle: {' -> '.join(path + (name,))}")
        for dependency in imports_of(name):
            visit(dependency, path + (name,))
        order.append(name)

    for entry in entries:
        visit(entry, ())
    return order


def class_name(tag: str) -> str:
    """bp-chain-rule -> ChainRule; bp-xor-lab -> XorLab."""
    return "".join(part.capitalize() for part in tag.removeprefix("bp-").split("-"))


def manifest() -> dict:
    """What backprop.notebook reads: per widget its class, tag, engine function, attribute table, stylesheets and the
    modules it loads in order; and each module's imports."""
    out = run(["node", "--input-type=module", "-e", _PRINT_TABLES, (JS / "registry.js").as_uri()],
              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tables = json.loads(out.stdout)
    widgets = []
    for row in registry.widgets():
        widgets.append({
            "class": class_name(row["tag"]), "tag": row["tag"], "fn": row["fn"], "title": row["title"],
            "attributes": tables[row["tag"]], "styles": ["widgets.css", *row["styles"]],
            "modules": load_order([row["element"].removeprefix("./"), CONNECTOR]),
        })
    modules = sorted({name for widget in widgets for name in widget["modules"]})
    return {"widgets": widgets, "imports": {name: imports_of(name) for name in modules}}


def build_notebook_wheel(dist: Path) -> Path:
    """dist/notebook/ with the wheel; returns its path."""
    data = manifest()
    files = {f"{STATIC}/widgets.json": json.dumps(data, indent=1).encode(),
             f"{STATIC}/js/{ENTRY}": (JS / ENTRY).read_bytes()}
    for name in data["imports"]:
        files[f"{STATIC}/js/{name}"] = (JS / name).read_bytes()
    for name in {style for widget in data["widgets"] for style in widget["styles"]}:
        files[f"{STATIC}/css/{name}"] = (WEB / "css" / name).read_bytes()
    folder = dist / FOLDER
    folder.mkdir(exist_ok=True)
    return build_engine_wheel(folder, extra=files, metadata=REQUIRES)
