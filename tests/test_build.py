"""build.py and buildtools/: the parts that can fail quietly if nobody checks them."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import downloads, prerender, runtime, site  # noqa: E402
from buildtools.paths import PYODIDE_NPM  # noqa: E402


def test_tampered_micropip_wheel_fails_the_build(tmp_path):
    genuine = ROOT / ".cache" / downloads.MICROPIP_WHEEL
    data = bytearray(genuine.read_bytes()) if genuine.exists() else bytearray(b"PK\x03\x04" + b"\0" * 64)
    data[-10] ^= 0xFF  # one flipped byte
    (tmp_path / downloads.MICROPIP_WHEEL).write_bytes(bytes(data))
    with pytest.raises(SystemExit) as failure:
        downloads.ensure_micropip(cache=tmp_path)
    message = str(failure.value)
    assert "sha256 mismatch" in message and downloads.MICROPIP_WHEEL in message


def test_engine_wheel_is_installable_metadata(tmp_path):
    wheel = runtime.build_engine_wheel(tmp_path)
    assert wheel.name == "backprop-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "backprop/__init__.py" in names and "backprop/bridge.py" in names
        record = zf.read("backprop-0.1.0.dist-info/RECORD").decode()
        assert all(name in record for name in names)
        assert b"Root-Is-Purelib: true" in zf.read("backprop-0.1.0.dist-info/WHEEL")


def test_built_site_has_the_runtime_and_prerendered_numbers():
    dist = site.build()
    for name in runtime.PYODIDE_FILES:
        assert (dist / "pyodide" / name).is_file()
    lock = json.loads((dist / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["micropip"]["sha256"] == downloads.MICROPIP_SHA256
    html = (dist / "index.html").read_text()
    assert "{{" not in html, "every prose number was filled in"
    assert 'shadowrootmode="open"' in html
    worker = (dist / "js" / "worker.js").read_text()
    assert "__ENGINE_WHEEL__" not in worker
    assert not (dist / "js" / "prerender.mjs").exists() and not (dist / "buildtools").exists()
    # precompressed variants for the big runtime files
    assert (dist / "pyodide" / "pyodide.asm.wasm.br").is_file()
    assert (dist / "pyodide" / "pyodide.asm.wasm.gz").is_file()


def test_start_up_modules_ship_as_bytecode_and_the_rest_as_pyodides_own_source_fetched_when_imported():
    """Every .py module of Pyodide's stdlib zip is in dist exactly once: in the start-up zip as an unchecked
    hash-based .pyc (the modules the page imports on its way to live), or as Pyodide's own source byte for byte under
    pyodide/stdlib/, where the page's finder fetches it on first import (and its INDEX names it)."""
    dist = site.build()
    lazy = dist / "pyodide" / "stdlib"
    with zipfile.ZipFile(PYODIDE_NPM / "python_stdlib.zip") as stock, \
            zipfile.ZipFile(dist / "pyodide" / "python_stdlib.zip") as ours:
        theirs = [name for name in stock.namelist() if name.endswith(".py")]
        mine = set(ours.namelist())
        compiled = sorted(name for name in mine if name.endswith(".pyc"))
        for name in theirs:
            if name + "c" in mine:
                assert not (lazy / name).exists(), name
            else:
                assert (lazy / name).read_bytes() == stock.read(name), name
        assert {name[:-1] for name in compiled} <= set(theirs) | {"lazy_stdlib.py"}
        magics = {ours.read(name)[:4] for name in compiled}
        flags = {int.from_bytes(ours.read(name)[4:8], "little") for name in compiled}
    assert len(magics) == 1 and flags == {1}, "one Python's bytecode, every file hash-based and unchecked"
    # what Pyodide imports before any user code, and what the engine needs, are at start-up; rarer modules are not
    for module in ("json/__init__.py", "decimal.py", "asyncio/__init__.py", "_pyodide/_base.py", "random.py"):
        assert module + "c" in compiled
    for module in ("pydoc.py", "fractions.py", "sysconfig/__init__.py"):
        assert (lazy / module).is_file()
    with zipfile.ZipFile(dist / "wheels" / "engine.zip") as installed:
        names = installed.namelist()
    assert any(n.endswith("/backprop/__pycache__/libm.cpython-314.pyc") for n in names)
    assert any(n.endswith("/backprop-0.1.0.dist-info/INSTALLER") for n in names), "as micropip installed it"
    assert not any("micropip" in n for n in names)


def test_the_build_inputs_include_the_build_package():
    """A change to any build module rebuilds dist/, not only a change to build.py."""
    inputs = site.build_inputs()
    assert ROOT / "buildtools" / "prerender.py" in inputs and ROOT / "buildtools" / "prerender.mjs" in inputs
    assert ROOT / "build.py" in inputs and ROOT / "web" / "js" / "registry.js" in inputs


def prerender_one(tmp_path: Path, body: str) -> str:
    page = tmp_path / "page.html"
    page.write_text(f"<!doctype html><html><body>{body}</body></html>")
    prerender.prerender_pages([page], root=tmp_path)
    return page.read_text()


def test_a_widget_is_prerendered_by_its_registry_rows_engine_function(tmp_path):
    html = prerender_one(tmp_path, '<bp-chain-rule x="0.4"></bp-chain-rule> {{ chain_rule(x=0.4).stages.0.grad }}')
    assert html.count('<template shadowrootmode="open">') == 1
    assert '<link rel="stylesheet" href="css/widgets.css">' in html
    assert "{{" not in html and "\0" not in html


def test_a_bp_tag_outside_the_registry_is_a_build_error_naming_it(tmp_path):
    with pytest.raises(SystemExit) as failure:
        prerender_one(tmp_path, '<bp-chain-rule></bp-chain-rule><bp-chian-rule x="1"></bp-chian-rule>')
    assert "<bp-chian-rule>" in str(failure.value) and "registry.js" in str(failure.value)
    # a page helper is not a widget and needs no row
    assert "bp-python-cell" in prerender_one(tmp_path, "<bp-python-cell><pre>print(1)</pre></bp-python-cell>")


def test_an_unknown_placeholder_is_a_build_error(tmp_path):
    with pytest.raises(SystemExit) as failure:
        prerender_one(tmp_path, "{{ listings neuron_pure.py }}")
    assert "unknown placeholder {{ listings neuron_pure.py }}" in str(failure.value)
