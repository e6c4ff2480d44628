"""The engine inside real Pyodide (the pinned npm package, under Node) gives the same numbers, bit for bit, as in
CPython: a battery of traces of random expressions, chain-rule frames, neuron steps and XOR training histories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import build  # noqa: E402

HERE = Path(__file__).resolve().parent / "pyodide"


def test_pyodide_and_cpython_print_the_same_battery():
    build.build()
    cpython = subprocess.run([sys.executable, str(HERE / "battery.py")], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={"PYTHONPATH": str(ROOT / "py")})
    pyodide = subprocess.run(["node", str(HERE / "run.mjs"), str(build.DIST), str(HERE / "battery.py")],
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert pyodide.returncode == 0, pyodide.stderr
    ours, theirs = cpython.stdout.splitlines(), pyodide.stdout.splitlines()
    assert len(ours) == len(theirs) > 500
    differing = [(a, b) for a, b in zip(ours, theirs) if a != b]
    assert not differing, f"{len(differing)} lines differ; first: {differing[0]}"
