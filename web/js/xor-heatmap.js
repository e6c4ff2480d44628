// The XOR lab's decision-boundary picture: the engine's heatmap (the model's output over the input square) drawn as
// bands of opacity, the 0.5 contour found by marching squares, the four examples marked by their targets; and the key
// that explains it. Pure: a panel of the engine's state in, SVG markup out.

import { num } from "./format.js";
import { r1 } from "./xor-loss-chart.js";

/** The input square's side, in SVG units. */
export const MAP = 96; // the input square, in SVG units
// Shades: the output rounded to the nearest tenth, drawn at that opacity over the forward colour. 0.5 is a level of
// its own (0.45 to 0.55), so a model sitting at 0.5 everywhere shows one flat shade, never a false edge.
export const LEVELS = 11;
export const level = (value) => Math.min(LEVELS - 1, Math.max(0, Math.round(value * (LEVELS - 1))));
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

/** The key under the picture: the shades from 0 to 1, the boundary line, the two kinds of example. */
export function legend() {
  const swatches = Array.from({ length: LEVELS }, (_, k) =>
    `<rect class="band" fill-opacity="${levelOpacity(k)}" x="${k * 8}" y="0" width="8" height="10"/>`).join("");
  return `<p class="legend"><span class="legend-item">Key: output 0 <svg class="swatches" viewBox="0 0 88 10" aria-hidden="true" focusable="false">${swatches}<rect class="swatch-frame" x="0" y="0" width="88" height="10"/></svg> 1</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><line class="halo" x1="0" y1="6" x2="12" y2="6"/><line class="boundary" x1="0" y1="6" x2="12" y2="6"/></svg> output = 0.5</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><circle class="example t1" cx="6" cy="6" r="4.2"/></svg> target 1</span>
      <span class="legend-item"><svg class="key" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><circle class="example t0" cx="6" cy="6" r="4.2"/></svg> target 0</span></p>`;
}

