// The cost widget's view: pure functions of the engine's answer (py/backprop/costs.py, gradient_cost): for a neuron
// with n weights, the work of getting all n gradients by nudging, by forward mode and by reverse mode, as counted
// while the engine did it. No DOM access here: the build prerenders with it under Node.

import { esc, fmt } from "./format.js";
import { readAttributes } from "./attributes.js";
import { slot } from "./slots.js";

export const STYLES = ["grad-cost.css"];

// The attribute table. n's default and its range are the engine's (costs.py): it says what it takes, and why not.
export const ATTRIBUTES = [
  {
    name: "n", type: "integer", default: undefined, defaultDoc: "the engine's (8)",
    doc: "How many weights the neuron has (the engine takes 1 to 64). The learner changes it with the slider or " +
      "types it.",
  },
];

// The three ways, in the order the table lists them (ids as the engine names them).
const METHODS = {
  nudge: { name: "Nudging (finite differences)", how: "two forward passes per weight" },
  forward: { name: "Forward mode", how: "one forward pass, then one sweep per weight" },
  reverse: { name: "Reverse mode (backpropagation)", how: "one forward pass, one backward sweep" },
};
const BAR = { width: 420, height: 22, gap: 10, label: 0 };

/** Attributes (strings) -> {n, problems}; n is left out when not given (the engine's default applies). */
export function config(attributes) {
  const { values, problems } = readAttributes(ATTRIBUTES, attributes);
  return { ...values, problems };
}

/** Every text slot, by name: counts as whole numbers, the ratio to reverse mode and the gaps rounded. */
export function fields(state) {
  const out = {};
  if (!state) return out;
  out.n = String(state.n);
  out.nodes = String(state.graph_nodes);
  out.edges = String(state.graph_edges);
  for (const m of state.methods) {
    for (const key of ["forward_passes", "nodes", "sweeps", "products", "total"]) out[`${m.id}-${key}`] = String(m[key]);
    out[`${m.id}-times`] = `${fmt(m.times_reverse, 1)}×`;
    out[`${m.id}-gap`] = fmt(m.gap);
  }
  return out;
}

const methodOf = (state, id) => state.methods.find((m) => m.id === id);

function tableMarkup(state) {
  const v = fields(state);
  const ids = state ? state.methods.map((m) => m.id) : Object.keys(METHODS);
  const rows = ids.map((id) => `<tr class="m-${id}">
      <th scope="row">${esc(METHODS[id].name)}<span class="how">${esc(METHODS[id].how)}</span></th>
      <td>${slot(`${id}-forward_passes`, v)}</td><td>${slot(`${id}-nodes`, v)}</td>
      <td>${slot(`${id}-sweeps`, v)}</td><td>${slot(`${id}-products`, v)}</td>
      <td class="total">${slot(`${id}-total`, v)}</td><td>${slot(`${id}-times`, v)}</td>
    </tr>`).join("");
  return `<div class="table-scroll" tabindex="0" role="region" aria-labelledby="gc-caption">
    <table class="costs" part="table">
    <caption id="gc-caption">All ${slot("n", v)} gradients, three ways: the work each does, counted as the engine did it</caption>
    <thead><tr><th scope="col">way</th><th scope="col">forward passes</th><th scope="col">node evaluations</th>
      <th scope="col">gradient sweeps</th><th scope="col">edge products</th><th scope="col">operations in all</th>
      <th scope="col">× reverse mode</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

/** Bars of the operations in all, one per way, to scale (the table says the same in numbers). */
export function barsMarkup(state) {
  if (!state) return "";
  const most = Math.max(...state.methods.map((m) => m.total));
  const h = state.methods.length * (BAR.height + BAR.gap);
  const bars = state.methods.map((m, i) => {
    const y = i * (BAR.height + BAR.gap);
    const w = Math.max(2, Math.round((m.total / most) * BAR.width * 10) / 10);
    return `<rect class="bar b-${m.id}" x="0" y="${y}" width="${w}" height="${BAR.height}" rx="3"/>`;
  }).join("");
  return `<svg class="bars" viewBox="0 0 ${BAR.width} ${h}" width="${BAR.width}" height="${h}" aria-hidden="true"
    focusable="false" preserveAspectRatio="none">${bars}</svg>`;
}

function barLabels(state) {
  const ids = state ? state.methods.map((m) => m.id) : Object.keys(METHODS);
  return ids.map((id) => `<li class="m-${id}">${esc(METHODS[id].name)}</li>`).join("");
}

export function render(state, cfg) {
  const v = fields(state);
  const n = state ? state.n : cfg.n ?? "";
  const max = state ? state.limits.max : "";
  const min = state ? state.limits.min : 1;
  const disabled = state ? "" : " disabled";
  return `
<div class="bp grad-cost" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <div class="controls" part="controls">
    <label for="gc-range">weights n</label>
    <input id="gc-range" type="range" part="slider" min="${min}" max="${max}" step="1" value="${esc(n)}"${disabled}>
    <label class="visually-hidden" for="gc-number">weights n, exact value</label>
    <input id="gc-number" type="number" part="input" step="1" min="${min}" max="${max}" value="${esc(n)}"${disabled}>
  </div>
  <p class="message" data-message role="alert" part="message" hidden></p>
  <p class="sentence">The loss of a neuron with ${slot("n", v)} weights is a graph of ${slot("nodes", v)} operations and
    ${slot("edges", v)} edges that carry a gradient.</p>
  <div class="chart" part="chart"><ul class="bar-labels" aria-hidden="true">${barLabels(state)}</ul>
    <div data-bars>${barsMarkup(state)}</div></div>
  ${tableMarkup(state)}
  <p class="agree" part="agree">Same gradients all three ways: nudging is within ${slot("nudge-gap", v)} of reverse
    mode (its own error), forward mode within ${slot("forward-gap", v)} (rounding).</p>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}

/** One sentence for the live region. */
export function summary(state) {
  if (!state) return "";
  const total = (id) => methodOf(state, id).total;
  return `${state.n} weights: nudging ${total("nudge")} operations, forward mode ${total("forward")}, ` +
    `reverse mode ${total("reverse")}.`;
}
