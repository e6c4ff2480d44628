// The neuron trainer's loss chart: the engine's loss at every step so far, as a line over the steps, with a text
// alternative and a table for screen readers. Pure: state in, markup out.

import { esc, fmt, num } from "./format.js";

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

export function chartPanel(s) {
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

