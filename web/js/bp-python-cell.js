// <bp-python-cell>: a Python listing with a Run button that runs it in the page's own Pyodide and shows what it
// really prints. It enhances markup the page already holds (so the listing and its recorded output read fine without
// JavaScript):
//
//   <bp-python-cell [editable]>
//     <pre><code>...the listing...</code></pre>
//     <pre data-output>...what it printed when the site was built...</pre>
//   </bp-python-cell>
//
// Attributes: editable (the listing becomes a textarea the learner can change and run)
// Events: bp-run (bubbles, composed) after each run; detail {stdout, error}
// Light DOM on purpose: the listing is page content, styled with the page's code styles.

import { engine } from "./runtime.js";

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
    this.output.setAttribute("aria-live", "polite");
    this.button.addEventListener("click", () => this.run());
  }

  async run() {
    const code = this.editor ? this.editor.value : this.source;
    this.button.disabled = true;
    const client = engine();
    this.status.textContent = client.state === "live" ? "Running…" : "Waiting for Python to start…";
    try {
      await client.ready;
      this.status.textContent = "Running…";
      const { stdout, error } = await client.run(code);
      this.output.textContent = stdout + (error ? `${stdout && !stdout.endsWith("\n") ? "\n" : ""}${error}\n` : "");
      this.output.classList.toggle("has-error", Boolean(error));
      this.status.textContent = error ? "Finished with an error (shown below)." : "Output below: printed just now, in your browser.";
      this.dispatchEvent(new CustomEvent("bp-run", { bubbles: true, composed: true, detail: { stdout, error } }));
    } catch (failure) {
      this.status.textContent = failure.message;
    } finally {
      this.button.disabled = false;
    }
  }
}

customElements.define("bp-python-cell", BpPythonCell);
