import { test } from "node:test";
import assert from "node:assert/strict";
import { gradFlags, mergeIntents, plan } from "../../web/js/neuron-plan.js";

test("a run of resets and refreshes is one request: a reset if either was, the learner's newest cause", () => {
  const edit = { kind: "reset", user: true, cause: "edit" };
  const code = { kind: "reset", user: false, cause: "reset" };
  const flip = { kind: "refresh", user: true, cause: "switch" };
  assert.equal(mergeIntents(null, flip), flip);
  assert.deepEqual(mergeIntents(edit, flip), { kind: "reset", user: true, cause: "switch" });
  assert.deepEqual(mergeIntents(flip, code), { kind: "reset", user: true, cause: "switch" });
  assert.deepEqual(mergeIntents(flip, flip), flip);
});

test("requires_grad: one flag per weight and the bias; a weight without a box starts on", () => {
  assert.deepEqual(gradFlags(3, [true, false, true, false]), [true, false, true, false]);
  assert.deepEqual(gradFlags(4, [false, true, true, false]), [false, true, true, true, false]);
  assert.deepEqual(gradFlags(2, []), [true, true, true]);
});

const CURRENT = {
  x: [1, 2], w: [0.5, -1], b: 0.25, y: 1, lr: 0.1, w_new: [0.6, -0.8], b_new: 0.35, grad_w: [-1, -2], grad_b: -1,
  steps: 2, losses: [0.3, 0.2, 0.1], carried: { w: [-0.5, -1], b: -0.5 },
};

test("a step sends the engine's update back as the parameters, and the buffers when they are not zeroed", () => {
  const zeroed = plan("step", CURRENT, {}, { zero: true, boxes: [true, true, true] });
  assert.deepEqual(zeroed.args, { x: [1, 2], w: [0.6, -0.8], b: 0.35, y: 1, lr: 0.1, zero_grads: true,
    requires_grad: [true, true, true], prev_grads: null });
  const piling = plan("step", CURRENT, {}, { zero: false, boxes: [true, true, true] });
  assert.deepEqual(piling.args.prev_grads, { w: [-1, -2], b: -1 });
  const next = piling.finish({ w: [0.6, -0.8], loss: 0.05 });
  assert.equal(next.steps, 3);
  assert.deepEqual(next.losses, [0.3, 0.2, 0.1, 0.05]);
  assert.deepEqual(next.carried, { w: [-1, -2], b: -1 });
  assert.equal(next.zero_grads, false);
});

test("a refresh computes the same parameters again, replacing the last loss", () => {
  const again = plan("refresh", CURRENT, {}, { zero: false, boxes: [false, true, true] });
  assert.deepEqual(again.args.w, [0.5, -1]);
  assert.deepEqual(again.args.requires_grad, [false, true, true]);
  assert.deepEqual(again.args.prev_grads, CURRENT.carried);
  const next = again.finish({ w: [0.5, -1], loss: 0.15 });
  assert.deepEqual([next.steps, next.losses], [2, [0.3, 0.2, 0.15]]);
});

test("a reset sends only what the attributes give: the rest is the engine's default", () => {
  const reset = plan("reset", CURRENT, { w: [1, 2, 3], lr: 0.5 }, { zero: true, boxes: [true, true, true] });
  assert.deepEqual(reset.args, { w: [1, 2, 3], lr: 0.5, zero_grads: true, requires_grad: [true, true, true, true],
    prev_grads: null });
  const blank = plan("reset", null, {}, { zero: true, boxes: [] });
  assert.deepEqual(blank.args, { zero_grads: true, prev_grads: null });
  const first = blank.finish({ w: [0.2, -0.1, 0.3], loss: 0.0581 });
  assert.deepEqual([first.steps, first.losses, first.carried], [0, [0.0581], null]);
  assert.deepEqual(first.requires_grad, [true, true, true, true]);
  assert.equal(plan("step", null, {}, { zero: true, boxes: [] }).finish({ w: [1], loss: 1 }).steps, 0);
});
