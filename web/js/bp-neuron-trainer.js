// <bp-neuron-trainer>: one sigmoid neuron trained one SGD step at a time (section 3 of the lesson page), with the
// switches behind the classic PyTorch bugs (section 4).
//
// Attributes: see ATTRIBUTES in neuron-trainer-view.js: the starting point x, w, b, y, lr (each one absent is the
//   engine's default, the lesson's neuron); steps (updates taken); the switches no-zero-grad and no-grad. The state
//   shown is always the engine's for the attributes: set from code, any of them recomputes it (no event). The
//   learner's actions are written back into them: One step counts up steps, an edited input sets its attribute and
//   steps goes back to 0, Reset sets steps to 0, a switch sets its attribute and the run is computed again with it.
// Properties:
//   x, w (arrays of numbers), b, y, lr (numbers), steps: the parsed attribute (the starting point's undefined when
//     absent); setting one sets it. noZeroGrad, noGrad (for no-zero-grad, no-grad) likewise.
//   state (read-only): the engine's neuron_step result for the current parameters, full precision and JSON-able -
//     x, w, b, y, lr, products, z, yhat, loss, dL_dyhat, dyhat_dz, dL_dz, dL_dw, dL_db, grad_w, grad_b, w_new, b_new,
//     limits - plus steps (updates applied so far), losses (the loss at each step, losses[k] after k updates), carried
//     (the .grad buffers this backward pass started from, or null when they were zeroed), zero_grads, requires_grad,
//     start (the starting w and b).
// Methods: pinnedAttributes(): the attributes that reproduce what is shown (the authors' page copies them).
// Events: bp-change (bubbles, composed) after each change the learner makes - One step, Reset, an edited input, a
//   switch - once the engine has answered; detail {state, cause}, cause = "step" | "reset" | "edit" | "switch".
//   Never fired when an attribute or property is set from code.
// Practice (attribute practice; practice.js): asks delta (dL/dz), the first weight's gradient that has one and that
//   weight after the update, each hidden (shown as ?) until answered or shown. The answer box (part
//   answer) takes a number or arithmetic such as 3*4; Check (or Enter) grades it in the engine, Show answer shows it.
//   bp-answer (bubbles, composed) after each graded Check and each Show answer, bp-complete when every question is
//   done; detail.statement is an xAPI-shaped statement (verb answered / completed, object with the question in words,
//   result with success, response, duration, score raw/max on complete, extensions with the expected value and the
//   hint kind); no actor, nothing personal. The progress is state.practice, restored by setting state = {practice};
//   with remember it is kept in localStorage per page, widget and build, and Start over clears it.
// Parts: root, model, controls, input, gotchas, switch, button (also step, reset), refusal, message, actions,
//   forward, backward, delta-note, update, pile-note, chart, notice; in practice mode
//   practice, answer, check, show-answer, start-over
// Attribute set by the element: engine = static | live | error
//
// Every number shown comes from the engine: "One step" sends the update the engine computed (w_new, b_new) back to
// it as the new current parameters, with the .grad buffers when gradients are not being zeroed (neuron-plan.js); the
// engine trains to `steps` the same way, so the pinned attributes give the same numbers bit for bit.

import { BpWidget, defineWidget } from "./widget-base.js";
import { esc } from "./format.js";
import { setHidden } from "./slots.js";
import { paramText, parseParam } from "./neuron-entries.js";
import { mergeIntents, noGradText, plan } from "./neuron-plan.js";
import * as view from "./neuron-trainer-view.js";
import { linkTerms } from "./linked-terms.js";

const INPUT_MESSAGE_DELAY_MS = 900; // a half-typed list ("0.2, -") is not an error until the learner pauses
const STILL_STARTING = "Python is still starting; the buttons work as soon as it is ready.";

export class BpNeuronTrainer extends BpWidget {
  static view = view;
  static fn = "neuron";

