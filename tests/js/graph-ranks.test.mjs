import { test } from "node:test";
import assert from "node:assert/strict";
import { contributionOrder, countCrossings, structure } from "../../web/js/graph-ranks.js";
import { fanOut, lesson, withConstant } from "./graph-traces.mjs";

const UNIT = { node: () => ({ w: 10, h: 10 }), label: () => ({ w: 10, h: 10 }) };

/** What stands in each rank, in order: node labels, "e3" for edge 3's label, "~3" for a dummy of edge 3. */
function names(trace, s) {
  return s.ranks.map((rank) => rank.map((i) => {
    const it = s.items[i];
    return it.kind === "node" ? trace.nodes[it.id].label : `${it.kind === "label" ? "e" : "~"}${it.edge}`;
  }));
}

test("crossings are counted between neighbouring ranks", () => {
  const items = [{ succ: [3] }, { succ: [2] }, { succ: [] }, { succ: [] }];
  assert.equal(countCrossings([[0, 1], [2, 3]], items, [0, 1, 0, 1]), 1); // 0 -> 3 and 1 -> 2 cross
  assert.equal(countCrossings([[0, 1], [2, 3]], items, [0, 1, 1, 0]), 0);
});

test("contributions out of each node, in the order the backward pass delivers them; constants have none", () => {
  assert.deepEqual([...contributionOrder(fanOut())], [[4, [4]], [2, [5]], [3, [2]], [0, [3, 0]], [1, [1]]]);
  assert.deepEqual([...contributionOrder(withConstant())], [[0, [0]]]);
});

test("the lesson's graph: leaves stand just before their first consumer, labels between node columns", () => {
  const t = lesson();
  const s = structure(t, UNIT);
  // a, b feed a*b (layer 1); c feeds + (layer 2); d feeds L (layer 3): so c and d are pulled right
  assert.deepEqual([...s.layer].sort((x, y) => x[0] - y[0]), [[0, 0], [1, 0], [2, 1], [3, 2], [4, 1], [5, 2], [6, 3]]);
  // expression order top to bottom (a post-order from L), and no crossing
  assert.deepEqual(names(t, s), [["a", "b"], ["e0", "e1"], ["a*b", "c"], ["e2", "e3"], ["a*b + c", "d"], ["e4", "e5"], ["L"]]);
  assert.equal(s.crossings, 0);
});

test("an edge that skips a layer passes it as thin dummies, its label just before its target", () => {
  const t = fanOut();
  const s = structure(t, UNIT);
  const chain = s.chains.get(3).map((i) => s.items[i]); // a (layer 0) -> a*b + a (layer 2)
  assert.deepEqual(chain.map((it) => [it.kind, it.rank]), [["dummy", 1], ["dummy", 2], ["label", 3]]);
  assert.deepEqual(chain.map((it) => [it.w, it.h]), [[0, 0], [0, 0], [10, 10]]);
  // drawn without a crossing: a's wire to + runs above a*b, as a stands above b
  assert.equal(s.crossings, 0);
  assert.deepEqual(names(t, s)[1], ["~3", "e0", "e1"]);
});

test("sizes come from the measure given; an edge out of a constant gets no label", () => {
  const t = withConstant();
  const s = structure(t, { node: (nd) => ({ w: nd.id + 1, h: 5 }), label: () => ({ w: 7, h: 3 }) });
  assert.deepEqual(s.items.filter((it) => it.kind === "node").map((it) => it.w), [1, 2, 3]);
  const chains = [0, 1].map((e) => s.chains.get(e).map((i) => s.items[i].kind));
  assert.deepEqual(chains, [["label"], ["dummy"]]);
});
