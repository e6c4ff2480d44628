// Practice progress in the page's localStorage, only for an element with the `remember` attribute (practice.js asks
// only then). One entry per page (its path), widget (its id, else its tag and place among its kind on the page) and
// build (build-id.js): another build may ask other questions. Storage that is off or full is not an error: the
// progress simply lives as long as the page.

import { BUILD_ID } from "./build-id.js";

const PREFIX = "backprop-lab:practice";

/** The widget's name in keys and statements: its id, else tag-N (its place among the page's elements of that tag). */
export function widgetName(el) {
  if (el.id) return el.id;
  const same = [...document.querySelectorAll(el.localName)];
  return `${el.localName}-${same.indexOf(el) + 1}`;
}

export const storageKey = (el) => `${PREFIX}:${location.pathname}:${widgetName(el)}:${BUILD_ID}`;

export function load(el) {
  try {
    const text = globalThis.localStorage.getItem(storageKey(el));
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // storage off, or an entry that is not JSON: start afresh
  }
}

export function save(el, progress) {
  try {
    globalThis.localStorage.setItem(storageKey(el), JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

export function forget(el) {
  try {
    globalThis.localStorage.removeItem(storageKey(el));
  } catch {
    // nothing was stored
  }
}
