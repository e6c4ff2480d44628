// Build-time only (not copied to dist/): installs the engine and compiles to bytecode what the page imports on its
// way to live, in the pinned Pyodide under Node (bytecode must come from Pyodide's own Python: its magic number, its
// compiler). Two interpreters:
//   1. micropip installs the engine wheel, as the page used to on every visit; its files and dist-info, as micropip
//      wrote them, become the installed engine the page unpacks (so the page's start imports neither micropip nor
//      its dependencies; micropip stays in the site for learner code, loaded on first use).
//   2. a fresh interpreter starts the way the worker does (the installed engine unpacked, the bridge imported, one
//      call of every widget function, the listings' imports) and notes which modules were imported. It writes:
//   - stdlibOut: the start-up zip, each module imported on the way to live as a .pyc (zipimport loads it without the
//     source), plus lazy_stdlib (buildtools/lazy_stdlib.py) with its INDEX of everything left out;
//   - lazyOut: a zip of every other module of Pyodide's standard library, as source, for the build to lay out as
//     single files the page fetches when a learner first imports one;
//   - engineOut: the installed engine, with paths from the filesystem root, and __pycache__/*.pyc for its imported
//     modules.
// Every .pyc is an unchecked hash-based one (PEP 552): the interpreter uses it without comparing it with the source.
//
// stdin: {runtime, wheel, lazyFinder, calls: [request JSON text], modules: [name], stdlibOut, lazyOut, engineOut}
// (runtime: dist/pyodide/ holding the stock stdlib zip, micropip and the lock). stdout: a JSON summary.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

// An uncaught error would make Node print the whole minified line of pyodide.asm.mjs; say only what went wrong.
process.on("uncaughtException", (error) => {
  process.stderr.write(`compile-bytecode: ${String((error && error.message) || error)}\n`);
  process.exit(1);
});

const request = JSON.parse(readFileSync(0, "utf8"));
const { runtime, wheel } = request;
const options = { indexURL: runtime + "/", lockFileURL: path.join(runtime, "pyodide-lock.json") };

// 1. the engine installed by real micropip
const installer = await loadPyodide({ ...options }); // copies: loadPyodide fills in what it is given
await installer.loadPackage("micropip", { messageCallback: () => {} });
installer.FS.writeFile(`/tmp/${path.basename(wheel)}`, readFileSync(wheel));
const micropip = installer.pyimport("micropip");
await micropip.install(`emfs:/tmp/${path.basename(wheel)}`);
micropip.destroy();
installer.runPython(`
import os, zipfile
from backprop import bridge
site = bridge.__file__.rsplit("/backprop/", 1)[0]
with zipfile.ZipFile("/tmp/installed.zip", "w", zipfile.ZIP_STORED) as dst:
    for top in sorted(os.listdir(site)):
        if top == "backprop" or (top.startswith("backprop-") and top.endswith(".dist-info")):
            for folder, dirs, files in sorted(os.walk(f"{site}/{top}")):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    file = f"{folder}/{name}"
                    dst.writestr(zipfile.ZipInfo(file.lstrip("/"), date_time=(2020, 1, 1, 0, 0, 0)), open(file, "rb").read())
`);
const installed = installer.FS.readFile("/tmp/installed.zip");

