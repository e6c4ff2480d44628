// Runs benchmarks/engine.py inside the pinned Pyodide (node_modules/pyodide) under Node, where the page runs the
// engine: the engine from py/ and micrograd from the CPython environment, both mounted read-only with NODEFS.
// Usage: node benchmarks/engine_pyodide.mjs <site-packages holding micrograd> [engine.py arguments...]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [sitePackages, ...args] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.setStdout({ batched: (line) => console.log(line) });
for (const [mountpoint, dir] of [["/host/repo", root], ["/host/site-packages", sitePackages]]) {
  pyodide.FS.mkdirTree(mountpoint);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(dir) }, mountpoint);
}
pyodide.globals.set("args", pyodide.toPy(args));
try {
  await pyodide.runPythonAsync(`
import runpy, sys
sys.path.append("/host/site-packages")  # after the standard library: only micrograd is wanted from there
sys.argv = ["engine.py", *args]
runpy.run_path("/host/repo/benchmarks/engine.py", run_name="__main__")
`);
} catch (error) {
  console.error(String(error.message || error));
  process.exitCode = 1;
}
