// embed.html?widget=NAME&ATTR=VALUE...  - one widget alone, for course platforms that only allow iframes.
// NAME is the tag without "bp-", for any widget in registry.js (chain-rule, graph-stepper, ...); every other query
// parameter becomes an attribute of the element, as text (at most 2000 characters), when its name is a plain
// attribute name - a lowercase letter or _, then up to 39 lowercase letters, digits, _ or - (so a variable such as w_1
// passes) - and not one that would be code or styling rather than a widget's setting (on... event handlers, style).
// Any other parameter is ignored, with a console warning naming it.
//
// The page tells its parent how tall it is, so the iframe can fit its content without a scrollbar:
//   window.parent.postMessage({ type: "backprop-lab:height", widget: NAME, height: PIXELS }, "*")
// sent on load and whenever the height changes. A parent listens with:
//   addEventListener("message", (e) => { if (e.data && e.data.type === "backprop-lab:height") iframe.style.height = e.data.height + "px"; });
// Only a height is sent, never content, so any parent origin may receive it.

import { WIDGETS as ROWS, shortName } from "./registry.js";

const WIDGETS = ROWS.map(({ tag }) => shortName(tag));
const ATTRIBUTE_NAME = /^[a-z_][a-z0-9_-]{0,39}$/;
const allowed = (key) => ATTRIBUTE_NAME.test(key) && !key.startsWith("on") && key !== "style";

const params = new URLSearchParams(location.search);
const name = params.get("widget") || "";
const host = document.getElementById("embed");

function refuse(text) {
  const p = document.createElement("p");
  p.className = "embed-error";
  p.setAttribute("role", "alert");
  p.textContent = text; // text, never markup: whatever the URL says is shown as it is
  host.replaceChildren(p);
}

if (!WIDGETS.includes(name)) {
  refuse(`Unknown widget "${name.slice(0, 40)}". Use ?widget= with one of: ${WIDGETS.join(", ")}.`);
} else {
  const element = document.createElement(`bp-${name}`);
  const ignored = [];
  for (const [key, value] of params) {
    if (key === "widget") continue;
    if (allowed(key)) element.setAttribute(key, value.slice(0, 2000));
    else ignored.push(key.slice(0, 20));
  }
  host.replaceChildren(element);
  if (ignored.length) console.warn(`backprop-lab embed: ignored parameters ${ignored.join(", ")}`);
}

let lastHeight = 0;
function reportHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === lastHeight || window.parent === window) return;
  lastHeight = height;
  window.parent.postMessage({ type: "backprop-lab:height", widget: name, height }, "*");
}
new ResizeObserver(reportHeight).observe(document.documentElement);
reportHeight();
