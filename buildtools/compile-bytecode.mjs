// Build-time only (not copied to dist/): compiles to bytecode the Python modules the page imports on its way to live.
//
// Stock Pyodide ships the standard library as .py source, and micropip and the engine are wheels of source, so every
// page load compiles each module it imports again: in the pinned Pyodide that is most of loadPyodide's time, and most
// of importing micropip. Bytecode must come from Pyodide's own Python (its magic number, its compiler), so this runs
// the pinned Pyodide under Node. It starts the way the worker does (micropip, the engine wheel, the bridge, one call
// of every widget function), notes which modules were imported, and writes:
//   - stdlibOut: the stdlib zip with each imported module's .py replaced by a .pyc (zipimport loads it without the
//     source). Modules never imported on the way to live stay source: source brotli-compresses far better.
//   - bytecodeOut: a zip of __pycache__/*.pyc files for the imported modules of micropip and the engine, with paths
//     from the filesystem root, for the worker to unpack into site-packages after installing them. The wheels stay
//     exactly as built (micropip's is byte-for-byte PyPI's); this is what an installer's compile step would write.
// Every .pyc is an unchecked hash-based one (PEP 552): the interpreter uses it without comparing it with the source.
//
// stdin: {runtime, wheel, calls: [request JSON text], modules: [name], stdlibOut, bytecodeOut}
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
const pyodide = await loadPyodide({ indexURL: runtime + "/", lockFileURL: path.join(runtime, "pyodide-lock.json") });
await pyodide.loadPackage("micropip", { messageCallback: () => {} });
pyodide.FS.writeFile(`/tmp/${path.basename(wheel)}`, readFileSync(wheel));
const micropip = pyodide.pyimport("micropip");
await micropip.install(`emfs:/tmp/${path.basename(wheel)}`);
micropip.destroy();

pyodide.globals.set("request", pyodide.toPy(request));
const summary = pyodide.runPython(`
import ast, importlib, importlib.util, json, marshal, sys, zipfile
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


files = {m.__file__ for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").endswith(".py")}
stdlib = next(p for p in sys.path if p.endswith(".zip"))
# where micropip installed the engine (sysconfig's purelib is not that path in Pyodide)
site = bridge.__file__.rsplit("/backprop/", 1)[0]

compiled = 0
with zipfile.ZipFile(stdlib) as src, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as dst:
    for info in src.infolist():
        data = src.read(info.filename)
        hot = f"{stdlib}/{info.filename}" in files
        member = zipfile.ZipInfo(info.filename + ("c" if hot else ""), date_time=info.date_time)
        member.external_attr = info.external_attr
        dst.writestr(member, pyc(data, f"{stdlib}/{info.filename}") if hot else data)
        compiled += hot

installed = sorted(f for f in files if f.startswith(site + "/"))
with zipfile.ZipFile("/tmp/bytecode.zip", "w", zipfile.ZIP_STORED) as dst:
    for file in installed:
        with open(file, "rb") as handle:
            member = zipfile.ZipInfo(importlib.util.cache_from_source(file).lstrip("/"), date_time=(2020, 1, 1, 0, 0, 0))
            dst.writestr(member, pyc(handle.read(), file))

json.dumps({"stdlib": compiled, "site_packages": len(installed), "python": sys.version.split()[0]})
`);
writeFileSync(request.stdlibOut, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(request.bytecodeOut, pyodide.FS.readFile("/tmp/bytecode.zip"));
process.stdout.write(summary);
