"""Inside Pyodide: run pytest on copies of the engine's tests, with the engine imported from the installed wheel.

Loaded by pytest.mjs, which calls `main` with a JSON text {site_packages, tests, args}. The test tools are copied out
of a CPython environment's site-packages, one distribution at a time by its RECORD, and only if every file is pure
Python (Hypothesis, whose current releases are not, comes from a wheel that pytest.mjs installs). The tests are copied
next to no `py/` folder, so `import backprop` can only find the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

# pytest and what it imports, hypothesis's one dependency, and mpmath (test_libm's oracle)
DISTRIBUTIONS = ("pytest", "pluggy", "iniconfig", "packaging", "pygments", "sortedcontainers", "mpmath")
DEPS = Path("/tmp/test-deps")
LAB = Path("/lab")
# The last line pytest.mjs's caller reads: the outcome in numbers and the passed test ids.
RESULT_PREFIX = "PYODIDE-PYTEST-RESULT "


def copy_distribution(site_packages: Path, name: str) -> None:
    """Copy one installed distribution into DEPS, refusing any compiled file: it would be built for CPython on Linux."""
    infos = [p for p in site_packages.glob("*.dist-info") if p.name.split("-")[0].lower() == name]
    if len(infos) != 1:
        raise RuntimeError(f"expected one {name} distribution in {site_packages}, found {len(infos)}")
    for line in (infos[0] / "RECORD").read_text().splitlines():
        relative = line.rsplit(",", 2)[0]
        if relative.startswith("..") or "__pycache__" in relative:  # console scripts; CPython 3.11 bytecode
            continue
        if relative.endswith((".so", ".pyd", ".dylib")):
            raise RuntimeError(f"{name} is not pure Python: {relative}")
        target = DEPS / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site_packages / relative, target)


class InPyodide:
    """A pytest plugin: sets Hypothesis's profile for this run, and keeps the terminal summary's counts and the ids of
    the tests that passed."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.passed: list[str] = []

    def pytest_configure(self, config) -> None:  # noqa: ANN001 - pytest's own type
        from hypothesis import settings

        # Derandomized so that a failure here repeats on the next run; no deadline, as WebAssembly runs slower than
        # the machine the deadlines were set on. Tests that set max_examples keep their own number.
        settings.register_profile("pyodide", derandomize=True, deadline=None, database=None)
        settings.load_profile("pyodide")

    def pytest_terminal_summary(self, terminalreporter) -> None:  # noqa: ANN001 - pytest's own type
        stats = terminalreporter.stats
        self.counts = {key: len(reports) for key, reports in stats.items() if key}
        self.passed = [report.nodeid for report in stats.get("passed", [])]


def main(options_json: str) -> int:
    options = json.loads(options_json)
    for name in DISTRIBUTIONS:
        copy_distribution(Path(options["site_packages"]), name)
    sys.path.insert(0, str(DEPS))
    shutil.copytree(options["tests"], LAB / "tests", ignore=shutil.ignore_patterns("__pycache__", "browser", "pyodide"))
    os.chdir(LAB)  # the test ids are then "tests/test_x.py::...", as in CPython

    import backprop
    import pytest

    plugin = InPyodide()
    code = int(pytest.main(["--rootdir", str(LAB), "-p", "no:cacheprovider", *options["args"]], plugins=[plugin]))
    result = {"exit_code": code, "counts": plugin.counts, "passed": plugin.passed, "platform": sys.platform,
              "python": sys.version.split()[0], "backprop": backprop.__file__}
    print(RESULT_PREFIX + json.dumps(result))
    return code
