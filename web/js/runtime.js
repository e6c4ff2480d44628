// The runtime: owns the one Pyodide of the page, however many widgets the page holds.
//
// Pyodide runs in a module Web Worker (Pyodide 314 supports module workers only), so loading Python and running the
// engine never blocks the page. Widgets get an async client:   const result = await engine().call("chain_rule", {x})
// Every asset is found relative to this file's own URL, so `<script type="module" src=".../widgets.js">` works from
// any page path, and from another origin.
//
// Messages (main thread <-> worker), one shape each:
//   -> {type: "call", id, request}        request: JSON text {"fn": name, "args": {...}} for backprop.bridge.handle
//   -> {type: "run", id, code, budget}    run a Python listing, capturing its stdout, for at most budget seconds
//   -> {type: "stats", id}                memory of the interpreter
//   <- {type: "status", text}             progress while starting
//   <- {type: "ready", timings}           the engine is live (timings.resumed: from a stored start-up snapshot)
//   <- {type: "snapshot", bytes}          a start-up snapshot was stored for the next visit
//   <- {type: "fatal", message}           the interpreter failed for good; the page replaces the worker
//   <- {type: "failed", message}          the engine cannot start
//   <- {type: "result", id, text}         bridge's JSON reply ({ok, result} or {ok: false, error})
//   <- {type: "ran", id, stdout, error}   a listing's output
//   <- {type: "stats", id, wasmBytes, objects}

const WORKER_URL = new URL("./worker.js", import.meta.url);
const START_TIMEOUT_MS = 30_000;
const RUN_BUDGET_SECONDS = 20; // the longest a learner's listing may run
const RUN_GRACE_SECONDS = 3; // beyond its budget, before the worker is replaced

/** A refusal from the engine (a bad expression, a number out of range) or a failure to start it. */
export class EngineError extends Error {
  constructor({ type = "EngineError", message = "the engine failed", column = null } = {}) {
    super(message);
    this.name = type;
    this.column = column;
  }
}

function explainStartFailure(reason) {
  return (
    `The Python engine could not start (${reason}). The numbers shown are precomputed and stay correct, but ` +
    "they will not update. Reload the page; if this keeps happening, your browser may be blocking WebAssembly " +
    "or web workers on this site."
  );
}

/** Start the worker. A worker script must be same-origin with the page, so on another origin (a course page
 * embedding our widgets.js) we start a same-origin blob worker whose only job is to import ours (served with CORS). */
