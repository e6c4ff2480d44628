// The runtime: owns the one Pyodide of the page, however many widgets the page holds.
//
// Pyodide runs in a module Web Worker (Pyodide 314 supports module workers only), so loading Python and running the
// engine never blocks the page. Widgets get an async client:   const result = await engine().call("chain_rule", {x})
// Every asset is found relative to this file's own URL, so `<script type="module" src=".../widgets.js">` works from
// any page path, and from another origin.
//
// Messages (main thread <-> worker), one shape each:
//   -> {type: "call", id, request}        request: JSON text {"fn": name, "args": {...}} for backprop.bridge.handle
//   -> {type: "run", id, code, budget, check}  a Python listing, run by Pyodide between backprop.bridge.begin_listing and end_listing, stopped after budget seconds; check: an exercise's name or null
//   -> {type: "stats", id}                memory of the interpreter
//   <- {type: "status", phase, received?, total?}  progress while starting: phase downloading (bytes so far of
//                                         total, js/start-downloads.js), starting (Python) or installing (the engine)
//   <- {type: "ready", timings}           the engine is live (timings.resumed: from a stored start-up snapshot)
//   <- {type: "snapshot", bytes}          a start-up snapshot was stored for the next visit
//   <- {type: "fatal", message}           the interpreter failed for good; the page replaces the worker
//   <- {type: "failed", message}          the engine cannot start
//   <- {type: "answer", id, value}        call: bridge's JSON text ({ok, result} or {ok: false, error});
//                                         run: JSON text {stdout, error, verdict (with check)}; stats: {wasmBytes, objects}
//   <- {type: "error", id, message}       the interpreter failed while answering (out of memory, say)
// A request is pending until its answer; it is rejected with EngineRestarted if its worker is replaced first, and
// with EngineUnavailable if the engine fails for good.

// found when the worker starts, not when the module loads: loaded from a blob: URL (a notebook, whose engine is the
// kernel), it has no folder to resolve against and never starts a worker
const workerUrl = () => new URL("./worker.js", import.meta.url);
// A start is given up only when it stalls: no byte and no step for this long (however slow, a link that delivers
// bytes gets Python live). Then the learner is told which step stalled, and offered Retry.
export const STALL_SECONDS = 30;
const RUN_BUDGET_SECONDS = 20; // the longest a learner's listing may run; each run's budget is sent to the worker
const RUN_GRACE_SECONDS = 3; // beyond its budget, before the worker is replaced
const CALL_ATTEMPTS = 2; // a widget call whose worker was replaced is asked once more, of the new one

/** A refusal from the engine: `name` is the Python class (ExpressionError, SettingError, StepOrderError, BadRequest,
 * or whatever made the engine fail), `message` the words for the learner, `column` where in their text, or null. */
export class EngineError extends Error {
  constructor({ type = "EngineError", message = "the engine failed", column = null } = {}) {
    super(message);
    this.name = type;
    this.column = column;
  }
}

/** The engine cannot start, or failed for good: the page keeps its precomputed numbers. */
export class EngineUnavailable extends EngineError {
  constructor(message) {
    super({ type: "EngineUnavailable", message });
  }
}

/** The interpreter was replaced while a request was pending; `fatal` is Python's own failure, if that was why. */
export class EngineRestarted extends EngineError {
  constructor(reason, { fatal = null, message = `Python was restarted (${reason}); try again.` } = {}) {
    super({ type: "EngineRestarted", message });
    this.reason = reason;
    this.fatal = fatal;
  }
}

/** A listing outlived its budget, so the worker running it was replaced. */
export class ListingOverdue extends EngineRestarted {
  constructor(seconds) {
    super("a listing ran too long", {
      message: `stopped after ${seconds} seconds: the code was still running. Look for a loop that never ends. ` +
        "Python was restarted, so variables from earlier runs are gone.",
    });
    this.name = "ListingOverdue";
  }
}

const PRECOMPUTED = "The numbers shown are precomputed and stay correct, but they will not update until it starts.";

function explainStartFailure(reason) {
  return `The Python engine could not start (${reason}). ${PRECOMPUTED} If Retry does not help, your browser may be ` +
    "blocking WebAssembly or web workers on this site.";
}

