"""The pages in web/ are templates. A placeholder is `{{ ... }}` and is one of:

    {{ listing NAME.py }}               the code of web/listings/NAME.py, escaped for HTML
    {{ output NAME.py }}                what that listing prints, as recorded in web/listings/NAME.out
                                        (`python3 build.py listings` records it)
    {{ source FILE [NAME] }}            the engine's own code: py/backprop/FILE, or its class, method or function
                                        NAME (Value.backward), escaped for HTML (engine_source.py)
    {{ theming }}                       the custom properties the widgets read (the comment atop css/widgets.css)
    {{ widget-docs }}                   one article per widget in web/js/registry.js (the authors' page)
    {{ embed-path }}                    the versioned embed's folder, v/VERSION/ (relative to the site); the copied
                                        code points there (buildtools/versions.py)
    {{ embed-version }}                 its VERSION, a hash of every file a widget loads
    {{ embed-integrity }}               the Subresource Integrity value of its widgets.js (sha384-...)
    {{ embed-transfer }}                what a page with one widget downloads before it is live, brotli ("5.4 MB")
    {{ embed-startup }}                 a sentence: that version's start-up time, from the committed benchmark result
                                        (benchmarks/results/embed-startup.json), naming the version it was measured on
                                        (the embed-* placeholders are known only to a full build of the site)
    {{ FN(KEY=VALUE, ...).PATH }}       a number in the prose: the engine function FN (backprop.widgets.FUNCTIONS)
                                        called with those arguments as element attributes, then PATH, steps of
                                        .key or .index, into its result; printed as the widgets print numbers.
                                        e.g. {{ chain_rule(x=0.4).stages.3.grad }}

Anything else between {{ and }} is a build error. Besides placeholders, every empty widget element on a page,
`<bp-NAME attr="value"></bp-NAME>`, gets its first frame prerendered (see prerender.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as html_escape

from . import authors, engine_source, listings
from .paths import LISTINGS
from .shell import BuildError

PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
LISTING = re.compile(r"(listing|output)\s+([\w.-]+\.py)")
NUMBER = re.compile(r"(\w+)\(([^)]*)\)((?:\.\w+)+)")

# a number placeholder's parts: the function's name, its arguments, the path into its result, the placeholder itself
NumberFiller = Callable[[str, dict[str, str], list[str], str], str]


def number_arguments(text: str) -> dict[str, str]:
    """`a=2, b=3` -> {"a": "2", "b": "3"}; values are literal text, quotes around them dropped."""
    args = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = part.partition("=")
        args[key.strip()] = value.strip().strip("\"'")
    return args


def listing_text(kind: str, name: str, placeholder: str) -> str:
    listing = LISTINGS / name
    if not listing.exists():
        raise BuildError(f"{placeholder}: there is no web/listings/{name}")
    if kind == "listing":
        return html_escape(listing.read_text().rstrip("\n"))
    output = listings.output_path(listing)
    if not output.exists():
        raise BuildError(f"{name} has no recorded output: run 'python3 build.py listings'")
    return html_escape(output.read_text().rstrip("\n"))


def fill(html: str, number: NumberFiller, release: dict[str, str] | None = None) -> str:
    """Every placeholder replaced; a number's text is whatever `number` returns for it, an embed-* placeholder's is
    its value in `release` (versions.placeholders)."""

    def replace(match: re.Match) -> str:
        body = match.group(1)
        if found := LISTING.fullmatch(body):
            return listing_text(*found.groups(), match.group(0))
        if found := engine_source.SOURCE.fullmatch(body):
            return engine_source.source_text(*found.groups(), match.group(0))
        if body == "theming":
            return authors.theming_doc()
        if body == "widget-docs":
            return authors.widget_docs()
        if body.startswith("embed-") and release is not None and body in release:
            return html_escape(release[body])
        if body.startswith("embed-") and release is None:
            raise BuildError(f"{match.group(0)} is known only to a full build of the site (python3 build.py)")
        if found := NUMBER.fullmatch(body):
            name, args, path = found.groups()
            return number(name, number_arguments(args), path.strip(".").split("."), match.group(0))
        raise BuildError(f"unknown placeholder {match.group(0)}: buildtools/templates.py lists the ones there are")

    return PLACEHOLDER.sub(replace, html)
