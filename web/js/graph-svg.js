// The graph as SVG at step k: node boxes, edge labels and wires placed by graph-layout.js, what is filled in decided
// by stepper-rules.js. Colours and line styles come from classes in css/graph-stepper.css (the page's CSP forbids
// style attributes and <style> elements). Pure: no DOM; the build prerenders with it.
//
// Drawn twice: left to right ("wide"), and top to bottom ("tall"), which CSS shows instead in a narrow widget (a
// container query), so a phone gets a readable drawing without script deciding anything. The SVG scales with its
// viewBox down to MIN_SCALE and scrolls sideways inside the widget below that, never the page.

import { esc, fmt, full } from "./format.js";
import { GEOMETRY, MIN_SCALE, layout } from "./graph-layout.js";
import { constText, gradTag, labelLines, labelled, nodeName, opChip, opSymbol, shownExpression, sumRows } from "./graph-labels.js";
import { visibleAt } from "./stepper-rules.js";

const { FONT, NAME_FONT, PAD_X, PAD_Y, HEAD_H, ROW_H, LABEL_LINE, LABEL_PAD_X, LABEL_PAD_Y } = GEOMETRY;
const r1 = (v) => Math.round(v * 10) / 10;

/** A number in a node box: its value once visible (full precision in its title), "…" until then. */
function numText(x, y, value, cls, visible, isNew) {
  const classes = `num ${cls}${visible ? "" : " pending"}${isNew ? " new" : ""}`;
  const title = visible ? `<title>${esc(full(value))}</title>` : "";
  return `<text class="${classes}" x="${x}" y="${y}" text-anchor="end">${title}${esc(visible ? fmt(value) : "…")}</text>`;
}

function constMarkup(node, b, classes) {
  const label = `constant ${node.text}, value ${fmt(node.value)}, no gradient`;
  return `<g class="${classes}" part="node" data-node="${node.id}" role="img" aria-label="${esc(label)}">` +
    `<title>${esc(`constant ${node.text} = ${full(node.value)} (no gradient flows into a constant)`)}</title>` +
    `<rect class="box" x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="${b.h}" rx="${b.h / 2}"/>` +
    `<text class="const-text" x="${r1(b.x + b.w / 2)}" y="${r1(b.y + b.h / 2 + 4.5)}" text-anchor="middle">${esc(constText(node))}</text></g>`;
}

/** A fan-out node's sum of contributions, those arrived so far and "…" for the rest. */
function sumMarkup(trace, view, node, right, line) {
  const fan = trace.edges.filter((e) => e.source === node.id && labelled(e));
  if (fan.length < 2) return [];
  const arrived = (view.arrived.get(node.id) || []).filter((e) => labelled(trace.edges[e]));
  const terms = arrived.map((e) => fmt(trace.edges[e].contribution));
  while (terms.length < fan.length) terms.push("…");
  const title = arrived.length ? `<title>${esc(arrived.map((e) => full(trace.edges[e].contribution)).join(" + "))}</title>` : "";
  return sumRows(terms).map((text, i) =>
    `<text class="sum${arrived.length ? "" : " pending"}" x="${right}" y="${r1(line + i * ROW_H)}" text-anchor="end">${title}${esc(text)}</text>`);
}

function nodeMarkup(trace, view, node, b) {
  const current = view.node === node.id && view.phase !== "inputs";
  const hasValue = view.values.has(node.id);
  const hasGrad = view.grads.has(node.id);
  const classes = ["node", node.kind, current ? "current" : "", hasValue ? "has-value" : "", hasGrad ? "has-grad" : ""]
    .filter(Boolean).join(" ");
  if (node.kind === "const") return constMarkup(node, b, classes);
  const left = r1(b.x + PAD_X);
  const right = r1(b.x + b.w - PAD_X);
  let line = b.y + PAD_Y + 16;
  const chip = opChip(node);
  const pieces = [`<text class="head" x="${left}" y="${r1(line)}" font-size="${NAME_FONT}">` +
    `${chip ? `<tspan class="op">${esc(chip)}</tspan> ` : ""}<tspan class="name">${esc(nodeName(node))}</tspan></text>`];
  line += HEAD_H - 2;
  const row = (tag, tagCls, value, cls, visible, isNew) => {
    pieces.push(`<text class="ntag ${tagCls}" x="${left}" y="${r1(line)}">${esc(tag)}</text>` +
      numText(right, r1(line), value, cls, visible, isNew));
    line += ROW_H;
  };
  row("value", "tag-value", node.value, "val", hasValue, view.newValues.has(node.id));
  if (node.grad !== null) row(gradTag(node), "tag-grad", node.grad, "grad", hasGrad, view.newGrads.includes(node.id));
  pieces.push(...sumMarkup(trace, view, node, right, line));
  const kindWord = node.kind === "input" ? "input" : `operation ${opSymbol(node.op)}`;
  const aria = `${node.label}, ${kindWord}: value ${hasValue ? fmt(node.value) : "not computed yet"}` +
    (node.grad === null ? "" : `, gradient ${hasGrad ? fmt(node.grad) : "not computed yet"}`) +
    (current ? ", current step" : "");
  return `<g class="${classes}" part="node" data-node="${node.id}" role="img" aria-label="${esc(aria)}">` +
    `<title>${esc(`${node.text}${node.kind === "op" ? ` (${node.op})` : ""}`)}</title>` +
    `<rect class="box" x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="${b.h}" rx="${node.kind === "input" ? 12 : 5}"/>` +
    pieces.join("") + `</g>`;
}

