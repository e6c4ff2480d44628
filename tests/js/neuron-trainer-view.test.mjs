import { test } from "node:test";
import assert from "node:assert/strict";
import { config, fields, hasNonfinite, normal, render, startText, summary } from "../../web/js/neuron-trainer-view.js";

test("attributes: lists read as numbers; an absent or bad one is left to the engine, with a message", () => {
  const cfg = config({ x: "1, 2", w: "0.5, oops", lr: "fast" });
  assert.deepEqual(cfg.x, [1, 2]);
  assert.equal(cfg.w, undefined);
  assert.equal(cfg.lr, undefined);
  assert.equal(cfg.b, undefined);
  assert.deepEqual(cfg.text, { x: "1, 2" });
  assert.equal(cfg.problems.length, 2);
  assert.match(cfg.problems[0], /^lr="fast" is not a finite number/);
  assert.match(cfg.problems[1], /^The w attribute: w \(weights\): number 2/);
});

const ANSWER = { x: [1], w: [2], b: 0.5, y: 1, lr: 0.1, products: [2], z: 2.5, yhat: 0.9, loss: 0.005,
  dL_dyhat: -0.1, dyhat_dz: 0.09, dL_dz: -0.009, dL_dw: [null], dL_db: -0.009, grad_w: [null], grad_b: -0.009,
  w_new: [2], b_new: 0.5009 };

test("steps and the switches pin the state: read from their attributes", () => {
  const cfg = config({ steps: "7", "no-zero-grad": "", "no-grad": "w2, b" });
  assert.deepEqual([cfg.steps, cfg["no-zero-grad"], cfg["no-grad"], cfg.problems], [7, true, "w2, b", []]);
  const absent = config({});
  assert.deepEqual([absent.steps, absent["no-zero-grad"], absent["no-grad"]], [0, false, undefined]);
  const bad = config({ steps: "-2", "no-zero-grad": "off" });
  assert.deepEqual([bad.steps, bad["no-zero-grad"]], [0, false]);
  assert.match(bad.problems[0], /^steps="-2" is out of range: it takes a whole number of at least 0; using 0\./);
});

test("a bare engine answer is step 0 with every switch at the engine's default", () => {
  const s = normal(ANSWER);
  assert.deepEqual([s.steps, s.losses, s.carried, s.zero_grads, s.requires_grad], [0, [0.005], null, true, [true, true]]);
});

test("fields: numbers by slot, no grad where requires_grad is off", () => {
  const v = fields(ANSWER);
  assert.equal(v.x0, 1);
  assert.equal(v.dL_dw0, "no grad");
  assert.equal(v.carried_w0, "empty");
  assert.equal(v.steps, "0");
  assert.equal(hasNonfinite(ANSWER), false);
  assert.equal(hasNonfinite({ ...ANSWER, z: "Infinity" }), true);
});

test("the input boxes show the attribute, else the engine's starting value, else nothing yet", () => {
  assert.equal(startText("b", config({ b: "0.25" }), ANSWER), "0.25");
  assert.equal(startText("b", config({}), ANSWER), "0.5");
  assert.equal(startText("b", config({}), { ...ANSWER, steps: 3 }), "");
  // after steps, the starting point the engine trained from, not the current parameters
  assert.equal(startText("w", config({}), { ...ANSWER, steps: 3, start: { w: [1.5, -2], b: 0.25 } }), "1.5, -2");
  assert.equal(startText("y", config({}), { ...ANSWER, steps: 3, start: { w: [1.5], b: 0.25 } }), "1");
  assert.equal(startText("x", config({}), null), "");
  assert.match(render(null, config({})), /id="in-x"[^>]*value="" placeholder="…"/);
});

test("the summary sentence", () => {
  assert.equal(summary(ANSWER), "Before any step: loss 0.0050, ŷ 0.9000; w = 2.0000; b = 0.5000.");
  assert.equal(summary({ ...ANSWER, steps: 1, losses: [0.01, 0.005] }).slice(0, 13), "After 1 step:");
});
