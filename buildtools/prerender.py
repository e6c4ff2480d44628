"""Every widget on a page gets its first frame, and every number in the prose its value: the engine computes them
in this CPython; the widgets' own view modules render and format them under Node (prerender.mjs), so the page shows
exactly what a live widget would. Widgets go into the page as declarative shadow roots."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from . import registry, templates
from .pagescan import Element, scan
from .paths import ENGINE, PACKAGE
from .shell import BuildError, run

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
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a count: printed whole, where a float gets the widgets' four decimals
        numbers.append(value)
        return f"\0{len(numbers) - 1}\0"

    texts = {page: templates.fill(page.read_text(), number, release) for page in pages}
    found: list[tuple[Path, Element]] = []
    requests = []
    for page, html in texts.items():
        for tag in sorted(set(ANY_BP_TAG.findall(html)) - registry.PAGE_HELPERS):
            registry.row_of(tag)  # a tag that is neither a widget nor a page helper stops the build
        depth = len(page.relative_to(root).parts) - 1
        for element in scan(html)[0]:
            if element.tag in registry.PAGE_HELPERS or element.content != "empty" or not element.closed:
                continue
            state = widget_state(widgets, element.tag, element.attrs)
            requests.append(frame_request(element, state, "../" * depth))
            found.append((page, element))
    rendered = draw(requests, numbers)
    markup = dict(zip((id(element) for _, element in found), rendered["widgets"]))
    for page, html in texts.items():
        html = fill_elements(html, [(element, markup[id(element)]) for p, element in found if p == page])
        page.write_text(NUMBER_SPOT.sub(lambda spot: rendered["numbers"][int(spot.group(1))], html))


def frame_request(element: Element, state: dict, base: str) -> dict:
    """What prerender.mjs needs to draw one element: its view's stylesheets are linked from `base` + "css/"."""
    return {"tag": element.tag, "attrs": element.attrs, "state": state, "base": base}


def draw(requests: list[dict], numbers: list[object] | None = None) -> dict:
    """The widgets' first frames (each a declarative shadow root) and the prose numbers, drawn and formatted by the
    widgets' own JS under Node: {"widgets": [html], "numbers": [text]}."""
    if not requests and not numbers:
        return {"widgets": [], "numbers": []}
    request = json.dumps({"widgets": requests, "numbers": numbers or []}).encode()
    out = run(["node", str(PACKAGE / "prerender.mjs")], input=request, capture_output=True)
    return json.loads(out.stdout)


def fill_elements(html: str, frames: list[tuple[Element, str]]) -> str:
    """The page with each element's content replaced by its frame; the rest of the text as it was."""
    pieces, done = [], 0
    for element, frame in sorted(frames, key=lambda pair: pair[0].start):
        pieces += [html[done:element.inner], frame]
        done = element.close
    return "".join(pieces) + html[done:]
