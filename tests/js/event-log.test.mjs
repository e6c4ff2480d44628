// web/js/event-log.js: the authors' page's log of learner events. Statements written out by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describe, sentence } from "../../web/js/event-log.js";

const ANSWER = {
  verb: { id: "http://adlnet.gov/expapi/verbs/answered", display: { "en-US": "answered" } },
  object: { id: "https://site.example/#x", definition: { description: { "en-US": "dL/da at a = 2" } } },
  result: { success: false, response: "3*4" },
  timestamp: "2025-01-02T03:04:05.000Z",
};

test("an answer reads as verb, question, response and whether it was right, in words", () => {
  const line = describe("bp-answer", ANSWER);
  assert.equal(line.verb, "answered");
  assert.equal(line.activity, "dL/da at a = 2");
  assert.equal(line.response, "3*4");
  assert.equal(line.outcome, "not correct");
  assert.equal(describe("bp-answer", { ...ANSWER, result: { success: true, response: "12" } }).outcome, "correct");
  assert.ok(line.time.length > 0);
  assert.ok(sentence(line).endsWith("answered · “dL/da at a = 2” · response 3*4 · not correct"));
});

test("a completion shows its score", () => {
  const done = { verb: { display: { "en-US": "completed" } }, object: { id: "urn:x" }, result: { score: { raw: 3, max: 4 } } };
  const line = describe("bp-complete", done);
  assert.equal(line.outcome, "score 3 of 4");
  assert.equal(line.activity, "urn:x");
  assert.equal(sentence(line), "completed · “urn:x” · score 3 of 4");
});

test("a long or odd statement stays one short line, and nothing is thrown", () => {
  const long = describe("bp-answer", { ...ANSWER, result: { response: "1+".repeat(50_000) } });
  assert.ok(long.response.length <= 80 && long.response.endsWith("…"));
  for (const odd of [null, undefined, "text", 3, {}, { verb: {}, timestamp: "not a time" }]) {
    const line = describe("bp-complete", odd);
    assert.equal(line.verb, "complete");
    assert.equal(line.time, "");
  }
});
