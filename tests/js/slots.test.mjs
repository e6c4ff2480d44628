import { test } from "node:test";
import assert from "node:assert/strict";
import { slot, slotText } from "../../web/js/slots.js";

test("a number shows rounded to 4 decimals with every digit in its title", () => {
  assert.equal(slot("g", { g: -0.68571428 }), '<span data-f="g" title="-0.68571428">\u22120.6857</span>');
});

test("full precision, text, a class and a missing value", () => {
  assert.equal(slot("g", { g: 0.1 + 0.2 }, { precision: "full" }),
    '<span data-f="g" data-precision="full">0.30000000000000004</span>');
  assert.equal(slot("f", { f: "3 · 2u" }), '<span data-f="f">3 · 2u</span>');
  assert.equal(slot("v", { v: 1 }, { cls: "v" }), '<span data-f="v" class="v" title="1">1.0000</span>');
  assert.equal(slot("v", {}), '<span data-f="v">…</span>');
  assert.equal(slot("v", null, { fallback: "?" }), '<span data-f="v">?</span>');
  // waiting for its first number, a full-precision slot is marked already, so paint() fills it in full
  assert.equal(slot("t", {}, { precision: "full" }), '<span data-f="t" data-precision="full">…</span>');
});

test("the engine's non-finite strings are shown spelled out", () => {
  assert.equal(slotText("NaN"), "NaN");
  assert.equal(slotText(Infinity), "inf");
  assert.equal(slotText(undefined), "…");
});
