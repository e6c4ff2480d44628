// The step-through computation graph's view: pure functions of the engine's trace (py/backprop/trace.py) and a step
// number k. Used in the page by <bp-graph-stepper> and by the build (Node) to prerender the first frame, so no DOM
// access here: everything is markup built from strings, and text widths are estimated from character counts.
//
// Drawing: SVG, left to right; plus the same graph top to bottom, which CSS shows instead in a narrow widget (a
// container query), so a phone gets a readable drawing without script deciding anything. Every node box, edge label
// and wire is placed by layout() below; colours and line styles come from classes in css/graph-stepper.css (the
// page's CSP forbids style attributes and <style> elements). Geometry is in SVG units; the SVG scales with its
// viewBox down to MIN_SCALE and scrolls sideways inside the widget below that, never the page.
//
// Layout (layout()):
//   1. Layers. Operations get the longest-path layer from the inputs (1 + the deepest parent). Leaves (inputs and
//      constants) are then pulled right to sit one layer before their first consumer, so `d` in (a*b + c)*d stands
//      next to the product it feeds instead of far left with a long wire.
//   2. Ranks. Each layer becomes an even rank (node column); between two node columns lies an odd rank (label
//      column). Every edge u -> v is a chain through the ranks between them: its label box sits in the label column
//      just before v, and it passes every other rank as a thin dummy item. Labels are therefore items in their own
//      column, stacked like nodes, which is what guarantees that no two boxes, labels or nodes, can overlap.
//   3. Order within ranks. Start from a depth-first post-order from the output (expression order, top to bottom),
//      then barycenter sweeps down and up; keep the order with the fewest crossings.
//   4. Positions within ranks (vertical when left to right). A few sweeps that pull each item towards the mean of
//      its neighbours, each followed by an exact least-squares projection onto "in order, at least a gap apart"
//      (pool-adjacent-violators), so items in a rank never overlap and wires stay as straight as the order allows.
//      Top to bottom, width is what is short: the positions are then squeezed towards the middle (compact()).
//   5. Wires. Within a column a wire runs straight at its item's height (nothing else is at that height there);
//      between columns it is a cubic curve in the empty gap. So a wire never crosses a box or a label.
// The layout depends on the trace only, never on k: stepping never moves anything. Box sizes are those of the final
// contents (all values, gradients and labels), so nothing grows while stepping.
//
// Constants (kind "const") are drawn as small dashed pills with no gradient row, and their wires are dotted and never
// labelled: they are real nodes of the engine's graph (the numbers 2 and e in (d + e)**2), but no gradient flows into
// them, and drawing them keeps "every node and edge of the trace is on screen" true.

import { esc, fmt, full } from "./format.js";

export const STYLES = ["graph-stepper.css"];

export const DEFAULT_EXPR = "(a*b + c)*d";

/** The built-in examples of the switch: the lesson's graph, and a fan-out where `a` is used twice. */
export const EXAMPLES = [
  { id: "lesson", title: "(a*b + c)*d", expr: "(a*b + c)*d", values: { a: "2", b: "3", c: "-1", d: "4" } },
  { id: "fanout", title: "fan-out: (a*b + a)*d", expr: "(a*b + a)*d", values: { a: "2", b: "3", d: "4" } },
];

// Attribute names that can never carry a variable's value: the elements' own (expr, step, engine, permalink) and
// HTML's global attributes, which do something of their own (title shows a tooltip, popover hides the element, an
// on... attribute is an event handler: code). A value for one of these would change the element, not the variable.
const NOT_VARIABLES = new Set([
  "expr", "step", "engine", "permalink",
  "accesskey", "autocapitalize", "autocorrect", "autofocus", "class", "contenteditable", "dir", "draggable",
  "enterkeyhint", "exportparts", "hidden", "id", "inert", "inputmode", "is", "itemid", "itemprop", "itemref",
  "itemscope", "itemtype", "lang", "nonce", "part", "popover", "role", "slot", "spellcheck", "style", "tabindex",
  "title", "translate", "virtualkeyboardpolicy", "writingsuggestions",
]);

/** An attribute named like a variable of the expression language (HTML lowercases attribute names), and free to
 * carry one: not one of the names above, and not an event handler (on...). */
export function isVariableAttribute(name) {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !NOT_VARIABLES.has(name) && !name.startsWith("on");
}

/** The attribute that gives variable `name` its value - its name in lower case, since HTML lowercases attribute
 * names (X is given as x="2") - or null when no attribute can (`title`, `onset`). */
export function variableAttribute(name) {
  const lower = String(name).toLowerCase();
  return isVariableAttribute(lower) ? lower : null;
}

// ---- geometry, in SVG user units (1 unit = 1 CSS px at scale 1) ----------------------------------------------------
const FONT = 13; // numbers, tags, labels
const NAME_FONT = 14; // node names
export const MIN_SCALE = 0.85; // the SVG never shrinks below this: 13-unit text stays >= 11 px; below, it scrolls
const CHAR = 0.62; // advance of one monospace character, in em (SF Mono 0.60, DejaVu Sans Mono 0.60, Consolas 0.55)
const WIDE_CHAR = 0.9; // ×, −, σ, ² may come from a fallback font: allow for a wider glyph
const PAD_X = 10;
const PAD_Y = 6;
const HEAD_H = 22;
const ROW_H = 19;
const CONST_H = 26;
const LABEL_LINE = 16;
const LABEL_PAD_X = 8;
const LABEL_PAD_Y = 5;
const GAP_X = 22; // between columns: where wires curve
const GAP_Y = 14; // between boxes in one column
const WIRE_GAP = 9; // between a wire passing through a column and its neighbours
const MARGIN = 6;
const ARROW = 8;
const MAX_NAME = 14;
const TALL_WIDTH = 314; // a 360 px phone leaves 286 px inside the widget: (314 + 2 margins) * MIN_SCALE = 279 px
const MAX_FORMULA = 12;

const OP_SYMBOL = { "*": "×", "+": "+", "-": "−", "/": "÷", "**": "^", neg: "−" };
const BINARY = new Set(["*", "+", "-", "/", "**"]);

