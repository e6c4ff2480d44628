// embed.html?widget=NAME&ATTR=VALUE...  - one widget alone, for course platforms that only allow iframes.
// NAME is the tag without "bp-", for any widget in registry.js (chain-rule, graph-stepper, ...); every other query
// parameter becomes an attribute of the element, as text (at most 2000 characters), when its name is a plain
// attribute name - a lowercase letter or _, then up to 39 lowercase letters, digits, _ or - (so a variable such as w_1
// passes) - and not one that would be code or styling rather than a widget's setting (on... event handlers, style).
// Any other parameter is ignored, with a console warning naming it.
//
// parent-origin=ORIGIN (e.g. https://lms.example) names the page that holds the frame: every message goes to that
// origin only, and messages into the frame are accepted from it alone. Without it, messages go to "*" (they carry no
// personal data) and none is accepted. A value that is not an origin is refused: the frame says so and shows no
// widget, and sends nothing, rather than fall back to "*". The messages, both ways, are in embed-messages.js.
//
// The page tells its parent how tall it is, so the iframe can fit its content without a scrollbar:
//   window.parent.postMessage({ type: "backprop-lab:height", widget: NAME, height: PIXELS }, targetOrigin)
// sent on load and whenever the height changes. A parent listens with:
//   addEventListener("message", (e) => { if (e.data && e.data.type === "backprop-lab:height") iframe.style.height = e.data.height + "px"; });
// In practice mode it relays each learner event's statement: {type: "backprop-lab:statement", version: 1, statement}.

import {
  errorMessage, heightMessage, inbound, PARENT_ORIGIN_PARAMETER, parentOrigin, STATEMENT_EVENTS, stateMessage,
  statementMessage,
} from "./embed-messages.js";
import { WIDGETS as ROWS, shortName } from "./registry.js";

const WIDGETS = ROWS.map(({ tag }) => shortName(tag));
const ATTRIBUTE_NAME = /^[a-z_][a-z0-9_-]{0,39}$/;
const allowed = (key) => ATTRIBUTE_NAME.test(key) && !key.startsWith("on") && key !== "style";

const params = new URLSearchParams(location.search);
const name = params.get("widget") || "";
const host = document.getElementById("embed");
const { target, problem } = parentOrigin(params.get(PARENT_ORIGIN_PARAMETER));

function refuse(text) {
  const p = document.createElement("p");
  p.className = "embed-error";
  p.setAttribute("role", "alert");
  p.textContent = text; // text, never markup: whatever the URL says is shown as it is
  host.replaceChildren(p);
}

let element = null;
if (problem) {
  refuse(problem);
} else if (!WIDGETS.includes(name)) {
  refuse(`Unknown widget "${name.slice(0, 40)}". Use ?widget= with one of: ${WIDGETS.join(", ")}.`);
} else {
  element = document.createElement(`bp-${name}`);
  const ignored = [];
  for (const [key, value] of params) {
    if (key === "widget" || key === PARENT_ORIGIN_PARAMETER) continue;
    if (allowed(key)) element.setAttribute(key, value.slice(0, 2000));
    else ignored.push(key.slice(0, 20));
  }
  host.replaceChildren(element);
  if (ignored.length) console.warn(`backprop-lab embed: ignored parameters ${ignored.join(", ")}`);
}

// Nothing is posted without a parent, or when parent-origin was refused (target null).
const post = (message) => {
  if (target && window.parent !== window) window.parent.postMessage(message, target);
};

let lastHeight = 0;
function reportHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  post(heightMessage(name, height));
}
new ResizeObserver(reportHeight).observe(document.documentElement);
reportHeight();

for (const type of STATEMENT_EVENTS) {
  document.addEventListener(type, (event) => {
    const message = statementMessage(event.detail && event.detail.statement);
    if (message) post(message);
    else console.warn(`backprop-lab embed: a ${type} event without a plain statement was not relayed`);
  });
}

addEventListener("message", (event) => {
  const decision = inbound(target, { origin: event.origin, fromParent: event.source === window.parent, data: event.data });
  if (decision.action === "ignore") return void console.info(`backprop-lab embed: message ignored (${decision.reason})`);
  if (decision.action === "refuse" || !element) return post(errorMessage(decision.reason || "there is no widget here"));
  try {
    if (decision.action === "set-state") element.state = decision.state;
    else post(stateMessage(name, element.state));
  } catch (error) {
    // e.g. a widget without practice mode, whose state cannot be set, or a state it does not recognise
    post(errorMessage(`${decision.action} failed: ${String(error.message || error).slice(0, 200)}`));
  }
});
