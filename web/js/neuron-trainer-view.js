// The one-step neuron trainer's view: pure functions of the engine's state, used in the page and by the build (Node)
// to prerender the first frame. No DOM access here.
//
// The state is the engine's neuron_step result (py/backprop/models.py, through widgets.neuron) for the CURRENT
// parameters - its forward pass, backward pass and the update "One step" would apply - plus the run so far:
//   steps          updates applied so far
//   losses         the loss at every step so far, losses[k] measured with the parameters after k updates
//   carried        the .grad buffers this backward pass started from ({w: [...], b}) when gradients are not zeroed,
//                  else null
//   zero_grads, requires_grad   the switches the numbers were computed with
//   start          the starting w and b, from which `steps` updates were taken
// The engine sends all of these (widgets.neuron); `normal` fills them in for a state without them.
//
// Layout: starting point (inputs) and "Things that bite" (switches) side by side, the actions, then forward |
// backward tables (neuron-tables.js), update table | loss chart (neuron-loss-chart.js). Narrow hosts stack
// everything; each table scrolls inside the widget.

import { esc, fmt, num } from "./format.js";
import { readAttributes } from "./attributes.js";
import { LISTS, paramText, parseParam } from "./neuron-entries.js";
import { MINUS, NO_GRAD, backwardTable, forwardTable, sub, updateTable } from "./neuron-tables.js";
import { chartPanel } from "./neuron-loss-chart.js";
import { PRACTICE_ATTRIBUTES } from "./practice-widgets.js";
import { term } from "./linked-terms.js";

export const STYLES = ["neuron-trainer.css"];

const ENGINE_DEFAULT = "the lesson's neuron (the engine's default)";
// The attribute table. Every default of the starting point is the engine's (widgets.neuron): an absent attribute is
// not sent, and the inputs show what the engine answered. x and w are lists, which attributes.js reads as text;
// config() reads the list. steps and the switches pin the state the learner reached: the engine trains to it again.
export const ATTRIBUTES = [
  { name: "x", type: "text", maxLength: 400, default: undefined, defaultDoc: ENGINE_DEFAULT,
    doc: "The inputs, numbers separated by commas. Changing it starts training again." },
  { name: "w", type: "text", maxLength: 400, default: undefined, defaultDoc: ENGINE_DEFAULT,
    doc: "The starting weights, one per input, separated by commas." },
  { name: "b", type: "number", default: undefined, defaultDoc: ENGINE_DEFAULT, doc: "The starting bias." },
  { name: "y", type: "number", default: undefined, defaultDoc: ENGINE_DEFAULT, doc: "The target output." },
  { name: "lr", type: "number", default: undefined, defaultDoc: ENGINE_DEFAULT, doc: "The learning rate." },
  { name: "steps", type: "integer", min: 0, default: 0,
    doc: "Updates already taken from the starting point (the engine says the most): the widget opens after them, " +
      "as if One step had been pressed that many times. It follows the learner's clicks." },
  { name: "no-zero-grad", type: "boolean",
    doc: "Gradients are not zeroed between steps (the first switch off): each backward pass adds onto the last." },
  { name: "no-grad", type: "text", maxLength: 100, default: undefined, defaultDoc: "none",
    doc: "The parameters with requires_grad off, separated by commas: w1, w2, … and b. They never move." },
  ...PRACTICE_ATTRIBUTES,
];
/** The starting point's attributes, each with an input box. */
export const PARAMS = ["x", "w", "b", "y", "lr"];

const FIELD_LABELS = {
  x: '<span class="sym">x</span> inputs', w: '<span class="sym">w</span> weights', b: '<span class="sym">b</span> bias',
  y: '<span class="sym">y</span> target', lr: '<span class="sym">lr</span> learning rate',
};

/** Attributes (strings) -> {x, w, b, y, lr, text, problems}: a parameter the attributes do not give (or give badly,
 * with a message) is left out, so the engine's default applies; text[name] is how its input box shows it. */
