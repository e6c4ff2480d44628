// The pinned Pyodide (node_modules/pyodide) under Node, with the engine installed from dist/'s wheel by micropip,
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
  await pyodide.loadPackage("micropip", { messageCallback: () => {} });
  // as the worker does: micropip's and the engine's bytecode from the build, unpacked before they are imported
  const bytecode = readFileSync(path.join(dist, "wheels", "bytecode.zip"));
  pyodide.unpackArchive(new Uint8Array(bytecode).buffer, "zip", { extractDir: "/" });
  const wheel = readdirSync(path.join(dist, "wheels")).find((name) => name.endsWith(".whl"));
  pyodide.FS.writeFile(`/tmp/${wheel}`, readFileSync(path.join(dist, "wheels", wheel)));
  const micropip = pyodide.pyimport("micropip");
  await micropip.install(`emfs:/tmp/${wheel}`);
  micropip.destroy();
  pyodide.setStdout({ batched: (line) => console.log(line) });
  return pyodide;
}
