// <bp-chain-rule>: the chain rule on one composition, L = sin((3x + 2)^2), with a slider for x.
//
// Attributes: see ATTRIBUTES in chain-rule-view.js (x, min, max, step); changing one recomputes.
// Properties: one per attribute (x, min, max, step: the parsed value; setting one sets the attribute),
//   state (the engine's current result, read-only, full precision)
// Events: bp-change (bubbles, composed) after each change the learner makes; detail {state}. Never fired when a value
//   is set from code.
// Practice (attribute practice; practice.js): asks dL/dv, dv/du and du/dx, then dL/dx, at the slider's x, each
//   number hidden (shown as ?) until answered or shown. The answer box (part
//   answer) takes a number or arithmetic such as 3*4; Check (or Enter) grades it in the engine, Show answer shows it.
//   bp-answer (bubbles, composed) after each graded Check and each Show answer, bp-complete when every question is
//   done; detail.statement is an xAPI-shaped statement (verb answered / completed, object with the question in words,
//   result with success, response, duration, score raw/max on complete, extensions with the expected value and the
//   hint kind); no actor, nothing personal. The progress is state.practice, restored by setting state = {practice};
//   with remember it is kept in localStorage per page, widget and build, and Start over clears it.
// Parts: root, controls, slider, input, stage, local, gradient, product, table, message, notice; in practice mode
//   practice, answer, check, show-answer, start-over
// Attribute set by the element: engine = static | live | error

import { BpWidget, defineWidget } from "./widget-base.js";
import * as view from "./chain-rule-view.js";
import { linkTerms } from "./linked-terms.js";

export class BpChainRule extends BpWidget {
  static view = view;
  static fn = "chain_rule";

  args() {
    return { x: this.config.x };
  }

  bind() {
    linkTerms(this.root);
    const range = this.root.querySelector("#x-range");
    const entry = this.root.querySelector("#x-number");
    range.addEventListener("input", () => {
      entry.value = range.value;
      this.fromUser(range.value);
    });
    entry.addEventListener("input", () => {
      // a half-typed number ("-", "0.") is not an error yet; the browser reports it as empty
      if (entry.value === "") return;
      range.value = entry.value;
      this.fromUser(entry.value);
    });
    entry.addEventListener("change", () => {
      if (entry.value === "" || !Number.isFinite(Number(entry.value))) {
        this.message("Type a number for x, such as 0.7; the last good value is still shown.");
      }
    });
  }

  /** The learner moved x: keep the attribute in step (without recomputing twice) and ask the engine. */
  fromUser(text) {
    const x = Number(text);
    if (!Number.isFinite(x)) {
      this.message("x must be a finite number; the last good value is still shown.");
      return;
    }
    this.reflect("x", x);
    this.request({ x }, true);
  }

  onAttributeChanged(name) {
    const cfg = this.config;
    const range = this.root.querySelector("#x-range");
    const entry = this.root.querySelector("#x-number");
    if (name !== "x") {
      range.min = String(cfg.min);
      range.max = String(cfg.max);
      range.step = String(cfg.step);
    }
    range.value = String(cfg.x);
    entry.value = String(cfg.x);
    this.showProblems(cfg.problems);
    if (name === "x") this.request({ x: cfg.x }, false);
  }
}

defineWidget("bp-chain-rule", BpChainRule);
