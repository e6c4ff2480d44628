// <bp-xor-lab>: XOR trained live (section 6 of the lesson page), one sigmoid neuron against a 2-2-1 network, side by
// side.
//
// Attributes (live): see ATTRIBUTES in xor-lab-view.js - model (which models to show), seed, lr and steps (updates
//   taken; their defaults and ranges are the engine's; one out of range is refused, and the last good frame stays).
//   The state shown is the engine's for the attributes: set from code, any of them recomputes it (no event). The
//   learner's training counts steps up; a new seed or learning rate (typed or picked) and Reset set it back to 0.
// Properties:
//   model, seed, lr     the parsed attribute (seed and lr undefined when absent); setting one sets the attribute
//   state (read-only)   {widget, model, seed, lr, floor, known_good_seed, known_stuck_seed, panels: {single?, mlp?}};
//                       each panel is the engine's xor_lab result (step, params, final_loss, outputs, heatmap, ...)
//                       plus history, the loss after 0, 1, ..., step updates. Full precision, JSON-able.
//   steps               updates applied so far (the steps attribute follows it); setting it sets the attribute
//   playing (read-only) true while training runs
//   stepsPerSecond (read-only)  updates per second of the last Play, measured (0 before any)
// Methods: play(), pause(), step(), reset() - the buttons' actions, from code (they fire no event);
//   pinnedAttributes(): the attributes that reproduce what is shown (the authors' page copies them)
// Events: bp-change (bubbles, composed) after each action of the learner - Play, Pause, Step, Reset, a new seed, a new
//   learning rate - once it has taken effect; detail {state, cause}, cause = "play" | "pause" | "step" | "reset" |
//   "seed" | "lr". Not fired for every batch while playing, nor when an attribute or property is set from code.
// Parts: root, controls, button (also play, step, reset, seed-pick), input (also seed, lr), message, panels,
//   panel (also single, mlp), readout, verdict, loss-chart, heatmap, outputs, details, notice
// Attributes set by the element: engine = static | live | error; playing (present while training runs)
//
// Training is the engine's (py/backprop/xor_lab.py, models.py): each call runs a batch of full-batch updates with Value
// operations and backward(), starting from the parameters the previous call returned, so a long run in batches gives
// the same numbers as one run in Python. Play keeps one call in flight, sizes batches so a call takes about
// TARGET_CALL_MS, and starts the next call only once the previous result has been drawn (requestAnimationFrame), so a
// hidden tab stops training. With prefers-reduced-motion the picture is redrawn at most once a second while playing.
// Training stops at the engine's limits.steps updates, the most the steps attribute can ask the engine to redo.

import { BpWidget, defineWidget } from "./widget-base.js";
import { SKIPPED } from "./engine-queue.js";
import { parseLr, parseSeed } from "./xor-entries.js";
import { lossChart } from "./xor-loss-chart.js";
import { heatmapChart } from "./xor-heatmap.js";
import * as view from "./xor-lab-view.js";

const GRID = 24; // heatmap cells per side
const FIRST_BATCH = 20;
const TARGET_CALL_MS = 60;
const REDUCED_MOTION_PAINT_MS = 1000;
const STILL_STARTING = "Python is still starting; training can begin as soon as it is ready.";

const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

export class BpXorLab extends BpWidget {
  static view = view;
  static fn = "xor_lab_start";

  get steps() {
    const panels = this.current ? Object.values(this.current.panels || {}) : [];
    return panels.length ? panels[0].step : 0;
  }

  set steps(value) {
    this.setAttribute("steps", String(value));
  }

  /** The attributes that reproduce what is shown: model, seed, learning rate and steps, as the engine used them. */
  pinnedAttributes() {
    const skip = ["engine", "playing"];
    const out = Object.fromEntries([...this.attributes].filter((a) => !skip.includes(a.name)).map((a) => [a.name, a.value]));
    const s = this.current;
    if (!s || !s.panels) return out;
    return { ...out, model: s.model, seed: String(s.seed), lr: String(s.lr), steps: String(this.steps) };
  }

  get playing() {
    return Boolean(this.isPlaying);
  }

  get stepsPerSecond() {
    return this.rate || 0;
  }

  bind() {
    this.batch ??= FIRST_BATCH;
    const $ = (selector) => this.root.querySelector(selector);
    $("#play").addEventListener("click", () => (this.playing ? this.pause(true) : this.play(true)));
    $("#step").addEventListener("click", () => this.step(true));
    $("#reset").addEventListener("click", () => this.reset(true));
    $("#seed").addEventListener("change", () => this.seedTyped($("#seed").value));
    $("#good-seed").addEventListener("click", () => this.pickSeed("known_good_seed"));
    $("#stuck-seed").addEventListener("click", () => this.pickSeed("known_stuck_seed"));
    $("#lr").addEventListener("change", () => this.lrTyped($("#lr").value));
    this.syncPlayButton();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.pause(false);
  }

  // --- engine work: through this.queue, one request at a time; training in order, a new start latest-only ---------

