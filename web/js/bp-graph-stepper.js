// <bp-graph-stepper>: a computation graph stepped through one operation at a time: the inputs, the forward pass
// filling values, the seed dL/dL = 1, then the backward pass filling gradients edge by edge.
//
// Attributes: see ATTRIBUTES in graph-stepper-view.js: expr ("(a*b + c)*d"), step (0: the step shown first).
//   And one per variable of the expression, named after it, holding its value: a="2" b="3" c="-1" d="4" (a variable
//   without one gets 1, and a message says so). Variables can have any name, so they are not rows of the table: a
//   MutationObserver watches them (variable-attributes.js says which names can be one: lowercase, as HTML lowercases
//   attribute names, and not expr, step, or a global HTML attribute such as id, class, title).
//   Changing expr or a variable recomputes (the step shown stays if the expression text is unchanged, else goes to
//   `step`); changing step goes there.
// Properties: expr, step (the parsed value; setting one sets the attribute); k (the step shown, 0..N; setting it
//   steps, without an event); state (read-only: the engine's trace at full precision, plus k; null until there is a
//   first frame)
// Methods: pinnedAttributes(): the attributes that reproduce what is shown: expr, the variables, and step = k (the
//   authors' page copies them, so the copied code opens at the step shown).
// Events: bp-step (bubbles, composed) after each step the learner takes (Previous, Next, Reset, Play's ticks, the
//   arrow keys, the example switch); detail {k, n, phase, state}. Never fired when k, step, expr or a variable is
//   set from code.
// Keyboard: with any step button focused, ArrowLeft / ArrowRight step back / forward, Home / End go to step 0 / N.
//   (The example <select> and the scrollable drawing keep their own arrow keys.)
// Practice (attribute practice; practice.js): during the backward pass the stepper stops before each step that
//   shows a gradient and asks for it first (for a node used more than once, the sum). The answer box (part
//   answer) takes a number or arithmetic such as 3*4; Check (or Enter) grades it in the engine, Show answer shows it.
//   bp-answer (bubbles, composed) after each graded Check and each Show answer, bp-complete when every question is
//   done; detail.statement is an xAPI-shaped statement (verb answered / completed, object with the question in words,
//   result with success, response, duration, score raw/max on complete, extensions with the expected value and the
//   hint kind); no actor, nothing personal. The progress is state.practice, restored by setting state = {practice};
//   with remember it is kept in localStorage per page, widget and build, and Start over clears it.
// Parts: root, example, controls, graph, node, edge, edge-label, explain, table, message, notice; in practice mode practice,
//   answer, check, show-answer, start-over
// Attribute set by the element: engine = static | live | error
//
// Stepping never calls the engine: every number of every step is in the trace already (state.steps); the view
// computes what step k shows with the Stepper's rules. The engine is called for a new expression or new values.

import { BpWidget, defineWidget } from "./widget-base.js";
import * as view from "./graph-stepper-view.js";
import { clampStep, stepCount } from "./stepper-rules.js";
import { isVariableAttribute } from "./variable-attributes.js";
import { paint, setHidden } from "./slots.js";
import { restorePractice, withPractice } from "./practice.js";

const PLAY_INTERVAL_MS = 1000;

const reducedMotion = () => globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;

export class BpGraphStepper extends BpWidget {
  static view = view;
  static fn = "graph";
  get k() {
    return this.stepK ?? 0;
  }

  set k(value) {
    this.pause();
    this.goto(Number(value), false);
  }

  pinnedAttributes() {
    const out = Object.fromEntries([...this.attributes].filter((a) => a.name !== "engine").map((a) => [a.name, a.value]));
    return this.current ? { ...out, step: String(this.k) } : out;
  }

  /** The engine's trace (full precision) plus the step shown. */
  get state() {
    return this.current ? withPractice(this, { ...this.current, k: this.k }) : null;
  }

  set state(value) {
    restorePractice(this, value);
  }

  args() {
    const { expr, values } = this.config;
    return { expr, values };
  }

  // --- set-up ------------------------------------------------------------------------------------------------------

