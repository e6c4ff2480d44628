// Where every box and wire of the graph goes: trace in, boxes and wires out. graph-ranks.js decides the columns and
// the order within them; this gives positions, in SVG user units (1 unit = 1 CSS px at scale 1). Pure: no DOM, so
// text widths are estimated from character counts.
//
//   4. Positions within ranks (vertical when left to right). A few sweeps that pull each item towards the mean of
//      its neighbours, each followed by an exact least-squares projection onto "in order, at least a gap apart"
//      (pool-adjacent-violators), so items in a rank never overlap and wires stay as straight as the order allows.
//      Top to bottom, width is what is short: the positions are then squeezed towards the middle (compact()).
//   5. Wires. Within a column a wire runs straight at its item's height (nothing else is at that height there);
//      between columns it is a cubic curve in the empty gap. So a wire never crosses a box or a label.
// The layout depends on the trace only, never on the step shown: stepping never moves anything. Box sizes are those
// of the final contents (all values, gradients and labels), so nothing grows while stepping.

import { fmt } from "./format.js";
import { constText, gradTag, labelLines, nodeName, opChip, sumRows } from "./graph-labels.js";
import { structure } from "./graph-ranks.js";

// The box geometry the drawing (graph-svg.js) shares: fonts, paddings and row heights.
export const GEOMETRY = {
  FONT: 13, // numbers, tags, labels
  NAME_FONT: 14, // node names
  PAD_X: 10,
  PAD_Y: 6,
  HEAD_H: 22,
  ROW_H: 19,
  LABEL_LINE: 16,
  LABEL_PAD_X: 8,
  LABEL_PAD_Y: 5,
  ARROW: 8,
};
const { FONT, NAME_FONT, PAD_X, PAD_Y, HEAD_H, ROW_H, LABEL_LINE, LABEL_PAD_X, LABEL_PAD_Y, ARROW } = GEOMETRY;
export const MIN_SCALE = 0.85; // the SVG never shrinks below this: 13-unit text stays >= 11 px; below, it scrolls
const CHAR = 0.62; // advance of one monospace character, in em (SF Mono 0.60, DejaVu Sans Mono 0.60, Consolas 0.55)
const WIDE_CHAR = 0.9; // ×, −, σ, ² may come from a fallback font: allow for a wider glyph
const CONST_H = 26;
const GAP_X = 22; // between columns: where wires curve
const GAP_Y = 14; // between boxes in one column
const WIRE_GAP = 9; // between a wire passing through a column and its neighbours
const MARGIN = 6;
const TALL_WIDTH = 314; // a 360 px phone leaves 286 px inside the widget: (314 + 2 margins) * MIN_SCALE = 279 px

/** The estimated width of `text` at `size`. */
export function textWidth(text, size = FONT) {
  let em = 0;
  for (const ch of String(text)) em += ch.charCodeAt(0) < 128 ? CHAR : WIDE_CHAR;
  return em * size;
}

/** A node box's size: its head (op chip and name), a value row, a gradient row unless it is a constant, and for a
 * fan-out the rows that sum its contributions (`fanIn`: their texts). */
export function measureNode(node, fanIn) {
  if (node.kind === "const") return { w: Math.ceil(textWidth(constText(node)) + 2 * PAD_X), h: CONST_H };
  const chip = opChip(node);
  const head = textWidth(nodeName(node), NAME_FONT) + (chip ? textWidth(`${chip} `, NAME_FONT) : 0);
  const rowWidth = (tag, number) => textWidth(tag) + 14 + textWidth(number);
  let inner = Math.max(head, rowWidth("value", fmt(node.value)));
  let rows = 1;
  if (node.grad !== null) {
    inner = Math.max(inner, rowWidth(gradTag(node), fmt(node.grad)));
    rows++;
  }
  const sums = fanIn && fanIn.length >= 2 ? sumRows(fanIn) : [];
  for (const row of sums) inner = Math.max(inner, textWidth(row));
  rows += sums.length;
  return { w: Math.ceil(inner + 2 * PAD_X), h: PAD_Y + HEAD_H + rows * ROW_H + PAD_Y };
}

/** An edge label's size: its four lines (graph-labels.js, labelLines). */
export function measureLabel(edge) {
  const lines = labelLines(edge);
  const w = Math.max(...lines.map((line) => textWidth(line)));
  return { w: Math.ceil(w + 2 * LABEL_PAD_X), h: lines.length * LABEL_LINE + 2 * LABEL_PAD_Y };
}