  /** Training (or a fresh look at where the models stand) after everything queued before it. */
  enqueue(task) {
    return this.queue.inOrder(task);
  }

  /** The state of the attributes (`fromZero`: steps set back to 0 first), unless a newer start replaced this one; a
   * refusal is reported. */
  startOver(cause, user, fromZero = false) {
    this.queue.latest(() => this.restart(fromZero)).then(
      (result) => result !== SKIPPED && this.settled(cause, user),
      (error) => this.failed(error),
    );
  }

  /** Train every shown model for `steps` updates from where it stands (0: just ask again, e.g. for the heatmap). */
  async advance(steps) {
    const state = this.current;
    const lr = this.config.lr; // absent: the engine's default
    const names = Object.keys(state.panels);
    const results = await Promise.all(
      names.map((name) => {
        const panel = state.panels[name];
        return this.engine().call("xor_lab", {
          model: name, seed: state.seed, lr, params: panel.params, step: panel.step, steps, grid: GRID,
        });
      }),
    );
    const panels = {};
    names.forEach((name, i) => {
      const result = results[i];
      const before = state.panels[name];
      // history[k] is the loss after k updates; this call's loss[0] is the loss after before.step updates
      const history = (before.history || []).slice(0, before.step).concat(result.loss, [result.final_loss]);
      panels[name] = { ...result, history };
    });
    this.current = { ...state, lr: results[0].lr, panels };
    this.reflect("steps", this.steps || null);
  }

  /** The state the attributes describe: every model they ask to show, `steps` updates from the seed. `fromZero`: set
   * steps back to 0 first (here, not at the click: training queued before it lands first and counts up). */
  async restart(fromZero = false) {
    if (fromZero) this.reflect("steps", null);
    const cfg = this.config;
    const args = { model: cfg.model, seed: cfg.seed, lr: cfg.lr, steps: cfg.steps || undefined, grid: GRID };
    for (const key of ["seed", "lr", "steps"]) if (args[key] === undefined) delete args[key]; // the engine's default
    this.current = await this.engine().call("xor_lab_start", args);
  }

  /** The engine is live (or the attributes changed): make sure the state matches the attributes, and fetch what the
   * prerendered frame left out (the heatmaps). */
  recompute() {
    this.enqueue(() => {
      const cfg = this.config;
      const current = this.current;
      // absent: the engine's default, as shown
      const same = (key) => cfg[key] === undefined || current[key] === cfg[key];
      const shown = current && current.panels && current.model === cfg.model && same("seed") && same("lr");
      if (shown && this.steps === cfg.steps) return this.advance(0);
      return this.restart();
    }).then(() => this.settled(null), (error) => this.failed(error));
  }

  /** An action finished: draw it, clear an earlier refusal, tell screen readers, and tell the page if it was the
   * learner's. */
  settled(cause, user = false) {
    this.fillEntries();
    this.paint(this.current);
    this.lastPaint = performance.now();
    this.showProblems(this.config.problems);
    if (cause) this.announce(view.summary(this.current));
    if (user && cause) this.changed(cause);
  }

  /** The engine refused (a setting out of its range): stop, drop what waits, say why; the last good frame stays. */
  /** An empty seed or learning-rate box (no attribute, drawn before the engine answered) shows the engine's value. */
  fillEntries() {
    for (const key of ["seed", "lr"]) {
      const input = this.root.querySelector(`#${key}`);
      if (input && input.value === "" && !input.hasAttribute("aria-invalid") && this.current) {
        input.value = String(this.current[key]);
      }
      const range = this.current && this.current.limits && this.current.limits[key];
      if (input && range) [input.min, input.max] = range.map(String);
    }
  }

  failed(error) {
    this.pause(false, false);
    this.queue.clear();
    this.message(error && error.message ? error.message : String(error));
  }

  changed(cause) {
    this.emit("bp-change", { state: this.current, cause });
  }

  // --- actions --------------------------------------------------------------------------------------------------

  step(user = false) {
    if (!this.isLive()) return this.message(STILL_STARTING);
    if (this.atLimit()) return this.message(this.limitText());
    this.pause(false);
    return this.enqueue(() => this.advance(1)).then(() => this.settled("step", user), (error) => this.failed(error));
  }

  reset(user = false) {
    if (!this.isLive()) return this.message(STILL_STARTING);
    this.pause(false);
    return this.startOver("reset", user, true);
  }

  play(user = false) {
    if (this.playing) return;
    if (!this.isLive()) return this.message(STILL_STARTING);
    this.isPlaying = true;
    this.syncPlayButton();
    this.showProblems(this.config.problems);
    if (user) this.changed("play");
    this.loop();
  }

  pause(user = false, report = true) {
    if (!this.playing) return;
    this.isPlaying = false;
    this.loopToken = null;
    this.syncPlayButton();
    // the batch in flight still lands; report once it has
    if (report) this.enqueue(() => {}).then(() => this.settled("pause", user));
  }

