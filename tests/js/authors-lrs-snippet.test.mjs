// The authors' page's example that forwards statements to an LRS (web/authors.html, data-snippet="lrs"): run as
// written, with a recording fetch, it posts each statement, with the actor added, to the endpoint's /statements.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const page = readFileSync(new URL("../../web/authors.html", import.meta.url), "utf8");
const code = page.match(/<code data-snippet="lrs">([\s\S]*?)<\/code>/)[1]
  .replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&");

function run() {
  const posted = [];
  const listeners = { document: {}, window: {} };
  const on = (where) => (type, fn) => { (listeners[where][type] ||= []).push(fn); };
  const context = vm.createContext({
    TOKEN_FROM_YOUR_PLATFORM: "t0k3n",
    LEARNER_ID: "learner-42",
    console,
    fetch: async (url, init) => { posted.push({ url, init }); return { ok: true, status: 200 }; },
    document: { addEventListener: on("document") },
    addEventListener: on("window"),
  });
  vm.runInContext(code, context);
  return { posted, listeners };
}

const STATEMENT = { verb: { id: "http://adlnet.gov/expapi/verbs/answered" }, result: { success: true } };

test("a bubbling event's statement is posted to the LRS with the xAPI header, the author's auth and actor", async () => {
  const { posted, listeners } = run();
  listeners.document["bp-answer"][0]({ detail: { statement: STATEMENT } });
  await Promise.resolve();
  assert.equal(posted.length, 1);
  const { url, init } = posted[0];
  assert.equal(url, "https://lrs.example/xapi/statements");
  assert.equal(init.method, "POST");
  assert.equal(init.headers["X-Experience-API-Version"], "1.0.3");
  assert.equal(init.headers.Authorization, "Bearer t0k3n");
  assert.deepEqual(JSON.parse(init.body), {
    ...STATEMENT, actor: { objectType: "Agent", account: { homePage: "https://lms.example", name: "learner-42" } },
  });
  assert.ok(listeners.document["bp-complete"]);
});

test("a relayed statement is posted only from the widgets' origin", () => {
  const { posted, listeners } = run();
  const message = listeners.window.message[0];
  message({ origin: "https://evil.example", data: { type: "backprop-lab:statement", version: 1, statement: STATEMENT } });
  message({ origin: "https://YOUR-HOST", data: { type: "backprop-lab:height", height: 3 } });
  assert.equal(posted.length, 0);
  message({ origin: "https://YOUR-HOST", data: { type: "backprop-lab:statement", version: 1, statement: STATEMENT } });
  assert.equal(posted.length, 1);
});