export function config(attributes) {
  const { values, problems } = readAttributes(ATTRIBUTES, attributes);
  for (const name of LISTS) {
    if (values[name] === undefined) continue;
    const read = parseParam(name, values[name]);
    if (read.problem) {
      problems.push(`The ${name} attribute: ${read.problem} Using ${ENGINE_DEFAULT}.`);
      delete values[name];
    } else {
      values[name] = read.value;
    }
  }
  const text = {};
  for (const name of PARAMS) if (values[name] !== undefined) text[name] = paramText(values[name]);
  return { ...values, text, problems };
}

/** How the input box of `name` reads: the attribute's value, else the engine's starting value. */
export function startText(name, cfg, state) {
  if (cfg.text[name] !== undefined) return cfg.text[name];
  if (!state) return "";
  // w and b move as training goes; x, y and lr stay what they were at the start
  const moves = name === "w" || name === "b";
  const start = !moves ? state[name] : state.start ? state.start[name] : state.steps ? undefined : state[name];
  return start === undefined ? "" : paramText(start);
}

/** Any state -> the full training state (one from before the engine said where training started has no history). */
export function normal(state) {
  if (!state) return null;
  const requires = state.w.map(() => true).concat(true); // the engine's default: every weight and the bias
  // the same keys in the same order as the engine's own answer, so the two compare equal
  return {
    ...state, steps: state.steps ?? 0, losses: state.losses ?? [state.loss], carried: state.carried ?? null,
    zero_grads: state.zero_grads ?? true, requires_grad: state.requires_grad ?? requires,
    start: state.start ?? { w: state.w, b: state.b },
  };
}

const EMPTY = "empty";

/** Every number the view shows, by slot name. Numbers stay numbers (the element formats them); a parameter with
 * requires_grad off has the text "no grad" where its gradient would be. */
export function fields(state) {
  const s = normal(state);
  const out = {};
  if (!s) return out;
  const grad = (g) => (g === null || g === undefined ? NO_GRAD : num(g));
  s.x.forEach((v, i) => { out[`x${i}`] = num(v); });
  s.w.forEach((v, i) => { out[`w${i}`] = num(v); });
  s.products.forEach((v, i) => { out[`product${i}`] = num(v); });
  for (const key of ["b", "y", "lr", "z", "yhat", "loss", "dL_dyhat", "dyhat_dz", "dL_dz", "b_new"]) out[key] = num(s[key]);
  s.dL_dw.forEach((g, i) => { out[`dL_dw${i}`] = grad(g); });
  out.dL_db = grad(s.dL_db);
  s.grad_w.forEach((g, i) => { out[`grad_w${i}`] = grad(g); });
  out.grad_b = grad(s.grad_b);
  s.w_new.forEach((v, i) => { out[`w_new${i}`] = num(v); });
  s.w.forEach((_, i) => {
    out[`carried_w${i}`] = s.carried ? grad(s.carried.w[i]) : EMPTY;
  });
  out.carried_b = s.carried ? grad(s.carried.b) : EMPTY;
  out.loss_first = num(s.losses[0]);
  out.loss_last = num(s.losses[s.losses.length - 1]);
  out.steps = String(s.steps);
  return out;
}

/** The part of the widget that changes with every engine answer: the four panels. */
export function results(state, cfg) {
  const s = normal(state);
  const v = fields(s);
  const n = s ? s.w.length : (cfg.w || []).length;
  return `${forwardTable(v, n)}${backwardTable(v, n)}${updateTable(v, n, s)}${chartPanel(s)}`;
}

/** The per-parameter requires_grad checkboxes (n weights, then the bias). */
export function gradSwitches(n, flags) {
  const names = [...Array.from({ length: n }, (_, i) => `w${sub(i)}`), "b"];
  return names.map((name, i) => `
        <label class="check">
          <input type="checkbox" data-rg="${i}" part="switch"${flags && flags[i] === false ? "" : " checked"}>
          <span>${name}</span>
        </label>`).join("");
}

function inputs(state, cfg) {
  return PARAMS.map((name) => `
      <div class="field f-${name}">
        <label for="in-${name}">${FIELD_LABELS[name]}</label>
        <input id="in-${name}" type="text" part="input" data-param="${name}" value="${esc(startText(name, cfg, state))}" placeholder="…"
          ${LISTS.includes(name) ? "" : 'inputmode="decimal" '}spellcheck="false" autocomplete="off" aria-describedby="inputs-help">
      </div>`).join("");
}

