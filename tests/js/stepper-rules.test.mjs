import { test } from "node:test";
import assert from "node:assert/strict";
import { clampStep, partialNodes, stepCount, visibleAt } from "../../web/js/stepper-rules.js";
import { fanOut, lesson, withConstant } from "./graph-traces.mjs";

test("step count and clamping: 0..N, whole steps, NaN is the first, anything past the end the last", () => {
  const t = lesson();
  assert.equal(stepCount(t), 7);
  assert.deepEqual([-3, 0, 2.9, 7, 8, Infinity, NaN, "5"].map((k) => clampStep(t, k)), [0, 0, 2, 7, 7, 7, 0, 5]);
});

test("step 0 shows the inputs' values and nothing else", () => {
  const v = visibleAt(lesson(), 0);
  assert.equal(v.phase, "inputs");
  assert.deepEqual([...v.values], [0, 1, 2, 3]);
  assert.deepEqual([...v.grads], []);
  assert.deepEqual(v.active, []);
  assert.equal(v.node, null);
});

test("a forward step reveals its value, with its incoming edges active", () => {
  const v = visibleAt(lesson(), 2); // forward through +: node 5, edges 2 (a*b -> +) and 3 (c -> +)
  assert.equal(v.phase, "forward");
  assert.deepEqual([...v.values], [0, 1, 2, 3, 4, 5]);
  assert.deepEqual([...v.newValues], [5]);
  assert.deepEqual(v.active, [2, 3]);
  assert.deepEqual([...v.done], []);
});

test("the seed reveals dL/dL; backward steps fill gradients edge by edge", () => {
  const t = lesson();
  assert.deepEqual([...visibleAt(t, 4).grads], [6]);
  const v = visibleAt(t, 5); // backward through L: edges 4 and 5 complete + and d
  assert.deepEqual(v.active, [4, 5]);
  assert.deepEqual([...v.done], [4, 5]);
  assert.deepEqual([...v.grads], [6, 5, 3]);
  assert.deepEqual(v.newGrads, [5, 3]);
  assert.deepEqual([...visibleAt(t, 7).grads], [6, 5, 3, 4, 2, 0, 1]);
});

test("a fan-out node's gradient waits for its last contribution", () => {
  const t = fanOut();
  const part = visibleAt(t, 6); // backward through +: a's direct contribution (edge 3) arrives, 1 of 2
  assert.ok(!part.grads.has(0));
  assert.deepEqual(part.arrived.get(0), [3]);
  assert.equal(part.outgoing.get(0), 2);
  assert.deepEqual(partialNodes(t, part), [0]);
  const all = visibleAt(t, 7); // backward through a*b: the second (edge 0) arrives
  assert.ok(all.grads.has(0));
  assert.deepEqual(all.arrived.get(0), [3, 0]);
  assert.deepEqual(partialNodes(t, all), []);
});

test("a constant never shows a gradient, and is never a node waiting for one", () => {
  const t = withConstant();
  const v = visibleAt(t, 3);
  assert.deepEqual([...v.grads], [2, 0]);
  assert.deepEqual([...v.done], [0, 1]);
  assert.deepEqual(partialNodes(t, v), []);
});
