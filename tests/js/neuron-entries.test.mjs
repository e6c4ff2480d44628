import { test } from "node:test";
import assert from "node:assert/strict";
import { paramText, parseParam } from "../../web/js/neuron-entries.js";

test("a list of numbers, with spaces, semicolons and a real minus sign", () => {
  assert.deepEqual(parseParam("x", " 0.8, \u22120.4; 1.2 "), { value: [0.8, -0.4, 1.2] });
  assert.deepEqual(parseParam("b", " -0.5 "), { value: -0.5 });
});

test("what is wrong is said in the learner's words", () => {
  assert.match(parseParam("w", "0.2, , 0.3").problem, /^w \(weights\): number 2 is missing;/);
  assert.match(parseParam("w", "0.2, abc").problem, /number 2 \("abc"\) is not a number/);
  assert.match(parseParam("x", " , ").problem, /^x \(inputs\) is empty/);
  assert.match(parseParam("lr", "").problem, /^Learning rate is empty: type a number such as 0\.5\./);
  assert.match(parseParam("b", "0x10").problem, /"0x10" is not a number/);
  assert.match(parseParam("y", "1e309").problem, /too large for floating point/);
});

test("written back as plain text", () => {
  assert.equal(paramText([0.8, -0.4]), "0.8, -0.4");
  assert.equal(paramText(0.1), "0.1");
});
