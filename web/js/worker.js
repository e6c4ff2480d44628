// The worker: loads Pyodide from the site's own files, unpacks the engine (installed by micropip at build time),
// imports the bridge, then answers calls; on a later visit it resumes the interpreter the first visit stored instead
// (js/snapshot.js). While it starts it reports each step and its downloads' progress (js/start-downloads.js).
// Kept thin on purpose; the protocol is documented in runtime.js.

import { loadPyodide } from "../pyodide/pyodide.mjs";
import { forgetSnapshots, saveSnapshot, storedSnapshot } from "./snapshot.js";
import { StartDownloads } from "./start-downloads.js";

const SITE = new URL("../", import.meta.url);
// Filled in by build.py: each file the start downloads and its size (buildtools/runtime.py, start_sizes) ...
const START_SIZES = "__START_SIZES__";
// ... and a digest of every runtime file: a start-up snapshot (js/snapshot.js) belongs to one build.
const RUNTIME_ID = "__RUNTIME_ID__";
// Where the standard library's other modules are fetched from, when a learner's code first imports one.
const LAZY_STDLIB = new URL("pyodide/stdlib/", SITE).href;

const marks = { start: performance.now() };
const say = (phase, detail = {}) => postMessage({ type: "status", phase, ...detail });
const firstLine = (error) => String((error && error.message) || error).split("\n")[0];

let live = false;
let resuming = false;
let fromSnapshot = false;
const failed = (error) => postMessage({ type: "failed", message: firstLine(error) });

// Progress, at most every PROGRESS_EVERY_MS (and at the last byte): each message also tells the page bytes arrive.
const PROGRESS_EVERY_MS = 100;
let lastProgress = 0;
const downloads = new StartDownloads(SITE, START_SIZES, {
  onChange({ received, total }) {
    const now = performance.now();
    if (received < total && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    say(received < total ? "downloading" : "starting", { received, total });
  },
  onFailure(message) {
    if (!live) failed(message);
  },
});
downloads.install();
say("downloading", { received: 0, total: downloads.total });

// The installed engine, fetched while Pyodide starts (counted with Pyodide's own files).
const engineFiles = fetch(new URL("wheels/engine.zip", SITE)).then((response) => response.arrayBuffer());
engineFiles.catch(() => {}); // reported where it is awaited

const PYODIDE_OPTIONS = {
  indexURL: new URL("pyodide/", SITE).href,
  lockFileURL: new URL("pyodide/pyodide-lock.json", SITE).href,
};
// A snapshot that has not resumed in this long is given up on, and Python starts the normal way.
const RESUME_TIMEOUT_MS = 10_000;

/** The installed engine's files into site-packages (paths from the root, as micropip wrote them at build time), and
 * the finder for the rest of the standard library. */
async function unpackEngine(pyodide) {
  pyodide.unpackArchive(await engineFiles, "zip", { extractDir: "/" });
  const finder = pyodide.pyimport("lazy_stdlib");
  try {
    callPython(finder, "install", LAZY_STDLIB);
  } finally {
    finder.destroy();
  }
}

/** The first visit: start Python, unpack the installed engine, import the bridge. */
async function startFresh() {
  const pyodide = await loadPyodide({ ...PYODIDE_OPTIONS, _makeSnapshot: true });
  marks.pyodide = performance.now();
  say("installing");
  await unpackEngine(pyodide);
  // the engine's one door (it imports what a listing run needs too), imported now so that a snapshot holds it
  const bridge = pyodide.pyimport("backprop.bridge");
  marks.engine = performance.now();
  return { pyodide, bridge };
}

/** A later visit: resume the interpreter the first visit stored, engine imported. A snapshot holds memory only, not
 * files, so the engine's files are unpacked again (for tracebacks and anything imported late). */
async function resume(snapshot) {
  // the bytes are read from storage while Pyodide's own files download and compile
  const pyodide = await loadPyodide({ ...PYODIDE_OPTIONS, _loadSnapshot: snapshot.bytes });
  marks.pyodide = performance.now();
  await unpackEngine(pyodide);
  const bridge = pyodide.pyimport("backprop.bridge"); // imported already: the snapshot holds it
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

// Once live and idle, the first visit stores a snapshot for the next (js/snapshot.js). Idle means no message for
// SNAPSHOT_IDLE_MS: storing it holds the worker for a few hundred milliseconds, and just after live is exactly when a
// waiting learner starts to drag, so every message puts it off again. Only of an interpreter no learner code has run
// in: a listing could leave anything behind (a patched engine, say), and the next visit would start from it.
const SNAPSHOT_IDLE_MS = 2000;
let snapshotTimer = null;
let snapshotPyodide = null; // set once live on a first visit, until the snapshot is taken

function snapshotWhenIdle() {
  if (!snapshotPyodide) return;
  clearTimeout(snapshotTimer);
  snapshotTimer = setTimeout(async () => {
    const pyodide = snapshotPyodide;
    snapshotPyodide = null;
    try {
      const bytes = await saveSnapshot(pyodide, SITE, RUNTIME_ID);
      postMessage({ type: "snapshot", bytes });
    } catch (error) {
      console.info(`backprop-lab: no start-up snapshot stored (${error.message})`);
    }
  }, SNAPSHOT_IDLE_MS);
}

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
    downloads.stop();
    marks.ready = performance.now();
    marks.resumed = fromSnapshot;
    postMessage({ type: "ready", timings: marks });
    if (!fromSnapshot) snapshotPyodide = pyodide;
    snapshotWhenIdle();
  },
  failed,
);

// After a fatal error every call throws; the page was told by on_fatal (above) and is replacing this worker.
const isFatal = (error) =>
  Boolean(error && (error.pyodide_fatal_error || /fatally failed|fatal error/i.test(String(error.message))));

self.addEventListener("message", async (event) => {
  const message = event.data;
  snapshotWhenIdle(); // a learner is busy: the snapshot waits
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
  // micropip is not part of the start (the engine comes installed): loaded, from the site, for code that uses it
  if (/\bmicropip\b/.test(code)) await engine.pyodide.loadPackage("micropip", { messageCallback: () => {} });
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
    snapshotPyodide = null; // learner code runs in this interpreter: no snapshot of it
    clearTimeout(snapshotTimer);
    return runListing(engine, message.code, message.budget, message.check || null);
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
