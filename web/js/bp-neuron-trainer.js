// <bp-neuron-trainer>: one sigmoid neuron trained one SGD step at a time (LESSON.md section 3), with the switches
// behind the classic PyTorch bugs (section 4).
//
// Attributes (live: changing one starts training again from the new values):
//   x ("0.8, -0.4, 1.2")  w ("0.2, -0.1, 0.3")  b ("0.1")  y ("1", the target)  lr ("0.5", the learning rate)
// Properties:
//   x, w (arrays of numbers), b, y, lr (numbers): mirror the attributes; setting one sets the attribute.
//   state (read-only): the engine's neuron_step result for the current parameters, full precision and JSON-able -
//     x, w, b, y, lr, products, z, yhat, loss, dL_dyhat, dyhat_dz, dL_dz, dL_dw, dL_db, grad_w, grad_b, w_new, b_new -
//     plus steps (updates applied so far), losses (the loss at each step, losses[k] after k updates), carried (the
//     .grad buffers this backward pass started from, or null when they were zeroed), zero_grads, requires_grad.
//   steps (read-only): updates applied so far.
// Events: bp-change (bubbles, composed) after each change the learner makes - One step, Reset, an edited input, a
//   switch - once the engine has answered; detail {state, cause}, cause = "step" | "reset" | "edit" | "switch".
//   Never fired when an attribute or property is set from code.
// Parts: root, model, controls, input, gotchas, switch, button (also step, reset), refusal, message, actions,
//   forward, backward, delta-note, update, pile-note, chart, notice
// Attribute set by the element: engine = static | live | error
//
// Every number shown comes from the engine: "One step" sends the update the engine computed (w_new, b_new) back to
// it as the new current parameters, with the .grad buffers when gradients are not being zeroed.

import { BpWidget } from "./widget-base.js";
import { engine } from "./runtime.js";
import { esc } from "./format.js";
import * as view from "./neuron-trainer-view.js";

const PARAMS = ["x", "w", "b", "y", "lr"];
const INPUT_MESSAGE_DELAY_MS = 900; // a half-typed list ("0.2, -") is not an error until the learner pauses
const STILL_STARTING = "Python is still starting; the buttons work as soon as it is ready.";

export class BpNeuronTrainer extends BpWidget {
  static view = view;
  static fn = "neuron";
  static observedAttributes = PARAMS;

  get x() { return this.config.x; }
  set x(value) { this.setAttribute("x", view.paramText(value)); }
  get w() { return this.config.w; }
  set w(value) { this.setAttribute("w", view.paramText(value)); }
  get b() { return this.config.b; }
  set b(value) { this.setAttribute("b", view.paramText(value)); }
  get y() { return this.config.y; }
  set y(value) { this.setAttribute("y", view.paramText(value)); }
  get lr() { return this.config.lr; }
  set lr(value) { this.setAttribute("lr", view.paramText(value)); }

  get steps() {
    return this.current ? view.normal(this.current).steps : 0;
  }

  bind() {
    this.queue = [];
    this.inputProblems = {};
    this.inputTimers = {};
    this.refusal = "";
    this.applied = { ...this.config.text };
    if (this.current) this.current = view.normal(this.current);
    const $ = (selector) => this.root.querySelector(selector);
    for (const input of this.root.querySelectorAll("[data-param]")) {
      input.addEventListener("input", () => this.edited(input, false));
      input.addEventListener("change", () => this.edited(input, true));
    }
    $("#step").addEventListener("click", () => this.act({ kind: "step", user: true, cause: "step" }));
    $("#reset").addEventListener("click", () => this.resetClicked());
    $("#zero-grads").addEventListener("change", () => this.act({ kind: "refresh", user: true, cause: "switch" }));
    $("[data-rg-boxes]").addEventListener("change", () => this.act({ kind: "refresh", user: true, cause: "switch" }));
    $("#backward-first").addEventListener("click", () => this.backwardFirst());
    this.showMessages();
  }

  // --- learner input -------------------------------------------------------------------------------------------

