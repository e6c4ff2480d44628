"""The engine inside real Pyodide (the pinned npm package, under Node) gives the same numbers, bit for bit, as in
CPython: a battery of traces of random expressions, chain-rule frames, neuron steps and XOR training histories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import site  # noqa: E402

HERE = Path(__file__).resolve().parent / "pyodide"


def test_pyodide_and_cpython_print_the_same_battery():
    dist = site.build()
    cpython = subprocess.run([sys.executable, str(HERE / "battery.py")], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={"PYTHONPATH": str(ROOT / "py")})
    pyodide = subprocess.run(["node", str(HERE / "run.mjs"), str(dist), str(HERE / "battery.py")],
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert pyodide.returncode == 0, pyodide.stderr
    ours, theirs = cpython.stdout.splitlines(), pyodide.stdout.splitlines()
    assert len(ours) == len(theirs) > 500
    differing = [(a, b) for a, b in zip(ours, theirs) if a != b]
    assert not differing, f"{len(differing)} lines differ; first: {differing[0]}"


def test_the_page_interpreter_runs_the_builds_bytecode(tmp_path):
    """The worker's start-up path imports bytecode, not source: the build strips docstrings from what it compiles, so a
    module whose source has a docstring but whose __doc__ is None was loaded from the build's .pyc. A module the
    page never imports on its way to live still comes from source, from the files the page fetches when a module is
    first imported (under Node, laid out beforehand where the page's finder keeps what it fetched)."""
    dist = site.build()
    script = tmp_path / "which.py"
    script.write_text(
        "import json, pydoc, backprop.libm, backprop.bridge\n"
        "for thing in (json, backprop.libm, backprop.bridge, pydoc):\n"
        "    print(thing.__name__, thing.__doc__ is None)\n"
        "print(pydoc.__file__)\n"
    )
    ran = subprocess.run(["node", str(HERE / "run.mjs"), str(dist), str(script)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[:5] == [
        "json True", "backprop.libm True", "backprop.bridge True", "pydoc False", "/lib/stdlib-fetched/pydoc.py"]
