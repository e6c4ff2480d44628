// What every bp-* element shares: the shadow root (prerendered or rendered here), the engine attribute
// (static -> live | error), the notice, coalesced engine calls, painting numbers into [data-f] slots, and the polite
// live region. Each widget file adds its own controls and view.

import { engine } from "./runtime.js";
import { fmt, full, stylesheetLinks } from "./format.js";

const CSS_BASE = new URL("../css/", import.meta.url).href;
const ANNOUNCE_DELAY_MS = 600;

// Which widgets are on screen, as the custom state :state(onscreen) that their CSS can select on. An endless animation
// (the graph's backward flow) runs only there: off screen it would still repaint every frame, and while the page
// starts that is CPU taken from the worker starting Python (on two cores, time to live went from 2.4 s to 2.1 s).
const onScreen = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      const states = target.internals && target.internals.states;
      if (!states) continue;
      if (isIntersecting) states.add("onscreen");
      else states.delete("onscreen");
    }
  })
  : null;

/** Show or hide `el`, touching the attribute only when that changes something. */
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export class BpWidget extends HTMLElement {
  /** Subclasses: static view = {render(state, config), fields(state), config(attributes)}; fn = engine function. */

  connectedCallback() {
    if (onScreen) onScreen.observe(this);
    if (this.root) return; // moved in the DOM: keep going as we were
    this.root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    // element internals carry :state(onscreen); a browser without them (Safari < 16.4) runs the widget all the same
    this.internals = typeof this.attachInternals === "function" ? this.attachInternals() : null;
    this.inFlight = false;
    this.queued = null;
    this.current = null;
    const prerendered = this.root.querySelector("[data-bp-root]");
    if (prerendered) {
      this.current = JSON.parse(prerendered.dataset.state || "null");
    } else {
      this.renderAll(null);
    }
    this.setAttribute("engine", "static");
    this.bind();
    if (prerendered) this.shownState = JSON.stringify([this.current, this.config]); // as bind() left it
    const client = engine();
    this.unsubscribe = client.subscribe((change) => {
      if (change.state === "starting") this.notice(change.text, "info");
    });
    client.ready.then(
      () => {
        this.setAttribute("engine", "live");
        this.notice("");
        this.recompute(false);
      },
      () => {
        this.setAttribute("engine", "error");
        this.notice(client.failure, "error");
      },
    );
  }

  disconnectedCallback() {
    // off the page, so not on screen; a moved widget is observed again as it reconnects
    if (onScreen) onScreen.unobserve(this);
    if (this.internals && this.internals.states) this.internals.states.delete("onscreen");
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.root || oldValue === newValue) return;
    this.onAttributeChanged(name);
  }

  /** Attributes -> the view's configuration (validated, with problems listed for the learner/author). */
  get config() {
    const attributes = Object.create(null); // an attribute may be called __proto__: no inherited keys
    for (const { name, value } of this.attributes) attributes[name] = value;
    return this.constructor.view.config(attributes);
  }

  /** The engine's current result for this widget: JSON-able, full-precision numbers. */
  get state() {
    return this.current;
  }

  renderAll(state) {
    const config = this.config;
    this.shownState = JSON.stringify([state, config]);
    this.root.innerHTML = stylesheetLinks(CSS_BASE, this.constructor.view) + this.constructor.view.render(state, config);
    this.showProblems(config.problems);
  }

  /** Whether `state`, under the current attributes, is exactly what the markup already shows (and, if not, note that
   * it is about to be). The engine's first answer usually is: going live recomputes the prerendered frame, and
   * building the same markup again would cost the page a long task while it is still starting. */
  alreadyShown(state) {
    const text = JSON.stringify([state, this.config]);
    if (text === this.shownState) return true;
    this.shownState = text;
    return false;
  }

  /** Put new numbers into the existing markup: text only, so focus and the slider's drag are never disturbed. */
  paint(state) {
    const values = this.constructor.view.fields(state);
    for (const el of this.root.querySelectorAll("[data-f]")) {
      const value = values[el.dataset.f];
      if (value === undefined) continue;
      // slots marked data-precision="full" (table views) show every digit; the rest round to 4 decimals
      const text = typeof value === "string" ? value : el.dataset.precision === "full" ? full(value) : fmt(value);
      // only what changed: rewriting the same text or attribute still costs the browser style work on every step
      if (el.textContent !== text) el.textContent = text;
      if (typeof value !== "string") {
        const exact = full(value);
        if (el.title !== exact) el.title = exact;
      }
    }
    const nonfinite = this.root.querySelector("[data-nonfinite]");
    if (nonfinite) setHidden(nonfinite, !(state && state.nonfinite));
  }

  /** Ask the engine for the state of `args`; while a call is in flight only the newest request waits, so a fast
   * drag never builds a queue. `user` marks a change the learner made (it fires the widget's event). */
  async request(args, user) {
    this.queued = { args, user };
    if (this.inFlight || this.getAttribute("engine") !== "live") return;
    this.inFlight = true;
    while (this.queued) {
      const { args: next, user: byUser } = this.queued;
      this.queued = null;
      try {
        const state = await engine().call(this.constructor.fn, next);
        this.current = state;
        this.paint(state);
        this.showProblems(this.config.problems); // clears an earlier refusal, keeps what is still wrong
        this.afterPaint(state, byUser, next);
      } catch (error) {
        this.refused(error);
      }
    }
    this.inFlight = false;
  }

  /** Recompute from the current attributes/controls. */
  recompute(user) {
    this.request(this.args(), user);
  }

  /** `args` are the request's, so a subclass can record what produced the frame now shown. */
  afterPaint(state, user, args) {
    this.announce(this.summary(state));
    if (user) this.dispatchEvent(new CustomEvent(this.constructor.changeEvent || "bp-change", {
      bubbles: true, composed: true, detail: { state },
    }));
  }

  showProblems(problems) {
    this.message(problems && problems.length ? problems.join(" ") : "");
  }

  /** A message where the learner is looking: next to the controls. Empty text hides it. */
  message(text) {
    const el = this.root.querySelector("[data-message]");
    if (!el) return;
    el.textContent = text; // even the same words again: an alert is read out for each refusal
    setHidden(el, !text);
  }

  /** The engine's status, at the foot of the widget. */
  notice(text, kind = "info") {
    const el = this.root.querySelector("[data-notice]");
    if (!el) return;
    el.textContent = text || "";
    el.dataset.kind = kind;
    setHidden(el, !text);
  }

  announce(text) {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      const el = this.root.querySelector("[data-live]");
      if (el && text) el.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  }

  // --- hooks for subclasses ---
  /** The engine refused a request (a bad expression, a number out of range): say why; the last good frame stays. */
  refused(error) {
    this.message(error.message);
  }
  bind() {}
  args() {
    return {};
  }
  summary() {
    return "";
  }
  onAttributeChanged() {
    this.renderAll(this.current);
    this.bind();
    this.recompute(false);
  }
}
