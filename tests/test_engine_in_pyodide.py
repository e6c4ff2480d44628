"""The engine's own tests pass inside real Pyodide too: the pinned npm package under Node, the engine installed from
dist/'s wheel by micropip as the page does, and the same test modules run there by real pytest
(tests/pyodide/pytest.mjs and pytest_driver.py).

Every test these modules collect in CPython must pass there, except the few listed in NOT_IN_PYODIDE with the reason.
Inside Pyodide, Hypothesis runs derandomized (a failure there repeats on the next run) and without deadlines, and it
is the last pure-Python release (PYODIDE_HYPOTHESIS_VERSION in buildtools/downloads.py); examples per test are as in
CPython.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from buildtools import downloads, site  # noqa: E402

HERE = Path(__file__).resolve().parent / "pyodide"
RESULT_PREFIX = "PYODIDE-PYTEST-RESULT "  # as in pytest_driver.py

ENGINE_TESTS = (
    "tests/test_value.py",
    "tests/test_expr.py",
    "tests/test_trace.py",
    "tests/test_models.py",
    "tests/test_lesson_numbers.py",
    "tests/test_libm.py",
    "tests/test_playground.py",
    "tests/test_xor_lab.py",
    "tests/test_sandbox.py",
)

_NO_TORCH = "PyTorch is this test's oracle, and there is no PyTorch for Pyodide"
_DEEP_GRAPH = (
    "frees a chain of thousands of Values, which CPython does recursively in C: under Node, Pyodide overflows the "
    "JavaScript stack somewhere between 4,000 and 5,000 links (a Value holds its parents directly: one free a link) "
    "and dies with a fatal RangeError, ending the whole run"
)
# The only tests not run inside Pyodide, by node id (a prefix: every parameter of a test) with the reason.
NOT_IN_PYODIDE = {
    "tests/test_models.py::test_neuron_step_matches_pytorch": _NO_TORCH,
    "tests/test_models.py::test_xor_histories_match_pytorch": _NO_TORCH,
    "tests/test_value.py::test_chain_of_100000_operations": _DEEP_GRAPH,
    "tests/test_value.py::test_backward_is_not_recursive": _DEEP_GRAPH,
}


def collected_in_cpython() -> list[str]:
    """The test ids that CPython's pytest collects from ENGINE_TESTS."""
    listing = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *ENGINE_TESTS],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return [line for line in listing.stdout.splitlines() if "::" in line]


def run_in_pyodide(dist: Path, deselect: list[str]) -> tuple[subprocess.CompletedProcess, dict]:
    """pytest on ENGINE_TESTS inside Pyodide; returns the process and the result line pytest_driver.py prints."""
    site_packages = Path(str(importlib.metadata.distribution("pytest").locate_file("")))
    command = ["node", str(HERE / "pytest.mjs"), str(dist), str(site_packages), str(ROOT / "tests"),
               str(downloads.ensure_pyodide_hypothesis()), "-q", *ENGINE_TESTS]
    for node_id in deselect:
        command += ["--deselect", node_id]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=900)
    lines = [line for line in run.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    result = json.loads(lines[-1].removeprefix(RESULT_PREFIX)) if lines else {}
    return run, result


def test_the_engine_tests_pass_inside_pyodide() -> None:
    dist = site.build()
    cpython = collected_in_cpython()
    for prefix in NOT_IN_PYODIDE:
        assert any(node_id.startswith(prefix) for node_id in cpython), f"NOT_IN_PYODIDE names no test: {prefix}"
    left_out = {node_id for node_id in cpython if node_id.startswith(tuple(NOT_IN_PYODIDE))}

    run, result = run_in_pyodide(dist, list(NOT_IN_PYODIDE))
    output = f"--- stdout (end) ---\n{run.stdout[-6000:]}\n--- stderr (end) ---\n{run.stderr[-3000:]}"
    assert run.returncode == 0 and result.get("exit_code") == 0, output
    assert result["platform"] == "emscripten" and result["python"].startswith("3.")
    # the engine came from the wheel micropip installed, not from py/
    assert "/site-packages/backprop/" in result["backprop"], result["backprop"]
    counts = result["counts"]
    assert not {"failed", "error", "skipped", "xfailed", "xpassed"} & set(counts), counts
    assert counts.get("deselected", 0) == len(left_out), counts
    # exactly the tests CPython collects, less the ones left out on purpose: none lost on the way
    assert sorted(result["passed"]) == sorted(set(cpython) - left_out), output
    assert len(result["passed"]) > 200
