// Runs Python inside the pinned Pyodide (node_modules/pyodide) under Node, with the engine unpacked from the built
// site's installed engine, exactly as the page does. Usage: node run.mjs <dist-dir> <python-file>
// Prints whatever the Python prints; exits non-zero if it raises.
import { readFileSync } from "node:fs";
import { loadEngine } from "./engine.mjs";

const [dist, script] = process.argv.slice(2);
const pyodide = await loadEngine(dist);
try {
  await pyodide.runPythonAsync(readFileSync(script, "utf8"));
} catch (error) {
  console.error(String(error.message || error));
  process.exit(1);
}
