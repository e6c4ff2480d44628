// kernel-engine.js's transport, with a stand-in for anywidget's model (on/off/send, as anywidget documents them):
// a call is one message to the kernel and settles with its answer; a refusal is the engine's own words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KernelEngine, traitName } from "../../web/js/kernel-engine.js";

function model() {
  const handlers = new Set();
  return {
    sent: [],
    on(name, handler) { if (name === "msg:custom") handlers.add(handler); },
    off(name, handler) { handlers.delete(handler); },
    send(message) { this.sent.push(message); },
    kernelSays(message) { for (const handler of handlers) handler(message); },
    handlers,
  };
}

test("a call is sent to the kernel and resolves with the result it answers", async () => {
  const m = model();
  const engine = new KernelEngine(m, {});
  const pending = engine.call("chain_rule", { x: 0.7 });
  assert.equal(m.sent.length, 1);
  const { type, id, fn, args } = m.sent[0];
  assert.deepEqual({ type, fn, args }, { type: "call", fn: "chain_rule", args: { x: 0.7 } });
  m.kernelSays({ type: "answer", id: "someone else's", value: "{}" }); // another view's answer: not this one
  m.kernelSays({ type: "answer", id, value: JSON.stringify({ ok: true, result: { x: 0.7 } }) });
  assert.deepEqual(await pending, { x: 0.7 });
});

test("a refusal rejects with the engine's words and kind", async () => {
  const m = model();
  const engine = new KernelEngine(m, {});
  const pending = engine.call("playground", { expr: "x +" });
  const error = { type: "ExpressionError", message: "the expression ends too early", column: 3 };
  m.kernelSays({ type: "answer", id: m.sent[0].id, value: JSON.stringify({ ok: false, error }) });
  await assert.rejects(pending, { name: "ExpressionError", message: "the expression ends too early" });
});

test("stylesheets are inline, the shared one first; events go to the kernel; close lets go", async () => {
  const m = model();
  const engine = new KernelEngine(m, { "widgets.css": "a{}", "xor-lab.css": "b{}" });
  assert.equal(engine.styles({ STYLES: ["xor-lab.css"] }), "<style>a{}</style><style>b{}</style>");
  engine.emitted("bp-change", { state: { x: 1 } });
  assert.deepEqual(m.sent.at(-1), { type: "event", name: "bp-change", detail: { state: { x: 1 } } });
  const pending = engine.call("chain_rule", {});
  engine.close();
  assert.equal(m.handlers.size, 0);
  await assert.rejects(pending, { name: "EngineUnavailable" });
  assert.equal(traitName("no-zero-grad"), "no_zero_grad");
});