  /** Updates taken in the state shown (the steps attribute follows it). */
  get steps() {
    return this.current ? view.normal(this.current).steps : 0;
  }

  set steps(value) {
    this.setAttribute("steps", String(value));
  }

  /** The attributes that reproduce what is shown: the starting point, steps and the switches, as the engine used them
   * (an attribute the engine did not take is replaced by what it used instead). */
  pinnedAttributes() {
    const out = Object.fromEntries([...this.attributes].filter((a) => a.name !== "engine").map((a) => [a.name, a.value]));
    const s = this.current && view.normal(this.current);
    if (!s) return out;
    Object.assign(out, { x: paramText(s.x), w: paramText(s.start.w), b: paramText(s.start.b), y: paramText(s.y),
      lr: paramText(s.lr), steps: String(s.steps) });
    delete out["no-zero-grad"];
    delete out["no-grad"];
    if (!s.zero_grads) out["no-zero-grad"] = "";
    if (noGradText(s.requires_grad)) out["no-grad"] = noGradText(s.requires_grad);
    return out;
  }

  bind() {
    linkTerms(this.root);
    this.inputProblems = {};
    this.inputTimers = {};
    this.refusal = "";
    this.waitingResync = null;
    if (this.current) this.current = view.normal(this.current);
    const $ = (selector) => this.root.querySelector(selector);
    for (const input of this.root.querySelectorAll("[data-param]")) {
      input.addEventListener("input", () => this.edited(input, false));
      input.addEventListener("change", () => this.edited(input, true));
    }
    $("#step").addEventListener("click", () => this.stepClicked());
    $("#reset").addEventListener("click", () => this.resetClicked());
    $("#zero-grads").addEventListener("change", () => this.switched());
    $("[data-rg-boxes]").addEventListener("change", () => this.switched());
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
    this.resync({ kind: "sync", restart: true, user: true, cause: "edit" });
  }

  /** A switch: its attribute follows the learner, and the run so far is computed again with it (the same steps). */
  switched() {
    const boxes = [...this.root.querySelectorAll("[data-rg]")].map((box) => box.checked);
    this.reflect("no-zero-grad", this.root.querySelector("#zero-grads").checked ? null : "");
    this.reflect("no-grad", noGradText(boxes) || null);
    this.resync({ kind: "sync", user: true, cause: "switch" });
  }

  /** Back to the attributes: the inputs show them again, and training starts over. */
  resetClicked() {
    for (const input of this.root.querySelectorAll("[data-param]")) this.restoreInput(input.dataset.param);
    this.inputProblems = {};
    this.showRefusal("");
    this.resync({ kind: "sync", restart: true, user: true, cause: "reset" });
  }

  /** An input box shows its attribute again (or, with none, the engine's starting value). */
  restoreInput(name) {
    const input = this.root.querySelector(`[data-param="${name}"]`);
    if (!input) return;
    clearTimeout(this.inputTimers[name]);
    input.value = view.startText(name, this.config, this.current);
    input.removeAttribute("aria-invalid");
  }

  stepClicked() {
    const status = this.getAttribute("engine");
    if (status !== "live") {
      this.transient = status === "error" ? this.engine().failure : STILL_STARTING;
      this.showMessages();
      return;
    }
    // every click counts (five quick clicks are five updates), so steps queue up in order
    this.waitingResync = null;
    this.queue.inOrder(() => this.run({ kind: "step", user: true, cause: "step" }));
  }

  /** A sync (a restart is one too): only the newest waits, merged with the one it replaces (neuron-plan.js). Before
   * the engine is live nothing is asked: going live computes whatever the attributes then say. */
  resync(next) {
    if (!this.isLive()) {
      if (next.restart) this.reflect("steps", null);
      return;
    }
    const intent = mergeIntents(this.waitingResync, next);
    this.waitingResync = intent;
    this.queue.latest(() => {
      if (this.waitingResync === intent) this.waitingResync = null;
      return this.run(intent);
    });
  }

