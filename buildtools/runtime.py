"""What the page's worker loads: dist/pyodide (Pyodide's runtime files, the start-up standard library, the rest of it
as single files, a lock naming only micropip, micropip's wheel for learner code) and dist/wheels (the engine installed
by micropip at build time, with its bytecode, and the engine wheel itself for anyone who installs it elsewhere)."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

from .downloads import MICROPIP_SHA256, MICROPIP_VERSION, MICROPIP_WHEEL
from .listings import stdlib_imports
from .paths import CACHE, ENGINE, PACKAGE, PYODIDE_NPM, ROOT
from .shell import digest_of, files_under, log, run, sha256

# The runtime files the page needs from the pyodide npm package (its docs, maps and the CommonJS build stay behind).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
COMPILE_BYTECODE = PACKAGE / "compile-bytecode.mjs"
# Runs in the page: the finder that fetches the standard library's other modules when first imported.
LAZY_FINDER = PACKAGE / "lazy_stdlib.py"
# Where those modules are, in dist/pyodide/ (never part of a start); the installed engine, in dist/wheels/.
LAZY_STDLIB = "stdlib"
ENGINE_ZIP = "engine.zip"
# The files a page's start downloads, besides the page's own: the counted ones (their bytes arrive through the
# worker's fetch, web/js/start-downloads.js), then Pyodide's JavaScript (loaded by import(), not counted).
COUNTED_FILES = ("pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", f"wheels/{ENGINE_ZIP}")
START_FILES = (*COUNTED_FILES, "pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs")

# What the build's warm-up start asks of the engine, so every stdlib module a widget call imports is found hot: each
# widget function once with its defaults (training runs cut short) and one refused expression.
WARM_CALLS = [
    *(json.dumps({"fn": name, "args": args}) for name, args in (
        ("chain_rule", {}), ("graph", {}), ("neuron", {}), ("neuron_backward_first", {}),
        ("neuron_history", {"steps": 2}), ("xor", {"steps": 2}), ("xor_lab", {"steps": 2}), ("xor_lab_start", {}),
        ("playground", {}), ("playground", {"expr": "x +"}),
    )),
    "not json",
]


def build_engine_wheel(out_dir: Path, extra: dict[str, bytes] | None = None, metadata: str = "") -> Path:
    """The engine as a pure-Python wheel, written directly (it is a zip with three metadata files), so the build
    needs no network and no build backend. Reproducible: fixed timestamps, sorted entries. The page's wheel has the
    engine alone; `extra` files (by path in the wheel) and `metadata` lines make the notebook's (notebook.py), whose
    backprop/notebook/ subpackage only it holds."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    dist_info = f"{name}-{version}.dist-info"
    entries: dict[str, bytes] = dict(extra or {})
    for path in files_under(ENGINE / name):
        if path.suffix == ".py" and (extra is not None or "notebook" not in path.relative_to(ENGINE / name).parts):
            entries[f"{name}/{path.relative_to(ENGINE / name).as_posix()}"] = path.read_bytes()
    entries[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {project['description']}\n"
        f"Requires-Python: {project['requires-python']}\n{metadata}"
    ).encode()
    entries[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: backprop-lab build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    record = []
    for arcname, data in entries.items():
        b64 = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
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


def compile_bytecode(runtime: Path, engine_wheel: Path) -> None:
    """The engine installed by micropip and the start-up bytecode (see compile-bytecode.mjs): runtime/python_stdlib.zip
    is replaced by the start-up zip (what the page imports on its way to live, as .pyc, and the lazy finder), the
    rest of the standard library laid out as single source files under runtime/stdlib/ (LAZY_STDLIB), and
    wheels/engine.zip is the installed engine with its bytecode. Cached by everything they depend on: running Pyodide
    under Node takes seconds, and the same inputs give the same files."""
    stdlib = runtime / "python_stdlib.zip"
    config = {"calls": WARM_CALLS, "modules": stdlib_imports()}
    key = hashlib.sha256(json.dumps([
        sha256(stdlib), sha256(engine_wheel), sha256(runtime / MICROPIP_WHEEL), sha256(COMPILE_BYTECODE),
        sha256(LAZY_FINDER), config,
    ]).encode()).hexdigest()
    store = CACHE / "bytecode" / key
    if not store.exists():
        partial = store.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        request = {**config, "runtime": str(runtime), "wheel": str(engine_wheel), "lazyFinder": str(LAZY_FINDER),
                   "stdlibOut": str(partial / "python_stdlib.zip"), "lazyOut": str(partial / "lazy.zip"),
                   "engineOut": str(partial / ENGINE_ZIP)}
        out = run(["node", str(COMPILE_BYTECODE)], input=json.dumps(request).encode(), stdout=subprocess.PIPE)
        partial.replace(store)
        summary = json.loads(out.stdout)
        log(f"bytecode: {summary['stdlib']} stdlib modules at start-up, {summary['lazy']} fetched when imported")
    shutil.copyfile(store / "python_stdlib.zip", stdlib)
    with zipfile.ZipFile(store / "lazy.zip") as lazy:
        lazy.extractall(runtime / LAZY_STDLIB)
    shutil.copyfile(store / ENGINE_ZIP, engine_wheel.parent / ENGINE_ZIP)


def start_sizes(dist: Path) -> dict[str, int]:
    """What the worker downloads on its way to live, counted for its progress (web/js/start-downloads.js): each
    file's path in the site and its own size (the page sees decoded bytes whatever the transfer encoding)."""
    return {name: (dist / name).stat().st_size for name in COUNTED_FILES}


def pyodide_lock(micropip_wheel: Path) -> dict:
    """A lock file that names only micropip: the page never loads another Pyodide package, and the full lock is
    119 KB the page would otherwise fetch and parse."""
    full = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text())
    entry = dict(full["packages"]["micropip"])
    entry.update(file_name=micropip_wheel.name, sha256=MICROPIP_SHA256, version=MICROPIP_VERSION)
    return {"info": full["info"], "packages": {"micropip": entry}}


def install_runtime(dist: Path, micropip: Path) -> None:
    """dist/pyodide and dist/wheels, and the worker (dist/js/worker.js) told the engine wheel's name and an id of
    this runtime (its start-up snapshot is keyed by it)."""
    runtime = dist / "pyodide"
    runtime.mkdir()
    for name in PYODIDE_FILES:
        if name == "python_stdlib.zip":
            store_uncompressed(PYODIDE_NPM / name, runtime / name)
        else:
            shutil.copyfile(PYODIDE_NPM / name, runtime / name)
    shutil.copyfile(micropip, runtime / micropip.name)
    (runtime / "pyodide-lock.json").write_text(json.dumps(pyodide_lock(micropip)))
    wheels = dist / "wheels"
    wheels.mkdir()
    engine_wheel = build_engine_wheel(wheels)
    compile_bytecode(runtime, engine_wheel)
    worker = dist / "js" / "worker.js"
    runtime_id = digest_of(files_under(runtime) + files_under(wheels), base=dist)[:16]  # not the folder's name
    text = worker.read_text().replace('"__START_SIZES__"', json.dumps(start_sizes(dist)))
    worker.write_text(text.replace("__RUNTIME_ID__", runtime_id))
    build_id = dist / "js" / "build-id.js"  # the pages' copy of the same digest (practice progress is kept per build)
    build_id.write_text(build_id.read_text().replace("__RUNTIME_ID__", runtime_id))
