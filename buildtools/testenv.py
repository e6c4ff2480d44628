"""The test environment (.venv with pinned tools, Debian's chromium) and the two test runners: pytest, then Node's
own runner on the JS unit tests in tests/js/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import downloads
from .paths import ROOT, VENV
from .shell import BuildError, log, run

TEST_REQUIREMENTS = [
    "pytest==9.2.0",
    "hypothesis==6.170.17",
    "playwright==1.65.2",
    "torch==2.13.0",
    "numpy",
    "micrograd==0.1.0",
    "axe-playwright-python==0.1.8",
    "mpmath==1.3.0",
    "selenium==4.51.0",  # drives WebKitGTK (tests/engines/); 4.52 needs a certifi release PyPI's mirror here lacks
    "jupyterlab==4.6.6",  # the notebook test's front end (tests/notebook/)
    "anywidget==0.11.0",
]
# The cross-engine tier (tests/engines/): each program it runs, and the Debian package that brings it. MiniBrowser,
# the WebKitGTK browser WebKitWebDriver starts, comes with webkit2gtk-driver's own dependency libwebkit2gtk-4.1-0.
ENGINE_PACKAGES = {"/usr/bin/firefox-esr": "firefox-esr", "/usr/bin/WebKitWebDriver": "webkit2gtk-driver",
                   "/usr/bin/Xvfb": "xvfb"}
JS_TESTS = ROOT / "tests" / "js"


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_test_environment() -> None:
    if not venv_python().exists():
        log("creating .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    stamp = VENV / ".backprop-requirements"
    wanted = "\n".join(TEST_REQUIREMENTS)
    if not (stamp.exists() and stamp.read_text() == wanted):
        log("installing test requirements into .venv: " + ", ".join(TEST_REQUIREMENTS))
        run([str(venv_python()), "-m", "pip", "install", "--quiet", *TEST_REQUIREMENTS])
        stamp.write_text(wanted)
    downloads.ensure_pyodide_hypothesis()  # fetched now, so that running the tests needs no network
    if not Path("/usr/bin/chromium").exists():
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("installing Debian's chromium (apt-get install chromium)")
            run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
            run(["apt-get", "install", "-y", "-q", "chromium"], stdout=subprocess.DEVNULL)
        else:
            raise BuildError(
                "the browser tests need Debian's chromium at /usr/bin/chromium. Install it with "
                "'sudo apt-get install chromium' and run 'python3 build.py test' again."
            )
    ensure_engine_packages()


def missing_engine_packages() -> list[str]:
    return [package for program, package in ENGINE_PACKAGES.items() if not Path(program).exists()]


def engine_install_command() -> str:
    """The apt command that installs what the cross-engine tier lacks ("" when nothing is missing)."""
    missing = missing_engine_packages()
    return f"sudo apt-get install {' '.join(missing)}" if missing else ""


def ensure_engine_packages() -> None:
    """Firefox ESR, WebKitGTK's driver and Xvfb for tests/engines/: installed when root; otherwise the tier's tests
    fail, each naming the command (so nothing is skipped silently)."""
    missing, command = missing_engine_packages(), engine_install_command()
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        log(f"installing Debian's {', '.join(missing)} (apt-get install) for the cross-engine tests")
        run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-q", *missing], stdout=subprocess.DEVNULL)
    elif missing:
        log(f"the cross-engine tests (tests/engines/) will fail: run '{command}' first")


def run_pytest(pytest_args: list[str]) -> int:
    return subprocess.call([str(venv_python()), "-m", "pytest", *pytest_args], cwd=ROOT)


def run_js_tests() -> int:
    """`node --test` on tests/js/*.test.mjs, with the spec reporter: its summary says "ℹ pass N", "ℹ fail N"."""
    files = sorted(JS_TESTS.glob("*.test.mjs"))
    if not files:
        log("no JS unit tests in tests/js/ (*.test.mjs): node --test skipped")
        return 0
    log(f"node --test tests/js/ ({len(files)} file{'s' if len(files) != 1 else ''})")
    try:
        return subprocess.call(["node", "--test", "--test-reporter=spec", *map(str, files)], cwd=ROOT)
    except FileNotFoundError:
        raise BuildError("node is not installed; it is needed to run: node --test tests/js/") from None


def run_all(pytest_args: list[str]) -> int:
    """Both runners, whatever the first one says; non-zero if either failed."""
    pytest_status = run_pytest(pytest_args)
    node_status = run_js_tests()
    if pytest_status or node_status:
        log(f"tests failed: pytest exit {pytest_status}, node --test exit {node_status}")
    return pytest_status or node_status
