"""python3 build.py prerender INPUT.html OUTPUT.html [--site URL]

Writes OUTPUT: INPUT with every empty bp-* element filled with its first frame, as the site build fills the lesson
page's (prerender.py: the engine in this CPython, the widgets' own views under Node), so a course page made with a
static site generator shows correct numbers at its first paint, before Python has started. An element whose content
is a first frame already (an earlier run, or code copied from the authors' page) gets a fresh one.

--site URL is where the page will load this site's files from (the folder of widgets.js): each frame links its
stylesheets from URL/css/. The default, ./, suits a page served from that same folder.

Elements that cannot be prerendered are left exactly as they were (they still work: they draw themselves once the
script has loaded), each named on stderr with the reason; the rest of the page is written. INPUT is never changed.

Exit status: 0 every element prerendered (or the page has none); 1 OUTPUT written, some elements left as they were;
2 nothing written: a usage or file error, or INPUT is not UTF-8 HTML.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from . import prerender, registry
from .pagescan import Element, scan
from .shell import BuildError

ALL_DONE, SOME_LEFT, NOTHING_WRITTEN = 0, 1, 2
SHOWN_PROBLEMS = 20  # a page with thousands of bad elements gets this many messages, then a count
SHORT = 100  # characters of an element's opening tag shown in a message


class PageError(Exception):
    """Why nothing was written."""


def say(message: str) -> None:
    print(f"build.py prerender: {message}", file=sys.stderr)


def opening_tag(element: Element) -> str:
    """The element as a message names it: its tag and attributes, shortened."""
    attrs = "".join(f' {name}="{value}"' for name, value in element.attrs.items())
    text = f"<{element.tag}{attrs}>"
    return text if len(text) <= SHORT else text[:SHORT - 2] + "…>"


def read_page(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PageError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")  # bytes as they are: line endings and a byte-order mark are kept
    except UnicodeDecodeError as error:
        raise PageError(f"{path} is not UTF-8 text (byte {error.start} is {data[error.start]:#04x}); "
                        f"save it as UTF-8 and run again") from None
    if "\0" in text:
        raise PageError(f"{path} is not an HTML page: it holds NUL characters, as binary files do")
    return text


def write_page(path: Path, text: str) -> None:
    """All of OUTPUT or none of it: written beside it, then moved into place."""
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~current_umask()
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", delete=False) as out:
            out.write(text.encode("utf-8"))
        os.chmod(out.name, mode)  # a temporary file is private; the page is not
        os.replace(out.name, path)
    except OSError as error:
        if "out" in locals():
            Path(out.name).unlink(missing_ok=True)
        raise PageError(f"cannot write {path}: {error.strerror or error}") from None


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def why_not(element: Element, tags: set[str]) -> str | None:
    """Why an element cannot be prerendered before the engine is asked, or None."""
    if not element.closed:
        return f"it has no closing </{element.tag}>"
    if element.tag in registry.PAGE_HELPERS:
        return "it belongs to the lesson page and is not an embeddable widget"
    if element.tag not in tags:
        return f"there is no such widget (the widgets: {', '.join(sorted(tags))})"
    if element.content == "other":
        return "it has content of its own; only empty elements (or ones holding a first frame) are filled"
    return None


def states(elements: list[Element]) -> tuple[dict[tuple, dict], dict[int, str]]:
    """The engine's state for each distinct (tag, attributes) it can prerender, and why not for each element it
    cannot, by the element's index."""
    widgets = prerender.engine()
    from backprop.errors import InputError  # noqa: PLC0415 - the engine is on the path only once engine() ran

    tags = {row["tag"] for row in registry.widgets()}
    found: dict[tuple, dict] = {}
    refused: dict[tuple, str] = {}
    problems: dict[int, str] = {}
    for index, element in enumerate(elements):
        reason = why_not(element, tags)
        key = (element.tag, json.dumps(element.attrs, sort_keys=True))
        if reason is None and key not in found and key not in refused:
            try:
                found[key] = prerender.widget_state(widgets, element.tag, element.attrs)
            except InputError as error:
                refused[key] = f"the engine refuses its attributes: {error}"
            except Exception as error:  # noqa: BLE001 - any failure is reported for this element, never a traceback
                refused[key] = f"the engine failed on its attributes ({type(error).__name__}: {error})"
        if reason is None:
            reason = refused.get(key)
        if reason is not None:
            problems[index] = reason
    return found, problems


