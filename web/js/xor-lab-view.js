// The XOR lab's view: pure functions of the state, used in the page and by the build (Node) to prerender the first
// frame. No DOM access here.
//
// The state (py/backprop/xor_lab.py, xor_lab_start) is
//   {widget: "xor-lab", model: "both" | "single" | "mlp", seed, lr, floor, known_good_seed, known_stuck_seed,
//    panels: {single?: PANEL, mlp?: PANEL}}
// where each PANEL is the engine's xor_lab(...) result for that model (step, params, final_loss, outputs, inputs,
// targets, heatmap, extent, ...) plus history: the loss after 0, 1, ..., step updates (the element keeps it).
//
// Layout: the controls (Play | Step | Reset, seed with the known-good / known-stuck picks, learning rate), then one
// panel per model, side by side when the widget is wide and stacked when it is narrow. A panel: step and loss, a
// verdict line, the loss curve (log scale, with the one-neuron floor dashed), the decision-boundary heatmap (the
// output over the input square, the 0.5 contour drawn as a line, the four examples marked by shape), and the four
// outputs as a table with value bars.

import { esc, fmt, full, num, readDecimal } from "./format.js";

export const STYLES = ["xor-lab.css"];
export const DEFAULTS = { model: "both", seed: 0, lr: 2 };
export const SHOWN = { both: ["single", "mlp"], single: ["single"], mlp: ["mlp"] };
export const MAX_SEED = 1_000_000;
export const MAX_LR = 100;

const TITLES = { single: "One neuron", mlp: "2-2-1 network" };
const FORMULAS = {
  single: ["ŷ = σ(w₁x₁ + w₂x₂ + b)"],
  mlp: ["hⱼ = σ(wⱼ₁x₁ + wⱼ₂x₂ + bⱼ),", "ŷ = σ(v₁h₁ + v₂h₂ + c)"],
};

// --- reading attributes and typed values --------------------------------------------------------------------------

/** A seed as typed: {value} or {problem} (a sentence for the learner). */
export function parseSeed(text) {
  const value = readDecimal(text);
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    return { problem: `seed must be a whole number from 0 to ${MAX_SEED}, not "${String(text).trim().slice(0, 24)}".` };
  }
  return { value };
}

/** A learning rate as typed: {value} or {problem}. */
export function parseLr(text) {
  const value = readDecimal(text);
  if (!(value > 0 && value <= MAX_LR)) {
    return {
      problem: `learning rate must be a number greater than 0 and at most ${MAX_LR}, such as 2.0, not "${String(text).trim().slice(0, 24)}".`,
    };
  }
  return { value };
}

/** Attributes (strings) -> {model, shown, seed, lr, problems}. A bad value falls back to its default, with a message. */
export function config(attributes) {
  const problems = [];
  let model = attributes.model ?? DEFAULTS.model;
  if (!(model in SHOWN)) {
    problems.push(`model="${String(model).slice(0, 20)}" is not one of both, single, mlp; showing both.`);
    model = DEFAULTS.model;
  }
  let seed = DEFAULTS.seed;
  if (attributes.seed !== undefined && attributes.seed !== null) {
    const read = parseSeed(attributes.seed);
    if (read.problem) problems.push(`${read.problem} Using ${DEFAULTS.seed}.`);
    else seed = read.value;
  }
  let lr = DEFAULTS.lr;
  if (attributes.lr !== undefined && attributes.lr !== null) {
    const read = parseLr(attributes.lr);
    if (read.problem) problems.push(`${read.problem} Using ${DEFAULTS.lr}.`);
    else lr = read.value;
  }
  return { model, shown: SHOWN[model], seed, lr, problems };
}

// --- what a panel says ----------------------------------------------------------------------------------------------

const near = (a, b, tolerance) => Math.abs(num(a) - num(b)) < tolerance;

