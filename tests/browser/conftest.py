"""Browser tests: build dist/, serve it over loopback, drive Debian's Chromium with Playwright."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from buildtools import prerender, serve  # noqa: E402
from buildtools.site import build as build_site  # noqa: E402
from buildtools.paths import DIST  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic would hit this machine's closed network; the tests assert on every request.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
LIVE_TIMEOUT_MS = 60_000
STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
# From now on, every history.replaceState of the page, as the address it wrote, in window.writes (the playground's
# permalink is written that way)
COUNT_WRITES = """() => { window.writes = []; const replace = history.replaceState.bind(history);
  history.replaceState = (...args) => { replace(...args); window.writes.push(location.hash); }; }"""


class Site:
    """dist/ served on 127.0.0.1 in a thread; `url(path)` gives a page's address."""

    def __init__(self, headers: dict[str, str] | None = None, directory: Path = DIST) -> None:
        self.server = serve.make_server(0, directory=directory, headers=headers)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def dist() -> Path:
    return build_site(DIST)


@pytest.fixture(scope="session")
def site(dist: Path) -> Iterator[Site]:
    server = Site(directory=dist)
    yield server
    server.close()


@pytest.fixture(scope="session")
def strict_site(dist: Path) -> Iterator[Site]:
    server = Site(headers={"Content-Security-Policy": STRICT_CSP}, directory=dist)
    yield server
    server.close()


def prerendered_site(dist: Path, folder: Path, name: str, html: str, headers: dict[str, str] | None = None) -> Site:
    """A page of a test's own, prerendered by the build exactly as it prerenders the lesson page, and served beside
    dist/'s files (linked, not copied), so a test does not depend on what the lesson page holds."""
    for entry in dist.iterdir():
        if not entry.name.endswith((".html", ".html.br", ".html.gz")):
            (folder / entry.name).symlink_to(entry)
    page = folder / name
    page.write_text(html)
    prerender.prerender_pages([page], root=folder)
    return Site(directory=folder, headers=headers)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'python3 build.py test', which installs Debian's chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page plus everything that went wrong on it: uncaught errors, console errors, requests that left loopback."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def wait_live(self, selector: str = "bp-chain-rule") -> None:
        self.page.wait_for_function(
            "sel => [...document.querySelectorAll(sel)].every(e => e.getAttribute('engine') === 'live')",
            arg=selector, timeout=LIVE_TIMEOUT_MS,
        )

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context()
    page = context.new_page()
    yield Watched(page)
    context.close()


def shown(root, selector: str) -> str:
    """The text a person sees in a widget's shadow DOM element."""
    return root.locator(selector).inner_text().strip()


def display(value: float) -> str:
    """How the widgets print a number: 4 decimals, a real minus sign. Written independently of web/js/format.js so
    the browser's formatting is checked, not assumed."""
    text = f"{abs(value):.4f}"
    return ("\u2212" + text) if value < 0 and float(text) != 0 else text


def marked(page, tag: str) -> list[str]:
    """What a person sees marked by linked highlighting in the first `tag` element: the text of every element drawn
    with a dashed outline (and not inside another one), in document order."""
    return page.evaluate(
        """tag => {
          const all = [...document.querySelector(tag).shadowRoot.querySelectorAll('*')]
            .filter((e) => getComputedStyle(e).outlineStyle === 'dashed');
          return all.filter((e) => !all.some((o) => o !== e && o.contains(e)))
            .map((e) => e.innerText.replace(/\\s+/g, ' ').trim());
        }""",
        tag,
    )


def focused_text(page, tag: str) -> str:
    """The text of the element that has the keyboard focus inside the first `tag` element."""
    return page.evaluate("tag => document.querySelector(tag).shadowRoot.activeElement?.textContent.trim() ?? ''", tag)
