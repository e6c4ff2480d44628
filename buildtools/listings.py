"""The lesson's code listings (web/listings/*.py) and what each prints, recorded next to it as NAME.out."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from .paths import LISTINGS, ROOT
from .shell import BuildError, log


def all_listings() -> list[Path]:
    return sorted(LISTINGS.glob("*.py"))


def output_path(listing: Path) -> Path:
    return listing.with_suffix(".out")


def run_listing(listing: Path, python: Path | str) -> str:
    """What a listing prints, run fresh in its own process, with the engine importable (the XOR exercise uses it, as
    it can in the page, where the engine is installed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    done = subprocess.run([str(python), str(listing)], capture_output=True, text=True, timeout=600, cwd=listing.parent,
                          env=env)
    if done.returncode != 0:
        raise BuildError(f"{listing.name} failed:\n{done.stderr}")
    return done.stdout


def record_outputs(python: Path) -> None:
    """`build.py listings`: run every listing with the given Python (the test environment's: NumPy and PyTorch live
    there) and record what each printed next to it. tests/test_listings.py runs them again and checks the records."""
    for listing in all_listings():
        output_path(listing).write_text(run_listing(listing, python))
        log(f"recorded {output_path(listing).relative_to(ROOT)}")


def stdlib_imports() -> list[str]:
    """Modules the pure-Python listings import (their Run button uses the page's interpreter)."""
    names: set[str] = set()
    for listing in all_listings():
        for node in ast.walk(ast.parse(listing.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(name for name in names if name.split(".")[0] in sys.stdlib_module_names)
