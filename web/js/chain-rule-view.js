// The chain-rule slider's view: pure functions of the engine's state, used in the page and by the build (Node) to
// prerender the first frame. No DOM access here.
//
// Layout: forward values in a row of four boxes (x -> u -> v -> L); under each edge the local derivative; below, the
// backward gradients dL/d(stage), filled from dL/dL = 1 on the right; then the product restated with live numbers.

import { esc, fmt } from "./format.js";
import { readAttributes } from "./attributes.js";
import { slot } from "./slots.js";
import { PRACTICE_ATTRIBUTES } from "./practice-widgets.js";
import { term } from "./linked-terms.js";

const STAGES = [
  { name: "x", role: "input", defines: "" },
  { name: "u", role: "affine", defines: "= 3x + 2" },
  { name: "v", role: "square", defines: "= u²" },
  { name: "L", role: "loss", defines: "= sin v" },
];

// The attribute table: parsing, the element's properties and the authors' docs all come from it.
export const ATTRIBUTES = [
  { name: "x", type: "number", default: 0.4, doc: "Where x starts. The learner moves it with the slider or types it." },
  { name: "min", type: "number", default: -2, doc: "The slider's lowest x." },
  { name: "max", type: "number", default: 2, doc: "The slider's highest x (more than min)." },
  { name: "step", type: "number", default: 0.01, doc: "How far one arrow key moves x (more than 0)." },
  ...PRACTICE_ATTRIBUTES,
];
const DEFAULT = Object.fromEntries(ATTRIBUTES.map((row) => [row.name, row.default]));

/** Attributes (strings) -> {x, min, max, step, problems}. Bad values fall back to defaults with a message. */
export function config(attributes) {
  const { values, problems } = readAttributes(ATTRIBUTES, attributes);
  let { x, min, max, step } = values;
  const { practice, remember } = values;
  if (!(min < max)) {
    problems.push(`min (${min}) must be less than max (${max}); using ${DEFAULT.min} to ${DEFAULT.max}.`);
    [min, max] = [DEFAULT.min, DEFAULT.max];
  }
  if (!(step > 0)) {
    problems.push(`step must be more than 0; using ${DEFAULT.step}.`);
    step = DEFAULT.step;
  }
  return { x, min, max, step, practice, remember, problems };
}

/** Every number the view shows, by slot name. Numbers stay raw (the element formats them); null -> "…". */
export function fields(state) {
  const out = {};
  if (!state) return out;
  state.stages.forEach((stage, i) => {
    out[`value${i}`] = stage.value;
    out[`grad${i}`] = stage.grad;
  });
  state.locals.forEach((local, i) => {
    out[`local${i}`] = local.value;
    out[`formula${i}`] = local.formula;
  });
  // the product restated right to left, as the backward pass meets the factors
  const factors = [...state.locals].reverse();
  factors.forEach((local, i) => {
    out[`factor${i}`] = local.value;
  });
  out.result = state.stages[0].grad;
  return out;
}

const cell = (key, values, precision = "display") => slot(key, values, { precision });

/** Every number at full precision, in a table a screen reader can walk (and anyone can open). */
function tableView(v) {
  const rows = [
    ...STAGES.map((stage, i) => [`${stage.name} (value)`, `value${i}`]), // each key is also the row's data-q
    ...STAGES.slice(1).map((stage, i) => [`d${stage.name}/d${STAGES[i].name} (local derivative)`, `local${i}`]),
    ...STAGES.map((stage, i) => [`dL/d${stage.name} (gradient)`, `grad${i}`]),
  ];
  return `
  <details class="table-view" part="table">
    <summary>Table of every number, full precision</summary>
    <table>
      <thead><tr><th scope="col">quantity</th><th scope="col">value</th></tr></thead>
      <tbody>${rows.map(([label, key]) => `<tr data-q="${key}"><th scope="row">${label}</th><td>${cell(key, v, "full")}</td></tr>`).join("")}</tbody>
    </table>
  </details>`;
}

// The product's factors as the backward pass meets them, with the quantities each one is (linked-terms.js):
// dL/dv is both the local derivative on the edge v -> L and the gradient at v.
const PRODUCT = [["dL/dv", ["local2", "grad2"]], ["dv/du", ["local1"]], ["du/dx", ["local0"]]];
const TERMS_LABEL = "Terms of the product; arrow keys move between them, and each is marked in the chain and the table";

export function render(state, cfg) {
  const v = fields(state);
  const x = state ? state.x : cfg.x;
  const boxes = STAGES.map(
    (stage, i) => `
    <div class="stage s${i}" part="stage" data-q="value${i}">
      <span class="stage-name">${stage.name} <span class="stage-def">${stage.defines}</span></span>
      <span class="stage-role">${stage.role}</span>
      <span class="fwd"><span class="tag">value</span> ${cell(`value${i}`, v)}</span>
    </div>
    <div class="grad g${i}" part="gradient" data-q="grad${i}">
      <span class="tag">dL/d${stage.name}</span> ${cell(`grad${i}`, v)}
    </div>`,
  ).join("");
  const edges = STAGES.slice(1)
    .map(
      (stage, i) => `
    <div class="edge e${i}" part="local" data-q="local${i}">
      <span class="arrow fwd-arrow" aria-hidden="true">→</span>
      <span class="local"><span class="tag">d${stage.name}/d${STAGES[i].name}</span> = ${cell(`formula${i}`, v)}
        = ${cell(`local${i}`, v)}</span>
      <span class="arrow back-arrow" aria-hidden="true">←</span>
    </div>`,
    )
    .join("");
  return `
<div class="bp chain-rule" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <div class="controls" part="controls">
    <label for="x-range">x</label>
    <input id="x-range" type="range" part="slider" min="${cfg.min}" max="${cfg.max}" step="${cfg.step}" value="${x}"
      aria-describedby="x-help">
    <label class="visually-hidden" for="x-number">x, exact value</label>
    <input id="x-number" type="number" part="input" step="any" inputmode="decimal" value="${x}">
    <span id="x-help" class="visually-hidden">Arrow keys move x by ${cfg.step}; Page Up and Page Down by a tenth of the range.</span>
  </div>
  <p class="message" data-message role="alert" part="message" hidden></p>
  <div class="chain" role="group" aria-label="The chain rule for L = sin((3x + 2)²): forward values, local derivatives, backward gradients">
    <span class="row-label r-fwd">forward pass: values →</span>
    ${boxes}${edges}
    <span class="row-label r-back">← backward pass: gradients, from dL/dL = 1</span>
  </div>
  <p class="product" part="product">
    <span class="tag" data-terms role="group" aria-label="${TERMS_LABEL}">${term("dL/dx", ["grad0"], true)} =
      ${PRODUCT.map(([name, keys]) => term(name, keys)).join(" · ")}</span> =
    ${PRODUCT.map(([, keys], i) => `<span data-q="${keys.join(" ")}">(${cell(`factor${i}`, v)})</span>`).join(" × ")}
    = <strong data-q="grad0">${cell("result", v)}</strong>
  </p>
  ${tableView(v)}
  <p class="nonfinite" data-nonfinite part="message" ${state && state.nonfinite ? "" : "hidden"}>Some numbers are not finite (inf or NaN): floating point ran out of range.</p>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}

/** One sentence for the live region. */
export function summary(state) {
  if (!state) return "";
  const v = fields(state);
  return `x = ${fmt(state.x)}: L = ${fmt(v.value3)}, dL/dx = ${fmt(v.result)}.`;
}
