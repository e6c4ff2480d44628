"""web/js/registry.js, the one list of widgets, agrees with the engine and with web/js: every row names an engine
function that exists and files that exist, and no element defines a bp- tag without a row (so a widget cannot be
added without one). The registry is read as the build reads it: Node imports the module."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import registry  # noqa: E402
from buildtools.paths import JS  # noqa: E402

from backprop import widgets  # noqa: E402

ROWS = registry.widgets()
DEFINE = re.compile(r"""(?:customElements\.define|defineWidget)\(\s*["'](bp-[a-z0-9-]+)["']""")


def defined_tags() -> dict[str, str]:
    """Each bp- tag a web/js/bp-*.js defines, with the file that defines it."""
    tags = {}
    for path in sorted(JS.glob("bp-*.js")):
        for tag in DEFINE.findall(path.read_text()):
            tags[tag] = path.name
    return tags


def test_the_registry_has_one_row_per_tag():
    tags = [row["tag"] for row in ROWS]
    assert len(tags) >= 5 and len(set(tags)) == len(tags), tags


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["tag"])
def test_each_row_names_an_engine_function(row):
    assert row["fn"] in widgets.FUNCTIONS, f"{row['tag']}: {row['fn']!r} is not in backprop.widgets.FUNCTIONS"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["tag"])
def test_each_rows_element_and_view_files_exist(row):
    element, view = JS / row["element"], JS / row["view"]
    assert element.is_file(), f"{row['tag']}: no {element.relative_to(ROOT)}"
    assert view.is_file(), f"{row['tag']}: no {view.relative_to(ROOT)}"
    assert defined_tags().get(row["tag"]) == element.name, f"{element.name} does not define <{row['tag']}>"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["tag"])
def test_each_rows_preview_is_attribute_text(row):
    assert row["title"].strip()
    assert row["preview"] and all(isinstance(value, str) for value in row["preview"].values()), row["preview"]


def test_every_element_defining_a_bp_tag_has_a_row():
    widgets_defined = {tag: name for tag, name in defined_tags().items() if tag not in registry.PAGE_HELPERS}
    tags = {row["tag"] for row in ROWS}
    missing = sorted(f"<{tag}> ({name})" for tag, name in widgets_defined.items() if tag not in tags)
    assert not missing, f"defined but not in web/js/registry.js: {', '.join(missing)}"
    assert set(registry.PAGE_HELPERS) <= set(defined_tags()), "a page helper the build knows of is no longer defined"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["tag"])
def test_each_view_declares_its_attributes_in_a_table(row):
    """The authors' page documents a widget's attributes from its view's ATTRIBUTES; a view without one would leave
    its widget undocumented (and its element without observed attributes)."""
    docs = row["attribute_docs"]
    assert docs and docs.count("<tr>") >= 2, f"{row['view']} has no ATTRIBUTES table"
