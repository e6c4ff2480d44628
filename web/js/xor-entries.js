// What a learner types into the XOR lab's seed and learning-rate boxes, checked at once against the ranges the
// engine sent with its last answer (state.limits: {seed: [low, high], lr: [above, at most]}); before any answer only
// the kind of number is checked, and the engine says the rest.

import { readDecimal } from "./format.js";

const quoted = (text) => `"${String(text).trim().slice(0, 24)}"`;

/** A seed as typed: {value} or {problem} (a sentence for the learner). */
export function parseSeed(text, limits) {
  const value = readDecimal(text);
  const [low, high] = (limits && limits.seed) || [];
  const range = low === undefined ? "" : ` from ${low} to ${high}`;
  if (!Number.isInteger(value) || (low !== undefined && (value < low || value > high))) {
    return { problem: `seed must be a whole number${range}, not ${quoted(text)}.` };
  }
  return { value };
}

/** A learning rate as typed: {value} or {problem}. */
export function parseLr(text, limits) {
  const value = readDecimal(text);
  const range = limits && limits.lr;
  if (!(range ? value > range[0] && value <= range[1] : Number.isFinite(value))) {
    const within = range ? ` greater than ${range[0]} and at most ${range[1]}` : "";
    return { problem: `learning rate must be a number${within}, such as 2.0, not ${quoted(text)}.` };
  }
  return { value };
}