/** One sentence about where a model stands, or "" when there is nothing to say yet. Reads only the state. */
export function verdict(name, panel, floor) {
  if (!panel || !panel.step) return "";
  const loss = num(panel.final_loss);
  const outputs = panel.outputs.map(num);
  const history = panel.history || [];
  if (name === "single") {
    // shown to 4 decimals, the loss reads as the floor and every output as 0.5
    if (near(loss, floor, 5e-5) && outputs.every((o) => near(o, 0.5, 5e-5))) {
      return `On the floor: loss ${fmt(floor)} with every output ${fmt(0.5)}. No straight line separates XOR, so ` +
        "one neuron can do no better; the gradients are fine, the model is too small.";
    }
    if (near(loss, floor, 1e-3)) return `Sliding onto the floor at ${fmt(floor)}: every output is drifting to ${fmt(0.5)}.`;
    return "";
  }
  if (loss < 0.001) return "Solved: the loss is below 0.001 and every output is on the right side of 0.5.";
  const before = history.length > 1000 ? num(history[history.length - 1001]) : NaN;
  if (panel.step >= 2000 && loss > 0.01 && (before - loss) / loss < 0.05) {
    const halves = outputs.filter((o) => near(o, 0.5, 0.05)).length;
    const which = halves ? `${halves} output${halves === 1 ? "" : "s"} sit${halves === 1 ? "s" : ""} near 0.5` :
      "the outputs have stopped moving";
    return `Stuck near ${fmt(loss)}: ${which}, a local minimum. More steps barely help; try another seed.`;
  }
  return "";
}

/** Every number and sentence the view shows in a [data-f] slot, by slot name. Numbers stay raw (the element formats
 * them to 4 decimals, full precision on hover); strings are shown as they are. */
export function fields(state) {
  const out = {};
  if (!state) return out;
  out["good-seed"] = String(state.known_good_seed);
  out["stuck-seed"] = String(state.known_stuck_seed);
  for (const [name, panel] of Object.entries(state.panels || {})) {
    out[`${name}-step`] = String(panel.step);
    out[`${name}-loss`] = panel.final_loss;
    panel.outputs.forEach((value, i) => {
      out[`${name}-out${i}`] = value;
    });
    out[`${name}-verdict`] = verdict(name, panel, state.floor);
    // the same numbers again for the full-precision table, and the parameters
    out[`${name}-loss-full`] = panel.final_loss;
    panel.outputs.forEach((value, i) => {
      out[`${name}-out${i}-full`] = value;
    });
    panel.params.forEach((value, i) => {
      out[`${name}-p${i}`] = value;
    });
  }
  return out;
}

function slot(key, values, fallback = "…", precision = "") {
  const value = values[key];
  const mark = precision ? ` data-precision="${precision}"` : "";
  if (value === undefined) return `<span data-f="${key}"${mark}>${esc(fallback)}</span>`;
  if (typeof value === "string") return `<span data-f="${key}"${mark}>${esc(value)}</span>`;
  const text = precision === "full" ? full(value) : fmt(value);
  return `<span data-f="${key}"${mark} title="${esc(full(value))}">${esc(text)}</span>`;
}

const PARAM_NAMES = {
  single: ["w₁", "w₂", "b"],
  mlp: ["w₁₁", "w₁₂", "b₁", "w₂₁", "w₂₂", "b₂", "v₁", "v₂", "c"],
};

/** Every number of a panel at full precision: the parameters, the loss and the four outputs. */
function precise(name, values) {
  const rows = PARAM_NAMES[name].map((label, i) => `<tr><th scope="row">${label}</th><td>${slot(`${name}-p${i}`, values, "…", "full")}</td></tr>`);
  rows.push(`<tr><th scope="row">loss</th><td>${slot(`${name}-loss-full`, values, "…", "full")}</td></tr>`);
  for (let i = 0; i < 4; i++) rows.push(`<tr><th scope="row">output ${i + 1}</th><td>${slot(`${name}-out${i}-full`, values, "…", "full")}</td></tr>`);
  return `<details class="precise" part="details">
      <summary>Every number at full precision</summary>
      <table class="precise-table"><caption class="visually-hidden">${TITLES[name]}: parameters, loss and outputs</caption>
        <tbody>${rows.join("")}</tbody></table>
    </details>`;
}

