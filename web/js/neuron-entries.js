// What a learner or an author types for the neuron's starting point: x and w are lists of numbers separated by
// commas, b, y and lr single numbers. Read here for a message at once, in the learner's words, while typing; whether the
// engine takes the numbers (one weight per input, not too many inputs) is the engine's to say.

import { readDecimal } from "./format.js";

// What each parameter is called in messages, and an example of what to type.
export const LABELS = { x: "x (inputs)", w: "w (weights)", b: "b (bias)", y: "y (target)", lr: "Learning rate" };
const EXAMPLES = { x: "0.8, -0.4, 1.2", w: "0.2, -0.1, 0.3", b: "0.1", y: "1", lr: "0.5" };
export const LISTS = ["x", "w"];

function parseOne(text) {
  if (String(text).trim() === "") return { problem: "empty" };
  const value = readDecimal(text); // decimal notation only (no hex, no "Infinity"); a real minus sign counts
  if (Number.isNaN(value)) return { problem: "nan" };
  return Number.isFinite(value) ? { value } : { problem: "range" };
}

/** Read what the learner or author typed for one parameter: {value} (a number, or an array for x and w) or
 * {problem} (a sentence saying what is wrong and what to type instead). */
export function parseParam(name, text) {
  const example = `such as ${EXAMPLES[name]}`;
  const raw = String(text ?? "");
  if (!LISTS.includes(name)) {
    const one = parseOne(raw);
    if (one.problem === "empty") return { problem: `${LABELS[name]} is empty: type a number ${example}.` };
    if (one.problem === "nan") return { problem: `${LABELS[name]}: "${raw.trim().slice(0, 24)}" is not a number; type one ${example}.` };
    if (one.problem === "range") return { problem: `${LABELS[name]}: "${raw.trim().slice(0, 24)}" is too large for floating point.` };
    return one;
  }
  const items = raw.split(/[,;]/);
  if (items.every((item) => item.trim() === "")) {
    return { problem: `${LABELS[name]} is empty: type numbers separated by commas, ${example}.` };
  }
  const values = [];
  for (const [i, item] of items.entries()) {
    const one = parseOne(item);
    if (one.problem) {
      const what = one.problem === "empty" ? "is missing" : one.problem === "range" ? "is too large" :
        `("${item.trim().slice(0, 16)}") is not a number`;
      return { problem: `${LABELS[name]}: number ${i + 1} ${what}; type numbers separated by commas, ${example}.` };
    }
    values.push(one.value);
  }
  return { value: values };
}

/** How a parameter is written in its input box: plain ASCII, so it can be edited and pasted back. */
export function paramText(value) {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