  /** One engine call, start to finish, inside the queue: the next step must start from this one's answer. A restart
   * sets steps to 0 here, not at the click: steps queued before it land first and count up. */
  async run(intent) {
    const limit = this.current && this.current.limits.steps;
    if (intent.kind === "step" && this.current && this.current.steps >= limit) {
      this.transient = `The trainer stops at ${limit} steps, the most the engine retrains when the page opens.`;
      this.showMessages();
      return;
    }
    if (intent.restart) this.reflect("steps", null);
    const request = plan(intent.kind, this.current, this.config);
    let result;
    try {
      result = await this.engine().call("neuron", request.args);
    } catch (error) {
      this.refusal = error.message;
      this.showMessages();
      this.queue.clear(); // what waits would start from the same refusal
      return;
    }
    this.current = request.finish(result);
    if (intent.kind === "step") this.reflect("steps", this.current.steps);
    this.refusal = "";
    this.transient = "";
    this.show();
    if (this.practiceRun) this.practiceRun.stateChanged();
    this.showMessages();
    if (intent.user) this.told(intent.cause);
  }

  // --- drawing ---------------------------------------------------------------------------------------------------

  show() {
    const s = this.current;
    for (const name of view.PARAMS) {
      const input = this.root.querySelector(`[data-param="${name}"]`);
      if (input && input.value === "" && !this.inputProblems[name]) input.value = view.startText(name, this.config, s);
    }
    if (this.alreadyShown(s)) return;
    const results = this.root.querySelector("[data-results]");
    const scrolled = [...results.querySelectorAll(".table-wrap")].map((wrap) => wrap.scrollLeft);
    results.innerHTML = view.results(s, this.config);
    [...results.querySelectorAll(".table-wrap")].forEach((wrap, i) => { wrap.scrollLeft = scrolled[i] || 0; });
    this.root.querySelector("[data-steps]").textContent = String(s.steps);
    // the switches show what the numbers were computed with (attributes set from code change them too)
    this.root.querySelector("#zero-grads").checked = s.zero_grads;
    const boxes = this.root.querySelector("[data-rg-boxes]");
    if (boxes.querySelectorAll("[data-rg]").length !== s.w.length + 1) {
      boxes.innerHTML = view.gradSwitches(s.w.length, s.requires_grad);
    }
    boxes.querySelectorAll("[data-rg]").forEach((box, i) => { box.checked = s.requires_grad[i]; });
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
      this.showRefusal(esc(status === "error" ? this.engine().failure : STILL_STARTING));
      return;
    }
    const s = this.current || this.config;
    this.showRefusal("");
    const args = Object.fromEntries(["x", "w", "b", "y"].filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
    this.queue.inOrder(() => this.engine().call("neuron_backward_first", args)).then(
      () => this.showRefusal("The engine ran a backward pass with no forward pass. It should have refused."),
      (error) => this.showRefusal(
        `<strong>Refused.</strong> <code>${esc(error.name)}</code>: <span data-refusal-text>${esc(error.message)}</span>` +
        "<br>Nothing moved: the numbers above are as they were. PyTorch refuses the same way when backward() has no" +
        " graph to walk.",
      ),
    );
  }

  // --- hooks from BpWidget ---------------------------------------------------------------------------------------

  /** The engine is live (or a full recompute is wanted): the state of the attributes. */
  recompute(user) {
    this.resync({ kind: "sync", user, cause: "reset" });
  }

  /** An attribute set from code: the inputs follow, the state is computed again from the attributes, no event. */
  onAttributeChanged(name) {
    delete this.inputProblems[name];
    this.restoreInput(name);
    this.showMessages();
    this.resync({ kind: "sync", user: false, cause: "reset" });
  }
}

defineWidget("bp-neuron-trainer", BpNeuronTrainer);
