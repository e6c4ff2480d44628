import { test } from "node:test";
import assert from "node:assert/strict";
import { contour, heatmapChart, level, levelOpacity } from "../../web/js/xor-heatmap.js";

test("outputs are shaded by the nearest tenth", () => {
  assert.deepEqual([0, 0.04, 0.05, 0.5, 0.96, 1].map(level), [0, 0, 1, 5, 10, 10]);
  assert.equal(levelOpacity(5), "0.5");
});

test("the 0.5 contour crosses where the output does, between cell centres", () => {
  // two columns of two rows, 0 on the left and 1 on the right, size 10: cell centres at 2.5 and 7.5, so the line
  // is half way, at x = 5, from the top row's centre (y 2.5) to the bottom row's (y 7.5)
  assert.equal(contour([[0, 1], [0, 1]], 10), "M5 2.5L5 7.5");
  assert.equal(contour([[0.2, 0.3], [0.1, 0.4]], 10), "");
});

test("a flat picture has no boundary; the examples are marked by target", () => {
  const flat = heatmapChart({ heatmap: [[0.5, 0.5], [0.5, 0.5]], extent: [-0.5, 1.5], inputs: [[0, 0], [1, 1]], targets: [0, 1] });
  assert.doesNotMatch(flat, /class="boundary"/);
  assert.match(flat, /<path class="band" fill-opacity="0\.5" d="M0 0h96v48h-96zM0 48h96v48h-96z"\/>/);
  // (0, 0) sits a quarter of the way in: x = 24, y = 96 - 24
  assert.match(flat, /<circle class="example t0" cx="24" cy="72" r="4\.2"\/>/);
  assert.match(flat, /<circle class="example t1" cx="72" cy="24" r="4\.2"\/>/);
  assert.match(heatmapChart({ heatmap: [[0, 1], [0, 1]], extent: [-0.5, 1.5], inputs: [], targets: [] }), /class="boundary" d="M48 24L48 72"/);
});