export function textWidth(text, size = FONT) {
  let em = 0;
  for (const ch of String(text)) em += ch.charCodeAt(0) < 128 ? CHAR : WIDE_CHAR;
  return em * size;
}

function clip(text, max) {
  const chars = [...String(text)];
  return chars.length <= max ? String(text) : `${chars.slice(0, max - 1).join("")}…`;
}

/** "(a*b + c)" -> "a*b + c": one pair of parentheses around the whole formula says nothing in a label. */
export function unwrap(text) {
  const t = String(text).trim();
  if (!t.startsWith("(") || !t.endsWith(")")) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "(") depth++;
    else if (t[i] === ")") depth--;
    if (depth === 0 && i < t.length - 1) return t; // "(a)(b)": the first pair closes early
  }
  return t.slice(1, -1).trim();
}

const isPlainNumber = (text) => /^[−-]?\d+(\.\d+)?$/.test(String(text).trim());

/** How a node is named on screen: its label, clipped; constants by their text ("2", "pi"). */
export function nodeName(node) {
  return clip(node.kind === "const" ? node.text : node.label, MAX_NAME);
}

/** A name inside dL/d…: bare if it is one short identifier, else in parentheses: dL/dd, dL/d(a*b + c). */
function gradName(node) {
  const name = node.label;
  return /^[A-Za-z_]\w*$/.test(name) ? name : `(${clip(name, MAX_NAME)})`;
}

/** The gradient row's tag in a node box: dL/da for a short name, else "grad". */
function gradTag(node) {
  return /^[A-Za-z_]\w{0,3}$/.test(node.label) ? `dL/d${node.label}` : "grad";
}

function opSymbol(op) {
  return OP_SYMBOL[op] ?? op;
}

/** The op chip before an operation's name; none when the name already says it, as in sigmoid(a*b). */
function opChip(node) {
  if (node.kind !== "op") return "";
  if (!BINARY.has(node.op) && node.op !== "neg" && node.label.startsWith(`${node.op}(`)) return "";
  return opSymbol(node.op);
}

function constText(node) {
  return isPlainNumber(node.text) ? node.text : `${node.text} = ${fmt(node.value)}`;
}

// ---- configuration ---------------------------------------------------------------------------------------------

/** Attributes (strings) -> {expr, values, step, problems}. The expression itself is checked by the engine. */
export function config(attributes) {
  const problems = [];
  let expr = attributes.expr;
  if (expr === undefined || expr === null) expr = DEFAULT_EXPR;
  else if (String(expr).trim() === "") {
    problems.push(`expr is empty; showing ${DEFAULT_EXPR}.`);
    expr = DEFAULT_EXPR;
  }
  const values = Object.create(null); // a variable may be called __proto__ or constructor: no inherited keys
  for (const [name, value] of Object.entries(attributes)) {
    if (isVariableAttribute(name)) values[name] = String(value ?? "");
  }
  let step = 0;
  if (attributes.step !== undefined && attributes.step !== null) {
    const text = String(attributes.step).trim();
    if (/^\d+$/.test(text)) step = Number(text);
    else problems.push(`step="${text.slice(0, 20)}" is not a whole number of steps; starting at step 0.`);
  }
  return { expr: String(expr), values, step, problems };
}

/** The learner's messages for a trace: variables that had no value, and variables no attribute can give one. */
export function stateProblems(state) {
  if (!state || !state.missing || state.missing.length === 0) return [];
  const problems = [];
  const settable = state.missing.filter((name) => variableAttribute(name) !== null);
  const stuck = state.missing.filter((name) => variableAttribute(name) === null);
  if (settable.length) {
    const example = `${variableAttribute(settable[0])}="2"`;
    problems.push(settable.length === 1
      ? `No value given for ${settable[0]}: using 1. Give it as an attribute, e.g. ${example}.`
      : `No values given for ${settable.join(", ")}: using 1 for each. Give them as attributes, e.g. ${example}.`);
  }
  if (stuck.length) {
    const names = stuck.map((name) => clip(name, 20)).join(", ");
    problems.push(`No attribute can give ${names} a value (${stuck.length === 1 ? "that name is" : "those names are"} ` +
      "taken by HTML or by the widget itself, or starts with on): using 1. Rename the variable to set it.");
  }
  return problems;
}

// ---- stepping: the Stepper's rules (py/backprop/trace.py, Stepper.state), computed from `steps` alone ------------

export function stepCount(trace) {
  return trace.steps.length - 1;
}

export function clampStep(trace, k) {
  const n = stepCount(trace);
  const x = Number.isNaN(Number(k)) ? 0 : Math.trunc(Number(k)); // a step too large to be finite is the last one
  return Math.max(0, Math.min(n, x));
}

/** The step shown: state.k when the state carries one, else the `step` attribute; clamped to 0..N. */
export function currentStep(state, cfg) {
  return clampStep(state, state.k ?? (cfg ? cfg.step : 0));
}

/** What is visible after step k: values, gradients, active and done edges, and which contributions have arrived. */
export function visibleAt(trace, k) {
  const n = stepCount(trace);
  const outgoing = new Map();
  const into = new Map();
  const source = new Map();
  for (const e of trace.edges) {
    outgoing.set(e.source, (outgoing.get(e.source) || 0) + 1);
    if (!into.has(e.target)) into.set(e.target, []);
    into.get(e.target).push(e.id);
    source.set(e.id, e.source);
  }
  const hasGrad = new Set(trace.nodes.filter((nd) => nd.grad !== null).map((nd) => nd.id));
  const values = new Set(trace.nodes.filter((nd) => nd.kind !== "op").map((nd) => nd.id));
  const grads = new Set();
  const done = new Set();
  const arrived = new Map(); // node -> edge ids whose contribution reached it, in arrival order
  const newValues = new Set();
  const newGrads = [];
  let active = [];
  for (let i = 1; i <= k; i++) {
    const step = trace.steps[i];
    const last = i === k;
    active = [];
    if (step.phase === "forward") {
      values.add(step.node);
      if (last) newValues.add(step.node);
      active = [...(into.get(step.node) || [])];
    } else if (step.phase === "seed") {
      if (hasGrad.has(step.node)) {
        grads.add(step.node);
        if (last) newGrads.push(step.node);
      }
    } else if (step.phase === "backward") {
      active = [...step.edges];
      for (const e of active) {
        done.add(e);
        const src = source.get(e);
        if (!arrived.has(src)) arrived.set(src, []);
        arrived.get(src).push(e);
        if (arrived.get(src).length === outgoing.get(src) && hasGrad.has(src)) {
          grads.add(src);
          if (last) newGrads.push(src);
        }
      }
    }
  }
  const step = trace.steps[k];
  return {
    k, n, phase: step.phase, node: step.node ?? null, values, grads, done, arrived, outgoing,
    active, activeSet: new Set(active), newValues, newGrads,
  };
}

