// web/js/embed-messages.js: where embed.html's messages go, and which messages it accepts. Expected values by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  heightMessage, inbound, MAX_MESSAGE_CHARS, parentOrigin, stateMessage, statementMessage,
} from "../../web/js/embed-messages.js";

test("without parent-origin every message goes to any parent", () => {
  assert.deepEqual(parentOrigin(null), { target: "*", problem: null });
});

test("an origin is the target, normalised as browsers compare origins", () => {
  assert.equal(parentOrigin("https://lms.example").target, "https://lms.example");
  assert.equal(parentOrigin("https://lms.example/").target, "https://lms.example");
  assert.equal(parentOrigin("HTTPS://LMS.Example:443").target, "https://lms.example");
  assert.equal(parentOrigin("http://127.0.0.1:8080").target, "http://127.0.0.1:8080");
});

test("a value that is not an origin is refused, never widened to *", () => {
  for (const bad of ["", "*", "null", "lms.example", "javascript:alert(1)", "file:///tmp", "https://lms.example/course/3",
    "https://lms.example?x=1", "https://user@lms.example", "https://lms.example#top", "ftp://lms.example", "file:///"]) {
    const { target, problem } = parentOrigin(bad);
    assert.equal(target, null, bad);
    assert.match(problem, /parent-origin parameter/, bad);
    assert.match(problem, /such as https:\/\/lms\.example/, bad);
  }
  assert.match(parentOrigin("https://lms.example/course/3").problem, /the origin would be https:\/\/lms\.example\)/);
});

test("a refusal quotes the value as text, cut short", () => {
  const { problem } = parentOrigin(`<img src=x onerror=alert(1)>${"x".repeat(500)}`);
  assert.ok(problem.includes('"<img src=x onerror=alert(1)>'));
  assert.ok(problem.length < 400);
});

test("a statement is relayed as a copy, with the message's type and version", () => {
  const statement = { verb: { id: "http://adlnet.gov/expapi/verbs/answered" }, result: { success: false } };
  const message = statementMessage(statement);
  assert.deepEqual(message, { type: "backprop-lab:statement", version: 1, statement });
  assert.notEqual(message.statement, statement);
});

test("what is not a plain statement is not relayed", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  for (const bad of [undefined, null, "answered", [1], cyclic, { big: "x".repeat(MAX_MESSAGE_CHARS) }]) {
    assert.equal(statementMessage(bad), null);
  }
});

test("height and state messages", () => {
  assert.deepEqual(heightMessage("chain-rule", 412), { type: "backprop-lab:height", widget: "chain-rule", height: 412 });
  assert.deepEqual(stateMessage("chain-rule", { done: [1] }),
    { type: "backprop-lab:state", version: 1, widget: "chain-rule", state: { done: [1] } });
  assert.equal(stateMessage("chain-rule", undefined).state, null);
});

const LMS = "https://lms.example";
const from = (data, origin = LMS, fromParent = true) => inbound(LMS, { origin, fromParent, data });

test("without parent-origin, or from another origin or window, nothing is accepted", () => {
  const data = { type: "backprop-lab:get-state", version: 1 };
  assert.equal(inbound("*", { origin: LMS, fromParent: true, data }).action, "ignore");
  assert.equal(inbound(null, { origin: LMS, fromParent: true, data }).action, "ignore");
  assert.equal(from(data, "https://evil.example").action, "ignore");
  assert.equal(from(data, "https://lms.example.evil.example").action, "ignore");
  assert.equal(from(data, "null").action, "ignore");
  assert.equal(from(data, LMS, false).action, "ignore");
});

test("the parent may ask for the practice state and restore it", () => {
  assert.deepEqual(from({ type: "backprop-lab:get-state", version: 1 }), { action: "get-state" });
  assert.deepEqual(from({ type: "backprop-lab:set-state", version: 1, state: { answered: 2 } }),
    { action: "set-state", state: { answered: 2 } });
});

test("other messages are ignored, and the parent's own mistakes are answered with the reason", () => {
  assert.equal(from("hello").action, "ignore");
  assert.equal(from({ type: "other:thing" }).action, "ignore");
  assert.match(from({ type: "backprop-lab:get-state", version: 2 }).reason, /version 2 is not supported/);
  assert.match(from({ type: "backprop-lab:set-state", version: 1 }).reason, /set-state needs a state/);
  assert.match(from({ type: "backprop-lab:set-state", version: 1, state: 3 }).reason, /set-state needs a state/);
  assert.match(from({ type: "backprop-lab:reload", version: 1 }).reason, /"backprop-lab:reload" is not a message/);
});
