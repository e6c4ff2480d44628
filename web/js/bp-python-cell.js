// <bp-python-cell>: a Python listing with a Run button that runs it in the page's own Pyodide and shows what it
// really prints. It enhances markup the page already holds (so the listing and its recorded output read fine without
// JavaScript):
//
//   <bp-python-cell [editable]>
//     <pre><code>...the listing...</code></pre>
//     <pre data-output>...what it printed when the site was built...</pre>
//   </bp-python-cell>
//
// Attributes: editable (the listing becomes a textarea the learner can change and run); exercise="NAME" (each run is
//   checked by the engine's exercise NAME, backprop/exercise.py, e.g. "xor"; its verdict is shown under the Run
//   button, and the element's <p data-exercise-question> in the page is the question the statements carry)
// Events: bp-run (bubbles, composed) after each run; detail {stdout, error, verdict}. With exercise, also bp-answer
//   after each checked run and bp-complete when it first passes (bubbles, composed), detail {statement}: the
//   practice widgets' xAPI-shaped statements (exercise-statements.js)
// Light DOM on purpose: the listing is page content, styled with the page's code styles.

import { answeredStatement, completedStatement, exerciseObject } from "./exercise-statements.js";
import { BUILD_ID, SITE } from "./build-id.js";
import { engine } from "./runtime.js";

/** What the cell says when the engine gave no verdict: the run never reached the check. */
function fallbackVerdict({ error, overdue }) {
  return { passed: false, kind: overdue ? "timeout" : "error", message: `Not checked: ${error}`, loss: null, loss_below: null };
}

class BpPythonCell extends HTMLElement {
  connectedCallback() {
    if (this.button) return;
    const code = this.querySelector("pre > code");
    this.output = this.querySelector("[data-output]");
    if (!code || !this.output) return;
    this.source = code.textContent;
    if (this.hasAttribute("editable")) {
      const editor = document.createElement("textarea");
      editor.className = "cell-editor";
      editor.spellcheck = false;
      editor.value = this.source;
      editor.rows = Math.min(40, this.source.split("\n").length + 1);
      editor.setAttribute("aria-label", "Python code you can edit and run");
      code.parentElement.replaceWith(editor);
      this.editor = editor;
    }
    const bar = document.createElement("div");
    bar.className = "cell-bar";
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.textContent = "Run in your browser";
    this.status = document.createElement("span");
    this.status.className = "cell-status";
    this.status.setAttribute("role", "status");
    bar.append(this.button, this.status);
    this.output.before(bar);
    this.exercise = this.getAttribute("exercise");
    if (this.exercise) this.setUpExercise(bar);
    this.output.setAttribute("aria-live", "polite");
    this.button.addEventListener("click", () => this.run());
  }

  setUpExercise(bar) {
    this.verdict = document.createElement("p");
    this.verdict.className = "cell-verdict";
    this.verdict.setAttribute("role", "status");
    this.verdict.hidden = true;
    bar.after(this.verdict);
    this.button.textContent = "Run and check";
    const question = this.querySelector("[data-exercise-question]");
    this.activity = exerciseObject(location.href, this.exercise, question ? question.textContent.trim().replace(/\s+/g, " ") : "");
    this.attempts = 0;
    this.started = null; // the first edit or run: where an attempt's duration starts
    this.completed = false;
    if (this.editor) this.editor.addEventListener("input", () => { this.started ??= Date.now(); }, { once: true });
  }

  /** The engine's verdict on one run: shown under the button, and told to the page as statements. */
  report(verdict, code) {
    this.verdict.hidden = false;
    this.verdict.textContent = verdict.message;
    this.verdict.dataset.kind = verdict.kind;
    this.attempts += 1;
    const now = Date.now();
    const common = { site: SITE, build: BUILD_ID, object: this.activity, attempts: this.attempts,
      elapsedMs: now - this.started, timestamp: new Date(now).toISOString() };
    this.emit("bp-answer", answeredStatement({ ...common, verdict, code }));
    if (verdict.passed && !this.completed) {
      this.completed = true;
      this.emit("bp-complete", completedStatement(common));
    }
  }

  emit(type, statement) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: { statement } }));
  }

  async run() {
    const code = this.editor ? this.editor.value : this.source;
    if (this.exercise) this.started ??= Date.now();
    this.button.disabled = true;
    const client = engine();
    this.status.textContent = client.state === "live" ? "Running…" : "Waiting for Python to start…";
    try {
      await client.ready;
      this.status.textContent = "Running…";
      const ran = await client.run(code, { check: this.exercise || null });
      const { stdout, error } = ran;
      const verdict = this.exercise ? ran.verdict || fallbackVerdict(ran) : null;
      this.output.textContent = stdout + (error ? `${stdout && !stdout.endsWith("\n") ? "\n" : ""}${error}\n` : "");
      this.output.classList.toggle("has-error", Boolean(error));
      this.status.textContent = error ? "Finished with an error (shown below)." : "Output below: printed just now, in your browser.";
      if (verdict) this.report(verdict, code);
      this.dispatchEvent(new CustomEvent("bp-run", { bubbles: true, composed: true, detail: { stdout, error, verdict } }));
    } catch (failure) {
      this.status.textContent = failure.message;
    } finally {
      this.button.disabled = false;
    }
  }
}

customElements.define("bp-python-cell", BpPythonCell);