// ---- layout ----------------------------------------------------------------------------------------------------

/** Edges whose backward contribution exists (the others, into or out of constants, carry no gradient label). */
const labelled = (edge) => edge.contribution !== null;

/** Edge ids out of each node that carry a contribution, in the order the backward pass delivers them. */
function contributionOrder(trace) {
  const order = new Map();
  for (const step of trace.steps) {
    if (step.phase !== "backward") continue;
    for (const id of step.edges) {
      const e = trace.edges[id];
      if (!labelled(e)) continue;
      if (!order.has(e.source)) order.set(e.source, []);
      order.get(e.source).push(id);
    }
  }
  return order;
}

/** The sum rows of a fan-out node: "= t1 + t2", "+ t3 + t4", ... ("…" for a contribution still to come). */
function sumRows(terms) {
  const rows = [];
  for (let i = 0; i < terms.length; i += 2) {
    rows.push(`${i === 0 ? "=" : "+"} ${terms.slice(i, i + 2).join(" + ")}`);
  }
  return rows;
}

/** An edge label is the chain rule for that edge, written downwards as one equation:
 *     a*b + c        the local derivative's formula (neutral)
 *     = 5.0000       its value
 *     × 1.0000       times the upstream gradient (rose)
 *     = 5.0000       the contribution this edge delivers (rose, bold)
 * Narrow on purpose: label columns sit between node columns, so their width decides whether a graph fits. */
function labelLines(edge) {
  const formula = unwrap(edge.local_formula);
  return [clip(formula || "local", MAX_FORMULA), `= ${fmt(edge.local)}`, `× ${fmt(edge.upstream)}`, `= ${fmt(edge.contribution)}`];
}

function measureNode(node, fanIn) {
  if (node.kind === "const") {
    const text = constText(node);
    return { w: Math.ceil(textWidth(text) + 2 * PAD_X), h: CONST_H, sumRowCount: 0 };
  }
  const chip = opChip(node);
  const head = textWidth(nodeName(node), NAME_FONT) + (chip ? textWidth(`${chip} `, NAME_FONT) : 0);
  const rowWidth = (tag, number) => textWidth(tag) + 14 + textWidth(number);
  let inner = Math.max(head, rowWidth("value", fmt(node.value)));
  let rows = 1;
  if (node.grad !== null) {
    inner = Math.max(inner, rowWidth(gradTag(node), fmt(node.grad)));
    rows++;
  }
  const terms = fanIn || [];
  const sums = terms.length >= 2 ? sumRows(terms) : [];
  for (const row of sums) inner = Math.max(inner, textWidth(row));
  rows += sums.length;
  return { w: Math.ceil(inner + 2 * PAD_X), h: PAD_Y + HEAD_H + rows * ROW_H + PAD_Y, sumRowCount: sums.length };
}

function measureLabel(edge) {
  const lines = labelLines(edge);
  const w = Math.max(...lines.map((line) => textWidth(line)));
  return { w: Math.ceil(w + 2 * LABEL_PAD_X), h: lines.length * LABEL_LINE + 2 * LABEL_PAD_Y };
}

