// <bp-neuron-trainer>: one sigmoid neuron trained one SGD step at a time (section 3 of the lesson page), with the
// switches behind the classic PyTorch bugs (section 4).
//
// Attributes: see ATTRIBUTES in neuron-trainer-view.js (x, w, b, y, lr); each one absent is the engine's default (the
//   lesson's neuron). Live: changing one starts training again from the new values.
// Properties:
//   x, w (arrays of numbers), b, y, lr (numbers): the parsed attribute (undefined when absent); setting one sets it.
//   state (read-only): the engine's neuron_step result for the current parameters, full precision and JSON-able -
//     x, w, b, y, lr, products, z, yhat, loss, dL_dyhat, dyhat_dz, dL_dz, dL_dw, dL_db, grad_w, grad_b, w_new, b_new,
//     limits - plus steps (updates applied so far), losses (the loss at each step, losses[k] after k updates), carried
//     (the .grad buffers this backward pass started from, or null when they were zeroed), zero_grads, requires_grad.
//   steps (read-only): updates applied so far.
// Events: bp-change (bubbles, composed) after each change the learner makes - One step, Reset, an edited input, a
//   switch - once the engine has answered; detail {state, cause}, cause = "step" | "reset" | "edit" | "switch".
//   Never fired when an attribute or property is set from code.
// Parts: root, model, controls, input, gotchas, switch, button (also step, reset), refusal, message, actions,
//   forward, backward, delta-note, update, pile-note, chart, notice
// Attribute set by the element: engine = static | live | error
//
// Every number shown comes from the engine: "One step" sends the update the engine computed (w_new, b_new) back to
// it as the new current parameters, with the .grad buffers when gradients are not being zeroed (neuron-plan.js).

import { BpWidget, defineWidget } from "./widget-base.js";
import { engine } from "./runtime.js";
import { esc } from "./format.js";
import { setHidden } from "./slots.js";
import { paramText, parseParam } from "./neuron-entries.js";
import { mergeIntents, plan } from "./neuron-plan.js";
import * as view from "./neuron-trainer-view.js";

const INPUT_MESSAGE_DELAY_MS = 900; // a half-typed list ("0.2, -") is not an error until the learner pauses
const STILL_STARTING = "Python is still starting; the buttons work as soon as it is ready.";

export class BpNeuronTrainer extends BpWidget {
  static view = view;
  static fn = "neuron";

  get steps() {
    return this.current ? view.normal(this.current).steps : 0;
  }

  bind() {
    this.inputProblems = {};
    this.inputTimers = {};
    this.refusal = "";
    this.waitingResync = null;
    if (this.current) this.current = view.normal(this.current);
    this.start ??= this.current; // a prerendered frame is the engine's answer at step 0
    const $ = (selector) => this.root.querySelector(selector);
    for (const input of this.root.querySelectorAll("[data-param]")) {
      input.addEventListener("input", () => this.edited(input, false));
      input.addEventListener("change", () => this.edited(input, true));
    }
    $("#step").addEventListener("click", () => this.stepClicked());
    $("#reset").addEventListener("click", () => this.resetClicked());
    $("#zero-grads").addEventListener("change", () => this.resync({ kind: "refresh", user: true, cause: "switch" }));
    $("[data-rg-boxes]").addEventListener("change", () => this.resync({ kind: "refresh", user: true, cause: "switch" }));
    $("#backward-first").addEventListener("click", () => this.backwardFirst());
    this.showMessages();
  }

  // --- learner input -------------------------------------------------------------------------------------------

  /** An input changed. `committed`: Enter or leaving the field, where a problem is reported at once. */
  edited(input, committed) {
    const name = input.dataset.param;
    clearTimeout(this.inputTimers[name]);
    const read = parseParam(name, input.value);
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
    const text = paramText(read.value);
    if (this.getAttribute(name) === text) return;
    this.reflect(name, text); // the attribute follows the learner, without a second restart
    this.resync({ kind: "reset", user: true, cause: "edit" });
  }

  /** Back to the attributes: the inputs show them again, and training starts over. */
  resetClicked() {
    for (const input of this.root.querySelectorAll("[data-param]")) this.restoreInput(input.dataset.param);
    this.inputProblems = {};
    this.showRefusal("");
    this.resync({ kind: "reset", user: true, cause: "reset" });
  }

