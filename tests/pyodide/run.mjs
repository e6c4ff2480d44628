// Runs Python inside the pinned Pyodide (node_modules/pyodide) under Node, with the engine installed from the built
// wheel by micropip, exactly as the page does. Usage: node run.mjs <dist-dir> <python-file>
// Prints whatever the Python prints; exits non-zero if it raises.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [dist, script] = process.argv.slice(2);
const pyodide = await loadPyodide({
  indexURL: path.join(dist, "pyodide") + "/",
  lockFileURL: path.join(dist, "pyodide", "pyodide-lock.json"),
  packageCacheDir: path.join(dist, "pyodide") + "/",
});
await pyodide.loadPackage("micropip", { messageCallback: () => {} });
// as the worker does: micropip's and the engine's bytecode from the build, unpacked before they are imported
pyodide.unpackArchive(new Uint8Array(readFileSync(path.join(dist, "wheels", "bytecode.zip"))).buffer, "zip", { extractDir: "/" });
const wheel = readdirSync(path.join(dist, "wheels")).find((name) => name.endsWith(".whl"));
pyodide.FS.writeFile(`/tmp/${wheel}`, readFileSync(path.join(dist, "wheels", wheel)));
const micropip = pyodide.pyimport("micropip");
await micropip.install(`emfs:/tmp/${wheel}`);
pyodide.setStdout({ batched: (line) => console.log(line) });
try {
  await pyodide.runPythonAsync(readFileSync(script, "utf8"));
} catch (error) {
  console.error(String(error.message || error));
  process.exit(1);
}
