import { test } from "node:test";
import assert from "node:assert/strict";
import { graphMarkup } from "../../web/js/graph-svg.js";
import { fanOut, lesson, withConstant } from "./graph-traces.mjs";

const count = (text, pattern) => (text.match(pattern) || []).length;
/** The markup of one node's group, in the first (wide) drawing. */
const nodeGroup = (svg, id) => svg.match(new RegExp(`<g class="[^"]*" part="node" data-node="${id}"[^]*?</g>`))[0];

test("no trace yet: a placeholder instead of a drawing", () => {
  assert.match(graphMarkup(null, 0), /data-placeholder>Starting Python…</);
});

test("drawn twice, wide and tall, each with every node, titled with the expression and the step", () => {
  const svg = graphMarkup(lesson(), 0);
  assert.equal(count(svg, /<svg class="graph"/g), 2);
  assert.match(svg, /<div class="canvas wide">[^]*<div class="canvas tall">/);
  assert.equal(count(svg, /part="node"/g), 14);
  assert.equal(count(svg, /part="edge"/g), 12);
  assert.match(svg, /aria-label="Computation graph of L = \(a\*b \+ c\)\*d, step 0 of 7"/);
  assert.match(svg, /data-phase="inputs"/);
});

test("step 0: the inputs' values are shown, every other number waits", () => {
  const svg = graphMarkup(lesson(), 0);
  assert.match(nodeGroup(svg, 0), /class="num val"[^>]*><title>2<\/title>2\.0000</);
  assert.match(nodeGroup(svg, 0), /class="num grad pending"[^>]*>…</);
  assert.match(nodeGroup(svg, 4), /class="num val pending"[^>]*>…</);
  assert.equal(count(svg, /part="edge-label"/g), 0);
});

test("step 5, backward through L: its edges are active, their labels drawn, the new gradients marked", () => {
  const svg = graphMarkup(lesson(), 5);
  assert.match(nodeGroup(svg, 6), /class="node op current has-value has-grad"/);
  assert.match(nodeGroup(svg, 3), /class="num grad new"[^>]*><title>5<\/title>5\.0000</);
  assert.equal(count(svg, /class="elabel active" part="edge-label" data-edge-label="(4|5)"/g), 4);
  assert.equal(count(svg, /part="edge-label"/g), 4);
  assert.match(svg, /<g class="edge active" part="edge" data-edge="5" aria-hidden="true"><path class="wire" d="[^"]+"\/><path class="head" d="[^"]+"\/><path class="tail"/);
  // the label of d -> L reads the chain rule: formula, local, upstream, contribution
  assert.match(svg, /data-edge-label="5"[^]*?>a\*b \+ c<[^]*?>= 5\.0000<[^]*?>× 1\.0000<[^]*?>= 5\.0000</);
});

test("a fan-out node sums its contributions as they arrive", () => {
  assert.match(nodeGroup(graphMarkup(fanOut(), 6), 0), /class="sum"[^>]*><title>4<\/title>= 4\.0000 \+ …</);
  assert.match(nodeGroup(graphMarkup(fanOut(), 7), 0), /<title>4 \+ 12<\/title>= 4\.0000 \+ 12\.0000</);
  assert.match(nodeGroup(graphMarkup(fanOut(), 5), 0), /class="sum pending"[^>]*>= … \+ …</);
});

test("a constant is a pill with no gradient, its wire dotted and never labelled", () => {
  const svg = graphMarkup(withConstant(), 3);
  const pill = nodeGroup(svg, 1);
  assert.match(pill, /class="node const has-value"/);
  assert.match(pill, /aria-label="constant 2, value 2\.0000, no gradient"/);
  assert.match(pill, /rx="13"/);
  assert.doesNotMatch(svg, /data-edge-label="1"/);
  // its wire is active on the backward step through L, as x's is, but no gradient arrow (tail) flows back along it
  assert.match(svg, /<g class="edge const active" part="edge" data-edge="1" aria-hidden="true"><path class="wire" d="[^"]+"\/><path class="head" d="[^"]+"\/><\/g>/);
  assert.match(graphMarkup(withConstant(), 2), /<g class="edge const" part="edge" data-edge="1"/);
});

test("whatever the trace's texts hold is shown as text, never as markup", () => {
  const t = lesson();
  t.nodes[6].text = '<img src=x onerror="alert(1)">';
  t.nodes[0].label = "<b>";
  const svg = graphMarkup(t, 7);
  assert.doesNotMatch(svg, /<img|<b>/);
  assert.match(svg, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
});
