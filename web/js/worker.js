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
  // the engine's one door (it imports what a listing run needs too), imported now so that a snapshot holds it
  const bridge = pyodide.pyimport("backprop.bridge");
  marks.engine = performance.now();
  return { pyodide, bridge };
}

/** A later visit: resume the interpreter the first visit stored, engine installed and imported. A snapshot holds
 * memory only, not files, so the engine's files are unpacked again (for tracebacks and anything imported late). */
async function resume(snapshot) {
  say("Loading Python…");
  const pyodide = await loadPyodide({ ...PYODIDE_OPTIONS, _loadSnapshot: snapshot });
  marks.pyodide = performance.now();
  const wheel = await engineWheel;
  const bridge = pyodide.pyimport("backprop.bridge"); // imported already: the snapshot holds it
  const file = bridge.__file__; // .../site-packages/backprop/bridge.py (or .pyc)
  pyodide.unpackArchive(wheel, "wheel", { extractDir: file.slice(0, file.lastIndexOf("/backprop/")) });
  // a resumed interpreter must answer before it serves the page
  const probe = JSON.parse(callPython(bridge, "handle", '{"fn": "chain_rule"}'));
  if (!probe.ok) throw new Error(`the resumed engine did not answer (${probe.error && probe.error.message})`);
  marks.engine = performance.now();
  return { pyodide, bridge };
}

/** Call a function of a Python module with plain arguments (text, numbers); the proxy of the function is destroyed
 * whatever happens. What it returns is text or a number. */
function callPython(module, name, ...args) {
  const fn = module[name];
  try {
    return fn(...args);
  } finally {
    fn.destroy();
  }
}

async function startEngine() {
  const snapshot = await storedSnapshot(SITE, RUNTIME_ID);
  let engine = null;
  if (snapshot) {
    resuming = true;
    try {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("too slow")), RESUME_TIMEOUT_MS));
      engine = await Promise.race([resume(snapshot), timeout]);
      fromSnapshot = true;
    } catch (error) {
      console.info(`backprop-lab: the stored start-up snapshot did not resume (${error.message}); starting afresh`);
      await forgetSnapshots();
    } finally {
      resuming = false;
    }
  }
  const { pyodide, bridge } = engine || (await startFresh());
  // A fatal error (the interpreter's stack overflowing while it frees a very deep structure, say) can leave the call
  // that caused it unsettled for ever; Pyodide's own hook tells the page, which replaces this worker.
  pyodide._api.on_fatal = (error) => postMessage({ type: "fatal", message: firstLine(error) });
  // The widgets' entry point, one proxy held for the worker's life; everything that crosses it is text, so nothing
  // else needs destroying. The module's proxy is kept for the rarer calls (callPython).
  return { pyodide, bridge, handle: bridge.handle };
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
    postMessage({ type: "answer", id: message.id, value: await answer(engine, message) });
  } catch (error) {
    // the interpreter itself failing (out of memory, say): bridge.handle and the listing's functions never raise
    if (!isFatal(error)) postMessage({ type: "error", id: message.id, message: firstLine(error) });
  }
});

/** A learner's code, run by Pyodide itself (the engine never evals): in fresh globals, so an earlier cell cannot
 * change what a listing prints, between the engine's begin_listing (stdout captured, the time budget armed) and
 * end_listing (both put back; the JSON text {stdout, error}). With `check` (an exercise's name), the engine checks
 * what the code defined before end_listing, so the budget covers the check too; the answer gains `verdict`. */
async function runListing(engine, code, budget, check) {
  let error = null;
  let verdict = null;
  callPython(engine.bridge, "begin_listing", budget);
  const globals = engine.pyodide.globals.get("dict")();
  try {
    try {
      await engine.pyodide.runPythonAsync(code, { globals });
    } catch (caught) {
      if (isFatal(caught)) throw caught;
      error = lastLine(caught); // the part of the traceback a learner can act on
    }
    if (check) verdict = callPython(engine.bridge, "check_exercise", check, globals, error);
  } finally {
    globals.destroy();
  }
  const ended = callPython(engine.bridge, "end_listing", error);
  return verdict === null ? ended : JSON.stringify({ ...JSON.parse(ended), verdict: JSON.parse(verdict) });
}

const lastLine = (error) => String(error.message || error).trim().split("\n").pop();

/** The answer to one request from the page: text, or numbers (see runtime.js for each). */
async function answer(engine, message) {
  if (message.type === "call") return engine.handle(message.request);
  if (message.type === "run") {
    // the interpreter also serves every widget: a listing that never ends is stopped (backprop/sandbox.py), after the
    // budget the page sends
    running += 1;
    try {
      return await runListing(engine, message.code, message.budget, message.check || null);
    } finally {
      running -= 1;
    }
  }
  if (message.type === "stats") {
    // memory of the interpreter, for leak checks: wasm linear memory only grows; the objects Python's garbage
    // collector tracks grow with anything kept alive by a call (a proxy never destroyed, a cache without a bound).
    // (sys.getallocatedblocks() says 0 in Pyodide, whose build does not count blocks.)
    const objects = callPython(engine.bridge, "tracked_objects");
    return { wasmBytes: engine.pyodide._module.HEAP8.buffer.byteLength, objects };
  }
  throw new Error(`not a request: ${String(message.type).slice(0, 40)}`);
}
