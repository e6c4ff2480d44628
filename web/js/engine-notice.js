// The engine's status in a widget's notice (its [data-notice] element): the start's progress, and after a failed
// start the reason with a Retry button that starts Python again without reloading the page. The widget keeps its
// numbers throughout. Focus: Retry moves it to the notice (which then shows the new start's progress), and when
// Python goes live with focus still there, to the widget's first control, so the keyboard is never left nowhere.

import { setHidden } from "./slots.js";

// A prerendered widget already shows correct numbers, so it shows the start's progress only when the start is slow
// (a notice appearing in a fast start only pushes the page down and back); a widget without numbers shows it at once.
export const PROGRESS_AFTER_MS = 2000;

/** Write `text` into the notice `el` (empty text hides it); `kind`: info | error. An error offers Retry when the
 * widget's engine `client` can start again. */
export function writeNotice(el, text, kind, client = null) {
  if (!el) return;
  el.textContent = text || "";
  el.dataset.kind = kind;
  setHidden(el, !text);
  if (kind === "error" && text && client?.canRetry) {
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry";
    retry.textContent = "Retry";
    retry.addEventListener("click", () => {
      el.tabIndex = -1;
      el.focus();
      client.retry();
    });
    el.append(" ", retry);
  }
}

/** Going live: hide the notice; focus left in it moves to the widget's first control. */
export function clearNotice(el, root) {
  if (!el) return;
  const focused = root.activeElement && el.contains(root.activeElement);
  writeNotice(el, "", "info");
  el.removeAttribute("tabindex");
  if (focused) {
    const control = root.querySelector("input, button, select, textarea, [tabindex]:not([tabindex='-1'])");
    if (control) control.focus();
  }
}

/** Whether a widget should show a starting-progress change: no numbers yet, its notice already showing (after
 * Retry), or a slow start (`startedAt`: when its engine `client` began starting). */
export function showsProgress(el, hasNumbers, client) {
  const slow = performance.now() - (client.startedAt ?? 0) > PROGRESS_AFTER_MS;
  return Boolean(el) && (!hasNumbers || !el.hidden || slow);
}
