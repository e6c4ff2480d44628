// The worker: loads Pyodide from the site's own files, installs the engine wheel with micropip, imports the bridge,
// then answers calls; on a later visit it resumes the interpreter the first visit stored instead (js/snapshot.js).
// Kept thin on purpose; the protocol is documented in runtime.js.

import { loadPyodide } from "../pyodide/pyodide.mjs";
import { forgetSnapshots, saveSnapshot, storedSnapshot } from "./snapshot.js";

const SITE = new URL("../", import.meta.url);
// Filled in by build.py with the wheel it built from pyproject.toml.
const ENGINE_WHEEL = "__ENGINE_WHEEL__";
// ... and with a digest of every runtime file: a start-up snapshot (js/snapshot.js) belongs to one build.
const RUNTIME_ID = "__RUNTIME_ID__";

const marks = { start: performance.now() };
const say = (text) => postMessage({ type: "status", text });
const firstLine = (error) => String((error && error.message) || error).split("\n")[0];

// The engine wheel, fetched while Pyodide starts and handed to micropip as a file (no second request from Python).
const engineWheel = fetch(new URL(`wheels/${ENGINE_WHEEL}`, SITE)).then((response) => {
  if (!response.ok) throw new Error(`the engine wheel could not be fetched (HTTP ${response.status})`);
  return response.arrayBuffer();
});
engineWheel.catch(() => {}); // reported where it is awaited

// micropip's and the engine's modules compiled by build.py (js/compile-bytecode.mjs), fetched while Pyodide starts.
// Without them (a host that lost the file, say) everything still works, compiled from source as it is imported.
const bytecode = fetch(new URL("wheels/bytecode.zip", SITE))
  .then((response) => (response.ok ? response.arrayBuffer() : null))
  .catch(() => null);

const PYODIDE_OPTIONS = {
  indexURL: new URL("pyodide/", SITE).href,
  lockFileURL: new URL("pyodide/pyodide-lock.json", SITE).href,
};
// A snapshot that has not resumed in this long is given up on, and Python starts the normal way.
const RESUME_TIMEOUT_MS = 10_000;

let resuming = false;
let fromSnapshot = false;

/** The first visit: start Python, install the engine with micropip, import the bridge. */
async function startFresh() {
  say("Loading Python…");
  const pyodide = await loadPyodide({ ...PYODIDE_OPTIONS, _makeSnapshot: true });
  marks.pyodide = performance.now();
  say("Installing the engine…");
  await pyodide.loadPackage("micropip", { messageCallback: () => {} });
  const compiled = await bytecode;
  if (compiled) pyodide.unpackArchive(compiled, "zip", { extractDir: "/" });
  pyodide.FS.writeFile(`/tmp/${ENGINE_WHEEL}`, new Uint8Array(await engineWheel));
  const micropip = pyodide.pyimport("micropip");
  try {
    await micropip.install(`emfs:/tmp/${ENGINE_WHEEL}`);
  } finally {
    micropip.destroy();
  }
  // what a listing run needs, imported now so that a snapshot holds it too
  pyodide.runPython("import backprop.bridge, backprop.sandbox");
  marks.engine = performance.now();
  return pyodide;
}

/** A later visit: resume the interpreter the first visit stored, engine installed and imported. A snapshot holds
 * memory only, not files, so the engine's files are unpacked again (for tracebacks and anything imported late). */
async function resume(snapshot) {
  say("Loading Python…");
  const pyodide = await loadPyodide({ ...PYODIDE_OPTIONS, _loadSnapshot: snapshot });
  marks.pyodide = performance.now();
  const wheel = await engineWheel;
  const site = pyodide.runPython("import backprop, os; os.path.dirname(os.path.dirname(backprop.__file__))");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: site });
  // a resumed interpreter must answer before it serves the page
  const probe = JSON.parse(pyodide.runPython(`from backprop import bridge; bridge.handle('{"fn": "chain_rule"}')`));
  if (!probe.ok) throw new Error(`the resumed engine did not answer (${probe.error && probe.error.message})`);
  marks.engine = performance.now();
  return pyodide;
}

