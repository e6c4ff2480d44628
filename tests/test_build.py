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
