#!/usr/bin/env python3
"""backprop-lab's single entry point.

    python3 build.py            build dist/ (pages, Pyodide runtime, micropip, the engine wheel, prerendered widgets)
    python3 build.py serve      build when needed, then serve dist/ on http://127.0.0.1:8000/  (--port N)
    python3 build.py test       install what the tests need into .venv (and Debian's chromium), then run pytest
    python3 build.py listings   run the lesson's code listings and record what they print (web/listings/*.out)

Standard library only, so a fresh machine with python3, node and npm needs nothing else to start.
"""

from __future__ import annotations

import argparse
import ast
import base64
import fcntl
import functools
import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from html import escape as html_escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
DIST = ROOT / "dist"
CACHE = ROOT / ".cache"
VENV = ROOT / ".venv"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"

MICROPIP_VERSION = "0.11.1"
MICROPIP_WHEEL = f"micropip-{MICROPIP_VERSION}-py3-none-any.whl"
# sha256 of the wheel on PyPI; a different file means a tampered or corrupted download.
MICROPIP_SHA256 = "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"
# Hypothesis for the engine's tests inside Pyodide (tests/test_engine_in_pyodide.py). Releases after 6.155.7 carry a
# compiled part and publish no wheel for Pyodide, so there the tests run under the last pure-Python release.
PYODIDE_HYPOTHESIS_VERSION = "6.155.7"
PYODIDE_HYPOTHESIS_SHA256 = "9f634bdb1f9e9b8ab6ba09431cf2deedb750c96978125a6fb3c5a0f6c6db4131"

# The runtime files the page needs from the pyodide npm package (its docs, maps and the CommonJS build stay behind).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Files under web/ that run at build time only.
BUILD_ONLY = {"js/prerender.mjs", "js/compile-bytecode.mjs"}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".zip", ".whl", ".txt"}

TEST_REQUIREMENTS = [
    "pytest==9.2.0",
    "hypothesis==6.170.17",
    "playwright==1.65.2",
    "torch==2.13.0",
    "numpy",
    "micrograd==0.1.0",
    "axe-playwright-python==0.1.8",
    "mpmath==1.3.0",
]


class BuildError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"build.py: {message}")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, check=True, **kwargs)
    except FileNotFoundError:
        raise BuildError(f"{command[0]} is not installed; it is needed to run: {' '.join(command)}") from None
    except subprocess.CalledProcessError as error:
        raise BuildError(f"command failed ({error.returncode}): {' '.join(command)}") from None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest_of(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


# --- inputs -----------------------------------------------------------------------------------------------------------


def ensure_node_modules() -> None:
    """npm ci, only when the lock file changed since the last install."""
    stamp = ROOT / "node_modules" / ".backprop-lock-sha256"
    wanted = sha256(ROOT / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted and PYODIDE_NPM.exists():
        return
    log("npm ci (pyodide, pinned in package-lock.json)")
    run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT)
    stamp.write_text(wanted)


def ensure_pypi_wheel(name: str, version: str, expected_sha256: str) -> Path:
    """A pure-Python wheel from PyPI, downloaded once into .cache/, checked against its pinned sha256 on every use."""
    wheel = CACHE / f"{name}-{version}-py3-none-any.whl"
    if not wheel.exists():
        log(f"downloading {name} {version} from PyPI")
        CACHE.mkdir(exist_ok=True)
        run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version", "3.14",
             "--dest", str(CACHE), f"{name}=={version}"],
            stdout=subprocess.DEVNULL,
        )
    actual = sha256(wheel)
    if actual != expected_sha256:
        raise BuildError(
            f"sha256 mismatch for {wheel}: expected {expected_sha256}, got {actual}. "
            f"The file is not the {name} {version} wheel published on PyPI; delete it and build again."
        )
    return wheel


def ensure_micropip() -> Path:
    return ensure_pypi_wheel("micropip", MICROPIP_VERSION, MICROPIP_SHA256)


def ensure_pyodide_hypothesis() -> Path:
    return ensure_pypi_wheel("hypothesis", PYODIDE_HYPOTHESIS_VERSION, PYODIDE_HYPOTHESIS_SHA256)


