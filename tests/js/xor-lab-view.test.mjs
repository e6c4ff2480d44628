import { test } from "node:test";
import assert from "node:assert/strict";
import { bars, config, fields, render, summary, verdict } from "../../web/js/xor-lab-view.js";

test("attributes: the model chooses the panels; seed and lr are left to the engine when absent or bad", () => {
  assert.deepEqual(config({}), { model: "both", shown: ["single", "mlp"], steps: 0, problems: [] });
  const cfg = config({ model: "deep", seed: "2.5", lr: "3", steps: "-4" });
  assert.deepEqual([cfg.model, cfg.seed, cfg.lr, cfg.steps], ["both", undefined, 3, 0]);
  assert.match(cfg.problems[0], /^model="deep" is not one of the choices/);
  assert.match(cfg.problems[1], /^seed="2\.5" is not a whole number/);
  assert.match(cfg.problems[2], /^steps="-4" is out of range: it takes a whole number of at least 0; using 0\./);
  assert.equal(config({ steps: "2500" }).steps, 2500, "how many the engine takes is the engine's to say");
});

const panel = (step, final_loss, outputs, history, grad_norm = 0) =>
  ({ step, final_loss, outputs, history, grad_norm, params: [0.5], inputs: [], targets: [] });

test("verdicts: one neuron on the floor, a solved network, a plateau measured and never called final", () => {
  assert.equal(verdict("single", panel(0, 0.125, [0.5, 0.5, 0.5, 0.5]), 0.125), "");
  assert.match(verdict("single", panel(900, 0.12501, [0.50001, 0.5, 0.5, 0.49999]), 0.125), /^On the floor: loss 0\.1250/);
  assert.match(verdict("single", panel(900, 0.1255, [0.6, 0.5, 0.5, 0.4]), 0.125), /^Sliding onto the floor/);
  assert.match(verdict("mlp", panel(900, 0.0009, [0.02, 0.97, 0.97, 0.03]), 0.125), /^Solved/);
  const flat = Array(3001).fill(0.063);
  const plateau = verdict("mlp", panel(3000, 0.063, [0.03, 0.5, 0.97, 0.5], flat, 0.00068), 0.125);
  assert.equal(plateau, "Plateau: over the last 1000 steps the loss moved by less than 5%, from 0.0630 to 0.0630, " +
    "and the gradient is small (length 6.8e-4). 2 outputs sit near 0.5. A plateau can end after thousands more " +
    "steps, or never: keep training to find out, or try another seed.");
  assert.doesNotMatch(plateau, /local minimum|barely help/);
  // a loss that still falls, a large gradient, or a loss bouncing up and down is no plateau
  const falling = flat.map((_, k) => 0.07 - k * 0.00001);
  assert.equal(verdict("mlp", panel(3000, falling[3000], [0.03, 0.5, 0.97, 0.5], falling, 0.0007), 0.125), "");
  assert.equal(verdict("mlp", panel(3000, 0.063, [0.03, 0.5, 0.97, 0.5], flat, 0.05), 0.125), "");
  const rising = flat.map((_, k) => 0.05 + k * 0.000005);
  assert.equal(verdict("mlp", panel(3000, rising[3000], [0.03, 0.5, 0.97, 0.5], rising, 0.0007), 0.125), "");
  // one neuron heading for a saturated 3-of-4 answer is not drifting to 0.5
  assert.equal(verdict("single", panel(900, 0.1255, [0.01, 0.99, 0.99, 0.99]), 0.125), "");
});

test("fields, bars and the summary read the state", () => {
  const state = { known_good_seed: 0, known_stuck_seed: 2, floor: 0.125,
    panels: { single: panel(3, 0.2, [0.25, "NaN", 1.5, -1], [0.3, 0.2]) } };
  const v = fields(state);
  assert.deepEqual([v["good-seed"], v["single-step"], v["single-loss"], v["single-out0"], v["single-p0"]], ["0", "3", 0.2, 0.25, 0.5]);
  assert.deepEqual(bars(state), { "single-0": 25, "single-1": 0, "single-2": 100, "single-3": 0 });
  assert.equal(summary(state), "Step 3: loss 0.2000.");
});

test("before any answer the boxes are empty with no range, and every number is …", () => {
  const html = render(null, config({}));
  assert.match(html, /id="seed" type="number" part="input seed"  step="1" inputmode="numeric" value="" placeholder="…"/);
  assert.match(html, /<span data-f="mlp-loss-full" data-precision="full">…<\/span>/); // filled with every digit later
  const live = render({ seed: 4, lr: 2, limits: { seed: [0, 9], lr: [0, 5] }, panels: {} }, config({ model: "single" }));
  assert.match(live, /id="seed" type="number" part="input seed"  min="0" max="9"/);
  assert.match(live, /id="lr" type="number" part="input lr"  min="0" max="5"/);
});
