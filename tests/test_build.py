"""build.py: the parts that can fail quietly if nobody checks them."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import build  # noqa: E402


def test_tampered_micropip_wheel_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "CACHE", tmp_path)
    genuine = ROOT / ".cache" / build.MICROPIP_WHEEL
    data = bytearray(genuine.read_bytes()) if genuine.exists() else bytearray(b"PK\x03\x04" + b"\0" * 64)
    data[-10] ^= 0xFF  # one flipped byte
    (tmp_path / build.MICROPIP_WHEEL).write_bytes(bytes(data))
    with pytest.raises(SystemExit) as failure:
        build.ensure_micropip()
    message = str(failure.value)
    assert "sha256 mismatch" in message and build.MICROPIP_WHEEL in message


def test_engine_wheel_is_installable_metadata(tmp_path):
    wheel = build.build_engine_wheel(tmp_path)
    assert wheel.name == "backprop-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "backprop/__init__.py" in names and "backprop/bridge.py" in names
        record = zf.read("backprop-0.1.0.dist-info/RECORD").decode()
        assert all(name in record for name in names)
        assert b"Root-Is-Purelib: true" in zf.read("backprop-0.1.0.dist-info/WHEEL")


def test_built_site_has_the_runtime_and_prerendered_numbers():
    build.build()
    dist = build.DIST
    for name in build.PYODIDE_FILES:
        assert (dist / "pyodide" / name).is_file()
    lock = json.loads((dist / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["micropip"]["sha256"] == build.MICROPIP_SHA256
    html = (dist / "index.html").read_text()
    assert "{{" not in html, "every prose number was filled in"
    assert 'shadowrootmode="open"' in html
    worker = (dist / "js" / "worker.js").read_text()
    assert "__ENGINE_WHEEL__" not in worker
    assert not (dist / "js" / "prerender.mjs").exists()
    # precompressed variants for the big runtime files
    assert (dist / "pyodide" / "pyodide.asm.wasm.br").is_file()
    assert (dist / "pyodide" / "pyodide.asm.wasm.gz").is_file()


def test_start_up_modules_ship_as_bytecode_and_the_rest_as_pyodides_own_source():
    """dist's stdlib zip holds every module of Pyodide's, each either as Pyodide's own source byte for byte, or (the
    modules the page imports on its way to live) as an unchecked hash-based .pyc in place of it."""
    build.build()
    with zipfile.ZipFile(build.PYODIDE_NPM / "python_stdlib.zip") as stock, \
            zipfile.ZipFile(build.DIST / "pyodide" / "python_stdlib.zip") as ours:
        theirs = {info.filename: info for info in stock.infolist()}
        mine = {info.filename for info in ours.infolist()}
        compiled = sorted(name for name in mine if name.endswith(".pyc"))
        for name in theirs:
            if name in mine:
                assert ours.read(name) == stock.read(name), name
            else:
                assert name.endswith(".py") and name + "c" in mine, f"{name} is missing"
        assert {name[:-1] for name in compiled} <= theirs.keys()
        magics = {ours.read(name)[:4] for name in compiled}
        flags = {int.from_bytes(ours.read(name)[4:8], "little") for name in compiled}
    assert len(magics) == 1 and flags == {1}, "one Python's bytecode, every file hash-based and unchecked"
    # what Pyodide imports before any user code, and what the engine needs, are among them; a rare module is not
    for module in ("json/__init__.py", "decimal.py", "asyncio/__init__.py", "_pyodide/_base.py", "random.py"):
        assert module + "c" in compiled
    assert "pydoc.py" in mine
    with zipfile.ZipFile(build.DIST / "wheels" / "bytecode.zip") as site:
        names = site.namelist()
    assert any(n.endswith("/micropip/__pycache__/__init__.cpython-314.pyc") for n in names)
    assert any(n.endswith("/backprop/__pycache__/libm.cpython-314.pyc") for n in names)