// --- the loss curve -------------------------------------------------------------------------------------------------

const CHART = { width: 320, height: 200, left: 40, right: 12, top: 26, bottom: 156 };
const MAX_POINTS = 360;

/** The smallest of 1, 2, 5 x 10^k that is at least `n` (and at least 100). */
export function niceMax(n) {
  let scale = 100;
  for (;;) {
    for (const m of [1, 2, 5]) if (m * scale >= n) return m * scale;
    scale *= 10;
  }
}

const DECADE_LABELS = { 0: "1", "-1": "0.1", "-2": "0.01" };
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const decadeLabel = (k) => DECADE_LABELS[k] ?? `10${String(k).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
const r1 = (x) => Math.round(x * 10) / 10;

/** The loss curve's inner SVG markup: decade grid lines and labels, the floor (dashed), the curve. */
export function lossChart(panel, floor) {
  const { width, left, right, top, bottom } = CHART;
  const history = (panel && panel.history) || [];
  const step = panel ? panel.step : 0;
  const losses = history.map(num).filter((v) => v > 0 && Number.isFinite(v));
  const lowest = losses.length ? Math.min(...losses.slice(-4000)) : 1;
  const minDecade = Math.max(-8, Math.min(-4, Math.floor(Math.log10(lowest))));
  const xMax = niceMax(Math.max(step, 1));
  const X = (k) => left + ((width - right - left) * k) / xMax;
  const Y = (loss) => {
    const lg = Math.min(0, Math.max(minDecade, Math.log10(loss)));
    return top + ((bottom - top) * -lg) / -minDecade;
  };
  const parts = [];
  for (let k = 0; k >= minDecade; k--) {
    const y = r1(Y(10 ** k));
    parts.push(`<line class="grid" x1="${left}" x2="${width - right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${left - 5}" y="${y}" text-anchor="end" dominant-baseline="middle">${decadeLabel(k)}</text>`);
  }
  for (const k of [0, xMax / 2, xMax]) {
    const x = r1(X(k));
    parts.push(`<line class="axis-tick" x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${bottom + 15}" text-anchor="${k === 0 ? "start" : k === xMax ? "end" : "middle"}">${k}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${width - right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<text class="axis-title" x="${(left + width - right) / 2}" y="${bottom + 34}" text-anchor="middle">step (updates)</text>`);
  parts.push(`<text class="axis-title" x="2" y="12" text-anchor="start">loss (log scale)</text>`);
  if (floor !== undefined && floor !== null) {
    const y = r1(Y(num(floor)));
    parts.push(`<line class="floor" x1="${left}" x2="${width - right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="floor-label" x="${width - right - 2}" y="${y - 4}" text-anchor="end">all outputs 0.5: ${fmt(floor)}</text>`);
  }
  if (history.length) {
    const n = history.length;
    const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
    const points = [];
    for (let k = 0; k < n; k += stride) points.push(k);
    if (points[points.length - 1] !== n - 1) points.push(n - 1);
    const d = points
      .map((k, i) => {
        const v = num(history[k]);
        const y = v > 0 ? Y(v) : bottom;
        return `${i ? "L" : "M"}${r1(X(k))} ${r1(Number.isFinite(y) ? y : top)}`;
      })
      .join("");
    parts.push(`<path class="curve" d="${d}"/>`);
    const last = num(history[n - 1]);
    if (last > 0 && Number.isFinite(last)) parts.push(`<circle class="now" cx="${r1(X(n - 1))}" cy="${r1(Y(last))}" r="3"/>`);
  }
  return parts.join("");
}

// --- the decision-boundary heatmap ----------------------------------------------------------------------------------

const MAP = 96; // the input square, in SVG units
// Shades: the output rounded to the nearest tenth, drawn at that opacity over the forward colour. 0.5 is a level of
// its own (0.45 to 0.55), so a model sitting at 0.5 everywhere shows one flat shade, never a false edge.
const LEVELS = 11;
const level = (value) => Math.min(LEVELS - 1, Math.max(0, Math.round(value * (LEVELS - 1))));
export const levelOpacity = (k) => (k / (LEVELS - 1)).toFixed(1);

