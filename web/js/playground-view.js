// The playground's view: pure functions of the engine's answer (py/backprop/playground.py: a trace plus, per
// variable, the gradient and a finite-difference estimate). The graph is drawn by the same modules as the graph
// stepper's (graph-svg.js), at its last step, so both widgets show a graph the same way (the root carries the
// graph-stepper class for its styles). No DOM access here: the build prerenders with it under Node.

import { esc, fmt, num } from "./format.js";
import { readExpressionAttributes, variableAttribute } from "./variable-attributes.js";
import { graphMarkup as drawing } from "./graph-svg.js";
import { stepCount } from "./stepper-rules.js";
import { slot } from "./slots.js";

export const STYLES = ["graph-stepper.css", "playground.css"];
export const DEFAULT_EXPR = "sin(x*y) + x**2";
const SLIDER = { min: -3, max: 3, step: 0.01 };

// The attribute table. Besides these rows, each variable of the expression is an attribute named after it, holding
// its value (x="0.5" y="1.5"): see variable-attributes.js.
export const ATTRIBUTES = [
  {
    name: "expr", type: "text", default: DEFAULT_EXPR,
    // the engine checks the expression, its length included, and says what is wrong: no limit of its own here
    maxLength: null,
    doc: "The expression, which the learner can edit. Its variables get their values from attributes named after " +
      "them (x=\"0.5\"), each with a slider; a variable without one is 1.",
  },
  {
    name: "permalink", type: "boolean",
    doc: "Keep the expression and values in the page's URL hash (#expr=...&x=0.5): read it when the element starts, " +
      "and write it once the learner has changed something, so the address shares what is shown. Without it the " +
      "element never touches the address, and even with it, it never replaces a hash that is not its own (#section).",
  },
];

/** Attributes -> {expr, permalink, values, problems}. The expression and the values are checked by the engine. */
export function config(attributes) {
  return readExpressionAttributes(ATTRIBUTES, attributes);
}

export function fields(state) {
  const out = {};
  if (!state) return out;
  for (const check of state.checks) {
    out[`value-${check.name}`] = num(check.value);
    out[`grad-${check.name}`] = num(check.grad);
    out[`fd-${check.name}`] = num(check.finite_difference);
    out[`diff-${check.name}`] = check.difference === null ? "no gradient" : num(check.difference);
  }
  out.output = num(state.nodes[state.output].value);
  return out;
}

/** Variables no attribute can hold (named like an attribute HTML or the element uses): they stay at 1. */
export function unsettable(state) {
  return state ? state.checks.map((c) => c.name).filter((name) => variableAttribute(name) === null) : [];
}

/** The learner's message about them, if any. */
export function variableProblems(state) {
  const names = unsettable(state);
  if (!names.length) return [];
  const list = names.map((name) => (name.length > 20 ? `${name.slice(0, 19)}…` : name)).join(", ");
  return [`${list} cannot have ${names.length === 1 ? "its own slider" : "their own sliders"}: the name is taken by ` +
    "HTML or by the widget itself (or starts with on), so it stays at 1. Rename the variable to vary it."];
}

/** One slider and number entry per variable of the expression; disabled for a variable no attribute can hold. */
export function slidersMarkup(state, cfg) {
  const names = state ? state.checks.map((c) => c.name) : Object.keys(cfg.values);
  const stuck = unsettable(state);
  return names.map((name) => {
    const check = state ? state.checks.find((c) => c.name === name) : null;
    const attribute = variableAttribute(name);
    const given = attribute && Object.hasOwn(cfg.values, attribute) ? Number(cfg.values[attribute]) : 1;
    const value = check ? check.value : given;
    const id = `pg-${esc(name)}`;
    const off = stuck.includes(name) ? " disabled" : "";
    return `<div class="variable" data-variable="${esc(name)}">
      <label for="${id}-range">${esc(name)}</label>
      <input id="${id}-range" type="range" part="slider" min="${SLIDER.min}" max="${SLIDER.max}" step="${SLIDER.step}"
        value="${esc(value)}" data-range="${esc(name)}"${off}>
      <label class="visually-hidden" for="${id}-number">${esc(name)}, exact value</label>
      <input id="${id}-number" type="number" part="input" step="any" value="${esc(value)}" data-number="${esc(name)}"${off}>
    </div>`;
  }).join("");
}

/** Engine gradient next to the finite-difference estimate, per variable. */
export function checksMarkup(state) {
  if (!state) return "";
  const v = fields(state);
  const rows = state.checks.map((c) => `<tr>
      <th scope="row">${esc(c.name)} = ${slot(`value-${c.name}`, v)}</th>
      <td class="by-backprop">${slot(`grad-${c.name}`, v)}</td>
      <td class="by-nudging">${slot(`fd-${c.name}`, v)}</td>
      <td>${c.difference === null ? "no gradient" : slot(`diff-${c.name}`, v)}</td>
    </tr>`).join("");
  return `<table class="checks" part="checks">
    <caption>Each gradient two ways: backpropagation, and nudging the input (f(v + h) − f(v − h)) / 2h</caption>
    <thead><tr><th scope="col">variable</th><th scope="col">dL/d… (backprop)</th>
      <th scope="col">finite difference</th><th scope="col">backprop − estimate</th></tr></thead>
    <tbody>${rows}</tbody></table>
    <p class="output">L = ${slot("output", v)}</p>`;
}

/** The graph with every step taken: the playground shows the finished forward and backward pass. */
export function graphMarkup(state) {
  return drawing(state, state ? stepCount(state) : 0);
}

/** Where a refused expression went wrong: the text with a caret under the column the engine named. */
export function pointerText(expr, column) {
  if (!column || column < 1) return "";
  const line = String(expr).split("\n")[0];
  return `${line}\n${" ".repeat(Math.min(column - 1, line.length))}^`;
}

export function render(state, cfg) {
  const problems = [...(cfg.problems || []), ...variableProblems(state)];
  return `
<div class="bp graph-stepper playground" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <div class="expr-row" part="controls">
    <label for="pg-expr">L =</label>
    <input id="pg-expr" type="text" part="input" value="${esc(cfg.expr)}" spellcheck="false" autocomplete="off"
      autocapitalize="off" aria-describedby="pg-help" data-expr>
  </div>
  <p id="pg-help" class="help">Numbers, variables, + − * / **, parentheses, sin cos exp log sqrt tanh sigmoid relu,
    pi and e. Press Enter or leave the field to draw it.</p>
  <p class="message" data-message role="alert" part="message"${problems.length ? "" : " hidden"}>${esc(problems.join(" "))}</p>
  <pre class="pointer" data-pointer aria-hidden="true" hidden></pre>
  <div class="variables" part="variables" data-variables>${slidersMarkup(state, cfg)}</div>
  <div class="scroller" part="graph" data-graph>${graphMarkup(state)}</div>
  <div data-checks>${checksMarkup(state)}</div>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}

export function summary(state) {
  if (!state) return "";
  const grads = state.checks.map((c) => `dL/d${c.name} = ${fmt(c.grad)}`).join(", ");
  return `L = ${fmt(state.nodes[state.output].value)}; ${grads}.`;
}