/** Least-squares positions c_i near d_i with c_i - c_{i-1} >= sep_i, in order (pool-adjacent-violators). */
function project(desired, seps) {
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

function countCrossings(ranks, items, position) {
  let total = 0;
  for (let r = 0; r + 1 < ranks.length; r++) {
    const segments = [];
    for (const i of ranks[r]) for (const j of items[i].succ) segments.push([position[i], position[j]]);
    for (let a = 0; a < segments.length; a++) {
      for (let b = a + 1; b < segments.length; b++) {
        const [p, q] = segments[a];
        const [s, t] = segments[b];
        if ((p - s) * (q - t) < 0) total++;
      }
    }
  }
  return total;
}

const structureCache = new WeakMap();
const layoutCache = new WeakMap();

/** Steps 1-3 of the layout (layers, items, order within ranks): the same for both orientations. */
function structure(trace) {
  const cached = structureCache.get(trace.nodes);
  if (cached) return cached;
  const { nodes, edges } = trace;
  const into = new Map();
  const outOf = new Map();
  for (const e of edges) {
    if (!into.has(e.target)) into.set(e.target, []);
    into.get(e.target).push(e);
    if (!outOf.has(e.source)) outOf.set(e.source, []);
    outOf.get(e.source).push(e);
  }

  // 1. layers: longest path from the inputs for operations; leaves pulled right to just before their first consumer
  const layer = new Map();
  for (const nd of nodes) if (nd.kind !== "op") layer.set(nd.id, 0);
  for (const id of trace.forward_order) {
    layer.set(id, 1 + Math.max(...(into.get(id) || []).map((e) => layer.get(e.source)), -1));
  }
  for (const nd of nodes) {
    if (nd.kind === "op" || !outOf.has(nd.id)) continue;
    layer.set(nd.id, Math.min(...outOf.get(nd.id).map((e) => layer.get(e.target))) - 1);
  }

  // 2. items on ranks: nodes on even ranks, each edge's label (or a thin dummy) on the odd rank before its target
  const order = contributionOrder(trace);
  const fanIn = new Map();
  for (const [id, list] of order) fanIn.set(id, list.map((e) => fmt(edges[e].contribution)));
  const items = [];
  const nodeItem = new Map();
  const maxLayer = Math.max(0, ...layer.values());
  const ranks = Array.from({ length: 2 * maxLayer + 1 }, () => []);
  const add = (item) => {
    item.index = items.length;
    item.pred = [];
    item.succ = [];
    items.push(item);
    ranks[item.rank].push(item.index);
    return item.index;
  };
  for (const nd of nodes) {
    const size = measureNode(nd, fanIn.get(nd.id));
    nodeItem.set(nd.id, add({ kind: "node", id: nd.id, rank: 2 * layer.get(nd.id), w: size.w, h: size.h }));
  }
  const chains = new Map(); // edge id -> item indices strictly between source and target
  for (const e of edges) {
    const from = 2 * layer.get(e.source);
    const to = 2 * layer.get(e.target);
    const chain = [];
    for (let r = from + 1; r < to; r++) {
      const isLabel = r === to - 1 && labelled(e);
      const size = isLabel ? measureLabel(e) : { w: 0, h: 0 };
      chain.push(add({ kind: isLabel ? "label" : "dummy", edge: e.id, rank: r, w: size.w, h: size.h }));
    }
    const path = [nodeItem.get(e.source), ...chain, nodeItem.get(e.target)];
    for (let i = 0; i + 1 < path.length; i++) {
      items[path[i]].succ.push(path[i + 1]);
      items[path[i + 1]].pred.push(path[i]);
    }
    chains.set(e.id, chain);
  }

  // 3. order within ranks: post-order from the output, then barycenter sweeps, keeping the fewest crossings
  const key = new Map();
  const seen = new Set();
  const stack = [[trace.output, 0]];
  let counter = 0;
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [id, next] = top;
    if (next === 0) seen.add(id);
    const parents = (into.get(id) || []).slice().sort((a, b) => a.slot - b.slot);
    if (next < parents.length) {
      top[1]++;
      const p = parents[next].source;
      if (!seen.has(p)) stack.push([p, 0]);
    } else {
      stack.pop();
      key.set(id, counter++);
    }
  }
  for (const nd of nodes) if (!key.has(nd.id)) key.set(nd.id, counter++);
  const itemKey = (item) =>
    item.kind === "node" ? key.get(item.id) : key.get(edges[item.edge].source) + (item.edge + 1) / (edges.length + 2);
  for (const rank of ranks) rank.sort((a, b) => itemKey(items[a]) - itemKey(items[b]));

  const position = new Array(items.length);
  const place = () => ranks.forEach((rank) => rank.forEach((i, p) => (position[i] = p)));
  place();
  let best = ranks.map((rank) => rank.slice());
  let bestCrossings = countCrossings(ranks, items, position);
  const sweep = (r, neighbours) => {
    const bary = new Map();
    for (const i of ranks[r]) {
      const list = items[i][neighbours];
      bary.set(i, list.length ? list.reduce((s, j) => s + position[j], 0) / list.length : position[i]);
    }
    ranks[r].sort((a, b) => bary.get(a) - bary.get(b) || position[a] - position[b]);
    ranks[r].forEach((i, p) => (position[i] = p));
  };
  for (let round = 0; round < 8 && bestCrossings > 0; round++) {
    if (round % 2 === 0) for (let r = 1; r < ranks.length; r++) sweep(r, "pred");
    else for (let r = ranks.length - 2; r >= 0; r--) sweep(r, "succ");
    const crossings = countCrossings(ranks, items, position);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = ranks.map((rank) => rank.slice());
    }
  }
  best.forEach((rank, r) => (ranks[r] = rank));
  place();

  const result = { items, ranks, chains, nodeItem, layer, into, outOf, crossings: bestCrossings };
  structureCache.set(trace.nodes, result);
  return result;
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

/** Where everything goes, for a trace: {width, height, nodes: Map(id -> box), labels: Map(edge id -> box),
 * wires: Map(edge id -> {d, head, tail}), crossings}. `tall` lays the ranks out top to bottom instead of left to
 * right (for narrow hosts). Boxes are {x, y, w, h}. Cached per trace (keyed on its nodes array). */