  /** An input changed. `committed`: Enter or leaving the field, where a problem is reported at once. */
  edited(input, committed) {
    const name = input.dataset.param;
    clearTimeout(this.inputTimers[name]);
    const read = view.parseParam(name, input.value);
    if (read.problem) {
      input.setAttribute("aria-invalid", "true");
      const report = () => {
        this.inputProblems[name] = read.problem;
        this.showMessages();
      };
      if (committed) report();
      else this.inputTimers[name] = setTimeout(report, INPUT_MESSAGE_DELAY_MS);
      return;
    }
    input.removeAttribute("aria-invalid");
    delete this.inputProblems[name];
    this.showMessages();
    const text = view.paramText(read.value);
    if (this.applied[name] === text) return;
    this.applied[name] = text;
    this.syncing = true; // keep the attribute in step without restarting twice
    this.setAttribute(name, text);
    this.syncing = false;
    this.act({ kind: "reset", user: true, cause: "edit" });
  }

  resetClicked() {
    const cfg = this.config;
    for (const input of this.root.querySelectorAll("[data-param]")) {
      const name = input.dataset.param;
      clearTimeout(this.inputTimers[name]);
      input.value = cfg.text[name];
      input.removeAttribute("aria-invalid");
    }
    this.inputProblems = {};
    this.applied = { ...cfg.text };
    this.showRefusal("");
    this.act({ kind: "reset", user: true, cause: "reset" });
  }

  /** A button or switch: runs once the engine is live; before that, says so. */
  act(intent) {
    const status = this.getAttribute("engine");
    if (intent.kind === "step" && status !== "live") {
      this.transient = status === "error" ? engine().failure : STILL_STARTING;
      this.showMessages();
      return;
    }
    this.enqueue(intent);
  }

  // --- engine calls, strictly in order -------------------------------------------------------------------------
  // Every click of "One step" counts (five quick clicks are five updates), so steps queue up; a run of resets and
  // refreshes in a row collapses into one.

  enqueue(intent) {
    const last = this.queue[this.queue.length - 1];
    if (last && last.kind !== "step" && intent.kind !== "step") {
      this.queue[this.queue.length - 1] = {
        kind: last.kind === "reset" || intent.kind === "reset" ? "reset" : "refresh",
        user: last.user || intent.user,
        cause: intent.user ? intent.cause : last.cause,
      };
    } else {
      this.queue.push(intent);
    }
    this.drain();
  }

  async drain() {
    if (this.draining || this.getAttribute("engine") !== "live") return;
    this.draining = true;
    while (this.queue.length) {
      const intent = this.queue.shift();
      const plan = this.plan(intent.kind);
      try {
        const result = await engine().call("neuron", plan.args);
        this.current = plan.finish(result);
        this.refusal = "";
        this.transient = "";
        this.show();
        this.showMessages();
        if (intent.user) this.told(intent.cause);
      } catch (error) {
        this.refusal = error.message;
        this.showMessages();
        this.queue = this.queue.filter((next) => next.kind !== "step"); // they would start from the same refusal
      }
    }
    this.draining = false;
  }

  /** The engine call for an intent, and how its answer becomes the new state. */
  plan(kind) {
    const cur = this.current;
    const zero = this.root.querySelector("#zero-grads").checked;
    const keep = (flags, carried, steps, losses) => (result) => ({
      ...result, steps, losses: losses(result.loss), carried, zero_grads: zero, requires_grad: flags,
    });
    if (kind === "step" && cur) {
      // the update the engine computed becomes the current parameters; the .grad buffers carry over unless zeroed
      const flags = this.flags(cur.w.length);
      const carried = zero ? null : { w: cur.grad_w, b: cur.grad_b };
      return {
        args: { x: cur.x, w: cur.w_new, b: cur.b_new, y: cur.y, lr: cur.lr, zero_grads: zero, requires_grad: flags,
          prev_grads: carried },
        finish: keep(flags, carried, cur.steps + 1, (loss) => [...cur.losses, loss]),
      };
    }
    if (kind === "refresh" && cur) {
      // a switch changed: the same parameters, computed again with the new switches
      const flags = this.flags(cur.w.length);
      const carried = zero ? null : cur.carried;
      return {
        args: { x: cur.x, w: cur.w, b: cur.b, y: cur.y, lr: cur.lr, zero_grads: zero, requires_grad: flags,
          prev_grads: carried },
        finish: keep(flags, carried, cur.steps, (loss) => [...cur.losses.slice(0, -1), loss]),
      };
    }
    const cfg = this.config; // reset: back to the attributes, no history, empty buffers
    const flags = this.flags(cfg.w.length);
    return {
      args: { x: cfg.x, w: cfg.w, b: cfg.b, y: cfg.y, lr: cfg.lr, zero_grads: zero, requires_grad: flags,
        prev_grads: null },
      finish: keep(flags, null, 0, (loss) => [loss]),
    };
  }

