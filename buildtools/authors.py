"""What the authors' page (web/authors.html) is generated from: the theming doc from widgets.css, and one article
per registry widget with a live preview (the row's `preview` attributes), its embed code and its own documentation
(its attribute table, and the comment at the top of its element file for properties, events and parts)."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

from . import registry
from .paths import JS, WEB
from .shell import BuildError


def header_comment(path: Path) -> str:
    """The leading // comment block of a file, without the slashes: each element documents itself there."""
    lines = []
    for line in path.read_text().splitlines():
        if not line.startswith("//"):
            break
        lines.append(line[3:] if line.startswith("// ") else line[2:])
    return "\n".join(lines).strip()


def author_notes(path: Path) -> str:
    """What an author needs from an element's header comment: its reference paragraph from "Properties:" on
    (properties, events, keyboard, parts). The attributes have their own table, generated from the view; the summary
    above and the notes on how it works below (blank // lines apart) are for contributors reading the file."""
    for paragraph in header_comment(path).split("\n\n"):
        lines = paragraph.splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("Properties:")]
        if starts:
            return "\n".join(lines[starts[0]:])
    raise BuildError(f"{path.name}: its header comment has no 'Properties:' paragraph for the authors' page")


def theming_doc() -> str:
    """The custom properties the widgets read, from the comment at the top of widgets.css."""
    text = (WEB / "css" / "widgets.css").read_text()
    comment = text[text.index("/*") + 2:text.index("*/")]
    return html_escape("\n".join(line.strip() for line in comment.strip().splitlines()))


def preview_attributes(preview: dict[str, str]) -> str:
    """A registry row's `preview` as the attributes of its element, escaped."""
    return " ".join(f'{name}="{html_escape(str(value))}"' for name, value in preview.items())


def widget_docs() -> str:
    """One article per widget of the registry, by tag."""
    articles = []
    for row in sorted(registry.widgets(), key=lambda row: row["tag"]):
        tag = row["tag"]
        name = tag.removeprefix("bp-")
        articles.append(f"""
    <article class="widget-doc" id="doc-{name}" data-embed-for="{tag}" aria-labelledby="doc-{name}-title">
      <h3 id="doc-{name}-title"><code>&lt;{tag}&gt;</code></h3>
      <{tag} {preview_attributes(row["preview"])}></{tag}>
      <div class="embed-code">
        <label for="embed-{name}-script">Embed code: script tag</label>
        <textarea id="embed-{name}-script" data-embed-script readonly rows="3"></textarea>
        <label for="embed-{name}-iframe">Embed code: iframe</label>
        <textarea id="embed-{name}-iframe" data-embed-iframe readonly rows="3"></textarea>
        <div class="cell-bar"><button type="button" data-copy>Copy script-tag code</button>
          <button type="button" data-copy-iframe>Copy iframe code</button>
          <span class="cell-status" role="status" data-copy-status></span></div>
      </div>
      <h4 id="doc-{name}-attributes">Attributes</h4>
      <div class="table-scroll" role="region" aria-labelledby="doc-{name}-attributes" tabindex="0">{row["attribute_docs"]}</div>
      <details><summary>Properties, events and parts</summary>
        <pre tabindex="0"><code>{html_escape(author_notes(JS / row["element"]))}</code></pre></details>
    </article>""")
    return "".join(articles)
