// <bp-playground>: type any expression and watch its gradients flow. Its graph (drawn as in <bp-graph-stepper>,
// every step taken), a slider per variable, live values and gradients, and beside each gradient a finite-difference
// estimate of it, so the chain rule can be checked against the definition of a derivative.
//
// Attributes (live): see ATTRIBUTES in playground-view.js: expr ("sin(x*y) + x**2"); permalink (boolean: the element
//   reads and writes the page's URL hash only when it is present). And each variable's value as an attribute named after it in
//   lower case (x="0.5"; X="0.5" is the same attribute, as HTML ignores case): variables can have any name, so they
//   are not rows of the table, and a MutationObserver watches them (variable-attributes.js). A variable named like an
//   attribute HTML or the element already uses (title, expr, onset, ...) gets no attribute: it stays at 1, its slider
//   is disabled, and a message says to rename it.
// Permalink (only with the permalink attribute: the host page's address is the author's, not the widget's): the state
//   lives in the hash of the page, e.g. #expr=sin(x*y)&x=0.5&y=1.5, so a learner can share exactly what they see. It
//   is read as the element starts, and written only once the learner has changed something, when what is shown has
//   settled (300 ms) and on leaving the page; a hash that is not the playground's own (#xor, a course's #/week-3) is
//   never replaced. Whatever the hash holds is checked by the engine like typed input.
// Properties: expr, permalink (the parsed value; setting one sets the attribute), state (the engine's answer: trace
//   plus checks, full precision)
// Events: bp-change (bubbles, composed) after each change the learner makes; detail {state}. Not for code changes.
// Parts: root, controls, input, slider, variables, graph, node, edge, checks, message, notice
// Attribute set by the element: engine = static | live | error
// A refused expression is explained where the learner is typing, with a caret under the column the engine named;
// the last good graph stays.

import { BpWidget, defineWidget } from "./widget-base.js";
import * as view from "./playground-view.js";
import { isVariableAttribute, variableAttribute } from "./variable-attributes.js";
import { setHidden } from "./slots.js";

const variableNames = (state) => state.checks.map((c) => c.name).join(",");
// The hash follows what is shown once it has settled this long: writing it (history.replaceState) cost 5-11 ms a
// time, about a third of each answer's work while a slider was dragged.
const PERMALINK_DELAY_MS = 300;

/** Whether the page's hash is the playground's own to replace: empty, or one of its permalinks (it names expr). */
function ownHash(hash) {
  return hash === "" || hash === "#" || new URLSearchParams(hash.slice(1)).has("expr");
}

/** The hash that reproduces a frame: its expression and the text of each of its variables that has an attribute. */
function permalinkHash(args, state) {
  const params = new URLSearchParams({ expr: args.expr });
  for (const check of state.checks) {
    const name = variableAttribute(check.name);
    if (name && Object.hasOwn(args.values, name)) params.set(name, args.values[name]);
  }
  return `#${params.toString()}`;
}

export class BpPlayground extends BpWidget {
  static view = view;
  static fn = "playground";

  connectedCallback() {
    const first = !this.root;
    if (first && this.config.permalink) this.readHash();
    super.connectedCallback();
    // a prerendered frame was drawn for the page's attributes; the hash may have asked for another expression
    if (first) this.root.querySelector("[data-expr]").value = this.config.expr;
    else if (this.shownHash) this.permalinkSoon(); // moved: a write it had pending was dropped as it left
    window.addEventListener("pagehide", this.flushPermalink);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    // off the page, this element no longer speaks for the address
    clearTimeout(this.permalinkTimer);
    this.permalinkTimer = null;
    window.removeEventListener("pagehide", this.flushPermalink);
  }

  args() {
    const cfg = this.config;
    return { expr: cfg.expr, values: cfg.values };
  }

  summary(state) {
    return view.summary(state);
  }

