import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeIntents, noGradText, plan } from "../../web/js/neuron-plan.js";

test("a run of syncs is one request: back to step 0 if either was, the learner's newest cause", () => {
  const edit = { kind: "sync", restart: true, user: true, cause: "edit" };
  const code = { kind: "sync", user: false, cause: "reset" };
  const flip = { kind: "sync", user: true, cause: "switch" };
  assert.equal(mergeIntents(null, flip), flip);
  assert.deepEqual(mergeIntents(edit, flip), { kind: "sync", restart: true, user: true, cause: "switch" });
  assert.deepEqual(mergeIntents(flip, code), { kind: "sync", restart: false, user: true, cause: "switch" });
  assert.deepEqual(mergeIntents(code, code), { kind: "sync", restart: false, user: false, cause: "reset" });
});

test("no-grad names the parameters whose requires_grad is off, weights from 1, the bias last", () => {
  assert.equal(noGradText([true, false, true, false]), "w2, b");
  assert.equal(noGradText([false, true]), "w1");
  assert.equal(noGradText([true, true, true]), "");
});

const CURRENT = {
  x: [1, 2], w: [0.5, -1], b: 0.25, y: 1, lr: 0.1, w_new: [0.6, -0.8], b_new: 0.35, grad_w: [-1, null], grad_b: -1,
  steps: 2, losses: [0.3, 0.2, 0.1], carried: null, zero_grads: true, requires_grad: [true, false, true],
  start: { w: [0.4, -1], b: 0.2 },
};

test("a step sends the engine's update back as the parameters, and the buffers when they are not zeroed", () => {
  const zeroed = plan("step", CURRENT, {});
  assert.deepEqual(zeroed.args, { x: [1, 2], w: [0.6, -0.8], b: 0.35, y: 1, lr: 0.1, no_zero_grad: false,
    no_grad: "w2", prev_grads: null });
  const piling = plan("step", { ...CURRENT, zero_grads: false }, {});
  assert.equal(piling.args.no_zero_grad, true);
  assert.deepEqual(piling.args.prev_grads, { w: [-1, null], b: -1 });
  // the engine answers for one update from there (steps 0, its own start): the run's count, history and start stay
  const answer = { w: [0.6, -0.8], loss: 0.05, steps: 0, losses: [0.05], carried: { w: [-1, null], b: -1 },
    start: { w: [0.6, -0.8], b: 0.35 } };
  const next = piling.finish(answer);
  assert.deepEqual(Object.keys(next), Object.keys(answer), "the same keys in the same order as the engine's answer");
  assert.equal(next.steps, 3);
  assert.deepEqual(next.losses, [0.3, 0.2, 0.1, 0.05]);
  assert.deepEqual(next.start, CURRENT.start);
  assert.deepEqual(next.carried, { w: [-1, null], b: -1 });
});

test("a sync sends only what the attributes give: the rest is the engine's default", () => {
  const cfg = { w: [1, 2, 3], lr: 0.5, steps: 4, "no-zero-grad": true, "no-grad": "w2, b", text: {}, problems: [] };
  assert.deepEqual(plan("sync", CURRENT, cfg).args, { w: [1, 2, 3], lr: 0.5, steps: 4, no_zero_grad: true,
    no_grad: "w2, b" });
  const blank = plan("sync", null, { steps: 0, "no-zero-grad": false, text: {}, problems: [] });
  assert.deepEqual(blank.args, {});
  const answer = { w: [0.2], steps: 0 };
  assert.equal(blank.finish(answer), answer, "the engine's answer is the state");
  assert.deepEqual(plan("step", null, { steps: 2 }).args, { steps: 2 }, "before any answer a step is a sync");
});
