import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isVariableAttribute, readExpressionAttributes, variableAttribute, variableValues,
} from "../../web/js/variable-attributes.js";

test("a variable is any lowercase identifier free of the element's and HTML's own attributes and handlers", () => {
  for (const name of ["a", "x_1", "_t", "velocity"]) assert.ok(isVariableAttribute(name), name);
  for (const name of ["expr", "step", "engine", "permalink", "title", "id", "popover", "onclick", "onset", "X", "1a", "a-b"]) {
    assert.ok(!isVariableAttribute(name), name);
  }
});

test("a variable's attribute is its name in lower case, or none", () => {
  assert.equal(variableAttribute("X"), "x");
  assert.equal(variableAttribute("Title"), null);
  assert.equal(variableAttribute("onset"), null);
});

test("the variables' texts are read from all attributes, with no inherited keys", () => {
  const attributes = Object.create(null);
  Object.assign(attributes, { expr: "a*b", a: " 2 ", class: "wide", constructor: "4" });
  attributes["__proto__"] = "3"; // as an element's attributes are read: an own key, not the prototype
  const values = variableValues(attributes);
  assert.deepEqual(Object.keys(values).sort(), ["__proto__", "a", "constructor"]);
  assert.equal(values.a, " 2 ");
  assert.equal(Object.getPrototypeOf(values), null);
});

const TABLE = [
  { name: "expr", type: "text", default: "a*b", maxLength: 100, doc: "" },
  { name: "step", type: "integer", min: 0, default: 0, doc: "" },
];

test("a configuration: the table's rows, then the variables", () => {
  assert.deepEqual(readExpressionAttributes(TABLE, { expr: "x + y", x: "1", step: "2" }),
    { expr: "x + y", step: 2, values: Object.assign(Object.create(null), { x: "1" }), problems: [] });
});

test("an empty expression is the default one, and the message says so", () => {
  const cfg = readExpressionAttributes(TABLE, { expr: "  " });
  assert.equal(cfg.expr, "a*b");
  assert.deepEqual(cfg.problems, ["expr is empty; showing a*b."]);
});
