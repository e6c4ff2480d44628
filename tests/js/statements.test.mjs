// web/js/statements.js: the learner statements practice mode fires (xAPI-shaped). Expected values written out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VERBS, activityId, answered, completed, extensionKeys, isoDuration } from "../../web/js/statements.js";

const about = { site: "https://host/lab/", page: "https://host/course/unit.html?learner=jo#part2", widget: "bp-chain-rule-1",
  tag: "bp-chain-rule", build: "abc123", config: { x: 0.4 } };
const question = { id: "dL/dx", notation: "dL/dx", words: "the gradient dL/dx at x = 0.4000", expected: -13.1655704 };
const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 600));

test("durations are ISO 8601", () => {
  assert.equal(isoDuration(0), "PT0S");
  assert.equal(isoDuration(4250), "PT4.25S");
  assert.equal(isoDuration(125000), "PT2M5S");
  assert.equal(isoDuration(3603000), "PT1H0M3S");
  assert.equal(isoDuration(-5), "PT0S");
});

test("the activity id names the page without its query or hash, the widget, its configuration and the question", () => {
  assert.equal(activityId({ ...about, question: "dL/dx" }),
    "https://host/course/unit.html#bp-chain-rule-1?x=0.4&question=dL%2Fdx");
  assert.equal(activityId(about), "https://host/course/unit.html#bp-chain-rule-1?x=0.4");
});

test("an answered statement: verb, object, result with the expected value and hint kind, no actor", () => {
  const s = answered({ ...about, question, response: "3", success: false, revealed: false, attempts: 1,
    kind: "local-only", ms: 2500, at });
  const keys = extensionKeys(about.site);
  assert.deepEqual(s.verb, { id: "http://adlnet.gov/expapi/verbs/answered", display: { "en-US": "answered" } });
  assert.equal(s.object.definition.description["en-US"], question.words);
  assert.equal(s.object.definition.name["en-US"], "dL/dx");
  assert.deepEqual(s.result, { success: false, response: "3", duration: "PT2.5S", extensions: {
    "https://host/lab/xapi/expected": -13.1655704, "https://host/lab/xapi/hint-kind": "local-only",
    "https://host/lab/xapi/revealed": false, "https://host/lab/xapi/attempts": 1 } });
  assert.equal(s.context.extensions[keys.build], "abc123");
  assert.equal(s.timestamp, "2025-01-02T03:04:05.600Z");
  assert.equal("actor" in s, false);
  assert.equal(JSON.stringify(s).includes("learner=jo"), false);
});

test("a completed statement carries the score", () => {
  const s = completed({ ...about, title: "The chain rule", raw: 3, max: 4, ms: 61000, at });
  assert.equal(s.verb.id, VERBS.completed);
  assert.deepEqual(s.result, { completion: true, success: false, score: { raw: 3, min: 0, max: 4, scaled: 0.75 },
    duration: "PT1M1S" });
  assert.equal(s.object.id, "https://host/course/unit.html#bp-chain-rule-1?x=0.4");
});