function explainStall(phase) {
  const what = phase === "downloading" ? "Its download stopped: no data arrived" : `It stopped while ${PHASES[phase]}`;
  return `Python did not start. ${what} for ${STALL_SECONDS} seconds; the connection may have dropped. ${PRECOMPUTED} ` +
    "Retry when you are back online.";
}

// What the worker is doing while it starts, in the notice's words.
const PHASES = { downloading: "downloading Python", starting: "starting Python", installing: "installing the engine" };

/** The notice's text for a status message from the worker. */
function progressText({ phase, received, total }) {
  const percent = phase === "downloading" && total ? ` ${Math.floor((100 * received) / total)}%` : "";
  const text = PHASES[phase] || PHASES.starting;
  return `${text[0].toUpperCase()}${text.slice(1)}…${percent}`;
}

/** Start the worker. A worker script must be same-origin with the page, so on another origin (a course page
 * embedding our widgets.js) we start a same-origin blob worker whose only job is to import ours (served with CORS). */
function startWorker() {
  const url = workerUrl();
  if (url.origin === location.origin) return new Worker(url, { type: "module" });
  const shim = new Blob([`import ${JSON.stringify(url.href)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(shim), { type: "module" });
}

/** The worker the page's own classic script (js/page.js) started while the page was parsed, with the events it sent
 * before anyone listened; null when there is none yet (it will not be started now), or when it is not this runtime's
 * worker.js (it is then stopped). */
function takeEarlyWorker() {
  const key = Symbol.for("backprop-lab.early-worker");
  const early = typeof document === "object" ? document[key] : null;
  if (!early) return null;
  delete document[key];
  early.stop();
  if (!early.worker) return null;
  if (early.url === workerUrl().href) return early;
  early.worker.terminate();
  return null;
}

class EngineClient {
  constructor() {
    this.state = "starting"; // starting | live | error
    this.failure = null;
    this.timings = null;
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = new Set();
    this.newReady();
    this.start();
  }

  newReady() {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a failure is reported through `state` and listeners, never as an unhandled error
  }

  /** Whether retry() can help: not on a file:// page, where no browser runs the worker. */
  get canRetry() {
    return this.state === "error" && workerUrl().protocol !== "file:";
  }

  /** After a failed start: start again, in this page (widgets keep their numbers and follow the new start). */
  retry() {
    if (!this.canRetry) return;
    this.state = "starting";
    this.failure = null;
    this.newReady();
    this.emit({ state: "starting", text: "Starting Python again…", retried: true });
    this.start();
  }

  /** (Re)arm the stall watchdog: called at the start and whenever the worker shows progress. */
  watch(phase) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(null, explainStall(phase)), STALL_SECONDS * 1000);
  }

  start() {
    if (workerUrl().protocol === "file:") {
      this.fail("browsers do not run workers from file:// addresses; serve the site over http instead");
      return;
    }
    const early = takeEarlyWorker();
    this.startedAt = early ? early.startedAt : performance.now();
    try {
      this.worker = early ? early.worker : startWorker();
      if (!early) performance.mark("backprop:worker");
    } catch (error) {
      this.fail(error && error.message ? error.message : "the worker was refused");
      return;
    }
    this.watch("downloading");
    const worker = this.worker;
    const heard = (event) => {
      if (worker !== this.worker) return;
      if (event.type === "message") this.receive(event.data);
      else this.fail(event.message || "the worker script did not load");
    };
    worker.addEventListener("message", heard);
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      heard(event);
    });
    for (const event of early ? early.events : []) heard(event);
  }

  /** Replace a worker that stopped answering (a learner's listing stuck in C code, say) with a fresh one. Requests
   * already sent to the old one are rejected with EngineRestarted; new ones wait for the new interpreter. */
  restart(reason, { fatal = null } = {}) {
    const old = this.worker;
    this.worker = null;
    if (old) old.terminate();
    this.rejectPending(new EngineRestarted(reason, { fatal }));
    this.emit({ state: this.state, text: `Restarting Python: ${reason}` });
    this.start();
  }

  rejectPending(error) {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }

  receive(message) {
    switch (message.type) {
      case "status":
        this.phase = message.phase;
        this.watch(message.phase);
        this.emit({ state: this.state, text: progressText(message), phase: message.phase });
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
      case "answer":
      case "error": {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.type === "answer") waiter.resolve(message.value);
        else waiter.reject(new EngineError({ message: `the engine failed: ${message.message}` }));
        break;
      }
    }
  }

  fail(reason, explained = explainStartFailure(reason)) {
    if (this.state === "error") return;
    clearTimeout(this.timer);
    this.state = "error";
    this.failure = explained;
    if (this.worker) this.worker.terminate();
    this.rejectPending(new EngineUnavailable(this.failure));
    this.rejectReady(new EngineUnavailable(this.failure));
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

  /** Whether a request is waiting for its answer. */
  get busy() {
    return this.pending.size > 0;
  }

  /** Send a request; resolves with the worker's answer, or rejects with EngineRestarted or EngineUnavailable. */
  post(message, id = this.nextId++) {
    if (this.state === "error") return Promise.reject(new EngineUnavailable(this.failure));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Call an engine function (see py/backprop/widgets.py). Resolves with its JSON-able result, or rejects with an
   * EngineError whose message is meant for the learner and whose name says what kind of error it is. */
  async call(fn, args = {}) {
    const request = JSON.stringify({ fn, args });
    for (let attempt = 1; ; attempt += 1) {
      let text;
      try {
        text = await this.post({ type: "call", request });
      } catch (error) {
        // asked of a worker that was replaced: a widget call has no side effects, so ask the new one
        if (error instanceof EngineRestarted && attempt < CALL_ATTEMPTS) continue;
        throw error;
      }
      const answer = JSON.parse(text);
      if (!answer.ok) throw new EngineError(answer.error);
      return answer.result;
    }
  }

  /** Memory of the page's interpreter: {wasmBytes, objects} - the WebAssembly heap's size, and how many objects
   * Python's garbage collector tracks after a collection (for leak checks and curious authors). */
  stats() {
    return this.post({ type: "stats" });
  }

  /** Run a Python listing in the page's interpreter; resolves with {stdout, error}, and verdict when `check` names an
   * exercise (backprop/exercise.py) or overdue: true when the run outlived its budget. A run is stopped after
   * `budget` seconds (at most RUN_BUDGET_SECONDS), so a loop that never ends cannot take the widgets' interpreter
   * with it. When the code stops the interpreter itself (overdue, or a fatal error), `error` says so; rejects with
   * EngineUnavailable, or EngineRestarted when the interpreter was replaced for another reason. */
  async run(code, { budget = RUN_BUDGET_SECONDS, check = null } = {}) {
    const seconds = Math.min(Math.max(Number(budget) || RUN_BUDGET_SECONDS, 0.1), RUN_BUDGET_SECONDS);
    const id = this.nextId++;
    const ran = this.post({ type: "run", code, budget: seconds, check }, id);
    // the interpreter stops a long run itself (backprop/sandbox.py); if even that cannot happen, the worker is
    // replaced, so the widgets never wait on a listing that will not end
    const watchdog = setTimeout(() => this.overdue(id, seconds), (seconds + RUN_GRACE_SECONDS) * 1000);
    try {
      return JSON.parse(await ran);
    } catch (error) {
      if (error instanceof ListingOverdue) return { stdout: "", error: error.message, overdue: true };
      if (error instanceof EngineRestarted && error.fatal) {
        return {
          stdout: "",
          error: `Python itself failed while running this code (${error.fatal}). It was restarted, so variables ` +
            "from earlier runs are gone; the widgets keep working.",
        };
      }
      throw error;
    } finally {
      clearTimeout(watchdog);
    }
  }

  /** The run `id` outlived its budget: it is rejected with ListingOverdue, and its worker replaced. */
  overdue(id, seconds) {
    const waiter = this.pending.get(id);
    this.pending.delete(id);
    if (waiter) waiter.reject(new ListingOverdue(seconds));
    this.restart("a listing ran too long");
  }
}

let client = null;

/** The page's one engine client, started on first use: when the first widget connects, as the page's modules run
 * after its HTML is parsed; on our own pages it adopts the worker their classic script started earlier (above). */
export function engine() {
  if (!client) client = new EngineClient();
  return client;
}

