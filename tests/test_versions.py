"""The versioned embed (buildtools/versions.py): dist/v/VERSION/ holds every file a widget loads, VERSION is the same
for the same sources and changes with any of those files, and the authors' page states its integrity and figures."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import serve, site, versions  # noqa: E402

META = re.compile(r'<meta name="backprop-lab:embed" data-path="v/([0-9a-f]{16})/" data-integrity="([^"]+)">')


@pytest.fixture(scope="module")
def dist() -> Path:
    return site.build()


def version_in(dist: Path) -> str:
    """The version the built authors' page names; its folder is the only one under v/."""
    version = META.search((dist / "authors.html").read_text()).group(1)
    assert [p.name for p in (dist / "v").iterdir()] == [version]
    return version


def plain_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")}


def test_the_page_states_the_integrity_of_the_served_widgets_js(dist):
    version, integrity = META.search((dist / "authors.html").read_text()).groups()
    server = serve.make_server(0, dist)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v/{version}/widgets.js"
        # what a browser that accepts every coding is sent (widgets.js is under 1 KB: no precompressed variant)
        asked = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(asked) as response:
            assert response.headers["Content-Encoding"] is None
            plain = response.read()
    finally:
        server.shutdown()
        server.server_close()
    assert integrity == "sha384-" + base64.b64encode(hashlib.sha384(plain).digest()).decode()


def test_the_versioned_folder_holds_what_a_widget_loads_and_nothing_of_the_sites_own(dist):
    held = plain_files(dist / "v" / version_in(dist))
    for name in ("widgets.js", "embed.html", "favicon.svg", "js/worker.js", "js/snapshot.js", "js/widgets-bundle.js",
                 "js/registry.js", "js/embed.js", "css/widgets.css", "css/embed.css", "css/xor-lab.css",
                 "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "pyodide/pyodide-lock.json",
                 "wheels/engine.zip", "wheels/backprop-0.1.0-py3-none-any.whl",
                 "pyodide/stdlib/fractions.py"):
        assert name in held, name
    for name in ("index.html", "authors.html", "js/authors.js", "js/page.js", "css/site.css"):
        assert name not in held, name
    # each file as the site serves it at the top level: the worker with its runtime id and wheel filled in
    for name in held:
        assert (dist / "v" / version_in(dist) / name).read_bytes() == (dist / name).read_bytes(), name
    assert "__RUNTIME_ID__" not in (dist / "v" / version_in(dist) / "js" / "worker.js").read_text()


def test_the_same_sources_build_the_same_version_twice(dist, tmp_path):
    again = site.build(tmp_path / "again", force=True)
    assert version_in(again) == version_in(dist)
    ours, theirs = dist / "v" / version_in(dist), again / "v" / version_in(again)
    assert plain_files(ours) == plain_files(theirs)
    for name in plain_files(ours):
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name


def linked_copy(dist: Path, folder: Path) -> None:
    """The built site's top-level files in `folder`, each a symbolic link (v/ left out)."""
    for path in dist.rglob("*"):
        relative = path.relative_to(dist)
        if relative.parts[0] == "v" or not path.is_file():
            continue
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).symlink_to(path)


@pytest.mark.parametrize("name", [
    "js/widgets-bundle.js", "js/runtime.js", "js/worker.js", "css/xor-lab.css", "embed.html", "pyodide/pyodide.asm.wasm",
    "wheels/backprop-0.1.0-py3-none-any.whl",
])
def test_a_changed_file_a_widget_loads_changes_the_version(dist, tmp_path, name):
    linked_copy(dist, tmp_path)
    assert versions.version_of(tmp_path) == version_in(dist)
    changed = tmp_path / name
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 1  # one bit
    changed.unlink()
    changed.write_bytes(bytes(data))
    assert versions.version_of(tmp_path) != version_in(dist)


def test_a_file_no_widget_loads_leaves_the_version_alone(dist, tmp_path):
    linked_copy(dist, tmp_path)
    for name in ("js/authors.js", "css/site.css", "index.html"):
        (tmp_path / name).unlink()
        shutil.copyfile(dist / name, tmp_path / name)
        with (tmp_path / name).open("a") as changed:
            changed.write("\n")
    assert versions.version_of(tmp_path) == version_in(dist)


def test_the_start_up_figure_names_the_version_it_was_measured_on(tmp_path):
    release = versions.Release("0123456789abcdef", "sha384-x", 5_400_000)
    measured = {"version": release.version, "date": "2026-12-01", "where": "headless Chromium on loopback",
                "runs": 5, "cold_ms": 1370, "warm_ms": 1280, "bare_cold_ms": 2450, "bare_warm_ms": 2230}
    result = tmp_path / "result.json"
    result.write_text(json.dumps(measured))
    text = versions.startup_text(release, result)
    assert "live 1.4 s after navigation" in text and "1.3 s on a second" in text and "took 2.5 s" in text
    assert "Measured on this version, on 2026-12-01" in text
    result.write_text(json.dumps({**measured, "version": "fedcba9876543210"}))
    assert "Measured on version fedcba9876543210, not this one" in versions.startup_text(release, result)
    assert "not been measured" in versions.startup_text(release, tmp_path / "none.json")


def test_the_authors_page_states_this_builds_figures(dist):
    page = (dist / "authors.html").read_text()
    measured = json.loads(versions.STARTUP_RESULT.read_text())
    which = "this version" if measured["version"] == version_in(dist) else f"version {measured['version']}, not this one"
    assert f"Measured on {which}, on {measured['date']}" in page
    assert f"live {measured['cold_ms'] / 1000:.1f} s after navigation" in page
