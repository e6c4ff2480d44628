"""The engine's own source, shown in a page: `{{ source FILE }}` is py/backprop/FILE (the very file the engine wheel
packs, runtime.build_engine_wheel), and `{{ source FILE NAME }}` one class, method or function of it (NAME as
Value.backward: decorators included, indentation removed), escaped for HTML. So the lesson shows the code that runs in
the page, never a copy that could drift from it."""

from __future__ import annotations

import ast
import re
import textwrap
from html import escape as html_escape

from .paths import ENGINE
from .shell import BuildError

SOURCE = re.compile(r"source\s+([\w]+\.py)(?:\s+([\w.]+))?")
PACKAGE_DIR = ENGINE / "backprop"


def definition(text: str, qualname: str, where: str) -> str:
    """The source of `qualname` (Outer.inner) in `text`, from its first decorator to its last line, dedented."""
    body: list[ast.stmt] = ast.parse(text).body
    node = None
    for part in qualname.split("."):
        node = next((n for n in body if isinstance(n, (ast.ClassDef, ast.FunctionDef)) and n.name == part), None)
        if node is None:
            raise BuildError(f"{{{{ source {where} {qualname} }}}}: {where} defines no {qualname}")
        body = node.body
    lines = text.splitlines()
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return textwrap.dedent("\n".join(lines[first - 1:node.end_lineno]))


def source_text(name: str, qualname: str | None, placeholder: str) -> str:
    path = PACKAGE_DIR / name
    if not path.is_file():
        raise BuildError(f"{placeholder}: there is no py/backprop/{name}")
    text = path.read_text()
    shown = definition(text, qualname, name) if qualname else text.rstrip("\n")
    return html_escape(shown)