  async loop() {
    const token = {};
    this.loopToken = token;
    const started = performance.now();
    let done = 0;
    const running = () => this.playing && this.loopToken === token;
    while (running()) {
      if (this.framePending) await this.framePending; // never more than one undrawn result: a hidden tab stops here
      if (!running()) break;
      if (this.atLimit()) {
        this.pause(false, false);
        this.message(this.limitText());
        break;
      }
      const batch = Math.min(this.batch, this.current.limits.steps_per_call, this.current.limits.steps - this.steps);
      const t0 = performance.now();
      try {
        if ((await this.enqueue(() => this.advance(batch))) === SKIPPED) continue;
      } catch (error) {
        this.failed(error);
        break;
      }
      const spent = performance.now() - t0;
      done += batch;
      this.rate = (done * 1000) / (performance.now() - started);
      // aim for TARGET_CALL_MS per call: big enough batches that the per-call cost is small, small enough to stay lively
      const wanted = (batch * TARGET_CALL_MS) / Math.max(spent, 1);
      this.batch = Math.max(1, Math.min(this.current.limits.steps_per_call, Math.round(Math.min(batch * 2, Math.max(batch / 2, wanted)))));
      this.schedulePaint();
    }
  }

  schedulePaint() {
    if (this.framePending) return;
    this.framePending = new Promise((resolve) => {
      requestAnimationFrame(() => {
        this.framePending = null;
        const now = performance.now();
        if (!reducedMotion() || !this.lastPaint || now - this.lastPaint >= REDUCED_MOTION_PAINT_MS) {
          this.paint(this.current);
          this.lastPaint = now;
        }
        resolve();
      });
    });
  }

  atLimit() {
    return Boolean(this.current && this.steps >= this.current.limits.steps);
  }

  limitText() {
    return `Training stops at ${this.current.limits.steps} updates, the most the lab trains again when the page opens.`;
  }

  syncPlayButton() {
    const button = this.root && this.root.querySelector("#play");
    if (button) button.textContent = this.playing ? "Pause" : "Play";
    this.toggleAttribute("playing", this.playing);
  }

  // --- the learner's input --------------------------------------------------------------------------------------

  /** A parsed entry: on a problem, mark the field invalid and say why (returns null); else clear the mark. */
  checked(input, read) {
    if (read.problem) {
      input.setAttribute("aria-invalid", "true");
      this.message(read.problem);
      return null;
    }
    input.removeAttribute("aria-invalid");
    return read;
  }

  /** The ranges the engine's last answer stated (none before it answers). */
  get limits() {
    return this.current ? this.current.limits : undefined;
  }

  seedTyped(text) {
    const input = this.root.querySelector("#seed");
    const read = this.checked(input, parseSeed(text, this.limits));
    if (!read) return;
    input.value = String(read.value);
    this.reflect("seed", read.value);
    this.newStart("seed");
  }

  /** A new seed or learning rate from the learner: training starts again from step 0; Play, if running, carries on
   * from there. */
  newStart(cause) {
    if (this.isLive()) return this.startOver(cause, true, true);
    this.reflect("steps", null);
    return this.message(STILL_STARTING);
  }

  pickSeed(key) {
    const seed = this.current ? this.current[key] : undefined;
    if (seed === undefined) return this.message(STILL_STARTING);
    this.root.querySelector("#seed").value = String(seed);
    this.seedTyped(String(seed));
  }

  lrTyped(text) {
    const read = this.checked(this.root.querySelector("#lr"), parseLr(text, this.limits));
    if (!read) return;
    this.reflect("lr", read.value);
    this.newStart("lr");
  }

  /** paint() of the base fills the [data-f] numbers; here also the loss curves, heatmaps and value bars. */
  paint(state) {
    super.paint(state);
    if (!state || !state.panels) return;
    for (const [name, panel] of Object.entries(state.panels)) {
      const chart = this.root.querySelector(`[data-chart="${name}"]`);
      if (chart) chart.innerHTML = lossChart(panel, state.floor);
      const map = this.root.querySelector(`[data-map="${name}"]`);
      if (map && panel.heatmap) map.innerHTML = heatmapChart(panel);
    }
    for (const [key, width] of Object.entries(view.bars(state))) {
      const bar = this.root.querySelector(`[data-bar="${key}"]`);
      if (!bar) continue;
      bar.setAttribute("width", String(width));
      bar.closest("svg").classList.toggle("over", width >= 50); // the fill reaches the 0.5 mark (xor-lab.css)
    }
  }

  /** An attribute set from code: the state of the new attributes (a new model is drawn anew first); no event. */
  onAttributeChanged(name) {
    const cfg = this.config;
    if (name === "model") {
      this.pause(false);
      this.renderAll(this.current);
      this.bind();
    }
    if (name === "seed") this.root.querySelector("#seed").value = cfg.seed ?? "";
    if (name === "lr") this.root.querySelector("#lr").value = cfg.lr ?? "";
    this.showProblems(cfg.problems);
    if (!this.isLive()) return;
    this.startOver(null, false);
  }
}

defineWidget("bp-xor-lab", BpXorLab);