/** Marching squares at level 0.5 through the cell centres: the decision boundary as one path's `d`. */
export function contour(grid, size = MAP) {
  const n = grid.length;
  if (n < 2) return "";
  const h = size / n;
  const at = (r, c) => num(grid[r][c]) - 0.5;
  const segments = [];
  const cross = (r0, c0, r1_, c1) => {
    const a = at(r0, c0);
    const b = at(r1_, c1);
    if ((a < 0) === (b < 0)) return null;
    const t = a / (a - b);
    return [r1(((c0 + (c1 - c0) * t) + 0.5) * h), r1(((r0 + (r1_ - r0) * t) + 0.5) * h)];
  };
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const top = cross(r, c, r, c + 1);
      const rightE = cross(r, c + 1, r + 1, c + 1);
      const bottomE = cross(r + 1, c, r + 1, c + 1);
      const leftE = cross(r, c, r + 1, c);
      const found = [top, rightE, bottomE, leftE].filter(Boolean);
      if (found.length === 2) segments.push(found);
      else if (found.length === 4) {
        const centre = (at(r, c) + at(r, c + 1) + at(r + 1, c) + at(r + 1, c + 1)) / 4;
        if ((centre < 0) === (at(r, c) < 0)) segments.push([top, rightE], [bottomE, leftE]);
        else segments.push([leftE, top], [rightE, bottomE]);
      }
    }
  }
  return segments.map(([p, q]) => `M${p[0]} ${p[1]}L${q[0]} ${q[1]}`).join("");
}

/** The heatmap's inner SVG markup: output bands (more opaque = nearer 1), the 0.5 contour, the four examples. */
export function heatmapChart(panel) {
  const parts = [];
  const grid = panel && panel.heatmap;
  const [lo, hi] = (panel && panel.extent) || [-0.5, 1.5];
  const pos = (v) => r1(((v - lo) / (hi - lo)) * MAP);
  parts.push(`<rect class="map-frame" x="0" y="0" width="${MAP}" height="${MAP}"/>`);
  if (grid && grid.length) {
    const n = grid.length;
    const h = MAP / n;
    const bands = Array.from({ length: LEVELS }, () => []);
    let lowest = Infinity;
    let highest = -Infinity;
    for (let r = 0; r < n; r++) {
      let c = 0;
      while (c < n) {
        const value = num(grid[r][c]);
        lowest = Math.min(lowest, value);
        highest = Math.max(highest, value);
        const band = level(value);
        let end = c + 1;
        while (end < n && level(num(grid[r][end])) === band) end++;
        bands[band].push(`M${r1(c * h)} ${r1(r * h)}h${r1((end - c) * h)}v${r1(h)}h${r1(-(end - c) * h)}z`);
        c = end;
      }
    }
    parts.push('<g class="bands">');
    bands.forEach((cells, k) => {
      if (cells.length && k > 0) parts.push(`<path class="band" fill-opacity="${levelOpacity(k)}" d="${cells.join("")}"/>`);
    });
    parts.push("</g>");
    // a flat map (one neuron on its floor) has no boundary worth drawing
    if (highest - lowest > 0.02) {
      const d = contour(grid);
      parts.push(`<path class="halo" d="${d}"/><path class="boundary" d="${d}"/>`); // halo: see xor-lab.css
    }
  }
  for (const [i, [x1, x2]] of ((panel && panel.inputs) || [[0, 0], [0, 1], [1, 0], [1, 1]]).entries()) {
    const target = panel ? num(panel.targets[i]) : [0, 1, 1, 0][i];
    parts.push(`<circle class="example t${target}" cx="${pos(x1)}" cy="${r1(MAP - pos(x2))}" r="4.2"/>`);
  }
  for (const v of [0, 1]) {
    parts.push(`<text class="tick" x="${pos(v)}" y="${MAP + 9}" text-anchor="middle">${v}</text>`);
    parts.push(`<text class="tick" x="-3" y="${r1(MAP - pos(v))}" text-anchor="end" dominant-baseline="middle">${v}</text>`);
  }
  parts.push(`<text class="axis-title" x="${MAP / 2}" y="${MAP + 18}" text-anchor="middle">x₁</text>`);
  parts.push(`<text class="axis-title" x="-11" y="${MAP / 2}" text-anchor="middle" dominant-baseline="middle">x₂</text>`);
  return parts.join("");
}

