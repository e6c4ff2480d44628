import { test } from "node:test";
import assert from "node:assert/strict";
import { chart, lossText } from "../../web/js/neuron-loss-chart.js";

test("the losses are placed in the plot box: step 0 at the left, the peak at the top, 0 at the bottom", () => {
  // box 320 x 154, left 50, right 14, top 24, bottom 28: plot 256 wide and 102 high, base at y = 126
  const svg = chart({ losses: [0.2, 0.1, 0] });
  assert.match(svg, /points="50\.0,24\.0 178\.0,75\.0 306\.0,126\.0"/);
  assert.match(svg, />0\.2000<\/text>/);
  assert.equal((svg.match(/<circle/g) || []).length, 3);
});

test("a non-finite loss is left out of the line, and no line is drawn for one point", () => {
  const svg = chart({ losses: [0.5, "NaN"] });
  assert.doesNotMatch(svg, /polyline/);
  assert.equal((svg.match(/<circle/g) || []).length, 1);
});

test("the text alternative says first and latest loss", () => {
  assert.equal(lossText(null), "Loss: waiting for the engine…");
  assert.equal(lossText({ steps: 0, losses: [0.25] }), "No steps yet. Loss now: 0.2500. Press “One step”.");
  assert.equal(lossText({ steps: 2, losses: [0.25, 0.2, 0.125] }), "Loss after 2 steps: 0.2500 → 0.1250");
});