/** An edge's label: the chain rule for that edge (graph-labels.js, labelLines); drawn once its step has run. */
function labelMarkup(trace, view, edge, b) {
  const active = view.activeSet.has(edge.id) && view.phase === "backward";
  const cls = ["l-formula", "l-local", "l-up", "l-contrib"];
  const x = r1(b.x + LABEL_PAD_X);
  const text = labelLines(edge).map((line, i) =>
    `<text class="${cls[i]}" x="${x}" y="${r1(b.y + LABEL_PAD_Y + (i + 1) * LABEL_LINE - 4)}">${esc(line)}</text>`).join("");
  const from = trace.nodes[edge.source].label;
  const to = trace.nodes[edge.target].label;
  const words = `${from} → ${to}: local ${edge.local_formula} = ${full(edge.local)} × upstream ${full(edge.upstream)} = ${full(edge.contribution)}`;
  return `<g class="elabel${active ? " active" : " done"}" part="edge-label" data-edge-label="${edge.id}" role="img" aria-label="${esc(
    `${from} → ${to}: local ${fmt(edge.local)} × upstream ${fmt(edge.upstream)} = ${fmt(edge.contribution)}`)}">` +
    `<title>${esc(words)}</title>` +
    `<rect class="lbox" x="${r1(b.x)}" y="${r1(b.y)}" width="${b.w}" height="${b.h}" rx="4"/>${text}</g>`;
}

function wireMarkup(view, edge, w) {
  const constant = !labelled(edge);
  const back = view.phase === "backward" && view.activeSet.has(edge.id);
  const fwd = view.phase === "forward" && view.activeSet.has(edge.id);
  const done = view.done.has(edge.id) && !constant;
  const classes = ["edge", constant ? "const" : "", back ? "active" : "", fwd ? "fwd-active" : "", done && !back ? "done" : ""]
    .filter(Boolean).join(" ");
  return `<g class="${classes}" part="edge" data-edge="${edge.id}" aria-hidden="true">` +
    `<path class="wire" d="${w.d}"/><path class="head" d="${w.head}"/>` +
    (back && !constant ? `<path class="tail" d="${w.tail}"/>` : "") + `</g>`;
}

function svgMarkup(trace, view, L, orient) {
  const wires = trace.edges.map((e) => wireMarkup(view, e, L.wires.get(e.id)));
  const labels = trace.edges.filter((e) => L.labels.has(e.id) && view.done.has(e.id))
    .map((e) => labelMarkup(trace, view, e, L.labels.get(e.id)));
  const nodes = trace.nodes.map((nd) => nodeMarkup(trace, view, nd, L.nodes.get(nd.id)));
  const title = `Computation graph of ${shownExpression(trace)}, step ${view.k} of ${view.n}`;
  return `<div class="canvas ${orient}">` +
    `<svg class="spacer" width="${Math.ceil(L.width * MIN_SCALE)}" height="0" aria-hidden="true" focusable="false"></svg>` +
    `<svg class="graph" viewBox="0 0 ${L.width} ${L.height}" width="${L.width}" height="${L.height}" role="group" ` +
    `aria-label="${esc(title)}" font-size="${FONT}" data-orient="${orient}" data-phase="${view.phase}">` +
    `<g class="wires">${wires.join("")}</g><g class="labels">${labels.join("")}</g><g class="nodes">${nodes.join("")}</g>` +
    `</svg></div>`;
}

/** The drawing of `trace` after step k (0..N), twice: "wide" and "tall"; CSS shows one, by the widget's width (a
 * container query), so the prerendered page needs no script to pick. Each comes with a zero-height spacer whose
 * width is the smallest readable size of its SVG (MIN_SCALE of its natural width): CSS sizes the SVG between the
 * two, and a host narrower than the spacer scrolls inside the widget, never the page. No trace yet: a placeholder. */
export function graphMarkup(trace, k) {
  if (!trace) return `<p class="placeholder" data-placeholder>Starting Python…</p>`;
  const view = visibleAt(trace, k);
  return svgMarkup(trace, view, layout(trace, false), "wide") + svgMarkup(trace, view, layout(trace, true), "tall");
}
