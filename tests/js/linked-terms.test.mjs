import { test } from "node:test";
import assert from "node:assert/strict";
import { keysOf, term } from "../../web/js/linked-terms.js";

test("a term names its quantities and only the first of a group is a tab stop", () => {
  assert.equal(term("dL/dv", ["local2", "grad2"], true), '<span class="term" data-q="local2 grad2" tabindex="0">dL/dv</span>');
  assert.equal(term("w", ["w0", "w1"]), '<span class="term" data-q="w0 w1" tabindex="-1">w</span>');
});

test("a place's keys: its data-q words, else its number slot's key", () => {
  assert.deepEqual(keysOf({ dataset: { q: " local2  grad2 " } }), ["local2", "grad2"]);
  assert.deepEqual(keysOf({ dataset: { f: "dL_dz" } }), ["dL_dz"]);
  assert.deepEqual(keysOf({ dataset: { q: "z", f: "yhat" } }), ["z"], "a container's own name wins");
  assert.deepEqual(keysOf({ dataset: {} }), []);
});
