// The playground's view: pure functions of the engine's answer (py/backprop/playground.py: a trace plus, per
// variable, the gradient and a finite-difference estimate). The graph is drawn by the graph stepper's own view at its
// last step, so both widgets show a graph the same way (the root carries the graph-stepper class for its styles). No DOM access here: the build prerenders with it under Node.

import { esc, fmt, full } from "./format.js";
import * as graphView from "./graph-stepper-view.js";

export const STYLES = ["graph-stepper.css", "playground.css"];
export const DEFAULT_EXPR = "sin(x*y) + x**2";
const SLIDER = { min: -3, max: 3, step: 0.01 };

/** Attributes -> {expr, values, problems}: the graph stepper's rules (variables are attributes named after them). */
export function config(attributes) {
  const cfg = graphView.config({ expr: DEFAULT_EXPR, ...attributes });
  return { expr: cfg.expr, values: cfg.values, problems: cfg.problems, step: 0 };
}

/** The state with every step taken: the playground shows the finished forward and backward pass. */
function finished(state) {
  return state ? { ...state, k: graphView.stepCount(state) } : null;
}

export function fields(state) {
  const out = {};
  if (!state) return out;
  for (const check of state.checks) {
    out[`grad-${check.name}`] = check.grad;
    out[`fd-${check.name}`] = check.finite_difference;
    out[`diff-${check.name}`] = check.difference ?? "no gradient";
  }
  out.output = state.nodes[state.output].value;
  return out;
}

const num = (key, value, extra = "") =>
  `<span data-f="${esc(key)}" title="${esc(full(value))}"${extra}>${esc(fmt(value))}</span>`;

/** Variables no attribute can hold (named like an attribute HTML or the element uses): they stay at 1. */
export function unsettable(state) {
  return state ? state.checks.map((c) => c.name).filter((name) => graphView.variableAttribute(name) === null) : [];
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
    const attribute = graphView.variableAttribute(name);
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
  const rows = state.checks.map((c) => `<tr>
      <th scope="row">${esc(c.name)} = ${num(`value-${c.name}`, c.value)}</th>
      <td class="by-backprop">${num(`grad-${c.name}`, c.grad)}</td>
      <td class="by-nudging">${num(`fd-${c.name}`, c.finite_difference)}</td>
      <td>${c.difference === null ? "no gradient" : num(`diff-${c.name}`, c.difference)}</td>
    </tr>`).join("");
  return `<table class="checks" part="checks">
    <caption>Each gradient two ways: backpropagation, and nudging the input (f(v + h) − f(v − h)) / 2h</caption>
    <thead><tr><th scope="col">variable</th><th scope="col">dL/d… (backprop)</th>
      <th scope="col">finite difference</th><th scope="col">backprop − estimate</th></tr></thead>
    <tbody>${rows}</tbody></table>
    <p class="output">L = ${num("output", state.nodes[state.output].value)}</p>`;
}

export function graphMarkup(state, cfg) {
  return graphView.graphMarkup(finished(state), cfg);
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
  <div class="scroller" part="graph" data-graph>${graphMarkup(state, cfg)}</div>
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