/** Width (0-100) of each output's value bar, by bar name "<model>-<i>". */
export function bars(state) {
  const out = {};
  if (!state) return out;
  for (const [name, panel] of Object.entries(state.panels || {})) {
    panel.outputs.forEach((value, i) => {
      const v = num(value);
      out[`${name}-${i}`] = Number.isFinite(v) ? r1(Math.min(1, Math.max(0, v)) * 100) : 0;
    });
  }
  return out;
}

// --- markup ---------------------------------------------------------------------------------------------------------

function legend() {
  const swatches = Array.from({ length: LEVELS }, (_, k) =>
    `<rect class="band" fill-opacity="${levelOpacity(k)}" x="${k * 8}" y="0" width="8" height="10"/>`).join("");
  return `<p class="legend"><span class="legend-item">Key: output 0 <svg class="swatches" viewBox="0 0 88 10" aria-hidden="true" focusable="false">${swatches}<rect class="swatch-frame" x="0" y="0" width="88" height="10"/></svg> 1</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><line class="halo" x1="0" y1="6" x2="12" y2="6"/><line class="boundary" x1="0" y1="6" x2="12" y2="6"/></svg> output = 0.5</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><circle class="example t1" cx="6" cy="6" r="4.2"/></svg> target 1</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><circle class="example t0" cx="6" cy="6" r="4.2"/></svg> target 0</span></p>`;
}

function outputRows(name, state, values) {
  const panel = state && state.panels && state.panels[name];
  const inputs = (panel && panel.inputs) || [[0, 0], [0, 1], [1, 0], [1, 1]];
  const targets = (panel && panel.targets) || [0, 1, 1, 0];
  const widths = bars(state);
  return inputs
    .map(([x1, x2], i) => `
        <tr>
          <td>${x1}</td><td>${x2}</td><td>${targets[i]}</td>
          <td class="out-cell">${slot(`${name}-out${i}`, values)}</td>
          <td class="bar-cell">
            <svg class="bar${(widths[`${name}-${i}`] ?? 0) >= 50 ? " over" : ""}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect class="bar-track" x="0" y="0" width="100" height="10"/>
              <rect class="bar-fill" data-bar="${name}-${i}" x="0" y="0" width="${widths[`${name}-${i}`] ?? 0}" height="10"/>
              <line class="bar-mid" x1="50" x2="50" y1="0" y2="10" vector-effect="non-scaling-stroke"/>
            </svg>
          </td>
        </tr>`)
    .join("");
}

function panelMarkup(name, state, values) {
  const panel = state && state.panels && state.panels[name];
  const floor = state ? state.floor : undefined;
  return `
  <section class="panel p-${name}" data-model="${name}" part="panel ${name}" aria-labelledby="title-${name}">
    <h3 class="panel-title" id="title-${name}">${TITLES[name]}</h3>
    <p class="formula">${FORMULAS[name].map((part) => `<span class="nowrap">${part}</span>`).join(" ")}</p>
    <p class="readout" part="readout">
      <span class="read"><span class="tag">step</span> <strong>${slot(`${name}-step`, values)}</strong></span>
      <span class="read"><span class="tag">loss</span> <strong class="loss-value">${slot(`${name}-loss`, values)}</strong></span>
    </p>
    <p class="verdict" part="verdict">${slot(`${name}-verdict`, values, "")}</p>
    <figure class="fig loss-fig" part="loss-chart">
      <svg class="chart" data-chart="${name}" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img"
        aria-label="${TITLES[name]}: loss after each update, log scale">${lossChart(panel, floor)}</svg>
      <figcaption>Loss after each update. Dashed: the loss when every output is 0.5.</figcaption>
    </figure>
    <div class="pair">
      <figure class="fig map-fig" part="heatmap">
        <svg class="map" data-map="${name}" viewBox="-16 -3 ${MAP + 19} ${MAP + 24}" role="img"
          aria-label="${TITLES[name]}: its output over the input square, with the four examples">${heatmapChart(panel)}</svg>
        <figcaption>The output for every input (x₁, x₂).</figcaption>
      </figure>
      <table class="outputs" part="outputs">
        <caption>The four examples</caption>
        <thead><tr><th scope="col">x₁</th><th scope="col">x₂</th><th scope="col">target</th><th scope="col">output</th><td class="bar-head"><span class="visually-hidden">output as a bar from 0 to 1</span></td></tr></thead>
        <tbody>${outputRows(name, state, values)}
        </tbody>
      </table>
      ${legend()}
    </div>
    ${precise(name, values)}
  </section>`;
}

