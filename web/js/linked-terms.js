// Linked highlighting (lesson page, sections 1 and 3): one quantity is shown in several places of a widget - a term of
// its formula, a box of its graph, a row of its table - and pointing at or focusing any one of them marks them all.
//
// A view names what a place shows: data-q="KEY KEY ..." on a container (a box, a row, a term), or a number slot's own
// data-f="KEY" (slots.js). The place the learner is at is the nearest data-q container around the pointer or the
// focus, else the nearest slot; every element under the widget's root sharing one of its keys gets the class
// "linked" (the widget's CSS draws it with an outline, so it never rests on colour alone).
//
// Keyboard: the terms of a formula sit in a [data-terms] group with one tab stop; the arrow keys, Home and End move
// between them (a roving tabindex), and focusing a term marks its quantity as pointing at it does. Listeners sit on
// the shadow root, so a view may re-render its markup at any time.

export const LINKED = "linked";

/** The keys a place shows: its data-q words, or its slot key. */
export function keysOf(el) {
  if (el.dataset.q) return el.dataset.q.split(/\s+/).filter(Boolean);
  return el.dataset.f ? [el.dataset.f] : [];
}

/** The place an event happened at: the nearest data-q container, else the nearest number slot, else null. */
export function placeOf(target) {
  if (!target || typeof target.closest !== "function") return null;
  return target.closest("[data-q]") ?? target.closest("[data-f]");
}

const quoted = (key) => `"${String(key).replace(/["\\]/g, "\\$&")}"`;

/** Every element under `root` that shows one of `keys`. */
export function placesOf(root, keys) {
  if (!keys.length) return [];
  return [...root.querySelectorAll(keys.map((k) => `[data-q~=${quoted(k)}], [data-f=${quoted(k)}]`).join(", "))];
}

/** Wire linked highlighting into a widget's shadow root (once: later calls on the same root do nothing). */
export function linkTerms(root) {
  if (root.linkedTerms) return;
  root.linkedTerms = true;
  let shown = null;
  const clear = () => {
    for (const el of root.querySelectorAll(`.${LINKED}`)) el.classList.remove(LINKED);
    shown = null;
  };
  const mark = (target) => {
    const place = placeOf(target);
    if (place === shown) return;
    clear();
    if (!place) return;
    shown = place;
    for (const el of placesOf(root, keysOf(place))) el.classList.add(LINKED);
  };
  root.addEventListener("pointerover", (event) => mark(event.target));
  root.addEventListener("pointerout", (event) => {
    if (!event.relatedTarget || !root.contains(event.relatedTarget)) clear();
  });
  root.addEventListener("focusin", (event) => mark(event.target));
  root.addEventListener("focusout", (event) => {
    if (!event.relatedTarget || !root.contains(event.relatedTarget)) clear();
  });
  root.addEventListener("keydown", (event) => move(event));
}

const STEPS = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Arrow keys, Home and End inside a [data-terms] group move the focus (and the one tab stop) between its terms. */
function move(event) {
  const term = event.target.closest && event.target.closest("[data-terms] [data-q][tabindex]");
  if (!term) return;
  const terms = [...term.closest("[data-terms]").querySelectorAll("[data-q][tabindex]")];
  const at = terms.indexOf(term);
  let to;
  if (event.key in STEPS) to = (at + STEPS[event.key] + terms.length) % terms.length;
  else if (event.key === "Home") to = 0;
  else if (event.key === "End") to = terms.length - 1;
  else return;
  event.preventDefault();
  for (const [i, el] of terms.entries()) el.tabIndex = i === to ? 0 : -1;
  terms[to].focus();
}

/** A term of a formula, for a view's markup: `text` (markup) naming the quantities `keys`; the first term of a group
 * is its tab stop. */
export function term(text, keys, first = false) {
  return `<span class="term" data-q="${keys.join(" ")}" tabindex="${first ? 0 : -1}">${text}</span>`;
}