  /** Hash -> attributes, once, before the first frame. */
  readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (!params.has("expr")) return;
    this.setAttribute("expr", params.get("expr").slice(0, 2000));
    for (const [name, value] of params) {
      // only names that can carry a variable: never one of the element's own attributes, HTML's, or a handler (on...)
      const attribute = variableAttribute(name);
      if (attribute) this.setAttribute(attribute, value.slice(0, 40));
    }
  }

  permalinkSoon() {
    clearTimeout(this.permalinkTimer);
    this.permalinkTimer = setTimeout(this.flushPermalink, PERMALINK_DELAY_MS);
  }

  /** The pending write, now: when it is due, and on leaving the page (so the history entry keeps the state shown,
   * even one that changed in the last moment). */
  flushPermalink = () => {
    if (!this.permalinkTimer) return;
    clearTimeout(this.permalinkTimer);
    this.permalinkTimer = null;
    this.writeHash();
  };

  writeHash() {
    if (!this.config.permalink || !this.shownHash || !ownHash(location.hash)) return;
    history.replaceState(null, "", this.shownHash);
  }

  bind() {
    // the sliders shown (prerendered, or just rendered) are this state's: a later paint keeps them, and their focus
    this.variableNames = this.current ? variableNames(this.current) : null;
    const entry = this.root.querySelector("[data-expr]");
    const submit = () => {
      if (entry.value === this.config.expr) return;
      this.changedByLearner = true;
      this.reflect("expr", entry.value);
      this.request(this.args(), true);
    };
    entry.addEventListener("change", submit);
    entry.addEventListener("keydown", (event) => {
      if (event.key === "Enter") submit();
    });
    this.bindSliders();
    // a variable's attribute set from code: recompute, and move its slider there (the learner's own moves are
    // dropped from the records where they are made, so they are not computed twice)
    this.observer = new MutationObserver((records) => {
      if (records.some((r) => isVariableAttribute(r.attributeName))) this.changedByCode();
    });
    this.observer.observe(this, { attributes: true });
  }

  changedByCode() {
    const cfg = this.config;
    for (const box of this.root.querySelectorAll("[data-variable]")) {
      const attribute = variableAttribute(box.dataset.variable);
      const text = attribute && Object.hasOwn(cfg.values, attribute) ? cfg.values[attribute].trim() : "";
      if (text === "" || !Number.isFinite(Number(text))) continue; // the engine explains a bad value
      for (const input of box.querySelectorAll("input")) input.value = text;
    }
    this.request(this.args(), false);
  }

  bindSliders() {
    for (const box of this.root.querySelectorAll("[data-variable]")) {
      const attribute = variableAttribute(box.dataset.variable);
      if (!attribute) continue; // no attribute can hold it: its inputs are disabled (view.slidersMarkup)
      const range = box.querySelector("[data-range]");
      const number = box.querySelector("[data-number]");
      const set = (text, other) => {
        if (text === "" || !Number.isFinite(Number(text))) return;
        other.value = text;
        this.changedByLearner = true;
        this.reflect(attribute, text);
        this.observer.takeRecords(); // the learner's move, not code's
        this.request(this.args(), true);
      };
      range.addEventListener("input", () => set(range.value, number));
      number.addEventListener("input", () => set(number.value, range));
    }
  }

  /** New numbers: the graph and the checks are redrawn (they are small); the sliders are redrawn only when the
   * expression's variables changed, so a slider being dragged keeps its focus. */
  paint(state) {
    setHidden(this.root.querySelector("[data-pointer]"), true);
    if (this.alreadyShown(state)) return;
    const cfg = this.config;
    const names = variableNames(state);
    if (names !== this.variableNames) {
      this.variableNames = names;
      this.root.querySelector("[data-variables]").innerHTML = view.slidersMarkup(state, cfg);
      this.bindSliders();
    }
    this.root.querySelector("[data-graph]").innerHTML = view.graphMarkup(state);
    this.root.querySelector("[data-checks]").innerHTML = view.checksMarkup(state);
  }

  showProblems(problems) {
    super.showProblems([...(problems || []), ...view.variableProblems(this.current)]);
  }

  afterPaint(state, user, args) {
    // the address of this frame, taken now: by the time the write is due, the attributes may already ask for the
    // next one, whose numbers are not on screen yet. Nothing is written until the learner has changed something.
    if (this.config.permalink && this.changedByLearner) {
      this.shownHash = permalinkHash(args, state);
      this.permalinkSoon();
    }
    super.afterPaint(state, user, args);
  }

  refused(error) {
    this.message(error.message);
    const pointer = this.root.querySelector("[data-pointer]");
    const text = view.pointerText(this.config.expr, error.column);
    pointer.textContent = text;
    setHidden(pointer, !text);
  }

  onAttributeChanged(name) {
    if (name === "permalink") {
      this.showProblems(this.config.problems); // read where it is used: as the hash is read, and written
      return;
    }
    this.root.querySelector("[data-expr]").value = this.config.expr;
    this.request(this.args(), false);
  }
}

defineWidget("bp-playground", BpPlayground);
