"""The cross-engine tier: the lesson page, and a course page on a second origin, in Firefox ESR (puppeteer-core over
WebDriver BiDi, headless) and WebKitGTK (Selenium and WebKitWebDriver, under Xvfb). Each engine visits every page
once per session (firefox.mjs, webkit.py) and reports what it saw; the tests assert on those reports, and the
session's summary prints each engine's version and time to live."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from buildtools.testenv import ENGINE_PACKAGES, engine_install_command
from tests.browser.conftest import ROOT, Site, dist  # noqa: F401  (dist: the built site, a fixture shared with tests/browser)

HERE = Path(__file__).parent
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
ERRORS_SCRIPT = "bp-engine-errors.js"
# what a learner does on each page (the chain rule's x must stay inside its slider's range after the steps)
STEPS = {"chain": [["ArrowRight", 3], ["End", 1]],
         "graph": {"button": 'button[data-act="next"]', "key": "Enter", "times": 7}}
# the lesson as Safari before 16.4 runs it: no element internals, so no :state(); the widgets must work all the same
WITHOUT_INTERNALS = "delete HTMLElement.prototype.attachInternals;"
COURSE_WIDGETS = """<bp-chain-rule x="1.25"></bp-chain-rule>
<bp-graph-stepper expr="(a*b + c)*d" a="2" b="3" c="-1" d="4"></bp-graph-stepper>"""

SUMMARY: dict[str, dict] = {}  # engine -> its report, for the closing summary


def missing(*programs: str) -> None:
    """Fail (never skip) when a program the tier needs is absent, with the command that installs it."""
    absent = [p for p in programs if not Path(p).exists()]
    if absent:
        pytest.fail(f"{', '.join(absent)} missing ({', '.join(ENGINE_PACKAGES.get(p, p) for p in absent)}): run "
                    f"'{engine_install_command()}' (python3 build.py test does it when root), then test again")


def minibrowser() -> str:
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))
    if not found:
        pytest.fail("WebKitGTK's MiniBrowser is missing (it comes with webkit2gtk-driver): run "
                    "'sudo apt-get install webkit2gtk-driver'")
    return found[0]


def with_error_script(html: str, *scripts: str) -> str:
    """The page, with the harness's classic scripts first in its head (before any module of the page runs)."""
    tags = "".join(f"<script src=\"{src}\"></script>" for src in (ERRORS_SCRIPT, *scripts))
    return re.sub(r"<head>", "<head>" + tags, html, count=1)


def harness_folder(dist: Path, folder: Path) -> Path:
    """dist/'s files (linked, not copied) plus the error recorder; pages are written beside them."""
    for entry in dist.iterdir():
        if not entry.name.endswith((".html", ".html.br", ".html.gz")):
            (folder / entry.name).symlink_to(entry)
    (folder / ERRORS_SCRIPT).write_text((HERE / "errors.js").read_text())
    return folder


@pytest.fixture(scope="session")
def pages(tmp_path_factory, dist: Path) -> Iterator[dict[str, str]]:
    """The lesson page (and the same page without element internals) on one origin, and an author's course page on
    another, made with `build.py prerender` and loading the widgets from the first."""
    lesson = harness_folder(dist, tmp_path_factory.mktemp("engines-lesson"))
    page = (dist / "index.html").read_text()
    (lesson / "index.html").write_text(with_error_script(page))
    (lesson / "no-internals.js").write_text(WITHOUT_INTERNALS + "\n")
    (lesson / "no-internals.html").write_text(with_error_script(page, "no-internals.js"))
    lesson_site = Site(directory=lesson)

    course = tmp_path_factory.mktemp("engines-course")
    (course / ERRORS_SCRIPT).write_text((HERE / "errors.js").read_text())
    source = course / "source.html"
    source.write_text(with_error_script(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Week 3</title><link rel="icon" href="data:,"><script type="module" src="{lesson_site.url('widgets.js')}"></script>
</head><body><h1>Week 3: the chain rule</h1>{COURSE_WIDGETS}<p>The end.</p></body></html>"""))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "prerender", str(source), str(course / "course.html"),
                           "--site", lesson_site.url()], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    course_site = Site(directory=course)
    yield {"lesson": lesson_site.url("index.html"), "course": course_site.url("course.html"),
           "lesson without element internals": lesson_site.url("no-internals.html")}
    lesson_site.close()
    course_site.close()


@pytest.fixture(scope="session")
def display() -> Iterator[dict[str, str]]:
    """An X display of our own (Xvfb picks a free number), for WebKitGTK, which has no headless mode here."""
    missing(XVFB)
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
                              pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    yield {**os.environ, "DISPLAY": f":{number}"}
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def firefox(pages: dict[str, str]) -> dict:
    missing(FIREFOX)
    if not (ROOT / "node_modules" / "puppeteer-core").exists():
        pytest.fail("puppeteer-core is missing from node_modules: run 'npm ci' (python3 build.py test does)")
    ask = {"firefox": FIREFOX, "pages": {k: v for k, v in pages.items() if "without" not in k}, "steps": STEPS}
    done = subprocess.run(["node", str(HERE / "firefox.mjs"), json.dumps(ask)], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"Firefox run failed:\n{done.stderr[-4000:]}")
    SUMMARY["Firefox ESR"] = report = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.fixture(scope="session")
def webkit(pages: dict[str, str], display: dict[str, str]) -> dict:
    missing(WEBKIT_DRIVER)
    from . import webkit as driver

    SUMMARY["WebKitGTK"] = report = driver.run(minibrowser(), WEBKIT_DRIVER, pages, STEPS, display)
    return report


def pytest_terminal_summary(terminalreporter) -> None:
    for engine, report in SUMMARY.items():
        lives = ", ".join(f"{name} live at {page['live'].get('at', float('nan')) / 1000:.2f} s"
                          for name, page in report["pages"].items())
        terminalreporter.write_line(f"engines: {engine} {report['version']}: started in "
                                    f"{report['launchMs'] / 1000:.2f} s; {lives}")