/** Least-squares positions c_i near d_i with c_i - c_{i-1} >= sep_i, in order (pool-adjacent-violators). */
export function project(desired, seps) {
  const offsets = [0];
  for (let i = 1; i < desired.length; i++) offsets.push(offsets[i - 1] + seps[i]);
  const blocks = []; // {sum, count}
  for (let i = 0; i < desired.length; i++) {
    blocks.push({ sum: desired[i] - offsets[i], count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      blocks.pop();
      a.sum += b.sum;
      a.count += b.count;
    }
  }
  const out = [];
  for (const b of blocks) for (let j = 0; j < b.count; j++) out.push(b.sum / b.count + offsets[out.length]);
  return out;
}

/** The extent of positions `y` across the ranks. */
function extent(items, y, across) {
  return Math.max(...items.map((it, i) => y[i] + across(it) / 2)) - Math.min(...items.map((it, i) => y[i] - across(it) / 2));
}

/** Tall layouts are for narrow hosts, where width is what is short: pulling items towards their neighbours lets a
 * lopsided tree drift sideways, so shrink all positions towards the middle (then project again, which keeps order
 * and gaps) by the least factor that brings the width down to TALL_WIDTH, or as close as the widest row allows. */
function compact(ranks, items, y, across, settle) {
  if (extent(items, y, across) <= TALL_WIDTH) return;
  const original = y.slice();
  const middle = (Math.max(...original) + Math.min(...original)) / 2;
  const squeeze = (factor) => {
    ranks.forEach((rank, r) => settle(r, rank.map((i) => middle + (original[i] - middle) * factor)));
    return extent(items, y, across);
  };
  let lo = 0;
  let hi = 1;
  const floor = squeeze(0) + 0.5;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (squeeze(mid) <= Math.max(TALL_WIDTH, floor)) lo = mid;
    else hi = mid;
  }
  squeeze(lo);
}

/** 4. Each item's position across the ranks (its centre). */
function positions(ranks, items, across, tall) {
  const sep = (a, b) => {
    const gap = items[a].kind === "dummy" || items[b].kind === "dummy" ? WIRE_GAP : GAP_Y;
    return (across(items[a]) + across(items[b])) / 2 + gap;
  };
  const y = new Array(items.length).fill(0);
  const settle = (r, desired) => {
    const rank = ranks[r];
    const placed = project(desired, rank.map((i, p) => (p === 0 ? 0 : sep(rank[p - 1], i))));
    rank.forEach((i, p) => (y[i] = placed[p]));
  };
  for (let r = 0; r < ranks.length; r++) settle(r, ranks[r].map(() => 0)); // stacked from the start
  const mean = (list) => list.reduce((s, j) => s + y[j], 0) / list.length;
  const pull = (r, which) =>
    settle(r, ranks[r].map((i) => {
      const list = which === "both" ? [...items[i].pred, ...items[i].succ] : items[i][which];
      return list.length ? mean(list) : y[i];
    }));
  for (let round = 0; round < 6; round++) {
    for (let r = 1; r < ranks.length; r++) pull(r, "pred");
    for (let r = ranks.length - 2; r >= 0; r--) pull(r, "succ");
  }
  for (let r = 0; r < ranks.length; r++) pull(r, "both");
  if (tall) compact(ranks, items, y, across, settle);
  return y;
}

/** Where each edge leaves its source and enters its target (across the ranks): the wires into and out of a node are
 * spread along its side, in the order of their other ends. */
function ports(trace, shape, grid) {
  const { items, y, tall, across } = grid;
  const portIn = new Map();
  const portOut = new Map();
  const spread = (center, size, list, map) => {
    const m = list.length;
    const step = m > 1 ? Math.min(tall ? 18 : 10, (size - 12) / (m - 1)) : 0;
    list.forEach(([edgeId], i) => map.set(edgeId, center + (i - (m - 1) / 2) * step));
  };
  const byPosition = (a, b) => a[1] - b[1] || a[0] - b[0];
  for (const nd of trace.nodes) {
    const i = shape.nodeItem.get(nd.id);
    const ins = (shape.into.get(nd.id) || []).map((e) => [e.id, y[shape.chains.get(e.id).at(-1)]]).sort(byPosition);
    const outs = (shape.outOf.get(nd.id) || []).map((e) => [e.id, y[shape.chains.get(e.id)[0]]]).sort(byPosition);
    spread(y[i], across(items[i]), ins, portIn);
    spread(y[i], across(items[i]), outs, portOut);
  }
  return { portIn, portOut };
}

/** 5. One edge's wire {d, head, tail}: within a column it runs straight at its item's position; between columns it
 * curves through the empty gap. `head` is the arrowhead at the target, `tail` the one drawn at the source while the
 * edge carries a gradient back. */
