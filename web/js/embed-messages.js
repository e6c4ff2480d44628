// What embed.html says to its parent and what it accepts from it: pure decisions, no DOM (embed.js does the posting).
//
// Out (to window.parent, with targetOrigin = the `parent-origin` query parameter, or "*" without one):
//   {type: "backprop-lab:height", widget, height}              the frame's height, whenever it changes
//   {type: "backprop-lab:statement", version: 1, statement}    each bp-answer / bp-complete statement of the widget
//   {type: "backprop-lab:state", version: 1, widget, state}    the answer to a get-state message
//   {type: "backprop-lab:error", version: 1, message}          an inbound message the frame could not honour
// In (only from the `parent-origin` given, and only from window.parent; without parent-origin, none is accepted):
//   {type: "backprop-lab:get-state", version: 1}               asks for the widget's practice state
//   {type: "backprop-lab:set-state", version: 1, state}        restores it (a state an earlier get-state gave)
// A course keeps the state itself because a frame on another site often has no storage of its own (browsers
// partition or block third-party storage), so `remember` cannot resume there; the course can.
// Statements carry no actor and no personal data (the course adds its learner), which is why "*" is an acceptable
// default target; a course that wants them for itself alone names its origin with parent-origin.

export const MESSAGE_VERSION = 1;
export const PREFIX = "backprop-lab:";
export const PARENT_ORIGIN_PARAMETER = "parent-origin";
// what the frame relays: the events a widget in practice mode dispatches (bubbling, composed)
export const STATEMENT_EVENTS = ["bp-answer", "bp-complete"];
// an inbound message or a statement larger than this (as JSON text) is refused rather than handled
export const MAX_MESSAGE_CHARS = 100_000;

const shown = (text) => JSON.stringify(String(text).slice(0, 80));

/** The `parent-origin` query value -> {target, problem}. target is where every message goes ("*" without the
 * parameter, else the origin), null when the value is not an origin; then `problem` says why, in words for the frame. */
export function parentOrigin(value) {
  if (value === null || value === undefined) return { target: "*", problem: null };
  const refuse = (why) => ({
    target: null,
    problem: `The ${PARENT_ORIGIN_PARAMETER} parameter ${shown(value)} ${why}. Give the origin of the page that ` +
      "holds this frame, such as https://lms.example (scheme, host and port only). Until then this frame shows " +
      "no widget and sends no messages.",
  });
  let url;
  try {
    url = new URL(value);
  } catch {
    return refuse("is not an origin");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return refuse("is not an http or https origin");
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash || value.endsWith("?") ||
      value.endsWith("#")) {
    return refuse(`is a page address, not an origin (the origin would be ${url.origin})`);
  }
  return { target: url.origin, problem: null };
}

const plain = (value) => {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && text.length <= MAX_MESSAGE_CHARS ? JSON.parse(text) : null;
  } catch {
    return null; // cyclic, or a BigInt: not a statement
  }
};

/** The message relaying one statement, or null when it is not a plain JSON object (or too large to relay). A copy:
 * nothing the widget holds goes out by reference. */
export function statementMessage(statement) {
  const copy = statement && typeof statement === "object" && !Array.isArray(statement) ? plain(statement) : null;
  return copy ? { type: `${PREFIX}statement`, version: MESSAGE_VERSION, statement: copy } : null;
}

export const heightMessage = (widget, height) => ({ type: `${PREFIX}height`, widget, height });
export const stateMessage = (widget, state) => ({
  type: `${PREFIX}state`, version: MESSAGE_VERSION, widget, state: plain(state === undefined ? null : state),
});
export const errorMessage = (message) => ({ type: `${PREFIX}error`, version: MESSAGE_VERSION, message });

/** What to do with one inbound message event: {action: "get-state"}, {action: "set-state", state},
 * {action: "refuse", reason} (the parent sent a backprop-lab message the frame cannot honour: answer with an error
 * message) or {action: "ignore", reason} (for the console only: nothing is ever answered to another sender).
 * `target` is parentOrigin's; `fromParent` whether event.source is window.parent. */
export function inbound(target, { origin, fromParent, data }) {
  if (!target || target === "*") return { action: "ignore", reason: "no parent-origin was given, so none is accepted" };
  if (origin !== target) return { action: "ignore", reason: `from ${shown(origin)}, not ${target}` };
  if (!fromParent) return { action: "ignore", reason: "not from the parent window" };
  if (!data || typeof data !== "object" || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) {
    return { action: "ignore", reason: "not a backprop-lab message" };
  }
  if (data.version !== MESSAGE_VERSION) {
    return { action: "refuse", reason: `${shown(data.type)} version ${String(data.version).slice(0, 20)} is not supported; use version 1` };
  }
  if (data.type === `${PREFIX}get-state`) return { action: "get-state" };
  if (data.type === `${PREFIX}set-state`) {
    const state = plain(data.state);
    if (state === null || typeof state !== "object") {
      return { action: "refuse", reason: "set-state needs a state: the object an earlier get-state answered" };
    }
    return { action: "set-state", state };
  }
  return { action: "refuse", reason: `${shown(data.type)} is not a message this frame accepts` };
}
