import { test } from "node:test";
import assert from "node:assert/strict";
import { EngineQueue, SKIPPED } from "../../web/js/engine-queue.js";

/** A task that finishes when its gate opens, recording when it ran. */
function gated(log, name) {
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  return { task: async () => { log.push(`start ${name}`); await gate; log.push(`end ${name}`); return name; }, open };
}

test("inOrder tasks all run, one at a time, in order", async () => {
  const queue = new EngineQueue();
  const log = [];
  const a = gated(log, "a"), b = gated(log, "b");
  const results = [queue.inOrder(a.task), queue.inOrder(b.task)];
  await Promise.resolve();
  assert.deepEqual(log, ["start a"]);
  a.open(); b.open();
  assert.deepEqual(await Promise.all(results), ["a", "b"]);
  assert.deepEqual(log, ["start a", "end a", "start b", "end b"]);
  assert.equal(queue.busy, false);
});

test("while one runs, a newer latest() replaces the waiting one", async () => {
  const queue = new EngineQueue();
  const log = [];
  const first = gated(log, "1");
  const p1 = queue.latest(first.task);
  const p2 = queue.latest(async () => "2");
  const p3 = queue.latest(async () => "3");
  assert.equal(await p2, SKIPPED);
  first.open();
  assert.deepEqual([await p1, await p3], ["1", "3"]);
});

test("latest() never replaces an inOrder task", async () => {
  const queue = new EngineQueue();
  const log = [];
  const first = gated(log, "1");
  queue.inOrder(first.task);
  const step = queue.inOrder(async () => "step");
  const reset = queue.latest(async () => "reset");
  first.open();
  assert.deepEqual([await step, await reset], ["step", "reset"]);
});

test("an error rejects its own task only; clear() skips what waits", async () => {
  const queue = new EngineQueue();
  const log = [];
  const first = gated(log, "1");
  const failing = queue.inOrder(async () => { throw new Error("refused"); });
  const running = queue.inOrder(first.task);
  const waiting = queue.inOrder(async () => "never");
  await assert.rejects(failing, /refused/);
  queue.clear();
  assert.equal(await waiting, SKIPPED);
  first.open();
  assert.equal(await running, "1");
});
