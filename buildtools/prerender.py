"""Every widget on a page gets its first frame, and every number in the prose its value: the engine computes them
in this CPython; the widgets' own view modules render and format them under Node (prerender.mjs), so the page shows
exactly what a live widget would. Widgets go into the page as declarative shadow roots."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from . import registry, templates
from .paths import ENGINE, PACKAGE
from .shell import BuildError, run

WIDGET_TAG = re.compile(r"<(bp-[a-z-]+)((?:\s+[a-z-]+(?:=\"[^\"]*\")?)*)\s*>(\s*)</\1>")
ATTRIBUTE = re.compile(r"([a-z-]+)(?:=\"([^\"]*)\")?")
ANY_BP_TAG = re.compile(r"<(bp-[a-z0-9-]+)")
NUMBER_SPOT = re.compile("\0(\\d+)\0")  # where a prose number goes once Node has formatted it


def engine():  # noqa: ANN201
    """backprop.widgets from py/ (on the path only from here: the build itself does not need the engine)."""
    if str(ENGINE) not in sys.path:
        sys.path.insert(0, str(ENGINE))
    from backprop import widgets  # noqa: PLC0415

    return widgets


def widget_state(widgets, tag: str, attrs: dict[str, str]) -> dict:  # noqa: ANN001
    """The state a widget shows first: its registry row's engine function called with its attributes."""
    name = registry.row_of(tag)["fn"]
    if name not in widgets.FUNCTIONS:
        raise BuildError(f"web/js/registry.js: <{tag}>'s fn {name!r} is not in backprop.widgets.FUNCTIONS")
    return widgets.call(widgets.FUNCTIONS[name], attrs)


def prerender_pages(pages: list[Path], root: Path, release: dict[str, str] | None = None) -> None:
    """Fill in and prerender each page in place; `root` is the site's folder (stylesheet links are relative);
    `release` fills the embed-* placeholders (a full build's versioned embed)."""
    widgets = engine()
    numbers: list[object] = []
    results: dict[tuple, object] = {}

    def number(name: str, args: dict[str, str], path: list[str], placeholder: str) -> str:
        # each distinct call once per build, then the path (.key or .index) into its result
        if name not in widgets.FUNCTIONS:
            raise BuildError(f"unknown engine function in {placeholder}")
        key = (name, tuple(sorted(args.items())))
        if key not in results:
            results[key] = widgets.call(widgets.FUNCTIONS[name], args)
        value = results[key]
        for step in path:
            value = value[int(step)] if isinstance(value, list) else value[step]  # type: ignore[index]
        numbers.append(value)
        return f"\0{len(numbers) - 1}\0"

    texts = {page: templates.fill(page.read_text(), number, release) for page in pages}
    found: list[tuple[Path, re.Match]] = []
    requests = []
    for page, html in texts.items():
        for tag in sorted(set(ANY_BP_TAG.findall(html)) - registry.PAGE_HELPERS):
            registry.row_of(tag)  # a tag that is neither a widget nor a page helper stops the build
        depth = len(page.relative_to(root).parts) - 1
        for match in WIDGET_TAG.finditer(html):
            if match.group(1) in registry.PAGE_HELPERS:
                continue
            attrs = dict(ATTRIBUTE.findall(match.group(2)))
            state = widget_state(widgets, match.group(1), attrs)
            requests.append({"tag": match.group(1), "attrs": attrs, "state": state, "base": "../" * depth})
            found.append((page, match))
    rendered = {"widgets": [], "numbers": []}
    if requests or numbers:
        request = json.dumps({"widgets": requests, "numbers": numbers}).encode()
        out = run(["node", str(PACKAGE / "prerender.mjs")], input=request, capture_output=True)
        rendered = json.loads(out.stdout)
    markup = dict(zip((id(match) for _, match in found), rendered["widgets"]))
    for page, html in texts.items():
        for match in sorted((m for p, m in found if p == page), key=lambda m: m.start(), reverse=True):
            opening = match.group(0).split(">", 1)[0] + ">"
            html = html[:match.start()] + opening + markup[id(match)] + f"</{match.group(1)}>" + html[match.end():]
        page.write_text(NUMBER_SPOT.sub(lambda spot: rendered["numbers"][int(spot.group(1))], html))