  /** An input box shows its attribute again (or, with none, the engine's starting value). */
  restoreInput(name) {
    const input = this.root.querySelector(`[data-param="${name}"]`);
    if (!input) return;
    clearTimeout(this.inputTimers[name]);
    input.value = view.startText(name, this.config, this.start);
    input.removeAttribute("aria-invalid");
  }

  stepClicked() {
    const status = this.getAttribute("engine");
    if (status !== "live") {
      this.transient = status === "error" ? engine().failure : STILL_STARTING;
      this.showMessages();
      return;
    }
    // every click counts (five quick clicks are five updates), so steps queue up in order
    this.waitingResync = null;
    this.queue.inOrder(() => this.run({ kind: "step", user: true, cause: "step" }));
  }

  /** A reset or a refresh: only the newest waits, merged with the one it replaces (neuron-plan.js). Before the engine
   * is live nothing is asked: going live starts from whatever the attributes and switches then say. */
  resync(next) {
    if (!this.isLive()) return;
    const intent = mergeIntents(this.waitingResync, next);
    this.waitingResync = intent;
    this.queue.latest(() => {
      if (this.waitingResync === intent) this.waitingResync = null;
      return this.run(intent);
    });
  }

  /** One engine call, start to finish, inside the queue: the next step must start from this one's answer. */
  async run(intent) {
    const request = plan(intent.kind, this.current, this.config, this.switches());
    let result;
    try {
      result = await engine().call("neuron", request.args);
    } catch (error) {
      this.refusal = error.message;
      this.showMessages();
      this.queue.clear(); // what waits would start from the same refusal
      return;
    }
    this.current = request.finish(result);
    if (intent.kind === "reset") this.start = this.current;
    this.refusal = "";
    this.transient = "";
    this.show();
    this.showMessages();
    if (intent.user) this.told(intent.cause);
  }

  switches() {
    return {
      zero: this.root.querySelector("#zero-grads").checked,
      boxes: [...this.root.querySelectorAll("[data-rg]")].map((box) => box.checked),
    };
  }

  // --- drawing ---------------------------------------------------------------------------------------------------

  show() {
    const s = this.current;
    for (const name of view.PARAMS) {
      const input = this.root.querySelector(`[data-param="${name}"]`);
      if (input && input.value === "" && !this.inputProblems[name]) input.value = view.startText(name, this.config, this.start);
    }
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
    setHidden(this.root.querySelector("[data-nonfinite]"), !view.hasNonfinite(s));
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
    this.emit("bp-change", { state: this.current, cause });
  }

  showRefusal(html) {
    const out = this.root.querySelector("[data-refusal]");
    out.innerHTML = html;
    setHidden(out, !html);
  }

  /** "Backward before forward": the engine is asked for a backward pass before any forward pass, and refuses. The
   * refusal's own class name is shown (StepOrderError): here it is the lesson, not a mistake. */
  backwardFirst() {
    const status = this.getAttribute("engine");
    if (status !== "live") {
      this.showRefusal(esc(status === "error" ? engine().failure : STILL_STARTING));
      return;
    }
    const s = this.current || this.config;
    this.showRefusal("");
    const args = Object.fromEntries(["x", "w", "b", "y"].filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
    this.queue.inOrder(() => engine().call("neuron_backward_first", args)).then(
      () => this.showRefusal("The engine ran a backward pass with no forward pass. It should have refused."),
      (error) => this.showRefusal(
        `<strong>Refused.</strong> <code>${esc(error.name)}</code>: <span data-refusal-text>${esc(error.message)}</span>` +
        "<br>Nothing moved: the numbers above are as they were. PyTorch refuses the same way when backward() has no" +
        " graph to walk.",
      ),
    );
  }

  // --- hooks from BpWidget ---------------------------------------------------------------------------------------

  /** The engine is live (or a full recompute is wanted): start from the attributes. */
  recompute(user) {
    this.resync({ kind: "reset", user, cause: "reset" });
  }

  /** An attribute set from code: the inputs follow, training starts again from the new values, no event. */
  onAttributeChanged(name) {
    delete this.inputProblems[name];
    this.restoreInput(name);
    this.showMessages();
    this.resync({ kind: "reset", user: false, cause: "reset" });
  }
}

defineWidget("bp-neuron-trainer", BpNeuronTrainer);
