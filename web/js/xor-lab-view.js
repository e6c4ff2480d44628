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
// outputs as a table with value bars. The loss curve is xor-loss-chart.js's, the heatmap xor-heatmap.js's.

import { esc, fmt, num } from "./format.js";
import { readAttributes } from "./attributes.js";
import { slot as slotOf } from "./slots.js";
import { CHART, lossChart, r1 } from "./xor-loss-chart.js";
import { MAP, heatmapChart, legend } from "./xor-heatmap.js";

export const STYLES = ["xor-lab.css"];
export const SHOWN = { both: ["single", "mlp"], single: ["single"], mlp: ["mlp"] };

const ENGINE_DEFAULT = "the engine's default";
// The attribute table. Which models to show is the element's own choice; the seed, the learning rate and steps,
// their defaults and their ranges are the engine's (xor_lab.py): an absent one is not sent, one out of range is
// refused. Together they pin the state: the engine trains to it again.
export const ATTRIBUTES = [
  { name: "model", type: "choice", choices: Object.keys(SHOWN), default: "both",
    doc: "Which models to show: both side by side, one neuron, or the 2-2-1 network. Changing it starts again." },
  { name: "seed", type: "integer", default: undefined, defaultDoc: ENGINE_DEFAULT,
    doc: "The random start (the engine says the range). Changing it starts again from step 0." },
  { name: "lr", type: "number", default: undefined, defaultDoc: ENGINE_DEFAULT,
    doc: "The learning rate (the engine says the range). Changing it starts again from step 0." },
  { name: "steps", type: "integer", min: 0, default: 0,
    doc: "Updates already taken from the seed (the engine says the most): the lab opens after them, as if Step " +
      "had been pressed that many times. It follows the learner's training." },
];

const TITLES = { single: "One neuron", mlp: "2-2-1 network" };
const FORMULAS = {
  single: ["ŷ = σ(w₁x₁ + w₂x₂ + b)"],
  mlp: ["hⱼ = σ(wⱼ₁x₁ + wⱼ₂x₂ + bⱼ),", "ŷ = σ(v₁h₁ + v₂h₂ + c)"],
};

/** Attributes (strings) -> {model, shown, seed?, lr?, problems}; an absent or bad seed or lr is left to the engine. */
export function config(attributes) {
  const { values, problems } = readAttributes(ATTRIBUTES, attributes);
  return { ...values, shown: SHOWN[values.model], problems };
}

// --- what a panel says ----------------------------------------------------------------------------------------------

const near = (a, b, tolerance) => Math.abs(num(a) - num(b)) < tolerance;
// The network's verdict measures how far the loss fell over this many updates before it speaks of a plateau.
export const PLATEAU_WINDOW = 1000;
// ... and calls a gradient this short small (at the plateaus of seeds 2, 38, 63 and 144 it is 3e-4 to 4e-3)
const SMALL_GRADIENT = 0.01;
// The gradient's length, short: 3.3e-4 rather than 0.0003
const length = (panel) => fmt(panel.grad_norm, 2);

/** One sentence about where a model stands, or "" when there is nothing to say yet. Reads only the state, and says
 * only what it measured (the loss, its fall over the last PLATEAU_WINDOW updates, the gradient's length): a stalled
 * loss may start falling again after thousands of steps, so it never tells the learner to stop. */
export function verdict(name, panel, floor) {
  if (!panel || !panel.step) return "";
  const loss = num(panel.final_loss);
  const outputs = panel.outputs.map(num);
  const history = panel.history || [];
  if (name === "single") {
    // shown to 4 decimals, the loss reads as the floor and every output as 0.5
    if (near(loss, floor, 5e-5) && outputs.every((o) => near(o, 0.5, 5e-5))) {
      return `On the floor: loss ${fmt(floor)} and every output ${fmt(0.5)}, so w₁, w₂ and b are all near 0, where ` +
        `the four examples' pulls cancel (gradient length ${length(panel)}). No single neuron gets below this loss.`;
    }
    if (near(loss, floor, 1e-3) && outputs.every((o) => near(o, 0.5, 0.1))) {
      return `Sliding onto the floor at ${fmt(floor)}: every output is drifting toward ${fmt(0.5)}.`;
    }
    return "";
  }
  if (loss < 0.001) return "Solved: the loss is below 0.001 and every output is on the right side of 0.5.";
  const before = history.length > PLATEAU_WINDOW ? num(history[history.length - 1 - PLATEAU_WINDOW]) : NaN;
  const still = Math.abs(before - loss) / loss < 0.05 && num(panel.grad_norm) < SMALL_GRADIENT;
  if (panel.step >= 2 * PLATEAU_WINDOW && loss > 0.01 && still) {
    const halves = outputs.filter((o) => near(o, 0.5, 0.05)).length;
    const which = halves ? ` ${halves} output${halves === 1 ? "" : "s"} sit${halves === 1 ? "s" : ""} near 0.5.` : "";
    return `Plateau: over the last ${PLATEAU_WINDOW} steps the loss moved by less than 5%, from ${fmt(before)} to ` +
      `${fmt(loss)}, ` +
      `and the gradient is small (length ${length(panel)}).${which} A plateau can end after thousands more steps, ` +
      "or never: keep training to find out, or try another seed.";
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

const slot = (key, values, fallback = "…", precision = "display") => slotOf(key, values, { fallback, precision });

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
  const seed = state ? state.seed : cfg.seed ?? "";
  const lr = state ? state.lr : cfg.lr ?? "";
  // the ranges the engine takes, as its answer states them; before any answer the engine alone says
  const [seedMin, seedMax] = (state && state.limits && state.limits.seed) || [];
  const [lrAbove, lrMax] = (state && state.limits && state.limits.lr) || [];
  const range = (min, max) => `${min === undefined ? "" : ` min="${min}"`}${max === undefined ? "" : ` max="${max}"`}`;
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
      <input id="seed" type="number" part="input seed" ${range(seedMin, seedMax)} step="1" inputmode="numeric" value="${esc(seed)}" placeholder="…"
        aria-describedby="seed-help">
      <span id="seed-help" class="visually-hidden">Picks the random starting weights; changing it starts again from step 0.</span>
      <span class="picks" role="group" aria-label="Seeds for the 2-2-1 network">
        <button id="good-seed" type="button" part="button seed-pick">known good: ${slot("good-seed", values)}</button>
        <button id="stuck-seed" type="button" part="button seed-pick">known stuck: ${slot("stuck-seed", values)}</button>
      </span>
    </div>
    <div class="field lr-field">
      <label for="lr">learning rate</label>
      <input id="lr" type="number" part="input lr" ${range(lrAbove, lrMax)} step="0.1" inputmode="decimal" value="${esc(lr)}" placeholder="…"
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