def frames(found: dict[tuple, dict], base: str) -> dict[tuple, str | BuildError]:
    """Each state drawn by its widget's view under Node: all at once, or one by one if that fails, so that one
    view's failure costs only its own elements."""
    keys = list(found)
    requests = [{"tag": tag, "attrs": json.loads(attrs), "state": found[(tag, attrs)], "base": base}
                for tag, attrs in keys]
    try:
        return dict(zip(keys, prerender.draw(requests)["widgets"]))
    except BuildError:
        drawn: dict[tuple, str | BuildError] = {}
        for key, request in zip(keys, requests):
            try:
                drawn[key] = prerender.draw([request])["widgets"][0]
            except BuildError as error:
                drawn[key] = error
        return drawn


def prerender_text(text: str, site: str, name: str = "INPUT") -> tuple[str, list[tuple[Element, str]], int]:
    """The page with its first frames, the elements left as they were with why, and how many were filled."""
    elements, tag_count = scan(text)
    if tag_count == 0:
        raise PageError(f"{name} has no HTML tags: it is not an HTML page")
    found, problems = states(elements)
    drawn = frames(found, site)
    filled: list[tuple[Element, str]] = []
    for index, element in enumerate(elements):
        if index in problems:
            continue
        frame = drawn[(element.tag, json.dumps(element.attrs, sort_keys=True))]
        if isinstance(frame, BuildError):
            problems[index] = f"its view failed under Node: {str(frame.code).splitlines()[-1]}"
        else:
            filled.append((element, frame))
    left = [(elements[index], reason) for index, reason in sorted(problems.items())]
    return prerender.fill_elements(text, filled), left, len(filled)


def report(text: str, left: list[tuple[Element, str]], filled: int, output: Path) -> None:
    line, counted = 1, 0
    for element, reason in left[:SHOWN_PROBLEMS]:
        line += text.count("\n", counted, element.start)
        counted = element.start
        say(f"line {line}: {opening_tag(element)} left as it was: {reason}")
    if len(left) > SHOWN_PROBLEMS:
        say(f"... and {len(left) - SHOWN_PROBLEMS} more elements left as they were")
    if filled + len(left) == 0:
        say(f"no bp-* elements in INPUT; {output} is a copy of it")
    else:
        say(f"wrote {output}: {filled} of {filled + len(left)} elements prerendered")


def site_base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def run(input_path: Path, output_path: Path, site: str) -> int:
    if output_path.resolve() == input_path.resolve() or (
            output_path.exists() and input_path.exists() and os.path.samefile(output_path, input_path)):
        raise PageError(f"OUTPUT is INPUT ({input_path}): give another file; INPUT is never overwritten")
    if output_path.is_dir():
        raise PageError(f"OUTPUT {output_path} is a folder: give the name of the file to write")
    text = read_page(input_path)
    try:
        page, left, filled = prerender_text(text, site_base(site), str(input_path))
    except RecursionError:
        raise PageError("INPUT nests its tags too deeply to read") from None
    write_page(output_path, page)
    report(text, left, filled, output_path)
    return SOME_LEFT if left else ALL_DONE


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="build.py prerender", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", type=Path, metavar="INPUT.html")
    parser.add_argument("output", type=Path, metavar="OUTPUT.html")
    parser.add_argument("--site", default="./", metavar="URL",
                        help="where the page loads this site's files from (default ./, the page's own folder)")
    args = parser.parse_args(argv)
    try:
        return run(args.input, args.output, args.site)
    except (PageError, BuildError) as error:
        say(str(error.code if isinstance(error, BuildError) else error))
        return NOTHING_WRITTEN