export function layout(trace, tall = false) {
  let cached = layoutCache.get(trace.nodes);
  if (!cached) layoutCache.set(trace.nodes, (cached = {}));
  const orientation = tall ? "tall" : "wide";
  if (cached[orientation]) return cached[orientation];
  const { nodes, edges } = trace;
  const { items, ranks, chains, nodeItem, layer, into, outOf, crossings } = structure(trace);
  // Positions are computed on two axes: "along" the ranks (x when wide, y when tall) and "across" them.
  const along = (it) => (tall ? it.h : it.w);
  const across = (it) => (tall ? it.w : it.h);

  // 4. positions across: pull towards neighbours, project back to "in order, a gap apart"
  const sep = (a, b) => {
    const ia = items[a];
    const ib = items[b];
    const gap = ia.kind === "dummy" || ib.kind === "dummy" ? WIRE_GAP : GAP_Y;
    return (across(ia) + across(ib)) / 2 + gap;
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

  // columns (rows when tall) and the drawing's extent
  const colW = ranks.map((rank) => Math.max(0, ...rank.map((i) => along(items[i]))));
  const colX = [];
  let x = MARGIN + ARROW;
  for (let r = 0; r < ranks.length; r++) {
    colX.push(x);
    x += colW[r] + GAP_X;
  }
  const extentAlong = Math.ceil(x - GAP_X + MARGIN + ARROW);
  const low = Math.min(...items.map((it, i) => y[i] - across(it) / 2));
  const shift = MARGIN - low;
  for (let i = 0; i < y.length; i++) y[i] += shift;
  const extentAcross = Math.ceil(Math.max(...items.map((it, i) => y[i] + across(it) / 2)) + MARGIN);
  // (along, across) -> "x y"
  const r1 = (v) => Math.round(v * 10) / 10;
  const pt = (a, c) => (tall ? `${r1(c)} ${r1(a)}` : `${r1(a)} ${r1(c)}`);
  const box = (i) => {
    const it = items[i];
    const a0 = colX[it.rank] + (colW[it.rank] - along(it)) / 2;
    const c0 = y[i] - across(it) / 2;
    return tall ? { x: r1(c0), y: r1(a0), w: it.w, h: it.h } : { x: r1(a0), y: r1(c0), w: it.w, h: it.h };
  };

  const nodeBoxes = new Map();
  for (const nd of nodes) nodeBoxes.set(nd.id, box(nodeItem.get(nd.id)));
  const labelBoxes = new Map();
  for (const it of items) if (it.kind === "label") labelBoxes.set(it.edge, box(it.index));

  // 5. ports (wires into and out of a node spread along its side, in the order of their other ends) and wires.
  // Within a column a wire runs straight at its item's position; between columns it curves through the empty gap.
  const portIn = new Map();
  const portOut = new Map();
  const spread = (center, size, list, map) => {
    const m = list.length;
    const step = m > 1 ? Math.min(tall ? 18 : 10, (size - 12) / (m - 1)) : 0;
    list.forEach(([edgeId], i) => map.set(edgeId, center + (i - (m - 1) / 2) * step));
  };
  for (const nd of nodes) {
    const i = nodeItem.get(nd.id);
    const ins = (into.get(nd.id) || []).map((e) => {
      const chain = chains.get(e.id);
      return [e.id, y[chain[chain.length - 1]]];
    });
    const outs = (outOf.get(nd.id) || []).map((e) => [e.id, y[chains.get(e.id)[0]]]);
    ins.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    outs.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    spread(y[i], across(items[i]), ins, portIn);
    spread(y[i], across(items[i]), outs, portOut);
  }
  const curve = (a1, c1, a2, c2) => {
    const da = (a2 - a1) / 2;
    return ` C${pt(a1 + da, c1)} ${pt(a2 - da, c2)} ${pt(a2, c2)}`;
  };
  const wires = new Map();
  for (const e of edges) {
    const si = items[nodeItem.get(e.source)];
    const ti = items[nodeItem.get(e.target)];
    const sr = si.rank;
    const tr = ti.rank;
    const sEnd = colX[sr] + (colW[sr] + along(si)) / 2; // the source's far side
    const tStart = colX[tr] + (colW[tr] - along(ti)) / 2; // the target's near side
    const c0 = portOut.get(e.id);
    const c1 = portIn.get(e.id);
    let d = `M${pt(sEnd, c0)} L${pt(colX[sr] + colW[sr], c0)}`;
    let pa = colX[sr] + colW[sr];
    let pc = c0;
    for (const i of chains.get(e.id)) {
      const r = items[i].rank;
      d += curve(pa, pc, colX[r], y[i]) + ` L${pt(colX[r] + colW[r], y[i])}`;
      pa = colX[r] + colW[r];
      pc = y[i];
    }
    d += curve(pa, pc, colX[tr], c1) + ` L${pt(tStart - 1, c1)}`;
    wires.set(e.id, {
      d,
      head: `M${pt(tStart, c1)} L${pt(tStart - ARROW, c1 - ARROW / 2)} L${pt(tStart - ARROW, c1 + ARROW / 2)} Z`,
      tail: `M${pt(sEnd, c0)} L${pt(sEnd + ARROW, c0 - ARROW / 2)} L${pt(sEnd + ARROW, c0 + ARROW / 2)} Z`,
    });
  }

  const [width, height] = tall ? [extentAcross, extentAlong] : [extentAlong, extentAcross];
  const result = { width, height, nodes: nodeBoxes, labels: labelBoxes, wires, crossings, tall };
  cached[orientation] = result;
  return result;
}

// ---- words -----------------------------------------------------------------------------------------------------

const numSpan = (value, cls) =>
  `<span class="${cls}" data-num title="${esc(full(value))}">${esc(fmt(value))}</span>`;

/** How the forward step computes a node, with its inputs' values: "a*b = 2.0000 × 3.0000 = 6.0000". */
function forwardText(trace, node, html) {
  const parents = trace.edges.filter((e) => e.target === node.id).sort((a, b) => a.slot - b.slot)
    .map((e) => trace.nodes[e.source]);
  const show = (value) => (html ? numSpan(value, "v") : fmt(value));
  const name = html ? esc(node.label) : node.label;
  let middle;
  if (BINARY.has(node.op) && parents.length === 2) {
    middle = `${show(parents[0].value)} ${opSymbol(node.op)} ${show(parents[1].value)}`;
  } else if (node.op === "neg" && parents.length === 1) {
    middle = `−(${show(parents[0].value)})`;
  } else {
    middle = `${esc(node.op)}(${parents.map((p) => show(p.value)).join(", ")})`;
  }
  return `${name} = ${middle} = ${show(node.value)}`;
}

/** Step text for the live region: "Step 5 of 7: backward through ×, dL/dd = 5.0000". */
export function summary(state, cfg) {
  if (!state) return "";
  const k = currentStep(state, cfg);
  const view = visibleAt(state, k);
  const head = `Step ${k} of ${view.n}: `;
  const node = view.node === null ? null : state.nodes[view.node];
  const grads = (ids) => ids.map((id) => `dL/d${gradName(state.nodes[id])} = ${fmt(state.nodes[id].grad)}`).join(", ");
  switch (view.phase) {
    case "inputs":
      return head + "the inputs, " + state.nodes.filter((nd) => nd.kind === "input")
        .map((nd) => `${nd.label} = ${fmt(nd.value)}`).join(", ");
    case "forward":
      return head + `forward through ${opSymbol(node.op)}, ${node.label} = ${fmt(node.value)}`;
    case "seed":
      return head + `seed, dL/d${gradName(node)} = ${fmt(node.grad)}`;
    default: {
      let text = head + `backward through ${opSymbol(node.op)}`;
      if (view.newGrads.length) text += `, ${grads(view.newGrads)}`;
      const partial = [...new Set(view.active.map((e) => state.edges[e].source))]
        .filter((id) => !view.grads.has(id) && state.nodes[id].grad !== null);
      for (const id of partial) {
        text += `, ${state.nodes[id].label} has ${view.arrived.get(id).length} of ${view.outgoing.get(id)} contributions`;
      }
      return text;
    }
  }
}

/** The explanation under the graph for step k (HTML). */
export function explainMarkup(state, cfg) {
  if (!state) return `<p class="phase">Step through once Python has started.</p>`;
  const k = currentStep(state, cfg);
  const view = visibleAt(state, k);
  const node = view.node === null ? null : state.nodes[view.node];
  const parts = [];
  if (view.phase === "inputs") {
    const inputs = state.nodes.filter((nd) => nd.kind === "input");
    const consts = state.nodes.filter((nd) => nd.kind === "const");
    parts.push(`<p class="phase"><strong>The inputs.</strong> ${inputs
      .map((nd) => `${esc(nd.label)} = ${numSpan(nd.value, "v")}`).join(", ")}${consts.length
      ? `; constants ${consts.map((nd) => esc(nd.text)).join(", ")}` : ""}. Nothing is computed yet: <em>Next</em> runs
      the forward pass, one operation per step.</p>`);
  } else if (view.phase === "forward") {
    parts.push(`<p class="phase"><strong>Forward through ${esc(opSymbol(node.op))}:</strong>
      ${forwardText(state, node, true)}.</p>`);
  } else if (view.phase === "seed") {
    parts.push(`<p class="phase"><strong>Seed.</strong> The forward pass is done. The backward pass starts at the
      output with dL/d${esc(gradName(node))} = ${numSpan(node.grad, "g")}: a change in L moves L one for one.</p>`);
  } else {
    parts.push(`<p class="phase"><strong>Backward through ${esc(opSymbol(node.op))} at ${esc(nodeName(node))}:</strong>
      each input receives local derivative × upstream gradient.</p>`);
    const items = view.active.map((id) => {
      const e = state.edges[id];
      const from = esc(nodeName(state.nodes[e.source]));
      const to = esc(nodeName(state.nodes[e.target]));
      if (!labelled(e)) return `<li><span class="who">${from} → ${to}</span>: ${from} is a constant; no gradient flows to it.</li>`;
      const formula = unwrap(e.local_formula);
      const local = isPlainNumber(formula) ? numSpan(e.local, "l") : `${esc(formula)} = ${numSpan(e.local, "l")}`;
      return `<li><span class="who">${from} → ${to}</span>: <span class="loc">local = ${local}</span> ×
        <span class="up">upstream ${numSpan(e.upstream, "g")}</span> = <strong>${numSpan(e.contribution, "g")}</strong></li>`;
    });
    parts.push(`<ul class="contributions">${items.join("")}</ul>`);
    const complete = view.newGrads.map((id) => {
      const nd = state.nodes[id];
      const list = view.arrived.get(id) || [];
      const sum = list.length >= 2
        ? ` = ${list.map((e) => numSpan(state.edges[e].contribution, "g")).join(" + ")}` : "";
      return `dL/d${esc(gradName(nd))}${sum} = ${numSpan(nd.grad, "g")}`;
    });
    if (complete.length) parts.push(`<p class="complete">Complete: ${complete.join("; ")}.</p>`);
    const partial = [...new Set(view.active.map((e) => state.edges[e].source))]
      .filter((id) => !view.grads.has(id) && state.nodes[id].grad !== null);
    if (partial.length) {
      parts.push(`<p class="partial">${partial.map((id) => `${esc(nodeName(state.nodes[id]))} has ${
        view.arrived.get(id).length} of ${view.outgoing.get(id)} contributions; its gradient is their sum, shown once all
        have arrived.`).join(" ")}</p>`);
    }
  }
  return parts.join("");
}

/** Every node at step k, at full precision, as a table (for screen readers, and for anyone who wants the digits). */
export function tableMarkup(state, cfg) {
  if (!state) return "";
  const view = visibleAt(state, currentStep(state, cfg));
  const rows = state.nodes.map((nd) => {
    const kind = nd.kind === "op" ? `${opSymbol(nd.op)} (${nd.text})` : nd.kind === "input" ? "input" : "constant";
    const value = view.values.has(nd.id) ? full(nd.value) : "not yet";
    const grad = nd.grad === null ? "none (constant)" : view.grads.has(nd.id) ? full(nd.grad) : "not yet";
    return `<tr><th scope="row">${esc(nd.kind === "const" ? nd.text : nd.label)}</th><td>${esc(kind)}</td>` +
      `<td>${esc(value)}</td><td>${esc(grad)}</td></tr>`;
  });
  return `<table><caption class="visually-hidden">Every node after step ${view.k} of ${view.n}</caption>` +
    `<thead><tr><th scope="col">node</th><th scope="col">what it is</th><th scope="col">value</th>` +
    `<th scope="col">gradient dL/d(node)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** Every text slot the element updates in place, by name. */
export function fields(state, cfg) {
  if (!state) return { stepText: "Step – / –", expression: `L = ${cfg ? cfg.expr : DEFAULT_EXPR}` };
  const k = currentStep(state, cfg);
  return {
    stepText: `Step ${k} / ${stepCount(state)}`,
    expression: state.nodes[state.output].kind === "op" ? `L = ${state.expression}` : state.expression,
  };
}

// ---- the SVG ---------------------------------------------------------------------------------------------------

function numText(x, y, value, cls, visible, isNew, anchor = "end") {
  const shown = visible ? fmt(value) : "…";
  const classes = `num ${cls}${visible ? "" : " pending"}${isNew ? " new" : ""}`;
  const title = visible ? `<title>${esc(full(value))}</title>` : "";
  return `<text class="${classes}" x="${x}" y="${y}" text-anchor="${anchor}">${title}${esc(shown)}</text>`;
}

function nodeMarkup(state, view, node, b) {
  const x = Math.round(b.x * 10) / 10;
  const y = Math.round(b.y * 10) / 10;
  const current = view.node === node.id && view.phase !== "inputs";
  const hasValue = view.values.has(node.id);
  const hasGrad = view.grads.has(node.id);
  const classes = ["node", node.kind, current ? "current" : "", hasValue ? "has-value" : "", hasGrad ? "has-grad" : ""]
    .filter(Boolean).join(" ");
  const name = nodeName(node);
  if (node.kind === "const") {
    const label = `constant ${node.text}, value ${fmt(node.value)}, no gradient`;
    const text = constText(node);
    return `<g class="${classes}" part="node" data-node="${node.id}" role="img" aria-label="${esc(label)}">` +
      `<title>${esc(`constant ${node.text} = ${full(node.value)} (no gradient flows into a constant)`)}</title>` +
      `<rect class="box" x="${x}" y="${y}" width="${b.w}" height="${b.h}" rx="${b.h / 2}"/>` +
      `<text class="const-text" x="${Math.round((b.x + b.w / 2) * 10) / 10}" y="${Math.round((b.y + b.h / 2 + 4.5) * 10) / 10}" text-anchor="middle">${esc(text)}</text></g>`;
  }
  const left = Math.round((b.x + PAD_X) * 10) / 10;
  const right = Math.round((b.x + b.w - PAD_X) * 10) / 10;
  let line = b.y + PAD_Y + 16;
  const chip = opChip(node);
  const pieces = [];
  pieces.push(`<text class="head" x="${left}" y="${Math.round(line * 10) / 10}" font-size="${NAME_FONT}">` +
    `${chip ? `<tspan class="op">${esc(chip)}</tspan> ` : ""}<tspan class="name">${esc(name)}</tspan></text>`);
  line += HEAD_H - 2;
  const row = (tag, tagCls, value, cls, visible, isNew) => {
    const ly = Math.round(line * 10) / 10;
    pieces.push(`<text class="ntag ${tagCls}" x="${left}" y="${ly}">${esc(tag)}</text>` +
      numText(right, ly, value, cls, visible, isNew));
    line += ROW_H;
  };
  row("value", "tag-value", node.value, "val", hasValue, view.newValues.has(node.id));
  if (node.grad !== null) row(gradTag(node), "tag-grad", node.grad, "grad", hasGrad, view.newGrads.includes(node.id));
  const fan = state.edges.filter((e) => e.source === node.id && labelled(e));
  if (fan.length >= 2) {
    const arrived = (view.arrived.get(node.id) || []).filter((e) => labelled(state.edges[e]));
    const terms = [...arrived.map((e) => fmt(state.edges[e].contribution))];
    while (terms.length < fan.length) terms.push("…");
    const title = arrived.length ? `<title>${esc(arrived.map((e) => full(state.edges[e].contribution)).join(" + "))}</title>` : "";
    for (const text of sumRows(terms)) {
      const ly = Math.round(line * 10) / 10;
      pieces.push(`<text class="sum${arrived.length ? "" : " pending"}" x="${right}" y="${ly}" text-anchor="end">${title}${esc(text)}</text>`);
      line += ROW_H;
    }
  }
  const kindWord = node.kind === "input" ? "input" : `operation ${opSymbol(node.op)}`;
  const aria = `${node.label}, ${kindWord}: value ${hasValue ? fmt(node.value) : "not computed yet"}` +
    (node.grad === null ? "" : `, gradient ${hasGrad ? fmt(node.grad) : "not computed yet"}`) +
    (current ? ", current step" : "");
  return `<g class="${classes}" part="node" data-node="${node.id}" role="img" aria-label="${esc(aria)}">` +
    `<title>${esc(`${node.text}${node.kind === "op" ? ` (${node.op})` : ""}`)}</title>` +
    `<rect class="box" x="${x}" y="${y}" width="${b.w}" height="${b.h}" rx="${node.kind === "input" ? 12 : 5}"/>` +
    pieces.join("") + `</g>`;
}

function labelMarkup(state, view, edge, b) {
  const active = view.activeSet.has(edge.id) && view.phase === "backward";
  const classes = `elabel${active ? " active" : " done"}`;
  const lines = labelLines(edge);
  const cls = ["l-formula", "l-local", "l-up", "l-contrib"];
  const x = Math.round((b.x + LABEL_PAD_X) * 10) / 10;
  const text = lines.map((line, i) =>
    `<text class="${cls[i]}" x="${x}" y="${Math.round((b.y + LABEL_PAD_Y + (i + 1) * LABEL_LINE - 4) * 10) / 10}">${esc(line)}</text>`).join("");
  const from = state.nodes[edge.source].label;
  const to = state.nodes[edge.target].label;
  const words = `${from} → ${to}: local ${edge.local_formula} = ${full(edge.local)} × upstream ${full(edge.upstream)} = ${full(edge.contribution)}`;
  return `<g class="${classes}" part="edge-label" data-edge-label="${edge.id}" role="img" aria-label="${esc(
    `${from} → ${to}: local ${fmt(edge.local)} × upstream ${fmt(edge.upstream)} = ${fmt(edge.contribution)}`)}">` +
    `<title>${esc(words)}</title>` +
    `<rect class="lbox" x="${Math.round(b.x * 10) / 10}" y="${Math.round(b.y * 10) / 10}" width="${b.w}" height="${b.h}" rx="4"/>${text}</g>`;
}