  bind() {
    const cfg = this.config;
    this.stepK = this.current ? clampStep(this.current, cfg.step) : 0;
    this.shownExpr = this.current ? this.current.expression : null;
    this.authored = { expr: cfg.expr, values: Object.assign(Object.create(null), cfg.values) };
    this.controls = this.root.querySelector("[data-step-controls]");
    this.scroller = this.root.querySelector("[data-graph]");
    this.controls.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-act]");
      if (button) this.act(button.dataset.act);
    });
    this.controls.addEventListener("keydown", (event) => this.onKey(event));
    this.root.querySelector("[data-example]").addEventListener("change", (event) => this.chooseExample(event.target.value));
    this.observer = new MutationObserver((records) => {
      if (records.some((r) => isVariableAttribute(r.attributeName))) this.changedByCode();
    });
    this.observer.observe(this, { attributes: true });
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => this.updateScrollable()).observe(this.scroller);
    }
    this.engine().ready.catch(() => {
      const placeholder = this.root.querySelector("[data-placeholder]");
      if (placeholder) placeholder.textContent = "Python could not start, so there is no graph to step through.";
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.pause();
  }

  // --- the learner's actions ---------------------------------------------------------------------------------------

  act(name) {
    if (!this.current) return;
    if (name === "play") {
      this.togglePlay();
      return;
    }
    this.pause();
    const target = { next: this.k + 1, prev: this.k - 1, reset: 0 }[name];
    if (target !== undefined) this.goto(target, true);
  }

  onKey(event) {
    if (!this.current || !event.target.closest("button") || event.altKey || event.ctrlKey || event.metaKey) return;
    const n = stepCount(this.current);
    const target = { ArrowLeft: this.k - 1, ArrowRight: this.k + 1, Home: 0, End: n }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.pause();
    this.goto(target, true);
  }

  /** Show step k (clamped to 0..N). `user` marks a step the learner took: it is announced and fires bp-step. */
  goto(k, user) {
    if (!this.current) return;
    const next = clampStep(this.current, this.practiceRun ? this.practiceRun.gate(this.k, k) : k);
    if (next === this.k) return;
    this.stepK = next;
    this.renderStep();
    if (this.practiceRun) this.practiceRun.render();
    if (user) this.stepped();
  }

  stepped() {
    const state = this.state;
    this.announce(view.summary(state));
    const step = state.steps[state.k];
    this.dispatchEvent(new CustomEvent("bp-step", {
      bubbles: true, composed: true, detail: { k: state.k, n: stepCount(state), phase: step.phase, state },
    }));
  }

  togglePlay() {
    if (this.playing) this.pause();
    else this.play();
  }

  /** About one step a second until the last step. Under prefers-reduced-motion it still steps; the CSS drops the
   * animated reveal and the flowing dashes, and the drawing scrolls to the current node without smooth motion. */
  play() {
    if (!this.current) return;
    if (this.k >= stepCount(this.current)) this.goto(0, true);
    this.playing = true;
    this.updatePlayButton();
    this.timer = setInterval(() => this.tick(), PLAY_INTERVAL_MS);
  }

  tick() {
    if (!this.current || this.k >= stepCount(this.current)) {
      this.pause();
      return;
    }
    this.goto(this.k + 1, true);
    if (this.k >= stepCount(this.current)) this.pause();
  }

  pause() {
    if (!this.playing) return;
    clearInterval(this.timer);
    this.playing = false;
    this.updatePlayButton();
  }

  updatePlayButton() {
    const button = this.controls && this.controls.querySelector('[data-act="play"]');
    if (!button) return;
    button.querySelector("[data-play-text]").textContent = this.playing ? "Pause" : "Play";
    button.querySelector("[data-play-icon]").textContent = this.playing ? "❚❚" : "▶";
  }

  /** The example switch: its choice becomes the element's attributes (so `expr` and the variables always say what is
   * shown), then the engine computes the new graph. */
  chooseExample(value) {
    const choice = value === "authored" ? this.authored : view.EXAMPLES[Number(value)];
    if (!choice) return;
    this.pause();
    for (const { name } of [...this.attributes]) {
      if (isVariableAttribute(name) && !Object.hasOwn(choice.values, name)) this.reflect(name, null);
    }
    this.reflect("expr", choice.expr);
    for (const [name, text] of Object.entries(choice.values)) this.reflect(name, text);
    this.observer.takeRecords(); // our own changes, not the author's
    this.updateExamples();
    const engineState = this.getAttribute("engine");
    if (engineState === "error") {
      this.message("The Python engine is offline, so this example cannot be computed; the graph shown is unchanged.");
    } else if (engineState !== "live") {
      this.message("Python is still starting; the example appears as soon as it is ready.");
    }
    this.request(this.args(), true);
  }

  // --- changes from code -------------------------------------------------------------------------------------------

  onAttributeChanged(name) {
    if (name === "step") {
      this.showProblems(this.config.problems);
      if (this.current) {
        this.pause();
        this.goto(this.config.step, false);
      }
      return;
    }
    this.changedByCode();
  }

  /** expr or a variable set from code: that is now the author's graph (the switch's "as given" entry). */
  changedByCode() {
    const cfg = this.config;
    this.authored = { expr: cfg.expr, values: Object.assign(Object.create(null), cfg.values) };
    this.updateExamples();
    this.showProblems(cfg.problems);
    if (this.getAttribute("engine") === "error") {
      this.message("The Python engine is offline, so the new expression cannot be drawn; the graph shown is unchanged.");
    }
    if (this.recomputeQueued) return; // several attributes set in one go: one engine call
    this.recomputeQueued = true;
    queueMicrotask(() => {
      this.recomputeQueued = false;
      this.recompute(false);
    });
  }

  updateExamples() {
    const select = this.root.querySelector("[data-example]");
    const options = view.exampleOptions(this.config, this.authored);
    if ([...select.options].map((o) => `${o.value}:${o.text}`).join("|") !== options.map((o) => `${o.value}:${o.text}`).join("|")) {
      select.innerHTML = view.optionsMarkup(options);
    }
    select.value = options.find((o) => o.selected).value;
  }

  // --- from the engine ---------------------------------------------------------------------------------------------

  /** A new trace (base class: this.current is already set). Same expression text: stay on the step shown (Python
   * starting up recomputes the prerendered graph; new values keep the learner where they were); else go to `step`. */
  paint(state) {
    const cfg = this.config;
    const sameGraph = state.expression === this.shownExpr;
    this.updateExamples();
    if (this.alreadyShown(state)) return; // e.g. Python recomputing the prerendered frame: nothing new
    if (!sameGraph) this.pause();
    this.stepK = clampStep(state, sameGraph ? this.k : cfg.step);
    this.shownExpr = state.expression;
    this.renderStep();
  }

  afterPaint(state, user) {
    if (user) this.stepped();
  }

  showProblems(problems) {
    super.showProblems([...(problems || []), ...view.stateProblems(this.current)]);
  }

  refused(error) {
    const text = String(error.message || "the engine refused").replace(/\.$/, "");
    const kept = this.current ? " The graph shown is the last one that worked." : "";
    const expr = this.config.expr;
    const shown = expr.length > 60 ? `${expr.slice(0, 59)}…` : expr;
    this.message(`Cannot draw expr="${shown}": ${text}.${kept}`);
    const placeholder = this.root.querySelector("[data-placeholder]");
    if (placeholder) placeholder.textContent = "No graph yet: see the message above.";
  }

  // --- drawing -----------------------------------------------------------------------------------------------------

  /** Re-render what depends on k: the SVG (small) and the explanation; update texts and buttons in place, so the
   * focused button keeps focus. */
  renderStep() {
    const state = this.state;
    const cfg = this.config;
    const left = this.scroller.scrollLeft;
    this.scroller.innerHTML = view.graphMarkup(state, cfg);
    this.scroller.scrollLeft = left;
    this.root.querySelector("[data-explain]").innerHTML = view.explainMarkup(state, cfg);
    this.root.querySelector("[data-table]").innerHTML = view.tableMarkup(state, cfg);
    paint(this.root, view.fields(state, cfg));
    const n = state ? stepCount(state) : 0;
    for (const button of this.controls.querySelectorAll("button")) {
      button.disabled = !state;
      const act = button.dataset.act;
      const stuck = state && ((act === "next" && this.k >= n) || ((act === "prev" || act === "reset") && this.k <= 0));
      // aria-disabled, not disabled: a disabled button drops focus, and the learner's focus must stay where it is
      if (stuck) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
    setHidden(this.root.querySelector("[data-nonfinite]"), !(state && state.nonfinite));
    this.updateScrollable();
    this.revealCurrent();
  }

  /** A drawing wider than the widget scrolls sideways inside it; then (only then) it is focusable, so a keyboard
   * can scroll it too. */
  updateScrollable() {
    const scrolls = this.scroller.scrollWidth > this.scroller.clientWidth;
    if (scrolls) {
      this.scroller.setAttribute("tabindex", "0");
      this.scroller.setAttribute("role", "region");
      this.scroller.setAttribute("aria-label", "Computation graph (scrolls sideways)");
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) this.scroller.removeAttribute(name);
    }
  }

  /** Keep the current node and the active edge labels in view when the drawing scrolls sideways. */
  revealCurrent() {
    const scroller = this.scroller;
    if (scroller.scrollWidth <= scroller.clientWidth) return;
    const canvas = [...scroller.querySelectorAll(".canvas")].find((c) => c.getClientRects().length > 0);
    if (!canvas) return;
    const targets = [...canvas.querySelectorAll(".node.current, .elabel.active")];
    if (!targets.length) return;
    const frame = scroller.getBoundingClientRect();
    const rects = targets.map((t) => t.getBoundingClientRect());
    let lo = Math.min(...rects.map((r) => r.left));
    let hi = Math.max(...rects.map((r) => r.right));
    if (hi - lo > frame.width) {
      const current = canvas.querySelector(".node.current");
      const r = (current || targets[0]).getBoundingClientRect();
      lo = r.left;
      hi = r.right;
    }
    let delta = 0;
    if (lo < frame.left + 8) delta = lo - frame.left - 8;
    else if (hi > frame.right - 8) delta = hi - frame.right + 8;
    if (delta) scroller.scrollBy({ left: delta, behavior: reducedMotion() ? "auto" : "smooth" });
  }
}

defineWidget("bp-graph-stepper", BpGraphStepper);