function wire(edge, shape, grid, { portIn, portOut }) {
  const { items, y, colX, colW, along, tall } = grid;
  const r1 = (v) => Math.round(v * 10) / 10;
  const pt = (a, c) => (tall ? `${r1(c)} ${r1(a)}` : `${r1(a)} ${r1(c)}`); // (along, across) -> "x y"
  const curve = (a1, c1, a2, c2) => {
    const da = (a2 - a1) / 2;
    return ` C${pt(a1 + da, c1)} ${pt(a2 - da, c2)} ${pt(a2, c2)}`;
  };
  const si = items[shape.nodeItem.get(edge.source)];
  const ti = items[shape.nodeItem.get(edge.target)];
  const sr = si.rank;
  const tr = ti.rank;
  const sEnd = colX[sr] + (colW[sr] + along(si)) / 2; // the source's far side
  const tStart = colX[tr] + (colW[tr] - along(ti)) / 2; // the target's near side
  const c0 = portOut.get(edge.id);
  const c1 = portIn.get(edge.id);
  let d = `M${pt(sEnd, c0)} L${pt(colX[sr] + colW[sr], c0)}`;
  let pa = colX[sr] + colW[sr];
  let pc = c0;
  for (const i of shape.chains.get(edge.id)) {
    const r = items[i].rank;
    d += curve(pa, pc, colX[r], y[i]) + ` L${pt(colX[r] + colW[r], y[i])}`;
    pa = colX[r] + colW[r];
    pc = y[i];
  }
  d += curve(pa, pc, colX[tr], c1) + ` L${pt(tStart - 1, c1)}`;
  return {
    d,
    head: `M${pt(tStart, c1)} L${pt(tStart - ARROW, c1 - ARROW / 2)} L${pt(tStart - ARROW, c1 + ARROW / 2)} Z`,
    tail: `M${pt(sEnd, c0)} L${pt(sEnd + ARROW, c0 - ARROW / 2)} L${pt(sEnd + ARROW, c0 + ARROW / 2)} Z`,
  };
}

const MEASURE = { node: measureNode, label: measureLabel };
const structureCache = new WeakMap();
const layoutCache = new WeakMap();

/** Where everything goes, for a trace: {width, height, nodes: Map(id -> box), labels: Map(edge id -> box),
 * wires: Map(edge id -> {d, head, tail}), crossings, tall}. `tall` lays the ranks out top to bottom instead of left
 * to right (for narrow hosts). Boxes are {x, y, w, h}. Cached per trace (keyed on its nodes array). */
export function layout(trace, tall = false) {
  let cached = layoutCache.get(trace.nodes);
  if (!cached) layoutCache.set(trace.nodes, (cached = {}));
  const orientation = tall ? "tall" : "wide";
  if (cached[orientation]) return cached[orientation];
  if (!structureCache.has(trace.nodes)) structureCache.set(trace.nodes, structure(trace, MEASURE));
  const shape = structureCache.get(trace.nodes);
  const { items, ranks, nodeItem, crossings } = shape;
  // Positions are computed on two axes: "along" the ranks (x when wide, y when tall) and "across" them.
  const along = (it) => (tall ? it.h : it.w);
  const across = (it) => (tall ? it.w : it.h);
  const y = positions(ranks, items, across, tall);

  // columns (rows when tall) and the drawing's extent
  const colW = ranks.map((rank) => Math.max(0, ...rank.map((i) => along(items[i]))));
  const colX = [];
  let x = MARGIN + ARROW;
  for (let r = 0; r < ranks.length; r++) {
    colX.push(x);
    x += colW[r] + GAP_X;
  }
  const extentAlong = Math.ceil(x - GAP_X + MARGIN + ARROW);
  const shift = MARGIN - Math.min(...items.map((it, i) => y[i] - across(it) / 2));
  for (let i = 0; i < y.length; i++) y[i] += shift;
  const extentAcross = Math.ceil(Math.max(...items.map((it, i) => y[i] + across(it) / 2)) + MARGIN);
  const r1 = (v) => Math.round(v * 10) / 10;
  const box = (i) => {
    const it = items[i];
    const a0 = colX[it.rank] + (colW[it.rank] - along(it)) / 2;
    const c0 = y[i] - across(it) / 2;
    return tall ? { x: r1(c0), y: r1(a0), w: it.w, h: it.h } : { x: r1(a0), y: r1(c0), w: it.w, h: it.h };
  };
  const nodeBoxes = new Map(trace.nodes.map((nd) => [nd.id, box(nodeItem.get(nd.id))]));
  const labelBoxes = new Map();
  for (const it of items) if (it.kind === "label") labelBoxes.set(it.edge, box(it.index));

  const grid = { items, y, colX, colW, along, across, tall };
  const sides = ports(trace, shape, grid);
  const wires = new Map(trace.edges.map((e) => [e.id, wire(e, shape, grid, sides)]));
  const [width, height] = tall ? [extentAcross, extentAlong] : [extentAlong, extentAcross];
  const result = { width, height, nodes: nodeBoxes, labels: labelBoxes, wires, crossings, tall };
  cached[orientation] = result;
  return result;
}