  /** requires_grad for n weights and the bias, from the checkboxes (a new weight starts with it on). */
  flags(n) {
    const boxes = [...this.root.querySelectorAll("[data-rg]")];
    const on = (box) => (box ? box.checked : true);
    const weights = Array.from({ length: n }, (_, i) => on(i < boxes.length - 1 ? boxes[i] : null));
    return [...weights, on(boxes[boxes.length - 1])];
  }

  // --- drawing ---------------------------------------------------------------------------------------------------

  show() {
    const s = this.current;
    if (this.alreadyShown(s)) return;
    const results = this.root.querySelector("[data-results]");
    const scrolled = [...results.querySelectorAll(".table-wrap")].map((wrap) => wrap.scrollLeft);
    results.innerHTML = view.results(s, this.config);
    [...results.querySelectorAll(".table-wrap")].forEach((wrap, i) => { wrap.scrollLeft = scrolled[i] || 0; });
    this.root.querySelector("[data-steps]").textContent = String(s.steps);
    const boxes = this.root.querySelector("[data-rg-boxes]");
    if (boxes.querySelectorAll("[data-rg]").length !== s.w.length + 1) {
      boxes.innerHTML = view.gradSwitches(s.w.length, s.requires_grad);
    }
    this.root.querySelector("[data-nonfinite]").hidden = !view.hasNonfinite(s);
  }

  /** Everything that is wrong, in one place next to the controls: bad attributes, bad inputs, the engine's refusal. */
  showMessages() {
    const inputs = Object.values(this.inputProblems || {});
    const parts = [...(this.config.problems || []), ...inputs];
    if (this.refusal) parts.push(`The engine refused: ${this.refusal}.`);
    if (inputs.length || this.refusal) parts.push("The last good numbers are still shown.");
    if (this.transient) parts.push(this.transient);
    this.message(parts.join(" "));
  }

  showProblems() {
    this.showMessages();
  }

  /** Tell the learner (live region) and the page (bp-change) what their action did. */
  told(cause) {
    const lead = { reset: "Reset to the starting values.", edit: "Started again from the new values.",
      switch: "Switch changed.", step: "" }[cause] || "";
    this.announce(`${lead} ${view.summary(this.current)}`.trim());
    this.dispatchEvent(new CustomEvent("bp-change", {
      bubbles: true, composed: true, detail: { state: this.current, cause },
    }));
  }

  showRefusal(html) {
    const out = this.root.querySelector("[data-refusal]");
    out.innerHTML = html;
    out.hidden = !html;
  }

  /** "Backward before forward": the engine is asked for a backward pass before any forward pass, and refuses. */
  async backwardFirst() {
    const status = this.getAttribute("engine");
    if (status !== "live") {
      this.showRefusal(esc(status === "error" ? engine().failure : STILL_STARTING));
      return;
    }
    const s = this.current || this.config;
    this.showRefusal("");
    try {
      await engine().call("neuron_backward_first", { x: s.x, w: s.w, b: s.b, y: s.y });
      this.showRefusal("The engine ran a backward pass with no forward pass. It should have refused.");
    } catch (error) {
      this.showRefusal(
        `<strong>Refused.</strong> <code>${esc(error.name)}</code>: <span data-refusal-text>${esc(error.message)}</span>` +
        "<br>Nothing moved: the numbers above are as they were. PyTorch refuses the same way when backward() has no" +
        " graph to walk.",
      );
    }
  }

  // --- hooks from BpWidget ---------------------------------------------------------------------------------------

  /** The engine is live (or a full recompute is wanted): start from the attributes. */
  recompute(user) {
    this.enqueue({ kind: "reset", user, cause: "reset" });
  }

  /** An attribute set from code: the inputs follow, training starts again from the new values, no event. */
  onAttributeChanged(name) {
    if (this.syncing) return;
    const cfg = this.config;
    const input = this.root.querySelector(`[data-param="${name}"]`);
    if (input) {
      clearTimeout(this.inputTimers[name]);
      input.value = cfg.text[name];
      input.removeAttribute("aria-invalid");
    }
    delete this.inputProblems[name];
    this.applied[name] = cfg.text[name];
    this.showMessages();
    this.enqueue({ kind: "reset", user: false, cause: "reset" });
  }
}

customElements.define("bp-neuron-trainer", BpNeuronTrainer);