async function startEngine() {
  const snapshot = await storedSnapshot(SITE, RUNTIME_ID);
  let pyodide = null;
  if (snapshot) {
    resuming = true;
    try {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("too slow")), RESUME_TIMEOUT_MS));
      pyodide = await Promise.race([resume(snapshot), timeout]);
      fromSnapshot = true;
    } catch (error) {
      console.info(`backprop-lab: the stored start-up snapshot did not resume (${error.message}); starting afresh`);
      await forgetSnapshots();
    } finally {
      resuming = false;
    }
  }
  if (!pyodide) pyodide = await startFresh();
  // A fatal error (the interpreter's stack overflowing while it frees a very deep structure, say) can leave the call
  // that caused it unsettled for ever; Pyodide's own hook tells the page, which replaces this worker.
  pyodide._api.on_fatal = (error) => postMessage({ type: "fatal", message: firstLine(error) });
  const bridge = pyodide.pyimport("backprop.bridge");
  // One proxy, held for the worker's life; everything that crosses it is text, so nothing else needs destroying.
  const handle = bridge.handle.copy();
  bridge.destroy();
  return { pyodide, handle };
}

// Once live and idle, the first visit stores a snapshot for the next (js/snapshot.js). Not while a listing runs.
const SNAPSHOT_DELAY_MS = 300;
let running = 0;

function snapshotSoon(pyodide) {
  if (fromSnapshot) return;
  setTimeout(async () => {
    if (running) return;
    try {
      const bytes = await saveSnapshot(pyodide, SITE, RUNTIME_ID);
      postMessage({ type: "snapshot", bytes });
    } catch (error) {
      console.info(`backprop-lab: no start-up snapshot stored (${error.message})`);
    }
  }, SNAPSHOT_DELAY_MS);
}

let live = false;
const failed = (error) => postMessage({ type: "failed", message: firstLine(error) });

// Pyodide leaves some start-up failures (a refused .wasm fetch, say) as unhandled rejections and never settles
// loadPyodide; while starting, any such rejection means the start failed, and the page is told at once.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!live && !resuming) failed(event.reason);
});

const started = startEngine();

started.then(
  ({ pyodide }) => {
    live = true;
    marks.ready = performance.now();
    marks.resumed = fromSnapshot;
    postMessage({ type: "ready", timings: marks });
    snapshotSoon(pyodide);
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
    if (isFatal(caught)) throw caught;
    // keep only the Python traceback's last line: the part a learner can act on
    const lines = String(caught.message || caught).trim().split("\n");
    error = lines[lines.length - 1];
  } finally {
    // after a fatal error these throw too ("already fatally failed"), which the caller treats the same way
    pyodide.runPython("from backprop import sandbox; sandbox.disarm()");
    pyodide.setStdout({});
  }
  return { stdout: out.join("\n") + (out.length ? "\n" : ""), error };
}

// After a fatal error every call throws; the page was told by on_fatal (above) and is replacing this worker.
const isFatal = (error) =>
  Boolean(error && (error.pyodide_fatal_error || /fatally failed|fatal error/i.test(String(error.message))));

self.addEventListener("message", async (event) => {
  const message = event.data;
  let engine;
  try {
    engine = await started;
  } catch {
    return; // the failure was reported once, above
  }
  try {
    await answer(engine, message);
  } catch (error) {
    if (!isFatal(error)) throw error;
  }
});

async function answer(engine, message) {
  if (message.type === "call") {
    let text;
    try {
      text = engine.handle(message.request);
    } catch (error) {
      if (isFatal(error)) throw error;
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
    running += 1;
    try {
      postMessage({ type: "ran", id: message.id, ...(await runListing(engine.pyodide, message.code, message.budget)) });
    } finally {
      running -= 1;
    }
  }
}
