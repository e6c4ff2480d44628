// The one-step neuron trainer's view: pure functions of the engine's state, used in the page and by the build (Node)
// to prerender the first frame. No DOM access here.
//
// The state is the engine's neuron_step result (py/backprop/models.py) for the CURRENT parameters - its forward
// pass, backward pass and the update "One step" would apply - plus what the element adds while training:
//   steps          updates applied so far
//   losses         the loss at every step so far, losses[k] measured with the parameters after k updates
//   carried        the .grad buffers this backward pass started from ({w: [...], b}) when gradients are not zeroed,
//                  else null
//   zero_grads, requires_grad   the switches the numbers were computed with
// A prerendered state is the bare engine result; `normal` fills in the rest.
//
// Layout: starting point (inputs) and "Things that bite" (switches) side by side, the actions, then forward |
// backward tables, update table | loss chart. Narrow hosts stack everything; each table scrolls inside the widget.

import { esc, fmt, full, num, readDecimal } from "./format.js";

export const STYLES = ["neuron-trainer.css"];
export const DEFAULTS = { x: [0.8, -0.4, 1.2], w: [0.2, -0.1, 0.3], b: 0.1, y: 1, lr: 0.5 };

const MINUS = "\u2212";
const SUB = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];
const sub = (i) => String(i + 1).split("").map((d) => SUB[Number(d)]).join("");

// What each parameter is called in messages and labels.
export const LABELS = { x: "x (inputs)", w: "w (weights)", b: "b (bias)", y: "y (target)", lr: "Learning rate" };
const EXAMPLES = { x: "0.8, -0.4, 1.2", w: "0.2, -0.1, 0.3", b: "0.1", y: "1", lr: "0.5" };
export const LISTS = ["x", "w"];
const FIELD_LABELS = {
  x: '<span class="sym">x</span> inputs', w: '<span class="sym">w</span> weights', b: '<span class="sym">b</span> bias',
  y: '<span class="sym">y</span> target', lr: '<span class="sym">lr</span> learning rate',
};

function parseOne(text) {
  if (String(text).trim() === "") return { problem: "empty" };
  const value = readDecimal(text); // decimal notation only (no hex, no "Infinity"); a real minus sign counts
  if (Number.isNaN(value)) return { problem: "nan" };
  return Number.isFinite(value) ? { value } : { problem: "range" };
}

/** Read what the learner or author typed for one parameter: {value} (a number, or an array for x and w) or
 * {problem} (a sentence saying what is wrong and what to type instead). */
export function parseParam(name, text) {
  const example = `such as ${EXAMPLES[name]}`;
  const raw = String(text ?? "");
  if (!LISTS.includes(name)) {
    const one = parseOne(raw);
    if (one.problem === "empty") return { problem: `${LABELS[name]} is empty: type a number ${example}.` };
    if (one.problem === "nan") return { problem: `${LABELS[name]}: "${raw.trim().slice(0, 24)}" is not a number; type one ${example}.` };
    if (one.problem === "range") return { problem: `${LABELS[name]}: "${raw.trim().slice(0, 24)}" is too large for floating point.` };
    return one;
  }
  const items = raw.split(/[,;]/);
  if (items.every((item) => item.trim() === "")) {
    return { problem: `${LABELS[name]} is empty: type numbers separated by commas, ${example}.` };
  }
  const values = [];
  for (const [i, item] of items.entries()) {
    const one = parseOne(item);
    if (one.problem) {
      const what = one.problem === "empty" ? "is missing" : one.problem === "range" ? "is too large" :
        `("${item.trim().slice(0, 16)}") is not a number`;
      return { problem: `${LABELS[name]}: number ${i + 1} ${what}; type numbers separated by commas, ${example}.` };
    }
    values.push(one.value);
  }
  return { value: values };
}

