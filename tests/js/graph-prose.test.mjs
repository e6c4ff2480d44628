import { test } from "node:test";
import assert from "node:assert/strict";
import { explainMarkup, summary, tableMarkup, traceNumbers } from "../../web/js/graph-prose.js";
import { fanOut, lesson, withConstant } from "./graph-traces.mjs";

const slot = (key, cls, title, text) => `<span data-f="${key}" class="${cls}" title="${title}">${text}</span>`;
const flat = (text) => text.replace(/\s+/g, " ");

test("the live region's sentence, phase by phase", () => {
  const t = lesson();
  assert.equal(summary(t, 0), "Step 0 of 7: the inputs, a = 2.0000, b = 3.0000, c = \u22121.0000, d = 4.0000");
  assert.equal(summary(t, 1), "Step 1 of 7: forward through ×, a*b = 6.0000");
  assert.equal(summary(t, 4), "Step 4 of 7: seed, dL/dL = 1.0000");
  assert.equal(summary(t, 5), "Step 5 of 7: backward through ×, dL/d(a*b + c) = 4.0000, dL/dd = 5.0000");
  assert.equal(summary(fanOut(), 6), "Step 6 of 7: backward through +, dL/d(a*b) = 4.0000, a has 1 of 2 contributions");
});

test("forward: how the value is computed, each number in its slot", () => {
  assert.ok(explainMarkup(lesson(), 1).includes(`a*b = ${slot("value-0", "v", "2", "2.0000")} × ` +
    `${slot("value-1", "v", "3", "3.0000")} = ${slot("value-4", "v", "6", "6.0000")}`));
});

test("backward: local × upstream = contribution per edge, then the gradients completed", () => {
  const text = flat(explainMarkup(lesson(), 5));
  assert.ok(text.includes(`<span class="loc">local = d = ${slot("local-4", "l", "4", "4.0000")}</span> × ` +
    `<span class="up">upstream ${slot("upstream-4", "g", "1", "1.0000")}</span> = ` +
    `<strong>${slot("contribution-4", "g", "4", "4.0000")}</strong>`));
  assert.ok(text.includes(`Complete: dL/d(a*b + c) = ${slot("grad-5", "g", "4", "4.0000")}; ` +
    `dL/dd = ${slot("grad-3", "g", "5", "5.0000")}.`));
});

test("a fan-out: part way it says how many contributions have arrived; at the end, their sum", () => {
  assert.match(flat(explainMarkup(fanOut(), 6)), /<p class="partial">a has 1 of 2 contributions; its gradient is their sum/);
  assert.ok(explainMarkup(fanOut(), 7).includes(`dL/da = ${slot("contribution-3", "g", "4", "4.0000")} + ` +
    `${slot("contribution-0", "g", "12", "12.0000")} = ${slot("grad-0", "g", "16", "16.0000")}`));
});

test("constants: listed with the inputs, and said to take no gradient", () => {
  const t = withConstant();
  assert.match(flat(explainMarkup(t, 0)), /x = <span[^>]*>3\.0000<\/span>; constants 2\. Nothing is computed yet/);
  assert.match(explainMarkup(t, 3), /2 → L<\/span>: 2 is a constant; no gradient flows to it\./);
});

test("the table: every node, full precision once shown, 'not yet' before", () => {
  const row = (html, name) => html.match(new RegExp(`<tr><th scope="row">${name.replace(/[*+]/g, "\\$&")}</th>(.*?)</tr>`))[1];
  const start = tableMarkup(lesson(), 0);
  assert.equal(row(start, "a"), "<td>input</td><td>2</td><td>not yet</td>");
  assert.equal(row(start, "a*b"), "<td>× (a*b)</td><td>not yet</td><td>not yet</td>");
  assert.equal(row(tableMarkup(lesson(), 7), "a"), "<td>input</td><td>2</td><td>12</td>");
  assert.equal(row(tableMarkup(withConstant(), 3), "2"), "<td>constant</td><td>2</td><td>none (constant)</td>");
  assert.equal(tableMarkup(null, 0), "");
});

test("the numbers behind the slots: the engine's non-finite strings become numbers; a constant's edge has no gradient", () => {
  const t = withConstant();
  t.nodes[2].value = "Infinity";
  const numbers = traceNumbers(t);
  assert.equal(numbers["value-2"], Infinity);
  assert.equal(numbers["local-1"], 3);
  assert.ok(!("contribution-1" in numbers) && !("grad-1" in numbers));
});
