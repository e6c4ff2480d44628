import { test } from "node:test";
import assert from "node:assert/strict";
import { attributeDocs, describe, names, parseValue, readAttributes } from "../../web/js/attributes.js";

const TABLE = [
  { name: "x", type: "number", default: 0.4, doc: "where x starts" },
  { name: "seed", type: "integer", default: 0, min: 0, max: 10, doc: "the start" },
  { name: "model", type: "choice", choices: ["single", "mlp"], default: "mlp", doc: "which model" },
  { name: "practice", type: "boolean", doc: "asks first" },
  { name: "lr", type: "number", default: undefined, defaultDoc: "the engine's", doc: "step size" },
];

test("absent attributes take their defaults; a boolean is off; an engine default is left out", () => {
  const { values, problems } = readAttributes(TABLE, {});
  assert.deepEqual(values, { x: 0.4, seed: 0, model: "mlp", practice: false });
  assert.deepEqual(problems, []);
});

test("good text is parsed by type", () => {
  const { values } = readAttributes(TABLE, { x: " \u22121.5 ", seed: "7", model: "single", practice: "", lr: "2" });
  assert.deepEqual(values, { x: -1.5, seed: 7, model: "single", practice: true, lr: 2 });
  assert.equal(readAttributes(TABLE, { practice: "off" }).values.practice, false);
  assert.equal(readAttributes(TABLE, { practice: "False" }).values.practice, false);
});

test("a bad value falls back to the default, and the message says what, what it takes and what is used", () => {
  const { values, problems } = readAttributes(TABLE, { x: "0x10", seed: "11", model: "cnn" });
  assert.deepEqual(values, { x: 0.4, seed: 0, model: "mlp", practice: false });
  assert.deepEqual(problems, [
    'x="0x10" is not a finite number: it takes a number; using 0.4.',
    'seed="11" is out of range: it takes a whole number from 0 to 10; using 0.',
    'model="cnn" is not one of the choices: it takes one of "single", "mlp"; using mlp.',
  ]);
  assert.match(readAttributes(TABLE, { seed: "2.5" }).problems[0], /is not a whole number/);
  assert.match(readAttributes(TABLE, { lr: "fast" }).problems[0], /using the engine's\.$/);
});

test("text longer than its limit is refused", () => {
  const row = { name: "expr", type: "text", maxLength: 5, default: "x", doc: "" };
  assert.deepEqual(parseValue(row, "a*b+c"), { value: "a*b+c" });
  assert.deepEqual(parseValue(row, "a*b+cd"), { problem: "6 characters long" });
  const unchecked = { ...row, maxLength: null };
  assert.deepEqual(parseValue(unchecked, "x".repeat(100_000)), { value: "x".repeat(100_000) });
  assert.equal(describe(unchecked), "text");
});

test("names and docs come from the same rows", () => {
  assert.deepEqual(names(TABLE), ["x", "seed", "model", "practice", "lr"]);
  assert.equal(describe(TABLE[1]), "a whole number from 0 to 10");
  const docs = attributeDocs(TABLE);
  assert.equal((docs.match(/<tr>/g) || []).length, TABLE.length + 1);
  assert.match(docs, /<code>lr<\/code><\/th><td>a number<\/td><td><code>the engine&#39;s<\/code>/);
});