function svgMarkup(state, cfg, view, L, orient) {
  const wires = state.edges.map((e) => {
    const w = L.wires.get(e.id);
    const constant = !labelled(e);
    const back = view.phase === "backward" && view.activeSet.has(e.id);
    const fwd = view.phase === "forward" && view.activeSet.has(e.id);
    const done = view.done.has(e.id) && !constant;
    const classes = ["edge", constant ? "const" : "", back ? "active" : "", fwd ? "fwd-active" : "", done && !back ? "done" : ""]
      .filter(Boolean).join(" ");
    return `<g class="${classes}" part="edge" data-edge="${e.id}" aria-hidden="true">` +
      `<path class="wire" d="${w.d}"/><path class="head" d="${w.head}"/>` +
      (back && !constant ? `<path class="tail" d="${w.tail}"/>` : "") + `</g>`;
  });
  const labels = state.edges.filter((e) => L.labels.has(e.id) && view.done.has(e.id))
    .map((e) => labelMarkup(state, view, e, L.labels.get(e.id)));
  const nodes = state.nodes.map((nd) => nodeMarkup(state, view, nd, L.nodes.get(nd.id)));
  const title = `Computation graph of ${fields(state, cfg).expression}, step ${view.k} of ${view.n}`;
  return `<div class="canvas ${orient}">` +
    `<svg class="spacer" width="${Math.ceil(L.width * MIN_SCALE)}" height="0" aria-hidden="true" focusable="false"></svg>` +
    `<svg class="graph" viewBox="0 0 ${L.width} ${L.height}" width="${L.width}" height="${L.height}" role="group" ` +
    `aria-label="${esc(title)}" font-size="${FONT}" data-orient="${orient}" data-phase="${view.phase}">` +
    `<g class="wires">${wires.join("")}</g><g class="labels">${labels.join("")}</g><g class="nodes">${nodes.join("")}</g>` +
    `</svg></div>`;
}

