"""Where the bp-* elements of an HTML page are, found by the standard library's HTML tokenizer rather than a pattern,
so any page an author writes works: attributes in either quotes or none, in any case, entities in values, elements
inside scripts, styles, comments or a textarea's text left alone (they are not elements)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Where a tag is only text to the browser (its raw content is not parsed as elements).
TEXT_ONLY = frozenset({"textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes"})


@dataclass
class Element:
    """A bp-* element: its tag, its attributes as the browser reads them (the first of a repeated name wins), and
    where it is in the page's text: `start`..`end` the whole element, `inner`..`close` its content. `content` is
    "empty" (whitespace only), "frame" (one declarative shadow root, e.g. from an earlier prerender) or "other"."""

    tag: str
    attrs: dict[str, str]
    start: int
    inner: int
    close: int = -1
    end: int = -1
    content: str = "empty"

    @property
    def closed(self) -> bool:
        return self.end >= 0


class _Scanner(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.found: list[Element] = []
        self.open: Element | None = None  # the bp-* element we are inside (nested ones are its content)
        self.same_depth = 0  # tags of its own name opened inside it
        self.template_depth = 0  # templates opened inside it
        self.text_only: str | None = None
        self.tags = 0

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if self.text_only:
            return
        start = self.position()
        raw = self.get_starttag_text() or ""
        if self.open is None:
            if tag in TEXT_ONLY:
                self.text_only = tag
            elif tag.startswith("bp-"):
                values: dict[str, str] = {}
                for name, value in attrs:
                    values.setdefault(name, value or "")
                self.open = Element(tag, values, start, start + len(raw))
                self.found.append(self.open)
            return
        if tag == self.open.tag:
            self.same_depth += 1
        if tag == "template":
            is_frame = self.template_depth == 0 and any(name == "shadowrootmode" for name, _ in attrs)
            if self.template_depth == 0:
                self.mark(is_frame)
            self.template_depth += 1
        elif self.template_depth == 0:
            self.open.content = "other"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<bp-x/>` is a start tag in HTML: its content follows

    def handle_endtag(self, tag: str) -> None:
        if self.text_only:
            if tag == self.text_only:
                self.text_only = None
            return
        if self.open is None:
            return
        if tag == "template" and self.template_depth:
            self.template_depth -= 1
        elif tag == self.open.tag and self.same_depth:
            self.same_depth -= 1
        elif tag == self.open.tag:
            start = self.position()
            self.open.close = start
            self.open.end = self.text.index(">", start) + 1
            self.open = None
            self.template_depth = 0

    def handle_data(self, data: str) -> None:
        if self.open is not None and self.template_depth == 0 and data.strip():
            self.open.content = "other"

    def mark(self, is_frame: bool) -> None:
        """A top-level template inside the element: the first one, a shadow root, is a frame; anything more is not."""
        assert self.open is not None
        if is_frame and self.open.content == "empty":
            self.open.content = "frame"
        else:
            self.open.content = "other"


def scan(text: str) -> tuple[list[Element], int]:
    """The page's bp-* elements (outermost only: one inside another is its content) in order, and how many tags the
    page has in all (none: it is not HTML)."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.found, scanner.tags