/** The state as the element keeps it in the markup: everything but the heatmaps (redrawn by the engine once live). */
function stateAttribute(state) {
  if (!state) return "";
  return ` data-state="${esc(JSON.stringify(state, (key, value) => (key === "heatmap" ? undefined : value)))}"`;
}

export function render(state, cfg) {
  const values = fields(state);
  const seed = state ? state.seed : cfg.seed;
  return `
<div class="bp xor-lab" data-bp-root part="root"${stateAttribute(state)}>
  <div class="controls lab-controls" part="controls">
    <div class="transport" role="group" aria-label="Training">
      <button id="play" type="button" part="button play" class="primary" aria-describedby="play-help">Play</button>
      <button id="step" type="button" part="button step">Step</button>
      <button id="reset" type="button" part="button reset">Reset</button>
      <span id="play-help" class="visually-hidden">Trains continuously, many updates per second, until you press Pause.</span>
    </div>
    <div class="field seed-field">
      <label for="seed">seed</label>
      <input id="seed" type="number" part="input seed" min="0" max="${MAX_SEED}" step="1" inputmode="numeric" value="${esc(seed)}"
        aria-describedby="seed-help">
      <span id="seed-help" class="visually-hidden">Picks the random starting weights; changing it starts again from step 0.</span>
      <span class="picks" role="group" aria-label="Seeds for the 2-2-1 network">
        <button id="good-seed" type="button" part="button seed-pick">known good: ${slot("good-seed", values)}</button>
        <button id="stuck-seed" type="button" part="button seed-pick">known stuck: ${slot("stuck-seed", values)}</button>
      </span>
    </div>
    <div class="field lr-field">
      <label for="lr">learning rate</label>
      <input id="lr" type="number" part="input lr" min="0" max="${MAX_LR}" step="0.1" inputmode="decimal" value="${esc(state ? state.lr : cfg.lr)}"
        aria-describedby="lr-help">
      <span id="lr-help" class="visually-hidden">Applies from the next update on.</span>
    </div>
  </div>
  <p class="message" data-message role="alert" part="message" hidden></p>
  <div class="panels n${cfg.shown.length}" part="panels">${cfg.shown.map((name) => panelMarkup(name, state, values)).join("")}
  </div>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}

/** One sentence for the live region, e.g. "Step 1200: one neuron loss 0.1250, 2-2-1 network loss 0.0013." */
export function summary(state) {
  if (!state || !state.panels) return "";
  const entries = Object.entries(state.panels);
  if (!entries.length) return "";
  const steps = new Set(entries.map(([, p]) => p.step));
  if (steps.size === 1) {
    const parts = entries.map(([name, p]) => `${entries.length > 1 ? `${TITLES[name].toLowerCase()} ` : ""}loss ${fmt(p.final_loss)}`);
    return `Step ${entries[0][1].step}: ${parts.join(", ")}.`;
  }
  return entries.map(([name, p]) => `${TITLES[name]}, step ${p.step}: loss ${fmt(p.final_loss)}.`).join(" ");
}

