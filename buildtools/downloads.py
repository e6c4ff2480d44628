"""Pinned inputs: the npm packages (package-lock.json) and PyPI wheels (each pinned by version and sha256)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .paths import CACHE, PYODIDE_NPM, ROOT
from .shell import BuildError, log, run, sha256

MICROPIP_VERSION = "0.11.1"
MICROPIP_WHEEL = f"micropip-{MICROPIP_VERSION}-py3-none-any.whl"
# sha256 of the wheel on PyPI; a different file means a tampered or corrupted download.
MICROPIP_SHA256 = "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"
# Hypothesis for the engine's tests inside Pyodide (tests/test_engine_in_pyodide.py). Releases after 6.155.7 carry a
# compiled part and publish no wheel for Pyodide, so there the tests run under the last pure-Python release.
PYODIDE_HYPOTHESIS_VERSION = "6.155.7"
PYODIDE_HYPOTHESIS_SHA256 = "9f634bdb1f9e9b8ab6ba09431cf2deedb750c96978125a6fb3c5a0f6c6db4131"


def ensure_node_modules() -> None:
    """npm ci, only when the lock file changed since the last install."""
    stamp = ROOT / "node_modules" / ".backprop-lock-sha256"
    wanted = sha256(ROOT / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted and PYODIDE_NPM.exists():
        return
    log("npm ci (pyodide, pinned in package-lock.json)")
    run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT)
    stamp.write_text(wanted)


def ensure_pypi_wheel(name: str, version: str, expected_sha256: str, cache: Path = CACHE) -> Path:
    """A pure-Python wheel from PyPI, downloaded once into `cache`, checked against its pinned sha256 on every use."""
    wheel = cache / f"{name}-{version}-py3-none-any.whl"
    if not wheel.exists():
        log(f"downloading {name} {version} from PyPI")
        cache.mkdir(exist_ok=True)
        run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.14",
             "--dest", str(cache), f"{name}=={version}"],
            stdout=subprocess.DEVNULL,
        )
    actual = sha256(wheel)
    if actual != expected_sha256:
        raise BuildError(
            f"sha256 mismatch for {wheel}: expected {expected_sha256}, got {actual}. "
            f"The file is not the {name} {version} wheel published on PyPI; delete it and build again."
        )
    return wheel


def ensure_micropip(cache: Path = CACHE) -> Path:
    return ensure_pypi_wheel("micropip", MICROPIP_VERSION, MICROPIP_SHA256, cache)


def ensure_pyodide_hypothesis(cache: Path = CACHE) -> Path:
    return ensure_pypi_wheel("hypothesis", PYODIDE_HYPOTHESIS_VERSION, PYODIDE_HYPOTHESIS_SHA256, cache)
