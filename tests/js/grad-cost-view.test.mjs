// web/js/grad-cost-view.js: the cost widget's view, on a state written out here by hand (a neuron with 2 weights:
// nudging 40 operations, forward mode 30, reverse mode 10), never asked of the engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { barsMarkup, config, fields, render, summary } from "../../web/js/grad-cost-view.js";

const STATE = {
  n: 2, graph_nodes: 8, graph_edges: 10, limits: { min: 1, max: 64 },
  methods: [
    { id: "nudge", forward_passes: 4, nodes: 32, sweeps: 0, products: 0, total: 40, times_reverse: 4, gap: 2.5e-11 },
    { id: "forward", forward_passes: 1, nodes: 8, sweeps: 2, products: 20, total: 30, times_reverse: 3, gap: 0 },
    { id: "reverse", forward_passes: 1, nodes: 8, sweeps: 1, products: 2, total: 10, times_reverse: 1, gap: 0 },
  ],
};

test("n is read as a whole number; a bad one is left to the engine's default, with a message", () => {
  assert.equal(config({ n: "12" }).n, 12);
  const bad = config({ n: "many" });
  assert.equal(bad.n, undefined);
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0], /^n="many"/);
});

test("fields: counts as whole numbers, the ratio to reverse mode with a times sign, gaps at the widget's precision", () => {
  const v = fields(STATE);
  assert.equal(v.n, "2");
  assert.equal(v["nudge-total"], "40");
  assert.equal(v["forward-products"], "20");
  assert.equal(v["nudge-times"], "4.0×");
  assert.equal(v["reverse-times"], "1.0×");
  assert.equal(v["nudge-gap"], "2.500e-11");
  assert.equal(v["forward-gap"], "0.0000");
  assert.deepEqual(fields(null), {});
});

test("bars are to scale: the largest total fills the width", () => {
  const widths = [...barsMarkup(STATE).matchAll(/width="([\d.]+)" height="22"/g)].map((m) => Number(m[1]));
  assert.deepEqual(widths, [420, 315, 105]);
  assert.equal(barsMarkup(null), "");
});

test("before the engine answers, the controls are disabled and no state is embedded", () => {
  const html = render(null, { n: 8 });
  assert.match(html, /id="gc-range"[^>]* disabled/);
  assert.doesNotMatch(html, /data-state=/);
  assert.match(render(STATE, {}), /data-state="/);
});

test("the live region's sentence names all three totals", () => {
  assert.equal(summary(STATE), "2 weights: nudging 40 operations, forward mode 30, reverse mode 10.");
});