// 2. the page's start, to see what it imports
// Compiled without column ranges (PYTHONNODEBUGRANGES, as `python -X no_debug_ranges`): a traceback through these
// modules still names each line, it only loses the ^^^ under the failing expression. Those ranges are a small part of
// the bytes but compress badly: measured, 2026-12-05, the start-up zip 895 -> 668 KB brotli and the engine 111 -> 90.
// Only this build interpreter is affected: the page compiles learner code with its ranges.
const pyodide = await loadPyodide({ ...options, env: { PYTHONNODEBUGRANGES: "1" } });
pyodide.unpackArchive(installed, "zip", { extractDir: "/" });
pyodide.FS.writeFile("/tmp/installed.zip", installed);
pyodide.globals.set("request", pyodide.toPy(request));
pyodide.globals.set("lazy_finder_source", readFileSync(request.lazyFinder, "utf8"));
const summary = pyodide.runPython(`
import ast, importlib, importlib.util, json, marshal, sys, zipfile
importlib.invalidate_caches()
from backprop import bridge, sandbox

for call in request["calls"]:
    bridge.handle(call)
sandbox.arm(1)
sandbox.disarm()
for name in request["modules"]:
    importlib.import_module(name)


def without_docstrings(tree: ast.Module) -> ast.Module:
    # what -OO drops, and nothing else (asserts stay): a third of the bytes the page would download for them
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return tree


def pyc(source: bytes, filename: str) -> bytes:
    code = compile(without_docstrings(ast.parse(source, filename)), filename, "exec", dont_inherit=True)
    # flags 0b01: hash-based, unchecked
    return importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source) + marshal.dumps(code)


def module_name(member: str) -> str:
    parts = member[: -len(".py")].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


files = {m.__file__ for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").endswith(".py")}
stdlib = next(p for p in sys.path if p.endswith(".zip"))
site = bridge.__file__.rsplit("/backprop/", 1)[0]

def folders(member: str) -> set[str]:
    parts = member.split("/")[:-1]
    return {"/".join(parts[: i + 1]) + "/" for i in range(len(parts))}


hot = lazy = 0
index = {}
with zipfile.ZipFile(stdlib) as src, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as dst, \\
        zipfile.ZipFile("/tmp/lazy.zip", "w", zipfile.ZIP_STORED) as rest:
    imported = [n for n in src.namelist() if n.endswith(".py") and f"{stdlib}/{n}" in files]
    # a folder with nothing imported stays out of the start-up zip, whatever else it holds: zipimport would take it
    # for a namespace package, and the finder would never be asked for the real one
    needed = set().union(*map(folders, imported))
    for info in src.infolist():
        if not info.filename.endswith(".py") and not (folders(info.filename) <= needed):
            continue
        data = src.read(info.filename)
        if info.filename.endswith(".py") and f"{stdlib}/{info.filename}" not in files:
            rest.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data)
            index[module_name(info.filename)] = info.filename
            lazy += 1
            continue
        compiled = info.filename.endswith(".py")
        member = zipfile.ZipInfo(info.filename + ("c" if compiled else ""), date_time=info.date_time)
        member.external_attr = info.external_attr
        dst.writestr(member, pyc(data, f"{stdlib}/{info.filename}") if compiled else data)
        hot += compiled
    finder = (lazy_finder_source + f"\\nINDEX.update({dict(sorted(index.items()))!r})\\n").encode()
    dst.writestr(zipfile.ZipInfo("lazy_stdlib.pyc", date_time=(2020, 1, 1, 0, 0, 0)), pyc(finder, f"{stdlib}/lazy_stdlib.py"))

with zipfile.ZipFile("/tmp/installed.zip") as src, zipfile.ZipFile("/tmp/engine.zip", "w", zipfile.ZIP_STORED) as dst:
    for info in src.infolist():
        dst.writestr(info, src.read(info.filename))
    for file in sorted(f for f in files if f.startswith(site + "/")):
        with open(file, "rb") as handle:
            member = zipfile.ZipInfo(importlib.util.cache_from_source(file).lstrip("/"), date_time=(2020, 1, 1, 0, 0, 0))
            dst.writestr(member, pyc(handle.read(), file))

json.dumps({"stdlib": hot, "lazy": lazy, "python": sys.version.split()[0]})
`);
writeFileSync(request.stdlibOut, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(request.lazyOut, pyodide.FS.readFile("/tmp/lazy.zip"));
writeFileSync(request.engineOut, pyodide.FS.readFile("/tmp/engine.zip"));
process.stdout.write(summary);