def build_engine_wheel(out_dir: Path) -> Path:
    """The engine as a pure-Python wheel, written directly (it is a zip with three metadata files), so the build
    needs no network and no build backend. Reproducible: fixed timestamps, sorted entries."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    entries: dict[str, bytes] = {}
    for path in files_under(ROOT / "py" / name):
        if path.suffix == ".py":
            entries[f"{name}/{path.relative_to(ROOT / 'py' / name).as_posix()}"] = path.read_bytes()
    entries[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {project['description']}\n"
        f"Requires-Python: {project['requires-python']}\n"
    ).encode()
    entries[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: backprop-lab build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for arcname, data in entries.items():
        digest = hashlib.sha256(data).digest()
        b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(f"{arcname},sha256={b64},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    entries[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname in sorted(entries):
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[arcname])
    return wheel


def store_uncompressed(source: Path, target: Path) -> None:
    """Pyodide's standard library zip, repacked with every member stored rather than deflated. Deflated one file at
    a time it brotli-compresses to 2.5 MB; stored, brotli sees across files and gets 1.6 MB, and the interpreter
    reads members without inflating them. Same files, same order, same timestamps."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.external_attr = info.external_attr
            out.writestr(member, src.read(info.filename))


# What the build's warm-up start asks of the engine, so every stdlib module a widget call imports is found hot: each
# widget function once with its defaults (training runs cut short) and one refused expression.
WARM_CALLS = [
    *(json.dumps({"fn": name, "args": args}) for name, args in (
        ("chain_rule", {}), ("graph", {}), ("neuron", {}), ("neuron_backward_first", {}), ("neuron_history", {"steps": 2}),
        ("xor", {"steps": 2}), ("xor_lab", {"steps": 2}), ("xor_lab_start", {}), ("playground", {}),
        ("playground", {"expr": "x +"}),
    )),
    "not json",
]


