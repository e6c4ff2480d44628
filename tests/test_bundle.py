"""The widgets' bundle (buildtools/bundle.py): widgets.js asks for two files at once, the runtime and one file holding
every element, which imports only the runtime; the versioned embed still finds the worker through them. That the
bundled widgets work is what every browser test sees; this checks the shape the start-up figures depend on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import bundle, registry, site, versions  # noqa: E402


@pytest.fixture(scope="module")
def dist() -> Path:
    return site.build()


def test_widgets_js_imports_the_runtime_and_the_bundle_at_once(dist):
    imports = bundle.STATIC_IMPORT.findall((dist / bundle.ENTRY).read_text())
    assert imports == [f"./{bundle.RUNTIME}", f"./{bundle.BUNDLE}"]


def test_the_bundle_imports_only_the_runtime_and_defines_every_registry_widget(dist):
    text = (dist / bundle.BUNDLE).read_text()
    # the runtime stays one module of its own, so whoever else imports js/runtime.js shares the widgets' worker
    assert set(bundle.STATIC_IMPORT.findall(text)) == {"./runtime.js"}
    assert "function engine(" not in text and "class EngineClient" not in text
    assert "import(" not in text  # no module fetched later either
    for row in registry.widgets():
        assert f'defineWidget("{row["tag"]}"' in text, row["tag"]
    assert 'customElements.define("bp-python-cell"' in text


def test_the_bundle_keeps_the_build_s_placeholders_filled(dist):
    text = (dist / bundle.BUNDLE).read_text()
    assert "__RUNTIME_ID__" not in text and "__WIDGET_IMPORTS__" not in text
    build_id = re.search(r'BUILD_ID = "([0-9a-f]+)"', text)
    assert build_id and len(build_id.group(1)) >= 16


def test_the_versioned_embed_reaches_the_worker_through_the_bundle(dist):
    names = {p.relative_to(dist).as_posix() for p in versions.widget_files(dist)}
    assert {bundle.ENTRY, bundle.BUNDLE, bundle.RUNTIME, "js/worker.js", "js/snapshot.js",
            "js/start-downloads.js"} <= names
    # the modules the bundle was made from are not part of what a widget loads (embed.html's own modules aside)
    assert "js/bp-chain-rule.js" not in names and "js/widget-base.js" not in names
