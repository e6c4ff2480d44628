// web/js/format.js: how every number and typed text reaches the screen. Expected values written out by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import { esc, fmt, full, num, readDecimal, stylesheetLinks } from "../../web/js/format.js";

const MINUS = "\u2212";

test("fmt rounds to 4 decimals by default, or to the digits asked for", () => {
  assert.equal(fmt(1.23456), "1.2346");
  assert.equal(fmt(0.5), "0.5000");
  assert.equal(fmt(2, 2), "2.00");
  assert.equal(fmt(123456789), "123456789.0000");
});

test("fmt writes a negative number with a real minus sign, and zero without one", () => {
  assert.equal(fmt(-1.23456), `${MINUS}1.2346`);
  assert.equal(fmt(-2.5), `${MINUS}2.5000`);
  assert.equal(fmt(-0), "0.0000");
  assert.equal(fmt(0), "0.0000");
});

test("fmt switches to exponent notation for what 4 decimals cannot show", () => {
  assert.equal(fmt(1e9), "1.000e+9");
  assert.equal(fmt(0.00001), "1.000e-5");
  assert.equal(fmt(-0.00002), `${MINUS}2.000e-5`);
});

test("fmt spells out the engine's non-finite strings", () => {
  assert.equal(fmt("Infinity"), "inf");
  assert.equal(fmt("-Infinity"), `${MINUS}inf`);
  assert.equal(fmt("NaN"), "NaN");
  assert.equal(fmt("nonsense"), "NaN");
});

test("num and full read and print the engine's numbers at full precision", () => {
  assert.equal(num("-Infinity"), -Infinity);
  assert.equal(num(0.25), 0.25);
  assert.equal(full(0.1), "0.1");
  assert.equal(full(-1.5), "-1.5");
  assert.equal(full("Infinity"), "inf");
  assert.equal(full("-Infinity"), "-inf");
});

test("readDecimal takes decimal notation only", () => {
  assert.equal(readDecimal(" 2.5 "), 2.5);
  assert.equal(readDecimal(`${MINUS}3`), -3);
  assert.equal(readDecimal(".5"), 0.5);
  assert.equal(readDecimal("5."), 5);
  assert.equal(readDecimal("1e-3"), 0.001);
  assert.equal(readDecimal("1e400"), Infinity);
  for (const text of ["0x10", "", "Infinity", "1,5", "2 3", null, undefined]) {
    assert.ok(Number.isNaN(readDecimal(text)), `readDecimal(${JSON.stringify(text)}) is NaN`);
  }
});

test("esc makes typed text safe inside markup and attributes", () => {
  assert.equal(esc(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  assert.equal(esc(42), "42");
});

test("stylesheetLinks links the shared sheet, then the view's own", () => {
  assert.equal(
    stylesheetLinks("../css/", { STYLES: ["graph.css"] }),
    '<link rel="stylesheet" href="../css/widgets.css"><link rel="stylesheet" href="../css/graph.css">',
  );
  assert.equal(stylesheetLinks("css/", {}), '<link rel="stylesheet" href="css/widgets.css">');
});