def listing_imports() -> list[str]:
    """Modules the pure-Python listings import (their Run button uses the page's interpreter)."""
    names: set[str] = set()
    for listing in sorted(LISTINGS.glob("*.py")):
        for node in ast.walk(ast.parse(listing.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(name for name in names if name.split(".")[0] in sys.stdlib_module_names)


def compile_bytecode(runtime: Path, engine_wheel: Path) -> None:
    """Bytecode for what the page imports on its way to live (see js/compile-bytecode.mjs): runtime/python_stdlib.zip
    is replaced by one whose start-up modules are .pyc, and wheels/bytecode.zip holds micropip's and the engine's
    __pycache__. Cached by everything they depend on: running Pyodide under Node takes seconds and brotli on the new
    zip half a minute, and the same inputs give the same bytecode."""
    stdlib = runtime / "python_stdlib.zip"
    config = {"calls": WARM_CALLS, "modules": listing_imports()}
    key = hashlib.sha256(json.dumps([
        sha256(stdlib), sha256(engine_wheel), sha256(runtime / MICROPIP_WHEEL),
        sha256(WEB / "js" / "compile-bytecode.mjs"), config,
    ]).encode()).hexdigest()
    store = CACHE / "bytecode" / key
    if not store.exists():
        partial = store.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        request = {**config, "runtime": str(runtime), "wheel": str(engine_wheel),
                   "stdlibOut": str(partial / "python_stdlib.zip"), "bytecodeOut": str(partial / "bytecode.zip")}
        out = run(["node", str(WEB / "js" / "compile-bytecode.mjs")], input=json.dumps(request).encode(),
                  stdout=subprocess.PIPE)
        partial.replace(store)
        summary = json.loads(out.stdout)
        log(f"bytecode: {summary['stdlib']} stdlib and {summary['site_packages']} site-packages modules")
    shutil.copyfile(store / "python_stdlib.zip", stdlib)
    shutil.copyfile(store / "bytecode.zip", engine_wheel.parent / "bytecode.zip")


def pyodide_lock(micropip_wheel: Path) -> dict:
    """A lock file that names only micropip: the page never loads another Pyodide package, and the full lock is
    119 KB the page would otherwise fetch and parse."""
    full = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    entry = dict(full["packages"]["micropip"])
    entry.update(file_name=micropip_wheel.name, sha256=MICROPIP_SHA256, version=MICROPIP_VERSION)
    return {"info": full["info"], "packages": {"micropip": entry}}


# --- prerendering -----------------------------------------------------------------------------------------------------

WIDGET_TAG = re.compile(r"<(bp-[a-z-]+)((?:\s+[a-z-]+(?:=\"[^\"]*\")?)*)\s*>(\s*)</\1>")
ATTRIBUTE = re.compile(r"([a-z-]+)(?:=\"([^\"]*)\")?")
# A number in the prose, filled in by the engine:  {{ chain_rule(x=0.4).stages.3.grad }}
PROSE_NUMBER = re.compile(r"\{\{\s*(\w+)\(([^)]*)\)((?:\.\w+)+)\s*\}\}")
# A code listing or its printed output, from web/listings/:  {{ listing neuron_pure.py }}  {{ output neuron_pure.py }}
LISTING = re.compile(r"\{\{\s*(listing|output)\s+([\w.-]+\.py)\s*\}\}")
LISTINGS = WEB / "listings"


def listing_output_path(listing: Path) -> Path:
    return listing.with_suffix(".out")


def run_listing(listing: Path, python: Path | str) -> str:
    """What a listing prints, run fresh in its own process."""
    done = subprocess.run([str(python), str(listing)], capture_output=True, text=True, timeout=600, cwd=listing.parent)
    if done.returncode != 0:
        raise BuildError(f"{listing.name} failed:\n{done.stderr}")
    return done.stdout


def record_listing_outputs() -> None:
    """`build.py listings`: run every listing with the test environment's Python (NumPy and PyTorch live there) and
    record what each printed next to it. tests/test_listings.py runs them again and checks the records still hold."""
    ensure_test_environment()
    for listing in sorted(LISTINGS.glob("*.py")):
        listing_output_path(listing).write_text(run_listing(listing, venv_python()))
        log(f"recorded {listing_output_path(listing).relative_to(ROOT)}")


# What each widget's preview on the authors' page starts with (the lesson's own examples).
PREVIEW_ATTRIBUTES = {
    "bp-chain-rule": 'x="0.4"',
    "bp-graph-stepper": 'expr="(a*b + c)*d" a="2" b="3" c="-1" d="4"',
    "bp-neuron-trainer": 'x="0.8, -0.4, 1.2" w="0.2, -0.1, 0.3" b="0.1" y="1" lr="0.5"',
    "bp-xor-lab": 'model="mlp" seed="0" lr="2"',
    "bp-playground": 'expr="sin(x*y) + x**2" x="0.5" y="1.5" permalink="off"',
}


def header_comment(path: Path) -> str:
    """The leading // comment block of a file, without the slashes: each element documents itself there."""
    lines = []
    for line in path.read_text().splitlines():
        if not line.startswith("//"):
            break
        lines.append(line[3:] if line.startswith("// ") else line[2:])
    return "\n".join(lines).strip()


def theming_doc() -> str:
    """The custom properties the widgets read, from the comment at the top of widgets.css."""
    text = (WEB / "css" / "widgets.css").read_text()
    comment = text[text.index("/*") + 2:text.index("*/")]
    return html_escape("\n".join(line.strip() for line in comment.strip().splitlines()))


def widget_docs() -> str:
    """One article per element on the authors' page: a live preview, its embed code, and its own header comment."""
    articles = []
    for path in sorted((WEB / "js").glob("bp-*.js")):
        tag = path.stem
        if tag not in PREVIEW_ATTRIBUTES:
            continue  # page helpers such as bp-python-cell are not embeddable widgets
        name = tag.removeprefix("bp-")
        articles.append(f"""
    <article class="widget-doc" id="doc-{name}" data-embed-for="{tag}" aria-labelledby="doc-{name}-title">
      <h3 id="doc-{name}-title"><code>&lt;{tag}&gt;</code></h3>
      <{tag} {PREVIEW_ATTRIBUTES[tag]}></{tag}>
      <div class="embed-code">
        <label for="embed-{name}-script">Embed code: script tag</label>
        <textarea id="embed-{name}-script" data-embed-script readonly rows="3"></textarea>
        <label for="embed-{name}-iframe">Embed code: iframe</label>
        <textarea id="embed-{name}-iframe" data-embed-iframe readonly rows="3"></textarea>
        <div class="cell-bar"><button type="button" data-copy>Copy script-tag code</button>
          <button type="button" data-copy-iframe>Copy iframe code</button>
          <span class="cell-status" role="status" data-copy-status></span></div>
      </div>
      <details><summary>Attributes, properties, events and parts</summary>
        <pre tabindex="0"><code>{html_escape(header_comment(path))}</code></pre></details>
    </article>""")
    return "".join(articles)


def fill_listings(html: str) -> str:
    def replace(match: re.Match) -> str:
        kind, name = match.groups()
        listing = LISTINGS / name
        if not listing.exists():
            raise BuildError(f"{match.group(0)}: there is no web/listings/{name}")
        if kind == "listing":
            return html_escape(listing.read_text().rstrip("\n"))
        output = listing_output_path(listing)
        if not output.exists():
            raise BuildError(f"{name} has no recorded output: run 'python3 build.py listings'")
        return html_escape(output.read_text().rstrip("\n"))

    html = LISTING.sub(replace, html)
    if "{{ theming }}" in html:
        html = html.replace("{{ theming }}", theming_doc())
    if "{{ widget-docs }}" in html:
        html = html.replace("{{ widget-docs }}", widget_docs())
    return html


def engine_number(functions: dict, call, match: re.Match, cache: dict) -> object:  # noqa: ANN001
    """Evaluate one prose placeholder: call the named engine function with literal keyword arguments (each distinct
    call once per build), then walk the path (.key or .index) into its result."""
    name, arg_text, path = match.groups()
    if name not in functions:
        raise BuildError(f"unknown engine function in {match.group(0)}")
    args = {}
    for part in filter(None, (p.strip() for p in arg_text.split(","))):
        key, _, value = part.partition("=")
        args[key.strip()] = value.strip().strip("\"'")
    key = (name, tuple(sorted(args.items())))
    if key not in cache:
        cache[key] = call(functions[name], args)
    value: object = cache[key]
    for step in path.strip(".").split("."):
        value = value[int(step)] if isinstance(value, list) else value[step]  # type: ignore[index]
    return value


def prerender_pages(pages: list[Path]) -> None:
    """Give every widget on every page its first frame, and every number in the prose its value: the engine computes
    them in this CPython; the widgets' own view modules render and format them under Node, so the page shows exactly
    what a live widget would. Widgets go into the page as declarative shadow roots."""
    sys.path.insert(0, str(ROOT / "py"))
    from backprop.widgets import FUNCTIONS, call, state_for  # noqa: PLC0415 - py/ is on the path only from here

    widgets, numbers, where, cache = [], [], [], {}
    texts_of: dict[Path, str] = {}
    for page in pages:
        html = texts_of[page] = fill_listings(page.read_text())
        depth = len(page.relative_to(DIST).parts) - 1
        for match in WIDGET_TAG.finditer(html):
            attrs = {k: v for k, v in ATTRIBUTE.findall(match.group(2))}
            state = state_for(match.group(1), attrs)
            widgets.append({"tag": match.group(1), "attrs": attrs, "state": state, "base": "../" * depth})
            where.append(("widget", page, match))
        for match in PROSE_NUMBER.finditer(html):
            numbers.append(engine_number(FUNCTIONS, call, match, cache))
            where.append(("number", page, match))
    if not where:
        for page, html in texts_of.items():
            page.write_text(html)
        return
    out = run(["node", str(WEB / "js" / "prerender.mjs")], input=json.dumps({"widgets": widgets, "numbers": numbers}).encode(),
              capture_output=True)
    rendered = json.loads(out.stdout)
    markup = iter(rendered["widgets"])
    texts = iter(rendered["numbers"])
    by_page: dict[Path, list[tuple[re.Match, str]]] = {}
    for kind, page, match in where:
        if kind == "widget":
            opening = match.group(0).split(">", 1)[0] + ">"
            replacement = opening + next(markup) + f"</{match.group(1)}>"
        else:
            replacement = next(texts)
        by_page.setdefault(page, []).append((match, replacement))
    for page, html in texts_of.items():
        for match, replacement in sorted(by_page.get(page, []), key=lambda item: item[0].start(), reverse=True):
            html = html[:match.start()] + replacement + html[match.end():]
        page.write_text(html)


# --- build ------------------------------------------------------------------------------------------------------------


def compress_tree(folder: Path) -> None:
    """Precompress with brotli (through Node's zlib, which has it built in) and gzip, for `serve` and static hosts.
    Brotli at quality 11 takes half a minute on the runtime, so results are cached by content hash in .cache/."""
    store = CACHE / "precompressed"
    store.mkdir(parents=True, exist_ok=True)
    todo = []
    for path in files_under(folder):
        if path.suffix not in COMPRESSIBLE or path.stat().st_size <= 1024:
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        for suffix in (".br", ".gz"):
            if not (store / (key + suffix)).exists():
                todo.append((path, key))
                break
    if todo:
        for path, key in todo:
            (store / (key + ".gz")).write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
        script = (
            "const fs=require('fs'),z=require('zlib');"
            "for(const [src,dst] of JSON.parse(fs.readFileSync(0,'utf8'))){const d=fs.readFileSync(src);"
            "fs.writeFileSync(dst,z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,"
            "[z.constants.BROTLI_PARAM_LGWIN]:24,[z.constants.BROTLI_PARAM_SIZE_HINT]:d.length}}));}"
        )
        pairs = [[str(path), str(store / (key + ".br"))] for path, key in todo]
        run(["node", "-e", script], input=json.dumps(pairs).encode())
    for path in files_under(folder):
        if path.suffix not in COMPRESSIBLE or path.stat().st_size <= 1024:
            continue
        key = hashlib.sha256(path.read_bytes()).hexdigest()
        for suffix in (".br", ".gz"):
            shutil.copyfile(store / (key + suffix), path.with_name(path.name + suffix))


def build_inputs() -> list[Path]:
    return (
        files_under(WEB) + files_under(ROOT / "py")
        + [ROOT / "build.py", ROOT / "pyproject.toml", ROOT / "package-lock.json"]
    )


def build(force: bool = False) -> None:
    """Build dist/ if any input changed. One build at a time: a second caller waits for the first, then finds
    dist/ up to date."""
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build(force)


def _build(force: bool) -> None:
    ensure_node_modules()
    micropip = ensure_micropip()
    stamp = DIST / ".build-stamp"
    wanted = digest_of(build_inputs())
    if not force and stamp.exists() and stamp.read_text() == wanted:
        log("dist/ is up to date")
        return
    log("building dist/")
    if DIST.exists():
        shutil.rmtree(DIST)
    for path in files_under(WEB):
        relative = path.relative_to(WEB).as_posix()
        if relative in BUILD_ONLY:
            continue
        target = DIST / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    runtime = DIST / "pyodide"
    runtime.mkdir()
    for name in PYODIDE_FILES:
        if name == "python_stdlib.zip":
            store_uncompressed(PYODIDE_NPM / name, runtime / name)
        else:
            shutil.copyfile(PYODIDE_NPM / name, runtime / name)
    shutil.copyfile(micropip, runtime / micropip.name)
    (runtime / "pyodide-lock.json").write_text(json.dumps(pyodide_lock(micropip)))
    wheels = DIST / "wheels"
    wheels.mkdir()
    engine_wheel = build_engine_wheel(wheels)
    compile_bytecode(runtime, engine_wheel)
    worker = DIST / "js" / "worker.js"
    runtime_id = digest_of(files_under(runtime) + files_under(wheels))[:16]
    worker.write_text(worker.read_text().replace("__ENGINE_WHEEL__", engine_wheel.name).replace("__RUNTIME_ID__", runtime_id))
    prerender_pages(sorted(DIST.rglob("*.html")))
    compress_tree(DIST)
    stamp.write_text(wanted)
    log(f"built {DIST.relative_to(ROOT)}/ ({sum(p.stat().st_size for p in files_under(DIST)) // 1024} KB on disk)")


# --- serve ------------------------------------------------------------------------------------------------------------


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the right type for .wasm/.mjs, precompressed variants, and the CORS header that lets a
    course page on another origin load widgets.js and start its worker."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".whl": "application/zip",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        for key, value in self.extra_headers.items():
            self.send_header(key, value)
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - signature of the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            variant = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and variant.is_file():
                return self._send_file(variant, self.guess_type(str(path)), encoding)
        return super().send_head()

    def _send_file(self, path: Path, content_type: str, encoding: str):  # noqa: ANN202
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after copying
        stat = os.fstat(handle.fileno())
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding}"'
        if self.headers.get("If-None-Match") == etag:  # a warm cache revalidates for free
            handle.close()
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(stat.st_size))
        self.end_headers()
        return handle

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("BACKPROP_SERVE_LOG"):
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        # a browser that drops a download halfway (a reload, a test that has seen enough) is not an error
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(port: int, directory: Path = DIST, headers: dict[str, str] | None = None) -> Server:
    handler = functools.partial(type("H", (Handler,), {"extra_headers": headers or {}}), directory=str(directory))
    return Server(("127.0.0.1", port), handler)


def serve(port: int) -> None:
    build()
    server = make_server(port)
    print(f"Serving backprop-lab at http://127.0.0.1:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


# --- test -------------------------------------------------------------------------------------------------------------


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
    ensure_pyodide_hypothesis()  # fetched now, so that running the tests needs no network
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


def test(pytest_args: list[str]) -> int:
    ensure_test_environment()
    build()
    return subprocess.call([str(venv_python()), "-m", "pytest", *pytest_args], cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "serve", "test", "listings"])
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    parser.add_argument("--force", action="store_true", help="rebuild dist/ even when nothing changed")
    args, rest = parser.parse_known_args(argv)
    if args.command == "build":
        build(force=args.force)
    elif args.command == "serve":
        serve(args.port)
    elif args.command == "listings":
        record_listing_outputs()
    else:
        return test(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
