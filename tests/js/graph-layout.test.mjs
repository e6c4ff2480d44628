import { test } from "node:test";
import assert from "node:assert/strict";
import { layout, measureLabel, measureNode, project, textWidth } from "../../web/js/graph-layout.js";
import { fanOut, lesson, withConstant } from "./graph-traces.mjs";

const close = (a, b, tolerance = 1e-9) => assert.ok(Math.abs(a - b) <= tolerance, `${a} != ${b}`);
const centre = (b) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
const overlap = (p, q) => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;

test("text widths: 0.62 em a character, 0.9 em for one outside ASCII", () => {
  close(textWidth("ab"), 2 * 0.62 * 13);
  close(textWidth("×", 14), 0.9 * 14);
});

test("box sizes, by hand", () => {
  const t = lesson();
  // a: the widest row is "dL/da" + 14 + "12.0000": 12 characters of 8.06 = 96.72 + 14, + 2 * 10 padding -> 131;
  // head 22 + two rows of 19 + 2 * 6 padding = 72
  assert.deepEqual(measureNode(t.nodes[0]), { w: 131, h: 72 });
  // a fan-out adds its sum row, "= 12.0000 + 4.0000": 18 characters -> 145.08 + 20 -> 166, and one more row
  assert.deepEqual(measureNode(fanOut().nodes[0], ["12.0000", "4.0000"]), { w: 166, h: 91 });
  // a constant is a pill as wide as its text: 8.06 + 20 -> 29
  assert.deepEqual(measureNode(withConstant().nodes[1]), { w: 29, h: 26 });
  // d -> L's label: its widest line is "× 1.0000" (11.7 + 7 * 8.06 = 68.12) + 2 * 8 -> 85; 4 lines of 16 + 2 * 5
  assert.deepEqual(measureLabel(t.edges[5]), { w: 85, h: 74 });
});

test("project: the nearest positions in order, a gap apart", () => {
  assert.deepEqual(project([0, 100], [0, 10]), [0, 100]); // already apart: unchanged
  assert.deepEqual(project([5, 0], [0, 10]), [-2.5, 7.5]); // out of order: both move, equally
  assert.deepEqual(project([0, 0, 0], [0, 10, 10]), [-10, 0, 10]);
});

function checkBoxes(L) {
  const boxes = [...L.nodes.values(), ...L.labels.values()];
  boxes.forEach((p, i) => {
    assert.ok(p.x >= 0 && p.y >= 0 && p.x + p.w <= L.width && p.y + p.h <= L.height, "inside the drawing");
    boxes.slice(i + 1).forEach((q) => assert.ok(!overlap(p, q), "no two boxes overlap"));
  });
}

test("wide: columns left to right by layer, expression order top to bottom, labels between, nothing overlaps", () => {
  const t = lesson();
  const L = layout(t, false);
  const c = (id) => centre(L.nodes.get(id));
  const [a, b, c_, d, ab, sum, out] = [0, 1, 2, 3, 4, 5, 6].map(c);
  close(a.x, b.x); close(ab.x, c_.x); close(sum.x, d.x);
  assert.ok(a.x < ab.x && ab.x < sum.x && sum.x < out.x);
  assert.ok(a.y < b.y && ab.y < c_.y && sum.y < d.y);
  assert.deepEqual([...L.labels.keys()].sort(), [0, 1, 2, 3, 4, 5]);
  const label = centre(L.labels.get(5)); // d -> L
  assert.ok(d.x < label.x && label.x < out.x);
  checkBoxes(L);
  assert.equal(L.crossings, 0);
});

test("tall: the same graph top to bottom", () => {
  const L = layout(lesson(), true);
  const c = (id) => centre(L.nodes.get(id));
  assert.ok(c(0).y < c(4).y && c(4).y < c(5).y && c(5).y < c(6).y);
  close(c(0).y, c(1).y);
  assert.ok(c(0).x < c(1).x && c(5).x < c(3).x);
  checkBoxes(L);
  assert.ok(L.tall);
});

test("wires run from a source's far side to the target's near side, with an arrowhead there", () => {
  const t = lesson();
  const L = layout(t, false);
  for (const e of t.edges) {
    const from = L.nodes.get(e.source);
    const to = L.nodes.get(e.target);
    const w = L.wires.get(e.id);
    const [x0] = w.d.slice(1).split(" ").map(Number);
    close(x0, from.x + from.w, 0.11);
    const [hx] = w.head.slice(1).split(" ").map(Number);
    close(hx, to.x, 0.11);
    assert.match(w.d, /^M[\d. ]+ L[\d. ]+ C/);
  }
});

test("a constant's edge has no label; a fan-out's box has room for its sum", () => {
  assert.deepEqual([...layout(withConstant()).labels.keys()], [0]);
  const L = layout(fanOut());
  assert.equal(L.nodes.get(0).h, 91);
  checkBoxes(L);
});

test("the same trace gives the same layout object: stepping never moves anything", () => {
  const t = lesson();
  assert.equal(layout(t, false), layout(t, false));
  assert.notEqual(layout(t, false), layout(t, true));
});
