import { test } from "node:test";
import assert from "node:assert/strict";
import { decadeLabel, lossChart, niceMax, r1 } from "../../web/js/xor-loss-chart.js";

test("the step axis ends at 1, 2 or 5 times a power of ten, at least 100", () => {
  assert.deepEqual([1, 100, 101, 201, 999, 1001, 4999].map(niceMax), [100, 100, 200, 500, 1000, 2000, 5000]);
});

test("decade labels", () => {
  assert.deepEqual([0, -1, -2, -3, -12].map(decadeLabel), ["1", "0.1", "0.01", "10⁻³", "10⁻¹²"]);
  assert.equal(r1(12.345), 12.3);
});

test("the curve on a log scale: loss 1 at the top line, 10^-4 at the bottom", () => {
  // box: left 40, right 12 of 320 wide, top 26, bottom 156; four decades when nothing is lower than 10^-4
  const svg = lossChart({ step: 2, history: [1, 0.01, 0.0001] }, 0.125);
  // x: 40 + 268 k / 100; y: 26 + 130 * (-log10 loss) / 4
  assert.match(svg, /<path class="curve" d="M40 26L42\.7 91L45\.4 156"\/>/);
  assert.match(svg, /<circle class="now" cx="45\.4" cy="156" r="3"\/>/);
  assert.match(svg, /all outputs 0\.5: 0\.1250/);
  assert.equal((svg.match(/class="grid"/g) || []).length, 5);
});
