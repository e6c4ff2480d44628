// How the graph's nodes and edges are written on screen: names, op symbols, the gradient tags and the text of an
// edge's label. The layout measures these texts and the drawing and the prose print them, so all three read them
// from here. Pure: no DOM.
//
// Constants (kind "const") are named by their text ("2", "pi") and carry no gradient: their edges have no
// contribution and are never labelled (see labelled).

import { fmt } from "./format.js";

export const MAX_NAME = 14;
const MAX_FORMULA = 12;
const OP_SYMBOL = { "*": "×", "+": "+", "-": "−", "/": "÷", "**": "^", neg: "−" };
export const BINARY = new Set(["*", "+", "-", "/", "**"]);

/** `text` cut to `max` characters, with an ellipsis where it was cut. */
export function clip(text, max) {
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

export const isPlainNumber = (text) => /^[−-]?\d+(\.\d+)?$/.test(String(text).trim());

/** How a node is named on screen: its label, clipped; constants by their text ("2", "pi"). */
export function nodeName(node) {
  return clip(node.kind === "const" ? node.text : node.label, MAX_NAME);
}

/** A name inside dL/d…: bare if it is one short identifier, else in parentheses: dL/dd, dL/d(a*b + c). */
export function gradName(node) {
  const name = node.label;
  return /^[A-Za-z_]\w*$/.test(name) ? name : `(${clip(name, MAX_NAME)})`;
}

/** The gradient row's tag in a node box: dL/da for a short name, else "grad". */
export function gradTag(node) {
  return /^[A-Za-z_]\w{0,3}$/.test(node.label) ? `dL/d${node.label}` : "grad";
}

export function opSymbol(op) {
  return OP_SYMBOL[op] ?? op;
}

/** The op chip before an operation's name; none when the name already says it, as in sigmoid(a*b). */
export function opChip(node) {
  if (node.kind !== "op") return "";
  if (!BINARY.has(node.op) && node.op !== "neg" && node.label.startsWith(`${node.op}(`)) return "";
  return opSymbol(node.op);
}

/** A constant's pill: "2", or "pi = 3.1416" for a named one. */
export function constText(node) {
  return isPlainNumber(node.text) ? node.text : `${node.text} = ${fmt(node.value)}`;
}

/** Edges whose backward contribution exists (the others, into or out of constants, carry no gradient label). */
export const labelled = (edge) => edge.contribution !== null;

/** The sum rows of a fan-out node: "= t1 + t2", "+ t3 + t4", ... ("…" for a contribution still to come). */
export function sumRows(terms) {
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
export function labelLines(edge) {
  const formula = unwrap(edge.local_formula);
  return [clip(formula || "local", MAX_FORMULA), `= ${fmt(edge.local)}`, `× ${fmt(edge.upstream)}`, `= ${fmt(edge.contribution)}`];
}

/** The expression as the widgets head it: "L = (a*b + c)*d", or just "a" when the output is an input itself. */
export function shownExpression(trace) {
  return trace.nodes[trace.output].kind === "op" ? `L = ${trace.expression}` : trace.expression;
}
