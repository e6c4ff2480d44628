// Runs pytest inside the pinned Pyodide under Node, against the engine as the page unpacks it (tests/pyodide/engine.mjs).
// Usage: node pytest.mjs <dist-dir> <site-packages> <tests-dir> <hypothesis-wheel> [pytest args...]
// <site-packages> is a CPython environment holding pytest and the other pure-Python test tools. It and <tests-dir>
// are mounted with NODEFS and only read: pytest_driver.py copies what it needs into Pyodide's in-memory files.
// Hypothesis comes as a wheel of its own (see PYODIDE_HYPOTHESIS_VERSION in buildtools/downloads.py).
// Exits with pytest's exit code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadEngine } from "./engine.mjs";

const [dist, sitePackages, testsDir, hypothesisWheel, ...pytestArgs] = process.argv.slice(2);
const pyodide = await loadEngine(dist);
// raw, not line by line: pytest's progress dots share a line. Copied, as Pyodide reuses its buffer.
pyodide.setStdout({ write: (bytes) => { process.stdout.write(Buffer.from(bytes)); return bytes.length; } });

const wheel = `/tmp/${path.basename(hypothesisWheel)}`;
pyodide.FS.writeFile(wheel, readFileSync(hypothesisWheel));
await pyodide.loadPackage("micropip", { messageCallback: () => {} }); // as the page loads it for learner code
const micropip = pyodide.pyimport("micropip");
// deps: false, or micropip would look for sortedcontainers online; the driver copies it in from <site-packages>
await micropip.install.callKwargs(`emfs:${wheel}`, { deps: false });
micropip.destroy();

const mounts = { "/host/site-packages": sitePackages, "/host/tests": testsDir };
for (const [mountpoint, root] of Object.entries(mounts)) {
  pyodide.FS.mkdirTree(mountpoint);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(root) }, mountpoint);
}
pyodide.runPython(readFileSync(new URL("./pytest_driver.py", import.meta.url), "utf8"));
const main = pyodide.globals.get("main");
const options = { site_packages: "/host/site-packages", tests: "/host/tests", args: pytestArgs };
try {
  process.exitCode = main(JSON.stringify(options));
} catch (error) {
  console.error(String(error.message || error));
  process.exitCode = 1;
} finally {
  main.destroy();
}
