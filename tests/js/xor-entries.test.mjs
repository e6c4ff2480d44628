import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLr, parseSeed } from "../../web/js/xor-entries.js";

const LIMITS = { seed: [0, 1000], lr: [0, 10] };

test("a seed is checked against the ranges the engine sent", () => {
  assert.deepEqual(parseSeed(" 7 ", LIMITS), { value: 7 });
  assert.equal(parseSeed("1000", LIMITS).value, 1000);
  assert.equal(parseSeed("1001", LIMITS).problem, 'seed must be a whole number from 0 to 1000, not "1001".');
  assert.equal(parseSeed("2.5", LIMITS).problem, 'seed must be a whole number from 0 to 1000, not "2.5".');
  assert.match(parseSeed("", LIMITS).problem, /not ""\.$/);
});

test("before the engine's first answer only the kind of number is checked", () => {
  assert.deepEqual(parseSeed("5000", undefined), { value: 5000 });
  assert.equal(parseSeed("-1.5", undefined).problem, 'seed must be a whole number, not "-1.5".');
  assert.deepEqual(parseLr("500", undefined), { value: 500 });
  assert.equal(parseLr("abc", undefined).problem, 'learning rate must be a number, such as 2.0, not "abc".');
});

test("a learning rate: above the first limit, at most the second", () => {
  assert.deepEqual(parseLr("10", LIMITS), { value: 10 });
  assert.equal(parseLr("0", LIMITS).problem,
    'learning rate must be a number greater than 0 and at most 10, such as 2.0, not "0".');
  assert.match(parseLr("10.5", LIMITS).problem, /at most 10,/);
});
