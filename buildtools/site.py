"""The whole build of a site folder (dist/ by default), skipped when none of its inputs changed."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from . import bundle, compress, downloads, notebook, prerender, registry, runtime, versions
from .paths import CACHE, DIST, ENGINE, PACKAGE, ROOT, WEB
from .shell import digest_of, files_under, log


def build_inputs() -> list[Path]:
    """What decides whether a built site is up to date: the pages and scripts, the engine, this package."""
    startup = [versions.STARTUP_RESULT] if versions.STARTUP_RESULT.exists() else []
    return (
        files_under(WEB) + files_under(ENGINE) + files_under(PACKAGE) + startup
        + [ROOT / "build.py", ROOT / "pyproject.toml", ROOT / "package.json", ROOT / "package-lock.json"]
    )


def build(dist: Path = DIST, force: bool = False) -> Path:
    """Build `dist` if any input changed, and return it. One build at a time, across worktrees too: a second caller
    waits for the first, then finds its folder up to date."""
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build(dist, force)
    return dist


def _build(dist: Path, force: bool) -> None:
    downloads.ensure_node_modules()
    micropip = downloads.ensure_micropip()
    stamp = dist / ".build-stamp"
    wanted = digest_of(build_inputs())
    if not force and stamp.exists() and stamp.read_text() == wanted:
        log(f"{dist.name}/ is up to date")
        return
    log(f"building {dist.name}/")
    if dist.exists():
        shutil.rmtree(dist)
    shutil.copytree(WEB, dist, ignore=shutil.ignore_patterns("__pycache__"), copy_function=shutil.copyfile)
    runtime.install_runtime(dist, micropip)
    notebook.build_notebook_wheel(dist)
    registry.write_widget_imports(dist)
    bundle.bundle_widgets(dist)
    release = versions.publish(dist)
    pages = [page for page in sorted(dist.rglob("*.html")) if not page.is_relative_to(dist / versions.VERSIONS)]
    prerender.prerender_pages(pages, root=dist, release=versions.placeholders(release))
    compress.compress_tree(dist)
    stamp.write_text(wanted)
    # hard links (the versioned embed's runtime) counted once
    size = sum({(p.stat().st_ino): p.stat().st_size for p in files_under(dist)}.values()) // 1024
    log(f"built {dist.relative_to(ROOT) if dist.is_relative_to(ROOT) else dist}/ ({size} KB on disk; "
        f"embed version {release.version}, {release.transfer_bytes / 1e6:.2f} MB brotli for one widget)")
