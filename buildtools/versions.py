"""Versioned embeds: everything a widget loads, under dist/v/VERSION/, where VERSION is a hash of exactly those files
(their paths and bytes). The same sources give the same folder; any change to a file a widget loads (its modules, its
stylesheets, embed.html, the worker, the Pyodide runtime, the engine wheel and its bytecode) gives a new one. So code
copied from the authors' page, which points at v/VERSION/widgets.js with its sha384 integrity, never changes under a
course until its author pastes new code; a host keeps old v/ folders when it deploys a new build.

What is versioned is found, not listed: the ES module imports (and `new URL("...", import.meta.url)` files) reachable
from widgets.js, from embed.html's links and scripts, the stylesheets each registry widget links (widgets.css and its
view's STYLES, see stylesheetLinks in web/js/format.js), and the whole of pyodide/ and wheels/. The lesson's own pages
keep using the top-level files; the versioned folder shares the runtime's files with them as hard links (no second
30 MB on disk) and holds copies of the small rest.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import compress, registry, runtime
from .paths import ROOT
from .shell import BuildError, digest_of, files_under

VERSIONS = "v"
ENTRY = "widgets.js"
EMBED_PAGE = "embed.html"
RUNTIME_FOLDERS = ("pyodide", "wheels")
# The stylesheet every widget links before its own (stylesheetLinks in web/js/format.js).
SHARED_STYLESHEET = "css/widgets.css"
# The widget a figure's page holds: one <bp-chain-rule>, the first of the lesson.
FIGURE_WIDGET = "bp-chain-rule"
STARTUP_RESULT = ROOT / "benchmarks" / "results" / "embed-startup.json"

MODULE_REFERENCE = re.compile(
    r"""^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']"""
    r"""|^\s*import\s*["']([^"']+)["']"""
    r"""|new URL\(\s*["']([^"'$]+)["']\s*,\s*import\.meta\.url\s*\)""",
    re.MULTILINE,
)
PAGE_REFERENCE = re.compile(r"""\b(?:src|href)="([^"#?:]+)\"""")


@dataclass(frozen=True)
class Release:
    """One versioned embed: its folder's name, widgets.js's SRI value, what a page with one widget downloads."""

    version: str
    integrity: str
    transfer_bytes: int

    @property
    def path(self) -> str:
        return f"{VERSIONS}/{self.version}/"


def _local(site: Path, origin: Path, reference: str) -> Path | None:
    """A relative reference of `origin` as a file of the site, or None for a folder or another site's URL."""
    if reference.startswith("/") or ":" in reference or reference.endswith("/"):
        return None
    target = Path(os.path.normpath(origin.parent / reference))
    if not target.is_relative_to(site):
        raise BuildError(f"{origin.relative_to(site)} refers to {reference}, outside the site")
    return target


def module_closure(site: Path, entries: list[Path]) -> set[Path]:
    """The entries and every file their modules reach, transitively (Pyodide's own modules are versioned whole)."""
    seen: set[Path] = set()
    todo = list(entries)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        if not path.is_file():
            raise BuildError(f"{path.relative_to(site)} is loaded by a widget but the build did not write it")
        seen.add(path)
        if path.suffix in (".js", ".mjs") and path.relative_to(site).parts[0] not in RUNTIME_FOLDERS:
            for found in MODULE_REFERENCE.finditer(path.read_text()):
                target = _local(site, path, next(group for group in found.groups() if group))
                if target is not None:
                    todo.append(target)
    return seen


def _runtime_files(site: Path) -> set[Path]:
    return {p for folder in RUNTIME_FOLDERS for p in files_under(site / folder) if p.suffix not in (".br", ".gz")}


def _styles(site: Path, rows: list[dict]) -> set[Path]:
    return {site / SHARED_STYLESHEET} | {site / "css" / name for row in rows for name in row["styles"]}


def widget_files(site: Path) -> list[Path]:
    """Everything a widget loads, by the script tag or by embed.html: what the versioned folder holds."""
    page = site / EMBED_PAGE
    links = [site / ref for ref in PAGE_REFERENCE.findall(page.read_text())]
    files = module_closure(site, [site / ENTRY, page, *links])
    return sorted(files | _styles(site, list(registry.widgets())) | _runtime_files(site))


def transfer_files(site: Path, tag: str = FIGURE_WIDGET) -> list[Path]:
    """What a page holding one `tag` element downloads before it is live: widgets.js and its modules, the worker and
    what it fetches to start (not micropip nor the standard library's other modules, fetched only when learner code
    imports them), and the stylesheets that widget links (not embed.html's own files)."""
    start = {site / name for name in runtime.START_FILES}
    return sorted(module_closure(site, [site / ENTRY]) | _styles(site, [registry.row_of(tag)]) | start)


def version_of(site: Path) -> str:
    return digest_of(widget_files(site), base=site)[:16]


def integrity_of(path: Path) -> str:
    """The Subresource Integrity value of a file: sha384, base64."""
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def publish(site: Path) -> Release:
    """Write site/v/VERSION/ from the built files (run after the runtime is installed and widgets.js written, before
    the pages are prerendered, which never touches v/). Runtime files are hard links, the rest copies."""
    files = widget_files(site)
    for page in (p for p in files if p.suffix == ".html"):
        if "{{" in page.read_text():
            raise BuildError(f"{page.name} is versioned as it is copied: it cannot hold a {{{{ ... }}}} placeholder")
    version = digest_of(files, base=site)[:16]
    folder = site / VERSIONS / version
    for path in files:
        target = folder / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.relative_to(site).parts[0] in RUNTIME_FOLDERS:
            try:
                os.link(path, target)
                continue
            except OSError:
                pass  # a file system without hard links: a copy
        shutil.copyfile(path, target)
    transfer = compress.transfer_size(transfer_files(site))
    return Release(version, integrity_of(folder / ENTRY), transfer)


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def startup_text(release: Release, result_file: Path = STARTUP_RESULT) -> str:
    """The start-up figure for the authors' page, from the committed benchmark result, saying which version it was
    measured on."""
    if not result_file.exists():
        return "Its start-up time has not been measured yet."
    result = json.loads(result_file.read_text())
    which = ("this version" if result["version"] == release.version
             else f"version {result['version']}, not this one")
    return (
        f"A course page with one widget and this script tag, on another origin, was live "
        f"{result['cold_ms'] / 1000:.1f} s after navigation on a first visit and {result['warm_ms'] / 1000:.1f} s on "
        f"a second (browser cache warm); a page that only starts Pyodide took {result['bare_cold_ms'] / 1000:.1f} s "
        f"in the same run. Measured on {which}, on {result['date']}: {result['where']}, median of {result['runs']} "
        f"loads."
    )


def placeholders(release: Release) -> dict[str, str]:
    """The authors' page's placeholders for this release (templates.py documents them)."""
    return {
        "embed-path": release.path,
        "embed-version": release.version,
        "embed-integrity": release.integrity,
        "embed-transfer": _megabytes(release.transfer_bytes),
        "embed-startup": startup_text(release),
    }