/** The drawing for step k, twice: left to right ("wide") and top to bottom ("tall", for narrow hosts); CSS shows
 * one, by the widget's width (a container query), so the prerendered page needs no script to pick. Each comes with a
 * zero-height spacer whose width is the smallest readable size of its SVG (MIN_SCALE of its natural width): CSS
 * sizes the SVG between the two, and a host narrower than the spacer scrolls inside the widget, never the page. */
export function graphMarkup(state, cfg) {
  if (!state) return `<p class="placeholder" data-placeholder>Starting Python…</p>`;
  const view = visibleAt(state, currentStep(state, cfg));
  return svgMarkup(state, cfg, view, layout(state, false), "wide") + svgMarkup(state, cfg, view, layout(state, true), "tall");
}

// ---- the whole widget ------------------------------------------------------------------------------------------

function sameValue(a, b) {
  return a !== undefined && b !== undefined && String(a).trim() !== "" && Number(a) === Number(b);
}

const squash = (text) => String(text).replace(/\s+/g, "");

/** Which built-in example the configuration is (index), or -1. */
export function matchExample(cfg) {
  return EXAMPLES.findIndex((ex) => squash(ex.expr) === squash(cfg.expr)
    && Object.entries(ex.values).every(([name, value]) => sameValue(cfg.values[name], value)));
}

