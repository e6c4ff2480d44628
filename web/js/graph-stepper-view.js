// The step-through computation graph's view: pure functions of the engine's trace (py/backprop/trace.py) and a step
// number k. Used in the page by <bp-graph-stepper> and by the build (Node) to prerender the first frame, so no DOM
// access here. The pieces are modules of their own, shared with <bp-playground>: what step k shows
// (stepper-rules.js), where everything goes (graph-ranks.js, graph-layout.js), the drawing (graph-svg.js) and the
// words (graph-prose.js). Here: the attributes, the example switch, and the widget around the drawing.

import { esc } from "./format.js";
import { readExpressionAttributes, variableAttribute } from "./variable-attributes.js";
import { clip, shownExpression } from "./graph-labels.js";
import { graphMarkup as drawing } from "./graph-svg.js";
import { explainMarkup as explain, summary as sentence, tableMarkup as table } from "./graph-prose.js";
import { clampStep, stepCount } from "./stepper-rules.js";
import { slot } from "./slots.js";
import { PRACTICE_ATTRIBUTES } from "./practice-widgets.js";

export const STYLES = ["graph-stepper.css"];

export const DEFAULT_EXPR = "(a*b + c)*d";

/** The built-in examples of the switch: the lesson's graph (section 2 of the lesson page), and a fan-out where `a`
 * is used twice. */
export const EXAMPLES = [
  { id: "lesson", title: "(a*b + c)*d", expr: "(a*b + c)*d", values: { a: "2", b: "3", c: "-1", d: "4" } },
  { id: "fanout", title: "fan-out: (a*b + a)*d", expr: "(a*b + a)*d", values: { a: "2", b: "3", d: "4" } },
];

// The attribute table. Besides these rows, each variable of the expression is an attribute named after it, holding
// its value (a="2" b="3"): see variable-attributes.js.
export const ATTRIBUTES = [
  {
    name: "expr", type: "text", default: DEFAULT_EXPR,
    // the engine checks the expression, its length included, and says what is wrong: no limit of its own here
    maxLength: null,
    doc: "The expression drawn. Its variables get their values from attributes named after them (a=\"2\"); a " +
      "variable without one is 1. The engine checks the expression and explains what it cannot read.",
  },
  { name: "step", type: "integer", min: 0, default: 0, doc: "The step shown first (a step past the end is the last)." },
  ...PRACTICE_ATTRIBUTES,
];

/** A step written as digits but too large for a float is still a step past the end: the last one. */
const stepText = (raw) => (/^\s*\d+\s*$/.test(raw ?? "") && !Number.isFinite(Number(raw)) ? String(Number.MAX_VALUE) : raw);

/** Attributes (strings) -> {expr, values, step, problems}. The expression itself is checked by the engine. */
export function config(attributes) {
  return readExpressionAttributes(ATTRIBUTES, { ...attributes, step: stepText(attributes.step) });
}

/** The learner's messages for a trace: variables that had no value, and variables no attribute can give one. */
export function stateProblems(state) {
  if (!state || !state.missing || state.missing.length === 0) return [];
  const problems = [];
  const settable = state.missing.filter((name) => variableAttribute(name) !== null);
  const stuck = state.missing.filter((name) => variableAttribute(name) === null);
  if (settable.length) {
    const example = `${variableAttribute(settable[0])}="2"`;
    problems.push(settable.length === 1
      ? `No value given for ${settable[0]}: using 1. Give it as an attribute, e.g. ${example}.`
      : `No values given for ${settable.join(", ")}: using 1 for each. Give them as attributes, e.g. ${example}.`);
  }
  if (stuck.length) {
    const names = stuck.map((name) => clip(name, 20)).join(", ");
    problems.push(`No attribute can give ${names} a value (${stuck.length === 1 ? "that name is" : "those names are"} ` +
      "taken by HTML or by the widget itself, or starts with on): using 1. Rename the variable to set it.");
  }
  return problems;
}

/** The step shown: state.k when the state carries one, else the `step` attribute; clamped to 0..N. */
export function currentStep(state, cfg) {
  return clampStep(state, state.k ?? (cfg ? cfg.step : 0));
}

/** The drawing at the step shown. */
export const graphMarkup = (state, cfg) => drawing(state, state ? currentStep(state, cfg) : 0);
/** The explanation of the step shown. */
export const explainMarkup = (state, cfg) => explain(state, state ? currentStep(state, cfg) : 0);
/** Every node at the step shown, as a table. */
export const tableMarkup = (state, cfg) => table(state, state ? currentStep(state, cfg) : 0);
/** The live region's sentence for the step shown. */
export const summary = (state, cfg) => (state ? sentence(state, currentStep(state, cfg)) : "");

