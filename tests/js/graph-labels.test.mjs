import { test } from "node:test";
import assert from "node:assert/strict";
import {
  clip, constText, gradName, gradTag, labelLines, labelled, nodeName, opChip, shownExpression, sumRows, unwrap,
} from "../../web/js/graph-labels.js";
import { lesson, withConstant } from "./graph-traces.mjs";

test("unwrap drops one pair of parentheses around the whole text only", () => {
  assert.equal(unwrap("(a*b + c)"), "a*b + c");
  assert.equal(unwrap(" ((x)) "), "(x)");
  assert.equal(unwrap("(a)*(b)"), "(a)*(b)");
  assert.equal(unwrap("a*b"), "a*b");
});

test("clip keeps short text and cuts long text to the limit, ellipsis included", () => {
  assert.equal(clip("abc", 3), "abc");
  assert.equal(clip("abcdef", 4), "abc…");
  assert.equal(clip("−×σ²xyz", 3), "−×…"); // counted in characters, not UTF-16 units
});

test("names: labels, constants by their text, long ones clipped; gradient names and tags", () => {
  const t = lesson();
  assert.equal(nodeName(t.nodes[5]), "a*b + c");
  assert.equal(nodeName({ kind: "op", label: "sigmoid(a*b + c)", text: "" }), "sigmoid(a*b +…");
  assert.equal(nodeName(withConstant().nodes[1]), "2");
  assert.equal(gradName(t.nodes[3]), "d");
  assert.equal(gradName(t.nodes[5]), "(a*b + c)");
  assert.equal(gradTag(t.nodes[0]), "dL/da");
  assert.equal(gradTag(t.nodes[5]), "grad");
});

test("op chips: the symbol, unless the name already says it", () => {
  const t = lesson();
  assert.equal(opChip(t.nodes[4]), "×");
  assert.equal(opChip(t.nodes[5]), "+");
  assert.equal(opChip(t.nodes[0]), "");
  assert.equal(opChip({ kind: "op", op: "sin", label: "sin(x)" }), "");
  assert.equal(opChip({ kind: "op", op: "sin", label: "L" }), "sin");
  assert.equal(opChip({ kind: "op", op: "**", label: "L" }), "^");
});

test("constants: a plain number as it is, a named one with its value", () => {
  assert.equal(constText({ text: "2", value: 2 }), "2");
  assert.equal(constText({ text: "pi", value: 3.141592653589793 }), "pi = 3.1416");
});

test("an edge label is the chain rule for that edge, top to bottom", () => {
  const t = lesson();
  assert.deepEqual(labelLines(t.edges[5]), ["a*b + c", "= 5.0000", "× 1.0000", "= 5.0000"]);
  assert.ok(labelled(t.edges[5]));
  assert.ok(!labelled(withConstant().edges[1]));
});

test("a fan-out's sum is written two terms to a row", () => {
  assert.deepEqual(sumRows(["1", "2"]), ["= 1 + 2"]);
  assert.deepEqual(sumRows(["1", "2", "…"]), ["= 1 + 2", "+ …"]);
});

test("the heading: L = expression, or the expression alone when it is one input", () => {
  assert.equal(shownExpression(lesson()), "L = (a*b + c)*d");
  assert.equal(shownExpression({ expression: "a", output: 0, nodes: [{ kind: "input" }] }), "a");
});
