// web/js/exercise-statements.js: the statements an exercise cell fires, on the practice widgets' contract. Expected
// values written out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_RESPONSE_CHARS, answeredStatement, completedStatement, exerciseObject } from "../../web/js/exercise-statements.js";

const object = exerciseObject("https://host/course/unit.html?learner=jo#xor", "xor", "Train a 2-2-1 network on XOR.");
const common = { site: "https://host/lab/", build: "abc123", object, attempts: 2, elapsedMs: 65250,
  timestamp: "2025-01-02T03:04:05.600Z" };

test("the activity names the page without its query or hash, and the exercise", () => {
  assert.equal(object.id, "https://host/course/unit.html#exercise-xor");
  assert.equal(object.definition.description["en-US"], "Train a 2-2-1 network on XOR.");
});

test("a checked run: the verdict's kind and loss under the site's extension IRIs, the code as the response", () => {
  const verdict = { passed: false, kind: "not-yet", loss: 0.125, loss_below: 0.001, message: "…" };
  const s = answeredStatement({ ...common, verdict, code: "params = []" });
  assert.equal(s.verb.id, "http://adlnet.gov/expapi/verbs/answered");
  assert.deepEqual(s.result, { success: false, response: "params = []", duration: "PT1M5.25S", extensions: {
    "https://host/lab/xapi/hint-kind": "not-yet", "https://host/lab/xapi/expected": "loss below 0.001",
    "https://host/lab/xapi/attempts": 2, "https://host/lab/xapi/loss": 0.125 } });
  assert.deepEqual(s.context.extensions, { "https://host/lab/xapi/widget": "bp-python-cell",
    "https://host/lab/xapi/build": "abc123" });
  assert.equal("actor" in s, false);
});

test("a very long program is cut, and says so", () => {
  const code = "x".repeat(MAX_RESPONSE_CHARS + 10);
  const s = answeredStatement({ ...common, verdict: { passed: false, kind: "error", loss: null, loss_below: 0.001 }, code });
  assert.ok(s.result.response.endsWith(`# ... (cut at ${MAX_RESPONSE_CHARS} characters)`));
  assert.equal("https://host/lab/xapi/loss" in s.result.extensions, false);
});

test("completed: full score, the number of checked runs", () => {
  const s = completedStatement(common);
  assert.equal(s.verb.id, "http://adlnet.gov/expapi/verbs/completed");
  assert.deepEqual(s.result.score, { raw: 1, min: 0, max: 1, scaled: 1 });
  assert.equal(s.result.extensions["https://host/lab/xapi/attempts"], 2);
});