/** Every text slot the element updates in place, by name. */
export function fields(state, cfg) {
  if (!state) return { stepText: "Step – / –", expression: `L = ${cfg ? cfg.expr : DEFAULT_EXPR}` };
  return { stepText: `Step ${currentStep(state, cfg)} / ${stepCount(state)}`, expression: shownExpression(state) };
}

// ---- the example switch ----------------------------------------------------------------------------------------

function sameValue(a, b) {
  return a !== undefined && b !== undefined && String(a).trim() !== "" && Number(a) === Number(b);
}

const squash = (text) => String(text).replace(/\s+/g, "");

/** Which built-in example the configuration is (index), or -1. */
export function matchExample(cfg) {
  return EXAMPLES.findIndex((ex) => squash(ex.expr) === squash(cfg.expr)
    && Object.entries(ex.values).every(([name, value]) => sameValue(cfg.values[name], value)));
}

/** The example switch's options: the author's own graph (when it is not a built-in one), then the built-ins. */
export function exampleOptions(cfg, authored = cfg) {
  const current = matchExample(cfg);
  const options = [];
  if (matchExample(authored) === -1) {
    const values = Object.entries(authored.values).map(([n, v]) => `${n}=${v}`).join(", ");
    options.push({ value: "authored", text: `as given: ${clip(authored.expr, 40)}${values ? ` (${clip(values, 40)})` : ""}`,
      selected: current === -1 });
  }
  EXAMPLES.forEach((ex, i) => options.push({ value: String(i), text: ex.title, selected: current === i }));
  if (current === -1 && !options[0].selected) options[0].selected = true;
  return options;
}

export function optionsMarkup(options) {
  return options.map((o) => `<option value="${o.value}"${o.selected ? " selected" : ""}>${esc(o.text)}</option>`).join("");
}

// ---- the whole widget ------------------------------------------------------------------------------------------

export function render(state, cfg) {
  const f = fields(state, cfg);
  const k = state ? currentStep(state, cfg) : 0;
  const n = state ? stepCount(state) : 0;
  const disabled = state ? "" : " disabled";
  const atStart = state && k === 0 ? ` aria-disabled="true"` : "";
  const atEnd = state && k === n ? ` aria-disabled="true"` : "";
  const problems = [...(cfg.problems || []), ...stateProblems(state)];
  return `
<div class="bp graph-stepper" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <div class="example-row" part="example">
    <label for="gs-example">Example</label>
    <select id="gs-example" data-example>${optionsMarkup(exampleOptions(cfg))}</select>
  </div>
  <p class="expression">${slot("expression", f)}</p>
  <p class="message" data-message role="alert" part="message"${problems.length ? "" : " hidden"}>${esc(problems.join(" "))}</p>
  <div class="scroller" part="graph" data-graph>${drawing(state, k)}</div>
  <div class="controls step-controls" part="controls" role="group" aria-label="Step through the computation"
    aria-describedby="gs-keys" data-step-controls>
    <button type="button" data-act="prev" aria-keyshortcuts="ArrowLeft"${disabled}${atStart}><span aria-hidden="true">◀</span> Previous</button>
    <button type="button" data-act="next" aria-keyshortcuts="ArrowRight"${disabled}${atEnd}>Next <span aria-hidden="true">▶</span></button>
    <button type="button" data-act="play"${disabled}><span aria-hidden="true" data-play-icon>▶</span> <span data-play-text>Play</span></button>
    <button type="button" data-act="reset"${disabled}${atStart}><span aria-hidden="true">↺</span> Reset</button>
    ${slot("stepText", f, { cls: "step-count" })}
  </div>
  <p id="gs-keys" class="hint">With a step button focused, ← and → step; Home and End go to the first and last step.</p>
  <div class="explain" part="explain" data-explain>${explain(state, k)}</div>
  <details class="table-view" part="table">
    <summary>Every number at this step, as a table</summary>
    <div data-table>${table(state, k)}</div>
  </details>
  <p class="legend" aria-hidden="true">
    <span class="key"><span class="swatch sw-fwd"></span> forward: values (cyan, solid)</span>
    <span class="key"><span class="swatch sw-back"></span> backward: gradients (rose, dashed)</span>
    <span class="key"><span class="swatch sw-const"></span> constant: no gradient (dotted)</span>
    <span class="key">edge label: local formula = local × upstream = contribution</span>
  </p>
  <p class="nonfinite" data-nonfinite part="message" ${state && state.nonfinite ? "" : "hidden"}>Some numbers are not finite (inf or NaN): floating point ran out of range.</p>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}
