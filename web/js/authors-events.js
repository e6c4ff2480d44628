// The authors' page's live event log: every bp-answer and bp-complete statement a preview dispatches, as it happens,
// one readable line each (event-log.js) with the statement itself under it, the newest MAX_LOG_ENTRIES kept. Also a
// "Practice mode" switch on each preview whose element takes the `practice` attribute, so an author can try it.
// Nothing leaves the page: the log only shows what the course page itself would receive.

import { describe, LOGGED_EVENTS, MAX_LOG_ENTRIES, sentence } from "./event-log.js";
import { wirePracticeSwitch } from "./practice-switch.js";

const log = document.querySelector("[data-event-log]");
const empty = document.querySelector("[data-event-log-empty]");

function add(type, statement) {
  const item = document.createElement("li");
  const line = document.createElement("span");
  line.textContent = sentence(describe(type, statement)); // text, never markup: a response is whatever was typed
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Statement";
  const pre = document.createElement("pre");
  pre.textContent = JSON.stringify(statement, null, 2);
  details.append(summary, pre);
  item.append(line, details);
  log.append(item);
  while (log.children.length > MAX_LOG_ENTRIES) log.firstElementChild.remove();
  empty.hidden = true;
}

if (log) {
  for (const type of LOGGED_EVENTS) {
    document.addEventListener(type, (event) => add(type, event.detail && event.detail.statement));
  }
  document.querySelector("[data-event-log-clear]").addEventListener("click", () => {
    log.replaceChildren();
    empty.hidden = false;
  });
}

// the switch, where the element has a practice mode (its class observes the attribute)
for (const article of document.querySelectorAll("[data-embed-for]")) {
  const tag = article.dataset.embedFor;
  await customElements.whenDefined(tag);
  if (!(customElements.get(tag).observedAttributes || []).includes("practice")) continue;
  const element = article.querySelector(tag);
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  wirePracticeSwitch(box, element);
  label.append(box, " Practice mode (its events appear in the event log)");
  element.after(label);
}
