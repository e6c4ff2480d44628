// The worker: loads Pyodide from the site's own files, installs the engine wheel with micropip, imports the bridge,
// then answers calls. Kept thin on purpose; the protocol is documented in runtime.js.

import { loadPyodide } from "../pyodide/pyodide.mjs";

const SITE = new URL("../", import.meta.url);
// Filled in by build.py with the wheel it built from pyproject.toml.
const ENGINE_WHEEL = "__ENGINE_WHEEL__";

const marks = { start: performance.now() };
const say = (text) => postMessage({ type: "status", text });

async function startEngine() {
  say("Loading Python…");
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", SITE).href,
    lockFileURL: new URL("pyodide/pyodide-lock.json", SITE).href,
  });
  marks.pyodide = performance.now();
  say("Installing the engine…");
  await pyodide.loadPackage("micropip", { messageCallback: () => {} });
  const micropip = pyodide.pyimport("micropip");
  try {
    await micropip.install(new URL(`wheels/${ENGINE_WHEEL}`, SITE).href);
  } finally {
    micropip.destroy();
  }
  marks.engine = performance.now();
  const bridge = pyodide.pyimport("backprop.bridge");
  // One proxy, held for the worker's life; everything that crosses it is text, so nothing else needs destroying.
  const handle = bridge.handle.copy();
  bridge.destroy();
  return { pyodide, handle };
}

let live = false;
const failed = (error) => postMessage({ type: "failed", message: String((error && error.message) || error).split("\n")[0] });

// Pyodide leaves some start-up failures (a refused .wasm fetch, say) as unhandled rejections and never settles
// loadPyodide; while starting, any such rejection means the start failed, and the page is told at once.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!live) failed(event.reason);
});

const started = startEngine();

started.then(
  () => {
    live = true;
    marks.ready = performance.now();
    postMessage({ type: "ready", timings: marks });
  },
  failed,
);

const RUN_BUDGET_SECONDS = 20;

async function runListing(pyodide, code, budget = RUN_BUDGET_SECONDS) {
  const out = [];
  pyodide.setStdout({ batched: (line) => out.push(line) });
  let error = null;
  try {
    // the interpreter also serves every widget: a listing that never ends is stopped (backprop/sandbox.py)
    const seconds = Number.isFinite(budget) && budget > 0 ? Math.min(budget, RUN_BUDGET_SECONDS) : RUN_BUDGET_SECONDS;
    pyodide.runPython(`from backprop import sandbox; sandbox.arm(${seconds})`);
    // each run gets fresh globals so a learner's earlier cell cannot change what a listing prints
    const globals = pyodide.globals.get("dict")();
    try {
      await pyodide.runPythonAsync(code, { globals });
    } finally {
      globals.destroy();
    }
  } catch (caught) {
    // keep only the Python traceback's last line: the part a learner can act on
    const lines = String(caught.message || caught).trim().split("\n");
    error = lines[lines.length - 1];
  } finally {
    pyodide.runPython("from backprop import sandbox; sandbox.disarm()");
    pyodide.setStdout({});
  }
  return { stdout: out.join("\n") + (out.length ? "\n" : ""), error };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  let engine;
  try {
    engine = await started;
  } catch {
    return; // the failure was reported once, above
  }
  if (message.type === "call") {
    let text;
    try {
      text = engine.handle(message.request);
    } catch (error) {
      // bridge.handle never raises; this is the interpreter itself failing (out of memory, say)
      text = JSON.stringify({ ok: false, error: { type: "EngineError", message: String(error.message || error) } });
    }
    postMessage({ type: "result", id: message.id, text });
  } else if (message.type === "stats") {
    // memory of the interpreter, for leak checks: wasm linear memory only grows; the objects Python's garbage
    // collector tracks, counted after a collection, grow with anything kept alive by a call (a proxy never destroyed,
    // a cache without a bound). (sys.getallocatedblocks() says 0 in Pyodide, whose build does not count blocks.)
    const objects = engine.pyodide.runPython("import gc; gc.collect(); len(gc.get_objects())");
    postMessage({ type: "stats", id: message.id, wasmBytes: engine.pyodide._module.HEAP8.buffer.byteLength, objects });
  } else if (message.type === "run") {
    postMessage({ type: "ran", id: message.id, ...(await runListing(engine.pyodide, message.code, message.budget)) });
  }
});
