// <bp-grad-cost>: why backpropagation and not the alternatives. For a neuron with n weights, the work of getting all
// n gradients three ways (nudging each weight, forward mode, reverse mode), counted by the engine as it does it, with
// a slider for n: the first two grow with n, reverse mode's one backward sweep does not.
//
// Attributes: see ATTRIBUTES in grad-cost-view.js (n); changing it recomputes.
// Properties: n (the parsed value; setting it sets the attribute), state (the engine's answer, read-only)
// Events: bp-change (bubbles, composed) after each change the learner makes; detail {state}. Never fired when n is
//   set from code.
// Parts: root, controls, slider, input, chart, table, agree, message, notice
// Attribute set by the element: engine = static | live | error

import { BpWidget, defineWidget } from "./widget-base.js";
import * as view from "./grad-cost-view.js";
import { paint } from "./slots.js";

export class BpGradCost extends BpWidget {
  static view = view;
  static fn = "gradient_cost";

  args() {
    const n = this.config.n;
    return n === undefined ? {} : { n };
  }

  bind() {
    const range = this.root.querySelector("#gc-range");
    const entry = this.root.querySelector("#gc-number");
    range.addEventListener("input", () => {
      entry.value = range.value;
      this.fromUser(range.value);
    });
    entry.addEventListener("input", () => {
      if (entry.value === "") return; // half typed: wait for a number
      range.value = entry.value;
      this.fromUser(entry.value);
    });
  }

  /** The learner chose n: keep the attribute in step (without recomputing twice) and ask the engine, which says what
   * it takes if it refuses. */
  fromUser(text) {
    this.reflect("n", text);
    this.request({ n: text }, true);
  }

  paint(state) {
    paint(this.root, view.fields(state));
    this.root.querySelector("[data-bars]").innerHTML = view.barsMarkup(state);
    for (const input of this.root.querySelectorAll("#gc-range, #gc-number")) {
      input.min = String(state.limits.min);
      input.max = String(state.limits.max);
      input.disabled = false;
      if (this.root.activeElement !== input) input.value = String(state.n);
    }
  }

  onAttributeChanged() {
    this.showProblems(this.config.problems);
    this.request(this.args(), false);
  }
}

defineWidget("bp-grad-cost", BpGradCost);