/** How a parameter is written in its input box: plain ASCII, so it can be edited and pasted back. */
export function paramText(value) {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

/** Attributes (strings) -> {x, w, b, y, lr, text, problems}. A bad value falls back to its default, with a message. */
export function config(attributes) {
  const problems = [];
  const cfg = { text: {} };
  for (const name of Object.keys(DEFAULTS)) {
    const raw = attributes[name];
    let value = DEFAULTS[name];
    if (raw !== undefined && raw !== null) {
      const read = parseParam(name, raw);
      if (read.problem) problems.push(`The ${name} attribute: ${read.problem} Using ${paramText(DEFAULTS[name])}.`);
      else value = read.value;
    }
    cfg[name] = value;
    cfg.text[name] = paramText(value);
  }
  cfg.problems = problems;
  return cfg;
}

/** Any state -> the full training state (a prerendered engine result has no history yet). */
export function normal(state) {
  if (!state) return null;
  const requires = state.w.map(() => true).concat(true); // the engine's default: every weight and the bias
  // the same keys in the same order as a reset computed live (bp-neuron-trainer.js), so the two compare equal
  return {
    ...state, steps: state.steps ?? 0, losses: state.losses ?? [state.loss], carried: state.carried ?? null,
    zero_grads: state.zero_grads ?? true, requires_grad: state.requires_grad ?? requires,
  };
}

const NO_GRAD = "no grad";
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

/** One number in its slot: 4 decimals shown, full precision on hover. */
function cell(key, values, cls = "") {
  const value = values[key];
  const klass = cls ? ` class="${cls}"` : "";
  if (value === undefined) return `<span data-f="${key}"${klass}>…</span>`;
  if (typeof value === "string") return `<span data-f="${key}"${klass} data-text>${esc(value)}</span>`;
  return `<span data-f="${key}"${klass} title="${esc(full(value))}">${esc(fmt(value))}</span>`;
}

/** A factor inside a rule: a negative number in parentheses, so "× −0.3" never reads as a subtraction. */
function factor(key, values, cls) {
  const value = values[key];
  const negative = typeof value === "number" && fmt(value).startsWith(MINUS);
  return negative ? `(${cell(key, values, cls)})` : cell(key, values, cls);
}

function forwardTable(v, n) {
  const products = Array.from({ length: n }, (_, i) => `
        <tr>
          <th scope="row"><span class="q">x${sub(i)}·w${sub(i)}</span></th>
          <td class="rule">${cell(`x${i}`, v, "v-in")} × ${factor(`w${i}`, v, "v-in")}</td>
          <td class="num v-fwd">${cell(`product${i}`, v)}</td>
        </tr>`).join("");
  const sum = Array.from({ length: n }, (_, i) => `x${sub(i)}w${sub(i)}`).join(" + ");
  return `
  <div class="panel forward" part="forward">
    <h3 id="fwd-title"><span class="dir" aria-hidden="true">→</span> Forward pass: values</h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="fwd-title">
      <table>
        <thead><tr><th scope="col">quantity</th><th scope="col" class="rule-h">rule</th><th scope="col" class="num">value</th></tr></thead>
        <tbody>${products}
        <tr>
          <th scope="row"><span class="q">z</span></th>
          <td class="rule">${sum} + b, <span class="nowrap">b = ${cell("b", v, "v-in")}</span></td>
          <td class="num v-fwd">${cell("z", v)}</td>
        </tr>
        <tr>
          <th scope="row"><span class="q">ŷ</span></th>
          <td class="rule">σ(z) = 1 / (1 + e<sup>${MINUS}z</sup>)</td>
          <td class="num v-fwd">${cell("yhat", v)}</td>
        </tr>
        <tr class="loss-row">
          <th scope="row"><span class="q">L</span></th>
          <td class="rule">½ (ŷ ${MINUS} y)², <span class="nowrap">y = ${cell("y", v, "v-in")}</span></td>
          <td class="num v-fwd">${cell("loss", v)}</td>
        </tr>
        </tbody>
      </table>
    </div>
  </div>`;
}

function backwardTable(v, n) {
  const weightRows = Array.from({ length: n }, (_, i) => `
        <tr${v[`dL_dw${i}`] === NO_GRAD ? ' class="frozen"' : ""}>
          <th scope="row"><span class="q">dL/dw${sub(i)}</span> <span class="tag">gradient</span></th>
          <td class="rule">${v[`dL_dw${i}`] === NO_GRAD ? "requires_grad is off: backward() leaves it alone"
            : `δ · x${sub(i)} = ${factor("dL_dz", v, "v-back")} × ${factor(`x${i}`, v, "v-in")}`}</td>
          <td class="num v-back">${cell(`dL_dw${i}`, v)}</td>
        </tr>`).join("");
  return `
  <div class="panel backward" part="backward">
    <h3 id="back-title"><span class="dir" aria-hidden="true">←</span> Backward pass: gradients, each row using the one before</h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="back-title">
      <table>
        <thead><tr><th scope="col">dL/d…</th><th scope="col" class="rule-h">rule</th><th scope="col" class="num">value</th></tr></thead>
        <tbody>
        <tr>
          <th scope="row"><span class="q">dL/dŷ</span> <span class="tag">gradient</span></th>
          <td class="rule">ŷ ${MINUS} y = ${cell("yhat", v, "v-fwd")} ${MINUS} ${factor("y", v, "v-in")}</td>
          <td class="num v-back">${cell("dL_dyhat", v)}</td>
        </tr>
        <tr class="local-row">
          <th scope="row"><span class="q">dŷ/dz</span> <span class="tag">local slope</span></th>
          <td class="rule">σ(z)(1 ${MINUS} σ(z)) at z = ${cell("z", v, "v-fwd")}</td>
          <td class="num v-local">${cell("dyhat_dz", v)}</td>
        </tr>
        <tr class="delta">
          <th scope="row"><span class="q">dL/dz = δ</span> <span class="tag">delta</span></th>
          <td class="rule">dL/dŷ · dŷ/dz = ${factor("dL_dyhat", v, "v-back")} × ${factor("dyhat_dz", v, "v-local")}</td>
          <td class="num v-back">${cell("dL_dz", v)}</td>
        </tr>${weightRows}
        <tr${v.dL_db === NO_GRAD ? ' class="frozen"' : ""}>
          <th scope="row"><span class="q">dL/db</span> <span class="tag">gradient</span></th>
          <td class="rule">${v.dL_db === NO_GRAD ? "requires_grad is off: backward() leaves it alone" : "δ (z = … + b, so dz/db = 1)"}</td>
          <td class="num v-back">${cell("dL_db", v)}</td>
        </tr>
        </tbody>
      </table>
    </div>
    <p class="delta-note" part="delta-note"><strong>δ (“delta”)</strong> = dL/dz is the error signal at the neuron.
      Both rows that feed the update, dL/dw<sub>i</sub> = δ·x<sub>i</sub> and dL/db = δ, are multiples of it.</p>
  </div>`;
}

function updateTable(v, n, s) {
  const piling = s && !s.zero_grads;
  const row = (name, now, carried, thisPass, gradKey, next) => {
    const frozen = v[gradKey] === NO_GRAD;
    const pile = piling ? `
          <td class="num v-back">${cell(carried, v)}</td>
          <td class="num v-back"><span class="op" aria-hidden="true">+</span> ${cell(thisPass, v)}</td>` : "";
    return `
        <tr${frozen ? ' class="frozen"' : ""}>
          <th scope="row"><span class="q">${name}</span></th>
          <td class="num v-fwd">${cell(now, v)}</td>${pile}
          <td class="num v-back">${piling ? '<span class="op" aria-hidden="true">=</span> ' : ""}${cell(gradKey, v)}</td>
          <td class="num v-fwd next"><span class="dir" aria-hidden="true">→</span> ${cell(next, v)}${frozen ? ' <span class="tag">unchanged</span>' : ""}</td>
        </tr>`;
  };
  const rows = Array.from({ length: n }, (_, i) => row(`w${sub(i)}`, `w${i}`, `carried_w${i}`, `dL_dw${i}`, `grad_w${i}`, `w_new${i}`)).join("")
    + row("b", "b", "carried_b", "dL_db", "grad_b", "b_new");
  const pileHead = piling ? `<th scope="col" class="num">.grad carried in</th><th scope="col" class="num">+ this pass</th>` : "";
  return `
  <div class="panel update${piling ? " piling" : ""}" part="update">
    <h3 id="upd-title">Update: p ← p ${MINUS} lr · p.grad, <span class="nowrap">lr = ${cell("lr", v, "v-in")}</span></h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="upd-title">
      <table>
        <thead><tr><th scope="col"><span class="narrow-hide">parameter</span></th><th scope="col" class="num">now</th>${pileHead}<th scope="col" class="num">${piling ? "= .grad (used)" : ".grad"}</th><th scope="col" class="num">after the step</th></tr></thead>
        <tbody>${rows}
        </tbody>
      </table>
    </div>
    ${piling ? `<p class="pile-note" part="pile-note"><strong>Gradients are piling up.</strong> Nothing zeroed the .grad
      buffers, so this backward pass added its gradient onto what the last step left there, and the update uses the
      sum.</p>` : ""}
  </div>`;
}

// The chart's drawing box (SVG user units); the SVG scales to the widget's width.
const CHART = { w: 320, h: 154, left: 50, right: 14, top: 24, bottom: 28 };

/** The loss curve as SVG markup: only presentation attributes and classes, no inline style (the page's CSP). The
 * only arithmetic on numbers in the widget is here: placing the engine's losses on the drawing. */
export function chart(s) {
  const losses = s ? s.losses.map(num) : [];
  const finite = losses.map((l, i) => [i, l]).filter(([, l]) => Number.isFinite(l));
  const { w, h, left, right, top, bottom } = CHART;
  const plotW = w - left - right;
  const plotH = h - top - bottom;
  const base = top + plotH;
  const lastStep = Math.max(losses.length - 1, 1);
  const peak = finite.reduce((m, [, l]) => Math.max(m, l), 0);
  const scale = peak > 0 ? peak : 1;
  const px = (i) => (left + (i / lastStep) * plotW).toFixed(1);
  const py = (l) => (base - (l / scale) * plotH).toFixed(1);
  const points = finite.map(([i, l]) => `${px(i)},${py(l)}`).join(" ");
  const last = finite.length - 1;
  const dots = finite.length <= 60
    ? finite.map(([i, l], k) => `<circle class="dot${k === last ? " last" : ""}" cx="${px(i)}" cy="${py(l)}" r="${k === last ? 4 : 2.5}"></circle>`).join("")
    : finite.slice(-1).map(([i, l]) => `<circle class="dot last" cx="${px(i)}" cy="${py(l)}" r="4"></circle>`).join("");
  return `<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="loss-text" focusable="false">
      <line class="grid" x1="${left}" y1="${top}" x2="${w - right}" y2="${top}"></line>
      <line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${base}"></line>
      <line class="axis" x1="${left}" y1="${base}" x2="${w - right}" y2="${base}"></line>
      <text class="axis-label" x="${left}" y="${top - 11}" text-anchor="middle">L</text>
      <text class="tick" x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(peak > 0 ? fmt(peak) : "")}</text>
      <text class="tick" x="${left - 6}" y="${base + 4}" text-anchor="end">0</text>
      <text class="tick" x="${left}" y="${base + 16}" text-anchor="middle">0</text>
      <text class="tick" x="${w - right}" y="${base + 16}" text-anchor="middle">${losses.length > 1 ? losses.length - 1 : ""}</text>
      <text class="axis-label" x="${left + plotW / 2}" y="${base + 16}" text-anchor="middle">step</text>
      ${finite.length > 1 ? `<polyline class="loss-line" fill="none" stroke="currentColor" points="${points}"></polyline>` : ""}
      ${dots}
    </svg>`;
}

/** The loss chart's text alternative: "Loss after N steps: first → latest", both from the engine. */
export function lossText(s) {
  if (!s) return "Loss: waiting for the engine…";
  const first = fmt(s.losses[0]);
  const last = fmt(s.losses[s.losses.length - 1]);
  if (s.steps === 0) return `No steps yet. Loss now: ${last}. Press “One step”.`;
  return `Loss after ${s.steps} step${s.steps === 1 ? "" : "s"}: ${first} → ${last}`;
}

function chartPanel(s) {
  const rows = s ? s.losses.map((l, i) => `<tr><th scope="row">${i}</th><td>${esc(fmt(l))}</td></tr>`).join("") : "";
  return `
  <div class="panel loss" part="chart">
    <h3 id="loss-title">Loss over the steps taken</h3>
    ${chart(s)}
    <p class="loss-text" id="loss-text" data-loss-text>${esc(lossText(s))}</p>
    <div class="visually-hidden">
      <table>
        <caption>Loss L at each step (step 0 is before any update)</caption>
        <thead><tr><th scope="col">step</th><th scope="col">L</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
  </div>`;
}

/** The part of the widget that changes with every engine answer: the four panels. */
export function results(state, cfg) {
  const s = normal(state);
  const v = fields(s);
  const n = s ? s.w.length : cfg.w.length;
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

function inputs(cfg) {
  return Object.keys(DEFAULTS).map((name) => `
      <div class="field f-${name}">
        <label for="in-${name}">${FIELD_LABELS[name]}</label>
        <input id="in-${name}" type="text" part="input" data-param="${name}" value="${esc(cfg.text[name])}"
          ${LISTS.includes(name) ? "" : 'inputmode="decimal" '}spellcheck="false" autocomplete="off" aria-describedby="inputs-help">
      </div>`).join("");
}

export function render(state, cfg) {
  const s = normal(state);
  const n = s ? s.w.length : cfg.w.length;
  const flags = s && s.requires_grad;
  return `
<div class="bp neuron-trainer" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <p class="model" part="model">One sigmoid neuron: <span class="nowrap">z = w·x + b,</span> <span class="nowrap">ŷ = σ(z),</span>
    <span class="nowrap">L = ½ (ŷ ${MINUS} y)²</span></p>
  <div class="setup">
    <fieldset class="start" part="controls">
      <legend>Starting point</legend>
      <div class="fields">${inputs(cfg)}
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