/** The model's formula, each symbol a term linked to the rows and numbers of that quantity (linked-terms.js). */
function formula(n) {
  const each = (prefix) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const [z, w, x, b, yhat, loss, y] = [["z"], each("w"), each("x"), ["b"], ["yhat"], ["loss"], ["y"]];
  return `<span data-terms role="group" aria-label="Terms of the formula; arrow keys move between them, and each is \
marked in the tables"><span class="nowrap">${term("z", z, true)} = ${term("w", w)}·${term("x", x)} + ${term("b", b)},</span>
    <span class="nowrap">${term("ŷ", yhat)} = σ(${term("z", z)}),</span>
    <span class="nowrap">${term("L", loss)} = ½ (${term("ŷ", yhat)} ${MINUS} ${term("y", y)})²</span></span>`;
}

export function render(state, cfg) {
  const s = normal(state);
  const n = s ? s.w.length : (cfg.w || []).length;
  const flags = s && s.requires_grad;
  return `
<div class="bp neuron-trainer" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <p class="model" part="model">One sigmoid neuron: ${formula(n)}</p>
  <div class="setup">
    <fieldset class="start" part="controls">
      <legend>Starting point</legend>
      <div class="fields">${inputs(s, cfg)}
      </div>
      <p class="hint" id="inputs-help">x and w: numbers separated by commas, one weight per input. Changing any of these starts training again from them.</p>
    </fieldset>
    <fieldset class="bite" part="gotchas">
      <legend>Things that bite</legend>
      <label class="check">
        <input type="checkbox" id="zero-grads" part="switch" aria-describedby="zero-help"${s && s.zero_grads === false ? "" : " checked"}>
        <span>Zero gradients each step <code>optimizer.zero_grad()</code></span>
      </label>
      <p class="hint" id="zero-help">Off: each backward pass adds onto the .grad left by the step before, and every update uses the
        sum. With y = 1 that only speeds things up; set y to 0.8 and step ten times to watch it overshoot.</p>
      <div class="rg" role="group" aria-labelledby="rg-title" aria-describedby="rg-help">
        <span class="rg-title" id="rg-title"><code>requires_grad</code> for</span>
        <span class="rg-boxes" data-rg-boxes>${gradSwitches(n, flags)}</span>
      </div>
      <p class="hint" id="rg-help">Off: that parameter gets no gradient and silently never moves.</p>
      <button type="button" id="backward-first" part="button" aria-describedby="order-help">Backward before forward</button>
      <p class="hint" id="order-help">Asks the engine for a backward pass over a graph whose forward pass has not run.</p>
      <p class="refusal" data-refusal part="refusal" role="status" hidden></p>
    </fieldset>
  </div>
  <p class="message" data-message role="alert" part="message" hidden></p>
  <div class="actions" part="actions">
    <button type="button" id="step" class="primary" part="button step">One step</button>
    <button type="button" id="reset" part="button reset">Reset</button>
    <span class="count">Steps taken: <strong data-steps>${s ? s.steps : 0}</strong></span>
  </div>
  <div class="results" data-results>${results(state, cfg)}
  </div>
  <p class="nonfinite" data-nonfinite part="message" hidden>Some numbers are not finite (inf or NaN): floating point ran out of range. Try a smaller learning rate and press Reset.</p>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}

/** True when the engine sent an inf or NaN anywhere in the state (JSON carries them as strings). */
export function hasNonfinite(state) {
  const s = normal(state);
  if (!s) return false;
  const values = Object.values(fields(s));
  return values.some((value) => typeof value === "number" && !Number.isFinite(value));
}

/** One sentence for the live region after a step, a reset or a change. */
export function summary(state) {
  const s = normal(state);
  if (!s) return "";
  const weights = s.w.map((x) => fmt(x)).join(", ");
  const head = s.steps === 0 ? "Before any step" : `After ${s.steps} step${s.steps === 1 ? "" : "s"}`;
  return `${head}: loss ${fmt(s.loss)}, ŷ ${fmt(s.yhat)}; w = ${weights}; b = ${fmt(s.b)}.`;
}
