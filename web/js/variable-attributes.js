// The graph widgets' variables, given as attributes. <bp-graph-stepper> and <bp-playground> take an expression whose
// variables can have any name, so their values cannot be rows of an attribute table: each variable's value is the
// attribute named after it, in lower case, since HTML lowercases attribute names (a="2" gives a; X is given as x="2").
// An element watches these with a MutationObserver (its observedAttributes are only its table's rows).
// Pure: no DOM, so the views use it at build time too.

import { readAttributes } from "./attributes.js";

// Attribute names that can never carry a variable's value: the elements' own (expr, step, engine, permalink, practice, remember) and
// HTML's global attributes, which do something of their own (title shows a tooltip, popover hides the element, an
// on... attribute is an event handler: code). A value for one of these would change the element, not the variable.
const NOT_VARIABLES = new Set([
  "expr", "step", "engine", "permalink", "practice", "remember",
  "accesskey", "autocapitalize", "autocorrect", "autofocus", "class", "contenteditable", "dir", "draggable",
  "enterkeyhint", "exportparts", "hidden", "id", "inert", "inputmode", "is", "itemid", "itemprop", "itemref",
  "itemscope", "itemtype", "lang", "nonce", "part", "popover", "role", "slot", "spellcheck", "style", "tabindex",
  "title", "translate", "virtualkeyboardpolicy", "writingsuggestions",
]);

/** An attribute named like a variable of the expression language, and free to carry one: not one of the names
 * above, and not an event handler (on...). */
export function isVariableAttribute(name) {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !NOT_VARIABLES.has(name) && !name.startsWith("on");
}

/** The attribute that gives variable `name` its value (its name in lower case), or null when no attribute can
 * (`title`, `onset`). */
export function variableAttribute(name) {
  const lower = String(name).toLowerCase();
  return isVariableAttribute(lower) ? lower : null;
}

/** Every variable's text, by attribute name, from all of an element's attributes. The engine reads the numbers (and
 * explains a bad one), so they stay text here. */
export function variableValues(attributes) {
  const values = Object.create(null); // a variable may be called __proto__ or constructor: no inherited keys
  for (const [name, value] of Object.entries(attributes)) {
    if (isVariableAttribute(name)) values[name] = String(value ?? "");
  }
  return values;
}

/** A graph widget's configuration: its table's rows (an `expr` row among them), then the cross-field rule both
 * widgets share (an empty expression is the default one, said so), then the variables. */
export function readExpressionAttributes(table, attributes) {
  const { values, problems } = readAttributes(table, attributes);
  const fallback = table.find((row) => row.name === "expr").default;
  if (values.expr.trim() === "") {
    problems.push(`expr is empty; showing ${fallback}.`);
    values.expr = fallback;
  }
  return { ...values, values: variableValues(attributes), problems };
}