function startWorker() {
  if (WORKER_URL.origin === location.origin) return new Worker(WORKER_URL, { type: "module" });
  const shim = new Blob([`import ${JSON.stringify(WORKER_URL.href)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(shim), { type: "module" });
}

class EngineClient {
  constructor() {
    this.state = "starting"; // starting | live | error
    this.failure = null;
    this.timings = null;
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = new Set();
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a failure is reported through `state` and listeners, never as an unhandled error
    this.start();
  }

  start() {
    if (WORKER_URL.protocol === "file:") {
      this.fail("browsers do not run workers from file:// addresses; serve the site over http instead");
      return;
    }
    try {
      this.worker = startWorker();
      performance.mark("backprop:worker");
    } catch (error) {
      this.fail(error && error.message ? error.message : "the worker was refused");
      return;
    }
    this.timer = setTimeout(() => this.fail("it took longer than 30 seconds"), START_TIMEOUT_MS);
    const worker = this.worker;
    worker.addEventListener("message", (event) => {
      if (worker === this.worker) this.receive(event.data);
    });
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      if (worker === this.worker) this.fail(event.message || "the worker script did not load");
    });
  }

  /** Replace a worker that stopped answering (a learner's listing stuck in C code, say) with a fresh one. Calls
   * already sent to the old one are answered with an error; new calls wait for the new interpreter. */
  restart(reason, { fatal = null } = {}) {
    const old = this.worker;
    this.worker = null;
    if (old) old.terminate();
    for (const waiter of this.pending.values()) waiter({ type: "restarted", reason, fatal });
    this.pending.clear();
    this.emit({ state: this.state, text: `Restarting Python: ${reason}` });
    this.start();
  }

  receive(message) {
    switch (message.type) {
      case "status":
        this.emit({ state: this.state, text: message.text });
        break;
      case "ready":
        clearTimeout(this.timer);
        if (this.state === "live") {
          this.emit({ state: "live" }); // a restarted interpreter is ready again
          break;
        }
        this.state = "live";
        this.timings = message.timings;
        // for the start-up benchmark and for anyone profiling the page: detail holds the worker's own milestones
        performance.mark("backprop:live", { detail: message.timings });
        this.resolveReady(this);
        this.emit({ state: "live" });
        break;
      case "failed":
        this.fail(message.message);
        break;
      case "fatal":
        // the interpreter cannot be used again; its replacement resumes from the start-up snapshot when there is one
        this.restart(`Python stopped with a fatal error (${message.message})`, { fatal: message.message });
        break;
      case "snapshot":
        // the next visit can resume Python from this (js/snapshot.js); marked for the benchmark and the tests
        performance.mark("backprop:snapshot", { detail: { bytes: message.bytes } });
        break;
      case "result":
      case "stats":
      case "ran": {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        waiter(message);
        break;
      }
    }
  }

  fail(reason) {
    if (this.state === "error") return;
    clearTimeout(this.timer);
    this.state = "error";
    this.failure = explainStartFailure(reason);
    if (this.worker) this.worker.terminate();
    for (const waiter of this.pending.values()) waiter({ type: "failed" });
    this.pending.clear();
    this.rejectReady(new EngineError({ type: "EngineUnavailable", message: this.failure }));
    this.emit({ state: "error", text: this.failure });
  }

  /** Subscribe to {state, text} changes; returns an unsubscribe function. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        console.warn("backprop-lab: a status listener failed", error);
      }
    }
  }

  post(message) {
    if (this.state === "error") return Promise.reject(new EngineError({ type: "EngineUnavailable", message: this.failure }));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Call an engine function (see py/backprop/widgets.py). Resolves with its JSON-able result, or rejects with an
   * EngineError whose message is meant for the learner. */
  async call(fn, args = {}) {
    const reply = await this.post({ type: "call", request: JSON.stringify({ fn, args }) });
    if (reply.type === "restarted") return this.call(fn, args); // asked of a worker that was replaced: ask again
    if (reply.type === "failed") throw new EngineError({ type: "EngineUnavailable", message: this.failure });
    const answer = JSON.parse(reply.text);
    if (!answer.ok) throw new EngineError(answer.error);
    return answer.result;
  }

  /** Memory of the page's interpreter: {wasmBytes, objects} - the WebAssembly heap's size, and how many objects
   * Python's garbage collector tracks after a collection (for leak checks and curious authors). */
  async stats() {
    const reply = await this.post({ type: "stats" });
    if (reply.type === "failed") throw new EngineError({ type: "EngineUnavailable", message: this.failure });
    return { wasmBytes: reply.wasmBytes, objects: reply.objects };
  }

  /** Run a Python listing in the page's interpreter; resolves with {stdout, error}. A run is stopped after
   * `budget` seconds (at most 20), so a loop that never ends cannot take the widgets' interpreter with it. */
  async run(code, { budget = RUN_BUDGET_SECONDS } = {}) {
    const seconds = Math.min(Math.max(Number(budget) || RUN_BUDGET_SECONDS, 0.1), RUN_BUDGET_SECONDS);
    let watchdog;
    // the interpreter stops a long run itself (backprop/sandbox.py); if even that cannot happen, the worker is
    // replaced, so the widgets never wait on a listing that will not end
    const overdue = new Promise((resolve) => {
      watchdog = setTimeout(() => resolve({ type: "overdue" }), (seconds + RUN_GRACE_SECONDS) * 1000);
    });
    const reply = await Promise.race([this.post({ type: "run", code, budget: seconds }), overdue]);
    clearTimeout(watchdog);
    if (reply.type === "overdue") {
      const message = `stopped after ${seconds} seconds: the code was still running. Look for a loop that never ends. ` +
        "Python was restarted, so variables from earlier runs are gone.";
      this.restart("a listing ran too long");
      return { stdout: "", error: message };
    }
    if (reply.type === "restarted" && reply.fatal) {
      return {
        stdout: "",
        error: `Python itself failed while running this code (${reply.fatal}). It was restarted, so variables ` +
          "from earlier runs are gone; the widgets keep working.",
      };
    }
    if (reply.type === "failed" || reply.type === "restarted") {
      throw new EngineError({ type: "EngineUnavailable", message: this.failure || "Python was restarted; run it again." });
    }
    return { stdout: reply.stdout, error: reply.error };
  }
}

let client = null;

/** The page's one engine client, started on first use: when the first widget connects, as the page's modules run
 * after its HTML is parsed. Not earlier, on purpose. Started from <head> (as it was), the worker's downloads and
 * compiling took the CPU the page needed to lay out its prerendered widgets while the HTML was still arriving: on two
 * cores, 14 of 16 loads had a task over 50 ms, against 3 of 16 started here, and Python was live no sooner (1943 ms
 * both, side by side). */
export function engine() {
  if (!client) client = new EngineClient();
  return client;
}