/** The example switch's options: the author's own graph (when it is not a built-in one), then the built-ins. */
export function exampleOptions(cfg, authored = cfg) {
  const current = matchExample(cfg);
  const options = [];
  if (matchExample(authored) === -1) {
    const values = Object.entries(authored.values).map(([n, v]) => `${n}=${v}`).join(", ");
    options.push({ value: "authored", text: `as given: ${clip(authored.expr, 40)}${values ? ` (${clip(values, 40)})` : ""}`,
      selected: current === -1 });
  }
  EXAMPLES.forEach((ex, i) => options.push({ value: String(i), text: ex.title, selected: current === i }));
  if (current === -1 && !options[0].selected) options[0].selected = true;
  return options;
}

export function optionsMarkup(options) {
  return options.map((o) => `<option value="${o.value}"${o.selected ? " selected" : ""}>${esc(o.text)}</option>`).join("");
}

export function render(state, cfg) {
  const f = fields(state, cfg);
  const k = state ? currentStep(state, cfg) : 0;
  const n = state ? stepCount(state) : 0;
  const disabled = state ? "" : " disabled";
  const atStart = state && k === 0 ? ` aria-disabled="true"` : "";
  const atEnd = state && k === n ? ` aria-disabled="true"` : "";
  const problems = [...(cfg.problems || []), ...stateProblems(state)];
  return `
<div class="bp graph-stepper" data-bp-root part="root"${state ? ` data-state="${esc(JSON.stringify(state))}"` : ""}>
  <div class="example-row" part="example">
    <label for="gs-example">Example</label>
    <select id="gs-example" data-example>${optionsMarkup(exampleOptions(cfg))}</select>
  </div>
  <p class="expression"><span data-f="expression">${esc(f.expression)}</span></p>
  <p class="message" data-message role="alert" part="message"${problems.length ? "" : " hidden"}>${esc(problems.join(" "))}</p>
  <div class="scroller" part="graph" data-graph>${graphMarkup(state, cfg)}</div>
  <div class="controls step-controls" part="controls" role="group" aria-label="Step through the computation"
    aria-describedby="gs-keys" data-step-controls>
    <button type="button" data-act="prev" aria-keyshortcuts="ArrowLeft"${disabled}${atStart}><span aria-hidden="true">◀</span> Previous</button>
    <button type="button" data-act="next" aria-keyshortcuts="ArrowRight"${disabled}${atEnd}>Next <span aria-hidden="true">▶</span></button>
    <button type="button" data-act="play"${disabled}><span aria-hidden="true" data-play-icon>▶</span> <span data-play-text>Play</span></button>
    <button type="button" data-act="reset"${disabled}${atStart}><span aria-hidden="true">↺</span> Reset</button>
    <span class="step-count" data-f="stepText">${esc(f.stepText)}</span>
  </div>
  <p id="gs-keys" class="hint">With a step button focused, ← and → step; Home and End go to the first and last step.</p>
  <div class="explain" part="explain" data-explain>${explainMarkup(state, cfg)}</div>
  <details class="table-view" part="table">
    <summary>Every number at this step, as a table</summary>
    <div data-table>${tableMarkup(state, cfg)}</div>
  </details>
  <p class="legend" aria-hidden="true">
    <span class="key"><span class="swatch sw-fwd"></span> forward: values (cyan, solid)</span>
    <span class="key"><span class="swatch sw-back"></span> backward: gradients (rose, dashed)</span>
    <span class="key"><span class="swatch sw-const"></span> constant: no gradient (dotted)</span>
    <span class="key">edge label: local formula = local × upstream = contribution</span>
  </p>
  <p class="nonfinite" data-nonfinite part="message" ${state && state.nonfinite ? "" : "hidden"}>Some numbers are not finite (inf or NaN): floating point ran out of range.</p>
  <p class="notice" data-notice part="notice" role="status" hidden></p>
  <p class="visually-hidden" data-live aria-live="polite"></p>
</div>`;
}
