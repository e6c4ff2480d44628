// What every bp-* element shares: its lifecycle (a prerendered shadow root or one rendered here), the engine's status
// (the engine attribute: static -> live | error, and the notice), and its messages (a refusal where the learner is
// looking, a polite live region). Numbers are painted by slots.js; engine calls go through engine-queue.js; the
// attributes come from the view's table (attributes.js). Each widget file adds its own controls.

import { engine as pageEngine } from "./runtime.js";
import { stylesheetLinks } from "./format.js";
import { names } from "./attributes.js";
import { EngineQueue, SKIPPED } from "./engine-queue.js";
import { paint, setHidden } from "./slots.js";
import { restorePractice, syncPractice, withPractice } from "./practice.js";
import { clearNotice, showsProgress, writeNotice } from "./engine-notice.js";

const ANNOUNCE_DELAY_MS = 600;
const STILL_STARTING = "Python is still starting; the numbers will follow as soon as it is ready.";

// Which widgets are on screen, as the custom state :state(onscreen) that their CSS can select on. An endless animation
// (the graph's backward flow) runs only there: off screen it would still repaint every frame, and while the page
// starts that is CPU taken from the worker starting Python (on two cores, time to live went from 2.4 s to 2.1 s).
// It also says which widgets catch up at once when Python goes live (see catchUpWhenSeen).
const onScreen = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      target.seen = isIntersecting;
      if (isIntersecting && target.catchUp) target.catchUp();
      const states = target.internals && target.internals.states;
      if (!states) continue;
      if (isIntersecting) states.add("onscreen");
      else states.delete("onscreen");
    }
  })
  : null;
// Going live, every widget asks the engine for its frame again (its attributes may have changed since the frame was
// built). One on screen asks at once; one off screen asks when it comes on screen, or once the engine has had nothing
// to answer for CATCH_UP_IDLE_MS. So a learner who drags the first slider the moment Python is live is not queued
// behind the calls of widgets nobody can see (benchmarks/slider.py: the first input waited 80-130 ms behind eight).
const CATCH_UP_IDLE_MS = 300;

export class BpWidget extends HTMLElement {
  /** Subclasses set: static view = {ATTRIBUTES, config(attributes), render(state, config), fields(state),
   * summary(state), STYLES}; static fn = the engine function that computes the state. */

  static get observedAttributes() {
    return names(this.view.ATTRIBUTES);
  }

  connectedCallback() {
    if (onScreen) onScreen.observe(this);
    if (this.root) return; // moved in the DOM: keep going as we were
    this.root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    // element internals carry :state(onscreen); a browser without them (Safari < 16.4) runs the widget all the same
    this.internals = typeof this.attachInternals === "function" ? this.attachInternals() : null;
    this.queue = new EngineQueue();
    this.current = null;
    const prerendered = this.root.querySelector("[data-bp-root]");
    if (prerendered) {
      this.current = JSON.parse(prerendered.dataset.state || "null");
    } else {
      this.renderAll(null);
    }
    this.setAttribute("engine", "static");
    this.bind();
    syncPractice(this); // practice mode (practice.js), when the practice attribute asks for it
    if (prerendered) this.shownState = JSON.stringify([this.current, this.config]); // as bind() left it
    const client = this.engine();
    this.unsubscribe = client.subscribe((change) => this.engineChanged(change));
    client.ready.then(() => this.engineChanged({ state: "live" }), () => this.engineChanged({ state: "error" }));
  }

  /** The engine started, failed (a notice with Retry) or shows progress (engine-notice.js says when). */
  engineChanged(change) {
    const el = this.root.querySelector("[data-notice]");
    if (change.state === "live") {
      if (this.isLive()) return; // a restarted interpreter, or both the promise and the listener said so
      this.setAttribute("engine", "live");
      clearNotice(el, this.root);
      this.catchUpWhenSeen();
    } else if (change.state === "error") {
      this.setAttribute("engine", "error");
      writeNotice(el, this.engine().failure, "error", this.engine());
    } else if (change.text && showsProgress(el, Boolean(this.current), this.engine())) {
      if (this.getAttribute("engine") === "error") this.setAttribute("engine", "static"); // retried
      writeNotice(el, change.text, "info");
    }
  }

  /** Recompute now if this widget is on screen (or nothing can tell), else when it is first seen or the engine is
   * idle, whichever comes first. */
  catchUpWhenSeen() {
    if (this.seen || !onScreen) {
      this.recompute(false);
      return;
    }
    let idleSince = null;
    const poll = () => {
      if (this.engine().busy) idleSince = null;
      else if (idleSince === null) idleSince = performance.now();
      if (idleSince !== null && performance.now() - idleSince >= CATCH_UP_IDLE_MS) this.catchUp();
      else this.catchUpTimer = setTimeout(poll, CATCH_UP_IDLE_MS / 3);
    };
    this.catchUp = () => {
      this.catchUp = null;
      clearTimeout(this.catchUpTimer);
      if (this.isConnected) this.recompute(false);
    };
    poll();
  }

