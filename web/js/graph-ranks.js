// The first half of the graph's layout: which column everything stands in, and in what order. graph-layout.js then
// gives everything its position. Pure: no DOM; the same for both orientations of the drawing.
//
//   1. Layers. Operations get the longest-path layer from the inputs (1 + the deepest parent). Leaves (inputs and
//      constants) are then pulled right to sit one layer before their first consumer, so `d` in (a*b + c)*d stands
//      next to the product it feeds instead of far left with a long wire.
//   2. Ranks. Each layer becomes an even rank (node column); between two node columns lies an odd rank (label
//      column). Every edge u -> v is a chain through the ranks between them: its label box sits in the label column
//      just before v, and it passes every other rank as a thin dummy item. Labels are therefore items in their own
//      column, stacked like nodes, which is what guarantees that no two boxes, labels or nodes, can overlap.
//   3. Order within ranks. Start from a depth-first post-order from the output (expression order, top to bottom),
//      then barycenter sweeps down and up; keep the order with the fewest crossings.

import { fmt } from "./format.js";
import { labelled } from "./graph-labels.js";

/** Edge ids out of each node that carry a contribution, in the order the backward pass delivers them. */
export function contributionOrder(trace) {
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

/** How many pairs of segments between neighbouring ranks cross, for positions `position` (item -> place in rank). */
export function countCrossings(ranks, items, position) {
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

/** 1. Each node's layer. */
function layers(trace, into, outOf) {
  const layer = new Map();
  for (const nd of trace.nodes) if (nd.kind !== "op") layer.set(nd.id, 0);
  for (const id of trace.forward_order) {
    layer.set(id, 1 + Math.max(...(into.get(id) || []).map((e) => layer.get(e.source)), -1));
  }
  for (const nd of trace.nodes) {
    if (nd.kind === "op" || !outOf.has(nd.id)) continue;
    layer.set(nd.id, Math.min(...outOf.get(nd.id).map((e) => layer.get(e.target))) - 1);
  }
  return layer;
}

/** A depth-first post-order from the output, parents in argument order: the starting order within ranks. */
function postOrder(trace, into) {
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
  for (const nd of trace.nodes) if (!key.has(nd.id)) key.set(nd.id, counter++);
  return key;
}

/** 3. Barycenter sweeps, keeping the order with the fewest crossings; leaves `ranks` in that order. */
function order(ranks, items) {
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
  return bestCrossings;
}

/** Steps 1-3 for a trace. `measure.node(node, fanInTerms)` and `measure.label(edge)` give each box's {w, h}
 * (fanInTerms: a fan-out node's contributions as text, in arrival order). Returns {items, ranks, chains, nodeItem,
 * layer, into, outOf, crossings}: items are {kind: "node" | "label" | "dummy", rank, w, h, pred, succ, index, and id
 * (node) or edge}; ranks[r] lists item indices in order; chains maps an edge id to its items between its ends. */
export function structure(trace, measure) {
  const { nodes, edges } = trace;
  const into = new Map();
  const outOf = new Map();
  for (const e of edges) {
    if (!into.has(e.target)) into.set(e.target, []);
    into.get(e.target).push(e);
    if (!outOf.has(e.source)) outOf.set(e.source, []);
    outOf.get(e.source).push(e);
  }
  const layer = layers(trace, into, outOf);

  // 2. items on ranks: nodes on even ranks, each edge's label (or a thin dummy) on the odd rank before its target
  const fanIn = new Map();
  for (const [id, list] of contributionOrder(trace)) fanIn.set(id, list.map((e) => fmt(edges[e].contribution)));
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
    const size = measure.node(nd, fanIn.get(nd.id));
    nodeItem.set(nd.id, add({ kind: "node", id: nd.id, rank: 2 * layer.get(nd.id), w: size.w, h: size.h }));
  }
  const chains = new Map();
  for (const e of edges) {
    const from = 2 * layer.get(e.source);
    const to = 2 * layer.get(e.target);
    const chain = [];
    for (let r = from + 1; r < to; r++) {
      const isLabel = r === to - 1 && labelled(e);
      const size = isLabel ? measure.label(e) : { w: 0, h: 0 };
      chain.push(add({ kind: isLabel ? "label" : "dummy", edge: e.id, rank: r, w: size.w, h: size.h }));
    }
    const path = [nodeItem.get(e.source), ...chain, nodeItem.get(e.target)];
    for (let i = 0; i + 1 < path.length; i++) {
      items[path[i]].succ.push(path[i + 1]);
      items[path[i + 1]].pred.push(path[i]);
    }
    chains.set(e.id, chain);
  }

  // 3. order within ranks: post-order from the output (a label or dummy just after its source), then sweeps
  const key = postOrder(trace, into);
  const itemKey = (item) =>
    item.kind === "node" ? key.get(item.id) : key.get(edges[item.edge].source) + (item.edge + 1) / (edges.length + 2);
  for (const rank of ranks) rank.sort((a, b) => itemKey(items[a]) - itemKey(items[b]));
  const crossings = order(ranks, items);
  return { items, ranks, chains, nodeItem, layer, into, outOf, crossings };
}
