// The XOR lab's loss curve: the loss after every update on a log scale (decades from 1 down to at least 10⁻⁴), the
// one-neuron floor dashed across it. Pure: a panel of the engine's state in, SVG markup out (no inline style: the
// page's CSP).

import { fmt, num } from "./format.js";

/** The drawing box, in SVG units: the chart's viewBox is 0 0 width height. */
export const CHART = { width: 320, height: 200, left: 40, right: 12, top: 26, bottom: 156 };
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
export const decadeLabel = (k) => DECADE_LABELS[k] ?? `10${String(k).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
/** Rounded to one decimal, as coordinates are written. */
export const r1 = (x) => Math.round(x * 10) / 10;

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