  disconnectedCallback() {
    // off the page, so not on screen; a moved widget is observed again as it reconnects
    if (onScreen) onScreen.unobserve(this);
    if (this.internals && this.internals.states) this.internals.states.delete("onscreen");
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.root || oldValue === newValue || this.reflecting) return;
    if (name === "practice" || name === "remember") {
      syncPractice(this);
      return;
    }
    this.onAttributeChanged(name);
  }

  /** Set an attribute to follow what the learner did, without treating it as a change made by code. */
  reflect(name, value) {
    this.reflecting = true;
    try {
      if (value === null) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    } finally {
      this.reflecting = false;
    }
  }

  /** Attributes -> the view's configuration (validated, with problems listed for the learner/author). */
  get config() {
    const attributes = Object.create(null); // an attribute may be called __proto__: no inherited keys
    for (const { name, value } of this.attributes) attributes[name] = value;
    return this.constructor.view.config(attributes);
  }

  /** The engine's current result for this widget: JSON-able, full-precision numbers; in practice mode with the
   * progress as `practice`, which setting state = {practice} restores. */
  get state() {
    return withPractice(this, this.current);
  }

  set state(value) {
    restorePractice(this, value);
  }

  /** The engine this element asks: the page's one (runtime.js), unless whoever created the element gave it a
   * `transport` before connecting it: an object shaped like the page's client (call, ready, subscribe, failure), and
   * optionally styles(view), the markup of the shadow root's stylesheets, and emitted(type, detail), told of every
   * event the element fires. The notebook front end does that, to ask the kernel (web/js/kernel-engine.js). */
  engine() {
    return this.transport || pageEngine();
  }

  isLive() {
    return this.getAttribute("engine") === "live";
  }

  renderAll(state) {
    const config = this.config;
    this.shownState = JSON.stringify([state, config]);
    const view = this.constructor.view;
    // css/ beside js/; found here, not when the module loads, so a module loaded from a blob: URL (notebook) loads
    const styles = this.transport && this.transport.styles ? this.transport.styles(view)
      : stylesheetLinks(new URL("../css/", import.meta.url).href, view);
    this.root.innerHTML = styles + view.render(state, config);
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
    paint(this.root, this.constructor.view.fields(state));
    const nonfinite = this.root.querySelector("[data-nonfinite]");
    if (nonfinite) setHidden(nonfinite, !(state && state.nonfinite));
  }

  /** Ask the engine for the state of `args`, latest only: while a call is in flight only the newest request waits.
   * `user` marks a change the learner made (it fires the widget's event). Before the engine is live nothing is
   * asked: going live recomputes from whatever the attributes then say. */
  request(args, user) {
    if (!this.isLive()) {
      // the learner acted on a first frame: say why the numbers wait (a failed engine has its notice already)
      if (user && this.getAttribute("engine") === "static") this.message(STILL_STARTING);
      return;
    }
    this.queue.latest(() => this.engine().call(this.constructor.fn, args)).then(
      (state) => {
        if (state !== SKIPPED) this.show(state, user, args);
      },
      (error) => this.refused(error),
    );
  }

  /** A new state from the engine: paint it, clear an earlier refusal (keeping what is still wrong), report it. */
  show(state, user, args) {
    this.current = state;
    this.paint(state);
    this.showProblems(this.config.problems);
    if (this.practiceRun) this.practiceRun.stateChanged();
    this.afterPaint(state, user, args);
  }

  /** Recompute from the current attributes/controls. */
  recompute(user) {
    this.request(this.args(), user);
  }

  /** `args` are the request's, so a subclass can record what produced the frame now shown. */
  afterPaint(state, user, args) { // eslint-disable-line no-unused-vars
    this.announce(this.summary(state));
    if (user) this.emit(this.constructor.changeEvent || "bp-change", { state });
  }

  /** A namespaced event that bubbles out of the shadow root. */
  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
    if (this.transport && this.transport.emitted) this.transport.emitted(type, detail);
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
    writeNotice(this.root.querySelector("[data-notice]"), text, kind);
  }

  announce(text) {
    // while practice hides numbers, the live region must not read them out
    if (this.practiceRun && this.practiceRun.hiding) text = "Some numbers are hidden until you answer the practice question.";
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
  summary(state) {
    return this.constructor.view.summary ? this.constructor.view.summary(state) : "";
  }
  onAttributeChanged() {
    this.renderAll(this.current);
    this.bind();
    this.recompute(false);
  }
}

/** Define a widget element: a property for every attribute in its view's table, named in camelCase (reading the
 * parsed value, writing the attribute; setting one from code never fires a learner's event), then the tag. Safe to
 * call twice. */
export function defineWidget(tag, cls) {
  for (const row of cls.view.ATTRIBUTES) {
    const property = row.name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase()); // no-zero-grad: noZeroGrad
    if (Object.getOwnPropertyDescriptor(cls.prototype, property)) continue; // the element defines its own
    Object.defineProperty(cls.prototype, property, {
      configurable: true,
      get() {
        return this.config[row.name];
      },
      set(value) {
        if (row.type === "boolean") this.toggleAttribute(row.name, Boolean(value));
        else this.setAttribute(row.name, Array.isArray(value) ? value.join(", ") : String(value));
      },
    });
  }
  if (!customElements.get(tag)) customElements.define(tag, cls);
}
