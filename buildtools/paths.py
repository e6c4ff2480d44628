"""Where things are. Constants only: dist/ here is the default place to build, and every function that reads or
writes a built site takes the folder as a parameter."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
JS = WEB / "js"
LISTINGS = WEB / "listings"
ENGINE = ROOT / "py"
PACKAGE = ROOT / "buildtools"
DIST = ROOT / "dist"
CACHE = ROOT / ".cache"
VENV = ROOT / ".venv"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
