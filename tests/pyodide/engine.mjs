// The pinned Pyodide (node_modules/pyodide) under Node, with the engine unpacked from dist/'s installed engine,
// exactly as the page does. Shared by run.mjs (runs a Python file) and pytest.mjs (runs the engine's tests).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

export async function loadEngine(dist) {
  const pyodide = await loadPyodide({
    indexURL: path.join(dist, "pyodide") + "/",
    lockFileURL: path.join(dist, "pyodide", "pyodide-lock.json"),
    packageCacheDir: path.join(dist, "pyodide") + "/",
  });
  // as the worker does: the engine as micropip installed it at build time, unpacked into site-packages
  pyodide.unpackArchive(new Uint8Array(readFileSync(path.join(dist, "wheels", "engine.zip"))).buffer, "zip",
    { extractDir: "/" });
  // the standard library's other modules, which the page fetches when first imported: here, already in place
  const lazy = path.join(dist, "pyodide", "stdlib");
  for (const file of readdirSync(lazy, { recursive: true })) {
    if (!file.endsWith(".py")) continue;
    pyodide.FS.mkdirTree(path.dirname(`/lib/stdlib-fetched/${file}`));
    pyodide.FS.writeFile(`/lib/stdlib-fetched/${file}`, readFileSync(path.join(lazy, file)));
  }
  pyodide.runPython("import importlib, lazy_stdlib; lazy_stdlib.install('not-fetched-under-node/'); importlib.invalidate_caches()");
  pyodide.setStdout({ batched: (line) => console.log(line) });
  return pyodide;
}
