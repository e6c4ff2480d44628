// Number slots: where a widget shows a number from the engine. A view writes a slot into its markup (slot, pure, used
// at build time too); the element later paints new numbers into the same slots (paint, in the page). Both sides are
// here so the two can never disagree on what a slot looks like.
//
// A slot is an element with data-f="KEY". A number shows rounded (4 decimals) with its full value as a title, or
// every digit where data-precision="full" (table views); a string shows as it is; a missing value as "…".

import { esc, fmt, full } from "./format.js";

/** The text a slot shows for `value` at `precision` ("display" or "full"). */
export function slotText(value, precision = "display") {
  if (value === undefined || value === null) return "…";
  if (typeof value === "string") return value;
  return precision === "full" ? full(value) : fmt(value);
}

/** A slot's markup: `<span data-f="KEY">text</span>`, with a class and a full-precision title where they apply. */
export function slot(key, values, { precision = "display", cls = "", fallback = "…" } = {}) {
  const value = values ? values[key] : undefined;
  // a full-precision slot says so even while it waits for its first number, so that number is painted in full
  const opening = `<span data-f="${esc(key)}"${cls ? ` class="${esc(cls)}"` : ""}` +
    (precision === "full" ? ' data-precision="full"' : "");
  if (value === undefined || value === null) return `${opening}>${esc(fallback)}</span>`;
  if (typeof value === "string" || precision === "full") return `${opening}>${esc(slotText(value, precision))}</span>`;
  return `${opening} title="${esc(full(value))}">${esc(fmt(value))}</span>`;
}

/** Put new numbers into the slots under `root`: text and title only, and only where they change (rewriting the same
 * text still costs the browser style work on every slider step), so focus and a drag are never disturbed. */
export function paint(root, values) {
  for (const el of root.querySelectorAll("[data-f]")) {
    const value = values[el.dataset.f];
    if (value === undefined) continue;
    const text = slotText(value, el.dataset.precision === "full" ? "full" : "display");
    if (el.textContent !== text) el.textContent = text;
    if (typeof value !== "string" && value !== null) {
      const exact = full(value);
      if (el.title !== exact) el.title = exact;
    }
  }
}

/** Show or hide `el`, touching the attribute only when that changes something. */
export function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}
